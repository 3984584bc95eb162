"""Japanese and Korean line adjustment as a reader measures it in the PDF (issue 16).

Paragraphs generated from the sample's own sentences, with the marks, figures
and Latin words the rules are about, are set at three measures, one a page,
and read back: where each line's last glyph ends (``lines.py``), where marks
and boundaries sit, which characters the page holds. The sample memos are
measured the same way. Each check is also run with the mechanism switched off
(``adjust.adjusting(False)``, a stylesheet without ``auto-phrase``, no widow
rule) and shown to fail there.
"""

from __future__ import annotations

import io
import random
import re
from collections import Counter
from collections.abc import Callable
from itertools import pairwise

import pdfplumber
import pytest

from summitbrief.pdf import linebreak, spacing
from summitbrief.planner import Edition
from summitbrief.press import open_press
from summitbrief.render.html import render_document
from summitbrief.resources import SAMPLE

from helpers import default_press, load_summit
from lines import LineEnd, Measured, measure, render

MEASURES_MM = (170, 90, 50)  # A4 text width, a bilingual column, a table cell
PT_PER_MM = 72 / 25.4
# Inserted into the sample's sentences: consecutive marks, brackets, figures,
# Latin words, a long Latin token (JLREQ §3.1.4, §3.2.2; KLREQ §4.5).
JAPANESE_INSERTS = (
    "「日韓共通の社会課題」。",
    "（AI）",
    "、「未来志向」",
    "2026年1月13日",
    "HBM3Eメモリ",
    "『対話』）」",
    "・",
    "DNA鑑定",
)
KOREAN_INSERTS = ("(AI)", "HBM3E 메모리", "2026년 1월 13일", "“미래지향”", "DNA 감식", "1965년")
WIDE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def generated(lang: str, count: int = 12) -> list[str]:
    """Paragraphs of two or three of the sample's sentences in ``lang``, with an insert each."""
    texts = [t[lang] for _, t in load_summit(SAMPLE).texts() if len(t.get(lang, "")) > 30]
    end = "。" if lang == "ja" else ". "
    sentences = [s.strip() + end.strip() for t in texts for s in t.split(end) if len(s) > 8]
    inserts = JAPANESE_INSERTS if lang == "ja" else KOREAN_INSERTS
    rng = random.Random(16)
    paragraphs = []
    for number in range(count):
        chosen = rng.sample(sentences, rng.randint(2, 3))
        first = chosen[0]
        cut = rng.randint(4, len(first) - 4)
        if lang == "ko":
            cut = first.rfind(" ", 0, cut) + 1 or cut
        insert = inserts[number % len(inserts)] + (" " if lang == "ko" else "")
        chosen[0] = first[:cut] + insert + first[cut:]
        paragraphs.append((" " if lang == "ko" else "").join(chosen))
    return paragraphs


def page(lang: str, body: str, css: str = "") -> str:
    """A document in the memo's stylesheets and faces (the press's), less page numbers."""
    quiet = "@page { @bottom-right { content: none; } }"
    return f'<html lang="{lang}"><style>{quiet}{css}</style><body>{body}</body></html>'


def paragraphs(lang: str, texts: list[str], measures: tuple[int, ...] = MEASURES_MM) -> str:
    """Each text as a justified body paragraph at each measure, one a page."""
    return page(
        lang,
        "".join(
            f'<div class="unit unit-paragraphs" style="break-before: page">'
            f'<p style="width: {width}mm">{text}</p></div>'
            for width in measures
            for text in texts
        ),
    )


@pytest.fixture(scope="module")
def corpus() -> Callable[[str, bool], Measured]:
    cache: dict[tuple[str, bool], Measured] = {}

    def read(lang: str, adjusting: bool = True) -> Measured:
        if (lang, adjusting) not in cache:
            html = paragraphs(lang, generated(lang))
            cache[(lang, adjusting)] = measure(html, (lang,), adjusting)
        return cache[(lang, adjusting)]

    return read


def sized(chars: list[dict], size: float) -> list[dict]:
    """The characters set at ``size`` pt."""
    return [c for c in chars if abs(c["size"] - size) < 0.01]


def short(lines: list[LineEnd]) -> list[str]:
    """The non-final lines that end off the measure, as the text a failure shows."""
    return [
        f"{line.text} ({line.measure - line.right:+.1f} pt)"
        for line in lines
        if not line.last and not line.on_measure
    ]


# --- every line but the last on the measure ------------------------------------


@pytest.mark.parametrize("lang", ["ja", "ko"])
def test_every_line_but_a_paragraphs_last_ends_on_the_measure(corpus, lang):
    lines = corpus(lang).lines
    assert len([line for line in lines if not line.last]) > 100
    assert short(lines) == []


@pytest.mark.parametrize("lang", ["ja", "ko"])
def test_the_corpus_holds_exactly_its_source_characters(corpus, lang):
    texts = generated(lang)
    pages = corpus(lang).page_texts()
    expected = [text for _ in MEASURES_MM for text in texts]
    for text, drawn in zip(expected, pages, strict=True):
        # Korean: the space where a line breaks is not drawn, and nothing else is added.
        assert drawn.replace(" ", "") == text.replace(" ", "")
        assert drawn.count(" ") <= text.count(" ")


def test_japanese_lines_end_short_without_line_adjustment(corpus):
    assert len(short(corpus("ja", adjusting=False).lines)) > 20


def test_korean_word_spaces_stay_bounded_and_syllables_share_the_room(corpus):
    spaces = word_spaces(corpus("ko").pdf)
    assert max(spaces) < 1.6
    # Without it WeasyPrint gives all the room to the spaces.
    assert max(word_spaces(corpus("ko", adjusting=False).pdf)) > 2


def word_spaces(pdf: bytes) -> list[float]:
    """The advance of every word space inside a line, in em."""
    found = []
    with pdfplumber.open(io.BytesIO(pdf)) as reader:
        for page_ in reader.pages:
            chars = page_.chars
            for space, after in pairwise(chars):
                if space["text"] == " " and abs(space["top"] - after["top"]) < 1:
                    found.append((after["x0"] - space["x0"]) / space["size"])
    return found


# --- marks, boundaries, line heads ---------------------------------------------


# (text, from, to, em): the distance from the glyph at ``from`` to the one at ``to``.
SQUEEZES = [
    ("あ。」い", 1, 3, 1.5),  # JLREQ §3.1.4 ②: 。」 solid, half an em after
    ("あ、「い", 1, 3, 1.5),  # ③: half an em between
    ("あ）」い", 1, 3, 1.5),  # ⑥: solid, half an em after
    ("あ」「い", 1, 3, 1.5),  # ④
    ("あ「「い", 0, 3, 2.5),  # ⑤: half an em before the first, solid between
    ("あ、い", 1, 2, 1.0),  # a comma alone keeps its blank
    ("あ。い", 1, 2, 1.0),
    ("成果25件", 1, 2, 1.25),  # §3.2.2: a quarter em between Japanese and digits
]


@pytest.fixture(scope="module")
def marks() -> Callable[[bool], list[list[dict]]]:
    cache: dict[bool, list[list[dict]]] = {}

    def read(adjusting: bool = True) -> list[list[dict]]:
        if adjusting not in cache:
            body = "".join(
                f'<p style="break-before: page; font-size: 10pt">{text}</p>'
                for text, *_ in SQUEEZES
            )
            _, pdf = render(page("ja", body), adjusting)
            with pdfplumber.open(io.BytesIO(pdf)) as reader:
                cache[adjusting] = [sized(p.chars, 10) for p in reader.pages]
        return cache[adjusting]

    return read


@pytest.mark.parametrize("case", range(len(SQUEEZES)))
def test_marks_and_boundaries_take_their_jlreq_widths(marks, case):
    text, start, stop, em = SQUEEZES[case]
    chars = marks()[case]
    assert "".join(c["text"] for c in chars) == text
    assert chars[stop]["x0"] - chars[start]["x0"] == pytest.approx(em * 10, abs=0.3)


def test_without_the_rules_marks_take_a_full_em_and_no_boundary_space(marks):
    off = marks(adjusting=False)
    widths = [
        off[i][stop]["x0"] - off[i][start]["x0"] for i, (_, start, stop, _) in enumerate(SQUEEZES)
    ]
    expected = [em * 10 for *_, em in SQUEEZES]
    assert sum(abs(w - e) > 0.3 for w, e in zip(widths, expected, strict=True)) >= 5


def test_korean_has_no_space_between_hangul_and_digits():
    _, pdf = render(page("ko", '<p style="font-size: 10pt">1942년 1월 13일</p>'))
    with pdfplumber.open(io.BytesIO(pdf)) as reader:
        chars = sized(reader.pages[0].chars, 10)
    two, year = chars[3], chars[4]
    assert (two["text"], year["text"]) == ("2", "년")
    assert year["x0"] - two["x1"] == pytest.approx(0, abs=0.1)


def head_offsets(adjusting: bool = True) -> float:
    """How far a line that opens with a bracket starts its next character, in em."""
    text = "日韓共通の社会課題への対応に係る当局間協議の成果を評価した。"
    body = "".join(
        f'<div class="unit unit-paragraphs"><p style="width: 60mm">{t}</p></div>'
        for t in (text, "「" + text)
    )
    _, pdf = render(page("ja", body), adjusting)
    with pdfplumber.open(io.BytesIO(pdf)) as reader:
        firsts = [c for c in sized(reader.pages[0].chars, 10.5) if c["text"] == "日"]
    return (firsts[1]["x0"] - firsts[0]["x0"]) / 10.5


def test_an_opening_bracket_at_a_line_head_is_set_solid():
    # JLREQ §3.1.5 (JIS X 4051's default): the bracket takes half an em.
    assert head_offsets() == pytest.approx(0.5, abs=0.03)
    assert head_offsets(adjusting=False) == pytest.approx(1.0, abs=0.03)


# --- phrases in narrow places ------------------------------------------------


CELL_TEXTS = [
    t["ja"]
    for path, t in load_summit(SAMPLE).texts()
    if "ja" in t and ("actions" in path or "next_steps" in path)
] + ["次回首脳会談の開催に向けて、進捗状況を確認する。"]
CELL_WIDTHS_MM = (40, 28, 18)


def cell_lines(css: str = "") -> list[tuple[str, int, list[str]]]:
    """(text, cell width, its lines) for each text in a follow-up table cell at each width."""
    body = "".join(
        f'<table class="grid" style="break-before: page; width: {width + 4}mm">'
        f"<tr><td>{text}</td></tr></table>"
        for width in CELL_WIDTHS_MM
        for text in CELL_TEXTS
    )
    _, pdf = render(page("ja", body, css))
    with pdfplumber.open(io.BytesIO(pdf)) as reader:
        pages = [(p.extract_text() or "").splitlines() for p in reader.pages]
    cases = [(text, width) for width in CELL_WIDTHS_MM for text in CELL_TEXTS]
    return [(text, width, lines) for (text, width), lines in zip(cases, pages, strict=True)]


def split_phrases(cells: list[tuple[str, int, list[str]]]) -> list[str]:
    """Line breaks inside a BudouX phrase that would fit its cell, shown as 開｜催."""
    found = []
    for text, width, lines in cells:
        assert "".join(lines) == text
        capacity = int(width * PT_PER_MM / 9.5)
        inside, position = set(), 0
        for phrase in linebreak.phrases(text):
            if len(phrase) <= capacity:
                inside.update(range(position + 1, position + len(phrase)))
            position += len(phrase)
        position = 0
        for line in lines[:-1]:
            position += len(line)
            if position in inside:
                found.append(f"{text[:position]}｜{text[position:]}")
    return found


def test_table_cells_break_japanese_between_phrases_only():
    assert split_phrases(cell_lines()) == []


def test_without_phrases_cells_split_words():
    found = split_phrases(cell_lines(css="td { word-break: normal !important; }"))
    assert any("開｜催" in s or "進｜捗" in s for s in found), found


# --- one-character last lines --------------------------------------------------

WIDOW = "あ、" * 10 + "ん。"


def widow_lines() -> list[str]:
    # 17.6 em: ten あ、 fit with their commas at their least (a quarter em), not
    # ん。 after them; all twelve characters fit with the commas solid.
    body = f'<div class="unit unit-paragraphs"><p style="width: {17.6 * 10.5}pt">{WIDOW}</p></div>'
    _, pdf = render(page("ja", body))
    with pdfplumber.open(io.BytesIO(pdf)) as reader:
        return (reader.pages[0].extract_text() or "").splitlines()


def test_a_last_character_is_pulled_back_when_solid_marks_make_room():
    assert widow_lines() == [WIDOW]


def test_without_the_widow_rule_the_last_line_holds_one_character(monkeypatch):
    monkeypatch.setattr(spacing, "widow", lambda rest: False)
    assert widow_lines()[-1] == "ん。"


# --- the sample memos ----------------------------------------------------------


def many_outcomes(count: int = 36):
    """The sample with its outcomes repeated to ``count``: a long memo."""
    summit = load_summit(SAMPLE)
    outcomes = summit.outcomes
    repeated = tuple(outcomes[i % len(outcomes)] for i in range(count))
    return summit.model_copy(update={"outcomes": repeated})


@pytest.fixture(scope="module")
def memos() -> Callable[[str], Measured]:
    cache: dict[str, Measured] = {}

    def read(name: str) -> Measured:
        if name not in cache:
            langs = tuple(name.removesuffix(" 36").split("+"))
            summit = many_outcomes() if name.endswith(" 36") else load_summit(SAMPLE)
            layout = "parallel" if len(langs) == 2 else "single"
            html = render_document(Edition(summit, langs, layout), default_press())
            cache[name] = measure(html)
        return cache[name]

    return read


@pytest.mark.parametrize("name", ["ja", "ko", "ko+ja", "ja+en", "ja 36", "ko+ja 36"])
def test_sample_memos_end_every_line_but_a_paragraphs_last_on_the_measure(memos, name):
    lines = memos(name).lines
    assert [line for line in lines if not line.last]
    assert short(lines) == []


def test_the_ja_memo_has_ragged_lines_without_line_adjustment():
    html = render_document(Edition(load_summit(SAMPLE), ("ja",)), default_press())
    assert len(short(measure(html, adjusting=False).lines)) > 5


# --- the text area ---------------------------------------------------------------


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_japanese_body_banners_and_running_heads_share_one_text_area_of_40_characters(paper):
    press = open_press(paper=paper)
    _, pdf = render(render_document(Edition(load_summit(SAMPLE), ("ja",)), press), press=press)
    with pdfplumber.open(io.BytesIO(pdf)) as reader:
        second = reader.pages[1]
        body = [c for c in sized(second.chars, 10.5) if WIDE.match(c["text"])]
        heads = [c for c in sized(second.chars, 8) if c["top"] < 80]
        banner = min(second.rects, key=lambda r: r["top"])
    left = min(c["x0"] for c in body)
    ends: dict[int, float] = {}
    for c in body:
        ends[round(c["top"])] = max(ends.get(round(c["top"]), 0.0), c["x1"])
    # Where most lines end: on the measure.
    right = Counter(round(end, 1) for end in ends.values()).most_common(1)[0][0]
    assert right - left == pytest.approx(40 * 10.5, abs=0.5)
    assert (banner["x0"], banner["x1"]) == (
        pytest.approx(left, abs=0.5),
        pytest.approx(right, abs=0.5),
    )
    assert min(c["x0"] for c in heads) == pytest.approx(left, abs=0.5)
    assert max(c["x1"] for c in heads) == pytest.approx(right, abs=0.5)


def test_bilingual_columns_are_24_characters_wide(memos):
    lines = memos("ko+ja").lines
    for lang in ("ko", "ja"):
        widths = Counter(round(line.measure - line.start, 1) for line in lines if line.lang == lang)
        assert widths.most_common(1)[0][0] == pytest.approx(24 * 9.5, abs=0.5)


# --- the order of the rules (spacing.py on its own) ------------------------------


def glyphs(text: str, lang: str = "ja", em: float = 10.0) -> list[spacing.Glyph]:
    """A line as broken: marks half-width, Latin letters and digits half an em."""
    found = []
    for index, char in enumerate(text):
        kind = spacing.kind(char)
        half = kind in spacing.MARKS and spacing.squeezed(text, index, natural=False)
        wide = kind in (spacing.Kind.IDEOGRAPHIC, spacing.Kind.HANGUL) or kind in spacing.MARKS
        advance = em / 2 if half or not wide else em
        found.append(spacing.Glyph(char, lang, em, advance))
    return found


def test_boundaries_get_their_room_back_before_bracket_blanks():
    line = glyphs("成果2件を、得た")
    # Room for the comma's least blank and one of the two boundaries' quarter ems.
    setting = spacing.adjust(line, 2.5 + 2.5, justify=False, lang="ja")
    assert setting.extras[1] == pytest.approx(1.25)  # 果|2: half of what it needs
    assert setting.extras[2] == pytest.approx(1.25)  # 2|件
    assert setting.extras[5] == pytest.approx(2.5)  # 、 at its least, a quarter em


def test_a_line_end_blank_comes_back_whole_or_not_at_all():
    line = glyphs("あいう、")
    assert spacing.adjust(line, 4.0, justify=True, lang="ja").extras[-1] == 0
    assert spacing.adjust(line, 6.0, justify=True, lang="ja").extras[-1] == pytest.approx(5.0)


def test_korean_spaces_open_first_and_no_gap_past_its_limit():
    line = glyphs("양 정상은 합의했다", lang="ko")
    small = spacing.adjust(line, 4.0, justify=True, lang="ko")
    assert small.extras[1] == pytest.approx(2.0) and small.extras[5] == pytest.approx(2.0)
    assert sum(small.extras) == pytest.approx(4.0)
    huge = spacing.adjust(line, 200.0, justify=True, lang="ko")
    assert sum(huge.extras) < 200.0  # left short rather than torn apart
    assert max(huge.extras) <= (0.25 + 0.5 + 0.5) * 10.0 + 1e-6
