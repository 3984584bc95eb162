"""Turn a theme directory and the page options into a Style: how a memo looks.

A theme is a directory given with ``--theme``. Its templates replace the
built-in ones of the same name (the press puts it first in the Jinja loader),
its ``extra.css`` follows the built-in stylesheet, and its optional
``theme.toml`` names the organization, the logo, the order of outcome areas
and the default style of Japanese dates. The reference is docs/themes.md;
docs/sample-theme/ is a complete example.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

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
    date_style = date_style or theme.date_style or "gregorian"
    return Style(theme, paper, print_marks, date_style, bleed)


def _registered(tag: str, info: ValidationInfo) -> str:
    known: Collection[str] = info.context["languages"]
    if tag not in known:
        raise ValueError(f"unknown language '{tag}' (known: {', '.join(known)})")
    return tag


def _logo_path(value: str | None, info: ValidationInfo) -> str | None:
    """An SVG file inside the theme directory."""
    if value is None:
        return None
    directory: Path = info.context["directory"]
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
    found = validate(
        _ThemeFile, data, path, {"languages": tuple(languages), "directory": directory}
    )
    return Theme(
        directory,
        name=found.name or directory.name,
        organization=dict(found.organization or {}),
        logo=(directory / found.logo).resolve() if found.logo else None,
        area_order=found.area_order,
        date_style=found.date_style,
    )
