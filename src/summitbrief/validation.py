"""Check summit files without printing them: what ``summitbrief validate`` reports per file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from summitbrief.builder.sources import discover, load_all
from summitbrief.errors import display_name
from summitbrief.planner import missing_translations
from summitbrief.press import Press


@dataclass(frozen=True)
class FileReport:
    """One valid file: what it holds, and how many texts each of its languages lacks."""

    source: str
    summary: str
    missing: dict[str, int] = field(default_factory=dict)


def validate_files(paths: Sequence[Path], press: Press) -> list[FileReport]:
    """A report per valid file; a DataError listing every problem of every invalid one."""
    reports = []
    for source, summit in load_all(discover(paths), press.languages):
        count = len(summit.outcomes)
        outcomes = f"{count} outcome" + ("" if count == 1 else "s")
        missing = {
            lang: found
            for lang in summit.languages
            if (found := len(list(missing_translations(summit, lang))))
        }
        summary = f"{summit.id}: {', '.join(summit.languages)}; {outcomes}"
        reports.append(FileReport(display_name(source.path), summary, missing))
    return reports
