"""summitbrief: print-ready briefing memos from structured summit data.

The public API; import from here, not from the submodules. Names are loaded
on first use so that ``summitbrief --help`` does not pay for WeasyPrint.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "load": "summitbrief.loader",
    "parse": "summitbrief.loader",
    "plan": "summitbrief.planner",
    "Edition": "summitbrief.planner",
    "render_html": "summitbrief.render.html",
    "render_pdf": "summitbrief.pdf.document",
    "build": "summitbrief.builder.batch",
    "BuildOptions": "summitbrief.builder.batch",
    "Artifact": "summitbrief.builder.batch",
    "Style": "summitbrief.theme",
    "Theme": "summitbrief.theme",
    "make_style": "summitbrief.theme",
    "load_theme": "summitbrief.theme",
    "Summit": "summitbrief.model",
    "Participant": "summitbrief.model",
    "Outcome": "summitbrief.model",
    "Action": "summitbrief.model",
    "Session": "summitbrief.model",
    "Delegation": "summitbrief.model",
    "summit_schema": "summitbrief.schema",
    "SummitbriefError": "summitbrief.errors",
    "DataError": "summitbrief.errors",
    "ConfigError": "summitbrief.errors",
    "RenderError": "summitbrief.errors",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'summitbrief' has no attribute {name!r}")
