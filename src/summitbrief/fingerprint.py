"""Fingerprint what every artifact of a run depends on: templates, theme, registry, look, code.

A function of the options as given and of files' bytes, without reading
them for meaning, so that a no-op rebuild can tell nothing changed before it
loads anything (builder/uptodate.py); the press computes it the same way.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from summitbrief.files import file_digest, tree_digest
from summitbrief.paths import catalog_path, registry_path
from summitbrief.toolchain import code_hash, versions


def run_fingerprint(
    templates: Path,
    locales: Path,
    theme: Path | None,
    look: tuple[object, ...],
) -> str:
    """The hash of a run's templates, theme, registry, look options (as given), tools and code."""
    inputs = {
        "templates": tree_digest(templates),
        "theme": tree_digest(theme) if theme else None,
        "registry": file_digest(registry_path(locales)),
        "look": list(look),
        "tools": versions(),
        "code": code_hash(),
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def catalog_digest(locales: Path, lang: str) -> str:
    """The SHA-256 of ``lang``'s catalog file ("missing" without one): enough to tell it changed."""
    try:
        return file_digest(catalog_path(locales, lang))
    except OSError:
        return "missing"
