"""The house style as a reader sees it: banners, letterhead, memo header, notices, outcomes,
timeline, quotations, URLs, dates, paper and print marks."""

from __future__ import annotations

import datetime as dt
import re

import pdfplumber
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from summitbrief import BuildOptions, build
from summitbrief.cli import main
from summitbrief.i18n import Formatter, japanese_era_date
from summitbrief.pdf.document import render_pdf
from summitbrief.planner import Edition
from summitbrief.render.html import render_html
from summitbrief.resources import SAMPLE

from helpers import MINIMAL, default_press, load_summit, read_pdf, script, write_summit

MM = 72 / 25.4
CLASSIFICATION = {"en": "UNCLASSIFIED", "ko": "일반", "ja": "一般"}
BANNER = (0.478431, 0.121569, 0.121569)  # #7a1f1f, the built-in banner colour


def band(chars, page: int, height: float, edge: str) -> str:
    """The text within 16 mm of the top or bottom edge of a page."""
    if edge == "top":
        inside = [c for c in chars if c.page == page and c.top < 16 * MM]
    else:
        inside = [c for c in chars if c.page == page and c.top > height - 16 * MM]
    return "".join(c.text for c in inside if not c.text.isspace())


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_classification_banner_is_at_the_top_and_bottom_of_every_page(sample_build, lang):
    pdf = read_pdf(sample_build[lang].path)
    with pdfplumber.open(sample_build[lang].path) as document:
        for number, page in enumerate(document.pages, start=1):
            for edge in ("top", "bottom"):
                assert band(pdf.chars, number, float(page.height), edge) == CLASSIFICATION[lang]
            banners = [
                r
                for r in page.rects
                if r.get("non_stroking_color") == BANNER and r["width"] > 400 and r["fill"]
            ]
            assert len(banners) == 2, number  # one strip at the top, one at the bottom


def test_bilingual_banners_are_each_over_the_column_of_their_language(sample_build):
    pdf = read_pdf(sample_build["ko+ja"].path)
    middle = 595.28 / 2
    for number in range(1, len(pdf.pages) + 1):
        top = [c for c in pdf.chars if c.page == number and c.top < 16 * MM]
        assert "".join(c.text for c in top if c.x0 < middle) == "일반"
        right = [c for c in top if c.x0 > middle]
        assert "".join(c.text for c in right) == "一般"
        assert all("CJK-JP" in c.font for c in right)


@pytest.mark.parametrize(
    ("lang", "order"),
    [
        ("en", ["Briefing memo", "Korea–Japan Summit in Nara", "Date", "Place", "Format",
                "Participants", "Bottom line"]),
        ("ko", ["회담 결과 보고", "한일 정상회담(나라)", "일시", "장소", "형식", "참석자",
                "핵심 요약"]),
        ("ja", ["会談結果報告", "日韓首脳会談（奈良）", "日時", "場所", "形式", "出席者", "要旨"]),
    ],
)  # fmt: skip
def test_first_page_has_the_letterhead_the_memo_header_then_the_bottom_line(
    sample_pdf, lang, order
):
    first = sample_pdf(lang).pages[0]
    positions = [first.index(item) for item in order]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    ("lang", "notice"),
    [("en", None), ("ko", ["가번역", "원문: 영어"]), ("ja", ["仮訳", "原文：英語"])],
)
def test_a_translation_says_it_is_provisional_and_names_its_original(sample_pdf, lang, notice):
    first = sample_pdf(lang).pages[0]
    if notice is None:
        assert "Provisional translation" not in first and "Original" not in first
    else:
        assert all(text in first for text in notice)


def test_no_notice_in_a_language_the_data_marks_official(tmp_path):
    source = write_summit(tmp_path, MINIMAL + "official_languages: [en, ja]\n")
    options = BuildOptions(out=tmp_path / "out", languages=("ko", "ja"))
    ko, ja = (read_pdf(a.path).pages[0] for a in build([source], options, default_press()))
    assert "가번역" in ko and "원문: 영어 및 일본어" in ko
    assert "仮訳" not in ja and "原文" not in ja


@pytest.mark.parametrize(
    ("date", "era"),
    [
        (dt.date(2026, 1, 13), "令和8年1月13日"),
        (dt.date(2019, 5, 1), "令和元年5月1日"),
        (dt.date(2019, 4, 30), "平成31年4月30日"),
        (dt.date(1989, 1, 8), "平成元年1月8日"),
        (dt.date(1989, 1, 7), "昭和64年1月7日"),
        (dt.date(1926, 12, 25), "昭和元年12月25日"),
        (dt.date(1912, 7, 30), "大正元年7月30日"),
        (dt.date(1868, 10, 23), "明治元年10月23日"),
    ],
)
def test_japanese_era_dates_start_each_era_at_year_one(date, era):
    assert japanese_era_date(date) == era


def test_era_style_changes_japanese_dates_only():
    day = dt.date(2026, 1, 13)
    assert Formatter("ja", "ja_JP", "era").date(day) == "令和8年1月13日"
    assert Formatter("ja", "ja_JP").date(day) == "2026年1月13日"
    assert Formatter("ko", "ko_KR", "era").date(day) == "2026년 1월 13일"
    # Before Meiji there is no era to count from: the Gregorian date.
    assert Formatter("ja", "ja_JP", "era").date(dt.date(1850, 1, 1)) == "1850年1月1日"


def test_date_style_era_reaches_every_date_of_the_japanese_memo(tmp_path):
    result = CliRunner().invoke(
        main, ["build", "--lang", "ja,ko", "--date-style", "era", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    ja = read_pdf(tmp_path / "nara-2026" / "nara-2026.ja.pdf").text
    assert "令和8年1月13日" in ja and "令和7年10月30日" in ja
    assert "日時 令和8年1月13日" in ja  # the memo header; the summary's own text keeps its date
    ko = read_pdf(tmp_path / "nara-2026" / "nara-2026.ko.pdf").text
    assert "2026년 1월 13일" in ko


def heading_order(text: str, headings: list[str]) -> list[str]:
    return sorted((h for h in headings if h in text), key=text.index)


AREA_HEADINGS = [
    "Economic security",
    "Artificial intelligence",
    "Common social issues",
    "Transnational crime",
    "People-to-people exchange",
    "Regional cooperation",
    "North Korea",
    "History",
    "Future-oriented relations",
]


def test_outcome_areas_keep_their_fixed_order_whatever_the_file_order():
    summit = load_summit(SAMPLE)
    shuffled = summit.model_copy(update={"outcomes": summit.outcomes[::-1]})
    texts = [
        read_text(
            render_pdf(render_html(Edition(s, ("en",)), default_press()), default_press()).data
        )
        for s in (summit, shuffled)
    ]
    assert heading_order(texts[0], AREA_HEADINGS) == AREA_HEADINGS
    assert heading_order(texts[1], AREA_HEADINGS) == AREA_HEADINGS


def read_text(data: bytes) -> str:
    import io

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_legend_explains_the_statuses_the_memo_uses(sample_pdf, tmp_path):
    text = sample_pdf("en").text
    for explanation in (
        "both sides agreed",
        "an earlier commitment restated",
        "put forward, not yet agreed",
        "work under way continues",
        "acknowledged, no commitment",
    ):
        assert explanation in text
    [artifact] = build(
        [write_summit(tmp_path, MINIMAL)],
        BuildOptions(out=tmp_path, languages=("en",)),
        default_press(),
    )
    minimal = read_pdf(artifact.path).text
    assert "both sides agreed" in minimal and "acknowledged" not in minimal


def test_status_badges_sit_on_their_own_colour(sample_build):
    with pdfplumber.open(sample_build["en"].path) as pdf:
        fills = {r.get("non_stroking_color") for page in pdf.pages for r in page.rects}
    for colour in ("1d6b3a", "1f3a5f", "8a5a00", "4b4b8f", "5c5c5c"):
        rgb = tuple(round(int(colour[i : i + 2], 16) / 255, 6) for i in (0, 2, 4))
        assert any(
            f and max(abs(a - b) for a, b in zip(f, rgb, strict=True)) < 0.002 for f in fills
        )


TIMELINE = """
previous_meetings:
  - date: 2025-10-30
    location: {city: {en: Gyeongju, ko: 경주, ja: 慶州}, country: KR}
    note: {en: The Gyeongju meeting., ko: 경주 회담., ja: 慶州での会談。}
  - date: 2024-03-01
    location: {city: {en: Tokyo, ko: 도쿄, ja: 東京}, country: JP}
    note: {en: The Tokyo meeting., ko: 도쿄 회담., ja: 東京での会談。}
"""


def test_previous_meetings_are_a_timeline_oldest_first_ending_with_this_meeting(tmp_path):
    source = write_summit(tmp_path, MINIMAL + TIMELINE)
    [en, ja] = build([source], BuildOptions(out=tmp_path, languages=("en", "ja")), default_press())
    text = read_pdf(en.path).text
    text = text[text.index("Previous meetings") :]
    order = ["March 1, 2024", "The Tokyo meeting.", "October 30, 2025", "The Gyeongju meeting.",
             "March 1, 2026", "This meeting"]  # fmt: skip
    assert [text.index(item) for item in order] == sorted(text.index(item) for item in order)
    assert "今次会談" in read_pdf(ja.path).text


@pytest.mark.parametrize(
    ("lang", "quoted"),
    [
        ("en", ["“Deepening and broadening", "civilizational transition.”"]),
        ("ko", ["“문명사적", "과제입니다.”"]),
        ("ja", ["「文明史的な", "なっている。」"]),
    ],
)
def test_quotes_are_set_in_the_quotation_marks_of_their_language(sample_pdf, lang, quoted):
    text = re.sub(r"\s*\n\s*", " " if lang == "en" else "", sample_pdf(lang).text)
    assert all(q in text for q in quoted)


def test_a_long_url_wraps_inside_the_margins(tmp_path):
    url = "https://example.org/" + "a" * 240
    data = MINIMAL + f"sources:\n  - title: A long address\n    url: {url}\n"
    [artifact] = build(
        [write_summit(tmp_path, data)],
        BuildOptions(out=tmp_path, languages=("en",)),
        default_press(),
    )
    assert not [w for w in artifact.warnings if "past the margin" in w]
    pdf = read_pdf(artifact.path)
    letters = [c for c in pdf.chars if c.text == "a" and c.size < 9]
    assert len({round(c.top) for c in letters}) >= 2  # on several lines
    assert max(c.x0 for c in letters) < 595.28 - 20 * MM


def test_a4_is_the_default_paper_and_has_no_bleed(sample_build):
    page = PdfReader(sample_build["en"].path).pages[0]
    assert [round(float(v)) for v in page.mediabox] == [0, 0, 595, 842]
    assert [round(float(v)) for v in page.trimbox] == [0, 0, 595, 842]


def test_every_hangul_of_the_letterhead_and_banners_is_in_the_korean_face(sample_pdf):
    hangul = [c for c in sample_pdf("ko").chars if script(c.text) == "hangul"]
    assert hangul and all("CJK-KR" in c.font for c in hangul)
