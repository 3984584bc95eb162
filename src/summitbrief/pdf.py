"""Turn the HTML of an edition into PDF bytes with WeasyPrint.

WeasyPrint is imported here only, and only when a PDF is made: its import
costs most of a cold start.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summitbrief import linebreak
from summitbrief.errors import RenderError
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

    return FontConfiguration()


def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher

    class LocalFetcher(URLFetcher):
        """Serves files inside the given directories and refuses every other URL.

        Summit data and catalogs are not fully trusted; nothing they contain may
        make a build read other files or reach the network.
        """

        def __init__(self, roots: Sequence[Path], **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.roots = [root.resolve() for root in roots]

        def fetch(self, url: str, headers: Any = None) -> Any:
            from urllib.parse import unquote, urlsplit

            parts = urlsplit(url)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if any(path.is_relative_to(root) for root in self.roots) and path.is_file():
                    return super().fetch(url, headers)
            LOG.warning("refused to fetch %s", url)
            raise ValueError(f"summitbrief does not fetch {url}")

    return LocalFetcher


class _Collector(logging.Handler):
    """Keeps WeasyPrint's warnings (missing glyphs, refused URLs) for the build report."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render_pdf(html: str, base: Path = TEMPLATES, roots: Sequence[Path] = ()) -> Printed:
    """Print ``html`` to PDF; relative URLs resolve against ``base``.

    Only files under ``base`` and ``roots`` can be fetched.
    """
    from weasyprint import HTML

    linebreak.install()
    fetcher = _fetcher_class()([base, *roots])
    collector = _Collector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        document = HTML(string=html, base_url=str(base) + "/", url_fetcher=fetcher).render(
            font_config=font_configuration()
        )
        data = document.write_pdf()
    except Exception as error:
        raise RenderError(f"WeasyPrint failed: {error}") from error
    finally:
        logger.removeHandler(collector)
    return Printed(data, len(document.pages), tuple(dict.fromkeys(collector.messages)))
