"""Turn one edition into an artifact in memory: render, check, print. The one per-edition path.

Build workers, the preview server and the tests all call :func:`make_artifact`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from summitbrief.builder.inputs import source_date
from summitbrief.builder.options import BuildOptions
from summitbrief.choices import OutputFormat
from summitbrief.fonts.glyphs import missing_glyphs
from summitbrief.fonts.stacks import font_css
from summitbrief.pdf.balance import MAX_CUTS, Cuts, with_cut
from summitbrief.planner import Edition
from summitbrief.press import Press
from summitbrief.printing import Html, Stylesheet
from summitbrief.render.html import render_document

if TYPE_CHECKING:
    from summitbrief.pdf.document import PdfOptions, Printed


@dataclass(frozen=True)
class Artifact:
    """One output file and what a reader should know about it."""

    path: Path
    edition: Edition
    format: OutputFormat
    size: int
    pages: int | None
    warnings: tuple[str, ...] = field(default=())
    sha256: str = ""
    input_hash: str = ""
    skipped: bool = False
    # The bytes to write; empty for an artifact that was up to date.
    data: bytes = field(default=b"", repr=False, compare=False)

    @property
    def stem(self) -> str:
        """The file name without its suffix: ``<id>.<lang>`` or ``<id>.<left>+<right>``."""
        return self.edition.stem


def relative_path(edition: Edition, options: BuildOptions) -> str:
    """Where an edition's file goes, relative to the output directory."""
    return f"{edition.summit.id}/{edition.stem}.{options.format}"


@dataclass(frozen=True)
class Prepared:
    """An edition rendered and checked, ready to print: what a printer process is sent."""

    edition: Edition
    html: Html
    warnings: tuple[str, ...]
    input_hash: str
    # Where blocks of a parallel memo are cut so that no page ends short (pdf/balance.py).
    cuts: Cuts = field(default_factory=dict)


def make_artifact(
    edition: Edition, press: Press, options: BuildOptions, input_hash: str = ""
) -> Artifact:
    """Render and print one edition, in memory; nothing is written."""
    prepared = prepare(edition, press, options, input_hash)
    if options.format == "html":
        return finish(prepared, press, options)
    from summitbrief.pdf.document import render_pdf

    while True:
        printed = render_pdf(prepared.html, press, pdf_options(prepared, options))
        again = recut(prepared, press, printed)
        if again is None:
            return finish(prepared, press, options, printed)
        prepared = again


def prepare(
    edition: Edition, press: Press, options: BuildOptions, input_hash: str = ""
) -> Prepared:
    """The first half of :func:`make_artifact`: the edition's HTML and what the checks found."""
    html = _rendered(edition, press, options)
    warnings = edition.warnings + missing_glyphs(edition, press) + catalog_warnings(edition, press)
    return Prepared(edition, html, warnings, input_hash)


def _rendered(
    edition: Edition, press: Press, options: BuildOptions | None, cuts: Cuts | None = None
) -> Html:
    """The edition's HTML, with its fonts cut here for a PDF (``options`` None: a PDF)."""
    html = render_document(edition, press, cuts)
    if options is not None and options.format == "html":
        return html
    from summitbrief.pdf.document import cut_fonts

    return cut_fonts(html, press)


def recut(prepared: Prepared, press: Press, printed: Printed) -> Prepared | None:
    """``prepared`` rendered again with the cut ``printed`` asks for; None if it was printed."""
    if printed.cut is None:
        return None
    cuts = with_cut(prepared.cuts, printed.cut)
    html = _rendered(prepared.edition, press, None, cuts)
    return replace(prepared, html=html, cuts=cuts)


def finish(
    prepared: Prepared, press: Press, options: BuildOptions, printed: Printed | None = None
) -> Artifact:
    """The second half of :func:`make_artifact`: the file's bytes (``printed``, for a PDF)."""
    edition = prepared.edition
    pages: int | None = None
    warnings: tuple[str, ...] = ()
    if printed is None:
        data = standalone_html(prepared.html, press).encode("utf-8")
    else:
        data, pages, warnings = printed.data, printed.pages, printed.warnings
    return Artifact(
        options.out / relative_path(edition, options),
        edition,
        options.format,
        len(data),
        pages,
        prepared.warnings + warnings,
        hashlib.sha256(data).hexdigest(),
        prepared.input_hash,
        data=data,
    )


def catalog_warnings(edition: Edition, press: Press) -> tuple[str, ...]:
    """The broken messages of the edition's catalogs, printed in English instead (file:line)."""
    return tuple(
        f"{line} (printed in English)"
        for lang in edition.languages
        for line in press.catalogs[lang].findings
    )


ESCAPED_END = "<\\/"


def standalone_html(html: Html, press: Press) -> str:
    """The HTML with its stylesheets inlined in its head: what ``--format html`` writes.

    WeasyPrint gets the same HTML and stylesheets, with each language's fonts
    cut to the memo (here they are named whole), so the page reads the same in
    a browser, and WeasyPrint alone prints it as summitbrief does.
    """
    right = html.languages[1] if len(html.languages) > 1 else None
    fonts = Stylesheet("fonts", font_css(press.printing.fonts, right), press.templates)
    builtin = [sheet for sheet in press.stylesheets if not sheet.theme]
    stylesheets = [*builtin, fonts, *(sheet for sheet in press.stylesheets if sheet.theme)]
    # "</" cannot end the style element early, whatever a theme's CSS holds.
    styles = "".join(
        f'<style data-summitbrief="{sheet.name}">\n{text}</style>\n'
        for sheet in stylesheets
        for text in (sheet.text.replace("</", ESCAPED_END),)
    )
    text = html.text
    index = text.find("</head>")
    return text[:index] + styles + text[index:] if index >= 0 else styles + text


def pdf_options(prepared: Prepared, options: BuildOptions) -> PdfOptions:
    """How to print ``prepared``: the variant, the attached summit file, the dates, balancing."""
    from summitbrief.pdf.document import PdfOptions

    edition = prepared.edition
    meeting = dt.datetime.combine(edition.summit.date, dt.time(), tzinfo=dt.UTC)
    source = edition.source
    # Only PDF/A-3b carries the summit file.
    attached = (source.path.name, source.data) if options.variant == "pdf/a-3b" and source else None
    return PdfOptions(
        variant=options.variant,
        source=attached,
        created=source_date(),
        attachment_date=meeting,
        balance=edition.layout == "parallel" and len(prepared.cuts) < MAX_CUTS,
    )
