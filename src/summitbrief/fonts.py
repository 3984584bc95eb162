"""Find the font file fontconfig gives a family and language, and the characters it covers."""

from __future__ import annotations

import warnings
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont


def match_font(family: str, lang: str, style: str = "Regular") -> tuple[str | None, Path | None]:
    """The family and file fontconfig picks for a family, language and style."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from weasyprint.text.ffi import ffi, fontconfig

    config = fontconfig.FcInitLoadConfigAndFonts()
    pattern = fontconfig.FcPatternCreate()
    try:
        for key, value in (("family", family), ("lang", lang), ("style", style)):
            fontconfig.FcPatternAddString(pattern, key.encode(), value.encode())
        fontconfig.FcConfigSubstitute(config, pattern, fontconfig.FcMatchPattern)
        fontconfig.FcDefaultSubstitute(pattern)
        result = ffi.new("FcResult *")
        match = fontconfig.FcFontMatch(config, pattern, result)
        if match == ffi.NULL:
            return None, None
        values = {}
        for key in ("family", "file"):
            string = ffi.new("FcChar8 **")
            if fontconfig.FcPatternGetString(match, key.encode(), 0, string) == 0:
                values[key] = ffi.string(string[0]).decode()
        fontconfig.FcPatternDestroy(match)
        file = values.get("file")
        return values.get("family"), Path(file) if file else None
    finally:
        fontconfig.FcPatternDestroy(pattern)
        fontconfig.FcConfigDestroy(config)


@cache
def coverage(family: str, lang: str) -> frozenset[int]:
    """The code points the installed ``family`` has glyphs for (empty when it is missing)."""
    found, path = match_font(family, lang)
    if found != family or path is None:
        return frozenset()
    if path.suffix.lower() in {".ttc", ".otc"}:
        # A collection holds the regional cuts of one design: take the one named.
        faces = TTCollection(str(path), lazy=True).fonts
        face = next((f for f in faces if _family(f) == family), faces[0])
    else:
        face = TTFont(str(path), lazy=True)
    return frozenset(face.getBestCmap())


def _family(face: TTFont) -> str:
    names = face["name"]
    return str(names.getDebugName(16) or names.getDebugName(1))
