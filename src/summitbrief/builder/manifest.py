"""The manifest of an output directory: what was built, from what, with which tools.

``<out>/manifest.json``, described by ``docs/manifest.schema.json`` and read
through the pydantic models below. Builds read it to skip artifacts whose
inputs have not changed, and shard builds' manifests are merged into one.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, computed_field

from summitbrief.errors import ConfigError, display_name, format_path

MANIFEST_VERSION: Final = 1
MAX_MANIFEST_BYTES = 64 * 2**20


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Translation(_Frozen):
    """How complete one language of an artifact is."""

    texts: int = Field(ge=0)
    translated: int = Field(ge=0)
    fallbacks: tuple[str, ...] = ()

    @computed_field  # type: ignore[prop-decorator]
    @property
    def completeness(self) -> float:
        return round(self.translated / self.texts, 4) if self.texts else 1.0


class ArtifactRecord(_Frozen):
    """One built file."""

    path: str
    summit: str
    source: str
    languages: tuple[str, ...]
    layout: str
    format: Literal["pdf", "html"]
    variant: str | None
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    bytes: int = Field(ge=0)
    pages: int | None
    translations: dict[str, Translation]
    warnings: tuple[str, ...]
    input_hash: str
    # What a no-op rebuild recomputes the input hash from (builder/uptodate.py).
    source_sha256: str = ""
    source_language: str = ""


class Manifest(_Frozen):
    """The tools a directory was built with, and its artifacts by path."""

    manifest_version: Literal[1] = MANIFEST_VERSION
    tools: dict[str, Any]
    artifacts: tuple[ArtifactRecord, ...] = ()
    # Which artifacts a source gave for a request (builder/uptodate.py): source → key → paths.
    plans: dict[str, dict[str, tuple[str, ...]]] = Field(default_factory=dict)

    def by_path(self) -> dict[str, ArtifactRecord]:
        return {record.path: record for record in self.artifacts}

    def to_json(self) -> str:
        """Stable JSON: sorted artifacts, sorted keys, one trailing newline."""
        ordered = self.model_copy(
            update={"artifacts": tuple(sorted(self.artifacts, key=lambda r: r.path))}
        )
        data = ordered.model_dump(mode="json")
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _without_computed(data: Any) -> Any:
    """The manifest as written, less the fields the models compute (completeness)."""
    if isinstance(data, dict):
        for record in data.get("artifacts", []) if isinstance(data.get("artifacts"), list) else []:
            translations = record.get("translations") if isinstance(record, dict) else None
            for value in translations.values() if isinstance(translations, dict) else []:
                if isinstance(value, dict):
                    value.pop("completeness", None)
    return data


def read_manifest(path: Path) -> Manifest | None:
    """The manifest at ``path``; None when there is none; ConfigError when it is unreadable."""
    name = display_name(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ConfigError(f"{name}: not a readable manifest: {error.strerror}") from None
    # Checked before fdopen, which raises IsADirectoryError for a directory.
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise ConfigError(f"{name}: not a regular file")
    with os.fdopen(descriptor, "rb") as file:
        raw = file.read(MAX_MANIFEST_BYTES + 1)
    if len(raw) > MAX_MANIFEST_BYTES:
        raise ConfigError(f"{name}: larger than {MAX_MANIFEST_BYTES // 2**20} MiB")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise ConfigError(f"{name}: not a readable manifest: {error}") from None
    try:
        return Manifest.model_validate(_without_computed(data))
    except ValidationError as error:
        first = error.errors()[0]
        where = f"{format_path(first['loc'])}: " if first["loc"] else ""
        raise ConfigError(
            f"{name}: not a summitbrief manifest ({where}{first['msg']})"
            + (f" and {error.error_count() - 1} more problem(s)" if error.error_count() > 1 else "")
        ) from None


def updated(
    previous: Manifest | None,
    tools: dict[str, Any],
    records: Iterable[ArtifactRecord],
    plans: Mapping[str, Mapping[str, tuple[str, ...]]] | None = None,
) -> Manifest:
    """``previous`` with ``records`` added or replaced, ``plans`` added, and the current tools."""
    merged = previous.by_path() if previous else {}
    merged.update({record.path: record for record in records})
    planned = {source: dict(keys) for source, keys in (previous.plans if previous else {}).items()}
    for source, keys in (plans or {}).items():
        planned.setdefault(source, {}).update(keys)
    return Manifest(tools=tools, artifacts=tuple(merged.values()), plans=planned)


def merge(manifests: Sequence[tuple[str, Manifest]]) -> Manifest:
    """Join shard manifests; they must come from the same tools and not disagree on a path."""
    if not manifests:
        raise ConfigError("no manifests to merge")
    first_name, first = manifests[0]
    artifacts: dict[str, tuple[str, ArtifactRecord]] = {}
    for name, manifest in manifests:
        if manifest.tools != first.tools:
            raise ConfigError(f"{name}: built with other tools than {first_name}")
        for record in manifest.artifacts:
            seen = artifacts.get(record.path)
            if seen and seen[1].sha256 != record.sha256:
                raise ConfigError(f"{record.path}: differs between {seen[0]} and {name}")
            artifacts[record.path] = (name, record)
    return Manifest(tools=first.tools, artifacts=tuple(record for _, record in artifacts.values()))


def merge_files(paths: Sequence[Path]) -> Manifest:
    """Join the manifests at ``paths``; a missing one is a ConfigError."""
    loaded = []
    for path in paths:
        found = read_manifest(path)
        if found is None:
            raise ConfigError(f"{path}: no such manifest")
        loaded.append((str(path), found))
    return merge(loaded)
