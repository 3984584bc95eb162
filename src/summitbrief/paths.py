"""Where the files of a project are: a language's catalog, the registry, a build's manifest.

Names only, and nothing to import: a no-op rebuild finds these before it loads anything else.
"""

from __future__ import annotations

from pathlib import Path

DOMAIN = "messages"
REGISTRY = "languages.toml"
MANIFEST = "manifest.json"


def catalog_path(locales: Path, lang: str) -> Path:
    """Where the catalog of ``lang`` lives under a locales directory."""
    return locales / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def registry_path(locales: Path) -> Path:
    """The registry file of a locales directory."""
    return locales / REGISTRY
