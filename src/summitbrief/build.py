"""Turn summit files into written artifacts: plan, render, print, write.

Everything is rendered before anything is written, so a failed or strict
build leaves the output directory as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from summitbrief.errors import DataError, RenderError
from summitbrief.glyphs import missing_glyphs
from summitbrief.load import load
from summitbrief.model import Summit
from summitbrief.plan import Edition, Layout, plan
from summitbrief.render import render_html
from summitbrief.resources import SAMPLE

OutputFormat = Literal["pdf", "html"]


@dataclass(frozen=True)
class BuildOptions:
    """What to build and where."""

    out: Path = Path("output")
    languages: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    layout: Layout = "parallel"
    format: OutputFormat = "pdf"
    strict: bool = False


@dataclass(frozen=True)
class Artifact:
    """One written file and what a reader should know about it."""

    path: Path
    edition: Edition
    format: OutputFormat
    size: int
    pages: int | None
    warnings: tuple[str, ...] = field(default=())


def load_all(sources: Sequence[Path]) -> list[tuple[Path, Summit]]:
    """Load every file, reporting the problems of all of them together."""
    loaded, problems = [], []
    for source in sources or [SAMPLE]:
        try:
            loaded.append((source, load(source)))
        except DataError as error:
            problems.extend(error.problems)
    if problems:
        raise DataError(problems)
    return loaded


def build(sources: Sequence[Path], options: BuildOptions) -> list[Artifact]:
    """Build the editions of every source (the embedded sample when none is given)."""
    editions = [
        edition
        for source, summit in load_all(sources)
        for edition in plan(summit, options.languages, options.pairs, options.layout, source)
    ]
    pending = [_make(edition, options) for edition in editions]
    if options.strict:
        problems = [f"{a.edition.stem}: {w}" for a, _ in pending for w in a.warnings]
        if problems:
            raise RenderError("strict build failed, nothing written:\n" + "\n".join(problems))
    for artifact, data in pending:
        write_atomically(artifact.path, data)
    return [artifact for artifact, _ in pending]


def _make(edition: Edition, options: BuildOptions) -> tuple[Artifact, bytes]:
    path = options.out / edition.summit.id / f"{edition.stem}.{options.format}"
    html = render_html(edition)
    warnings = edition.warnings + missing_glyphs(edition)
    if options.format == "html":
        data = html.encode("utf-8")
        return Artifact(path, edition, "html", len(data), None, warnings), data
    from summitbrief.pdf import render_pdf

    printed = render_pdf(html)
    warnings += printed.warnings
    return Artifact(path, edition, "pdf", len(printed.data), printed.pages, warnings), printed.data


def write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same directory, then rename over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        Path(temporary).chmod(0o644)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
