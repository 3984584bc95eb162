"""Translators never lose work (issue 14): what Poedit, msgfmt and pofilter users meet.

Every .po/.pot file a test here writes goes through ``msgfmt -c`` (GNU gettext)
and translate-toolkit's reader: the project's files must open in the tools
translators already use, whatever the length of a text and however often it
is reworded.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest

from summitbrief.builder.make import catalog_warnings, make_artifact
from summitbrief.builder.options import BuildOptions
from summitbrief.catalogs import check_catalog, check_content, pofile
from summitbrief.catalogs.init import new_catalog
from summitbrief.catalogs.pofile import parse
from summitbrief.i18n import Gettext, read_catalog
from summitbrief.loader import load_source
from summitbrief.paths import catalog_path
from summitbrief.planner import plan
from summitbrief.press import open_press
from summitbrief.render.environment import template_environment
from summitbrief.render.html import render_html
from summitbrief.resources import LOCALES, SAMPLE, samples
from summitbrief.validation import translation_findings

from helpers import assert_gettext_reads, default_press, load_summit, run_cli

REGISTRY = (LOCALES / "languages.toml").read_text(encoding="utf-8")
LONG = (
    "The leaders agreed on the need for comprehensive cooperation in economic security, "
    "science and technology, and international norms, and launched discussions between the "
    "relevant authorities of both countries, to report to the next summit meeting in Seoul."
)
assert len(LONG) > 200


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """templates/ with one long string and a plural one, and locales/ with en, ko, ja."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "memo.html.j2").write_text(
        textwrap.dedent(
            f"""\
            <p>{{% trans %}}{LONG}{{% endtrans %}}</p>
            <p>{{% trans count=n %}}{{{{ count }}}} outcome is listed{{% pluralize %}}{{{{ count }}}} outcomes are listed{{% endtrans %}}</p>
            <p>{{% trans name=name %}}Met {{{{ name }}}}{{% endtrans %}}</p>
            """  # noqa: E501
        ),
        encoding="utf-8",
    )
    locales = tmp_path / "locales"
    locales.mkdir()
    (locales / "languages.toml").write_text(REGISTRY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert i18n("extract").exit_code == 0
    template = pofile.read(locales / "messages.pot").catalog
    for tag in ("en", "ko", "ja"):
        po_path(tag).parent.mkdir(parents=True)
        pofile.write(po_path(tag), pofile.render(new_catalog(template, tag, tag)))
    return tmp_path


def i18n(*args: str):
    return run_cli("i18n", *args, "--templates", "templates", "--locales", "locales")


def po_path(lang: str) -> Path:
    return Path(f"locales/{lang}/LC_MESSAGES/messages.po")


def edit_po(lang: str, old: str, new: str) -> None:
    path = po_path(lang)
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- 1. valid for GNU gettext, whatever the length --------------------------------------


def test_a_long_interface_string_reworded_twice_stays_valid_for_gettext(project):
    edit_po("ja", f'msgid "{LONG}"\nmsgstr ""', f'msgid "{LONG}"\nmsgstr "両首脳は一致した。"')
    memo = Path("templates/memo.html.j2")
    first = LONG.replace("in Seoul", "in Seoul, Korea")
    second = first.replace("comprehensive", "broad and comprehensive")
    for old, new in ((LONG, first), (first, second)):
        memo.write_text(memo.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        assert i18n("extract").exit_code == 0
        assert i18n("update").exit_code == 0
        for path in (Path("locales/messages.pot"), *map(po_path, ("en", "ko", "ja"))):
            assert_gettext_reads(path)
    catalog = pofile.read(po_path("ja"), "ja").catalog
    message = catalog.get(second)
    assert message.fuzzy and message.string == "両首脳は一致した。"
    # Poedit's "previous source text" is the whole first rewording, on one line.
    assert message.previous_id == [first]
    assert f'#| msgid "{first}"\n' in po_path("ja").read_text(encoding="utf-8")
    again = i18n("update")
    assert "ja: unchanged" in again.stdout


def test_new_catalogs_take_their_plural_forms_from_the_locale(project):
    for tag, forms in (("ru", 3), ("pl", 3), ("zh-Hans", 1), ("vi", 1)):
        assert run_cli("i18n", "init", tag, "--locales", "locales").exit_code == 0
        path = po_path(tag)
        assert_gettext_reads(path)
        text = path.read_text(encoding="utf-8")
        assert f'"Plural-Forms: nplurals={forms};' in text
        assert text.count("msgstr[") == forms
        assert "EMAIL@ADDRESS" not in text and "FULL NAME" not in text
    pot = Path("locales/messages.pot").read_text(encoding="utf-8")
    assert "EMAIL@ADDRESS" not in pot and "YEAR-MO-DA" not in pot


# --- 8. Poedit round trips -------------------------------------------------------------


def test_update_keeps_poedit_headers_and_crlf_line_endings(project):
    path = po_path("ko")
    text = path.read_text(encoding="utf-8").replace(
        '"Content-Transfer-Encoding: 8bit\\n"\n',
        '"Content-Transfer-Encoding: 8bit\\n"\n"X-Generator: Poedit 3.5\\n"\n'
        '"X-Poedit-SourceCharset: UTF-8\\n"\n',
    )
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    memo = Path("templates/memo.html.j2")
    memo.write_text(memo.read_text(encoding="utf-8").replace("Met", "Meets"), encoding="utf-8")
    assert i18n("extract").exit_code == 0
    assert i18n("update").exit_code == 0
    data = path.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n")
    assert b'"X-Generator: Poedit 3.5\\n"\r\n"X-Poedit-SourceCharset: UTF-8\\n"\r\n' in data
    assert b"Meets %(name)s" in data
    assert_gettext_reads(path)
    assert "unchanged" in i18n("update").stdout


def test_a_catalog_with_a_byte_order_mark_is_read_at_the_right_lines(project):
    path = po_path("ko")
    text = path.read_text(encoding="utf-8").replace(
        'msgid "Met %(name)s"\nmsgstr ""', 'msgid "Met %(name)s"\nmsgstr "%(name)s、회담"'
    )
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    line = text.splitlines().index('msgid "Met %(name)s"') + 1
    result = i18n("check")
    assert result.exit_code == 1
    assert f"locales/ko/LC_MESSAGES/messages.po:{line}: 'Met %(name)s'" in result.stderr
    assert i18n("update").exit_code == 0
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert_gettext_reads(path)


# --- 4. strict parsing, every finding --------------------------------------------------


@pytest.mark.broken_catalog
def test_broken_syntax_is_reported_at_each_line_and_masks_nothing(project):
    path = po_path("ko")
    text = path.read_text(encoding="utf-8")
    text = text.replace('msgid "Met %(name)s"\nmsgstr ""', 'msgid "Met %(name)s"\nmsgstr "배경')
    text = text.replace(
        'msgstr[0] ""', 'msgstr[0] "%(count)s건"\nmsgstr[1] "%(count)s건"'
    )  # ko has one plural form
    text += '\nmsgid "Met %(name)s"\nmsgstr "\\q 만남"\n'
    text += '\nmsgid "Extra"\nmsgstr "%(x)s는 <b>x</b>"\n'
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    result = i18n("check")
    assert result.exit_code == 1
    errors = [row for row in result.stderr.splitlines() if row.startswith("error: ")]
    name = "locales/ko/LC_MESSAGES/messages.po"
    expected = [
        (lines.index('msgstr "배경') + 1, "unterminated string"),
        (lines.index('msgstr[1] "%(count)s건"') - 1 + 1, "2 plural forms"),
        (len(lines) - 4, "duplicate message definition"),
        (len(lines) - 3, "invalid escape \\q"),
        (len(lines) - 1, "HTML or markup"),
        (len(lines) - 1, "particle 는 after a placeholder"),
    ]
    for line, what in expected:
        assert any(row.startswith(f"error: {name}:{line}: ") and what in row for row in errors), (
            line,
            what,
            result.stderr,
        )


def test_strict_check_lists_each_fuzzy_and_untranslated_message(project):
    edit_po("ja", '#, python-format\nmsgid "Met', '#, fuzzy, python-format\nmsgid "Met')
    edit_po(
        "ja", 'msgid "Met %(name)s"\nmsgstr ""', 'msgid "Met %(name)s"\nmsgstr "%(name)sと会談"'
    )
    result = i18n("check", "--strict")
    assert result.exit_code == 1
    assert "'Met %(name)s': fuzzy: needs review" in result.stderr
    assert f"{LONG!r}: untranslated" in result.stderr


# --- 7. plurals ------------------------------------------------------------------------


@pytest.mark.broken_catalog
def test_an_untranslated_plural_prints_the_english_plural_and_is_flagged(project):
    env = template_environment(Path("templates"))
    catalog = read_catalog(Path("locales"), "ko", "ko_KR")
    gettext = Gettext(catalog.translations, "ko", catalog.broken)
    template = env.get_template("memo.html.j2")
    page = template.render(n=36, name="x", **gettext.callables())
    assert "36 outcomes are listed" in page
    assert "36 outcome is listed" not in page
    edit_po("ja", 'msgstr[0] ""', 'msgstr[0] "%(count)s件"')
    assert i18n("check").exit_code == 0
    assert run_cli("i18n", "init", "ru", "--locales", "locales").exit_code == 0
    edit_po("ru", 'msgstr[0] ""', 'msgstr[0] "%(count)s итог"')
    result = i18n("check")
    assert "msgstr[1], msgstr[2] empty: those counts would print the English form" in (
        result.stderr
    )


# --- 6. Korean particles ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [("이재명", "이재명은 참석했다"), ("다카이치 사나에", "다카이치 사나에는 참석했다")],
)
def test_a_korean_particle_takes_the_form_of_the_name_before_it(project, name, expected):
    edit_po(
        "ko",
        'msgid "Met %(name)s"\nmsgstr ""',
        'msgid "Met %(name)s"\nmsgstr "%(name)s(은)는 참석했다"',
    )
    assert i18n("check").exit_code == 0
    catalog = read_catalog(Path("locales"), "ko", "ko_KR")
    gettext = Gettext(catalog.translations, "ko", catalog.broken)
    assert gettext.gettext("Met %(name)s", name=name) == expected


# --- 5. strict builds gate, draft builds mark ------------------------------------------


@pytest.fixture
def broken_locales(tmp_path: Path) -> Path:
    """The project's catalogs with a dropped placeholder and an English status label in ko."""
    locales = tmp_path / "broken-locales"
    shutil.copytree(LOCALES, locales)
    path = catalog_path(locales, "ko")
    text = path.read_text(encoding="utf-8")
    text = text.replace('msgstr "원문: %(languages)s"', 'msgstr "원문"')
    text = text.replace('msgid "agreed"\nmsgstr "합의"', 'msgid "agreed"\nmsgstr "Agreed"')
    path.write_text(text, encoding="utf-8")
    return locales


def sample_edition(lang: str):
    source, summit = load_source(SAMPLE, default_press().languages)
    [edition] = plan(summit, [lang], source=source)
    return edition


@pytest.mark.broken_catalog
def test_a_strict_build_refuses_broken_catalogs_with_every_finding(
    broken_locales, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    found = translation_findings([sample_edition("ko")], open_press(locales=broken_locales))
    report = "\n".join(found)
    assert "messages.po:" in report
    assert "'Original: %(languages)s': placeholder %(languages)s is missing" in report
    assert "'agreed' [status]: no Korean or Japanese in it: left in English?" in report
    assert translation_findings([sample_edition("ko")], default_press()) == []
    Path("nara.yaml").write_bytes(SAMPLE.read_bytes())
    result = run_cli(
        "build", "--strict", "--lang", "ko", "--locales", str(broken_locales), "nara.yaml"
    )
    assert result.exit_code == 1
    assert "placeholder %(languages)s is missing" in result.stderr
    assert not Path("output").exists()


@pytest.mark.broken_catalog
def test_a_draft_memo_prints_a_broken_message_in_english_marked(broken_locales, tmp_path):
    from helpers import read_pdf

    press = open_press(locales=broken_locales)
    edition = sample_edition("ko")
    html = render_html(edition, press)
    # the English message, filled with the language's name in Korean
    assert '<span class="untranslated" lang="en">Original: 영어</span>' in html
    artifact = make_artifact(edition, press, BuildOptions(out=tmp_path / "out"))
    [warning] = [w for w in artifact.warnings if "messages.po:" in w]
    assert "placeholder %(languages)s" in warning and warning.endswith("(printed in English)")
    assert catalog_warnings(edition, press) == (warning,)
    pdf = tmp_path / "draft.pdf"
    pdf.write_bytes(artifact.data)
    text = read_pdf(pdf).text
    assert "Original: 영어" in text
    assert "Agreed" in text  # a style finding, not a breaking one: printed as translated


def test_validate_strict_checks_the_texts_with_the_catalog_rules(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "ja: 日韓首脳会談（奈良）", "ja: 新政権,初の首脳 会談."
    )
    Path("nara.yaml").write_text(text, encoding="utf-8")
    assert run_cli("validate", "nara.yaml").exit_code == 0
    result = run_cli("validate", "--strict", "nara.yaml")
    assert result.exit_code == 1
    line = text.splitlines().index("  ja: 新政権,初の首脳 会談.") + 1
    for what in ("Japanese uses full-width 、 and 。", "no space between Japanese characters"):
        assert f"error: nara.yaml:{line}: title: {what}" in result.stderr


# --- the injected translator errors ----------------------------------------------------

# (language, source, translation, rule expected, context): one translator error each.
INJECTED = [
    ("ja", "%(city)s, %(country)s", "%(city)s・%(nation)s", "placeholders", None),
    ("ko", "Original: %(languages)s", "원문", "placeholders", None),
    ("ko", "Briefing memo", "{name} 보고", "placeholders", None),
    ("ko", "Briefing memo", "50% 보고", "python-format", None),
    ("ko", "Briefing memo", "%s 보고", "python-format", None),
    ("ko", "Original: %(languages)s", "원문: %(languages)999999s", "python-format", None),
    ("ko", "Briefing memo", "<b>보고</b>", "markup", None),
    ("ko", "Briefing memo", "보고&nbsp;서", "markup", None),
    ("ko", "Briefing memo", "{{ memo }} 보고", "markup", None),
    ("ko", "Briefing memo", " 보고", "whitespace", None),
    ("ko", "Briefing memo", "보고 ", "whitespace", None),
    ("ja", "Follow-up actions", "会談結果, 報告", "punctuation", None),
    ("ja", "Follow-up actions", "会談結果報告.", "punctuation", None),
    ("ja", "%(city)s, %(country)s", "%(country)s,%(city)s", "punctuation", None),
    ("ja", "Quotes", "「発言」,主な発言", "punctuation", None),
    ("ja", "Follow-up actions", "会談 結果報告", "spacing", None),
    ("ja", "%(office)s %(name)s", "%(name)s %(office)s", "spacing", None),
    ("ja", "Follow-up actions", "会談結果(期限)", "punctuation", None),
    ("ko", "Briefing memo", "회담 결과、보고", "punctuation", None),
    ("ko", "Briefing memo", "회담 결과 보고。", "punctuation", None),
    ("ja", "Outcomes", "ＡＩの成果", "width", None),
    ("ko", "Outcomes", "２０２６년 성과", "width", None),
    ("ja", "Outcomes", "ｾｲｶ", "width", None),
    ("ja", "Quotes", "“主な発言”", "quotes", None),
    ("ja", "both sides agreed", "双方が一致しました", "register", None),
    ("ja", "both sides agreed", "双方が一致です。", "register", None),
    ("ko", "both sides agreed", "양측이 합의했습니다.", "register", None),
    ("ko", "agreed", "Agreed", "untranslated", "status"),
    ("ja", "economic-security", "economic-security", "untranslated", "area"),
    ("en", "economic-security", "economic-security", "untranslated", "area"),
    ("ja", "Outcomes", "Outcomes", "untranslated", None),
    ("ko", "%(office)s %(name)s", "%(name)s는 %(office)s", "particles", None),
    ("ko", "%(office)s %(name)s", "%(name)s가 %(office)s", "particles", None),
    ("ko", "%(office)s %(name)s", "%(name)s를 %(office)s", "particles", None),
    ("ja", "Outcomes", "主な成果。追加の説明。", "sentences", None),
]


@pytest.fixture
def catalogs_copy(tmp_path: Path) -> Path:
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales)
    return locales


@pytest.mark.broken_catalog
@pytest.mark.parametrize(("lang", "msgid", "msgstr", "rule", "context"), INJECTED)
def test_each_injected_translator_error_is_caught_at_its_line(
    catalogs_copy, lang, msgid, msgstr, rule, context
):
    path = catalog_path(catalogs_copy, lang)
    text = path.read_text(encoding="utf-8")
    head = (f'msgctxt "{context}"\n' if context else "") + f'msgid "{msgid}"\nmsgstr "'
    start = text.index(head) + len(head)
    end = text.index('"\n', start)
    text = text[:start] + msgstr.replace('"', '\\"') + text[end:]
    path.write_text(text, encoding="utf-8")
    line = text[:start].count("\n")  # the msgid's line, above the msgstr
    findings = check_catalog(path, lang)
    assert [f.rule for f in findings if f.line == line and f.msgid == msgid].count(rule) >= 1, [
        str(f) for f in findings
    ]


CONTENT_INJECTED = [
    ("ja", "title", "新政権,初の首脳 会談.", "punctuation"),
    ("ja", "title", "日韓首脳会談（奈良） 追加", "spacing"),
    ("ja", "location.city", "ＮＡＲＡ", "width"),
    ("ja", "summary", "両首脳は会談しました。", "register"),
    ("ko", "title", "양 정상은 회담했습니다.", "register"),
    (
        "ja",
        "outcomes[0].text",
        "今次訪問により、シャトル外交が継続された。追加。追加。追加。",
        "sentences",
    ),
    ("ko", "title", "<b>한일 정상회담</b>", "markup"),
    ("ko", "quotes[0].text", "「한일 협력」은 시급한 과제입니다.", "quotes"),
]


@pytest.mark.parametrize(("lang", "path", "text", "rule"), CONTENT_INJECTED)
def test_each_injected_error_in_memo_content_is_caught(tmp_path, lang, path, text, rule):
    summit = load_summit(SAMPLE)
    texts = dict(summit.texts())
    original = texts[path][lang]
    source = SAMPLE.read_text(encoding="utf-8")
    first = source.index(f"{lang}: {original}" if "\n" not in original else original)
    copy = tmp_path / "nara.yaml"
    copy.write_text(
        source[:first] + f"{lang}: {text}" + source[first + len(f"{lang}: {original}") :],
        encoding="utf-8",
    )
    findings = check_content(load_summit(copy), copy, lang)
    line = source[:first].count("\n") + 1
    assert any(f.rule == rule and f.line == line and f.context == path for f in findings), [
        str(f) for f in findings
    ]


def test_the_injected_errors_are_more_than_thirty():
    assert len(INJECTED) + len(CONTENT_INJECTED) >= 30


def test_the_project_catalogs_and_the_sample_pass_every_rule():
    for lang in ("en", "ko", "ja"):
        assert check_catalog(catalog_path(LOCALES, lang), lang, strict=True) == []
        assert_gettext_reads(catalog_path(LOCALES, lang))
    assert_gettext_reads(LOCALES / "messages.pot")
    for path in samples():
        summit = load_summit(path)
        assert [f for lang in ("ko", "ja") for f in check_content(summit, path, lang)] == []


def test_every_sample_round_trips_through_po_files_with_nested_items_named(tmp_path):
    for path in samples():
        copy = tmp_path / path.name
        copy.write_bytes(path.read_bytes())
        po = tmp_path / f"{path.stem}.ko.po"
        assert run_cli("i18n", "export", str(copy), "--lang", "ko", "-o", str(po)).exit_code == 0
        assert run_cli("i18n", "import", str(po), str(copy)).exit_code == 0
        assert copy.read_bytes() == path.read_bytes()
        contexts = [m.context for m in pofile.read(po, "ko").catalog if m.id]
        assert len(contexts) == len(set(contexts))
        assert not any(re.search(r"\[\d\]", c) for c in contexts if "members" in c)
    assert parse(b"", "empty.po").problems == ()
