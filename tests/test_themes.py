"""Themes (--theme DIR): templates overlaid on the built-in ones, extra.css, theme.toml;
and the look options reaching the artifacts and their input hash."""

from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner

from summitbrief import BuildOptions, build, open_press
from summitbrief.builder.inputs import input_hash
from summitbrief.cli import main
from summitbrief.errors import ConfigError
from summitbrief.planner import plan
from summitbrief.resources import SAMPLE
from summitbrief.theme import load_theme

from helpers import MINIMAL, load_summit, read_pdf, write_summit

SAMPLE_THEME = Path(__file__).parent.parent / "docs" / "sample-theme"
ACCENT = (0.043137, 0.309804, 0.270588)  # #0b4f45, the sample theme's accent and logo


@pytest.fixture(scope="module")
def themed(tmp_path_factory):
    """The sample in en, ko, ja and ko+ja with the sample theme."""
    out = tmp_path_factory.mktemp("themed")
    options = BuildOptions(out=out, languages=("en", "ko", "ja"), pairs=(("ko", "ja"),))
    press = open_press(theme=SAMPLE_THEME)
    return {"+".join(a.edition.languages): a for a in build([SAMPLE], options, press)}


@pytest.mark.parametrize(
    ("memo", "organization"),
    [
        ("en", ["Sample Ministry of Foreign Affairs"]),
        ("ko", ["샘플 외교부"]),
        ("ja", ["サンプル外務省"]),
        ("ko+ja", ["샘플 외교부", "サンプル外務省"]),
    ],
)
def test_letterhead_and_footer_carry_the_theme_s_organization(themed, memo, organization):
    pages = read_pdf(themed[memo].path).pages
    for name in organization:
        assert name in pages[0]
        assert all(name in page for page in pages[1:])  # the running footer
    # The sample theme's blocks/letterhead.html.j2 extends the built-in one.
    assert "1 Sample Street" in pages[0]


def test_the_theme_s_svg_logo_is_drawn_once_on_the_first_page(themed):
    for memo in ("en", "ko+ja"):
        with pdfplumber.open(themed[memo].path) as pdf:
            seals = [
                c
                for c in pdf.pages[0].curves
                if c.get("fill") and c.get("non_stroking_color") == ACCENT and c["width"] > 30
            ]
            assert len(seals) == 1, memo  # the seal, left of the organization
            assert seals[0]["top"] < 45 * 72 / 25.4
            assert not [c for c in pdf.pages[1].curves if c.get("non_stroking_color") == ACCENT]


def test_the_theme_s_colours_and_area_order_and_era_dates(themed):
    with pdfplumber.open(themed["en"].path) as pdf:
        banner = {r.get("non_stroking_color") for r in pdf.pages[0].rects if r["width"] > 400}
    assert (0.137255, 0.188235, 0.231373) in banner  # #23303b from extra.css
    text = read_pdf(themed["en"].path).text
    order = ["North Korea", "History", "Economic security", "Transnational crime",
             "Artificial intelligence", "Common social issues"]  # fmt: skip
    assert [text.index(a) for a in order] == sorted(text.index(a) for a in order)
    assert "日時 令和8年1月13日" in read_pdf(themed["ja"].path).pages[0]


def test_a_theme_file_replaces_the_built_in_one_and_extra_css_comes_last(tmp_path):
    theme = tmp_path / "theme"
    (theme / "blocks").mkdir(parents=True)
    (theme / "blocks" / "summary.html.j2").write_text(
        '<div class="summary"><p>Our own summary block</p></div>', encoding="utf-8"
    )
    (theme / "extra.css").write_text(".summary { color: #123456; }", encoding="utf-8")
    options = BuildOptions(out=tmp_path / "out", languages=("en",), format="html")
    [artifact] = build([write_summit(tmp_path, MINIMAL)], options, open_press(theme=theme))
    html = artifact.path.read_text(encoding="utf-8")
    assert "Our own summary block" in html and "Summary text." not in html
    assert html.index(".summary { color: #123456; }") > html.index("--sb-accent: #1f3a5f")
    assert html.index(".summary { color: #123456; }") > html.index("@page { size: A4;")


def test_a_broken_theme_is_reported_one_line_per_problem(tmp_path):
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "logo.png").write_bytes(b"\x89PNG")
    (theme / "theme.toml").write_text(
        'organization = { en = "Ministry", fr = "Ministère" }\n'
        'logo = "logo.png"\n'
        'area_order = ["north-korea", "space", "north-korea"]\n'
        'date_style = "imperial"\n'
        'colour = "red"\n'
        "[conventions.ko]\n"
        'date = "era"\n'
        'numbering = "roman"\n'
        'spacing = "wide"\n'
        "[conventions.fr]\n"
        'date = "long"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["build", "--theme", str(theme), "--out", str(tmp_path)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    toml = f"{theme}/theme.toml"
    assert lines == [
        f"error: {toml}: organization.fr: unknown language 'fr' (known: en, ko, ja)",
        f"error: {toml}: logo: 'logo.png' is not an SVG file (.svg)",
        f"error: {toml}: area_order[1]: unknown area 'space' (known: "
        "economic-security, science-technology, international-norms, artificial-intelligence, "
        "intellectual-property, social-issues, transnational-crime, people-to-people, "
        "regional-cooperation, north-korea, history, future-relations)",
        f"error: {toml}: date_style: 'imperial' is not one of: gregorian, era",
        f"error: {toml}: conventions.fr: unknown language 'fr' (known: en, ko, ja)",
        f"error: {toml}: colour: unknown key "
        "(expected one of: name, organization, logo, area_order, date_style, conventions)",
        f"error: {toml}: conventions.ko.date: 'era' is for ja only",
        f"error: {toml}: conventions.ko.numbering: 'roman' is not one of: period, parenthesized",
        f"error: {toml}: conventions.ko.spacing: unknown convention "
        "(expected one of: date, page_numbers, numbering, parentheses)",
    ]
    assert not (tmp_path / "nara-2026").exists()


def test_a_logo_outside_the_theme_and_a_toml_syntax_error_are_refused(tmp_path):
    theme = tmp_path / "theme"
    theme.mkdir()
    (tmp_path / "elsewhere.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (theme / "theme.toml").write_text('logo = "../elsewhere.svg"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"logo: '../elsewhere.svg' is outside the theme"):
        load_theme(theme, ["en"])
    (theme / "theme.toml").write_text("logo = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"theme.toml: not a valid TOML file: .*line 1"):
        load_theme(theme, ["en"])


def test_a_theme_listing_an_area_twice_is_refused(tmp_path):
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "theme.toml").write_text('area_order = ["history", "history"]\n', encoding="utf-8")
    with pytest.raises(
        ConfigError, match=r"area_order: 'history' is listed twice \(first at \[0\]\)"
    ):
        load_theme(theme, ["en"])


def test_the_margin_rules_of_docs_themes_move_every_language_s_text(tmp_path):
    """The snippet docs/themes.md gives for margins, as written, reaches every named page."""
    docs = (Path(__file__).parents[1] / "docs" / "themes.md").read_text(encoding="utf-8")
    snippet = docs.split("#### Margins: the named pages")[1].split("```css\n")[1].split("```")[0]
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "extra.css").write_text(snippet.replace("25mm", "40mm"), encoding="utf-8")
    summit = write_summit(tmp_path, MINIMAL)
    options = BuildOptions(
        out=tmp_path / "out", languages=("en", "ko", "ja"), pairs=(("ko", "ja"),)
    )
    for artifact in build([summit], options, open_press(theme=theme)):
        with pdfplumber.open(artifact.path) as pdf:
            page = pdf.pages[0]
            left = min(char["x0"] for char in page.chars)
            right = max(char["x1"] for char in page.chars)
        # 40 mm is 113.4 pt; nothing the banners or the body print comes nearer the edge
        assert left >= 113, (artifact.path.name, left)
        assert right <= page.width - 113, (artifact.path.name, right)


def test_a_theme_without_theme_toml_and_the_built_in_look(tmp_path):
    assert load_theme(None, ["en"]).directory is None
    assert load_theme(tmp_path, ["en"]).name == tmp_path.name
    style = open_press(theme=SAMPLE_THEME, paper="letter").style
    assert style.theme.directory == SAMPLE_THEME.resolve()
    assert style.date_style == "era"  # the theme's choice…
    assert open_press(theme=SAMPLE_THEME, date_style="gregorian").style.date_style == "gregorian"
    assert style.page_size == "letter"


def test_a_theme_edit_and_each_look_option_change_the_input_hash(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(SAMPLE_THEME, theme)
    [edition] = plan(load_summit(SAMPLE), ["en"], [])
    options = BuildOptions(out=tmp_path / "out")
    keys = {input_hash(edition, open_press(theme=theme), options)}
    extra = theme / "extra.css"
    extra.write_text(extra.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    keys.add(input_hash(edition, open_press(theme=theme), options))
    for change in ({"paper": "letter"}, {"print_marks": True}, {"date_style": "gregorian"}):
        keys.add(input_hash(edition, open_press(theme=theme, **change), options))
    keys.add(input_hash(edition, open_press(), options))
    assert len(keys) == 6


def test_a_theme_edit_rebuilds_and_nothing_else_does(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(SAMPLE_THEME, theme)
    source = write_summit(tmp_path, MINIMAL)
    options = BuildOptions(out=tmp_path / "out", format="html", languages=("en",))
    assert not build([source], options, open_press(theme=theme))[0].skipped
    assert build([source], options, open_press(theme=theme))[0].skipped
    (theme / "logo.svg").write_text(
        (theme / "logo.svg").read_text(encoding="utf-8").replace("#0b4f45", "#000000")
    )
    assert not build([source], options, open_press(theme=theme))[0].skipped


def test_builds_with_a_theme_in_two_places_are_byte_identical(tmp_path):
    made = []
    for name in ("a", "b"):
        theme = tmp_path / name / "theme"
        shutil.copytree(SAMPLE_THEME, theme)
        options = BuildOptions(out=tmp_path / name / "out", languages=("ko",))
        made.append(build([SAMPLE], options, open_press(theme=theme))[0].path.read_bytes())
    assert made[0] == made[1]


def test_cli_look_options_reach_the_pdf(tmp_path):
    result = CliRunner().invoke(
        main,
        ["build", "--lang", "ja", "--theme", str(SAMPLE_THEME), "--paper", "letter",
         "--date-style", "gregorian", "--out", str(tmp_path)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    path = tmp_path / "nara-2026" / "nara-2026.ja.pdf"
    with pdfplumber.open(path) as pdf:
        assert (round(pdf.pages[0].width), round(pdf.pages[0].height)) == (612, 792)
    first = read_pdf(path).pages[0]
    assert "サンプル外務省" in first and "日時 2026年1月13日" in first
    result = CliRunner().invoke(main, ["build", "--paper", "a5"])
    assert result.exit_code == 2 and "'a5' is not one of 'a4', 'letter'" in result.stderr


CONVENTIONS = """
[conventions.ko]
date = "long"
page_numbers = "total"
parentheses = "spaced"
numbering = "parenthesized"
[conventions.ja]
page_numbers = "of"
numbering = "period"
"""


def test_a_theme_changes_each_language_s_conventions(tmp_path, sample_pdf):
    # The built-in look: each language's usual conventions.
    ko, ja = sample_pdf("ko"), sample_pdf("ja")
    assert "2026. 1. 13.(화)" in ko.text and "이재명 대통령(한국)" in ko.text
    assert "- 1 -" in ko.pages[0] and "- 2 -" in ja.pages[1]
    assert "（1） 両国" in ja.text or "（1）両国" in ja.text
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "theme.toml").write_text(CONVENTIONS, encoding="utf-8")
    options = BuildOptions(out=tmp_path / "out", languages=("ko", "ja"))
    ko_path, ja_path = (a.path for a in build([SAMPLE], options, open_press(theme=theme)))
    ko, ja = read_pdf(ko_path), read_pdf(ja_path)
    count = len(ko.pages)
    assert "2026년 1월 13일" in ko.text and "이재명 대통령 (한국)" in ko.text
    assert f"{count}-1" in ko.pages[0] and f"{count}-2" in ko.pages[1]
    assert "(1) 양국" in ko.text
    assert f"1 / {len(ja.pages)}" in ja.pages[0]
    assert "1. 両国" in ja.text
