"""Turn a theme directory and the page options into a Style: how a memo looks.

A theme is a directory given with ``--theme``. Its templates replace the
built-in ones of the same name (the press puts it first in the Jinja loader),
its ``extra.css`` follows the built-in stylesheet, and its optional
``theme.toml`` names the organization, the logo, the order of outcome areas
and each language's conventions (dates, page numbers, numbering,
parentheses). The reference is docs/themes.md; docs/sample-theme/ is a
complete example.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, TypedDict

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from summitbrief.choices import DATE_STYLES, MAX_BLEED_MM, PAPERS, DateStyle, Paper
from summitbrief.configfile import read_toml, validate
from summitbrief.errors import ConfigError, display_name
from summitbrief.model import AREAS

# CSS page sizes: A4 is 210 × 297 mm, US Letter 8.5 × 11 in.
PAGE_SIZES = {"a4": "A4", "letter": "letter"}
# The bleed a print shop expects around the trimmed page (Japanese shops: 塗り足し 3 mm).
DEFAULT_BLEED_MM = 3.0

THEME_FILE = "theme.toml"
EXTRA_CSS = "extra.css"


@dataclass(frozen=True)
class Conventions:
    """How a ministry writes dates, page numbers, numbered items and parentheses in one language.

    The values and their sources are in docs/themes.md (Conventions).
    """

    # long: 2025년 10월 30일, 2025年10月30日, October 30, 2025 (CLDR);
    # numeric: 2025. 10. 30.(목) (ko); era: 令和7年10月30日 (ja).
    date: str = "long"
    # of: 1 / 5; dashes: - 1 -, centred; total: 5-1 (the page count, then the page), centred.
    page_numbers: str = "of"
    # period: 1. 2. 3.; parenthesized: (1) (2), （1）（2） in Japanese.
    numbering: str = "period"
    # attached: 대통령(한국); spaced: 대통령 (한국); as-written: as the catalog has it.
    parentheses: str = "as-written"


# The values of each convention, and the languages a value is for (None: any).
CONVENTION_VALUES: dict[str, dict[str, tuple[str, ...] | None]] = {
    "date": {"long": None, "numeric": ("ko",), "era": ("ja",)},
    "page_numbers": {"of": None, "dashes": None, "total": None},
    "numbering": {"period": None, "parenthesized": None},
    "parentheses": {"as-written": None, "attached": ("ko",), "spaced": ("ko",)},
}
# The built-in look: each language's usual convention in government documents
# (sources in docs/themes.md). Other languages get Conventions().
USUAL_CONVENTIONS = {
    "ko": Conventions(date="numeric", page_numbers="dashes", parentheses="attached"),
    "ja": Conventions(page_numbers="dashes", numbering="parenthesized"),
}


@dataclass(frozen=True)
class Theme:
    """The house style a theme directory gives; the built-in look has no directory."""

    directory: Path | None = None
    name: str = "built-in"
    # Organization line of the letterhead: language tag → name.
    organization: dict[str, str] = field(default_factory=dict)
    # An SVG file inside the directory.
    logo: Path | None = None
    # Areas printed first, in this order; the other known areas follow in
    # their standard order, then the file's own areas.
    area_order: tuple[str, ...] = ()
    date_style: DateStyle | None = None
    # theme.toml's [conventions.<lang>] tables: language tag → convention → value.
    conventions: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def logo_url(self) -> str | None:
        # An absolute file: URL: the PDF fetcher serves it because the theme
        # directory is one of its roots (the press). SVG is drawn as vectors, so
        # the URL does not end up in the PDF's bytes (a raster image's would).
        return self.logo.as_uri() if self.logo else None

    @property
    def stylesheet(self) -> Path | None:
        """The theme's ``extra.css``, if it has one (a regular file, not a link)."""
        if self.directory is None:
            return None
        path = self.directory / EXTRA_CSS
        return path if path.is_file() and not path.is_symlink() else None

    def organization_in(self, lang: str) -> str | None:
        """The organization's name in ``lang``, else in English, else the first one given."""
        if not self.organization:
            return None
        return (
            self.organization.get(lang)
            or self.organization.get("en")
            or next(iter(self.organization.values()))
        )


@dataclass(frozen=True)
class Style:
    """How a memo looks beyond its content: theme, paper, print marks, Japanese dates."""

    theme: Theme = field(default_factory=Theme)
    paper: Paper = "a4"
    print_marks: bool = False
    date_style: DateStyle = "gregorian"
    # Millimetres of bleed around the trimmed page; None: 3 mm with print marks, else none.
    bleed: float | None = None

    @property
    def page_size(self) -> str:
        return PAGE_SIZES[self.paper]

    @property
    def bleed_mm(self) -> float:
        """The bleed around the trimmed page, in millimetres."""
        if self.bleed is not None:
            return self.bleed
        return DEFAULT_BLEED_MM if self.print_marks else 0.0

    def conventions(self, lang: str) -> Conventions:
        """``lang``'s conventions: the usual ones, then the theme's (Japanese dates: date_style)."""
        usual = USUAL_CONVENTIONS.get(lang.split("-")[0], Conventions())
        chosen = replace(usual, **self.theme.conventions.get(lang, {}))
        if lang.split("-")[0] == "ja":
            chosen = replace(chosen, date="era" if self.date_style == "era" else "long")
        return chosen


def make_style(
    theme: Theme,
    paper: Paper = "a4",
    print_marks: bool = False,
    date_style: DateStyle | None = None,
    bleed: float | None = None,
) -> Style:
    """The style of a run: the options win over the theme's defaults."""
    if paper not in PAPERS:
        raise ConfigError(f"unknown paper '{paper}' (known: {', '.join(PAPERS)})")
    if date_style is not None and date_style not in DATE_STYLES:
        known = ", ".join(DATE_STYLES)
        raise ConfigError(f"unknown date style '{date_style}' (known: {known})")
    if bleed is not None and not 0 <= bleed <= MAX_BLEED_MM:
        raise ConfigError(f"bleed: {bleed:g} mm is not between 0 and {MAX_BLEED_MM:g} mm")
    # Japanese dates: the command line, else the theme's [conventions.ja] or date_style.
    era = theme.conventions.get("ja", {}).get("date")
    from_conventions: DateStyle | None = None if era is None else _ERA_STYLES[era]
    date_style = date_style or from_conventions or theme.date_style or "gregorian"
    return Style(theme, paper, print_marks, date_style, bleed)


_ERA_STYLES: dict[str, DateStyle] = {"era": "era", "long": "gregorian"}


class _Context(TypedDict):
    """What the theme file's validators check against (load_theme passes it)."""

    languages: tuple[str, ...]
    directory: Path


def _registered(tag: str, info: ValidationInfo[_Context]) -> str:
    known = info.context["languages"]
    if tag not in known:
        raise ValueError(f"unknown language '{tag}' (known: {', '.join(known)})")
    return tag


def _logo_path(value: str | None, info: ValidationInfo[_Context]) -> str | None:
    """An SVG file inside the theme directory."""
    if value is None:
        return None
    directory = info.context["directory"]
    if "\0" in value:
        raise ValueError("a NUL character in the file name")
    logo = (directory / value).resolve()
    if not logo.is_relative_to(directory):
        raise ValueError(f"'{value}' is outside the theme directory")
    if logo.suffix.lower() != ".svg":
        raise ValueError(f"'{value}' is not an SVG file (.svg)")
    if not logo.is_file():
        raise ValueError(f"'{value}' does not exist in {display_name(directory)}")
    return value


def _area(key: str) -> str:
    if key not in AREAS:
        raise ValueError(f"unknown area {key!r} (known: {', '.join(AREAS)})")
    return key


NonBlank = Annotated[str, Field(min_length=1, pattern=r"\S")]


class _ThemeFile(BaseModel):
    """theme.toml, as a theme's author writes it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: NonBlank | None = None
    # A plain string is the English name.
    organization: Annotated[
        dict[Annotated[str, AfterValidator(_registered)], NonBlank] | None,
        BeforeValidator(lambda value: {"en": value} if isinstance(value, str) else value),
    ] = None
    logo: Annotated[NonBlank | None, AfterValidator(_logo_path)] = None
    area_order: tuple[Annotated[str, AfterValidator(_area)], ...] = ()
    date_style: DateStyle | None = None
    # Each table's keys and values are checked by _convention_problems, per language.
    conventions: dict[Annotated[str, AfterValidator(_registered)], dict[str, Any]] = {}

    @field_validator("area_order")
    @classmethod
    def _once(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for index, area in enumerate(value):
            if area in value[:index]:
                raise ValueError(f"'{area}' is listed twice (first at [{value.index(area)}])")
        return value


def load_theme(directory: Path | None, languages: Collection[str]) -> Theme:
    """The theme in ``directory`` (None: the built-in look); every problem in one ConfigError.

    ``languages`` are the registered language tags its organization names may use.
    """
    if directory is None:
        return Theme()
    if not directory.is_dir():
        raise ConfigError(f"{display_name(directory)}: the theme is not a directory")
    directory = directory.resolve()
    path = directory / THEME_FILE
    if not path.exists():
        return Theme(directory, name=directory.name)
    if path.is_symlink() or not path.is_file():
        raise ConfigError(f"{display_name(path)}: not a regular file")
    data = read_toml(path, "theme")
    problems = []
    context: _Context = {"languages": tuple(languages), "directory": directory}
    try:
        found = validate(_ThemeFile, data, path, context)
    except ConfigError as error:
        problems.append(str(error))
    problems += _convention_problems(display_name(path), data.get("conventions"), languages)
    if problems:
        raise ConfigError("\n".join(problems))
    return Theme(
        directory,
        name=found.name or directory.name,
        organization=dict(found.organization or {}),
        logo=(directory / found.logo).resolve() if found.logo else None,
        area_order=found.area_order,
        date_style=found.date_style,
        conventions={tag: dict(table) for tag, table in found.conventions.items()},
    )


def _convention_problems(name: str, tables: Any, languages: Collection[str]) -> list[str]:
    """A ``file: conventions.<lang>.<key>: message`` line per convention a language cannot have."""
    if not isinstance(tables, dict):
        return []
    problems = []
    for tag, table in tables.items():
        if tag not in languages or not isinstance(table, dict):
            continue  # reported by the model
        for key, choice in table.items():
            problem = _convention_problem(tag, key, choice)
            if problem:
                problems.append(f"{name}: conventions.{tag}.{key}: {problem}")
    return problems


def _convention_problem(lang: str, key: str, choice: Any) -> str | None:
    """Why ``choice`` cannot be ``lang``'s convention ``key``; None when it can."""
    values = CONVENTION_VALUES.get(key)
    if values is None:
        return f"unknown convention (expected one of: {', '.join(CONVENTION_VALUES)})"
    if choice not in values:
        return f"{choice!r} is not one of: {', '.join(values)}"
    languages = values[choice]
    if languages is not None and lang.split("-")[0] not in languages:
        return f"'{choice}' is for {', '.join(languages)} only"
    return None
