"""Which Chromium the preview test drives: the distribution's, else Playwright's own.

``python tests/browser.py`` prints the answer (``make test`` shows it) and
exits 1 with what to do when there is none.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

HOW_TO = (
    "no Chromium for the preview test: install the distribution's (Debian: "
    "apt-get install chromium), or Playwright's own where the network allows "
    "(.venv/bin/playwright install --with-deps chromium; Ubuntu has Chromium only as a snap)"
)


@dataclass(frozen=True)
class Browser:
    """A Chromium executable and where it comes from."""

    path: Path
    origin: str


def find_chromium() -> Browser | None:
    """The distribution's ``chromium`` on PATH, else the one Playwright installed, else None."""
    system = shutil.which("chromium")
    if system:
        return Browser(Path(system), "the distribution's")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        bundled = Path(playwright.chromium.executable_path)
    return Browser(bundled, "Playwright's own") if bundled.is_file() else None


if __name__ == "__main__":
    found = find_chromium()
    if found is None:
        sys.exit(f"warning: {HOW_TO}")
    sys.stdout.write(f"preview test browser: {found.path} ({found.origin})\n")
