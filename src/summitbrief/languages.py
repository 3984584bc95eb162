"""The language registry: a language tag's Babel locale, name and fonts.

The registry is data, ``<locales>/languages.toml``: one table per language
tag, in the order commands list them. ``summitbrief i18n init TAG`` adds a
table and a catalog; adding a language needs no change to the code. The
registry is read once per run, by the press (press.py), and handed on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Annotated

from babel import Locale, UnknownLocaleError
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, RootModel

from summitbrief.configfile import read_toml, validate
from summitbrief.errors import ConfigError
from summitbrief.paths import registry_path

# BCP 47 as summit files use it: language, optional script, optional region
# (en, ko, zh-Hans, pt-BR, sr-Latn-RS); no variants or extensions.
TAG = re.compile(r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|\d{3}))?")


def _babel_locale(value: str) -> str:
    try:
        Locale.parse(value)
    except (ValueError, UnknownLocaleError):
        raise ValueError(f"'{value}' is not a locale Babel knows (e.g. ko_KR)") from None
    return value


def _tag(value: str) -> str:
    if not TAG.fullmatch(value):
        raise ValueError(f"'{value}' is not a BCP 47 language tag such as ko, ja or zh-Hans")
    return value


NonBlank = Annotated[str, Field(min_length=1, pattern=r"\S")]


class Language(BaseModel):
    """What the pipeline needs to know to set text in one language."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    tag: str
    locale: Annotated[NonBlank, AfterValidator(_babel_locale)]
    name: NonBlank
    # fontconfig family names, first choice first. The CJK families are the
    # regional cuts of one design, so shared Han characters take Korean or
    # Japanese glyph forms by the language of the text they sit in.
    fonts: tuple[NonBlank, ...] = Field(min_length=1)


class _Entry(BaseModel):
    """One table of languages.toml."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    locale: Annotated[NonBlank, AfterValidator(_babel_locale)]
    name: NonBlank
    fonts: tuple[NonBlank, ...] = Field(min_length=1)


class _Registry(RootModel[dict[Annotated[str, AfterValidator(_tag)], _Entry]]):
    pass


class Languages(Mapping[str, Language]):
    """The registered languages, in the registry's order; read-only."""

    def __init__(self, languages: Mapping[str, Language]) -> None:
        self._languages = dict(languages)

    def __getitem__(self, tag: str) -> Language:
        return self._languages[tag]

    def __iter__(self) -> Iterator[str]:
        return iter(self._languages)

    def __len__(self) -> int:
        return len(self._languages)

    def __repr__(self) -> str:
        return f"Languages({', '.join(self._languages)})"

    def require(self, tag: str) -> Language:
        """The language ``tag``, or a ConfigError naming the known ones."""
        try:
            return self._languages[tag]
        except KeyError:
            raise ConfigError(f"unknown language '{tag}' (known: {', '.join(self)})") from None

    def base(self, tag: str) -> Language | None:
        """The language of ``tag`` or of its base language (``ko-KR`` → ``ko``), if registered."""
        return self._languages.get(tag) or self._languages.get(tag.split("-")[0])


def read_languages(locales: Path) -> Languages:
    """The languages registered under ``locales``, in the file's order."""
    path = registry_path(locales)
    data = read_toml(path, "language registry")
    registry = validate(_Registry, data, path)
    return Languages(
        {tag: Language(tag=tag, **entry.model_dump()) for tag, entry in registry.root.items()}
    )
