"""Check summit files without printing them: what ``summitbrief validate`` reports per file,
and the translation rules ``validate --strict`` and ``build --strict`` apply."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from summitbrief.builder.sources import discover, load_all
from summitbrief.catalogs import check_catalog, check_content
from summitbrief.errors import RenderError, display_name
from summitbrief.paths import catalog_path
from summitbrief.planner import Edition, missing_translations, plan
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


def translation_findings(editions: Sequence[Edition], press: Press) -> list[str]:
    """What breaks a translation rule in the editions' catalogs and texts (issue 14).

    Every language printed: its catalog (errors, fuzzy and untranslated
    messages) and the texts of each summit file in it, one line each, located.
    """
    languages = dict.fromkeys(lang for e in editions for lang in e.languages)
    findings = [
        finding
        for lang in languages
        for finding in check_catalog(catalog_path(press.locales, lang), lang, strict=True)
    ]
    texts = {(e.source.path, lang): e.summit for e in editions for lang in e.languages if e.source}
    findings += [
        finding
        for (path, lang), summit in texts.items()
        for finding in check_content(summit, path, lang)
    ]
    return [str(finding) for finding in findings]


def check_translations(paths: Sequence[Path], press: Press) -> None:
    """A RenderError listing every translation finding of the files' languages, if any."""
    editions = [
        edition
        for source, summit in load_all(discover(paths), press.languages)
        for edition in plan(summit, source=source)
    ]
    findings = translation_findings(editions, press)
    if findings:
        raise RenderError("translation check failed:\n" + "\n".join(findings))
