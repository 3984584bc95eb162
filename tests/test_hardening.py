"""Untrusted input cannot read files, reach the network or corrupt output."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from summitbrief import BuildOptions, build, open_press
from summitbrief.errors import ConfigError
from summitbrief.pdf.document import render_pdf
from summitbrief.planner import plan
from summitbrief.render.html import render_document

from helpers import (
    MINIMAL,
    copied_locales,
    default_press,
    edit_catalog,
    load_summit,
    pdf_contains,
    read_pdf,
    write_summit,
)

PASSWD = Path("/etc/passwd")
PASSWD_LINE = "root:x:0:0:"  # the first line of /etc/passwd on every Debian image


class Listener:
    """A TCP listener on 127.0.0.1 that counts connections, for at most 60 s."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        for _ in range(300):
            if self.stopped.is_set():
                break
            try:
                client, _ = self.server.accept()
            except TimeoutError:
                continue
            self.connections += 1
            client.close()

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{name}"

    def close(self) -> None:
        self.stopped.set()
        self.thread.join()
        self.server.close()


@pytest.fixture
def listener():
    listening = Listener()
    yield listening
    listening.close()


def test_no_url_in_html_or_css_reaches_the_network_or_a_file_outside(tmp_path, listener, caplog):
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "ok.css").write_text(f'@import url("{listener.url("nested.css")}");')
    (theme / "leak.css").symlink_to(PASSWD)
    big = "data:text/css," + "a" * (600 * 1024)
    html = f"""<html lang="en"><head>
    <link rel="stylesheet" href="{listener.url("a.css")}">
    <link rel="stylesheet" href="{(theme / "ok.css").as_uri()}">
    <link rel="stylesheet" href="{(theme / "leak.css").as_uri()}">
    <link rel="stylesheet" href="../../../../../../etc/passwd">
    <link rel="stylesheet" href="{big}">
    <style>
      @import url("{listener.url("b.css")}");
      @font-face {{ font-family: X; src: url("{listener.url("c.woff")}"); }}
      body {{ background: url("{listener.url("d.png")}"); font-family: X; }}
      p::after {{ content: url("file:///etc/passwd"); }}
    </style></head><body>
    <p>Text</p>
    <img src="{listener.url("e.png")}"><img src="file:///etc/passwd">
    <object data="{listener.url("f")}"></object><embed src="{listener.url("g")}">
    <iframe src="file:///etc/passwd"></iframe>
    <link rel="attachment" href="file:///etc/passwd">
    <a rel="attachment" href="../../../../../../etc/passwd">x</a>
    </body></html>"""
    with caplog.at_level(logging.WARNING, logger="summitbrief.pdf.fetcher"):
        printed = render_pdf(html, open_press(theme=theme))
    assert listener.connections == 0
    assert not pdf_contains(printed.data, PASSWD_LINE, tmp_path)
    refused = [r.getMessage() for r in caplog.records if r.name == "summitbrief.pdf.fetcher"]
    assert f"refused to fetch {listener.url('a.css')}" in refused
    assert f"refused to fetch {listener.url('nested.css')}" in refused
    assert "refused to fetch file:///etc/passwd" in refused
    assert f"refused to fetch {big[:200]}…" in refused
    assert len(refused) == len(set(refused))  # each URL once
    assert printed.warnings  # WeasyPrint reports what it could not load


def read_pdf_bytes(data: bytes, directory: Path) -> str:
    path = directory / "out.pdf"
    path.write_bytes(data)
    return read_pdf(path).text


def test_markup_and_urls_in_data_and_catalogs_print_as_text(tmp_path, listener):
    locales = copied_locales(tmp_path)
    evil = f'<img src=\\"{listener.url("catalog.png")}\\"><link rel=stylesheet href=x.css>'
    edit_catalog(
        locales,
        "en",
        'msgid "Bottom line"\nmsgstr "Bottom line"',
        f'msgid "Bottom line"\nmsgstr "{evil}"',
    )
    data = MINIMAL.replace(
        "summary: {en: Summary text.,",
        f"summary: {{en: '<img src=\"{listener.url('data.png')}\"> <b>file:///etc/passwd</b>',",
    )
    edition = plan(load_summit(write_summit(tmp_path, data)), ["en"])[0]
    press = open_press(locales=locales)
    printed = render_pdf(render_document(edition, press), press)
    text = read_pdf_bytes(printed.data, tmp_path)
    assert listener.connections == 0
    # Markup in a translation makes it broken: the English source is printed instead.
    assert "catalog.png" not in text and "Bottom line" in text
    assert f'<img src="{listener.url("data.png")}"> <b>file:///etc/passwd</b>' in text
    assert not pdf_contains(printed.data, PASSWD_LINE, tmp_path)


def test_output_never_leaves_the_output_directory(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "test-summit").symlink_to(elsewhere)
    source = write_summit(tmp_path, MINIMAL)
    with pytest.raises(ConfigError, match="leads outside the output directory"):
        build([source], BuildOptions(out=out, languages=("en",), format="html"), default_press())
    assert list(elsewhere.iterdir()) == []


def test_an_id_cannot_name_a_path(tmp_path):
    from summitbrief.errors import DataError

    for bad in ("../../etc", "a/b", "..", "/tmp/x"):
        source = write_summit(tmp_path, MINIMAL.replace("id: test-summit", f"id: '{bad}'"))
        with pytest.raises(DataError, match="is not a slug"):
            load_summit(source)


def test_concurrent_builds_into_one_directory_keep_every_file_and_manifest_entry(tmp_path):
    source = write_summit(tmp_path, MINIMAL)
    out = tmp_path / "out"
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "summitbrief",
                "build",
                str(source),
                "--lang",
                lang,
                "--format",
                "html",
                "--out",
                str(out),
                "--jobs",
                "1",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, "CI": "true"},
        )
        for lang in ("en", "ko", "ja")
    ]
    for run in runs:
        assert run.wait(timeout=120) == 0, run.stderr.read() if run.stderr else ""
    import json

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    paths = sorted(a["path"] for a in manifest["artifacts"])
    assert paths == [f"test-summit/test-summit.{lang}.html" for lang in ("en", "ja", "ko")]
    for path in paths:
        assert (out / path).read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_a_theme_cannot_fetch_from_the_network_or_read_files_outside_it(tmp_path, listener):
    theme = tmp_path / "theme"
    (theme / "blocks").mkdir(parents=True)
    (theme / "extra.css").write_text(
        f'@import url("{listener.url("theme.css")}");\n'
        f'body {{ background: url("{listener.url("bg.png")}"); }}\n'
        'h1::before { content: url("file:///etc/passwd"); }\n',
        encoding="utf-8",
    )
    (theme / "blocks" / "title.html.j2").write_text(
        f'<img src="{listener.url("logo.png")}"><link rel="stylesheet" href="file:///etc/passwd">'
        '<a rel="attachment" href="file:///etc/passwd">x</a><h1>{{ summit.title | tr }}</h1>',
        encoding="utf-8",
    )
    source = write_summit(tmp_path, MINIMAL)
    options = BuildOptions(out=tmp_path / "out", languages=("en",))
    [artifact] = build([source], options, open_press(theme=theme))
    assert listener.connections == 0
    assert not pdf_contains(artifact.path.read_bytes(), PASSWD_LINE, tmp_path)
    assert "Test Summit" in read_pdf(artifact.path).text
    assert artifact.warnings  # what WeasyPrint could not load, so that --strict fails
