"""Fonts cut to the document (subset.py): the same text, faces and pages, in a smaller file."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap

import pypdfium2
import pytest

from summitbrief.fonts.lookup import coverage, match_font
from summitbrief.pdf import subset
from summitbrief.pdf.document import PdfOptions, render_pdf
from summitbrief.planner import plan
from summitbrief.render.html import render_document
from summitbrief.resources import SAMPLE

from helpers import MINIMAL, default_press, load_summit, parse_summit, read_pdf, script

EDITIONS = ("en", "ko", "ja", "ko+ja")


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """name → (PDF bytes with the full fonts, PDF bytes with cut fonts), and their files."""
    directory = tmp_path_factory.mktemp("subset")
    editions = {"+".join(e.languages): e for e in plan(load_summit(SAMPLE))}
    result = {}
    press = default_press()
    for name in EDITIONS:
        html = render_document(editions[name], press)
        full = render_pdf(html, press, PdfOptions(subset_fonts=False)).data
        cut = render_pdf(html, press, PdfOptions(subset_fonts=True)).data
        paths = directory / f"{name}.full.pdf", directory / f"{name}.cut.pdf"
        paths[0].write_bytes(full)
        paths[1].write_bytes(cut)
        result[name] = paths
    return result


@pytest.mark.parametrize("name", EDITIONS)
def test_cut_fonts_keep_the_text_a_reader_copies_and_searches(printed, name):
    full, cut = (read_pdf(path) for path in printed[name])
    assert cut.pages == full.pages
    assert [c.text for c in cut.chars] == [c.text for c in full.chars]


@pytest.mark.parametrize("name", EDITIONS)
def test_cut_fonts_draw_the_same_pages(printed, name):
    full, cut = (pypdfium2.PdfDocument(path) for path in printed[name])
    assert len(full) == len(cut)
    for a, b in zip(full, cut, strict=True):
        image_a, image_b = a.render(scale=1.5).to_pil(), b.render(scale=1.5).to_pil()
        assert image_a.tobytes() == image_b.tobytes()


def test_korean_memo_is_a_fraction_of_its_size_with_cut_fonts(printed):
    full, cut = (path.stat().st_size for path in printed["ko"])
    assert cut < full / 3, (cut, full)


def test_each_language_keeps_its_regional_cut_face(printed):
    chars = read_pdf(printed["ko+ja"][1]).chars
    faces = {script(c.text): set() for c in chars}
    for c in chars:
        faces[script(c.text)].add(c.font.split("+")[-1])
    # Every face in the file is a cut one, and Korean and Japanese stay distinct cuts.
    assert all("-sb" in font for fonts in faces.values() for font in fonts)
    assert faces["hangul"] and all("CJK-KR" in f for f in faces["hangul"])
    assert faces["kana"] and all("CJK-JP" in f for f in faces["kana"])
    # Han appears only in the Japanese column: Japanese forms, from the JP cut.
    assert faces["han"] and all("CJK-JP" in f for f in faces["han"])


def test_right_column_margin_boxes_use_the_cut_face_of_their_language(printed):
    second_page = [c for c in read_pdf(printed["ko+ja"][1]).chars if c.page == 2]
    # The running header, above the text area (24 mm = 68 pt).
    header = [c for c in second_page if c.text in "日韓首脳会談奈良" and c.top < 68]
    assert header and all("CJK-JP-sb" in c.font for c in header)


def test_the_render_stage_says_which_characters_each_language_sets():
    summit = parse_summit(MINIMAL.replace(", ja: 要旨の文。", ""))
    [pair] = plan(summit, [], [("ko", "ja")])
    html = render_document(pair, default_press())
    assert set(html.languages) == {"ko", "ja"}
    assert set("성과문장") <= html.characters["ko"] and "成" not in html.characters["ko"]
    assert set("成果の文") <= html.characters["ja"]
    # The Japanese column shows the English summary, untranslated: English sets it.
    assert set("Summary text.") <= html.characters["en"]


def test_font_stacks_put_the_cut_face_before_the_full_family():
    sheet = subset.font_stylesheet({"ko": set("가")}, default_press().printing.fonts, right="ja")
    assert '@font-face { font-family: "Noto Serif CJK KR sb' in sheet.css
    assert ':lang(ko) { font-family: "Noto Serif CJK KR sb' in sheet.css
    assert ', "Noto Serif CJK KR"; }' in sheet.css
    # Languages the document does not set keep their full families, uncut.
    assert ':lang(en) { font-family: "Noto Serif"; }' in sheet.css
    assert '--sb-right-fonts: "Noto Serif CJK JP"; --sb-right-lang: "ja";' in sheet.css
    assert sheet.roots == (subset.font_directory(),)


def test_cut_fonts_are_the_same_bytes_every_time():
    [face] = [f for f in subset.faces_of("Noto Serif CJK JP", "ja") if f.style == "Bold"]
    chars = frozenset("日韓首脳会談（奈良）2026")
    name = subset.cut_family_name(face.family, chars)
    first = subset.subset_face(face, name, chars)
    assert subset.subset_face(face, name, chars) == first
    assert subset.cut_family_name(face.family, sorted(chars, reverse=True)) == name


def test_the_same_memo_gives_the_same_pdf_bytes_in_another_process(printed):
    program = textwrap.dedent(
        """
        import hashlib
        from summitbrief import load, open_press, plan, render_pdf
        from summitbrief.render.html import render_document
        from summitbrief.resources import SAMPLE
        press = open_press()
        [edition] = plan(load(SAMPLE, press.languages), ["ko"], [])
        print(hashlib.sha256(render_pdf(render_document(edition, press), press).data).hexdigest())
        """
    )
    other = subprocess.run(
        [sys.executable, "-c", program], check=True, capture_output=True, text=True
    ).stdout.strip()
    assert other == hashlib.sha256(printed["ko"][1].read_bytes()).hexdigest()


def test_glyph_check_still_reads_the_full_fonts(printed):
    # 똠 is in the Korean font but not in the sample memo, so not in any cut face.
    assert ord("똠") in coverage("Noto Serif CJK KR", "ko")
    assert len(coverage("Noto Serif CJK KR", "ko")) > 40000
    face = match_font("Noto Serif CJK KR", "ko")
    assert not face.path.is_relative_to(subset.font_directory())


def test_missing_harfbuzz_subsetter_is_a_warning_of_every_pdf(monkeypatch):
    from weasyprint.pdf import fonts

    monkeypatch.setattr(fonts, "harfbuzz_subset", None)
    printed = render_pdf('<html lang="en">Text</html>', default_press())
    assert any("libharfbuzz-subset is not installed" in w for w in printed.warnings)
    assert printed.pages == 1


def test_worker_processes_remove_their_font_directories(tmp_path):
    program = textwrap.dedent(
        """
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from summitbrief import Html, open_press, render_pdf

        PRESS = open_press()

        def job(text):
            html = Html(f'<html lang="en">{text}</html>', ("en",), {"en": frozenset(text)})
            return render_pdf(html, PRESS).pages

        if __name__ == "__main__":
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(2, mp_context=context) as pool:
                assert list(pool.map(job, ["one", "two", "three"])) == [1, 1, 1]
            job("parent")
        """
    )
    script_path = tmp_path / "workers.py"
    script_path.write_text(program, encoding="utf-8")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "TMPDIR": str(temporary)}
    subprocess.run([sys.executable, str(script_path)], check=True, env=env)
    # Neither the cut fonts nor WeasyPrint's copies of them (@font-face) stay behind.
    assert not list(temporary.iterdir())


@pytest.mark.parametrize(
    ("css", "expected"),
    [
        ('a::before { content: "— " }', "— "),
        (r'a::before { content: "\2014\00A0x" }', "—\u00a0x"),
        (r"a::before { content: '\D55C  \'' }", "한 '"),  # one space ends the escape
        (r'a::before { content: "\\\"q" }', '\\"q'),
        ('a::before { content: "a\\\nb" }', "ab"),  # an escaped newline is nothing
        (r'a::before { content: "\110000\0" }', "\ufffd"),  # past Unicode, zero
        ("/* don't */ a { color: red }", ""),  # an apostrophe in a comment opens nothing
    ],
)
def test_the_strings_a_stylesheet_writes_are_read_as_css_reads_them(css, expected):
    assert subset.css_strings(css) == frozenset(expected)
