"""Turn the HTML of an edition into PDF bytes with WeasyPrint.

WeasyPrint is imported here only, and only when a PDF is made: its import
costs most of a cold start.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summitbrief.errors import RenderError
from summitbrief.pdf import linebreak, subset
from summitbrief.resources import TEMPLATES

if TYPE_CHECKING:
    from weasyprint.text.fonts import FontConfiguration

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Printed:
    """The PDF of one edition and what WeasyPrint had to say while making it."""

    data: bytes
    pages: int
    warnings: tuple[str, ...] = field(default=())


@cache
def font_configuration() -> FontConfiguration:
    """One font configuration per process: building it scans the system's fonts."""
    from weasyprint.text.fonts import FontConfiguration

    config = FontConfiguration()
    # WeasyPrint keeps @font-face files (the cut fonts, subset.py) in a folder it
    # removes only when the configuration is collected; worker processes never are.
    subset.at_exit(config.__del__)
    return config


# data: URLs (a small logo inlined in a theme's CSS) and local files have
# bounds too: a template must not make a build read or hold gigabytes.
MAX_DATA_URL = 512 * 1024
MAX_FETCHED_FILE = 32 * 2**20


def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFetcher(URLFetcher):
        """Serves files inside the given directories and small data: URLs; refuses the rest.

        Summit data, catalogs and themes are not fully trusted: nothing they
        contain may make a build read other files or reach the network. Each
        refusal is logged once, with the URL.
        """

        def __init__(self, roots: Sequence[Path], **kwargs: Any) -> None:
            super().__init__(allowed_protocols=("file", "data"), **kwargs)
            self.roots = [root.resolve() for root in roots]
            self.refused: set[str] = set()

        def fetch(self, url: str, headers: Any = None) -> Any:
            from mimetypes import guess_type
            from urllib.parse import unquote, urlsplit

            parts = urlsplit(url)
            if parts.scheme == "data" and len(url) <= MAX_DATA_URL:
                return super().fetch(url, headers)
            if parts.scheme == "file" and not parts.netloc:
                # Resolved first, so neither ".." nor a symbolic link leads out of a root.
                path = Path(unquote(parts.path)).resolve()
                allowed = any(path.is_relative_to(root) for root in self.roots)
                if allowed and path.is_file() and path.stat().st_size <= MAX_FETCHED_FILE:
                    kind = guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})
            shown = url if len(url) < 200 else url[:200] + "…"
            if shown not in self.refused:
                self.refused.add(shown)
                LOG.warning("refused to fetch %s", shown)
            raise ValueError(f"summitbrief does not fetch {shown}")

    return LocalFetcher


class _Collector(logging.Handler):
    """Keeps WeasyPrint's warnings (missing glyphs, refused URLs) for the build report."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


VARIANTS = ("pdf/a-3b", "pdf/ua-1")


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


def render_pdf(
    html: str, base: Path = TEMPLATES, roots: Sequence[Path] = (), options: PdfOptions | None = None
) -> Printed:
    """Print ``html`` to PDF; relative URLs resolve against ``base``.

    Only files under ``base`` and ``roots`` can be fetched.
    """
    from weasyprint import HTML, Attachment

    options = options or PdfOptions()
    if options.variant not in (None, *VARIANTS):
        raise RenderError(f"unknown PDF variant {options.variant} (known: {', '.join(VARIANTS)})")
    linebreak.install()
    prepared = subset.prepare(html, options.subset_fonts)
    # One fetcher for the document and every attachment: each would make a
    # default one otherwise, which reads any file: URL (CVE-2026-55073).
    fetcher = _fetcher_class()([base, *roots, *prepared.roots])
    collector = _Collector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        document = HTML(string=prepared.html, base_url=str(base) + "/", url_fetcher=fetcher).render(
            font_config=font_configuration()
        )
        if options.created:
            stamp = options.created.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            document.metadata.created = document.metadata.modified = stamp
        attachments = []
        if options.source and options.variant == "pdf/a-3b":
            name, raw = options.source
            when = options.created or options.attachment_date
            attachments.append(
                Attachment(
                    file_obj=io.BytesIO(raw),
                    name=name,
                    description="Summit data (summitbrief format 1)",
                    relationship="Source",
                    created=when,
                    modified=when,
                    url_fetcher=fetcher,
                )
            )
        data = document.write_pdf(
            pdf_variant=options.variant,
            attachments=attachments,
            # A hash of the content, not a random value: the same input gives the same bytes.
            pdf_identifier=True,
        )
    except Exception as error:
        raise RenderError(f"WeasyPrint failed: {error}") from error
    finally:
        logger.removeHandler(collector)
    warnings = [*prepared.warnings, *dict.fromkeys(collector.messages), *_overflows(document)]
    return Printed(data, len(document.pages), tuple(warnings))


def _overflows(document: Any) -> list[str]:
    """Text that runs past the left or right edge of the page's content area."""
    from weasyprint.formatting_structure.boxes import TextBox

    found = []
    for number, page in enumerate(document.pages, start=1):
        area = page._page_box
        left = area.content_box_x()
        right = left + area.width
        for box in area.descendants():
            outside = box.position_x < left - 0.5 or box.position_x + box.width > right + 0.5
            if isinstance(box, TextBox) and box.text.strip() and outside:
                found.append(f"page {number}: text runs past the margin: {box.text[:40]!r}")
    return found
