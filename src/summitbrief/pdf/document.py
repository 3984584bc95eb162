"""Turn the HTML of an edition into PDF bytes with WeasyPrint.

WeasyPrint is imported here only, and only when a PDF is made: its import
costs most of a cold start. The stylesheets of the press are parsed once per
process and reused by every document; each document adds only its fonts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summitbrief.choices import VARIANTS
from summitbrief.errors import RenderError
from summitbrief.pdf import adjust, linebreak, subset
from summitbrief.pdf.balance import first_cut
from summitbrief.pdf.checks import overflows
from summitbrief.pdf.fetcher import fetcher_class
from summitbrief.printing import FontSheet, Html, Printing, Stylesheet

if TYPE_CHECKING:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    from summitbrief.press import Press

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Printed:
    """The PDF of one edition and what WeasyPrint had to say while making it."""

    data: bytes
    pages: int
    warnings: tuple[str, ...] = field(default=())
    # Not printed: a page ends short before a block that can be cut here,
    # (unit, boundary) (pdf/balance.py); render again with that cut.
    cut: tuple[int, int] | None = None


@dataclass(frozen=True)
class PdfOptions:
    """How to write the PDF: an archival variant, its attached source data, its dates."""

    variant: str | None = None
    # The summit file embedded in PDF/A-3 with relationship "Source": (name, bytes).
    source: tuple[str, bytes] | None = None
    # Creation and modification date (SOURCE_DATE_EPOCH); without it the PDF has none.
    created: dt.datetime | None = None
    # Date of the attached file when ``created`` is not given: never the wall clock.
    attachment_date: dt.datetime = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    # Cut the fonts to the document's characters before embedding (subset.py, issue 7).
    subset_fonts: bool = True
    # Set Japanese and Korean lines by JLREQ and KLREQ (adjust.py, issue 16).
    adjust_lines: bool = True
    # A parallel memo: rather than print a page that ends short before a block
    # that can be cut, say where (Printed.cut), from the layout made anyway.
    balance: bool = False


@cache
def font_configuration() -> FontConfiguration:
    """One font configuration per process: building it scans the system's fonts."""
    from weasyprint.text.fonts import FontConfiguration

    config = FontConfiguration()
    # WeasyPrint keeps @font-face files (the cut fonts, subset.py) in a folder it
    # removes only when the configuration is collected; worker processes never are.
    # Its __del__ must then find nothing left to do: run again while the
    # interpreter tears down, it would fail on the modules already gone.
    subset.at_exit(partial(_remove_folder, config))
    return config


def _remove_folder(config: FontConfiguration) -> None:
    folder, config._folder = config._folder, None
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


@cache
def _fetcher(roots: tuple[Path, ...]) -> Any:
    return fetcher_class()(roots)


@cache
def _parsed(name: str, digest: str, text: str, base: Path, roots: tuple[Path, ...]) -> CSS:
    """A stylesheet parsed once per process (keyed by its text's digest)."""
    from weasyprint import CSS

    return CSS(
        string=text,
        base_url=base.as_uri() + "/",
        url_fetcher=_fetcher(roots),
        font_config=font_configuration(),
    )


def _stylesheet(sheet: Stylesheet, roots: tuple[Path, ...]) -> CSS:
    digest = hashlib.sha256(sheet.text.encode()).hexdigest()
    return _parsed(sheet.name, digest, sheet.text, sheet.base, roots)


@cache
def _stylesheet_characters(texts: tuple[str, ...]) -> frozenset[str]:
    return frozenset().union(*(subset.css_strings(text) for text in texts))


def render_pdf(
    html: Html | str, press: Press | Printing, options: PdfOptions | None = None
) -> Printed:
    """Print ``html`` in ``press``'s stylesheets and fonts; only the press's folders are fetched.

    HTML made by the render stage (:class:`Html`) has its fonts cut to the
    characters it sets; plain HTML is printed with the fonts whole.
    """
    from weasyprint import Attachment

    options = options or PdfOptions()
    if options.variant not in (None, *VARIANTS):
        raise RenderError(f"unknown PDF variant {options.variant} (known: {', '.join(VARIANTS)})")
    collector = _Collector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    if options.variant == "pdf/ua-1":
        from summitbrief.pdf import tagging

        tagging.install()
    # Layout and drawing both shape text: both see the same choice (adjust.py).
    adjusting = adjust.ADJUSTING.set(options.adjust_lines)
    try:
        document = _lay_out(html, press, options.subset_fonts)
        cut = first_cut(document) if options.balance else None
        if cut is not None:
            return Printed(b"", len(document.pages), cut=cut)
        if options.created:
            stamp = options.created.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            document.metadata.created = document.metadata.modified = stamp
        data = document.write_pdf(
            pdf_variant=options.variant,
            attachments=_attachments(options, _fetcher(_roots(press)), Attachment),
            # A hash of the content, not a random value: the same input gives the same bytes.
            pdf_identifier=True,
        )
    except RenderError:
        raise
    except Exception as error:
        raise RenderError(f"WeasyPrint failed: {type(error).__name__}: {error}") from error
    finally:
        logger.removeHandler(collector)
        adjust.ADJUSTING.reset(adjusting)
    found = subset.subsetter_warning()
    warnings = [
        *([found] if found else []),
        *dict.fromkeys(collector.messages),
        *overflows(document),
    ]
    return Printed(_finish(data, press, options), len(document.pages), tuple(warnings))


def _finish(data: bytes, press: Press | Printing, options: PdfOptions) -> bytes:
    """What WeasyPrint cannot write: each language change in the structure tree
    (tagging.py) and print marks outside the bleed (marks.py)."""
    tagged = options.variant == "pdf/ua-1"
    printing = _printing(press)
    if not tagged and not printing.print_marks:
        return data
    import pikepdf

    from summitbrief.pdf import marks, tagging

    with pikepdf.open(io.BytesIO(data)) as pdf:
        if tagged:
            tagging.mark_languages(pdf)
        if printing.print_marks:
            marks.add_marks(pdf, printing.bleed_mm)
        out = io.BytesIO()
        # The /ID from the content, as WeasyPrint's pdf_identifier: same input, same bytes.
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


def warm_up(printing: Printing) -> None:
    """Parse the press's stylesheets, as the first memo would (they are kept for the next)."""
    roots = _roots(printing)
    for sheet in printing.stylesheets:
        _stylesheet(sheet, roots)


def cut_fonts(html: Html, press: Press | Printing) -> Html:
    """``html`` with its fonts cut to its characters, ready for any printer process."""
    return replace(html, fonts=_font_sheet(html, _printing(press), subset_fonts=True))


def _font_sheet(html: Html, printing: Printing, subset_fonts: bool) -> FontSheet:
    if html.fonts is not None and subset_fonts:
        return html.fonts
    right = html.languages[1] if len(html.languages) > 1 else None
    return subset.font_stylesheet(
        html.characters,
        printing.fonts,
        right,
        _stylesheet_characters(tuple(sheet.text for sheet in printing.stylesheets)),
        subset_fonts,
    )


def lay_out(html: Html | str, press: Press | Printing, subset_fonts: bool = True) -> Any:
    """The laid-out WeasyPrint document of ``html``, as :func:`render_pdf` prints it."""
    return _lay_out(html, press, subset_fonts)


def _printing(press: Press | Printing) -> Printing:
    """What the PDF stage reads of a press (a printer process is sent only that)."""
    return press if isinstance(press, Printing) else press.printing


def _roots(press: Press | Printing) -> tuple[Path, ...]:
    return (*_printing(press).fetch_roots, subset.font_directory())


def _lay_out(html: Html | str, press: Press | Printing, subset_fonts: bool) -> Any:
    from weasyprint import CSS, HTML

    document_html = html if isinstance(html, Html) else Html(html)
    printing = _printing(press)
    linebreak.install()
    fonts = _font_sheet(document_html, printing, subset_fonts)
    roots = (*_roots(press), *fonts.roots)
    # One fetcher for the document, every stylesheet and every attachment: each
    # would make a default one otherwise, which reads any file: URL (CVE-2026-55073).
    fetcher = _fetcher(roots)
    # The fonts go before a theme's extra.css, so that a theme may set its own faces.
    fonts_css = CSS(string=fonts.css, url_fetcher=fetcher, font_config=font_configuration())
    sheets = [
        *(_stylesheet(s, roots) for s in printing.stylesheets if not s.theme),
        fonts_css,
        *(_stylesheet(s, roots) for s in printing.stylesheets if s.theme),
    ]
    document = HTML(
        string=document_html.text,
        base_url=printing.templates.as_uri() + "/",
        url_fetcher=fetcher,
    ).render(font_config=font_configuration(), stylesheets=sheets)
    return document


def _attachments(options: PdfOptions, fetcher: Any, attachment: Any) -> Sequence[Any]:
    if not (options.source and options.variant == "pdf/a-3b"):
        return []
    name, raw = options.source
    when = options.created or options.attachment_date
    return [
        attachment(
            file_obj=io.BytesIO(raw),
            name=name,
            description="Summit data (summitbrief format 1)",
            relationship="Source",
            created=when,
            modified=when,
            url_fetcher=fetcher,
        )
    ]


class _Collector(logging.Handler):
    """Keeps WeasyPrint's warnings (missing glyphs, refused URLs) for the build report."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
