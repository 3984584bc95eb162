"""Every character drawn in the right face: coverage warnings, regional forms, no faux styles."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from summitbrief import BuildOptions, build
from summitbrief.cli import main
from summitbrief.errors import RenderError

from helpers import default_press, read_pdf, script, write_summit

SUMMIT = """\
summitbrief: 1
id: glyphs
source_language: en
languages: [en, ko, ja]
title: {en: Glyph test ሀ, ko: 글리프 시험, ja: 𠮷野家の試験}
date: 2026-03-01
location: {city: {en: Seoul, ko: 서울, ja: ソウル}, country: KR}
participants:
  - id: a
    country: KR
    role: official
    name: {en: Kim, ko: 김, ja: 金}
    office: {en: O, ko: 관, ja: 官}
summary:
  en: Summary.
  ko: 대한민국(大韓民國) 憲法과 AI 2026 𠮷
  ja: 日本国憲法とAI 2026 𠮷
outcomes:
  - {area: history, status: agreed, text: {en: X., ko: 骨 直 角, ja: 骨 直 角}}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    directory = tmp_path_factory.mktemp("glyphs")
    source = write_summit(directory, SUMMIT)
    artifacts = build([source], BuildOptions(out=directory / "out"), default_press())
    return {"+".join(a.edition.languages): a for a in artifacts}


def test_uncovered_character_warns_with_code_point_language_and_field(built):
    assert built["en"].warnings == ("title: U+1200 'ሀ' is not in the en font (Noto Serif)",)
    assert built["ko"].warnings == ()
    assert built["ja"].warnings == ()


def test_strict_build_fails_on_an_uncovered_character_and_writes_nothing(tmp_path):
    source = write_summit(tmp_path, SUMMIT)
    with pytest.raises(RenderError, match=r"glyphs\.en: title: U\+1200"):
        build([source], BuildOptions(out=tmp_path / "out", strict=True), default_press())
    assert not (tmp_path / "out").exists()
    result = CliRunner().invoke(main, ["build", str(source), "--strict", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "error: glyphs.en: title: U+1200 'ሀ' is not in the en font (Noto Serif)" in (
        result.stderr
    )


@pytest.mark.parametrize(("lang", "face"), [("ko", "CJK-KR"), ("ja", "CJK-JP")])
def test_character_outside_the_bmp_is_drawn_in_the_language_face(built, lang, face):
    chars = read_pdf(built[lang].path).chars
    [drawn] = [c for c in chars if c.text == "𠮷"][:1]
    assert face in drawn.font


@pytest.mark.parametrize(("lang", "face"), [("ko", "CJK-KR"), ("ja", "CJK-JP")])
def test_han_latin_and_digits_in_cjk_text_take_the_language_face(built, lang, face):
    chars = read_pdf(built[lang].path).chars
    for wanted in ("骨", "直", "角", "憲", "法", "A", "I", "2", "6"):
        fonts = {c.font.split("+")[-1] for c in chars if c.text == wanted}
        assert fonts, wanted
        assert all(face in f for f in fonts), (wanted, fonts)


@pytest.mark.parametrize("lang", ["ko", "ja"])
def test_no_synthetic_slant_or_bold_on_cjk(sample_build, lang):
    import pdfplumber

    with pdfplumber.open(sample_build[lang].path) as pdf:
        for page in pdf.pages:
            for char in page.chars:
                if script(char["text"]) in {"hangul", "kana", "han"}:
                    _, skew_b, skew_c, _, _, _ = char["matrix"]
                    assert (skew_b, skew_c) == (0, 0), char["text"]
                    name = char["fontname"]
                    assert "Italic" not in name and "Oblique" not in name
