"""Turn a summit file into a live page: the memo in one language, rendered by the
same stages as ``build`` on every request, and reloaded in the browser when the
data file, a template or a catalog changes.

The server listens on 127.0.0.1 only. The page learns of changes through
server-sent events (``/events``): each connection compares the modification
times of the watched files, a few times a second, with the version the page
was rendered from. Catalogs (read per mtime in :mod:`summitbrief.i18n`) and
templates (Jinja's auto_reload) are re-read when they change, so no cache
needs clearing here.
"""

from __future__ import annotations

import hashlib
import html
import logging
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from jinja2 import Environment

from summitbrief.catalogs import pofile
from summitbrief.errors import ConfigError, DataError, SummitbriefError
from summitbrief.i18n import catalog_path
from summitbrief.loader import load
from summitbrief.planner import Edition, plan
from summitbrief.render.html import environment, render_html
from summitbrief.resources import LOCALES, TEMPLATES

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
# How often an open page's event stream looks at the watched files, and how
# often it sends a comment so that proxies and the browser keep it open.
POLL_SECONDS = 0.25
KEEPALIVE_SECONDS = 15.0

STYLE = """
<style id="summitbrief-preview-style">
@media screen {
  body { margin-top: 0; }
  #summitbrief-preview { font: 13px/1.4 system-ui, sans-serif; background: #1f2933; color: #f5f7fa;
    padding: 8px 12px; position: sticky; top: 0; z-index: 10; }
  #summitbrief-preview * { font-family: inherit; }
  #summitbrief-preview a { color: #9fd3ff; }
  #summitbrief-preview details { margin-top: 4px; }
  #summitbrief-preview .error { color: #ffb4b4; white-space: pre-wrap; }
  .untranslated { outline: 2px solid #e0a000; outline-offset: 1px; }
}
@media print { #summitbrief-preview { display: none; } }
</style>
"""

SCRIPT = """
<script id="summitbrief-preview-reload">
(function () {
  var version = %s;
  if (!window.EventSource) { return; }
  var events = new EventSource("/events?version=" + encodeURIComponent(version));
  events.onmessage = function (event) {
    if (event.data !== version) { events.close(); window.location.reload(); }
  };
})();
</script>
"""


@dataclass(frozen=True)
class Snapshot:
    """What the page shows for one version of the sources."""

    version: str
    html: str
    # field paths of texts shown in another language, and interface strings
    # the catalog does not translate
    missing_texts: tuple[str, ...] = field(default=())
    missing_strings: tuple[str, ...] = field(default=())
    error: str | None = None


@dataclass(frozen=True)
class MemoPreview:
    """The memo of one summit file in one language, rendered from the current files."""

    source: Path
    lang: str
    templates: Path = TEMPLATES
    locales: Path = LOCALES

    def edition(self) -> Edition:
        """The edition as the file stands now (a DataError if it does not load)."""
        return plan(load(self.source), [self.lang], source=self.source)[0]

    def watched(self) -> Iterable[Path]:
        """Every file whose change changes the page."""
        yield self.source
        yield from (p for p in self.templates.rglob("*") if p.is_file())
        yield from self.locales.rglob("*.po")
        yield from self.locales.glob("*.toml")

    def version(self) -> str:
        """A fingerprint of the watched files' names, sizes and modification times."""
        digest = hashlib.sha256()
        for path in sorted(self.watched()):
            try:
                stat = path.stat()
            except OSError:
                continue
            digest.update(f"{path}\0{stat.st_mtime_ns}\0{stat.st_size}\n".encode())
        return digest.hexdigest()[:16]

    def html(self) -> str:
        """The memo's HTML, exactly as ``build --format html`` writes it."""
        return render_html(self.edition(), _environment(self.templates), self.locales)

    def pdf(self) -> bytes:
        """The memo's PDF, exactly as ``build`` prints it."""
        from summitbrief.pdf.document import render_pdf

        return render_pdf(self.html(), base=self.templates).data

    def snapshot(self) -> Snapshot:
        """The page for the current files, or an error page saying what to fix."""
        version = self.version()
        try:
            edition = self.edition()
            page = render_html(edition, _environment(self.templates), self.locales)
        except SummitbriefError as error:
            return Snapshot(version, "", error=str(error))
        except Exception as error:  # a template or catalog being edited; shown, and logged
            log.exception("rendering the preview failed")
            return Snapshot(version, "", error=f"{type(error).__name__}: {error}")
        texts = tuple(f"{item[-2]} (shows {item[-1]})" for item in edition.missing)
        return Snapshot(version, page, texts, self._untranslated_strings())

    def _untranslated_strings(self) -> tuple[str, ...]:
        try:
            catalog = pofile.read(catalog_path(self.locales, self.lang), self.lang)
        except DataError as error:
            # A catalog mid-edit: the memo still renders (Babel is lenient), and
            # the bar says what is wrong with the file.
            return tuple(f"catalog: {problem}" for problem in error.problems)
        return tuple(
            f"{m.context}: {m.id}" if m.context else str(m.id)
            for m in catalog
            if m.id and (not m.string or m.fuzzy)
        )


@cache
def _environment(templates: Path) -> Environment:
    # One environment per template directory for the server's life: its
    # template cache checks mtimes (auto_reload), so edits still show.
    return environment([templates])


def page(snapshot: Snapshot, preview: MemoPreview) -> str:
    """The HTML sent to the browser: the memo plus a bar and the reload script."""
    bar = _bar(snapshot, preview)
    script = SCRIPT % _js_string(snapshot.version)
    if snapshot.error is not None:
        return (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f"<title>summitbrief preview: error</title>{STYLE}</head>"
            f"<body>{bar}{script}</body></html>"
        )
    document = snapshot.html
    document = _insert_before(document, "</head>", STYLE)
    document = _insert_after_tag(document, "<body", bar)
    return _insert_before(document, "</body>", script)


def _bar(snapshot: Snapshot, preview: MemoPreview) -> str:
    name = html.escape(preview.source.name)
    parts = [
        f"<strong>summitbrief preview</strong> · {name} · {html.escape(preview.lang)}",
        '<a href="/memo.pdf" id="summitbrief-pdf">PDF of this version</a>',
    ]
    if snapshot.error is not None:
        parts.append(f'<div class="error">{html.escape(snapshot.error)}</div>')
    else:
        parts.append(_list("text", "text(s) not translated", snapshot.missing_texts))
        parts.append(
            _list("string", "interface string(s) not translated", snapshot.missing_strings)
        )
    body = " · ".join(p for p in parts[:2]) + "".join(parts[2:])
    return f'<div id="summitbrief-preview" lang="en">{body}</div>'


def _list(kind: str, label: str, items: tuple[str, ...]) -> str:
    if not items:
        return f'<span class="missing-{kind}s" data-count="0"></span>'
    rows = "".join(f"<li>{html.escape(item)}</li>" for item in items)
    return (
        f'<details class="missing-{kind}s" data-count="{len(items)}">'
        f"<summary>{len(items)} {label} (marked in the page)</summary><ul>{rows}</ul></details>"
    )


def _js_string(value: str) -> str:
    return '"' + "".join(c for c in value if c.isalnum()) + '"'


def _insert_before(document: str, marker: str, text: str) -> str:
    index = document.rfind(marker)
    return document[:index] + text + document[index:] if index >= 0 else document + text


def _insert_after_tag(document: str, opening: str, text: str) -> str:
    start = document.find(opening)
    end = document.find(">", start) if start >= 0 else -1
    return document[: end + 1] + text + document[end + 1 :] if end >= 0 else text + document


class _Handler(BaseHTTPRequestHandler):
    preview: MemoPreview

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            snapshot = self.preview.snapshot()
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", page(snapshot, self.preview))
        elif url.path == "/version":
            self._send(HTTPStatus.OK, "text/plain; charset=utf-8", self.preview.version())
        elif url.path == "/events":
            known = parse_qs(url.query).get("version", [""])[0]
            self._events(known)
        elif url.path == "/memo.pdf":
            self._pdf()
        else:
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", "not found")

    def _pdf(self) -> None:
        try:
            data = self.preview.pdf()
        except SummitbriefError as error:
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/plain; charset=utf-8", str(error))
            return
        except Exception:  # shown to the user who asked, and logged
            log.exception("printing the preview failed")
            text = traceback.format_exc()
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/plain; charset=utf-8", text)
            return
        stem = f"{self.preview.source.stem}.{self.preview.lang}.pdf"
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Disposition", f'inline; filename="{stem}"')
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def _events(self, known: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        last_sent = time.monotonic()
        try:
            while True:
                version = self.preview.version()
                if version != known:
                    self.wfile.write(f"data: {version}\n\n".encode())
                    self.wfile.flush()
                    known = version
                    last_sent = time.monotonic()
                elif time.monotonic() - last_sent > KEEPALIVE_SECONDS:
                    self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
                    last_sent = time.monotonic()
                time.sleep(POLL_SECONDS)
        except (BrokenPipeError, ConnectionResetError):
            return

    def _send(self, status: HTTPStatus, content_type: str, text: str) -> None:
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        log.info("%s - %s", self.address_string(), format % args)


def server(preview: MemoPreview, port: int = 8000) -> ThreadingHTTPServer:
    """A server for ``preview`` bound to 127.0.0.1:``port`` (0 picks a free port)."""
    handler = type("Handler", (_Handler,), {"preview": preview})
    try:
        httpd = ThreadingHTTPServer((HOST, port), handler)
    except OSError as error:
        raise ConfigError(
            f"cannot listen on {HOST}:{port}: {error.strerror} (choose another --port)"
        ) from None
    # Open event streams must not keep the process alive after Ctrl+C.
    httpd.daemon_threads = True
    return httpd


def serve(
    preview: MemoPreview, port: int = 8000, ready: Callable[[str], None] | None = None
) -> None:
    """Serve ``preview`` until interrupted; ``ready`` gets the page's URL once listening."""
    preview.edition()
    httpd = server(preview, port)
    host, bound = httpd.server_address[:2]
    if ready is not None:
        ready(f"http://{host}:{bound}/")
    try:
        httpd.serve_forever(poll_interval=0.2)
    finally:
        httpd.server_close()
