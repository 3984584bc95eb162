"""The filters memo templates use to set data: texts in the edition's language, dates, countries.

Each reads the language it renders in from the template's context, so one
template serves every language, and marks a text shown in another language
(a missing translation) with that language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from summitbrief.planner import choose
from summitbrief.render.typography import paragraphs


def _resolve(context: Context, text: dict[str, str]) -> tuple[str, str | None]:
    return choose(text, context["lang"], context["source_language"])


def _set(value: str, shown: str | None) -> Markup:
    """Escaped text; a text shown in another language is marked with that language."""
    if shown is None:
        return escape(value)
    return Markup('<span class="untranslated" lang="{}">{}</span>').format(shown, value)


@pass_context
def tr(context: Context, text: dict[str, str]) -> Markup:
    """A text in the edition's language, on one line."""
    value, shown = _resolve(context, text)
    return _set(" ".join(paragraphs(value)), shown)


@pass_context
def paragraphs_of(context: Context, text: dict[str, str]) -> list[Markup]:
    """A text's paragraphs in the edition's language."""
    value, shown = _resolve(context, text)
    return [_set(p, shown) for p in paragraphs(value)]


# A name or an office up to this many characters is a short unit: it never
# splits across lines (a reader must not find "両国の関係当｜局"). Nine fit the
# owner column of the follow-up table (10.5 em less its padding); a whole
# participant line takes up to 16 (the keep filter's argument). Dates are never split.
SHORT_UNIT_CHARS = 9


def _unbroken(value: str) -> Markup:
    return Markup('<span class="keep">{}</span>').format(value)


def keep(value: str, limit: int = SHORT_UNIT_CHARS) -> Markup:
    """A short unit (a name, an office) that never splits across lines; longer text as is.

    One span for the whole unit: WeasyPrint leaves out of the text layer a space
    that sits alone between two spans, so words are never kept one by one.
    """
    if len(escape(value).striptags()) > limit:
        return escape(value)
    return _unbroken(value)


@pass_context
def date(context: Context, value: Any) -> Markup:
    """A date in the edition's language and date style, never split across lines."""
    return _unbroken(str(context["fmt"].date(value)))


@pass_context
def country(context: Context, code: str) -> str:
    """A country's short name in the edition's language."""
    return str(context["fmt"].country(code))


@pass_context
def clock(context: Context, value: dt.time) -> str:
    """A time of day in the edition's language (3:35 PM, 오후 3시 35분, 午後3時35分)."""
    return str(context["fmt"].time(value))


@pass_context
def minutes(context: Context, value: int) -> str:
    """A length in minutes in the edition's language (100 minutes, 100분, 100分)."""
    return str(context["fmt"].duration(value))


FILTERS: dict[str, Callable[..., Any]] = {
    "tr": tr,
    "paragraphs": paragraphs_of,
    "date": date,
    "country": country,
    "clock": clock,
    "minutes": minutes,
    "keep": keep,
}
