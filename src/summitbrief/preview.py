"""Turn a summit file into a live page: the memo in one language, made by the same
:func:`make_artifact` as ``build`` with the same options, and reloaded in the
browser when the data file, a template, a theme file or a catalog changes.

The server listens on 127.0.0.1 only and answers only requests addressed to
it by that name (a web page elsewhere cannot reach it through DNS
rebinding). The page learns of changes through server-sent events
(``/events``): each connection compares the modification times of the watched
files, a few times a second, with the version the page was rendered from. A
new version re-opens the press, so edited catalogs, templates and theme
files are read again.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import logging
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from summitbrief.builder.make import make_artifact, standalone_html
from summitbrief.builder.options import BuildOptions
from summitbrief.catalogs import pofile
from summitbrief.errors import ConfigError, DataError, SummitbriefError
from summitbrief.files import tree_files
from summitbrief.loader import load_source
from summitbrief.paths import catalog_path
from summitbrief.planner import Edition, plan
from summitbrief.press import Press
from summitbrief.render.html import render_document

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
# How often an open page's event stream looks at the watched files, and how
# often it sends a comment so that proxies and the browser keep it open.
POLL_SECONDS = 0.25
KEEPALIVE_SECONDS = 15.0
# Open event streams at once (each holds a thread); more are answered 503.
MAX_STREAMS = 8
# How long one event stream stays open; the browser reconnects after it.
STREAM_SECONDS = 600.0

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
<script id="summitbrief-preview-reload" nonce="%s">
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


class MemoPreview:
    """The memo of one summit file in one language, made from the current files."""

    def __init__(self, source: Path, lang: str, open_press: Callable[[], Press]) -> None:
        self.source = source
        self.lang = lang
        self._open_press = open_press
        self._press: tuple[str, Press] | None = None
        self._lock = threading.Lock()

    def press(self) -> Press:
        """The press for the current files: re-opened when a watched file changed."""
        with self._lock:
            if self._press is None or self._version(self._press[1]) != self._press[0]:
                press = self._open_press()
                self._press = (self._version(press), press)
            return self._press[1]

    def edition(self) -> Edition:
        """The edition as the file stands now (a DataError if it does not load)."""
        press = self.press()
        source, summit = load_source(self.source, press.languages)
        return plan(summit, [self.lang], source=source)[0]

    def watched(self, press: Press | None = None) -> Iterable[Path]:
        """Every file whose change changes the page (with ``press``'s folders and catalogs)."""
        yield self.source
        if press is None:
            return
        for root in press.fetch_roots:
            yield from tree_files(root)
        yield from press.locales.glob("*.toml")
        yield from (catalog_path(press.locales, tag) for tag in press.languages)

    def version(self) -> str:
        """A fingerprint of the watched files' names, sizes and modification times."""
        if self._press is None:
            with contextlib.suppress(SummitbriefError):
                self.press()  # what to watch: its templates, theme and catalogs
        return self._version(self._press[1] if self._press else None)

    def _version(self, press: Press | None) -> str:
        digest = hashlib.sha256()
        for path in sorted(self.watched(press)):
            try:
                stat = path.stat()
            except OSError:
                continue
            digest.update(f"{path}\0{stat.st_mtime_ns}\0{stat.st_size}\n".encode())
        return digest.hexdigest()[:16]

    def html(self) -> str:
        """The memo's HTML, exactly as ``build --format html`` writes it."""
        press = self.press()
        return standalone_html(render_document(self.edition(), press), press)

    def pdf(self) -> bytes:
        """The memo's PDF, exactly as ``build`` prints it."""
        press = self.press()
        return make_artifact(self.edition(), press, BuildOptions()).data

    def snapshot(self) -> Snapshot:
        """The page for the current files, or an error page saying what to fix."""
        try:
            press = self.press()
            version = self.version()
            edition = self.edition()
            page = standalone_html(render_document(edition, press), press)
        except SummitbriefError as error:
            return Snapshot(self.version(), "", error=str(error))
        texts = tuple(f"{item[-2]} (shows {item[-1]})" for item in edition.missing)
        return Snapshot(version, page, texts, self._untranslated_strings(press))

    def _untranslated_strings(self, press: Press) -> tuple[str, ...]:
        try:
            catalog = pofile.read(catalog_path(press.locales, self.lang), self.lang).catalog
        except DataError as error:
            # A catalog mid-edit: the memo still renders (broken messages in
            # English), and the bar says what is wrong with the file.
            return tuple(f"catalog: {problem}" for problem in error.problems)
        return tuple(
            f"{m.context}: {m.id}" if m.context else str(m.id)
            for m in catalog
            if m.id and (not m.string or m.fuzzy)
        )


def page(snapshot: Snapshot, preview: MemoPreview, nonce: str = "") -> str:
    """The HTML sent to the browser: the memo plus a bar and the reload script."""
    bar = _bar(snapshot, preview)
    script = SCRIPT % (nonce, _js_string(snapshot.version))
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
    streams: threading.BoundedSemaphore
    # server() binds the handler to an HTTP server (socketserver says a BaseServer).
    server: ThreadingHTTPServer

    def do_GET(self) -> None:
        if not self._addressed_to_us():
            self._send(HTTPStatus.FORBIDDEN, "text/plain; charset=utf-8", "forbidden host")
            return
        url = urlsplit(self.path)
        try:
            if url.path in ("/", "/index.html"):
                self._page()
            elif url.path == "/version":
                self._send(HTTPStatus.OK, "text/plain; charset=utf-8", self.preview.version())
            elif url.path == "/events":
                self._events(parse_qs(url.query).get("version", [""])[0])
            elif url.path == "/memo.pdf":
                self._pdf()
            else:
                self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", "not found")
        except (BrokenPipeError, ConnectionResetError):
            return
        except Exception:  # never a traceback to a client: logged here, one line there
            log.exception("the preview failed on %s", url.path)
            text = "the preview failed; the terminal running `summitbrief preview` has the details"
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/plain; charset=utf-8", text)

    def _addressed_to_us(self) -> bool:
        port = self.server.server_port
        return self.headers.get("Host", "") in (f"127.0.0.1:{port}", f"localhost:{port}")

    def _page(self) -> None:
        nonce = secrets.token_urlsafe(16)
        snapshot = self.preview.snapshot()
        # Templates come from themes: only our reload script runs in the page.
        policy = (
            "default-src 'self' data: file:; style-src 'self' 'unsafe-inline'; "
            f"script-src 'nonce-{nonce}'"
        )
        self._send(
            HTTPStatus.OK,
            "text/html; charset=utf-8",
            page(snapshot, self.preview, nonce),
            {"Content-Security-Policy": policy},
        )

    def _pdf(self) -> None:
        try:
            data = self.preview.pdf()
        except SummitbriefError as error:
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/plain; charset=utf-8", str(error))
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
        if not self.streams.acquire(blocking=False):
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, "text/plain; charset=utf-8", "busy")
            return
        try:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            started = last_sent = time.monotonic()
            while time.monotonic() - started < STREAM_SECONDS:
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
        finally:
            self.streams.release()

    def _send(
        self,
        status: HTTPStatus,
        content_type: str,
        text: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        log.info("%s - %s", self.address_string(), format % args)


def server(preview: MemoPreview, port: int = 8000) -> ThreadingHTTPServer:
    """A server for ``preview`` bound to 127.0.0.1:``port`` (0 picks a free port)."""
    handler = type(
        "Handler",
        (_Handler,),
        {"preview": preview, "streams": threading.BoundedSemaphore(MAX_STREAMS)},
    )
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
    if ready is not None:
        ready(f"http://{HOST}:{httpd.server_port}/")
    try:
        httpd.serve_forever(poll_interval=0.2)
    finally:
        httpd.server_close()
