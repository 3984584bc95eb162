"""The manifest of an output directory: what was built, from what, with which tools.

``<out>/manifest.json``, described by ``docs/manifest.schema.json``. Builds
read it to skip artifacts whose inputs have not changed, and shard builds'
manifests are merged into one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from summitbrief.errors import ConfigError, display_name

MANIFEST = "manifest.json"
MANIFEST_VERSION = 1


@dataclass(frozen=True)
class Translation:
    """How complete one language of an artifact is."""

    texts: int
    translated: int
    fallbacks: tuple[str, ...] = ()

    @property
    def completeness(self) -> float:
        return round(self.translated / self.texts, 4) if self.texts else 1.0


@dataclass(frozen=True)
class ArtifactRecord:
    """One built file."""

    path: str
    summit: str
    source: str
    languages: tuple[str, ...]
    layout: str
    format: str
    variant: str | None
    sha256: str
    bytes: int
    pages: int | None
    translations: dict[str, Translation]
    warnings: tuple[str, ...]
    input_hash: str


@dataclass(frozen=True)
class Manifest:
    """The tools a directory was built with, and its artifacts by path."""

    tools: dict[str, Any]
    artifacts: tuple[ArtifactRecord, ...] = field(default=())

    def by_path(self) -> dict[str, ArtifactRecord]:
        return {record.path: record for record in self.artifacts}

    def to_json(self) -> str:
        """Stable JSON: sorted artifacts, sorted keys, one trailing newline."""
        artifacts = sorted(self.artifacts, key=lambda r: r.path)
        data = {
            "manifest_version": MANIFEST_VERSION,
            "tools": self.tools,
            "artifacts": [_record_json(record) for record in artifacts],
        }
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _record_json(record: ArtifactRecord) -> dict[str, Any]:
    data = asdict(record)
    data["translations"] = {
        lang: {**asdict(t), "completeness": t.completeness}
        for lang, t in record.translations.items()
    }
    return data


def read_manifest(path: Path) -> Manifest | None:
    """The manifest at ``path``; None when there is none; ConfigError when it is unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise ConfigError(f"{display_name(path)}: not a readable manifest: {error}") from None
    try:
        if data.get("manifest_version") != MANIFEST_VERSION:
            raise ValueError(f"manifest_version {data.get('manifest_version')!r}")
        return Manifest(data["tools"], tuple(_record(r) for r in data["artifacts"]))
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        raise ConfigError(f"{display_name(path)}: not a summitbrief manifest ({error})") from None


def _record(data: dict[str, Any]) -> ArtifactRecord:
    translations = {
        lang: Translation(t["texts"], t["translated"], tuple(t["fallbacks"]))
        for lang, t in data["translations"].items()
    }
    return ArtifactRecord(
        path=data["path"],
        summit=data["summit"],
        source=data["source"],
        languages=tuple(data["languages"]),
        layout=data["layout"],
        format=data["format"],
        variant=data["variant"],
        sha256=data["sha256"],
        bytes=data["bytes"],
        pages=data["pages"],
        translations=translations,
        warnings=tuple(data["warnings"]),
        input_hash=data["input_hash"],
    )


def updated(
    previous: Manifest | None, tools: dict[str, Any], records: Iterable[ArtifactRecord]
) -> Manifest:
    """``previous`` with ``records`` added or replaced, and the current tools."""
    merged = previous.by_path() if previous else {}
    merged.update({record.path: record for record in records})
    return Manifest(tools, tuple(merged.values()))


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
    return Manifest(first.tools, tuple(record for _, record in artifacts.values()))
