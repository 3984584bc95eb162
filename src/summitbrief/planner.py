"""Turn a Summit and the requested languages and pairs into the Editions to print."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from summitbrief.choices import Layout
from summitbrief.errors import ConfigError
from summitbrief.loader import Source
from summitbrief.model import Summit


@dataclass(frozen=True)
class Edition:
    """One memo to print: a summit in one language, or two side by side."""

    summit: Summit
    languages: tuple[str, ...]
    layout: Layout = "single"
    source: Source | None = None
    # (language, field path, language shown instead) for every text not in a language
    missing: tuple[tuple[str, str, str], ...] = field(default=())

    @property
    def stem(self) -> str:
        """The output file name without its suffix: ``<id>.<lang>`` or ``<id>.<left>+<right>``."""
        return f"{self.summit.id}.{'+'.join(self.languages)}"

    @property
    def language(self) -> str:
        """The page's language: the only one, or the left one of a pair."""
        return self.languages[0]

    @property
    def warnings(self) -> tuple[str, ...]:
        """What a reader of this edition would find wrong, one line each."""
        prefix = len(self.languages) > 1
        return tuple(
            f"{lang + ': ' if prefix else ''}{path}: missing translation (shows the {shown} text)"
            for lang, path, shown in self.missing
        )


def default_pairs(summit: Summit) -> list[tuple[str, str]]:
    """The pairs a file declares, else every pair of its languages in their listed order."""
    return list(summit.pairs) or list(combinations(summit.languages, 2))


def plan(
    summit: Summit,
    languages: Sequence[str] | None = None,
    pairs: Sequence[tuple[str, str]] | None = None,
    layout: Layout = "parallel",
    source: Source | None = None,
) -> list[Edition]:
    """The editions to build.

    With neither ``languages`` nor ``pairs``: every language the file declares and
    every pair (its own or the default ones); otherwise just what is asked for.
    """
    if not languages and not pairs:
        languages, pairs = summit.languages, default_pairs(summit)
    singles = [(tag,) for tag in languages or ()]
    editions = []
    for tags in [*singles, *(tuple(pair) for pair in pairs or ())]:
        for tag in tags:
            _check_declared(summit, tag)
        edition_layout: Layout = "single" if len(tags) == 1 else layout
        missing = tuple(
            (tag, path, shown) for tag in tags for path, shown in missing_translations(summit, tag)
        )
        editions.append(Edition(summit, tags, edition_layout, source, missing))
    return editions


def _check_declared(summit: Summit, tag: str) -> None:
    if tag not in summit.languages:
        declared = ", ".join(summit.languages)
        raise ConfigError(
            f"{summit.id}: '{tag}' is not among the languages the file declares ({declared})"
        )


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
