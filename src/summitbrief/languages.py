"""The language registry: a language tag's Babel locale, name and fonts.

The registry is data, ``locales/languages.toml``: one table per language tag,
in the order commands list them. ``summitbrief i18n init TAG`` adds a table
and a catalog; adding a language needs no change to the code.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from summitbrief.errors import ConfigError, display_name
from summitbrief.resources import LOCALES

REGISTRY = "languages.toml"

# BCP 47 as summit files use it: language, optional script, optional region
# (en, ko, zh-Hans, pt-BR, sr-Latn-RS); no variants or extensions.
TAG = re.compile(r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|\d{3}))?")


@dataclass(frozen=True)
class Language:
    """What the pipeline needs to know to set text in one language."""

    tag: str
    locale: str
    name: str
    # fontconfig family names, first choice first. The CJK families are the
    # regional cuts of one design, so shared Han characters take Korean or
    # Japanese glyph forms by the language of the text they sit in.
    fonts: tuple[str, ...]


def registry_path(locales: Path) -> Path:
    """The registry file of a locales directory."""
    return locales / REGISTRY


def read_languages(locales: Path) -> dict[str, Language]:
    """The languages registered under ``locales``, in the file's order."""
    path = registry_path(locales)
    name = display_name(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{name}: cannot read the language registry: {error.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{name}: not a valid TOML file: {error}") from None
    return {tag: _language(name, tag, table) for tag, table in data.items()}


def _language(name: str, tag: str, table: Any) -> Language:
    where = f"{name}: [{tag}]"
    if not TAG.fullmatch(tag):
        raise ConfigError(f"{where}: not a BCP 47 language tag such as ko, ja or zh-Hans")
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table with locale, name and fonts")
    unknown = sorted(set(table) - {"locale", "name", "fonts"})
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]} (expected locale, name, fonts)")
    for key in ("locale", "name"):
        if not isinstance(table.get(key), str) or not table[key].strip():
            raise ConfigError(f"{where}.{key}: expected a non-empty string")
    fonts = table.get("fonts")
    if (
        not isinstance(fonts, list)
        or not fonts
        or not all(isinstance(f, str) and f.strip() for f in fonts)
    ):
        raise ConfigError(f"{where}.fonts: expected a non-empty list of font family names")
    try:
        Locale.parse(table["locale"])
    except (ValueError, UnknownLocaleError):
        raise ConfigError(
            f"{where}.locale: '{table['locale']}' is not a locale Babel knows (e.g. ko_KR)"
        ) from None
    return Language(tag, table["locale"], table["name"], tuple(fonts))


class Registry(Mapping[str, Language]):
    """The languages of a locales directory, read on first use.

    Lazy so that a broken registry file is reported by the command that
    meets it (one line, exit 1) instead of failing every import.
    """

    def __init__(self, locales: Path) -> None:
        self.locales = locales
        self._languages: dict[str, Language] | None = None

    def _loaded(self) -> dict[str, Language]:
        if self._languages is None:
            self._languages = read_languages(self.locales)
        return self._languages

    def __getitem__(self, tag: str) -> Language:
        return self._loaded()[tag]

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())

    def __repr__(self) -> str:
        return f"Registry({self.locales!s})"


LANGUAGES: Mapping[str, Language] = Registry(LOCALES)


def get_language(tag: str) -> Language:
    """The registered language for ``tag``, or a ConfigError naming the known ones."""
    try:
        return LANGUAGES[tag]
    except KeyError:
        known = ", ".join(LANGUAGES)
        raise ConfigError(f"unknown language '{tag}' (known: {known})") from None
