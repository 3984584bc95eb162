"""`summitbrief preview`: the live page, its server, and a real browser watching it change."""

from __future__ import annotations

import selectors
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from summitbrief import open_press
from summitbrief.cli import main
from summitbrief.preview import MemoPreview, page, server
from summitbrief.resources import LOCALES, TEMPLATES

from browser import HOW_TO, find_chromium
from helpers import MINIMAL

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# The summary has no Japanese text: the page shows the English one, marked.
SUMMIT = MINIMAL.replace(", ja: 要旨の文。", "")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A summit file and a copy of the catalogs a translator may edit."""
    (tmp_path / "summit.yaml").write_text(SUMMIT, encoding="utf-8")
    shutil.copytree(LOCALES, tmp_path / "locales")
    return tmp_path


@pytest.fixture
def preview(workspace: Path) -> MemoPreview:
    locales = workspace / "locales"
    return MemoPreview(workspace / "summit.yaml", "ja", lambda: open_press(locales=locales))


@pytest.fixture
def address(preview: MemoPreview) -> Iterator[str]:
    """The preview served from a thread of the test process."""
    httpd = server(preview, 0)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    host, port = httpd.server_address[:2]
    yield f"http://{host}:{port}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def catalog(workspace: Path) -> Path:
    return workspace / "locales" / "ja" / "LC_MESSAGES" / "messages.po"


def retranslate(path: Path, msgid: str, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    before = f'msgid "{msgid}"\nmsgstr "{old}"'
    assert before in text
    path.write_text(text.replace(before, f'msgid "{msgid}"\nmsgstr "{new}"'), encoding="utf-8")


# --- the page --------------------------------------------------------------------------


def test_the_page_is_the_memo_with_a_bar_a_pdf_link_and_the_reload_script(preview):
    snapshot = preview.snapshot()
    html = page(snapshot, preview)
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="ja"' in html
    assert "成果の文。" in html
    assert '<a href="/memo.pdf" id="summitbrief-pdf">PDF of this version</a>' in html
    assert 'new EventSource("/events?version="' in html
    assert f'var version = "{snapshot.version}"' in html
    assert snapshot.missing_texts == ("summary (shows en)",)
    assert '<details class="missing-texts" data-count="1">' in html
    assert 'class="untranslated"' in html


def test_a_file_that_stops_loading_shows_its_error_on_the_page(preview, workspace):
    (workspace / "summit.yaml").write_text(SUMMIT.replace("status: agreed", "status: done"))
    snapshot = preview.snapshot()
    assert snapshot.error is not None
    assert "summit.yaml:" in snapshot.error
    assert "outcomes[0].status: 'done' is not one of" in snapshot.error
    html = page(snapshot, preview)
    assert '<div class="error">' in html
    assert "EventSource" in html, "the error page reloads itself once the file is fixed"


def test_the_version_changes_with_the_data_a_template_or_a_catalog(preview, workspace):
    first = preview.version()
    assert preview.version() == first
    retranslate(catalog(workspace), "Date", "日時", "開催日時")
    second = preview.version()
    assert second != first
    (workspace / "summit.yaml").write_text(SUMMIT + "\n", encoding="utf-8")
    assert preview.version() != second


def test_a_template_edit_shows_on_the_next_snapshot(workspace):
    templates = workspace / "templates"
    shutil.copytree(TEMPLATES, templates)
    locales = workspace / "locales"
    preview = MemoPreview(
        workspace / "summit.yaml", "ja", lambda: open_press(templates=templates, locales=locales)
    )
    assert "preview-marker" not in preview.snapshot().html
    stylesheet = templates / "css" / "memo.css"
    stylesheet.write_text(stylesheet.read_text() + "\n/* preview-marker */\n")
    assert "preview-marker" in preview.snapshot().html


# --- the server ------------------------------------------------------------------------


def test_the_server_serves_the_page_the_version_and_the_pdf(address, preview):
    status, kind, body = get(address + "/")
    assert (status, kind) == (200, "text/html; charset=utf-8")
    assert "成果の文。" in body.decode()
    status, _kind, body = get(address + "/version")
    assert (status, body.decode()) == (200, preview.version())
    status, kind, body = get(address + "/memo.pdf")
    assert (status, kind) == (200, "application/pdf")
    assert body.startswith(b"%PDF-")
    assert get(address + "/favicon.ico")[0] == 404


def test_the_event_stream_announces_the_current_version(address, preview):
    with urllib.request.urlopen(address + "/events?version=old", timeout=10) as response:
        assert response.headers["Content-Type"] == "text/event-stream"
        assert response.readline().decode() == f"data: {preview.version()}\n"


def test_the_server_listens_on_the_loopback_address_only(address):
    assert address.startswith("http://127.0.0.1:")


# --- the command -----------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_preview_of_a_language_the_file_does_not_declare_fails_with_one_line(workspace):
    text = SUMMIT.replace("[en, ko, ja]", "[en, ko]")
    for piece in (
        ", ja: 試験会談",
        ", ja: ソウル",
        ", ja: 金カ",
        ", ja: 大統領",
        ", ja: 成果の文。",
    ):
        text = text.replace(piece, "")
    (workspace / "summit.yaml").write_text(text, encoding="utf-8")
    result = run("preview", str(workspace / "summit.yaml"), "--lang", "ja", "--port", "0")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: test-summit: 'ja' is not among the languages")
    assert len(result.stderr.splitlines()) == 1


def test_preview_of_a_missing_file_is_a_located_error(tmp_path):
    result = run("preview", str(tmp_path / "missing.yaml"), "--lang", "ja", "--port", "0")
    assert result.exit_code == 1
    assert "missing.yaml:1:1: cannot read file: No such file or directory" in result.stderr


def test_preview_on_a_port_in_use_says_so(workspace):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("preview", str(workspace / "summit.yaml"), "--lang", "ja", "--port", str(port))
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: cannot listen on 127.0.0.1:{port}: Address already in use "
        "(choose another --port)\n"
    )


# --- a real browser --------------------------------------------------------------------


@pytest.fixture
def served(workspace: Path) -> Iterator[str]:
    """`summitbrief preview` as a user starts it, on a free port; its URL."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "summitbrief",
            "preview",
            str(workspace / "summit.yaml"),
            "--lang",
            "ja",
            "--port",
            "0",
            "--locales",
            str(workspace / "locales"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)  # type: ignore[arg-type]
            assert selector.select(timeout=30), "the preview server did not start"
        line = process.stdout.readline()  # type: ignore[union-attr]
        assert line.startswith("Previewing "), line + process.stderr.read()  # type: ignore[union-attr]
        yield line.split(" at ")[1].split()[0]
    finally:
        process.terminate()
        process.wait(timeout=10)


def shows(tab, text: str, seconds: float = 15.0) -> None:
    """Wait until the page shows ``text``, read as a user would (the page's policy allows no
    script but its own, so Playwright's evaluated predicates cannot run there)."""
    deadline = time.monotonic() + seconds
    while text not in tab.inner_text("body"):
        assert time.monotonic() < deadline, f"the page never showed {text!r}"
        time.sleep(0.2)


def test_a_browser_shows_a_catalog_edit_and_a_data_edit_without_a_manual_reload(served, workspace):
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    if chromium is None:
        pytest.fail(HOW_TO)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium.path, args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page()
            tab.goto(served)
            assert "日時" in tab.inner_text("body")
            assert "開催日時" not in tab.inner_text("body")
            # The missing Japanese summary is shown in English and outlined.
            marked = tab.locator(".untranslated").first
            assert marked.inner_text().startswith("Summary text.")
            assert marked.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
            assert "1 text(s) not translated" in tab.inner_text("#summitbrief-preview")
            pdf = tab.request.get(served + tab.get_attribute("#summitbrief-pdf", "href"))
            assert pdf.headers["content-type"] == "application/pdf"

            # A translator saves the catalog in Poedit: the open page follows.
            retranslate(catalog(workspace), "Date", "日時", "開催日時")
            shows(tab, "開催日時")

            # An editor changes the data file: the page follows too.
            summit = workspace / "summit.yaml"
            summit.write_text(SUMMIT.replace("ja: 試験会談", "ja: 日韓試験会談"), encoding="utf-8")
            shows(tab, "日韓試験会談")
            tab.reload()
            assert "日韓試験会談" in tab.inner_text("h1")
        finally:
            browser.close()
