"""Tell, from the manifest alone, that a build would change nothing: a no-op rebuild in a blink.

A build records which artifacts each summit file gave for its request (the
manifest's ``plans``) and, per artifact, what its input hash was made of. When
the same request meets the same files again, every input hash is recomputed
from the records, without loading a summit file, opening the press or
importing the stages; if all match and every file is as written, the build has
nothing to do. At the least doubt (no plan, another request, a changed file,
a manifest this code did not write) the answer is None and the build runs.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from summitbrief.builder.inputs import artifact_hash
from summitbrief.builder.options import BuildOptions
from summitbrief.errors import display_name
from summitbrief.fingerprint import catalog_digest, run_fingerprint
from summitbrief.paths import MANIFEST, registry_path


@dataclass(frozen=True)
class Look:
    """The press's options as given: what the fingerprint of a run is made of."""

    templates: Path
    locales: Path
    theme: Path | None = None
    look: tuple[object, ...] = ()


@dataclass(frozen=True)
class UpToDate:
    """An artifact a build would leave as it is, as the command line reports it."""

    path: Path
    stem: str
    format: str
    size: int
    pages: int | None
    sha256: str
    input_hash: str
    warnings: tuple[str, ...] = field(default=())
    skipped: bool = True


def request_key(options: BuildOptions, sources: Sequence[tuple[str, str]] = ()) -> str:
    """A key for what a build asks for; with ``--shard``, the set of ``sources`` (name,
    digest) too, since which artifacts a shard holds depends on all of them."""
    asked = [
        list(options.languages),
        [list(pair) for pair in options.pairs],
        options.layout,
        options.format,
        options.variant,
        list(options.shard) if options.shard else None,
        sorted(sources) if options.shard else None,
    ]
    return hashlib.sha256(json.dumps(asked).encode()).hexdigest()[:32]


def up_to_date(paths: Sequence[Path], options: BuildOptions, look: Look) -> list[UpToDate] | None:
    """Every artifact of the build, when none would change; else None."""
    if options.force or options.strict:
        return None  # a strict build checks the catalogs and texts again
    try:
        return _up_to_date(paths, options, look)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _up_to_date(paths: Sequence[Path], options: BuildOptions, look: Look) -> list[UpToDate] | None:
    manifest = json.loads((options.out / MANIFEST).read_bytes())
    records = {record["path"]: record for record in manifest["artifacts"]}
    digests = [
        (display_name(path), hashlib.sha256(path.read_bytes()).hexdigest()) for path in paths
    ]
    key = request_key(options, digests)
    fingerprint = run_fingerprint(
        look.templates.resolve(),
        look.locales.resolve(),
        look.theme.resolve() if look.theme else None,
        look.look,
    )
    fonts = _registry_fonts(look.locales)
    found = []
    for name, digest in digests:
        planned = manifest["plans"][name][key]
        if not planned:
            return None
        for relative in planned:
            record = records[relative]
            written = as_written(
                options.out / relative, int(record["bytes"]), str(record["sha256"])
            )
            if record["source_sha256"] != digest or not written:
                return None
            expected = artifact_hash(
                fingerprint,
                digest,
                record["languages"],
                record["layout"],
                record["source_language"],
                options,
                lambda lang: catalog_digest(look.locales, lang),
                lambda lang: fonts[lang],
            )
            if expected != record["input_hash"]:
                return None
            found.append(_reported(options.out / relative, record))
    return found


def _registry_fonts(locales: Path) -> dict[str, tuple[str, ...]]:
    """Each registered language's font families, read without validating (the press does)."""
    data = tomllib.loads(registry_path(locales).read_text(encoding="utf-8"))
    return {tag: tuple(cast(list[str], table["fonts"])) for tag, table in data.items()}


def as_written(path: Path, size: int, sha256: str) -> bool:
    """Whether ``path`` is a regular file (not a link) with the size and hash a build recorded."""
    try:
        data = path.read_bytes() if path.is_file() and not path.is_symlink() else None
    except OSError:
        return False
    return data is not None and len(data) == size and hashlib.sha256(data).hexdigest() == sha256


def _reported(path: Path, record: dict[str, Any]) -> UpToDate:
    stem = path.name.rsplit(".", 1)[0]
    return UpToDate(
        path,
        stem,
        str(record["format"]),
        int(record["bytes"]),
        record["pages"],
        str(record["sha256"]),
        str(record["input_hash"]),
        tuple(record["warnings"]),
    )
