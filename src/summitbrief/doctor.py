"""Turn the state of this machine into checks: what is there, what is missing, what it costs."""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from summitbrief.builder.toolchain import versions
from summitbrief.fonts.lookup import language_fonts
from summitbrief.i18n import catalog_path
from summitbrief.languages import LANGUAGES
from summitbrief.resources import LOCALES, TEMPLATES


@dataclass(frozen=True)
class Check:
    """One finding; a failed check with ``required`` set makes builds fail or crawl."""

    topic: str
    ok: bool
    detail: str
    required: bool = True


def diagnose() -> list[Check]:
    """Every check, in the order a reader wants them."""
    return [*_software(), *_fonts(), *_data()]


_INSTALL = {
    "pango": "apt-get install libpango-1.0-0",
    "harfbuzz": "apt-get install libharfbuzz0b",
}


def _software() -> Iterator[Check]:
    for name, found in versions().items():
        missing = found == "not installed"
        fix = _INSTALL.get(name, "make venv")
        yield Check(name, not missing, f"not installed ({fix})" if missing else found)
    if ctypes.util.find_library("harfbuzz-subset"):
        yield Check("HarfBuzz subsetter", True, "libharfbuzz-subset: fonts are subset natively")
    else:
        yield Check(
            "HarfBuzz subsetter",
            False,
            "libharfbuzz-subset missing: WeasyPrint falls back to fontTools and a Korean "
            "memo takes ~12 s instead of ~0.3 s (apt-get install libharfbuzz-subset0)",
        )


def _fonts() -> Iterator[Check]:
    for tag, language in LANGUAGES.items():
        for face in language_fonts(language.fonts, tag):
            name = f"{face.family} {face.style}"
            if face.installed and face.path is not None:
                size = face.path.stat().st_size / 2**20
                yield Check(f"font {tag}", True, f"{name}: {face.path} ({size:.1f} MiB)")
            else:
                got = f"{face.found} ({face.path})" if face.found else "nothing"
                yield Check(f"font {tag}", False, f"{name} not installed; fontconfig gives {got}")


def _data() -> Iterator[Check]:
    yield Check("templates", TEMPLATES.is_dir(), str(TEMPLATES))
    for tag in LANGUAGES:
        path: Path = catalog_path(LOCALES, tag)
        yield Check(f"catalog {tag}", path.is_file(), str(path))
