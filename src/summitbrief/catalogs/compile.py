"""Turn each language's .po catalog into the binary .mo file packagers expect.

The runtime reads the .po files directly (see :mod:`summitbrief.i18n`); .mo
files are for distributions that want them. A catalog with errors is not
compiled, as ``msgfmt --check`` refuses it; fuzzy messages are left out.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.messages.mofile import write_mo

from summitbrief.catalogs import pofile
from summitbrief.catalogs.check import message_errors
from summitbrief.errors import ConfigError, DataError, Problem, display_name
from summitbrief.languages import read_languages
from summitbrief.paths import catalog_path


@dataclass(frozen=True)
class Compiled:
    """One .mo file written."""

    lang: str
    path: Path
    messages: int
    changed: bool


def compile_catalogs(locales: Path, languages: Sequence[str] = ()) -> list[Compiled]:
    """Write ``messages.mo`` beside the catalog of every registered language (or ``languages``)."""
    registered = read_languages(locales)
    tags = list(languages) or list(registered)
    problems = []
    compiled = []
    for tag in tags:
        if tag not in registered:
            raise ConfigError(f"unknown language '{tag}' (known: {', '.join(registered)})")
        source = catalog_path(locales, tag)
        if not source.exists():
            raise ConfigError(
                f"no catalog for '{tag}' ({display_name(source)}): "
                f"run `summitbrief i18n init {tag}`"
            )
        catalog = pofile.read(source, tag).catalog
        problems += [
            Problem(display_name(source), m.lineno or 1, 1, "", f"{m.id!r}: {error}")
            for m in catalog
            if m.id and m.string and not m.fuzzy
            for error in message_errors(m, tag)
        ]
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        count = sum(1 for m in catalog if m.id and m.string and not m.fuzzy)
        compiled.append((tag, source.with_suffix(".mo"), count, buffer.getvalue()))
    if problems:
        raise DataError(problems)
    return [
        Compiled(tag, path, count, pofile.write(path, data)) for tag, path, count, data in compiled
    ]
