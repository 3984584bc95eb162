"""Tagged bilingual PDFs (pdf/ua-1) checked as a screen reader and the Matterhorn Protocol would.

veraPDF cannot be installed here (no Debian, PyPI or npm build), so these are the
Matterhorn checks implemented on the structure tree, read with pikepdf and
pdfplumber: 11-001..006 (every text's natural language, from the structure
element it belongs to), 14-002/003 (headings start at H1 and skip no level),
15 with ISO 32000-1 §14.8.4.3.4 (table elements hold rows, rows hold cells, a
head row of TH cells), and qpdf's structural check.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from summitbrief import BuildOptions, build
from summitbrief.resources import SAMPLE

from helpers import DATA, default_press, script

PAIRS = (("ko", "ja"), ("ja", "en"))
# The running header and footer sit within this many points of the page's edges.
MARGIN = 24 * 72 / 25.4
# A script belongs to one language of each pair (Han is shared by Korean and Japanese text).
SCRIPT_LANGUAGE = {"hangul": "ko", "kana": "ja"}


@pytest.fixture(scope="module")
def tagged(tmp_path_factory) -> dict[str, Path]:
    """The sample and follow-ups.yaml as tagged PDFs: "ko+ja", "ja+en interleaved", "ja"…"""
    out = tmp_path_factory.mktemp("tagged")
    found = {}
    for layout in ("parallel", "interleaved"):
        options = BuildOptions(
            out=out / layout,
            pairs=PAIRS,
            languages=("ja",) if layout == "parallel" else (),
            layout=layout,
            variant="pdf/ua-1",
        )
        for artifact in build([SAMPLE, DATA / "follow-ups.yaml"], options, default_press()):
            name = f"{artifact.edition.summit.id} {'+'.join(artifact.edition.languages)}"
            found[name if layout == "parallel" else f"{name} interleaved"] = artifact.path
    return found


def elements(pdf: pikepdf.Pdf) -> Iterator[tuple[pikepdf.Dictionary, str, int]]:
    """Every structure element, depth first, with its language (inherited) and depth."""

    def walk(element: pikepdf.Dictionary, lang: str, depth: int) -> Iterator:
        lang = str(element.Lang) if "/Lang" in element else lang
        yield element, lang, depth
        kids = element.get("/K")
        kids = kids if isinstance(kids, pikepdf.Array) else [kids]
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                yield from walk(kid, lang, depth + 1)

    root = pdf.Root.StructTreeRoot
    for top in root.K if isinstance(root.K, pikepdf.Array) else [root.K]:
        yield from walk(top, str(pdf.Root.Lang), 0)


def languages_of_content(pdf: pikepdf.Pdf) -> dict[tuple[int, int], str]:
    """(page index, MCID) → the language a reader gets for that text."""
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    found = {}
    for element, lang, _ in elements(pdf):
        page = pages.get(element.Pg.objgen) if "/Pg" in element else None
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, int) and page is not None:
                found[(page, kid)] = lang
    return found


@pytest.mark.parametrize(
    "memo",
    ["nara-2026 ko+ja", "nara-2026 ja+en", "follow-ups ko+ja", "nara-2026 ko+ja interleaved",
     "follow-ups ja+en interleaved"],
)  # fmt: skip
def test_every_text_is_read_in_its_own_language(tagged, memo):
    path = tagged[memo]
    left, right = memo.split()[1].split("+")
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == left  # the document's language: the left column's
        by_content = languages_of_content(pdf)
    checked = {left: 0, right: 0}
    with pdfplumber.open(path) as document:
        for index, page in enumerate(document.pages):
            for char in page.chars:
                expected = SCRIPT_LANGUAGE.get(script(char["text"]))
                if expected is None:
                    continue  # Latin and Han are in either language
                if (index, char["mcid"]) not in by_content:
                    # WeasyPrint leaves the running header and footer out of the tree
                    # without marking them as artifacts (#1836): only those.
                    assert not MARGIN < char["top"] < page.height - MARGIN, (memo, index, char)
                    continue
                assert by_content[(index, char["mcid"])] == expected, (memo, index, char)
                checked[expected] += 1
    # Both languages' texts were reached (Japanese-only pairs: its kana).
    assert all(checked[lang] > 50 for lang in checked if lang in SCRIPT_LANGUAGE.values())


def test_each_column_s_cells_carry_its_language(tagged):
    with pikepdf.open(tagged["nara-2026 ko+ja"]) as pdf:
        cells = [(str(e.S), lang) for e, lang, _ in elements(pdf) if str(e.S) in ("/TD", "/TH")]
        declared = {str(e.Lang) for e, _, _ in elements(pdf) if "/Lang" in e}
    assert declared == {"ja"}  # the Korean column inherits the document's language
    assert ("/TD", "ja") in cells and ("/TD", "ko") in cells


def test_the_english_column_of_a_japanese_memo_is_english(tagged):
    with pikepdf.open(tagged["nara-2026 ja+en"]) as pdf:
        paragraphs = [lang for e, lang, _ in elements(pdf) if str(e.S) == "/P"]
    assert paragraphs.count("en") > 20 and paragraphs.count("ja") > 20


@pytest.mark.parametrize(
    "memo", ["nara-2026 ja", "nara-2026 ko+ja", "follow-ups ja+en interleaved"]
)
def test_headings_start_at_h1_and_skip_no_level(tagged, memo):
    with pikepdf.open(tagged[memo]) as pdf:
        levels = [
            int(str(e.S)[2:]) for e, _, _ in elements(pdf) if str(e.S) in {"/H1", "/H2", "/H3"}
        ]
    assert levels and levels[0] == 1
    for previous, level in itertools.pairwise(levels):
        assert level <= previous + 1, levels


ALLOWED_KIDS = {
    "/Table": {"/THead", "/TBody", "/TFoot", "/TR", "/Caption"},
    "/THead": {"/TR"},
    "/TBody": {"/TR"},
    "/TFoot": {"/TR"},
    "/TR": {"/TH", "/TD"},
}


@pytest.mark.parametrize(
    ("memo", "pages"),
    [("follow-ups ko+ja", 3), ("follow-ups ja+en interleaved", 3), ("nara-2026 ja", 1)],
)
def test_tables_hold_rows_of_cells_under_a_head_row(tagged, memo, pages):
    with pikepdf.open(tagged[memo]) as pdf:
        heads = 0
        for element, _, _ in elements(pdf):
            kind = str(element.S)
            kids = element.get("/K")
            kids = kids if isinstance(kids, pikepdf.Array) else [kids]
            structure = [str(k.S) for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]
            if kind in ALLOWED_KIDS:
                assert set(structure) <= ALLOWED_KIDS[kind], (kind, structure)
            if kind == "/THead":
                heads += 1
                rows = [k for k in kids if isinstance(k, pikepdf.Dictionary)]
                cells = {
                    str(c.S) for row in rows for c in row.K if isinstance(c, pikepdf.Dictionary)
                }
                assert "/TH" in cells
        # WeasyPrint makes one Table per page a table runs over (#2903): a head row on each.
        assert heads >= pages
        assert not pdf.check_pdf_syntax()  # qpdf's structural check finds nothing


def test_metadata_takes_each_language_s_punctuation(tagged):
    from pypdf import PdfReader

    ja = PdfReader(tagged["nara-2026 ja"]).metadata
    assert ja.subject == "会談結果報告：日韓首脳会談（奈良）"
    assert "経済安全保障、人工知能、" in ja["/Keywords"] and ", " not in ja["/Keywords"]
    pair = PdfReader(tagged["nara-2026 ko+ja"]).metadata
    korean, japanese = "회담 결과 보고: 한일 정상회담(나라)", "会談結果報告：日韓首脳会談（奈良）"
    assert pair.subject == f"{korean} / {japanese}"
