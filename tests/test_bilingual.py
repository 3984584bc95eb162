"""Bilingual memos read back by position: columns, alignment, page breaks, margins."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from summitbrief import BuildOptions, build
from summitbrief.cli import main
from summitbrief.errors import RenderError

from helpers import default_press, read_pdf, script, write_summit

PAGE_WIDTH = 595.28
MARGIN = 20 / 25.4 * 72
MIDDLE = PAGE_WIDTH / 2
STATUS = {"ko": "합의", "ja": "一致"}
BODY_TOP, BODY_BOTTOM = 24 / 25.4 * 72, 842 - 22 / 25.4 * 72

KO = "양국은 협력을 강화하기로 합의했다."
JA = "両国は協力を強化することで一致した。"
LONG_KO = (
    "양국 정상은 경제안보와 과학기술 분야의 포괄적 협력이 필요하다는 데 의견을 같이했다. " * 30
)


def long_summit() -> str:
    """A summit that runs over several pages, one side much longer than the other in places."""
    outcomes = []
    for number in range(1, 25):
        ko = LONG_KO if number in (5, 17) else f"{number}. {KO}"
        ja = f"{number}. {JA}" + (JA * 6 if number in (9, 10) else "")
        outcomes.append(
            f"  - area: history\n    status: agreed\n"
            f"    text: {{en: Outcome {number}., ko: '{ko}', ja: '{ja}'}}\n"
        )
    return f"""\
summitbrief: 1
id: long
source_language: en
languages: [en, ko, ja]
pairs: [ko+ja]
title: {{en: Long Summit, ko: 긴 회담, ja: 長い会談}}
date: 2026-03-01
location: {{city: {{en: Seoul, ko: 서울, ja: ソウル}}, country: KR}}
participants:
  - id: a
    country: KR
    role: head-of-state
    name: {{en: Kim A, ko: 김가, ja: 金カ}}
    office: {{en: President, ko: 대통령, ja: 大統領}}
summary: {{en: Summary., ko: 요약., ja: 要旨。}}
outcomes:
{"".join(outcomes)}"""


@pytest.fixture(scope="module")
def parallel(tmp_path_factory):
    directory = tmp_path_factory.mktemp("parallel")
    source = write_summit(directory, long_summit())
    [artifact] = build(
        [source], BuildOptions(out=directory / "out", pairs=(("ko", "ja"),)), default_press()
    )
    return artifact, read_pdf(artifact.path)


def test_pair_is_written_as_left_plus_right(parallel):
    artifact, pdf = parallel
    assert artifact.path.name == "long.ko+ja.pdf"
    assert len(pdf.pages) >= 3


def test_hangul_only_in_the_left_column_and_kana_only_in_the_right(parallel):
    _, pdf = parallel
    pages_with_both = set()
    for char in pdf.chars:
        kind = script(char.text)
        if kind == "hangul":
            assert char.x0 < MIDDLE, (char.text, char.page, char.x0)
        elif kind == "kana":
            assert char.x0 > MIDDLE, (char.text, char.page, char.x0)
    for page in range(1, len(pdf.pages) + 1):
        kinds = {script(c.text) for c in pdf.chars if c.page == page}
        if {"hangul", "kana"} <= kinds:
            pages_with_both.add(page)
    assert pages_with_both == set(range(1, len(pdf.pages) + 1))


def test_paired_outcomes_start_level_with_each_other(parallel):
    _, pdf = parallel
    # The status badge is the first line of every outcome; pair them in order.
    body = [c for c in pdf.chars if BODY_TOP < c.top < BODY_BOTTOM]
    left = [c for c in body if c.text == STATUS["ko"][0] and abs(c.size - 8) < 0.1]
    right = [c for c in body if c.text == STATUS["ja"][0] and abs(c.size - 8) < 0.1]
    assert len(left) == len(right) == 24
    for ko, ja in zip(left, right, strict=True):
        assert ko.page == ja.page
        assert abs(ko.top - ja.top) <= 2, (ko.page, ko.top, ja.top)


def test_a_long_block_splits_across_pages_and_its_translation_waits(parallel):
    _, pdf = parallel
    long_lines = [c for c in pdf.chars if c.text == "같" and c.x0 < MIDDLE]
    # A page whose first two lines hold a long Korean outcome continues it.
    continued = sorted({c.page for c in long_lines if c.top < BODY_TOP + 40})
    assert continued == [2, 4]
    for page in continued:
        end = max(c.top for c in long_lines if c.page == page)
        right = [c for c in body(pdf, page) if c.x0 > MIDDLE]
        # The Japanese side is empty beside the rest of the long block, and the
        # next outcomes resume below it (level with their Korean, checked above).
        assert not [c.text for c in right if c.top <= end], page
        assert [c for c in right if c.top > end], page


def body(pdf, page: int) -> list:
    """The characters of a page between the running header and footer."""
    return [c for c in pdf.chars if c.page == page and BODY_TOP < c.top < BODY_BOTTOM]


def test_nothing_outside_the_margins_and_no_overlap_between_columns(parallel):
    _, pdf = parallel
    left_edge = max(c.x0 + c.size for c in pdf.chars if script(c.text) == "hangul")
    right_start = min(c.x0 for c in pdf.chars if script(c.text) == "kana")
    assert left_edge < right_start
    for char in pdf.chars:
        assert char.x0 >= MARGIN - 1, (char.text, char.x0)
        assert char.x0 + char.size * 0.5 <= PAGE_WIDTH - MARGIN + 1, (char.text, char.x0)


def test_running_header_and_footer_are_bilingual(parallel):
    _, pdf = parallel
    page2 = [c for c in pdf.chars if c.page == 2]
    header = [c for c in page2 if c.top < 24 / 25.4 * 72]
    korean = [c for c in header if script(c.text) == "hangul"]
    japanese = [c for c in header if script(c.text) in {"kana", "han"}]
    assert korean and all(c.x0 < MIDDLE for c in korean)
    assert japanese and all(c.x0 > MIDDLE for c in japanese)
    assert all("CJK-JP" in c.font for c in japanese)
    # The page number in the left language's convention: Korean "- 1 -".
    assert "- 1 -" in pdf.pages[0] and "일반" in pdf.pages[1] and "一般" in pdf.pages[1]


def test_pdf_title_names_both_languages(parallel):
    from pypdf import PdfReader

    artifact, _ = parallel
    assert PdfReader(artifact.path).metadata.title == "긴 회담 / 長い会談"


def test_interleaved_layout_puts_each_translation_after_its_block(tmp_path):
    source = write_summit(tmp_path, long_summit())
    options = BuildOptions(out=tmp_path, pairs=(("ko", "ja"),), layout="interleaved")
    [artifact] = build([source], options, default_press())
    text = read_pdf(artifact.path).text
    assert text.index("1. 양국은") < text.index("1. 両国は") < text.index("2. 양국은")


def test_missing_translation_on_one_side_is_marked_and_strict_fails(tmp_path):
    text = long_summit().replace(", ja: '1. 両国は協力を強化することで一致した。'", "")
    source = write_summit(tmp_path, text)
    [artifact] = build(
        [source], BuildOptions(out=tmp_path / "draft", pairs=(("ko", "ja"),)), default_press()
    )
    assert artifact.warnings == ("ja: outcomes[0].text: missing translation (shows the en text)",)
    assert "[en] Outcome 1." in read_pdf(artifact.path).text
    with pytest.raises(RenderError, match=r"long\.ko\+ja: ja: outcomes\[0\]\.text"):
        build(
            [source],
            BuildOptions(out=tmp_path / "strict", pairs=(("ko", "ja"),), strict=True),
            default_press(),
        )
    assert not (tmp_path / "strict").exists()


def test_cli_pairs_and_their_errors(tmp_path):
    source = write_summit(tmp_path, long_summit())
    runner = CliRunner()
    result = runner.invoke(
        main, ["build", str(source), "--pair", "ko+ja", "--pair", "ja+en", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "long").iterdir()) == [
        "long.ja+en.pdf",
        "long.ko+ja.pdf",
    ]
    result = runner.invoke(main, ["build", str(source), "--pair", "ko+ko"])
    assert result.exit_code == 2
    assert "'ko+ko' is not a pair of two languages such as ko+ja" in result.stderr
    result = runner.invoke(main, ["build", str(source), "--pair", "ko+fr"])
    assert result.exit_code == 2
    assert "unknown language fr" in result.stderr


def test_default_build_makes_the_declared_pairs_and_every_single_language(tmp_path):
    source = write_summit(tmp_path, long_summit())
    artifacts = build([source], BuildOptions(out=tmp_path, format="html"), default_press())
    assert [a.edition.stem for a in artifacts] == ["long.en", "long.ko", "long.ja", "long.ko+ja"]
