"""Bilingual page breaks: a block that does not fit is cut after the same sentence in both
languages, both columns resume level on the next page, and no page ends more than three
lines short unless a heading follows (render/splits.py, pdf/balance.py)."""

from __future__ import annotations

import re

import pytest

from summitbrief import BuildOptions, build
from summitbrief.render.typography import sentence_ends
from summitbrief.render.units import Unit

from helpers import MINIMAL, default_press, read_pdf, script, write_summit

KO = "양국은 경제안보 분야의 협력을 강화하기로 했다."
JA = "両国は経済安全保障分野の協力を強化することとした。"
EN = "The two countries decided to strengthen cooperation in economic security."
MM = 72 / 25.4
LINE = 9.5 * 1.6  # a line of a parallel memo's body, in points
BODY_BOTTOM = 841.89 - 24 * MM


def numbered(sentence: str, count: int, space: str) -> str:
    return space.join(f"{number} {sentence}" for number in range(1, count + 1))


def background_summit() -> str:
    """Background paragraphs of three to six numbered sentences, the same in each language."""
    paragraphs = []
    for index in range(7):
        count = 3 + index % 4
        ko, ja, en = numbered(KO, count, " "), numbered(JA, count, ""), numbered(EN, count, " ")
        paragraphs.append(f"  - {{en: '{en}', ko: '{ko}', ja: '{ja}'}}\n")
    return MINIMAL + "background:\n" + "".join(paragraphs)


@pytest.fixture(scope="module")
def balanced(tmp_path_factory):
    directory = tmp_path_factory.mktemp("breaks")
    source = write_summit(directory, background_summit())
    options = BuildOptions(out=directory / "out", pairs=(("ko", "ja"), ("ja", "en")))
    return {
        "+".join(a.edition.languages): read_pdf(a.path)
        for a in build([source], options, default_press())
    }


def body(pdf, page: int) -> list:
    return [
        c
        for c in pdf.chars
        if c.page == page and 26 * MM < c.top < BODY_BOTTOM and c.text.strip() and c.size < 12
    ]


@pytest.mark.parametrize("pair", ["ko+ja", "ja+en"])
def test_no_page_ends_more_than_three_lines_short_unless_a_heading_follows(balanced, pair):
    pdf = balanced[pair]
    for page in range(1, len(pdf.pages)):
        last = max(c.top + c.size for c in body(pdf, page))
        following = [c for c in pdf.chars if c.page == page + 1 and c.top > 26 * MM]
        heading = min(following, key=lambda c: c.top).size > 10
        assert BODY_BOTTOM - last <= 3 * LINE + 2 * MM or heading, (pair, page, last)


def sentence_numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"(\d+) ?(?:양국은|両国は|The ?two)", text)]


@pytest.mark.parametrize("pair", ["ko+ja", "ja+en"])
def test_a_cut_block_ends_at_the_same_sentence_and_resumes_level(balanced, pair):
    pdf = balanced[pair]
    middle = 595.28 / 2
    for page in range(1, len(pdf.pages)):
        ends = []
        for side in (lambda c: c.x0 < middle, lambda c: c.x0 > middle):
            chars = [c for c in body(pdf, page) if side(c)]
            lines = {}
            for c in chars:
                lines.setdefault(round(c.top), []).append(c)
            text = "".join(
                "".join(c.text for c in sorted(line, key=lambda c: c.x0))
                for _, line in sorted(lines.items())[-3:]
            )
            ends.append(sentence_numbers(text)[-1:])
        assert ends[0] == ends[1], (pair, page, ends)
        # On the next page both columns start on the same line.
        following = body(pdf, page + 1)
        tops = [min(c.top for c in following if side(c)) for side in
                (lambda c: c.x0 < middle, lambda c: c.x0 > middle)]  # fmt: skip
        assert abs(tops[0] - tops[1]) < 1, (pair, page, tops)
        assert {script(c.text) for c in following if c.x0 < middle} & {"hangul", "kana", "latin"}


def test_sentences_end_after_a_letter_not_inside_quotes_or_after_figures():
    def parts(text: str) -> list[str]:
        ends = sentence_ends(text)
        return [text[a:b].strip() for a, b in zip([0, *ends[:-1]], ends, strict=True)]

    assert parts("양국은 합의했다. 2026. 1. 13. 회담을 가졌다.") == [
        "양국은 합의했다.",
        "2026. 1. 13. 회담을 가졌다.",
    ]
    assert parts("李大統領は「ありがとう。」と述べた。次に進む。") == [
        "李大統領は「ありがとう。」と述べた。",
        "次に進む。",
    ]
    assert parts("The U.S. side agreed. Then, e.g. the talks began.") == [
        "The U.S. side agreed.",
        "Then, e.g. the talks began.",
    ]


def test_a_block_is_cut_only_where_both_languages_can_end():
    from summitbrief.render.splits import boundaries, cut

    same = Unit("paragraphs", {"text": {"ko": "가. 나.\n\n다.", "ja": "あ。い。\n\nう。"}})
    places = boundaries(same, ("ko", "ja"))
    assert [(p.paragraph, p.ends_paragraph) for p in places] == [(0, False), (0, True)]
    first, rest = cut(same, ("ko", "ja"), [places[0]])
    assert first.variables["text"] == {"ko": "가.", "ja": "あ。"}
    assert rest.variables["text"] == {"ko": "나.\n\n다.", "ja": "い。\n\nう。"}
    # Sentences that do not correspond: only the paragraph's end.
    other = Unit("paragraphs", {"text": {"ko": "가. 나.\n\n다.", "ja": "あい。\n\nう。"}})
    assert [p.ends_paragraph for p in boundaries(other, ("ko", "ja"))] == [True]
