"""Turn what a memo sets in each language into the fonts stylesheet of its PDF, fonts cut to fit.

WeasyPrint 70 subsets fonts when it embeds them, but keeps their glyph ids, so
an embedded CJK face still carries tables sized for the whole font (~150 KiB a
face; known-pitfalls.md, issue 7). Here each face of the document's languages
is cut first with HarfBuzz's subsetter (uharfbuzz), glyphs renumbered to those
kept, and handed to WeasyPrint through ``@font-face``: a Korean memo's PDF goes
from ~340 KiB to a fifth of that.

- The characters come from the render stage (``Html.characters``): each
  language's text goes to its own faces, so the Korean (KR) and Japanese (JP)
  cuts of Noto Serif CJK stay two faces with their own glyph forms.
- The stylesheet made here gives every registered language its font stack
  (``:lang(ko) { font-family: … }``), the cut face first and the full family
  after it: a character the cut face lacks (text a theme's template adds) is
  still drawn in the right design, only not cut. A bilingual memo's right
  column's stack is also ``--sb-right-fonts``, for its margin boxes.
- A cut face's family name is its family plus a digest of the characters it
  keeps: one process can print many documents with one FontConfiguration, and
  the same input always gives the same font bytes and the same PDF font names.
  The name table carries that family too, so a cut face never answers to the
  system family's name.
- Nothing changes in the text: the PDF's text layer, copy and search are those
  of the unsubset document. The glyph-coverage check (fonts/glyphs.py) reads
  the full system fonts, never these.

The cut fonts are written to a per-process directory, which ``render_pdf``
passes to its URL fetcher as an allowed root.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

from summitbrief.errors import ConfigError
from summitbrief.fonts.lookup import face_index, match_font
from summitbrief.fonts.stacks import font_css
from summitbrief.printing import FontSheet

LOG = logging.getLogger(__name__)

# (fontconfig style, CSS font-weight, CSS font-style): the faces a memo may use.
STYLES = (
    ("Regular", 400, "normal"),
    ("Bold", 700, "normal"),
    ("Italic", 400, "italic"),
    ("Bold Italic", 700, "italic"),
)
# Characters the stylesheet itself may set in any face: page numbers ("3 / 5")
# and the "[en] " marker of an untranslated text (memo.css).
ALWAYS = frozenset("0123456789 /[]")
# A CSS string in either quotes, escapes included; comments are dropped first (an
# apostrophe in one would open a string).
CSS_STRING = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'((?:[^'\\]|\\.)*)'", re.S)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
# CSS Syntax §4.3.7: up to six hex digits and one optional white space, an
# escaped newline (nothing), or any other character for itself.
CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\f]?|(\r\n|[\n\r\f])|(.))", re.S)

SUBSETTER_MISSING = (
    "libharfbuzz-subset is not installed: WeasyPrint subsets the fonts it embeds with "
    "fontTools instead, up to 40 times slower (~12 s instead of ~0.3 s for a Korean memo "
    "with the full fonts); install it with `apt-get install libharfbuzz-subset0`"
)


@dataclass(frozen=True)
class Face:
    """One face of a family on this machine: its file, the index in a collection, its style."""

    family: str
    style: str
    weight: int
    slant: str
    path: Path
    index: int


def font_stylesheet(
    characters: Mapping[str, Iterable[str]],
    fonts: Mapping[str, tuple[str, ...]],
    right: str | None = None,
    extra: Iterable[str] = (),
    cut: bool = True,
) -> FontSheet:
    """Font stacks for every language, with each of ``characters``' languages' faces cut to them.

    ``extra`` are characters any face may set (the stylesheets' own strings);
    ``right`` is the right column's language of a bilingual memo.
    """
    always = ALWAYS | frozenset(extra)
    chars_by_family: dict[str, set[str]] = {}
    family_language: dict[str, str] = {}
    for lang, chars in characters.items() if cut else ():
        # A tag the registry lacks may be a regional one of a registered language: ko-KR.
        tag = lang if lang in fonts else lang.split("-")[0]
        for family in fonts.get(tag, ()):
            chars_by_family.setdefault(family, set()).update(chars, always)
            family_language.setdefault(family, tag)
    rules, names = [], {}
    for family, chars in sorted(chars_by_family.items()):
        faces = faces_of(family, family_language[family])
        if not faces:
            continue
        name = cut_family_name(family, chars)
        names[family] = name
        for face in faces:
            path = cut_face(face, name, frozenset(chars))
            rules.append(
                f'@font-face {{ font-family: "{name}"; src: url("{path.as_uri()}"); '
                f"font-weight: {face.weight}; font-style: {face.slant}; }}"
            )

    rules.append(font_css(fonts, right, names))
    roots = (font_directory(),) if names else ()
    return FontSheet("\n".join(rules), roots)


def css_strings(css: str) -> frozenset[str]:
    """The characters of the strings a stylesheet writes itself (``content: "— "``, or
    ``"\\2014 "``: escapes decoded as CSS does)."""
    css = CSS_COMMENT.sub("", css)
    strings = (match.group(1) or match.group(2) or "" for match in CSS_STRING.finditer(css))
    return frozenset(char for string in strings for char in CSS_ESCAPE.sub(_unescaped, string))


def _unescaped(match: re.Match[str]) -> str:
    if match.group(1):
        code = int(match.group(1), 16)
        # what CSS draws for zero, a surrogate or past Unicode: the replacement character
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
    return match.group(3) or ""


# --- faces on this machine ----------------------------------------------------------


@cache
def faces_of(family: str, lang: str) -> tuple[Face, ...]:
    """The installed faces of ``family`` in the styles a memo uses (only real ones, no fakes)."""
    found = []
    for style, weight, slant in STYLES:
        match = match_font(family, lang, style)
        if not match.installed or match.path is None:
            continue
        # fontconfig answers a missing style with another one: keep only faces named so.
        index = face_index(match.path, family, style)
        if index is not None:
            found.append(Face(family, style, weight, slant, match.path, index))
    return tuple(found)


def cut_family_name(family: str, chars: Iterable[str]) -> str:
    """The family name of ``family`` cut to ``chars``: the same characters, the same name."""
    digest = hashlib.sha256(family.encode() + "".join(sorted(chars)).encode()).hexdigest()
    return f"{family} sb{digest[:10]}"


_directory: tuple[int, Path] | None = None


def font_directory() -> Path:
    """This process's directory of cut fonts, removed when the process ends.

    A forked worker makes its own, and removes it when it shuts down.
    """
    global _directory
    if _directory is None or _directory[0] != os.getpid():
        path = Path(tempfile.mkdtemp(prefix="summitbrief-fonts-"))
        at_exit(partial(shutil.rmtree, path, ignore_errors=True))
        _directory = (os.getpid(), path)
    return _directory[1]


def at_exit(callback: Callable[[], object]) -> None:
    """Call ``callback`` when this process ends, a worker process of a pool included.

    Pool workers end with ``os._exit``, which skips ``atexit`` handlers and garbage
    collection; multiprocessing runs its finalizers as they shut down, and at the
    exit of the main process, each only in the process that registered it.
    """
    from multiprocessing.util import Finalize

    Finalize(None, callback, exitpriority=0)


def cut_face(face: Face, name: str, chars: frozenset[str]) -> Path:
    """The file of ``face`` cut to ``chars`` and named ``name`` (written once per process)."""
    path = font_directory() / f"{name.replace(' ', '-')}-{face.style.replace(' ', '')}.otf"
    if not path.exists():
        data = subset_face(face, name, chars)
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(data)
        temporary.replace(path)
    return path


def subset_face(face: Face, name: str, chars: frozenset[str]) -> bytes:
    """The bytes of ``face`` with only the glyphs ``chars`` need, renumbered, named ``name``.

    Deterministic: the same face and characters give the same bytes.
    """
    import uharfbuzz as hb

    blob = hb.Blob.from_file_path(str(face.path))
    source = hb.Face(blob, face.index)
    request = hb.SubsetInput()
    request.unicode_set.update(ord(c) for c in chars)
    cut = hb.subset(source, request)
    if cut is None:
        raise ConfigError(f"cannot subset {face.family} {face.style} ({face.path})")
    return _renamed(bytes(cut.blob.data), name, face.style)


def _renamed(data: bytes, family: str, style: str) -> bytes:
    """The font named ``family``, so that fontconfig never takes it for the original family."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    names = font["name"]
    postscript = re.sub(r"[^A-Za-z0-9-]", "", f"{family}-{style}")[:63]
    for name_id in (16, 17, 21, 22):
        names.removeNames(nameID=name_id)
    for name_id, value in ((1, family), (2, style), (4, f"{family} {style}"), (6, postscript)):
        names.removeNames(nameID=name_id)
        names.setName(value, name_id, 3, 1, 0x409)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


_warned = False


def subsetter_warning() -> str | None:
    """A warning when WeasyPrint cannot use HarfBuzz's subsetter (logged once per process too)."""
    global _warned
    from weasyprint.pdf import fonts
    from weasyprint.text.ffi import harfbuzz

    if fonts.harfbuzz_subset and harfbuzz.hb_version_atleast(4, 1, 0):
        return None
    if not _warned:
        LOG.warning(SUBSETTER_MISSING)
        _warned = True
    return SUBSETTER_MISSING
