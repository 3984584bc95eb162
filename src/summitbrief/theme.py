"""Turn a theme directory and the page options into a Style: how a memo looks.

A theme is a directory given with ``--templates``. Its templates replace the
built-in ones of the same name (render.py puts it first in a Jinja
ChoiceLoader), its ``extra.css`` is appended after the built-in stylesheet,
and its optional ``theme.toml`` names the organization, the logo, the order
of outcome areas and the default style of Japanese dates. The reference is
docs/themes.md; docs/sample-theme/ is a complete example.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from summitbrief.errors import ConfigError, display_name, format_path
from summitbrief.languages import LANGUAGES
from summitbrief.model import AREAS
from summitbrief.resources import TEMPLATES

Paper = Literal["a4", "letter"]
DateStyle = Literal["gregorian", "era"]
PAPERS: tuple[str, ...] = get_args(Paper)
DATE_STYLES: tuple[str, ...] = get_args(DateStyle)
# CSS page sizes: A4 is 210 × 297 mm, US Letter 8.5 × 11 in.
PAGE_SIZES = {"a4": "A4", "letter": "letter"}

THEME_FILE = "theme.toml"
EXTRA_CSS = "extra.css"
THEME_KEYS = ("name", "organization", "logo", "area_order", "date_style")


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
    def template_dirs(self) -> tuple[Path, ...]:
        """Where templates are looked up, first match wins."""
        return (self.directory, TEMPLATES) if self.directory else (TEMPLATES,)

    @property
    def logo_url(self) -> str | None:
        # An absolute file: URL: the PDF fetcher serves it because the theme
        # directory is one of its roots (build.py). SVG is drawn as vectors, so
        # the URL does not end up in the PDF's bytes (a raster image's would).
        return self.logo.as_uri() if self.logo else None

    def organization_in(self, lang: str) -> str | None:
        """The organization's name in ``lang``, else in English, else the first one given."""
        if not self.organization:
            return None
        return (
            self.organization.get(lang)
            or self.organization.get("en")
            or next(iter(self.organization.values()))
        )

    def fingerprint(self) -> str:
        """A hash of every file of the theme: a theme edit rebuilds what it styles."""
        digest = hashlib.sha256()
        if self.directory:
            for path in sorted(p for p in self.directory.rglob("*") if p.is_file()):
                digest.update(path.relative_to(self.directory).as_posix().encode())
                digest.update(path.read_bytes())
        return digest.hexdigest()


@dataclass(frozen=True)
class Style:
    """How a memo looks beyond its content: theme, paper, print marks, Japanese dates."""

    theme: Theme = field(default_factory=Theme)
    paper: Paper = "a4"
    print_marks: bool = False
    date_style: DateStyle = "gregorian"

    @property
    def page_size(self) -> str:
        return PAGE_SIZES[self.paper]


def make_style(
    templates: Path | None = None,
    paper: Paper = "a4",
    print_marks: bool = False,
    date_style: DateStyle | None = None,
) -> Style:
    """The style of a build: its theme read from ``templates``; options win over the theme."""
    if paper not in PAPERS:
        raise ConfigError(f"unknown paper '{paper}' (known: {', '.join(PAPERS)})")
    if date_style is not None and date_style not in DATE_STYLES:
        known = ", ".join(DATE_STYLES)
        raise ConfigError(f"unknown date style '{date_style}' (known: {known})")
    theme = load_theme(templates)
    return Style(theme, paper, print_marks, date_style or theme.date_style or "gregorian")


def load_theme(directory: Path | None) -> Theme:
    """The theme in ``directory`` (None: the built-in look); every problem in one ConfigError."""
    if directory is None:
        return Theme()
    if not directory.is_dir():
        raise ConfigError(f"{display_name(directory)}: the theme is not a directory")
    directory = directory.resolve()
    path = directory / THEME_FILE
    if not path.is_file():
        return Theme(directory, name=directory.name)
    name = display_name(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{name}: cannot read the theme: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{name}: not a valid TOML file: {error}") from None
    reader = _Reader(name)
    theme = Theme(
        directory,
        name=reader.string(data, "name") or directory.name,
        organization=reader.organization(data),
        logo=reader.logo(data, directory),
        area_order=reader.area_order(data),
        date_style=reader.choice(data, "date_style", DATE_STYLES),  # type: ignore[arg-type]
    )
    for key in data:
        if key not in THEME_KEYS:
            reader.problem((key,), f"unknown key (expected one of: {', '.join(THEME_KEYS)})")
    if reader.problems:
        raise ConfigError("\n".join(reader.problems))
    return theme


@dataclass
class _Reader:
    """Reads the keys of theme.toml, collecting a ``file: key: message`` line per problem."""

    file: str
    problems: list[str] = field(default_factory=list)

    def problem(self, path: tuple[str | int, ...], message: str) -> None:
        self.problems.append(f"{self.file}: {format_path(path)}: {message}")

    def string(self, data: dict[str, Any], key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem((key,), f"expected a non-empty string, got {value!r}")
            return None
        return value

    def choice(self, data: dict[str, Any], key: str, allowed: tuple[str, ...]) -> str | None:
        value = data.get(key)
        if value is not None and value not in allowed:
            self.problem((key,), f"{value!r} is not one of: {', '.join(allowed)}")
            return None
        return value

    def organization(self, data: dict[str, Any]) -> dict[str, str]:
        value = data.get("organization")
        if value is None:
            return {}
        if isinstance(value, str):
            value = {"en": value}
        if not isinstance(value, dict) or not value:
            self.problem(
                ("organization",),
                'expected a string or a table of language tag = name: {en = "…", ko = "…"}',
            )
            return {}
        names = {}
        for tag, text in value.items():
            if tag not in LANGUAGES:
                known = ", ".join(LANGUAGES)
                self.problem(("organization", tag), f"unknown language '{tag}' (known: {known})")
            elif not isinstance(text, str) or not text.strip():
                self.problem(("organization", tag), f"expected a non-empty string, got {text!r}")
            else:
                names[tag] = text
        return names

    def logo(self, data: dict[str, Any], directory: Path) -> Path | None:
        value = self.string(data, "logo")
        if value is None:
            return None
        path = (directory / value).resolve()
        if not path.is_relative_to(directory):
            self.problem(("logo",), f"'{value}' is outside the theme directory")
        elif path.suffix.lower() != ".svg":
            self.problem(("logo",), f"'{value}' is not an SVG file (.svg)")
        elif not path.is_file():
            self.problem(("logo",), f"'{value}' does not exist in {display_name(directory)}")
        else:
            return path
        return None

    def area_order(self, data: dict[str, Any]) -> tuple[str, ...]:
        value = data.get("area_order")
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(("area_order",), f"expected a list of area keys, got {value!r}")
            return ()
        order: list[str] = []
        for index, area in enumerate(value):
            if area not in AREAS:
                self.problem(
                    ("area_order", index), f"unknown area {area!r} (known: {', '.join(AREAS)})"
                )
            elif area in order:
                first = value.index(area)
                self.problem(
                    ("area_order", index),
                    f"'{area}' is listed twice (first at area_order[{first}])",
                )
            else:
                order.append(area)
        return tuple(order)
