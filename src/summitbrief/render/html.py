"""Turn an Edition into the HTML that WeasyPrint prints.

One Jinja environment per process, built by :func:`environment` (the same
factory serves message extraction, so msgids match at run time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    pass_context,
)
from jinja2.runtime import Context
from markupsafe import Markup, escape

from summitbrief import __version__
from summitbrief.i18n import Formatter, Gettext, load_translations
from summitbrief.languages import LANGUAGES, get_language
from summitbrief.model import Summit
from summitbrief.planner import Edition, choose
from summitbrief.render.typography import paragraphs
from summitbrief.render.units import OutcomeGroup, Unit, outcome_groups, units
from summitbrief.resources import LOCALES, TEMPLATES
from summitbrief.theme import Style

MEMO_TEMPLATE = "memo.html.j2"

# Shared with extraction (babel.cfg): different options give different msgids.
ENVIRONMENT_OPTIONS: dict[str, Any] = {
    "extensions": ["jinja2.ext.i18n"],
    "trim_blocks": True,
    "lstrip_blocks": True,
}


def environment(template_dirs: Sequence[Path] = (TEMPLATES,)) -> Environment:
    """A Jinja environment for the memo templates, escaping everything from data.

    A template is looked up in ``template_dirs`` in order: a theme's file
    replaces the built-in one of the same name, and can still extend the
    built-in one as ``builtin/<name>``.
    """
    builtin = PrefixLoader({"builtin": FileSystemLoader(str(TEMPLATES))})
    env = Environment(
        loader=ChoiceLoader([*(FileSystemLoader(str(d)) for d in template_dirs), builtin]),
        # select_autoescape() decides by suffix and leaves *.html.j2 unescaped.
        autoescape=True,
        undefined=StrictUndefined,
        **ENVIRONMENT_OPTIONS,
    )
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.policies["ext.i18n.trimmed"] = True
    env.filters.update(
        tr=_tr,
        paragraphs=_paragraphs,
        date=_date,
        country=_country,
        clock=_clock,
        minutes=_minutes,
    )
    return env


@cache
def default_environment() -> Environment:
    """The process-wide environment over the built-in templates."""
    return environment()


@cache
def theme_environment(template_dirs: tuple[Path, ...]) -> Environment:
    """The process-wide environment over a theme's templates and the built-in ones."""
    return environment(template_dirs)


@dataclass(frozen=True)
class Metadata:
    """What the PDF says about itself: title, author, subject, keywords."""

    title: str
    author: str
    description: str
    keywords: str


# A unit with more characters than this on either side may not fit on a page:
# it starts where it is and splits, rather than leaving a page part empty.
LONG_UNIT_CHARS = 1200


@dataclass(frozen=True)
class PairedUnit:
    """A unit rendered in the left and the right language."""

    kind: str
    left: Markup
    right: Markup

    @property
    def long(self) -> bool:
        return max(len(self.left.striptags()), len(self.right.striptags())) > LONG_UNIT_CHARS


def render_html(
    edition: Edition,
    env: Environment | None = None,
    locales: Path = LOCALES,
    style: Style | None = None,
) -> str:
    """The complete HTML document of one edition, in ``style`` (default: the built-in look)."""
    style = style or Style()
    if env is None:
        dirs = style.theme.template_dirs
        env = default_environment() if dirs == (TEMPLATES,) else theme_environment(dirs)
    summit = edition.summit
    contexts = [_language_context(summit, lang, locales, style) for lang in edition.languages]
    blocks = units(summit, style.theme.area_order)
    rendered = [[_render_unit(env, unit, context) for unit in blocks] for context in contexts]
    page = {
        "lang": edition.language,
        "layout": edition.layout,
        "languages": LANGUAGES,
        "meta": _metadata(summit, edition.languages, contexts),
        "generator": f"summitbrief {__version__}",
        "style": style,
        "theme": style.theme,
    }
    if edition.layout == "single":
        paired = [
            PairedUnit(u.kind, html, html) for u, html in zip(blocks, rendered[0], strict=True)
        ]
        page["units"] = [{"kind": p.kind, "html": p.left} for p in paired]
        return env.get_template(MEMO_TEMPLATE).render(page)
    left, right = edition.languages
    page.update(
        left=left,
        right=right,
        right_fonts=get_language(right).fonts,
        units=[
            PairedUnit(u.kind, a, b)
            for u, a, b in zip(blocks, rendered[0], rendered[1], strict=True)
        ],
    )
    return env.get_template(f"{edition.layout}.html.j2").render(page)


def _language_context(summit: Summit, lang: str, locales: Path, style: Style) -> dict[str, Any]:
    """What the block templates see when they render in ``lang``."""
    return {
        "summit": summit,
        "lang": lang,
        "source_language": summit.source_language,
        "theme": style.theme,
        "fmt": Formatter(lang, style.date_style),
        **Gettext(load_translations(locales, lang), lang).callables(),
    }


def _render_unit(env: Environment, unit: Unit, context: dict[str, Any]) -> Markup:
    # The block templates autoescape: their output is markup, not text.
    return Markup(env.get_template(unit.template).render({**context, **unit.variables}))


def _metadata(summit: Summit, languages: Sequence[str], contexts: list[dict[str, Any]]) -> Metadata:
    """Plain-text metadata, in both languages of a pair (left / right)."""

    def each(make: Callable[[str, dict[str, Any]], str]) -> str:
        return " / ".join(make(lang, c) for lang, c in zip(languages, contexts, strict=True))

    def text(value: dict[str, str], lang: str) -> str:
        return choose(value, lang, summit.source_language)[0]

    def area(group: OutcomeGroup, lang: str, c: dict[str, Any]) -> str:
        return (
            text(group.label, lang) if group.label else c["pgettext"]("area", group.area).unescape()
        )

    title = each(lambda lang, c: text(summit.title, lang))
    return Metadata(
        title=title,
        author=each(lambda lang, c: text(summit.prepared_by, lang))
        if summit.prepared_by
        else "summitbrief",
        description=each(
            lambda lang, c: (
                f"{c['gettext']('Briefing memo').unescape()}: {text(summit.title, lang)}"
            )
        ),
        keywords=each(lambda lang, c: ", ".join(area(g, lang, c) for g in outcome_groups(summit))),
    )


def _resolve(context: Context, text: dict[str, str]) -> tuple[str, str | None]:
    return choose(text, context["lang"], context["source_language"])


def _set(value: str, shown: str | None) -> Markup:
    """Escaped text; a text shown in another language is marked with that language."""
    if shown is None:
        return escape(value)
    return Markup('<span class="untranslated" lang="{}">{}</span>').format(shown, value)


@pass_context
def _tr(context: Context, text: dict[str, str]) -> Markup:
    """A text in the edition's language, on one line."""
    value, shown = _resolve(context, text)
    return _set(" ".join(paragraphs(value)), shown)


@pass_context
def _paragraphs(context: Context, text: dict[str, str]) -> list[Markup]:
    """A text's paragraphs in the edition's language."""
    value, shown = _resolve(context, text)
    return [_set(p, shown) for p in paragraphs(value)]


@pass_context
def _date(context: Context, value: Any) -> str:
    return context["fmt"].date(value)


@pass_context
def _country(context: Context, code: str) -> str:
    return context["fmt"].country(code)


@pass_context
def _clock(context: Context, value: dt.time) -> str:
    return context["fmt"].time(value)


@pass_context
def _minutes(context: Context, value: int) -> str:
    return context["fmt"].duration(value)
