"""Teach WeasyPrint's text layout to break Korean lines between words only.

Korean official documents break lines between words (어절), never inside one.
WeasyPrint 70 has no ``word-break: keep-all`` (WeasyPrint #1153), and Pango's
UAX #14 rules allow a break between any two Hangul syllables. Pango itself can
keep a range of text unbroken (``PangoAttrAllowBreaks``, Pango ≥ 1.44): every
layout WeasyPrint makes for Korean text gets that attribute on each word that
fits its line. No character is added, so the PDF's text layer keeps the source
text; a word longer than its line stays breakable rather than overflowing.

This wraps ``weasyprint.text.line_break.Layout.set_text``, which every line
break, min-content width and drawn line goes through. WeasyPrint is pinned to
70.0 (pyproject.toml) and tests/test_typography.py proves the behaviour.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Callable
from typing import Any

LOG = logging.getLogger(__name__)

WORD = re.compile(r"\S+")
# Hangul, kana, Han and full-width forms are one em wide in the CJK faces.
WIDE = re.compile(
    r"[\u1100-\u11ff\u2e80-\u303f\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff"
    r"\uac00-\ud7af\uf900-\ufaff\uff00-\uff60\U00020000-\U0003ffff]"
)
NARROW_EM = 0.6  # a generous average advance of Latin letters, digits and punctuation

_installed = False


def install() -> None:
    """Make WeasyPrint keep Korean words whole, once per process."""
    global _installed
    if _installed:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from weasyprint.text import line_break
        from weasyprint.text.ffi import ffi, pango

    ffi.cdef(
        """
        PangoAttribute * pango_attr_allow_breaks_new (gboolean allow_breaks);
        PangoAttrList * pango_attr_list_copy (PangoAttrList *list);
        """
    )
    line_break.Layout.set_text = _keeping_words(line_break.Layout.set_text, ffi, pango)
    _installed = True


def _keeping_words(set_text: Callable[..., None], ffi: Any, pango: Any) -> Callable[..., None]:
    def keep_words(layout: Any, text: str, justify: bool = False) -> None:
        set_text(layout, text, justify)
        if not (layout.style["lang"] or "").startswith("ko"):
            return
        words = list(_whole_words(layout.text, layout.style["font_size"], layout.max_width))
        current = pango.pango_layout_get_attributes(layout.layout)
        attrs = ffi.gc(
            pango.pango_attr_list_copy(current)
            if current != ffi.NULL
            else pango.pango_attr_list_new(),
            pango.pango_attr_list_unref,
        )
        # The layout may be reused for another text: clear ranges set before.
        ranges = [(True, 0, len(layout.text.encode())), *((False, *w) for w in words)]
        for allow, start, end in ranges:
            attribute = pango.pango_attr_allow_breaks_new(allow)
            attribute.start_index, attribute.end_index = start, end
            pango.pango_attr_list_change(attrs, attribute)
        pango.pango_layout_set_attributes(layout.layout, attrs)

    return keep_words


def _whole_words(text: str, font_size: float, max_width: float | None) -> Any:
    """Byte ranges of the words that fit on a line of ``max_width`` (all when unbounded)."""
    offset, position = 0, 0
    for match in WORD.finditer(text):
        offset += len(text[position : match.start()].encode())
        word = match.group()
        length = len(word.encode())
        if not max_width or estimated_width(word, font_size) <= max_width:
            yield offset, offset + length
        offset += length
        position = match.end()


def estimated_width(word: str, font_size: float) -> float:
    """A word's width in points, erring on the wide side for Latin text."""
    wide = len(WIDE.findall(word))
    return (wide + NARROW_EM * (len(word) - wide)) * font_size
