"""Teach WeasyPrint's text layout where Korean and Japanese lines may break, and how to adjust them.

Korean official documents break lines between words (어절), never inside one.
WeasyPrint 70 has no ``word-break: keep-all`` (WeasyPrint #1153), and Pango's
UAX #14 rules allow a break between any two Hangul syllables. Pango itself can
keep a range of text unbroken (``PangoAttrAllowBreaks``, Pango ≥ 1.44): every
layout WeasyPrint makes for Korean text gets that attribute on each word that
fits its line. No character is added, so the PDF's text layer keeps the source
text; a word longer than its line stays breakable rather than overflowing.

Japanese breaks between any two characters (kinsoku aside), which a narrow
table cell or a heading shows as 開｜催. Where the stylesheet asks for
``word-break: auto-phrase`` (CSS Text 4, Chrome's name for it) Japanese text
breaks between phrases only, as BudouX (Google's phrase segmenter, the one
Chrome uses for that value) splits them, with the same attribute. WeasyPrint's
CSS validator knows only ``normal`` and ``break-all``: it learns that value.

The same wrapper adds the attributes of line adjustment (``adjust.py``):
half-width marks and Japanese–Latin spacing.

This wraps ``weasyprint.text.line_break.Layout.set_text``, which every line
break, min-content width and drawn line goes through. WeasyPrint is pinned to
70.0 (pyproject.toml) and tests/test_typography.py proves the behaviour.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from typing import Any, cast

from summitbrief.pdf import adjust

LOG = logging.getLogger(__name__)

WORD = re.compile(r"\S+")
# Hangul, kana, Han and full-width forms are one em wide in the CJK faces.
WIDE = re.compile(
    r"[\u1100-\u11ff\u2e80-\u303f\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff"
    r"\uac00-\ud7af\uf900-\ufaff\uff00-\uff60\U00020000-\U0003ffff]"
)
NARROW_EM = 0.6  # a generous average advance of Latin letters, digits and punctuation
WORD_BREAK = ("normal", "break-all", "auto-phrase")

_installed = False


def install() -> None:
    """Make WeasyPrint keep Korean words and Japanese phrases whole and adjust lines, once."""
    global _installed
    if _installed:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from weasyprint.css.validation import properties
        from weasyprint.layout import inline
        from weasyprint.text import line_break
        from weasyprint.text.ffi import ffi, pango

    ffi.cdef(
        """
        PangoAttribute * pango_attr_allow_breaks_new (gboolean allow_breaks);
        PangoAttrList * pango_attr_list_copy (PangoAttrList *list);
        """
    )
    properties.PROPERTIES["word-break"] = _word_break(properties)
    line_break.Layout.setup = _remembering(line_break.Layout.setup, ffi, pango)
    line_break.Layout.set_text = _breaking(line_break.Layout.set_text, ffi, pango)
    adjust.install(inline, line_break, ffi, pango)
    _installed = True


def _word_break(properties: Any) -> Callable[..., Any]:
    def word_break(keyword: str) -> bool:
        return keyword in WORD_BREAK

    # WeasyPrint's validator decorator, applied as a call: WeasyPrint has no types.
    validator = properties.single_keyword(word_break)
    validator.wants_base_url = False
    return cast(Callable[..., Any], validator)


def _remembering(setup: Callable[..., None], ffi: Any, pango: Any) -> Callable[..., None]:
    def remember(layout: Any, style: Any) -> None:
        setup(layout, style)
        # The attributes WeasyPrint gives a new layout (font features): each
        # text set later starts from them, not from the last text's ranges.
        initial = pango.pango_layout_get_attributes(layout.layout)
        layout.initial_attributes = (
            ffi.gc(pango.pango_attr_list_copy(initial), pango.pango_attr_list_unref)
            if initial != ffi.NULL
            else ffi.NULL
        )

    return remember


def _breaking(set_text: Callable[..., None], ffi: Any, pango: Any) -> Callable[..., None]:
    def break_and_shape(layout: Any, text: str, justify: bool = False) -> None:
        initial = getattr(layout, "initial_attributes", ffi.NULL)
        if initial != ffi.NULL:
            initial = ffi.gc(pango.pango_attr_list_copy(initial), pango.pango_attr_list_unref)
        pango.pango_layout_set_attributes(layout.layout, initial)
        set_text(layout, text, justify)
        layout.placed = False
        ranges = [*_unbroken(layout), *adjust.shaping(layout, layout.text)]
        if not ranges:
            return
        current = pango.pango_layout_get_attributes(layout.layout)
        attrs = ffi.gc(
            pango.pango_attr_list_copy(current)
            if current != ffi.NULL
            else pango.pango_attr_list_new(),
            pango.pango_attr_list_unref,
        )
        for start, end, kind, value in ranges:
            if kind == "allow_breaks":
                attribute = pango.pango_attr_allow_breaks_new(value)
            elif kind == "features":
                attribute = pango.pango_attr_font_features_new(value)
            else:
                attribute = pango.pango_attr_letter_spacing_new(value)
            attribute.start_index, attribute.end_index = start, end
            # Inserted, not changed: change() would merge two phrases side by
            # side into one unbreakable range, and drop font features a range
            # already had. Letter spacing replaces WeasyPrint's over its range.
            if kind == "letter_spacing":
                pango.pango_attr_list_change(attrs, attribute)
            else:
                pango.pango_attr_list_insert(attrs, attribute)
        pango.pango_layout_set_attributes(layout.layout, attrs)

    return break_and_shape


def _unbroken(layout: Any) -> Iterator[tuple[int, int, str, bool]]:
    """Ranges kept on one line: Korean words, and Japanese phrases under auto-phrase."""
    lang = adjust.language(layout.style)
    if lang == "ko":
        units = _whole_words(layout.text, layout.style["font_size"], layout.max_width)
    elif lang == "ja" and layout.style["word_break"] == "auto-phrase":
        units = _whole_phrases(layout.text, layout.style["font_size"], layout.max_width)
    else:
        return
    for start, end in units:
        yield start, end, "allow_breaks", False


def _whole_words(text: str, font_size: float, max_width: float | None) -> Iterator[tuple[int, int]]:
    """Byte ranges of the words that fit on a line of ``max_width`` (all when unbounded).

    The word ``adjust.OPEN_WORD`` points at may break, two syllables in from
    either end, so that its line does not gape.
    """
    opened = adjust.OPEN_WORD.get()
    offset, position = 0, 0
    for match in WORD.finditer(text):
        offset += len(text[position : match.start()].encode())
        word = match.group()
        length = len(word.encode())
        if offset == opened and len(word) > 4:
            head, tail = len(word[:2].encode()), len(word[-2:].encode())
            yield offset, offset + head
            yield offset + length - tail, offset + length
        elif not max_width or estimated_width(word, font_size) <= max_width:
            yield offset, offset + length
        offset += length
        position = match.end()


def _whole_phrases(
    text: str, font_size: float, max_width: float | None
) -> Iterator[tuple[int, int]]:
    """Byte ranges of the BudouX phrases that fit on a line of ``max_width``."""
    offset = 0
    for phrase in phrases(text):
        length = len(phrase.encode())
        if len(phrase) > 1 and (not max_width or estimated_width(phrase, font_size) <= max_width):
            yield offset, offset + length
        offset += length


@lru_cache(maxsize=4096)
def phrases(text: str) -> tuple[str, ...]:
    """Japanese text cut into phrases (文節) by BudouX."""
    return tuple(_parser().parse(text))


@cache
def _parser() -> Any:
    import budoux

    return budoux.load_default_japanese_parser()


def estimated_width(word: str, font_size: float) -> float:
    """A word's width in points, erring on the wide side for Latin text."""
    wide = len(WIDE.findall(word))
    return (wide + NARROW_EM * (len(word) - wide)) * font_size
