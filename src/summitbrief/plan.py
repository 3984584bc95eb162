"""Turn a Summit and the requested languages into the Editions to print."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from summitbrief.errors import ConfigError
from summitbrief.languages import get_language
from summitbrief.model import Summit


@dataclass(frozen=True)
class Edition:
    """One memo to print: a summit in one language, with what is missing from it."""

    summit: Summit
    language: str
    source: Path | None = None
    # (field path, language shown instead) for every text not in ``language``
    missing: tuple[tuple[str, str], ...] = field(default=())

    @property
    def stem(self) -> str:
        """The output file name without its suffix: ``<id>.<lang>``."""
        return f"{self.summit.id}.{self.language}"

    @property
    def warnings(self) -> tuple[str, ...]:
        """What a reader of this edition would find wrong, one line each."""
        return tuple(
            f"{path}: missing translation (shows the {shown} text)"
            for path, shown in self.missing
        )


def plan(
    summit: Summit, languages: Sequence[str] | None = None, source: Path | None = None
) -> list[Edition]:
    """The editions of ``summit`` in ``languages`` (default: every language it declares)."""
    wanted = list(languages) if languages else list(summit.languages)
    for tag in wanted:
        get_language(tag)
        if tag not in summit.languages:
            declared = ", ".join(summit.languages)
            raise ConfigError(
                f"{summit.id}: '{tag}' is not among the languages the file declares ({declared})"
            )
    return [
        Edition(summit, tag, source, tuple(missing_translations(summit, tag))) for tag in wanted
    ]


def missing_translations(summit: Summit, lang: str) -> Iterator[tuple[str, str]]:
    """``(field path, language shown instead)`` of every text with no ``lang`` version."""
    for path, text in summit.texts():
        shown = choose(text, lang, summit.source_language)[1]
        if shown is not None:
            yield path, shown


def choose(text: dict[str, str], lang: str, source: str) -> tuple[str, str | None]:
    """The text in ``lang``; else the source text, or the first one given, and its language."""
    if lang in text:
        return text[lang], None
    fallback = source if source in text else next(iter(text))
    return text[fallback], fallback

