"""Reading PDFs back and writing test inputs: shared by the test modules."""

from __future__ import annotations

import subprocess
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pdfplumber
import pikepdf
from babel.messages.pofile import read_po
from click.testing import CliRunner, Result
from translate.storage.pypo import pofile as tt_pofile

from summitbrief import Edition, Press, Summit, cli, load, open_press, parse, plan

DATA = Path(__file__).parent / "data"


@cache
def default_press() -> Press:
    """The press of the project's templates and catalogs in the built-in look (one per process)."""
    return open_press()


def load_summit(path: Path | str) -> Summit:
    """A summit file loaded with the project's languages."""
    return load(path, default_press().languages)


def parse_summit(text: str | bytes, name: str = "test.yaml") -> Summit:
    """Summit text validated with the project's languages."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return parse(raw, name, default_press().languages)


def edition_of(summit: Summit, lang: str) -> Edition:
    """The single-language edition of ``summit`` in ``lang``."""
    return plan(summit, [lang])[0]


@dataclass(frozen=True)
class Char:
    """One character as a PDF reader sees it."""

    text: str
    font: str
    page: int
    x0: float
    top: float
    size: float


@dataclass(frozen=True)
class ReadPdf:
    """The text and characters of a PDF, per page."""

    pages: list[str]
    chars: list[Char]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)


def read_pdf(path: Path) -> ReadPdf:
    """Read a PDF back the way a user's viewer would."""
    pages, chars = [], []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            pages.append(page.extract_text() or "")
            chars.extend(
                Char(c["text"], c["fontname"], number, c["x0"], c["top"], c["size"])
                for c in page.chars
            )
    return ReadPdf(pages, chars)


def pdf_contains(data: bytes, secret: str, directory: Path) -> bool:
    """Whether ``secret`` is in the PDF's text or in any of its streams, decompressed."""
    path = directory / "contains.pdf"
    path.write_bytes(data)
    if secret in read_pdf(path).text:
        return True
    with pikepdf.open(path) as pdf:
        for thing in pdf.objects:
            if isinstance(thing, pikepdf.Stream) and secret.encode() in thing.read_bytes():
                return True
    return False


def script(char: str) -> str:
    """A coarse script class: hangul, kana, han, latin or other."""
    name = unicodedata.name(char[:1], "") if char else ""
    for prefix, label in (
        ("HANGUL", "hangul"),
        ("HIRAGANA", "kana"),
        ("KATAKANA", "kana"),
        ("CJK UNIFIED", "han"),
        ("LATIN", "latin"),
    ):
        if name.startswith(prefix):
            return label
    return "other"


def write_summit(directory: Path, text: str, name: str = "summit.yaml") -> Path:
    """Write a summit file for a test and return its path."""
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = """\
summitbrief: 1
id: test-summit
source_language: en
languages: [en, ko, ja]
title: {en: Test Summit, ko: 시험 회담, ja: 試験会談}
date: 2026-03-01
location:
  city: {en: Seoul, ko: 서울, ja: ソウル}
  country: KR
participants:
  - id: a
    country: KR
    role: head-of-state
    name: {en: Kim A, ko: 김가, ja: 金カ}
    office: {en: President, ko: 대통령, ja: 大統領}
summary: {en: Summary text., ko: 요약 문장., ja: 要旨の文。}
outcomes:
  - area: history
    status: agreed
    text: {en: Outcome text., ko: 성과 문장., ja: 成果の文。}
"""


def edit_catalog(locales: Path, lang: str, old: str, new: str) -> None:
    """Replace ``old`` with ``new`` in a catalog, as a translator's edit would."""
    from summitbrief.paths import catalog_path

    po = catalog_path(locales, lang)
    text = po.read_text(encoding="utf-8")
    assert old in text, old
    po.write_text(text.replace(old, new), encoding="utf-8")


def copied_locales(directory: Path) -> Path:
    """A copy of the built-in catalogs and language registry to edit in a test."""
    import shutil

    from summitbrief.resources import LOCALES

    locales = directory / "locales"
    shutil.copytree(LOCALES, locales)
    return locales


def assert_gettext_reads(path: Path) -> None:
    """``msgfmt -c`` passes on ``path`` without a word; translate-toolkit and Babel open it.

    A template may lack only its Language, as every xgettext template does.
    """
    done = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    said = [
        line
        for line in done.stderr.splitlines()
        if not (path.suffix == ".pot" and "'Language' still has the initial default" in line)
    ]
    assert done.returncode == 0 and not said, done.stderr
    store = tt_pofile(path.read_bytes())
    with path.open("rb") as file:
        babel = read_po(file)
    assert len([u for u in store.units if not u.isheader() and not u.isobsolete()]) == len(
        [m for m in babel if m.id]
    )


def run_cli(*args: str) -> Result:
    """``summitbrief ARGS`` in this process, as click's test runner gives it."""
    return CliRunner().invoke(cli.main, list(args))


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.append(int(entry.name))
    return found


def printers(pid: int) -> list[int]:
    """The printer processes of a build (not multiprocessing's resource tracker)."""
    found = []
    for child in children(pid):
        try:
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.append(child)
        except OSError:
            continue
    return found
