"""What the render stage hands the PDF stage: the HTML of an edition and the press's plain part.

Plain frozen data and nothing heavy to import, so that a printer process
(builder/printers.py) can be sent it and start with WeasyPrint alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class FontSheet:
    """The fonts stylesheet of one document (pdf/subset.py) and the folders its cut faces are in."""

    css: str
    roots: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Html:
    """The HTML of one edition, and the characters it sets in each language.

    The PDF stage cuts each language's fonts to those characters; HTML made
    elsewhere (``Html(text)``) is printed with the fonts whole.
    """

    text: str
    languages: tuple[str, ...] = ()
    characters: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # The fonts cut to it already (pdf.document.cut_fonts), when the process that
    # rendered it had the time: a printer process then goes straight to layout.
    fonts: FontSheet | None = None


@dataclass(frozen=True)
class Stylesheet:
    """A stylesheet WeasyPrint gets, in cascade order: its text and where its URLs resolve."""

    name: str
    text: str
    base: Path
    # A theme's sheet comes after the fonts of each language, so that its rules win.
    theme: bool = False


@dataclass(frozen=True)
class Printing:
    """What the PDF stage needs of a press (``Press.printing``)."""

    templates: Path
    # Each registered language's font families, first choice first, in the registry's order.
    fonts: Mapping[str, tuple[str, ...]]
    stylesheets: tuple[Stylesheet, ...] = field(repr=False)
    # Every file a PDF may fetch lies under one of these: the templates and the theme.
    fetch_roots: tuple[Path, ...]
    print_marks: bool = False
    bleed_mm: float = 0.0
