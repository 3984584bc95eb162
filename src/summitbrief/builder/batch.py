"""Turn summit files into written artifacts and their manifest: plan, skip, make, write.

Everything is made before anything is written, so a failed or strict build
leaves the output directory as it was (builder/output.py writes all or
nothing). Artifacts whose inputs match the manifest are skipped; the others
are made by :func:`make_artifact`, in worker processes when ``--jobs`` asks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summitbrief.builder.inputs import input_hash
from summitbrief.builder.make import (
    Artifact,
    Prepared,
    finish,
    make_artifact,
    pdf_options,
    prepare,
    recut,
    relative_path,
)
from summitbrief.builder.manifest import ArtifactRecord, Manifest, read_manifest
from summitbrief.builder.options import BuildOptions
from summitbrief.builder.output import write_build
from summitbrief.builder.printers import Printers, result
from summitbrief.builder.sources import discover, load_all
from summitbrief.builder.uptodate import as_written, request_key
from summitbrief.errors import ConfigError, RenderError, display_name
from summitbrief.loader import Source
from summitbrief.model import Summit
from summitbrief.paths import MANIFEST
from summitbrief.planner import Edition, plan
from summitbrief.press import Press

if TYPE_CHECKING:
    from summitbrief.pdf.document import Printed
from summitbrief.toolchain import font_record, versions

Progress = Callable[[Artifact], None]


def build(
    sources: Sequence[Path],
    options: BuildOptions,
    press: Press,
    progress: Progress | None = None,
    printers: Printers | None = None,
) -> list[Artifact]:
    """Build every edition of every source that is not up to date, and update the manifest.

    PDFs are printed by ``printers`` (a command line starts them early), else
    by ``options.jobs`` printer processes when there is more than one, else here.
    """
    loaded = load_all(discover(sources), press.languages)
    editions = _select(plan_all(loaded, options), options.shard)
    translations = []
    if options.strict:
        from summitbrief.validation import translation_findings

        # Checked before rendering, reported with the rendering warnings (issue 14).
        translations = translation_findings(editions, press)
    previous = read_manifest(options.out / MANIFEST)
    known = previous.by_path() if previous and not options.force else {}
    todo, results = [], {}
    for edition in editions:
        relative = relative_path(edition, options)
        key = input_hash(edition, press, options)
        found = known.get(relative)
        if (
            found
            and found.input_hash == key
            and as_written(options.out / relative, found.bytes, found.sha256)
        ):
            results[relative] = _skipped(edition, options, found)
        else:
            todo.append((edition, key))
    if printers is not None and options.format == "pdf":
        printers.expect(len(todo))
        if todo:
            printers.prepare(press.printing)
    own = Printers(min(options.jobs, len(todo))) if _own_printers(printers, options, todo) else None
    try:
        for artifact in _make_all(todo, press, options, progress, printers or own):
            results[artifact.path.relative_to(options.out).as_posix()] = artifact
    finally:
        if own is not None:
            own.close()
    artifacts = [results[relative_path(e, options)] for e in editions]
    if options.strict:
        problems = translations + [f"{a.edition.stem}: {w}" for a in artifacts for w in a.warnings]
        if problems:
            raise RenderError("strict build failed, nothing written:\n" + "\n".join(problems))
    made = [a for a in artifacts if not a.skipped]
    plans = _plans(loaded, editions, options)
    if made or previous is None or _new_plans(previous, plans):
        write_build(made, options, tools(press), plans)
    for artifact in artifacts:
        if artifact.skipped and progress:
            progress(artifact)
    return [replace(a, data=b"") for a in artifacts]


def _plans(
    loaded: Sequence[tuple[Source, Summit]], editions: Sequence[Edition], options: BuildOptions
) -> dict[str, dict[str, tuple[str, ...]]]:
    """Which artifacts each source gives for this request: what a no-op rebuild checks."""
    names = {id(source): display_name(source.path) for source, _ in loaded}
    key = request_key(options, [(names[id(s)], s.digest) for s, _ in loaded])
    plans: dict[str, dict[str, tuple[str, ...]]] = {name: {key: ()} for name in names.values()}
    for edition in editions:
        if edition.source is not None:
            name = names[id(edition.source)]
            plans[name][key] = (*plans[name][key], relative_path(edition, options))
    return plans


def _new_plans(previous: Manifest, plans: dict[str, dict[str, tuple[str, ...]]]) -> bool:
    """Whether a request's plans are not yet in the manifest (then it is written anew)."""
    return any(
        previous.plans.get(source, {}).get(key) != paths
        for source, keys in plans.items()
        for key, paths in keys.items()
    )


def _own_printers(printers: Printers | None, options: BuildOptions, todo: Sequence[object]) -> bool:
    """Whether a build needs printer processes of its own: several PDFs and several jobs."""
    return printers is None and options.format == "pdf" and min(options.jobs, len(todo)) > 1


def plan_all(loaded: list[tuple[Source, Summit]], options: BuildOptions) -> list[Edition]:
    """The editions of every loaded file; two files may not share an id."""
    editions = []
    owners: dict[str, Path] = {}
    for source, summit in loaded:
        other = owners.setdefault(summit.id, source.path)
        if other != source.path:
            raise ConfigError(
                f"{display_name(source.path)}: id '{summit.id}' is also the id of "
                f"{display_name(other)}"
            )
        editions += plan(summit, options.languages, options.pairs, options.layout, source)
    return editions


def _select(editions: list[Edition], shard: tuple[int, int] | None) -> list[Edition]:
    """The K-th of N shards: every N-th artifact in the order of their file names."""
    if shard is None:
        return editions
    number, count = shard
    ordered = sorted(editions, key=lambda e: (e.summit.id, e.stem))
    chosen = {id(e) for index, e in enumerate(ordered) if index % count == number - 1}
    return [e for e in editions if id(e) in chosen]


def _skipped(edition: Edition, options: BuildOptions, record: ArtifactRecord) -> Artifact:
    return Artifact(
        options.out / record.path,
        edition,
        record.format,
        record.bytes,
        record.pages,
        record.warnings,
        record.sha256,
        record.input_hash,
        skipped=True,
    )


def _make_all(
    todo: list[tuple[Edition, str]],
    press: Press,
    options: BuildOptions,
    progress: Progress | None,
    printers: Printers | None,
) -> Iterable[Artifact]:
    """Each edition made: rendered here, printed by the printers (in this process without)."""
    if printers is None or options.format == "html":
        for edition, key in todo:
            artifact = make_artifact(edition, press, options, key)
            if progress:
                progress(artifact)
            yield artifact
        return
    printing = press.printing

    def submit(prepared: Prepared) -> Future[Printed]:
        return printers.print(prepared.html, printing, pdf_options(prepared, options))

    # Every edition is handed out before any result is awaited, so the printers
    # stay busy; a memo to cut again (pdf/balance.py) is rendered and handed back.
    pending = [
        (prepared, submit(prepared))
        for prepared in (prepare(e, press, options, key) for e, key in todo)
    ]
    for prepared, future in pending:
        printed = result(future)
        while (again := recut(prepared, press, printed)) is not None:
            prepared = again
            printed = result(submit(prepared))
        artifact = finish(prepared, press, options, printed)
        if progress:
            progress(artifact)
        yield artifact


def tools(press: Press) -> dict[str, Any]:
    """Versions and the font files of every registered language (the same for every shard)."""
    fonts = {
        (font.family, font.style): font_record(font)
        for lang in press.languages
        for font in press.fonts(lang)
    }
    return {**versions(), "fonts": [vars(record) for _, record in sorted(fonts.items())]}
