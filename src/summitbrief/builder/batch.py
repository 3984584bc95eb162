"""Turn summit files into written artifacts and their manifest: plan, render, print, write.

Everything is rendered before anything is written, so a failed or strict
build leaves the output directory as it was; every file is written through a
temporary file and a rename, so an interrupted build leaves no partial file.
Artifacts whose inputs match the manifest are skipped.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from summitbrief.builder.manifest import (
    MANIFEST,
    ArtifactRecord,
    Translation,
    read_manifest,
    updated,
)
from summitbrief.builder.toolchain import code_hash, font_fingerprint, font_record, versions
from summitbrief.errors import ConfigError, DataError, RenderError, display_name
from summitbrief.files import write_atomically
from summitbrief.fonts.glyphs import missing_glyphs
from summitbrief.fonts.lookup import language_fonts
from summitbrief.i18n import catalog_path
from summitbrief.languages import LANGUAGES, get_language, registry_path
from summitbrief.loader import load
from summitbrief.model import Summit
from summitbrief.planner import Edition, Layout, plan
from summitbrief.render.html import render_html
from summitbrief.resources import LOCALES, SAMPLE, TEMPLATES, samples
from summitbrief.theme import DateStyle, Paper, Style, make_style

if TYPE_CHECKING:
    from summitbrief.pdf.document import PdfOptions

OutputFormat = Literal["pdf", "html"]
SUMMIT_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class BuildOptions:
    """What to build, where and how."""

    out: Path = Path("output")
    languages: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    layout: Layout = "parallel"
    format: OutputFormat = "pdf"
    strict: bool = False
    variant: str | None = None
    jobs: int = 1
    force: bool = False
    shard: tuple[int, int] | None = None  # (K, N): the K-th of N shards, from 1
    # How the memos look (theme.py): a theme directory, the paper, crop marks
    # and bleed, Japanese era dates (None: the theme's choice, else Gregorian).
    templates: Path | None = None
    paper: Paper = "a4"
    print_marks: bool = False
    date_style: DateStyle | None = None


@dataclass(frozen=True)
class Artifact:
    """One output file and what a reader should know about it."""

    path: Path
    edition: Edition
    format: OutputFormat
    size: int
    pages: int | None
    warnings: tuple[str, ...] = field(default=())
    sha256: str = ""
    input_hash: str = ""
    skipped: bool = False


Progress = Callable[[Artifact], None]


def discover(paths: Sequence[Path]) -> list[Path]:
    """The summit files given, and those under the directories given, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.suffix in SUMMIT_SUFFIXES
                and p.name != MANIFEST
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def load_all(sources: Sequence[Path]) -> list[tuple[Path, Summit]]:
    """Load every file (the embedded samples when none is given), reporting every problem."""
    loaded, problems = [], []
    for source in sources or samples():
        try:
            loaded.append((source, load(source)))
        except DataError as error:
            problems.extend(error.problems)
    if problems:
        raise DataError(problems)
    return loaded


def build(
    sources: Sequence[Path], options: BuildOptions, progress: Progress | None = None
) -> list[Artifact]:
    """Build every edition of every source that is not up to date, and update the manifest."""
    _style(options)  # a broken theme is reported before anything renders
    editions = _select(_plan_all(load_all(discover(sources)), options), options.shard)
    previous = read_manifest(options.out / MANIFEST)
    known = previous.by_path() if previous and not options.force else {}
    todo, results = [], {}
    for edition in editions:
        relative = _relative_path(edition, options)
        key = input_hash(edition, options)
        record = known.get(relative)
        if record and record.input_hash == key and _unchanged(options.out / relative, record):
            results[relative] = (_skipped(edition, options, record), None)
        else:
            todo.append((edition, relative, key))
    for artifact, data in _render_all(todo, options, progress):
        results[_relative(artifact.path, options.out)] = (artifact, data)
    artifacts = [results[_relative_path(e, options)][0] for e in editions]
    if options.strict:
        problems = [f"{a.edition.stem}: {w}" for a in artifacts for w in a.warnings]
        if problems:
            raise RenderError("strict build failed, nothing written:\n" + "\n".join(problems))
    written = [(a, data) for a, data in results.values() if data is not None]
    for artifact, _ in written:
        _check_inside(artifact.path, options.out)
    for artifact, data in written:
        write_atomically(artifact.path, data)
    if written or previous is None:
        # Another build may be writing into the same directory: read the
        # manifest again under a lock so that neither build's entries are lost.
        with _locked(options.out):
            current = read_manifest(options.out / MANIFEST)
            records = [_record(a, options) for a, _ in written]
            manifest = updated(current, _tools(), records)
            write_atomically(options.out / MANIFEST, manifest.to_json().encode("utf-8"))
    for artifact in artifacts:
        if artifact.skipped and progress:
            progress(artifact)
    return artifacts


def _plan_all(loaded: list[tuple[Path, Summit]], options: BuildOptions) -> list[Edition]:
    editions = []
    owners: dict[str, Path] = {}
    for source, summit in loaded:
        other = owners.setdefault(summit.id, source)
        if other != source:
            raise ConfigError(
                f"{display_name(source)}: id '{summit.id}' is also the id of {display_name(other)}"
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


def _relative_path(edition: Edition, options: BuildOptions) -> str:
    return f"{edition.summit.id}/{edition.stem}.{options.format}"


def _relative(path: Path, out: Path) -> str:
    return path.relative_to(out).as_posix()


def _unchanged(path: Path, record: ArtifactRecord) -> bool:
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return len(data) == record.bytes and hashlib.sha256(data).hexdigest() == record.sha256


def _skipped(edition: Edition, options: BuildOptions, record: ArtifactRecord) -> Artifact:
    path = options.out / record.path
    fmt: OutputFormat = "html" if record.format == "html" else "pdf"
    return Artifact(
        path,
        edition,
        fmt,
        record.bytes,
        record.pages,
        record.warnings,
        record.sha256,
        record.input_hash,
        skipped=True,
    )


def _render_all(
    todo: list[tuple[Edition, str, str]], options: BuildOptions, progress: Progress | None
) -> Iterable[tuple[Artifact, bytes]]:
    if options.jobs <= 1 or len(todo) <= 1:
        for edition, relative, key in todo:
            made = make(edition, options, relative, key)
            if progress:
                progress(made[0])
            yield made
        return
    # fork: the workers inherit the loaded summits and the parent has not
    # imported WeasyPrint, so nothing heavy or stateful is shared.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=options.jobs, mp_context=context) as pool:
        futures = [pool.submit(make, e, options, relative, key) for e, relative, key in todo]
        for future in futures:
            made = future.result()
            if progress:
                progress(made[0])
            yield made


def make(
    edition: Edition, options: BuildOptions, relative: str, key: str
) -> tuple[Artifact, bytes]:
    """Render and print one edition, in memory."""
    path = options.out / relative
    style = _style(options)
    html = render_html(edition, style=style)
    warnings = edition.warnings + missing_glyphs(edition)
    if options.format == "html":
        data = html.encode("utf-8")
        pages = None
    else:
        from summitbrief.pdf.document import render_pdf

        # The theme's files (its logo) are the only ones a PDF may fetch beside the templates.
        roots = [style.theme.directory] if style.theme.directory else []
        printed = render_pdf(html, roots=roots, options=_pdf_options(edition, options))
        data, pages = printed.data, printed.pages
        warnings += printed.warnings
    sha = hashlib.sha256(data).hexdigest()
    return Artifact(path, edition, options.format, len(data), pages, warnings, sha, key), data


def _style(options: BuildOptions) -> Style:
    return make_style(options.templates, options.paper, options.print_marks, options.date_style)


def _pdf_options(edition: Edition, options: BuildOptions) -> PdfOptions:
    from summitbrief.pdf.document import PdfOptions

    source = edition.source or SAMPLE
    meeting = dt.datetime.combine(edition.summit.date, dt.time(), tzinfo=dt.UTC)
    # Only PDF/A-3b carries the summit file.
    attached = (source.name, source.read_bytes()) if options.variant == "pdf/a-3b" else None
    return PdfOptions(
        variant=options.variant,
        source=attached,
        created=source_date(),
        attachment_date=meeting,
    )


def source_date() -> dt.datetime | None:
    """The date reproducible builds stamp on their output (SOURCE_DATE_EPOCH), if set."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), tz=dt.UTC)
    except (ValueError, OverflowError):
        raise ConfigError(f"SOURCE_DATE_EPOCH={value!r} is not a number of seconds") from None


def input_hash(edition: Edition, options: BuildOptions) -> str:
    """A hash of everything that shapes an artifact: change any of it and it is rebuilt."""
    languages = dict.fromkeys([*edition.languages, edition.summit.source_language])
    source = edition.source or SAMPLE
    inputs = {
        "data": hashlib.sha256(source.read_bytes()).hexdigest(),
        "edition": [list(edition.languages), edition.layout],
        "options": [options.format, options.variant, os.environ.get("SOURCE_DATE_EPOCH")],
        "style": [options.paper, options.print_marks, options.date_style],
        "templates": _tree_hash(TEMPLATES),
        "theme": _style(options).theme.fingerprint(),
        "catalogs": [_file_hash(catalog_path(LOCALES, lang)) for lang in edition.languages],
        "registry": _file_hash(registry_path(LOCALES)),
        "fonts": [
            font_fingerprint(font)
            for lang in languages
            for font in language_fonts(get_language(lang).fonts, lang)
        ],
        "tools": versions(),
        "code": code_hash(),
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


@cache
def _tree_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _file_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def _tools() -> dict[str, Any]:
    """Versions and the font files of every registered language (the same for every shard)."""
    fonts = {
        (font.family, font.style): font_record(font)
        for lang, language in LANGUAGES.items()
        for font in language_fonts(language.fonts, lang)
    }
    return {
        **versions(),
        "fonts": [vars(record) for _, record in sorted(fonts.items())],
    }


def _record(artifact: Artifact, options: BuildOptions) -> ArtifactRecord:
    edition = artifact.edition
    texts = list(edition.summit.texts())
    translations = {}
    for lang in edition.languages:
        fallbacks = tuple(path for tag, path, _ in edition.missing if tag == lang)
        translations[lang] = Translation(len(texts), len(texts) - len(fallbacks), fallbacks)
    return ArtifactRecord(
        path=_relative(artifact.path, options.out),
        summit=edition.summit.id,
        source=display_name(edition.source or SAMPLE),
        languages=edition.languages,
        layout=edition.layout,
        format=artifact.format,
        variant=options.variant if artifact.format == "pdf" else None,
        sha256=artifact.sha256,
        bytes=artifact.size,
        pages=artifact.pages,
        translations=translations,
        warnings=artifact.warnings,
        input_hash=artifact.input_hash,
    )


def _check_inside(path: Path, out: Path) -> None:
    """Refuse to write outside the output directory (a symbolic link in it, say)."""
    if not path.resolve().is_relative_to(out.resolve()):
        raise ConfigError(f"{path}: leads outside the output directory {out}; nothing written")


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    out.mkdir(parents=True, exist_ok=True)
    with (out / ".manifest.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
