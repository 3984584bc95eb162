"""Files on disk: atomic writes, and digests of files and folders, streamed and bounded.

One copy for every stage: the build writes artifacts and the manifest, the
catalog tools write .po files, the press fingerprints templates and themes.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from summitbrief.errors import ConfigError, display_name

BLOCK = 1 << 20
# A theme or template folder is text and a logo or two: these bound what
# fingerprinting one may read (docs/security.md).
MAX_TREE_FILES = 2_000
MAX_TREE_BYTES = 64 * 2**20


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


def file_digest(path: Path, limit: int | None = None) -> str:
    """The SHA-256 of a file, read in blocks; ConfigError past ``limit`` bytes."""
    digest = hashlib.sha256()
    read = 0
    with path.open("rb") as file:
        for block in iter(lambda: file.read(BLOCK), b""):
            read += len(block)
            if limit is not None and read > limit:
                raise ConfigError(f"{display_name(path)}: larger than {limit // 2**20} MiB")
            digest.update(block)
    return digest.hexdigest()


def tree_files(root: Path) -> Iterator[Path]:
    """The regular files under ``root`` in a stable order; symbolic links are not followed."""
    found = 0
    for directory, folders, names in os.walk(root):
        folders.sort()
        for name in sorted(names):
            path = Path(directory) / name
            if stat.S_ISREG(path.lstat().st_mode):
                found += 1
                if found > MAX_TREE_FILES:
                    raise ConfigError(
                        f"{display_name(root)}: more than {MAX_TREE_FILES} files; "
                        "a theme or template folder holds templates, CSS and a logo"
                    )
                yield path


def tree_digest(root: Path) -> str:
    """A digest of the names and bytes of every regular file under ``root``."""
    digest = hashlib.sha256()
    total = 0
    for path in tree_files(root):
        size = path.lstat().st_size
        total += size
        if total > MAX_TREE_BYTES:
            raise ConfigError(
                f"{display_name(root)}: more than {MAX_TREE_BYTES // 2**20} MiB of files"
            )
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(file_digest(path, MAX_TREE_BYTES).encode())
    return digest.hexdigest()
