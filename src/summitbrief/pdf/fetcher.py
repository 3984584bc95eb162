"""The only way a document may load a file: a WeasyPrint URL fetcher bounded to known folders.

Summit data, catalogs and themes are not fully trusted: nothing they contain
may make a build read other files or reach the network. WeasyPrint's default
fetcher reads any ``file:`` URL and the network (CVE-2026-55073), so one
fetcher of ours goes to the document, every stylesheet and every attachment.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Sequence
from functools import cache
from mimetypes import guess_type
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

LOG = logging.getLogger(__name__)

# data: URLs (a small logo inlined in a theme's CSS) and local files have
# bounds too: a template must not make a build read or hold gigabytes.
MAX_DATA_URL = 512 * 1024
MAX_FETCHED_FILE = 32 * 2**20


@cache
def fetcher_class() -> type:
    """The fetcher class, made on first use: importing WeasyPrint costs most of a cold start."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFetcher(URLFetcher):
        """Serves regular files inside the given folders and small data: URLs; refuses the rest.

        Each refusal is logged once, with the URL (WeasyPrint reports it as a
        warning of the artifact, so ``--strict`` fails).
        """

        def __init__(self, roots: Sequence[Path], **kwargs: Any) -> None:
            super().__init__(allowed_protocols=("file", "data"), **kwargs)
            self.roots = [root.resolve() for root in roots]
            self.refused: set[str] = set()

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "data" and len(url) <= MAX_DATA_URL:
                return super().fetch(url, headers)
            if parts.scheme == "file" and not parts.netloc:
                data = self._read(Path(unquote(parts.path)))
                if data is not None:
                    kind = guess_type(parts.path)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, data, {"Content-Type": kind})
            shown = url if len(url) < 200 else url[:200] + "…"
            if shown not in self.refused:
                self.refused.add(shown)
                LOG.warning("refused to fetch %s", shown)
            raise ValueError(f"summitbrief does not fetch {shown}")

        def _read(self, path: Path) -> bytes | None:
            # Resolved first, so neither ".." nor a symbolic link leads out of a root;
            # a FIFO or a device would hang or never end.
            try:
                path = path.resolve()
                if not any(path.is_relative_to(root) for root in self.roots):
                    return None
                descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
                with os.fdopen(descriptor, "rb") as file:
                    info = os.fstat(descriptor)
                    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FETCHED_FILE:
                        return None
                    return file.read(MAX_FETCHED_FILE)
            except (OSError, ValueError):
                return None

    return LocalFetcher
