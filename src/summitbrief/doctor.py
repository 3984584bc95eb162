"""Turn the state of this machine into checks: what is there, what is missing, what it costs."""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from summitbrief.errors import SummitbriefError
from summitbrief.paths import catalog_path
from summitbrief.press import Press
from summitbrief.toolchain import versions


@dataclass(frozen=True)
class Check:
    """One finding; a failed check with ``required`` set makes builds fail or crawl."""

    topic: str
    ok: bool
    detail: str
    required: bool = True


def diagnose(open_press: Callable[[], Press]) -> list[Check]:
    """Every check, in the order a reader wants them: the software, then the press it opens."""
    checks = list(_software())
    try:
        press = open_press()
    except SummitbriefError as error:
        return [*checks, *(Check("press", False, line) for line in str(error).splitlines())]
    return [*checks, *_fonts(press), *_data(press)]


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


def _fonts(press: Press) -> Iterator[Check]:
    for tag in press.languages:
        for face in press.fonts(tag):
            name = f"{face.family} {face.style}"
            if face.installed and face.path is not None:
                size = face.path.stat().st_size / 2**20
                yield Check(f"font {tag}", True, f"{name}: {face.path} ({size:.1f} MiB)")
            else:
                got = f"{face.found} ({face.path})" if face.found else "nothing"
                yield Check(f"font {tag}", False, f"{name} not installed; fontconfig gives {got}")


def _data(press: Press) -> Iterator[Check]:
    yield Check("templates", press.templates.is_dir(), str(press.templates))
    if press.style.theme.directory:
        yield Check("theme", True, f"{press.style.theme.name}: {press.style.theme.directory}")
    for tag in press.languages:
        path = catalog_path(press.locales, tag)
        try:
            catalog = press.catalogs[tag]
        except SummitbriefError as error:
            yield Check(f"catalog {tag}", False, str(error))
            continue
        if not catalog.findings:
            yield Check(f"catalog {tag}", True, str(path))
            continue
        # Builds still run (the messages print in English, marked); a strict build fails.
        count = len(catalog.findings)
        yield Check(
            f"catalog {tag}",
            False,
            f"{count} broken message{'s' * (count > 1)} print in English; first: "
            f"{catalog.findings[0]} (summitbrief i18n check)",
            required=False,
        )
