"""Write a build's artifacts and its manifest: all or nothing, inside the output directory.

Every file is first written to a temporary file beside its target; only when
all of them are written are they renamed into place, so a full disk, a
read-only directory or an interrupted build leaves the directory as it was.
The manifest is re-read and rewritten under a lock with the artifacts, so
two builds into one directory never leave a checksum that does not match.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from summitbrief.builder.make import Artifact
from summitbrief.builder.manifest import (
    ArtifactRecord,
    Translation,
    read_manifest,
    updated,
)
from summitbrief.builder.options import BuildOptions
from summitbrief.errors import ConfigError, display_name
from summitbrief.paths import MANIFEST

LOCK = ".manifest.lock"


def write_build(
    artifacts: Sequence[Artifact],
    options: BuildOptions,
    tools: dict[str, Any],
    plans: Mapping[str, Mapping[str, tuple[str, ...]]] | None = None,
) -> None:
    """Write ``artifacts`` and update the manifest (and its ``plans``, builder/uptodate.py)."""
    out = options.out
    for artifact in artifacts:
        _check_inside(artifact.path, out)
    try:
        with _locked(out):
            current = read_manifest(out / MANIFEST)
            records = [record(a, out, options) for a in artifacts]
            manifest = updated(current, tools, records, plans)
            files = [(a.path, a.data) for a in artifacts]
            files.append((out / MANIFEST, manifest.to_json().encode("utf-8")))
            _write_all(files)
    except OSError as error:
        where = display_name(Path(error.filename)) if error.filename else display_name(out)
        raise ConfigError(f"{where}: cannot write: {error.strerror}; nothing written") from None


# The temporary files being written now: a signal handler that ends the process
# removes them (remove_temporaries), since no finally clause runs then.
_writing: set[Path] = set()


def remove_temporaries() -> None:
    """Remove the temporary files of a write in progress (called when the process is killed)."""
    for temporary in list(_writing):
        temporary.unlink(missing_ok=True)


def _write_all(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write every file to a temporary file first, then rename them all into place."""
    temporaries: list[tuple[Path, Path]] = []
    made: list[Path] = []
    done = False
    try:
        for path, data in files:
            if not path.parent.is_dir():
                path.parent.mkdir(parents=True)
                made.append(path.parent)
            descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            temporaries.append((Path(name), path))
            _writing.add(Path(name))
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
            Path(name).chmod(0o644)
        for temporary, path in temporaries:
            temporary.replace(path)
        done = True
    finally:
        for temporary, _ in temporaries:
            temporary.unlink(missing_ok=True)
            _writing.discard(temporary)
        for folder in reversed(made if not done else []):
            with contextlib.suppress(OSError):
                folder.rmdir()


def _check_inside(path: Path, out: Path) -> None:
    """Refuse to write outside the output directory (a symbolic link in it, say)."""
    if not path.resolve().is_relative_to(out.resolve()):
        raise ConfigError(f"{path}: leads outside the output directory {out}; nothing written")


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    """Hold the output directory's lock file: a regular file, never a link or a FIFO."""
    if out.is_symlink() and not out.exists():
        raise ConfigError(f"{display_name(out)}: a symbolic link to nothing; nothing written")
    out.mkdir(parents=True, exist_ok=True)
    path = out / LOCK
    try:
        descriptor = os.open(
            path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o644
        )
    except OSError as error:
        raise ConfigError(
            f"{display_name(path)}: cannot open the lock file ({error.strerror}); nothing written"
        ) from None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise ConfigError(f"{display_name(path)}: not a regular file; nothing written")
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def record(artifact: Artifact, out: Path, options: BuildOptions) -> ArtifactRecord:
    """The manifest's entry for an artifact."""
    edition = artifact.edition
    texts = list(edition.summit.texts())
    translations = {}
    for lang in edition.languages:
        fallbacks = tuple(path for tag, path, _ in edition.missing if tag == lang)
        translations[lang] = Translation(
            texts=len(texts), translated=len(texts) - len(fallbacks), fallbacks=fallbacks
        )
    return ArtifactRecord(
        path=artifact.path.relative_to(out).as_posix(),
        summit=edition.summit.id,
        source=display_name(edition.source.path) if edition.source else "",
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
        source_sha256=edition.source.digest if edition.source else "",
        source_language=edition.summit.source_language,
    )
