"""`summitbrief i18n extract|update|check|compile|init` as a translator or CI runs them."""

from __future__ import annotations

import gettext
import json
import re
import shutil
import textwrap
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from jinja2.ext import InternationalizationExtension

from summitbrief import cli
from summitbrief.catalogs import extract_messages, extraction_options, write_template
from summitbrief.languages import Language, read_languages
from summitbrief.loader import parse
from summitbrief.paths import catalog_path
from summitbrief.planner import plan
from summitbrief.press import open_press
from summitbrief.render import html as render
from summitbrief.resources import LOCALES, SAMPLE
from summitbrief.resources import TEMPLATES as PROJECT_TEMPLATES

from helpers import MINIMAL, default_press, load_summit, run_cli

LANGUAGES = list(default_press().languages)

# A small project: two templates, one catalog per language with a few strings.
TEMPLATES = {
    "memo.html.j2": """\
        <h1>{% trans %}Briefing memo{% endtrans %}</h1>
        {# Translators: the city, then the country #}
        <p>{% trans city=city, country=country %}{{ city }}, {{ country }}{% endtrans %}</p>
        {% include "part.html.j2" %}
        """,
    "part.html.j2": """\
        <p>{{ pgettext("button", "Save") }}</p>
        <p>{% trans %}
          Follow-up
          actions
        {% endtrans %}</p>
        """,
}
REGISTRY = """\
[en]
locale = "en_US"
name = "English"
fonts = ["Noto Serif"]

[ko]
locale = "ko_KR"
name = "한국어"
fonts = ["Noto Serif CJK KR"]

[ja]
locale = "ja_JP"
name = "日本語"
fonts = ["Noto Serif CJK JP"]
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checkout-like directory with templates/ and locales/ (cwd, so paths print short)."""
    templates = tmp_path / "templates"
    templates.mkdir()
    for name, text in TEMPLATES.items():
        (templates / name).write_text(textwrap.dedent(text), encoding="utf-8")
    locales = tmp_path / "locales"
    locales.mkdir()
    (locales / "languages.toml").write_text(REGISTRY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def i18n(*args: str):
    return run_cli("i18n", *args, "--templates", "templates", "--locales", "locales")


def po(lang: str) -> str:
    return Path(f"locales/{lang}/LC_MESSAGES/messages.po").read_text(encoding="utf-8")


def write_po(lang: str, text: str) -> None:
    path = Path(f"locales/{lang}/LC_MESSAGES/messages.po")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def read_catalog(lang: str):
    with Path(f"locales/{lang}/LC_MESSAGES/messages.po").open("rb") as file:
        return read_po(file)


def start_catalogs(project: Path) -> None:
    """Extract, start each language from the template, translate ja."""
    assert i18n("extract").exit_code == 0
    pot = Path("locales/messages.pot").read_text(encoding="utf-8")
    for lang in ("en", "ko", "ja"):
        write_po(lang, pot.replace('"Language: \\n"', f'"Language: {lang}\\n"'))
    translate("ja", {"Briefing memo": "会談結果報告", "Save": "保存"})


def translate(lang: str, strings: dict[str, str]) -> None:
    text = po(lang)
    for msgid, msgstr in strings.items():
        text = text.replace(f'msgid "{msgid}"\nmsgstr ""', f'msgid "{msgid}"\nmsgstr "{msgstr}"')
    write_po(lang, text)


# --- extract ---------------------------------------------------------------------------


def test_extraction_options_are_read_from_the_runtime_environment():
    env = default_press().environment
    options = extraction_options(env)
    assert options["silent"] == "false"
    assert options["trimmed"] == ("true" if env.policies["ext.i18n.trimmed"] else "false")
    assert options["newstyle_gettext"] == ("true" if env.newstyle_gettext else "false")
    assert options["trim_blocks"] == str(env.trim_blocks).lower()
    assert options["lstrip_blocks"] == str(env.lstrip_blocks).lower()
    assert "jinja2.ext.InternationalizationExtension" in options["extensions"].split(",")
    assert InternationalizationExtension in {type(e) for e in env.extensions.values()}


def test_every_message_the_sample_looks_up_is_extracted_from_the_project_templates(monkeypatch):
    looked_up: set[tuple[str | None, str]] = set()

    class Recorder:
        def __init__(self, translations):
            self.translations = translations

        def gettext(self, message):
            looked_up.add((None, message))
            return self.translations.gettext(message)

        def ngettext(self, singular, plural, n):
            looked_up.add((None, singular))
            return self.translations.ngettext(singular, plural, n)

        def pgettext(self, context, message):
            looked_up.add((context, message))
            return self.translations.pgettext(context, message)

        def npgettext(self, context, singular, plural, n):
            looked_up.add((context, singular))
            return self.translations.npgettext(context, singular, plural, n)

    original = render.Gettext
    monkeypatch.setattr(
        render, "Gettext", lambda tr, lang, *rest: original(Recorder(tr), lang, *rest)
    )
    for edition in plan(load_summit(SAMPLE)):
        render.render_html(edition, default_press())
    template = extract_messages(PROJECT_TEMPLATES)
    assert len(looked_up) > 30
    missing = [key for key in looked_up if template.get(key[1], context=key[0]) is None]
    assert not missing


def test_extract_writes_a_sorted_template_with_contexts_comments_and_label_keys(project):
    result = i18n("extract")
    assert result.exit_code == 0, result.output
    pot = Path("locales/messages.pot").read_text(encoding="utf-8")
    count = len([m for m in read_po(pot.splitlines()) if m.id])
    assert result.stdout == f"wrote locales/messages.pot ({count} messages)\n"
    assert (
        "#. the city, then the country\n"
        "#: templates/memo.html.j2\n"
        "#, python-format\n"
        'msgid "%(city)s, %(country)s"\n'
    ) in pot
    # trimmed: the whitespace inside the trans block is collapsed, as at run time
    assert 'msgid "Follow-up actions"' in pot
    assert 'msgctxt "button"\nmsgid "Save"' in pot
    assert (
        "#. The classification banner at the top of every memo (classification).\n"
        "#: src/summitbrief/model.py\n"
        'msgctxt "classification"\n'
        'msgid "confidential"\n'
    ) in pot
    assert 'msgctxt "role"\nmsgid "head-of-state"' in pot
    assert not re.search(r"^#: .*:\d+", pot, re.MULTILINE), "no line numbers"
    keys = [(m.context or "", m.id) for m in read_po(pot.splitlines()) if m.id]
    assert keys == sorted(keys)
    assert keys[0] == ("", "%(city)s, %(country)s")


def test_extracting_unchanged_sources_changes_no_byte(project):
    assert i18n("extract").exit_code == 0
    pot = Path("locales/messages.pot")
    before = (pot.read_bytes(), pot.stat().st_mtime_ns)
    again = i18n("extract")
    assert again.exit_code == 0
    assert again.stdout.startswith("unchanged: locales/messages.pot")
    assert (pot.read_bytes(), pot.stat().st_mtime_ns) == before


def test_the_creation_date_moves_only_when_the_messages_do(project):
    import datetime as dt

    locales = project / "locales"
    first = dt.datetime(2026, 1, 1, 9, 30, tzinfo=dt.UTC)
    later = dt.datetime(2026, 2, 1, 9, 30, tzinfo=dt.UTC)
    write_template(extract_messages(project / "templates"), locales, now=first)
    assert not write_template(extract_messages(project / "templates"), locales, now=later).changed
    assert "POT-Creation-Date: 2026-01-01 09:30+0000" in (locales / "messages.pot").read_text()
    (project / "templates" / "new.html.j2").write_text("{% trans %}Sources{% endtrans %}")
    assert write_template(extract_messages(project / "templates"), locales, now=later).changed
    assert "POT-Creation-Date: 2026-02-01 09:30+0000" in (locales / "messages.pot").read_text()


def test_a_template_that_does_not_parse_fails_extraction_with_its_line(project):
    Path("templates/broken.html.j2").write_text("<p>\n{% trans %}Open{% endtranz %}\n")
    result = i18n("extract")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: templates/broken.html.j2:2:1: template: ")
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.output
    assert not Path("locales/messages.pot").exists()


# --- update ----------------------------------------------------------------------------


def test_update_keeps_the_project_translations_and_every_label_key(tmp_path):
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales)
    before = {
        lang: {(m.id, m.context): m.string for m in read_po(catalog_path(locales, lang).open())}
        for lang in LANGUAGES
    }
    result = run_cli("i18n", "extract", "--locales", str(locales))
    assert result.exit_code == 0, result.output
    result = run_cli("i18n", "update", "--locales", str(locales))
    assert result.exit_code == 0, result.output
    for lang in LANGUAGES:
        after = {
            (m.id, m.context): (m.string, m.fuzzy)
            for m in read_po(catalog_path(locales, lang).open())
        }
        for key, string in before[lang].items():
            if key[0]:
                assert after[key] == (string, False), (lang, key)
    ja = catalog_path(locales, "ja").read_text(encoding="utf-8")
    assert 'msgctxt "role"\nmsgid "head-of-state"\nmsgstr "国家元首"' in ja


def test_update_marks_a_changed_source_fuzzy_with_the_previous_msgid(project):
    start_catalogs(project)
    translate("ja", {"Follow-up actions": "フォローアップ事項"})
    part = Path("templates/part.html.j2")
    part.write_text(part.read_text().replace("actions", "action items"))
    assert i18n("extract").exit_code == 0
    result = i18n("update")
    assert result.exit_code == 0
    assert "ja: updated locales/ja/LC_MESSAGES/messages.po (1 fuzzy (source changed))" in (
        result.stdout
    )
    assert (
        "#, fuzzy\n"
        '#| msgid "Follow-up actions"\n'
        'msgid "Follow-up action items"\n'
        'msgstr "フォローアップ事項"\n'
    ) in po("ja")


def test_update_matches_a_changed_source_only_within_its_context(project):
    start_catalogs(project)
    memo = Path("templates/memo.html.j2")
    # "Save" leaves the button context; a similar string with no context must
    # not inherit the button's translation.
    memo.write_text(memo.read_text() + '{{ pgettext("menu", "Save") }}\n')
    part = Path("templates/part.html.j2")
    part.write_text(part.read_text().replace('pgettext("button", "Save")', '_("Saves")'))
    assert i18n("extract").exit_code == 0
    assert i18n("update").exit_code == 0
    catalog = read_catalog("ja")
    assert catalog.get("Saves").string == ""
    assert catalog.get("Save", context="menu").string == ""
    assert [m.string for m in catalog.obsolete.values()] == ["保存"]


def test_update_keeps_obsolete_messages_unless_asked_to_drop_them(project):
    start_catalogs(project)
    memo = Path("templates/memo.html.j2")
    memo.write_text(memo.read_text().replace("Briefing memo", "Memo"))
    assert i18n("extract").exit_code == 0
    result = i18n("update")
    assert "ja: updated locales/ja/LC_MESSAGES/messages.po (1 new, 1 obsolete)" in result.stdout
    assert '#~ msgid "Briefing memo"\n#~ msgstr "会談結果報告"' in po("ja")
    again = i18n("update")
    assert "ja: unchanged locales/ja/LC_MESSAGES/messages.po" in again.stdout
    dropped = i18n("update", "--drop-obsolete")
    assert "ja: updated locales/ja/LC_MESSAGES/messages.po (1 dropped)" in dropped.stdout
    assert "Briefing memo" not in po("ja")


def test_an_obsolete_translation_comes_back_with_its_message(project):
    start_catalogs(project)
    memo = Path("templates/memo.html.j2")
    original = memo.read_text()
    memo.write_text(original.replace("Briefing memo", "Memo"))
    assert i18n("extract").exit_code == 0
    assert i18n("update").exit_code == 0
    assert read_catalog("ja").get("Briefing memo") is None
    assert "Briefing memo" in read_catalog("ja").obsolete
    memo.write_text(original)
    assert i18n("extract").exit_code == 0
    result = i18n("update")
    assert result.exit_code == 0, result.output
    # "Memo" goes obsolete in its turn; "Briefing memo" is back, not new.
    assert "ja: updated locales/ja/LC_MESSAGES/messages.po (1 obsolete)\n" in result.stdout
    catalog = read_catalog("ja")
    assert catalog.get("Briefing memo").string == "会談結果報告"
    assert not catalog.get("Briefing memo").fuzzy
    assert "Briefing memo" not in catalog.obsolete


def test_update_without_a_template_says_to_extract_first(project):
    result = i18n("update")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: no message template locales/messages.pot: run `summitbrief i18n extract` first\n"
    )


def test_update_of_a_language_without_a_catalog_says_to_init_it(project):
    i18n("extract")
    result = i18n("update")
    assert result.exit_code == 1
    assert "run `summitbrief i18n init en`" in result.stderr


# --- check -----------------------------------------------------------------------------


def test_check_on_the_project_catalogs_passes_strict(tmp_path):
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales)
    result = run_cli("i18n", "check", "--strict", "--locales", str(locales))
    assert result.exit_code == 0, result.output
    for lang in LANGUAGES:
        assert re.search(
            rf"^{lang}: \d+ translated, 0 fuzzy, 0 untranslated, 0 obsolete$",
            result.stdout,
            re.MULTILINE,
        )


def test_check_counts_each_language(project):
    start_catalogs(project)
    text = po("ja")
    assert text.count('msgctxt "button"\nmsgid "Save"') == 1
    write_po(
        "ja",
        text.replace('msgctxt "button"\nmsgid "Save"', '#, fuzzy\nmsgctxt "button"\nmsgid "Save"'),
    )
    result = i18n("check")
    assert result.exit_code == 0, result.output
    assert "ja: 1 translated, 1 fuzzy, 39 untranslated, 0 obsolete\n" in result.stdout
    assert "ko: 0 translated, 0 fuzzy, 41 untranslated, 0 obsolete\n" in result.stdout
    strict = i18n("check", "--strict")
    assert strict.exit_code == 1
    assert strict.stderr.endswith("check failed: incomplete: en, ko, ja\n")


ERRORS = [
    (
        "ja",
        "%(city)s, %(country)s",
        "%(city)s・%(nation)s",
        "placeholder %(country)s is missing from the translation",
    ),
    (
        "ja",
        "%(city)s, %(country)s",
        "%(city)s・%(nation)s",
        "placeholder %(nation)s is not in the source text",
    ),
    ("ko", "Briefing memo", "{name} 보고", "placeholder {name} is not in the source text"),
    ("ko", "Briefing memo", "50% 보고", "broken python-format"),
    ("ko", "Briefing memo", "%s 보고", "broken python-format: a positional placeholder"),
    ("ko", "Briefing memo", "<b>보고</b>", "HTML or markup in the translation (<b>)"),
    ("ko", "Briefing memo", "보고&nbsp;서", "HTML or markup in the translation (&nbsp;)"),
    ("ko", "Briefing memo", " 보고", "leading whitespace differs from the source text"),
    ("ko", "Briefing memo", "보고 ", "trailing whitespace differs from the source text"),
    ("ja", "Follow-up actions", "会談結果, 報告", "Japanese uses full-width 、 and 。"),
    ("ja", "Follow-up actions", "会談結果報告.", "Japanese uses full-width 、 and 。"),
    ("ja", "Follow-up actions", "会談 結果報告", "no space between Japanese characters"),
    ("ko", "Briefing memo", "회담 결과、보고", "Korean uses ASCII , . ( ), not 、 。"),
    ("ko", "Briefing memo", "회담 결과 보고。", "Korean uses ASCII , . ( ), not 、 。"),
]


@pytest.mark.broken_catalog
@pytest.mark.parametrize(("lang", "msgid", "msgstr", "expected"), ERRORS)
def test_check_reports_each_kind_of_error_at_its_line(project, lang, msgid, msgstr, expected):
    start_catalogs(project)
    translate(lang, {msgid: msgstr})
    text = po(lang)
    assert msgstr in text
    line = text.splitlines().index(f'msgid "{msgid}"') + 1
    result = i18n("check")
    assert result.exit_code == 1
    catalog = f"locales/{lang}/LC_MESSAGES/messages.po"
    errors = [row for row in result.stderr.splitlines() if row.startswith("error: ")]
    assert any(
        row.startswith(f"error: {catalog}:{line}: {msgid!r}: ") and expected in row
        for row in errors
    ), result.stderr
    assert re.search(rf"^{lang}: .*, \d+ error\(s\)$", result.stdout, re.MULTILINE)
    assert result.stderr.splitlines()[-1].startswith("check failed: ")


def test_correct_japanese_and_korean_punctuation_passes(project):
    start_catalogs(project)
    translate(
        "ja",
        {
            "%(city)s, %(country)s": "%(country)s・%(city)s",
            "Follow-up actions": "フォローアップ事項（期限、担当）。",
        },
    )
    translate(
        "ko",
        {
            "%(city)s, %(country)s": "%(country)s %(city)s",
            "Follow-up actions": "후속 조치(기한, 담당).",
        },
    )
    result = i18n("check")
    assert result.exit_code == 0, result.stderr


def test_check_json_is_a_report_for_ci(project):
    start_catalogs(project)
    translate("ko", {"Briefing memo": "<i>보고</i>"})
    result = i18n("check", "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["template"] == {"path": "locales/messages.pot", "up_to_date": True}
    ko = next(item for item in report["languages"] if item["lang"] == "ko")
    assert ko["catalog"] == "locales/ko/LC_MESSAGES/messages.po"
    assert (ko["translated"], ko["fuzzy"], ko["untranslated"], ko["obsolete"]) == (1, 0, 40, 0)
    [error] = ko["errors"]
    assert error["msgid"] == "Briefing memo"
    assert error["msgctxt"] is None
    assert error["message"].startswith("HTML or markup in the translation")
    assert isinstance(error["line"], int)


def test_check_draws_a_table_on_a_terminal(project, monkeypatch):
    start_catalogs(project)
    monkeypatch.setattr(cli, "_stdout_is_terminal", lambda: True)
    result = i18n("check")
    assert result.exit_code == 0
    assert "Message catalogs" in result.stdout
    header = next(line for line in result.stdout.splitlines() if "language" in line)
    for column in ("translated", "fuzzy", "untranslated", "obsolete", "errors"):
        assert column in header
    assert re.search(r"ja\s+│\s+2\s+│\s+0\s+│\s+39\s+│", result.stdout)


def test_check_counts_a_new_template_string_before_anyone_updates(project):
    start_catalogs(project)
    Path("templates/new.html.j2").write_text("{% trans %}Sources{% endtrans %}")
    result = i18n("check")
    assert result.exit_code == 0
    assert "ja: 2 translated, 0 fuzzy, 40 untranslated, 0 obsolete\n" in result.stdout
    assert "note: locales/messages.pot is not up to date with the templates" in result.stderr
    assert "not up to date with the templates: en, ko, ja" in result.stderr


@pytest.mark.broken_catalog
def test_check_reports_a_catalog_that_is_not_valid_po(project):
    start_catalogs(project)
    write_po("ko", po("ko") + '\nmsgid "Unclosed\n')
    result = i18n("check")
    assert result.exit_code == 1
    line = len(po("ko").splitlines())
    assert (
        f"error: locales/ko/LC_MESSAGES/messages.po:{line}: not valid PO: unterminated string"
    ) in result.stderr


# --- compile ---------------------------------------------------------------------------


def test_compile_writes_mo_files_gettext_reads(project):
    start_catalogs(project)
    result = i18n("compile")
    assert result.exit_code == 0, result.output
    assert "ja: wrote locales/ja/LC_MESSAGES/messages.mo (2 messages)\n" in result.stdout
    with Path("locales/ja/LC_MESSAGES/messages.mo").open("rb") as mo:
        translations = gettext.GNUTranslations(mo)
    assert translations.gettext("Briefing memo") == "会談結果報告"
    assert translations.pgettext("button", "Save") == "保存"
    assert "ja: unchanged: locales/ja/LC_MESSAGES/messages.mo" in i18n("compile").stdout


def test_compile_refuses_a_catalog_with_errors_and_writes_nothing(project):
    start_catalogs(project)
    translate("ko", {"Briefing memo": "100% 보고"})
    result = i18n("compile")
    assert result.exit_code == 1
    assert re.match(
        r"error: locales/ko/LC_MESSAGES/messages\.po:\d+:1: 'Briefing memo': broken python-format",
        result.stderr,
    )
    assert not list(Path("locales").rglob("*.mo"))


# --- init ------------------------------------------------------------------------------


def test_init_registers_the_language_and_starts_its_catalog(project):
    start_catalogs(project)
    result = i18n_init("zh-Hans")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "added zh-Hans (中文 (简体); locale zh_Hans_CN; fonts Noto Serif CJK SC) "
        "to locales/languages.toml\n"
        "wrote locales/zh-Hans/LC_MESSAGES/messages.po: translate it with Poedit\n"
    )
    registry = Path("locales/languages.toml").read_text(encoding="utf-8")
    assert registry.endswith(
        '\n[zh-Hans]\nlocale = "zh_Hans_CN"\nname = "中文 (简体)"\nfonts = ["Noto Serif CJK SC"]\n'
    )
    assert list(read_languages(Path("locales"))) == ["en", "ko", "ja", "zh-Hans"]
    catalog = po("zh-Hans")
    assert '"Language: zh_Hans\\n"' in catalog
    assert "Chinese (Simplified, China) translations for summitbrief." in catalog
    check = i18n("check")
    assert "zh-Hans: 0 translated, 0 fuzzy, 41 untranslated, 0 obsolete" in check.stdout


def test_init_names_a_language_cldr_has_no_english_name_for_by_its_tag(project):
    # CLDR names Ladin only in Ladin ("ladin"): Babel's english_name is None.
    start_catalogs(project)
    assert i18n_init("lld").exit_code == 0
    assert po("lld").startswith("# lld translations for summitbrief.\n")


def i18n_init(tag: str):
    return run_cli("i18n", "init", tag, "--locales", "locales")


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        (
            "zh_Hans",
            "'zh_Hans' is not a BCP 47 language tag such as ko, pt-BR or zh-Hans "
            "(did you mean zh-Hans?)",
        ),
        ("ja", "'ja' is already a language (locales/languages.toml)"),
        ("xx", "Babel's CLDR data has no locale for 'xx'"),
    ],
)
def test_init_refuses_bad_tags_with_one_line(project, tag, expected):
    i18n("extract")
    result = i18n_init(tag)
    assert result.exit_code == 1
    assert result.stderr == f"error: {expected}\n"


def test_init_needs_the_template(project):
    result = i18n_init("fr")
    assert result.exit_code == 1
    assert "run `summitbrief i18n extract` first" in result.stderr
    assert "[fr]" not in Path("locales/languages.toml").read_text()


def test_a_language_started_with_init_prints_a_memo(tmp_path, monkeypatch):
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales)
    assert run_cli("i18n", "init", "zh-Hans", "--locales", str(locales)).exit_code == 0
    catalog = catalog_path(locales, "zh-Hans")
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace(
            'msgid "Date"\nmsgstr ""', 'msgid "Date"\nmsgstr "日期"'
        ),
        encoding="utf-8",
    )
    press = open_press(locales=locales)
    assert press.languages["zh-Hans"] == Language(
        tag="zh-Hans", locale="zh_Hans_CN", name="中文 (简体)", fonts=("Noto Serif CJK SC",)
    )
    text = MINIMAL.replace("[en, ko, ja]", "[en, zh-Hans]")
    text = re.sub(r", ko: [^,}]*, ja: ([^,}]*)", r", zh-Hans: \1", text)
    summit = parse(text.encode(), "summit.yaml", press.languages)
    [edition] = plan(summit, ["zh-Hans"])
    html = render.render_html(edition, press)
    assert '<html lang="zh-Hans"' in html
    assert "日期" in html
    assert "2026年3月1日" in html


def test_help_lists_the_translator_commands():
    result = run_cli("--help")
    assert "i18n" in result.stdout
    assert "preview" in result.stdout
    listed = run_cli("i18n", "--help").stdout
    for command in ("extract", "update", "check", "compile", "init", "export", "import"):
        assert re.search(rf"^  {command}\s", listed, re.MULTILINE), command


PREVIOUS = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

#, fuzzy
#| msgid "Follow-up "
#| "actions, and more"
#| msgid_plural "%(n)s actions"
msgid "Follow-up action items"
msgid_plural "%(n)s action items"
msgstr[0] "フォローアップ"

#~| msgid "Old"
#~ msgid "Older"
#~ msgstr "旧"
"""


def test_previous_msgids_are_read_whole_and_written_back_unwrapped():
    from summitbrief.catalogs import pofile

    parsed = pofile.parse(PREVIOUS.encode(), "ja.po", "ja")
    assert parsed.problems == ()
    [message] = [m for m in parsed.catalog if m.id and not isinstance(m.id, str)]
    assert message.previous_id == ["Follow-up actions, and more", "%(n)s actions"]
    assert parsed.catalog.obsolete["Older"].previous_id == ["Old"]
    written = pofile.render(parsed.catalog).decode()
    assert (
        '#| msgid "Follow-up actions, and more"\n'
        '#| msgid_plural "%(n)s actions"\n'
        'msgid "Follow-up action items"\n'
    ) in written
    assert '#~| msgid "Old"\n#~ msgid "Older"\n' in written


@pytest.mark.parametrize(
    ("lines", "line"),
    [
        ('#| "a continuation with nothing before it"\nmsgid "x"\nmsgstr "y"\n', 6),
        ('msgid "x"\n#| "continues the msgid?"\nmsgstr "y"\n', 7),
        ('#| not a PO line\nmsgid "x"\nmsgstr "y"\n', 6),
    ],
)
def test_a_stray_previous_line_is_a_located_problem(lines, line):
    from summitbrief.catalogs import pofile

    header = PREVIOUS.split("\n\n")[0] + "\n\n"
    parsed = pofile.parse((header + lines).encode(), "ja.po", "ja")
    assert (line, 1, "not a PO line: ") in [
        (p.line, p.column, p.message[:15]) for p in parsed.problems
    ]


HEADERS = """\
# Translation of summitbrief.
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: summitbrief 1.0\\n"
"X-Poedit-Basepath: ..\\n"
"POT-Creation-Date: 2026-01-01 00:00+0000\\n"
"PO-Revision-Date: \\n"
"Language: ja\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"
"Generated-By: Babel 2.0\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"

msgid "One outcome"
msgid_plural "%(n)s outcomes"
msgstr[0] ""

# a translator's note
#~ msgid "Gone"
#~ msgstr "去"
"""


def _headers(text: str) -> dict[str, str]:
    return dict(line[1:-3].split(": ", 1) for line in text.splitlines() if line.endswith('\\n"'))


@pytest.mark.parametrize("tag", ["ja", None], ids=["catalog", "template"])
def test_a_catalog_is_written_back_with_its_header_as_a_po_editor_left_it(tag):
    from summitbrief.catalogs import pofile

    text = HEADERS if tag else HEADERS.replace('"Language: ja\\n"\n', "")
    parsed = pofile.parse(text.encode(), "messages.po", tag)
    written = pofile.render(parsed.catalog, parsed.layout).decode()
    # the file's comment and fuzzy flag stay above the header
    assert written.startswith('# Translation of summitbrief.\n#, fuzzy\nmsgid ""\nmsgstr ""\n')
    headers = _headers(written.split("\n\n")[0])
    # the file's order, its X- header kept, Babel's Generated-By dropped
    assert list(headers)[:3] == ["Project-Id-Version", "X-Poedit-Basepath", "POT-Creation-Date"]
    assert headers["X-Poedit-Basepath"] == ".." and "Generated-By" not in headers
    # never revised: the creation date, which Babel can read back
    assert headers["PO-Revision-Date"] == "2026-01-01 00:00+0000"
    # no placeholder address or name (Babel would write "ja <LL@li.org>")
    assert all("@" not in value and "FULL NAME" not in value for value in headers.values())
    if tag:
        assert headers["Language"] == "ja"
        assert headers["Plural-Forms"] == "nplurals=1; plural=0;"
    else:  # a template: an empty Language, as msgfmt expects, and no plural rule
        assert headers["Language"] == "" and "Plural-Forms" not in headers
    # one msgstr per plural form of the language, and the obsolete entry with its note
    assert 'msgid_plural "%(n)s outcomes"\nmsgstr[0] ""\n\n' in written
    assert written.endswith('\n\n# a translator\'s note\n#~ msgid "Gone"\n#~ msgstr "去"\n\n')


def test_rewriting_an_unchanged_catalog_leaves_the_file_alone(tmp_path):
    from summitbrief.catalogs import pofile

    path = tmp_path / "messages.po"
    crlf = HEADERS.replace("\n", "\r\n")
    path.write_bytes(crlf.encode())
    parsed = pofile.read(path, "ja")
    assert parsed.layout.newline == "\r\n"
    # the file lacks headers a PO editor expects: rewritten once, its line endings kept
    assert pofile.write_dated(path, parsed.catalog, layout=parsed.layout, line_numbers=True)
    written = path.read_bytes()
    again = pofile.read(path, "ja")
    # the same messages, the same layout and options: no new date, no write
    assert not pofile.write_dated(path, again.catalog, layout=again.layout, line_numbers=True)
    assert path.read_bytes() == written and b"\r\n" in written


def test_a_catalog_that_no_longer_parses_is_replaced_not_an_error(tmp_path):
    from summitbrief.catalogs import pofile

    path = tmp_path / "messages.po"
    path.write_text('msgid "broken\n', encoding="utf-8")
    catalog = pofile.parse(HEADERS.encode(), "messages.po", "ja").catalog
    assert pofile.write_dated(path, catalog)
    assert pofile.read(path, "ja").catalog.obsolete["Gone"].string == "去"


def test_empty_comment_lines_tags_and_obsolete_contexts_survive_a_round_trip(tmp_path):
    from summitbrief.catalogs import pofile

    text = HEADERS.replace('"Language: ja\\n"\n', "") + (
        '\n#~ msgctxt "button"\n#~ msgid "Save"\n#~ msgstr "保存"\n'
        '\n# first line\n#\n# after an empty one\nmsgid "Kept"\nmsgstr "保持"\n'
    )
    path = tmp_path / "messages.po"
    path.write_text(text, encoding="utf-8")
    # the file names no language: the tag given says which one it is
    parsed = pofile.read(path, "ja")
    assert str(parsed.catalog.locale) == "ja"
    assert parsed.catalog.obsolete[("Save", "button")].string == "保存"
    written = pofile.render(parsed.catalog, parsed.layout).decode()
    assert '# first line\n#\n# after an empty one\nmsgid "Kept"\n' in written
    assert '#~ msgctxt "button"\n#~ msgid "Save"\n' in written
    path.write_text(written, encoding="utf-8")  # and what is written passes msgfmt -c


def test_locations_fill_lines_of_76_columns_and_never_split_a_name():
    from summitbrief.catalogs import pofile

    names = [f"templates/blocks/{letter * 11}.html.j2" for letter in "abcde"]
    assert {len(name) for name in names} == {36}  # two fill 73 columns after "#: "
    text = HEADERS + "\n" + "".join(f"#: {name}:{n}\n" for n, name in enumerate(names, 1))
    text += 'msgid "Placed"\nmsgstr "配置"\n'
    catalog = pofile.parse(text.encode(), "messages.po", "ja").catalog
    written = pofile.render(catalog).decode()
    assert [line for line in written.splitlines() if line.startswith("#:")] == [
        f"#: {names[0]} {names[1]}",
        f"#: {names[2]} {names[3]}",
        f"#: {names[4]}",
    ]
    assert len(f"#: {names[0]} {names[1]}") == 76
    numbered = pofile.render(catalog, line_numbers=True).decode()
    assert f"#: {names[0]}:1" in numbered
