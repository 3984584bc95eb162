"""Find and read the summit files of a build: each read once, every problem reported together."""

from __future__ import annotations

import os
import stat
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from summitbrief.errors import ConfigError, DataError, display_name

if TYPE_CHECKING:
    from summitbrief.loader import Source
    from summitbrief.model import Summit
from summitbrief.paths import MANIFEST

SUMMIT_SUFFIXES = (".yaml", ".yml", ".json")


def discover(paths: Sequence[Path]) -> list[Path]:
    """The summit files given, and those under the directories given, in a stable order.

    In a directory, hidden folders and files are skipped, and a symbolic link
    counts only if it leads to a file inside that directory.
    """
    found: list[Path] = []
    for path in paths:
        found += _in_directory(path) if path.is_dir() else [path]
    return list(dict.fromkeys(found))


def _in_directory(root: Path) -> list[Path]:
    inside = root.resolve()
    found = []
    for directory, folders, names in os.walk(root):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in sorted(names):
            path = Path(directory) / name
            if name.startswith(".") or path.suffix not in SUMMIT_SUFFIXES or name == MANIFEST:
                continue
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode) and not path.resolve().is_relative_to(inside):
                raise ConfigError(
                    f"{display_name(path)}: a symbolic link out of {display_name(root)}; "
                    "name the file itself to build it"
                )
            found.append(path)
    if not found:
        raise ConfigError(
            f"{display_name(root)}: no summit files ({', '.join(SUMMIT_SUFFIXES)}) in it"
        )
    return found


def load_all(paths: Sequence[Path], languages: Collection[str]) -> list[tuple[Source, Summit]]:
    """Read and validate every file, once; all problems of all files in one DataError."""
    from summitbrief.loader import load_source

    loaded, problems = [], []
    for path in paths:
        try:
            loaded.append(load_source(path, languages))
        except DataError as error:
            problems.extend(error.problems)
    if problems:
        raise DataError(problems)
    return loaded
