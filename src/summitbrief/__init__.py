"""summitbrief: print-ready briefing memos from structured summit data.

The public API: import from here, not from the submodules. Every name is a
function or a class whichever way it is imported (no module shares a name
with one of them), and is loaded on first use so that ``summitbrief --help``
does not pay for WeasyPrint::

    from summitbrief import BuildOptions, build, load, open_press, plan, render_html

    press = open_press(theme=None)
    summit = load("nara.yaml", press.languages)
    html = render_html(plan(summit, ["ko"])[0], press)
    artifacts = build(["nara.yaml"], BuildOptions(out=Path("out")), press)
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "open_press": "summitbrief.press",
    "Press": "summitbrief.press",
    "load": "summitbrief.loader",
    "parse": "summitbrief.loader",
    "plan": "summitbrief.planner",
    "Edition": "summitbrief.planner",
    "Source": "summitbrief.loader",
    "render_html": "summitbrief.render.html",
    "Html": "summitbrief.printing",
    "render_document": "summitbrief.render.html",
    "render_pdf": "summitbrief.pdf.document",
    "PdfOptions": "summitbrief.pdf.document",
    "Printed": "summitbrief.pdf.document",
    "make_artifact": "summitbrief.builder.make",
    "Artifact": "summitbrief.builder.make",
    "build": "summitbrief.builder.batch",
    "BuildOptions": "summitbrief.builder.options",
    "Style": "summitbrief.theme",
    "Theme": "summitbrief.theme",
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

if TYPE_CHECKING:  # the names as type checkers and editors see them
    from summitbrief.builder.batch import build  # noqa: F401
    from summitbrief.builder.make import Artifact, make_artifact  # noqa: F401
    from summitbrief.builder.options import BuildOptions  # noqa: F401
    from summitbrief.errors import ConfigError, DataError, RenderError, SummitbriefError  # noqa: F401
    from summitbrief.loader import Source, load, parse  # noqa: F401
    from summitbrief.model import Action, Outcome, Participant, Summit  # noqa: F401
    from summitbrief.pdf.document import PdfOptions, Printed, render_pdf  # noqa: F401
    from summitbrief.planner import Edition, plan  # noqa: F401
    from summitbrief.press import Press, open_press  # noqa: F401
    from summitbrief.printing import Html  # noqa: F401
    from summitbrief.render.html import render_document, render_html  # noqa: F401
    from summitbrief.theme import Style, Theme  # noqa: F401


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(import_module(_EXPORTS[name]), name)
        # Kept on the package, so the next access does not come here.
        globals()[name] = value
        return value
    raise AttributeError(f"module 'summitbrief' has no attribute {name!r}")
