"""The sample memos as a reader sees them: text, dates, names, fonts, pages, metadata."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from summitbrief import BuildOptions, build

from helpers import MINIMAL, default_press, read_pdf, script, write_summit

EXPECTED_TEXT = {
    "en": [
        "Korea–Japan Summit in Nara",
        "January 13, 2026",
        "Nara, Japan",
        "President Lee Jae-myung (Republic of Korea)",
        "Prime Minister Sanae Takaichi (Japan)",
        "Bilateral summit",
        "Bottom line",
        "Follow-up actions",
        "Chosei (Josei)",
    ],
    "ko": [
        "한일 정상회담(나라)",
        "2026. 1. 13.(화)",
        "일본 나라",
        "이재명 대통령(한국)",
        "다카이치 사나에 총리(일본)",
        "양자 정상회담",
        "핵심 요약",
        "후속 조치",
        "조세이 탄광",
    ],
    "ja": [
        "日韓首脳会談（奈良）",
        "2026年1月13日",
        "日本・奈良",
        "李在明大統領（韓国）",
        "高市早苗内閣総理大臣（日本）",
        "二国間首脳会談",
        "要旨",
        "フォローアップ事項",
        "長生炭鉱",
    ],
}

CLASSIFICATION = {"en": "UNCLASSIFIED", "ko": "일반", "ja": "一般"}
# The CJK faces are one design in regional cuts; the PostScript name says which.
FACE = {"en": "Noto-Serif", "ko": "CJK-KR", "ja": "CJK-JP"}


def in_face(font: str, lang: str) -> bool:
    """Whether a PDF font name is the face the registry gives ``lang``."""
    return FACE[lang] in font and (lang != "en" or "CJK" not in font)


def outline_titles(outline: list) -> list[str]:
    """Every bookmark title, depth first."""
    titles = []
    for item in outline:
        titles.extend(outline_titles(item) if isinstance(item, list) else [item.title])
    return titles


def squeeze(text: str) -> str:
    """Text with line breaks and the spaces around them removed, as one line."""
    return re.sub(r"\s*\n\s*", "", text)


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_memo_shows_title_date_place_and_participants_in_its_language(sample_pdf, lang):
    text = sample_pdf(lang).text
    flat = squeeze(text)
    for expected in EXPECTED_TEXT[lang]:
        assert expected in text or squeeze(expected) in flat, expected


@pytest.mark.parametrize("lang", ["ko", "ja"])
def test_cjk_memo_has_no_english_section_labels(sample_pdf, lang):
    text = sample_pdf(lang).text
    for english in ("Bottom line", "Outcomes", "Follow-up actions", "Sources", "Agreed"):
        assert english not in text


# Each language's usual page number (theme.Conventions): "1 / 4" in English,
# "- 1 -" in Korean and Japanese government documents.
PAGE_NUMBER = {"en": "{number} / {count}", "ko": "- {number} -", "ja": "- {number} -"}


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_every_page_carries_the_classification_and_its_page_number(sample_pdf, lang):
    pages = sample_pdf(lang).pages
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert CLASSIFICATION[lang] in page
        assert PAGE_NUMBER[lang].format(number=number, count=len(pages)) in page


def test_running_title_is_on_later_pages_only(sample_pdf):
    pages = sample_pdf("en").pages
    assert pages[0].count("Korea–Japan Summit in Nara") == 1
    assert all("Korea–Japan Summit in Nara" in page for page in pages[1:])


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_every_character_is_set_in_the_face_of_the_memo_language(sample_pdf, lang):
    wrong = [
        (c.text, c.font, c.page)
        for c in sample_pdf(lang).chars
        if script(c.text) in {"hangul", "kana", "han", "latin"} and not in_face(c.font, lang)
    ]
    assert not wrong, wrong[:10]


@pytest.mark.parametrize(("lang", "scripts"), [("ko", {"hangul"}), ("ja", {"kana", "han"})])
def test_cjk_memo_uses_its_own_script(sample_pdf, lang, scripts):
    seen = {script(c.text) for c in sample_pdf(lang).chars}
    assert scripts <= seen
    other = {"ko": {"kana"}, "ja": {"hangul"}}[lang]
    assert not (seen & other)


# Han characters both languages write, in a Korean sentence with Hanja and its
# Japanese translation: each must take its own language's glyph forms.
HANJA = {"ko": "韓日 정상은 未來 協力에 合意했다.", "ja": "日韓首脳は未来の協力に合意した。"}


def test_shared_han_characters_take_each_languages_forms(tmp_path):
    summary = f"{{en: Summary text., ko: {HANJA['ko']}, ja: {HANJA['ja']}}}"
    source = write_summit(
        tmp_path, MINIMAL.replace("{en: Summary text., ko: 요약 문장., ja: 要旨の文。}", summary)
    )
    artifacts = build([source], BuildOptions(out=tmp_path, languages=("ko", "ja")), default_press())
    for artifact in artifacts:
        [lang] = artifact.edition.languages
        han = [c for c in read_pdf(artifact.path).chars if c.text in HANJA[lang]]
        assert {c.text for c in han} >= set(
            "韓日未來協力合意" if lang == "ko" else "日韓未来協力合意"
        )
        face = {"ko": "CJK-KR", "ja": "CJK-JP"}[lang]
        assert all(face in c.font for c in han if script(c.text) == "han"), lang


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_title_and_headings_use_a_real_bold_face(sample_pdf, lang):
    chars = sample_pdf(lang).chars
    largest = max(c.size for c in chars)
    title = [c for c in chars if c.size == largest and not c.text.isspace()]
    assert title and all("Bold" in c.font for c in title)
    body = [c for c in chars if c.size < 11 and script(c.text) != "other"]
    assert any("Bold" not in c.font for c in body)


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_pdf_metadata_names_title_language_and_bookmarks(sample_build, lang):
    reader = PdfReader(sample_build[lang].path)
    title = {
        "en": "Korea–Japan Summit in Nara",
        "ko": "한일 정상회담(나라)",
        "ja": "日韓首脳会談（奈良）",
    }
    assert reader.metadata.title == title[lang]
    assert reader.metadata.author
    assert reader.metadata.subject
    assert reader.metadata.get("/Keywords")
    assert reader.trailer["/Root"]["/Lang"] == lang
    titles = outline_titles(reader.outline)
    assert titles[0] == title[lang]
    heading = {"en": "Bottom line", "ko": "핵심 요약", "ja": "要旨"}
    assert heading[lang] in titles[1:]


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_nothing_is_drawn_outside_the_page_margins(sample_build, sample_pdf, lang):
    reader = PdfReader(sample_build[lang].path)
    width = float(reader.pages[0].mediabox.width)
    assert round(width) == 595  # A4
    for c in sample_pdf(lang).chars:
        assert 20 / 25.4 * 72 - 1 <= c.x0 <= width - 20 / 25.4 * 72, (c.text, c.x0)
