"""Turn an Edition into the HTML that WeasyPrint prints.

A memo is a list of units (units.py), each rendered by its block template in
each language of the edition, then laid out by the edition's page template:
one column, two aligned columns, or each unit followed by its translation.
The stylesheets are not part of the HTML: the press hands them to WeasyPrint.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError
from markupsafe import Markup

from summitbrief import __version__
from summitbrief.errors import ConfigError, RenderError, SummitbriefError, display_name
from summitbrief.i18n import Formatter, Gettext
from summitbrief.model import Summit
from summitbrief.planner import Edition, choose
from summitbrief.press import Press
from summitbrief.printing import Html
from summitbrief.render import splits
from summitbrief.render.environment import render_bounded
from summitbrief.render.units import OutcomeGroup, Unit, outcome_groups, units

MEMO_TEMPLATE = "memo.html.j2"

# A unit with more characters than this on either side may not fit on a page:
# it starts where it is and splits, rather than leaving a page part empty.
LONG_UNIT_CHARS = 1200


@dataclass(frozen=True)
class Metadata:
    """What the PDF says about itself: title, author, subject, keywords."""

    title: str
    author: str
    description: str
    keywords: str


@dataclass(frozen=True)
class Cells:
    """A table unit in one language: its head row and body rows, each cell with its column."""

    head: tuple[tuple[str, Markup], ...]
    rows: tuple[tuple[tuple[str, Markup], ...], ...]
    tucked: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(column for column, _ in self.head)

    def text(self) -> str:
        cells = [*self.head, *(cell for row in self.rows for cell in row)]
        return " ".join(markup.striptags() for _, markup in cells)


Rendered = Markup | Cells


@dataclass(frozen=True)
class SingleUnit:
    """A unit rendered in the memo's language."""

    kind: str
    html: Rendered

    @property
    def table(self) -> bool:
        return isinstance(self.html, Cells)


@dataclass(frozen=True)
class Place:
    """Where a part of a block (render/splits.py) may be cut further, for pdf/balance.py.

    ``cuts`` are the block's boundaries inside this part (indices into
    :func:`splits.boundaries`); ``left`` and ``right`` how many characters, not
    counting spaces, each side sets from the part's start to each of them.
    """

    unit: int
    cuts: tuple[int, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]


@dataclass(frozen=True)
class PairedUnit:
    """A unit rendered in the left and the right language."""

    kind: str
    left: Rendered
    right: Rendered
    place: Place | None = None

    @property
    def table(self) -> bool:
        return isinstance(self.left, Cells)

    @property
    def long(self) -> bool:
        return max(len(_text(self.left)), len(_text(self.right))) > LONG_UNIT_CHARS

    @property
    def tucked(self) -> tuple[str, ...]:
        """A table unit's columns set under its first one when it is half width."""
        assert isinstance(self.left, Cells)
        return self.left.tucked

    @property
    def head(self) -> tuple[tuple[str, Markup, Markup], ...]:
        """A table unit's head cells as (column, left, right)."""
        assert isinstance(self.left, Cells) and isinstance(self.right, Cells)
        return _zip_cells(self.left.head, self.right.head)

    @property
    def rows(self) -> tuple[tuple[tuple[str, Markup, Markup], ...], ...]:
        """A table unit's body rows, each cell as (column, left, right)."""
        return tuple(_zip_cells(a, b) for a, b in self.row_pairs)

    @property
    def row_pairs(self) -> list[tuple[tuple[tuple[str, Markup], ...], ...]]:
        """A table unit's body rows as (left cells, right cells)."""
        assert isinstance(self.left, Cells) and isinstance(self.right, Cells)
        return list(zip(self.left.rows, self.right.rows, strict=True))


def _zip_cells(
    left: tuple[tuple[str, Markup], ...], right: tuple[tuple[str, Markup], ...]
) -> tuple[tuple[str, Markup, Markup], ...]:
    return tuple((column, a, b) for (column, a), (_, b) in zip(left, right, strict=True))


def _text(rendered: Rendered) -> str:
    return rendered.text() if isinstance(rendered, Cells) else rendered.striptags()


def runs(units: Sequence[PairedUnit]) -> list[tuple[bool, list[PairedUnit]]]:
    """Units grouped into runs of table units and runs of the others, in order.

    The parallel layout sets each run of ordinary units as one two-column
    table and each table unit as a table of its own, whose head row WeasyPrint
    repeats on every page it continues onto (one ``<thead>`` per table).
    """
    return [(table, list(group)) for table, group in groupby(units, key=lambda u: u.table)]


def render_html(edition: Edition, press: Press) -> str:
    """The complete HTML document of one edition."""
    return render_document(edition, press).text


def render_document(
    edition: Edition, press: Press, cuts: Mapping[int, tuple[int, ...]] | None = None
) -> Html:
    """The HTML of one edition with the characters each language sets.

    ``cuts`` (parallel memos, from pdf/balance.py): unit index → the indices of
    the boundaries (render/splits.py) where that block and its translation are cut.
    """
    summit = edition.summit
    style = press.style
    contexts = [_language_context(summit, lang, press) for lang in edition.languages]
    blocks = units(summit, style.theme.area_order)
    places: list[Place | None] = [None] * len(blocks)
    if edition.layout == "parallel":
        blocks, places = _cut(blocks, edition.languages, cuts or {})
    rendered = [[_render_unit(press, unit, context) for unit in blocks] for context in contexts]
    page: dict[str, Any] = {
        "lang": edition.language,
        "layout": edition.layout,
        "meta": _metadata(summit, edition.languages, contexts, style.theme.area_order),
        "generator": f"summitbrief {__version__}",
        "style": style,
        "theme": style.theme,
        # The page's conventions (page numbers) are its language's: the left one of a pair.
        "conventions": style.conventions(edition.language),
    }
    if edition.layout == "single":
        page["units"] = [
            SingleUnit(u.kind, html) for u, html in zip(blocks, rendered[0], strict=True)
        ]
        template = MEMO_TEMPLATE
    else:
        left, right = edition.languages
        paired = [
            PairedUnit(u.kind, a, b, place)
            for u, a, b, place in zip(blocks, rendered[0], rendered[1], places, strict=True)
        ]
        page.update(left=left, right=right, units=paired, runs=runs(paired))
        template = f"{edition.layout}.html.j2"
    text = _render_template(press, template, page)
    return Html(text, edition.languages, _characters(edition, rendered))


def _cut(
    blocks: list[Unit], languages: tuple[str, ...], cuts: Mapping[int, tuple[int, ...]]
) -> tuple[list[Unit], list[Place | None]]:
    """The blocks with those in ``cuts`` cut into parts, and where each part may be cut."""
    parts: list[Unit] = []
    places: list[Place | None] = []
    for index, unit in enumerate(blocks):
        found = splits.boundaries(unit, languages)
        text = splits.unit_text(unit) or {}
        # A long block starts where it is and WeasyPrint splits it (LONG_UNIT_CHARS).
        if not found or max(len(text[lang]) for lang in languages) > LONG_UNIT_CHARS:
            parts.append(unit)
            places.append(None)
            continue
        chosen = sorted(set(cuts.get(index, ())))
        counts = [splits.characters_before(unit, lang, found) for lang in languages]
        parts += splits.cut(unit, languages, [found[i] for i in chosen])
        edges = [-1, *chosen, len(found)]
        for start, end in itertools.pairwise(edges):
            inside = tuple(range(start + 1, end))
            before = [c[start] if start >= 0 else 0 for c in counts]
            left, right = (
                tuple(c[i] - b for i in inside) for c, b in zip(counts, before, strict=True)
            )
            places.append(Place(index, inside, left, right) if inside else None)
    return parts, places


def _characters(edition: Edition, rendered: list[list[Rendered]]) -> dict[str, frozenset[str]]:
    """What each language sets: its units' text, and the texts shown for a missing translation."""
    found: dict[str, set[str]] = {}
    for lang, blocks in zip(edition.languages, rendered, strict=True):
        chars = found.setdefault(lang, set())
        for block in blocks:
            chars.update(_text(block))
    summit = edition.summit
    texts = dict(summit.texts())
    for _lang, path, shown in edition.missing:
        found.setdefault(shown, set()).update(choose(texts[path], shown, shown)[0])
    return {lang: frozenset(chars) for lang, chars in found.items()}


def _language_context(summit: Summit, lang: str, press: Press) -> dict[str, Any]:
    """What the block templates see when they render in ``lang``."""
    locale = press.languages.require(lang).locale
    catalog = press.catalogs[lang]
    conventions = press.style.conventions(lang)
    gettext = Gettext(catalog.translations, lang, catalog.broken, conventions.parentheses)
    return {
        "summit": summit,
        "lang": lang,
        "source_language": summit.source_language,
        "theme": press.style.theme,
        "conventions": conventions,
        "fmt": Formatter(lang, locale, conventions.date),
        **gettext.callables(),
    }


def _render_unit(press: Press, unit: Unit, context: dict[str, Any]) -> Rendered:
    # The block templates autoescape: their output is markup, not text.
    variables = {**context, **unit.variables}
    if unit.table is None:
        return Markup(_render_template(press, unit.template, variables))
    columns = unit.table.columns

    def cell(template: str, row: dict[str, Any], column: str) -> tuple[str, Markup]:
        return column, Markup(
            _render_template(press, template, {**variables, **row, "column": column})
        )

    return Cells(
        head=tuple(cell(unit.head_template, {}, c) for c in columns),
        rows=tuple(tuple(cell(unit.template, row, c) for c in columns) for row in unit.table.rows),
        tucked=unit.table.tucked,
    )


def _render_template(press: Press, name: str, variables: dict[str, Any]) -> str:
    """Render one template within the render budget; template problems as one located line."""
    try:
        template = press.environment.get_template(name)
        return render_bounded(lambda: template.generate(variables))
    except (ConfigError, RenderError) as error:
        # A bound the sandbox enforces, or a broken translation: say which template.
        where = _template_position(error)
        if where is None or str(error).startswith(where):
            raise
        raise type(error)(f"{where}: {error}") from None
    except SummitbriefError:
        raise
    except TemplateSyntaxError as error:
        where = f"{display_name_of(error.filename or name)}:{error.lineno}"
        raise ConfigError(f"{where}: template syntax: {error.message}") from None
    except TemplateNotFound as error:
        raise ConfigError(f"{name}: template '{error.name}' not found") from None
    except (TemplateError, RecursionError, ArithmeticError, TypeError, ValueError) as error:
        where = _template_position(error) or name
        message = str(error) or type(error).__name__
        raise RenderError(f"{where}: {type(error).__name__}: {message}") from None


def display_name_of(filename: str) -> str:
    return display_name(Path(filename))


def _template_position(error: BaseException) -> str | None:
    """The innermost template file and line of an error raised while rendering."""
    found = None
    traceback = error.__traceback__
    while traceback is not None:
        code = traceback.tb_frame.f_code
        if code.co_filename.endswith((".j2", ".html", ".css")):
            found = f"{display_name_of(code.co_filename)}:{traceback.tb_lineno}"
        traceback = traceback.tb_next
    return found


def _metadata(
    summit: Summit,
    languages: Sequence[str],
    contexts: list[dict[str, Any]],
    area_order: Sequence[str],
) -> Metadata:
    """Plain-text metadata, in both languages of a pair (left / right)."""

    def each(make: Callable[[str, dict[str, Any]], str]) -> str:
        return " / ".join(make(lang, c) for lang, c in zip(languages, contexts, strict=True))

    def text(value: dict[str, str], lang: str) -> str:
        return choose(value, lang, summit.source_language)[0]

    def area(group: OutcomeGroup, lang: str, c: dict[str, Any]) -> str:
        if group.label:
            return text(group.label, lang)
        return str(c["pgettext"]("area", group.area).unescape())

    groups = outcome_groups(summit, area_order)
    prepared_by = summit.prepared_by
    return Metadata(
        title=each(lambda lang, c: text(summit.title, lang)),
        author=each(lambda lang, c: text(prepared_by, lang)) if prepared_by else "summitbrief",
        description=each(
            lambda lang, c: c["fmt"].labelled(
                c["gettext"]("Briefing memo").unescape(), text(summit.title, lang)
            )
        ),
        keywords=each(lambda lang, c: c["fmt"].series([area(g, lang, c) for g in groups])),
    )
