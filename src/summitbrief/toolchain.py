"""What an output depends on besides its inputs: tool versions, code and font files.

Read without importing WeasyPrint (package metadata, and the C libraries
through ctypes), so that a no-op rebuild stays fast.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import platform
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from summitbrief.fonts.lookup import FontFile

PACKAGES = ("summitbrief", "weasyprint", "pydyf", "babel", "jinja2", "pydantic", "ruamel.yaml")
PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def versions() -> dict[str, str]:
    """Versions of Python, the packages and the C libraries that shape the output."""
    installed = _installed()
    found = {"python": platform.python_version()}
    for package in PACKAGES:
        found[package] = installed.get(_normalized(package), "not installed")
    found["pango"] = _library_version("pango-1.0", "pango_version_string")
    found["harfbuzz"] = _library_version("harfbuzz", "hb_version_string")
    return found


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _installed() -> dict[str, str]:
    """Installed distributions by normalized name, from their ``.dist-info`` folders' names.

    importlib.metadata would parse each METADATA file, importing the email
    package: a tenth of a second of a no-op rebuild.
    """
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = [path.name for path in Path(entry or ".").iterdir()]
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                project, _, release = name.removesuffix(".dist-info").rpartition("-")
                found.setdefault(_normalized(project), release)
    return found


def _library_version(name: str, function: str) -> str:
    # The soname first: find_library runs ldconfig (and a compiler) to look it up.
    for path in (f"lib{name}.so.0", ctypes.util.find_library(name)):
        if path is None:
            continue
        try:
            call = getattr(ctypes.CDLL(path), function)
        except OSError:
            continue
        call.restype = ctypes.c_char_p
        return (call() or b"?").decode()
    return "not installed"


@cache
def code_hash() -> str:
    """A hash of summitbrief's own code: a change to it may change every output."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class FontRecord:
    """A font file as the manifest names it."""

    family: str
    style: str
    file: str
    bytes: int
    sha256: str


@cache
def _file_sha256(path: Path, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def font_fingerprint(font: FontFile) -> str:
    """Cheap identity of a font file for input hashes: path, size and modification time."""
    if font.path is None:
        return f"{font.family} {font.style}: missing"
    stat = font.path.stat()
    return f"{font.family} {font.style}: {font.path} {stat.st_size} {stat.st_mtime_ns}"


def font_record(font: FontFile) -> FontRecord:
    """The manifest's record of a font file, with the hash of its bytes."""
    path = font.path
    if path is None:
        return FontRecord(font.family, font.style, "", 0, "")
    stat = path.stat()
    sha = _file_sha256(path, stat.st_size, stat.st_mtime_ns)
    return FontRecord(font.family, font.style, str(path), stat.st_size, sha)
