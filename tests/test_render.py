"""Rendering: text from data and catalogs reaches the page as text; fallbacks are marked."""

from __future__ import annotations

import pytest

from summitbrief import BuildOptions, build, open_press
from summitbrief.errors import RenderError
from summitbrief.planner import plan
from summitbrief.render.html import render_html

from helpers import (
    MINIMAL,
    copied_locales,
    default_press,
    edit_catalog,
    load_summit,
    read_pdf,
    write_summit,
)

MARKUP = '<b>bold</b> & "quoted" <script>x</script>'


def test_markup_in_data_prints_literally(tmp_path):
    text = MINIMAL.replace("summary: {en: Summary text.,", f"summary: {{en: '{MARKUP}',")
    source = write_summit(tmp_path, text)
    [artifact] = build(
        [source], BuildOptions(out=tmp_path / "out", languages=("en",)), default_press()
    )
    assert MARKUP in read_pdf(artifact.path).text
    html = render_html(plan(load_summit(source), ["en"])[0], default_press())
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &#34;quoted&#34; &lt;script&gt;" in html
    assert "<script>" not in html


def test_markup_in_a_translation_is_not_rendered_the_source_is(tmp_path):
    locales = copied_locales(tmp_path)
    edit_catalog(locales, "ko", 'msgstr "핵심 요약"', 'msgstr "<i>요약</i> &"')
    edition = plan(load_summit(write_summit(tmp_path, MINIMAL)), ["ko"])[0]
    html = render_html(edition, open_press(locales=locales))
    # A translation with markup is broken: the English source is printed, marked.
    assert '<span class="untranslated" lang="en">Bottom line</span>' in html
    assert "요약</i>" not in html and "<i>" not in html


def test_translator_edit_shows_at_next_render_without_compiling(tmp_path):
    locales = copied_locales(tmp_path)
    edition = plan(load_summit(write_summit(tmp_path, MINIMAL)), ["ja"])[0]
    assert "要旨" in render_html(edition, open_press(locales=locales))
    edit_catalog(locales, "ja", 'msgstr "要旨"', 'msgstr "概要"')
    assert "概要" in render_html(edition, open_press(locales=locales))
    assert not list(locales.rglob("*.mo"))


def test_missing_translation_shows_source_text_marked_and_warns(tmp_path):
    text = MINIMAL.replace("ko: 요약 문장., ", "")
    source = write_summit(tmp_path, text)
    [artifact] = build(
        [source], BuildOptions(out=tmp_path / "out", languages=("ko",)), default_press()
    )
    assert artifact.warnings == ("summary: missing translation (shows the en text)",)
    page = read_pdf(artifact.path).text
    assert "[en] Summary text." in page


def test_strict_build_with_missing_translation_fails_and_writes_nothing(tmp_path):
    text = MINIMAL.replace("ko: 요약 문장., ", "").replace("ja: 成果の文。", "")
    source = write_summit(tmp_path, text)
    out = tmp_path / "out"
    with pytest.raises(RenderError) as raised:
        build([source], BuildOptions(out=out, strict=True), default_press())
    message = str(raised.value)
    assert "test-summit.ko: summary: missing translation" in message
    assert "test-summit.ja: outcomes[0].text: missing translation" in message
    assert not out.exists()


def test_plain_string_text_is_source_language_only(tmp_path):
    text = MINIMAL.replace(
        "summary: {en: Summary text., ko: 요약 문장., ja: 要旨の文。}", "summary: Plain."
    )
    summit = load_summit(write_summit(tmp_path, text))
    assert summit.summary == {"en": "Plain."}


def test_blank_line_starts_a_new_paragraph_and_cjk_lines_join_without_space(tmp_path):
    text = MINIMAL.replace(
        "summary: {en: Summary text., ko: 요약 문장., ja: 要旨の文。}",
        'summary:\n  en: "First line\\nsame paragraph.\\n\\nSecond paragraph."\n'
        '  ko: 요약.\n  ja: "日本語の\\n文です。"',
    )
    summit = load_summit(write_summit(tmp_path, text))
    en = render_html(plan(summit, ["en"])[0], default_press())
    assert "<p>First line same paragraph.</p>" in en
    assert "<p>Second paragraph.</p>" in en
    assert "<p>日本語の文です。</p>" in render_html(plan(summit, ["ja"])[0], default_press())


def test_fallback_names_the_language_actually_shown(tmp_path):
    text = MINIMAL.replace(
        "summary: {en: Summary text., ko: 요약 문장., ja: 要旨の文。}", "summary: {ko: 요약 문장.}"
    )
    source = write_summit(tmp_path, text)
    [edition] = plan(load_summit(source), ["ja"])
    assert edition.warnings == ("summary: missing translation (shows the ko text)",)
    assert '<span class="untranslated" lang="ko">요약 문장.</span>' in render_html(
        edition, default_press()
    )


def test_follow_ups_are_sorted_by_due_date_and_undated_last(tmp_path):
    actions = """\
    actions:
      - {owner: {en: Owner B}, text: {en: Later.}, due: 2026-09-30}
      - {owner: {en: Owner C}, text: {en: Undated.}}
      - {owner: {en: Owner A}, text: {en: Sooner.}, due: 2026-04-01}
"""
    source = write_summit(tmp_path, MINIMAL + actions)
    [artifact] = build(
        [source], BuildOptions(out=tmp_path / "out", languages=("en",)), default_press()
    )
    text = read_pdf(artifact.path).text
    assert text.index("Owner A") < text.index("Owner B") < text.index("Owner C")
    assert "April 1, 2026" in text
    assert "no date set" in text


def test_due_column_is_left_out_when_no_action_has_a_date(sample_pdf):
    text = sample_pdf("en").text
    assert "Follow-up actions" in text
    assert "no date set" not in text
    assert "Due" not in text


@pytest.mark.broken_catalog
def test_a_broken_placeholder_in_a_translation_prints_the_source_and_is_reported(tmp_path):
    from summitbrief.builder.make import catalog_warnings

    locales = copied_locales(tmp_path)
    edit_catalog(locales, "ko", 'msgstr "%(country)s %(city)s"', 'msgstr "%(nation)s %(city)s"')
    edition = plan(load_summit(write_summit(tmp_path, MINIMAL)), ["ko"])[0]
    press = open_press(locales=locales)
    html = render_html(edition, press)
    assert '<span class="untranslated" lang="en">서울, 한국</span>' in html
    [missing, extra] = catalog_warnings(edition, press)
    assert "ko/LC_MESSAGES/messages.po:" in missing
    assert "'%(city)s, %(country)s': placeholder %(country)s is missing" in missing
    assert "placeholder %(nation)s is not in the source text (printed in English)" in extra
