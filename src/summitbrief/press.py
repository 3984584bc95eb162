"""Open the press of a run: every setting the stages share, read and checked once.

Every entry point (build, preview, validate, doctor, the API, the tests) opens
one :class:`Press` from the same options and hands it to every stage. It says
which languages, catalogs, templates, theme, look options, stylesheets and
fonts the run uses, and fingerprints them, so nothing below reads a global or
a default path.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment

from summitbrief.choices import DateStyle, Paper
from summitbrief.errors import ConfigError, display_name
from summitbrief.fingerprint import catalog_digest, run_fingerprint
from summitbrief.fonts.lookup import FontFile, language_fonts
from summitbrief.i18n import Catalog, read_catalog
from summitbrief.languages import Languages, read_languages
from summitbrief.printing import Printing, Stylesheet
from summitbrief.render.environment import template_environment
from summitbrief.resources import LOCALES, TEMPLATES
from summitbrief.theme import Style, load_theme, make_style

STYLESHEET = "css/memo.css"
MAX_STYLESHEET_BYTES = 2 * 2**20


class Catalogs(Mapping[str, Catalog]):
    """Each registered language's catalog, read on first use and then kept for the run.

    Read lazily so that a broken catalog only stops a run that prints its language.
    """

    def __init__(self, locales: Path, languages: Languages) -> None:
        self._locales = locales
        self._languages = languages
        self._read: dict[str, Catalog] = {}
        self._lock = threading.Lock()

    def __getitem__(self, lang: str) -> Catalog:
        with self._lock:
            if lang not in self._read:
                language = self._languages[lang]
                self._read[lang] = read_catalog(self._locales, lang, language.locale)
            return self._read[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._languages)

    def __len__(self) -> int:
        return len(self._languages)

    def digest(self, lang: str) -> str:
        """The SHA-256 of ``lang``'s catalog file: enough to tell a build it changed."""
        if lang in self._read:
            return self._read[lang].digest
        return catalog_digest(self._locales, lang)


@dataclass(frozen=True)
class Press:
    """Everything a run shares: open it with :func:`open_press`."""

    templates: Path
    locales: Path
    languages: Languages
    catalogs: Catalogs
    environment: Environment = field(repr=False)
    style: Style
    # memo.css, the page's size and marks, the theme's extra.css: in cascade order.
    stylesheets: tuple[Stylesheet, ...] = field(repr=False)
    # Every file a PDF may fetch lies under one of these: the templates and the theme.
    fetch_roots: tuple[Path, ...]
    # Templates, theme, registry, look options, tools and code: hashed once.
    fingerprint: str

    def fonts(self, lang: str) -> tuple[FontFile, ...]:
        """The faces fontconfig gives ``lang``'s families (regular and bold)."""
        return tuple(language_fonts(self.languages.require(lang).fonts, lang))

    @property
    def printing(self) -> Printing:
        """The part of the press the PDF stage reads."""
        return Printing(
            self.templates,
            {tag: language.fonts for tag, language in self.languages.items()},
            self.stylesheets,
            self.fetch_roots,
            self.style.print_marks,
            self.style.bleed_mm,
        )


def open_press(
    *,
    theme: Path | None = None,
    templates: Path | None = None,
    locales: Path | None = None,
    paper: Paper = "a4",
    print_marks: bool = False,
    bleed: float | None = None,
    date_style: DateStyle | None = None,
    cache: Path | None = None,
) -> Press:
    """The press of a run; every problem with the options or their files as a ConfigError.

    ``cache`` is a folder of this user's where compiled templates are kept
    between runs (the command line passes ``~/.cache/summitbrief``).
    """
    templates = (templates or TEMPLATES).resolve()
    locales = (locales or LOCALES).resolve()
    if not (templates / STYLESHEET).is_file():
        raise ConfigError(f"{display_name(templates)}: not a templates folder (no {STYLESHEET})")
    languages = read_languages(locales)
    style = make_style(load_theme(theme, languages), paper, print_marks, date_style, bleed)
    directory = style.theme.directory
    stylesheets = (
        _stylesheet(templates / STYLESHEET),
        Stylesheet("page", page_css(style), templates),
        *((_stylesheet(style.theme.stylesheet, theme=True),) if style.theme.stylesheet else ()),
    )
    roots = (templates, *((directory,) if directory else ()))
    return Press(
        templates=templates,
        locales=locales,
        languages=languages,
        catalogs=Catalogs(locales, languages),
        environment=template_environment(templates, directory, cache),
        style=style,
        stylesheets=stylesheets,
        fetch_roots=roots,
        fingerprint=run_fingerprint(
            templates, locales, directory, (paper, print_marks, bleed, date_style)
        ),
    )


def page_css(style: Style) -> str:
    """The page's size and its bleed (--bleed, 3 mm with --print-marks).

    WeasyPrint paints the page into the bleed and writes the TrimBox and
    BleedBox; pdf/marks.py draws the marks outside it.
    """
    bleed = f" bleed: {style.bleed_mm:g}mm;" if style.bleed_mm else ""
    return f"@page {{ size: {style.page_size};{bleed} }}\n"


def _stylesheet(path: Path, theme: bool = False) -> Stylesheet:
    try:
        if path.stat().st_size > MAX_STYLESHEET_BYTES:
            raise ConfigError(f"{display_name(path)}: a stylesheet larger than 2 MiB")
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{display_name(path)}: cannot read the stylesheet: {error}") from None
    return Stylesheet(path.name, text, path.parent, theme)
