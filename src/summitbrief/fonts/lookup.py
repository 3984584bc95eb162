"""Find the font file fontconfig gives a family and language, and the characters it covers.

fontconfig is called through ctypes, not through WeasyPrint's bindings, so
commands that only need to know which files a build depends on (a no-op
rebuild, ``doctor``) do not pay for importing WeasyPrint.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from summitbrief.errors import ConfigError

_MATCH_PATTERN = 0  # FcMatchPattern
_RESULT_MATCH = 0  # FcResultMatch


@dataclass(frozen=True)
class FontFile:
    """One face a language is set in: the family asked for and the file fontconfig gives."""

    family: str
    style: str
    found: str | None
    path: Path | None

    @property
    def installed(self) -> bool:
        return self.found == self.family and self.path is not None


@cache
def _fontconfig() -> ctypes.CDLL:
    name = ctypes.util.find_library("fontconfig")
    if name is None:
        raise ConfigError("fontconfig is not installed (apt-get install libfontconfig1)")
    library = ctypes.CDLL(name)
    library.FcInitLoadConfigAndFonts.restype = ctypes.c_void_p
    library.FcPatternCreate.restype = ctypes.c_void_p
    library.FcPatternAddString.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]
    library.FcConfigSubstitute.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
    library.FcDefaultSubstitute.argtypes = [ctypes.c_void_p]
    library.FcFontMatch.restype = ctypes.c_void_p
    library.FcFontMatch.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)]
    library.FcPatternGetString.argtypes = [
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_char_p),
    ]
    library.FcPatternDestroy.argtypes = [ctypes.c_void_p]
    library.FcConfigDestroy.argtypes = [ctypes.c_void_p]
    return library


@cache
def _config() -> int | None:
    # A c_void_p result is the pointer as an int, None when fontconfig fails
    # (then NULL: the functions below use fontconfig's current configuration).
    config: int | None = _fontconfig().FcInitLoadConfigAndFonts()
    return config


@cache
def match_font(family: str, lang: str, style: str = "Regular") -> FontFile:
    """The face fontconfig picks for a family, language and style."""
    fc = _fontconfig()
    pattern = fc.FcPatternCreate()
    try:
        for key, value in (("family", family), ("lang", lang), ("style", style)):
            fc.FcPatternAddString(pattern, key.encode(), value.encode())
        fc.FcConfigSubstitute(_config(), pattern, _MATCH_PATTERN)
        fc.FcDefaultSubstitute(pattern)
        result = ctypes.c_int()
        match = fc.FcFontMatch(_config(), pattern, ctypes.byref(result))
        if not match:
            return FontFile(family, style, None, None)
        values: dict[str, str] = {}
        for key in ("family", "file"):
            string = ctypes.c_char_p()
            if fc.FcPatternGetString(match, key.encode(), 0, ctypes.byref(string)) == _RESULT_MATCH:
                values[key] = (string.value or b"").decode()
        fc.FcPatternDestroy(match)
        file = values.get("file")
        return FontFile(family, style, values.get("family"), Path(file) if file else None)
    finally:
        fc.FcPatternDestroy(pattern)


def language_fonts(families: tuple[str, ...], lang: str) -> list[FontFile]:
    """The regular and bold faces of a language's families."""
    return [match_font(family, lang, style) for family in families for style in ("Regular", "Bold")]


@cache
def coverage(family: str, lang: str) -> frozenset[int]:
    """The code points the installed ``family`` has glyphs for (empty when it is missing)."""
    import uharfbuzz as hb

    face = match_font(family, lang)
    if not face.installed or face.path is None:
        return frozenset()
    # A collection holds the regional cuts of one design: take the one named.
    # HarfBuzz reads a CJK cmap in milliseconds, fontTools in ~0.1 s (issue 7).
    index = face_index(face.path, family) or 0
    return frozenset(hb.Face(hb.Blob.from_file_path(str(face.path)), index).unicodes)


@cache
def face_index(path: Path, family: str, style: str | None = None) -> int | None:
    """The index of ``family`` (in ``style``, when given) in a font file or collection."""
    import uharfbuzz as hb

    names = hb.OTNameIdPredefined
    blob = hb.Blob.from_file_path(str(path))
    for index in range(hb.Face(blob, 0).count):
        face = hb.Face(blob, index)
        found = face.get_name(names.TYPOGRAPHIC_FAMILY) or face.get_name(names.FONT_FAMILY)
        subfamily = face.get_name(names.TYPOGRAPHIC_SUBFAMILY) or face.get_name(
            names.FONT_SUBFAMILY
        )
        if found == family and style in (None, subfamily):
            return index
    return None
