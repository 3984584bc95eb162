"""The follow-up table as a reader checks it, in every layout: a head row on every page it
runs onto, dates and owners never split, head labels over their columns, half an em between
rules and text; and interleaved memos that hold together.

tests/data/follow-ups.yaml has 45 actions: its table runs over three pages or more in
every layout. Each action's text starts with its number ("17. …") in every language.
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest

from summitbrief import BuildOptions, Press, build, open_press
from summitbrief.i18n import Formatter
from summitbrief.render.units import follow_ups
from summitbrief.resources import SAMPLE

from helpers import DATA, default_press, load_summit, read_pdf, script

SUMMIT = DATA / "follow-ups.yaml"
HEADS = {"en": ("Owner", "Action"), "ko": ("담당", "조치 내용"), "ja": ("担当", "内容")}
MEMOS = ("en", "ko", "ja", "ko+ja", "ja+en", "ko+ja interleaved", "ja+en interleaved")
# An action's number (the next steps, numbered 1 and 2, follow the table).
ROW = re.compile(r"([1-9]\d|[3-9])\. ")


@pytest.fixture(scope="module")
def memos(tmp_path_factory) -> dict[str, Path]:
    """follow-ups.yaml in every language and both bilingual layouts: "ko+ja interleaved" → PDF."""
    out = tmp_path_factory.mktemp("tables")
    pairs = (("ko", "ja"), ("ja", "en"))
    found = {}
    options = BuildOptions(out=out, languages=("en", "ko", "ja"), pairs=pairs)
    for artifact in build([SUMMIT], options, default_press()):
        found["+".join(artifact.edition.languages)] = artifact.path
    options = BuildOptions(out=out / "interleaved", pairs=pairs, layout="interleaved")
    for artifact in build([SUMMIT], options, default_press()):
        found["+".join(artifact.edition.languages) + " interleaved"] = artifact.path
    return found


def words(path: Path) -> list[tuple[int, dict]]:
    with pdfplumber.open(path) as pdf:
        return [
            (number, word)
            for number, page in enumerate(pdf.pages, start=1)
            for word in page.extract_words(keep_blank_chars=True, y_tolerance=1)
        ]


@pytest.mark.parametrize("memo", MEMOS)
def test_a_head_row_tops_the_table_on_every_page_it_runs_onto(memos, memo):
    languages = memo.split()[0].split("+")
    found = words(memos[memo])
    row_pages: dict[int, float] = {}
    for number, word in found:
        if ROW.match(word["text"]):
            row_pages[number] = min(row_pages.get(number, 1e9), word["top"])
    # The numbered next steps ("1. 다음 회의에서…") come after the table: count actions only.
    pages = sorted(row_pages)
    assert len(pages) >= 3, pages
    for number in pages:
        for lang in languages:
            for label in HEADS[lang]:
                tops = [w["top"] for n, w in found if n == number and label in w["text"]]
                assert tops and min(tops) < row_pages[number], (memo, number, label)


def due_dates(lang: str, press: Press) -> list[str]:
    summit = load_summit(SUMMIT)
    locale = press.languages.require(lang).locale
    fmt = Formatter(lang, locale, press.style.conventions(lang).date)
    return [fmt.date(item.action.due) for item in follow_ups(summit) if item.action.due]


@pytest.mark.parametrize("memo", MEMOS)
def test_no_date_is_split_across_lines(memos, memo):
    pdf = read_pdf(memos[memo])
    lines = [line for page in pdf.pages for line in page.splitlines()]
    for lang in memo.split()[0].split("+"):
        for date in due_dates(lang, default_press()):
            assert any(date in line for line in lines), (memo, date)


NARROW = "table.grid col.owner, table.grid col.due { width: 4.5em; }"


def test_a_date_stays_whole_in_a_column_narrower_than_it(tmp_path):
    # A theme that narrows the columns: the date overflows its cell rather than split.
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "extra.css").write_text(NARROW, encoding="utf-8")
    options = BuildOptions(out=tmp_path / "out", languages=("ko", "ja"))
    for artifact in build([SUMMIT], options, open_press(theme=theme)):
        lang = artifact.edition.language
        lines = [line for page in read_pdf(artifact.path).pages for line in page.splitlines()]
        for date in due_dates(lang, default_press())[:6]:
            assert any(date in line for line in lines), (lang, date)


def table_page(path: Path):
    """The second page with follow-up rows: the table continues there, under a repeated head."""
    pdf = pdfplumber.open(path)
    pages = [
        p
        for p in pdf.pages
        if any(ROW.match(w["text"]) for w in p.extract_words(keep_blank_chars=True))
    ]
    return pdf, pages[1]


@pytest.mark.parametrize("memo", ["en", "ko", "ja", "ko+ja", "ja+en"])
def test_head_labels_sit_over_their_columns(memos, memo):
    lang = memo.split("+")[0]
    pdf, page = table_page(memos[memo])
    with pdf:
        middle = float(page.width) / 2 if "+" in memo else float(page.width)
        found = page.extract_words(keep_blank_chars=True, y_tolerance=1)
        text = [w for w in found if w["x0"] < middle]
        heads = {w["text"].strip(): w for w in text if w["text"].strip() in HEADS[lang]}
        owner_head, action_head = (heads[label] for label in HEADS[lang])
        rows = [w for w in text if ROW.match(w["text"]) and w["top"] > owner_head["bottom"]]
        assert len(rows) >= 8
        # Every action starts where its head label starts; every owner where its label does.
        assert {round(w["x0"], 1) for w in rows} == {round(action_head["x0"], 1)}
        owners = [
            c
            for c in page.chars
            if owner_head["bottom"] < c["top"] and c["x0"] < action_head["x0"] - 5
        ]
        assert min(c["x0"] for c in owners) == pytest.approx(owner_head["x0"], abs=0.5)


@pytest.mark.parametrize("memo", ["en", "ko", "ja", "ko+ja", "ja+en", "ko+ja interleaved"])
def test_rules_keep_half_an_em_from_the_text(memos, memo):
    size = 9.5
    pdf, page = table_page(memos[memo])
    with pdf:
        body = [c for c in page.chars if abs(c["size"] - size) < 0.05 and c["text"].strip()]
        top = min(c["top"] for c in body)
        rules = [
            r["top"]
            for r in page.rects + page.lines
            if r["top"] > top + 20 and r["width"] > 60 and r["height"] < 1
        ]
        assert len(rules) >= 8
        for rule in rules:
            gap = min(min(abs(c["bottom"] - rule), abs(c["top"] - rule)) for c in body)
            assert gap >= 0.5 * size - 0.5, (memo, rule, gap)


def test_short_owners_are_never_split(memos):
    summit = load_summit(SUMMIT)
    for memo in ("ko", "ja", "ko+ja", "ja+en"):
        lines = [line for page in read_pdf(memos[memo]).pages for line in page.splitlines()]
        for lang in memo.split("+"):
            if lang == "en":
                continue
            owners = {item.action.owner[lang] for item in follow_ups(summit)}
            for owner in owners:
                assert any(owner in line for line in lines), (memo, owner)


@pytest.fixture(scope="module")
def interleaved_sample(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("interleaved")
    options = BuildOptions(out=out, pairs=(("ko", "ja"), ("ja", "en")), layout="interleaved")
    artifacts = build([SAMPLE], options, default_press())
    return {"+".join(a.edition.languages): a.path for a in artifacts}


def first_page(pdf, snippet: str) -> int:
    for number, page in enumerate(pdf.pages, start=1):
        if snippet in re.sub(r"\s+", "", page):
            return number
    raise AssertionError(snippet)


@pytest.mark.parametrize("pair", ["ko+ja", "ja+en"])
def test_interleaved_blocks_and_their_translations_share_a_page(interleaved_sample, pair):
    summit = load_summit(SAMPLE)
    pdf = read_pdf(interleaved_sample[pair])
    left, right = pair.split("+")
    texts = [*summit.background, *(o.text for o in summit.outcomes), summit.summary]
    for text in texts:
        starts = [re.sub(r"\s+", "", text[lang])[:40] for lang in (left, right)]
        assert first_page(pdf, starts[0]) == first_page(pdf, starts[1]), starts


@pytest.mark.parametrize("pair", ["ko+ja", "ja+en"])
def test_interleaved_banners_are_whole_and_the_timeline_is_drawn_once(interleaved_sample, pair):
    banner = (0.478431, 0.121569, 0.121569)
    with pdfplumber.open(interleaved_sample[pair]) as pdf:
        for page in pdf.pages:
            bars = [r for r in page.rects if r.get("non_stroking_color") == banner and r["fill"]]
            assert len(bars) == 2 and all(r["width"] > 450 for r in bars)  # top and bottom
        # One dot per point of the timeline (each earlier meeting and this one), not two:
        # a dot is drawn as two curves (its ring), so count places.
        dots = {
            (number, round(c["top"] / 4))
            for number, page in enumerate(pdf.pages)
            for c in page.curves
            if c["width"] < 9
        }
    assert len(dots) == len(load_summit(SAMPLE).previous_meetings) + 1


def test_interleaved_table_has_bilingual_heads_and_two_line_cells(memos):
    with pdfplumber.open(memos["ko+ja interleaved"]) as pdf:
        page = next(p for p in pdf.pages if "담당 / 担当" in (p.extract_text() or ""))
        assert "조치 내용 / 内容" in page.extract_text()
        head = next(w for w in page.extract_words() if w["text"] == "담당")
        # Each owner cell: the Korean owner, the Japanese one under it, at the head's x.
        owners = [c for c in page.chars if c["top"] > head["bottom"] and c["x0"] < head["x0"] + 60]
        for kind in ("hangul", "han"):
            starts = {round(c["x0"], 1) for c in owners if script(c["text"]) == kind}
            assert min(starts) == pytest.approx(head["x0"], abs=0.5), kind
