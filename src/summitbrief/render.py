"""Turn an Edition into the HTML that WeasyPrint prints.

One Jinja environment per process, built by :func:`environment` (the same
factory serves message extraction, so msgids match at run time).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from summitbrief import __version__
from summitbrief.i18n import Formatter, Gettext, load_translations
from summitbrief.languages import LANGUAGES, get_language
from summitbrief.model import AREAS, Action, Outcome, Summit
from summitbrief.plan import Edition, choose
from summitbrief.resources import LOCALES, TEMPLATES
from summitbrief.typography import paragraphs

MEMO_TEMPLATE = "memo.html.j2"

# Shared with extraction (babel.cfg): different options give different msgids.
ENVIRONMENT_OPTIONS: dict[str, Any] = {
    "extensions": ["jinja2.ext.i18n"],
    "trim_blocks": True,
    "lstrip_blocks": True,
}


def environment(template_dirs: Sequence[Path] = (TEMPLATES,)) -> Environment:
    """A Jinja environment for the memo templates, escaping everything from data."""
    env = Environment(
        loader=FileSystemLoader([str(d) for d in template_dirs]),
        # select_autoescape() decides by suffix and leaves *.html.j2 unescaped.
        autoescape=True,
        undefined=StrictUndefined,
        **ENVIRONMENT_OPTIONS,
    )
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.policies["ext.i18n.trimmed"] = True
    env.filters.update(tr=_tr, paragraphs=_paragraphs, date=_date, country=_country)
    return env


@cache
def default_environment() -> Environment:
    """The process-wide environment over the built-in templates."""
    return environment()


@dataclass(frozen=True)
class OutcomeGroup:
    """The outcomes of one area, in the order of the file."""

    area: str
    label: dict[str, str] | None
    outcomes: tuple[Outcome, ...]


@dataclass(frozen=True)
class FollowUp:
    """A follow-up action with the area of the outcome it belongs to."""

    area: str
    action: Action


def render_html(edition: Edition, env: Environment | None = None, locales: Path = LOCALES) -> str:
    """The complete HTML document of one edition."""
    env = env or default_environment()
    lang = edition.language
    summit = edition.summit
    context = {
        "summit": summit,
        "lang": lang,
        "source_language": summit.source_language,
        "fmt": Formatter(lang),
        "languages": LANGUAGES,
        "fonts": get_language(lang).fonts,
        "outcome_groups": outcome_groups(summit),
        "follow_ups": follow_ups(summit),
        "generator": f"summitbrief {__version__}",
        **Gettext(load_translations(locales, lang)).callables(),
    }
    return env.get_template(MEMO_TEMPLATE).render(context)


def outcome_groups(summit: Summit) -> list[OutcomeGroup]:
    """Outcomes grouped by area: the known areas in their standard order, then the others."""
    custom = [o.area for o in summit.outcomes if o.area not in AREAS]
    order = [a for a in AREAS if any(o.area == a for o in summit.outcomes)]
    order += list(dict.fromkeys(custom))
    groups = []
    for area in order:
        members = tuple(o for o in summit.outcomes if o.area == area)
        label = next((o.area_label for o in members if o.area_label), None)
        groups.append(OutcomeGroup(area, label, members))
    return groups


def follow_ups(summit: Summit) -> list[FollowUp]:
    """Every action of every outcome, dated ones first by due date, then in file order."""
    items = [FollowUp(o.area, a) for o in summit.outcomes for a in o.actions]
    return sorted(items, key=lambda f: (f.action.due is None, f.action.due or 0))


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
