"""Line breaking as a Korean or Japanese reader checks it, on a stress corpus and the sample.

Each corpus sentence is set in the memo's own stylesheet at several measures,
one paragraph a page, and read back line by line.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber
import pytest

from summitbrief.pdf.document import render_pdf

from helpers import default_press, load_summit

CORPUS = Path(__file__).parent / "data" / "typography"
MEASURES_MM = (170, 90, 50)  # A4 text width, a bilingual column, a table cell
FONT_PT = 10.5
# JIS X 4051: characters that may not start a line, and that may not end one.
NO_LINE_START = set(
    "、。，．）」』】〕〉》’”ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ・：；！？ゝゞヽヾ々"
)
NO_LINE_END = set("（「『【〔〈《‘“")
WIDE = re.compile(r"[\u1100-\u11ff\u3000-\u30ff\u3130-\u318f\u4e00-\u9fff\uac00-\ud7af]")


def corpus(lang: str) -> list[str]:
    return (CORPUS / f"{lang}.txt").read_text(encoding="utf-8").splitlines()


def set_lines(lang: str, sentences: list[str]) -> dict[tuple[int, int], list[str]]:
    """(measure, sentence index) → the lines a reader sees."""
    cases = [(w, i) for w in MEASURES_MM for i in range(len(sentences))]
    pages = "".join(
        f'<section style="break-before: page"><p style="width: {w}mm">{sentences[i]}</p></section>'
        for w, i in cases
    )
    # The memo's own stylesheets and fonts come with the press.
    html = f'<html lang="{lang}"><body>{pages}</body></html>'
    printed = render_pdf(html, default_press())
    lines = {}
    with pdfplumber.open(io.BytesIO(printed.data)) as pdf:
        for case, page in zip(cases, pdf.pages, strict=True):
            text = page.extract_text() or ""
            # Drop the running footer (page numbers) WeasyPrint adds in the margins.
            lines[case] = [
                line for line in text.splitlines() if not re.fullmatch(r"\d+ / \d+", line)
            ]
    return lines


@pytest.fixture(scope="module")
def korean_lines() -> dict[tuple[int, int], list[str]]:
    return set_lines("ko", corpus("ko"))


@pytest.fixture(scope="module")
def japanese_lines() -> dict[tuple[int, int], list[str]]:
    return set_lines("ja", corpus("ja"))


def em_width(word: str) -> float:
    wide = len(WIDE.findall(word))
    return wide + 0.6 * (len(word) - wide)


@pytest.mark.parametrize("measure", MEASURES_MM)
def test_korean_lines_break_between_words_only(korean_lines, measure):
    sentences = corpus("ko")
    line_width_em = measure / 25.4 * 72 / FONT_PT
    for index, sentence in enumerate(sentences):
        lines = korean_lines[(measure, index)]
        assert len(lines) >= 1
        # Every line break falls on a space: the lines' words are the sentence's
        # words, except a word too long for any line, which may be split.
        words = [w for line in lines for w in line.split()]
        source = sentence.split()
        if words != source:
            long_words = [w for w in source if em_width(w) > line_width_em]
            assert long_words, (measure, lines)
            rebuilt = " ".join(lines)
            for word in long_words:
                rebuilt = rebuilt.replace(" ".join(_pieces(word, lines)), word)
            assert rebuilt.split() == source, (measure, lines)


def _pieces(word: str, lines: list[str]) -> list[str]:
    """How a long word was cut across consecutive lines."""
    pieces, rest = [], word
    for line in lines:
        for token in line.split():
            if rest.startswith(token) and token:
                pieces.append(token)
                rest = rest[len(token) :]
                if not rest:
                    return pieces
    return [word]


def test_korean_long_word_breaks_rather_than_overflows(korean_lines):
    sentence = next(i for i, s in enumerate(corpus("ko")) if "추진위원회" in s)
    lines = korean_lines[(50, sentence)]
    assert not any("초국가범죄대응협력제도화합의문채택추진위원회" in line for line in lines)
    assert "초국가범죄대응협력제도화합의문채택추진위원회" in "".join(lines)


def test_korean_copy_gives_the_original_text(korean_lines):
    for index, sentence in enumerate(corpus("ko")):
        assert " ".join(korean_lines[(170, index)]) == sentence


@pytest.mark.parametrize("measure", MEASURES_MM)
def test_japanese_lines_follow_kinsoku(japanese_lines, measure):
    for index, sentence in enumerate(corpus("ja")):
        lines = japanese_lines[(measure, index)]
        assert "".join(lines) == sentence
        for line in lines[1:]:
            assert line[0] not in NO_LINE_START, (measure, line)
        for line in lines[:-1]:
            assert line[-1] not in NO_LINE_END, (measure, line)


def test_sample_korean_memo_breaks_lines_between_words_only(sample_pdf):
    from summitbrief.resources import SAMPLE

    summit = load_summit(SAMPLE)
    words: set[str] = set()
    for text in _korean_texts(summit):
        words.update(text.split())
    pdf = sample_pdf("ko")
    cut = []
    for page in pdf.pages:
        for line in page.splitlines():
            # Quotation marks are the stylesheet's (generated content), not the data's;
            # a country in parentheses is the catalog's, attached to the office before it.
            tokens = [re.sub(r"\((한국|일본)\)$", "", t.strip("“”‘’")) for t in line.split()]
            hangul = [t for t in (tokens[:1] + tokens[-1:]) if re.search("[\uac00-\ud7af]", t)]
            cut.extend(t for t in hangul if t not in words and not _is_label(t))
    assert not cut


def _korean_texts(summit) -> list[str]:
    return [text["ko"] for _, text in summit.texts() if "ko" in text]


def _is_label(token: str) -> bool:
    """Words from the catalog and CLDR (labels, dates, country and language names), not data."""
    from babel import Locale

    catalog = Path(__file__).parent.parent / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    labels = set(re.findall(r'msgstr "([^"]*)"', catalog.read_text(encoding="utf-8")))
    labels |= set(Locale("ko").languages.values())
    label_words = {w for label in labels for w in label.split()}
    # Dates, "2026. 1. 13.(화)", and countries in parentheses, "(한국)".
    date_or_country = r"[\d.년월일한국일본()월화수목금토]+"
    return token in label_words or re.fullmatch(date_or_country, token) is not None


def test_sample_punctuation_follows_each_language():
    from summitbrief.resources import SAMPLE

    kana_or_han = "[\u3040-\u30ff\u4e00-\u9fff]"
    for path, text in load_summit(SAMPLE).texts():
        assert not re.search("[、。]", text.get("ko", "")), path
        japanese = text.get("ja", "")
        # Full-width punctuation between Japanese characters, and no ASCII spaces.
        assert not re.search(f"{kana_or_han}[,.()]|[,.()]{kana_or_han}", japanese), path
        assert not re.search(f"{kana_or_han} {kana_or_han}", japanese), path
