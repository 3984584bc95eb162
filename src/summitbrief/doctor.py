"""Turn the state of this machine into checks: what is there, what is missing, what it costs."""

from __future__ import annotations

import ctypes
import ctypes.util
import platform
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from summitbrief.fonts import language_fonts
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
    return [*_software(), *_libraries(), *_fonts(), *_data()]


def _software() -> Iterator[Check]:
    yield Check("Python", True, platform.python_version())
    for package in ("summitbrief", "weasyprint", "babel", "jinja2", "pydantic", "ruamel.yaml"):
        try:
            yield Check(package, True, version(package))
        except PackageNotFoundError:
            yield Check(package, False, "not installed (make venv)")


def _libraries() -> Iterator[Check]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            from weasyprint.text.ffi import pango
    except OSError as error:
        yield Check("Pango", False, f"cannot load: {error} (apt-get install libpango-1.0-0)")
        return
    number = pango.pango_version()
    yield Check("Pango", True, f"{number // 10000}.{number // 100 % 100}.{number % 100}")
    harfbuzz = ctypes.util.find_library("harfbuzz")
    if harfbuzz:
        library = ctypes.CDLL(harfbuzz)
        library.hb_version_string.restype = ctypes.c_char_p
        yield Check("HarfBuzz", True, library.hb_version_string().decode())
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
