"""Where the built-in templates, catalogs and sample data live.

In an installed wheel they sit inside the package; in a source checkout
(an editable install) they are the top-level ``templates/`` and ``locales/``.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent.parent


def _data_dir(name: str) -> Path:
    packaged = PACKAGE / name
    return packaged if packaged.is_dir() else CHECKOUT / name


TEMPLATES = _data_dir("templates")
LOCALES = _data_dir("locales")
SAMPLE = PACKAGE / "samples" / "nara-2026.yaml"


def samples() -> tuple[Path, ...]:
    """Every embedded sample summit file, in name order: what ``build`` makes without FILES."""
    return tuple(sorted((PACKAGE / "samples").glob("*.yaml")))
