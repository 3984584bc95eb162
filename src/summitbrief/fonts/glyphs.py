"""Find the characters of an edition that the fonts of their language cannot draw.

Checked before printing, from the cmaps of the font files fontconfig resolves,
so a warning names the character, the language and the field it comes from.
(WeasyPrint would only log a .notdef glyph, and the PDF's text layer still
shows the character: tofu cannot be seen by reading the PDF back.)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from summitbrief.fonts.lookup import coverage
from summitbrief.planner import Edition, choose

if TYPE_CHECKING:
    from summitbrief.press import Press

# Variation selectors and tag characters are shaped away, never drawn.
_IGNORABLE = {"Cc", "Cf", "Zs", "Zl", "Zp"}


def missing_glyphs(edition: Edition, press: Press) -> tuple[str, ...]:
    """One warning per character no font of its language covers, with where it comes from."""
    problems = []
    for path, text, lang in _printed_texts(edition, press):
        fonts = press.languages.require(lang).fonts
        family = fonts[0]
        covered = _covered(lang, fonts)
        for char in dict.fromkeys(text):
            if ord(char) not in covered and not _ignorable(char):
                problems.append(
                    f"{path}: U+{ord(char):04X} {char!r} is not in the {lang} font ({family})"
                )
    return tuple(problems)


@cache  # one union per language, not one per text checked (issue 7)
def _covered(lang: str, fonts: tuple[str, ...]) -> frozenset[int]:
    return frozenset().union(*(coverage(family, lang) for family in fonts))


def _ignorable(char: str) -> bool:
    code = ord(char)
    return (
        unicodedata.category(char) in _IGNORABLE
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
        or char == "\n"
    )


def _printed_texts(edition: Edition, press: Press) -> Iterator[tuple[str, str, str]]:
    """(where, text, language it is set in) for the data and the catalogs of an edition."""
    summit = edition.summit
    for lang in edition.languages:
        prefix = f"{lang}: " if len(edition.languages) > 1 else ""
        for path, text in summit.texts():
            value, shown = choose(text, lang, summit.source_language)
            yield prefix + path, value, shown or lang
        for context, message, translated in press.catalogs[lang].messages:
            where = f"{context}: " if context else ""
            yield f"{prefix}catalog {where}{message}", translated, lang
