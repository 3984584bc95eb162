"""`summitbrief i18n export|import`: summit texts through .po files and back into the YAML."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from summitbrief.cli import main
from summitbrief.resources import SAMPLE

from helpers import load_summit

# Comments, a flow mapping, a folded scalar, quoting and a plain source-language
# string: what import must leave exactly as it was.
SUMMIT = """\
# A test summit. This comment stays.
summitbrief: 1
id: test-summit
source_language: en
languages: [en, ko, ja]

title: {en: Test Summit, ko: 시험 회담}   # the short title
date: 2026-03-01
location:
  city:
    en: Seoul
    ko: 서울
    ja: ソウル
  country: KR
participants:
  - id: kim
    country: KR
    role: head-of-state
    name: {en: Kim A, ko: 김가, ja: 金カ}
    office:
      en: President
      ko: 대통령
      ja: "大統領"
summary:
  en: >-
    The leaders met and agreed on
    two things.
  ko: >-
    양 정상은 만나 두 가지에
    합의했다.
outcomes:
  - area: history
    status: agreed
    text: Outcome text.   # plain string: source-language text
"""


# An outcome without a key: named by a hash of its source text ("Outcome text.").
OUTCOME = "outcomes[60d8a7].text"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def summit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "summit.yaml"
    path.write_text(SUMMIT, encoding="utf-8")
    return path


def catalog(path: Path = Path("summit.ja.po")):
    with path.open("rb") as file:
        return read_po(file)


def set_msgstr(po: Path, context: str, msgstr: str, fuzzy: bool = False) -> None:
    text = po.read_text(encoding="utf-8")
    pattern = (
        r"(?:#, (?:fuzzy, )?no-python-format\n)(#\| msgid .*\n)?"
        rf'(msgctxt "{re.escape(context)}"\nmsgid (?:".*"\n)+)msgstr .*\n'
    )
    flags = "#, fuzzy, no-python-format\n" if fuzzy else "#, no-python-format\n"
    text, count = re.subn(
        pattern, lambda m: flags + (m.group(1) or "") + m.group(2) + f'msgstr "{msgstr}"\n', text
    )
    assert count == 1, context
    po.write_text(text, encoding="utf-8")


# --- export ----------------------------------------------------------------------------


def test_export_writes_one_entry_per_text_field(summit):
    result = run("i18n", "export", "summit.yaml", "--lang", "ja", "-o", "summit.ja.po")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "wrote summit.ja.po: 6 entries (3 translated, 0 fuzzy, 3 untranslated)\n"
    )
    po = Path("summit.ja.po").read_text(encoding="utf-8")
    assert '"Project-Id-Version: summit test-summit\\n"' in po
    assert '"Language: ja\\n"' in po
    assert (
        "#. Office of a participant, printed with the name (kim, KR, head-of-state)\n"
        "#: summit.yaml:20\n"
        "#, no-python-format\n"
        'msgctxt "participants[kim].office"\n'
        'msgid "President"\n'
        'msgstr "大統領"\n'
    ) in po
    assert (
        "#. An outcome of the meeting (area history, agreed)\n"
        "#: summit.yaml:34\n"
        "#, no-python-format\n"
        'msgctxt "outcomes[60d8a7].text"\n'
        'msgid "Outcome text."\n'
        'msgstr ""\n'
    ) in po
    entries = {m.context: (m.id, m.string) for m in catalog() if m.id}
    assert entries["summary"] == ("The leaders met and agreed on two things.", "")
    assert entries["title"] == ("Test Summit", "")
    assert entries["location.city"] == ("Seoul", "ソウル")


def test_export_names_the_po_after_the_file_by_default(summit):
    result = run("i18n", "export", "summit.yaml", "--lang", "ko")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "wrote summit.ko.po: 6 entries (5 translated, 0 fuzzy, 1 untranslated)"
    )


def test_exporting_again_changes_no_byte(summit):
    first = run("i18n", "export", "summit.yaml", "--lang", "ja", "-o", "summit.ja.po")
    before = Path("summit.ja.po").read_bytes()
    again = run("i18n", "export", "summit.yaml", "--lang", "ja", "-o", "summit.ja.po")
    assert (first.exit_code, again.exit_code) == (0, 0), again.output
    assert again.stdout == first.stdout
    assert again.stdout.startswith("wrote summit.ja.po: 6 entries (3 translated")
    assert Path("summit.ja.po").read_bytes() == before


def test_a_translation_whose_source_changed_since_is_exported_fuzzy(summit):
    run("i18n", "export", "summit.yaml", "--lang", "ja", "-o", "summit.ja.po")
    summit.write_text(SUMMIT.replace("en: Seoul", "en: Seoul City"), encoding="utf-8")
    result = run("i18n", "export", "summit.yaml", "--lang", "ja", "-o", "summit.ja.po")
    assert result.stdout.startswith(
        "wrote summit.ja.po: 6 entries (2 translated, 1 fuzzy, 3 untranslated)"
    )
    po = Path("summit.ja.po").read_text(encoding="utf-8")
    assert (
        '#, fuzzy, no-python-format\n#| msgid "Seoul"\nmsgctxt "location.city"\n'
        'msgid "Seoul City"\nmsgstr "ソウル"\n'
    ) in po


def test_work_in_the_po_that_was_not_imported_is_kept_on_export(summit):
    po = Path("summit.ja.po")
    run("i18n", "export", "summit.yaml", "--lang", "ja", "-o", str(po))
    set_msgstr(po, "title", "試験会談")
    set_msgstr(po, OUTCOME, "成果", fuzzy=True)
    summit.write_text(SUMMIT.replace("Test Summit", "A Test Summit"), encoding="utf-8")
    run("i18n", "export", "summit.yaml", "--lang", "ja", "-o", str(po))
    entries = {m.context: m for m in catalog() if m.id}
    assert (entries["title"].string, entries["title"].fuzzy) == ("試験会談", True)
    assert '#| msgid "Test Summit"\nmsgctxt "title"\nmsgid "A Test Summit"' in po.read_text()
    assert (entries[OUTCOME].string, entries[OUTCOME].fuzzy) == ("成果", True)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--lang", "en"], "error: summit.yaml: 'en' is the source language; nothing to translate"),
        (["--lang", "fr"], "error: unknown language 'fr' (known: en, ko, ja)"),
        (["--lang", "ja", "-o", "out.po", "missing.yaml"], "missing.yaml:1:1: cannot read file"),
    ],
)
def test_export_refuses_bad_input_with_one_line(summit, args, expected):
    files = [] if "missing.yaml" in args else ["summit.yaml"]
    args = [a for a in args if a != "missing.yaml"] + (["missing.yaml"] if not files else [])
    result = run("i18n", "export", *files, *args)
    assert result.exit_code == 1
    assert expected in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.output


def test_export_of_a_language_the_file_does_not_declare_says_what_to_do(summit):
    summit.write_text(
        SUMMIT.replace("[en, ko, ja]", "[en, ko]")
        .replace("    ja: ソウル\n", "")
        .replace(", ja: 金カ", "")
        .replace('      ja: "大統領"\n', ""),
        encoding="utf-8",
    )
    result = run("i18n", "export", "summit.yaml", "--lang", "ja")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: summit.yaml: 'ja' is not among the file's languages (en, ko); "
        "add it to `languages:` first\n"
    )


def test_export_of_an_invalid_file_shows_its_located_errors(summit):
    summit.write_text(SUMMIT.replace("status: agreed", "status: done"), encoding="utf-8")
    result = run("i18n", "export", "summit.yaml", "--lang", "ja")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: summit.yaml:33:13: outcomes[0].status: 'done'")
    assert not Path("summit.ja.po").exists()


# --- import ----------------------------------------------------------------------------


def test_import_writes_translations_keeping_comments_order_and_formatting(summit):
    po = Path("summit.ja.po")
    run("i18n", "export", "summit.yaml", "--lang", "ja", "-o", str(po))
    set_msgstr(po, "title", "試験会談")
    set_msgstr(po, "summary", "両首脳は会談し、二点で一致した。")
    set_msgstr(po, OUTCOME, "成果の文。")
    set_msgstr(po, "participants[kim].office", "大統領閣下")
    result = run("i18n", "import", "summit.ja.po", "summit.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout == "summit.yaml: 4 translation(s) imported into ja\n"
    expected = (
        SUMMIT.replace(
            "{en: Test Summit, ko: 시험 회담}", "{en: Test Summit, ko: 시험 회담, ja: 試験会談}"
        )
        # ruamel writes a changed flow mapping's comment one space after it
        .replace("}   # the short", "} # the short")
        .replace('ja: "大統領"', 'ja: "大統領閣下"')
        .replace(
            "    합의했다.\n",
            "    합의했다.\n  ja: >-\n    両首脳は会談し、二点で一致した。\n",
        )
        .replace(
            "    text: Outcome text.   # plain string: source-language text\n",
            "    text:\n      en: Outcome text.   # plain string: source-language text\n"
            "      ja: 成果の文。\n",
        )
    )
    assert summit.read_text(encoding="utf-8") == expected
    summit_now = load_summit(summit)
    assert summit_now.summary["ja"] == "両首脳は会談し、二点で一致した。"
    assert summit_now.outcomes[0].text == {"en": "Outcome text.", "ja": "成果の文。"}


def test_the_sample_round_trips_without_a_changed_byte(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(SAMPLE, "sample.yaml")
    assert run("i18n", "export", "sample.yaml", "--lang", "ko").exit_code == 0
    result = run("i18n", "import", "sample.ko.po", "sample.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("sample.yaml: unchanged (")
    assert Path("sample.yaml").read_bytes() == SAMPLE.read_bytes()


def test_one_changed_translation_changes_one_line_of_the_sample(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(SAMPLE, "sample.yaml")
    run("i18n", "export", "sample.yaml", "--lang", "ja")
    set_msgstr(Path("sample.ja.po"), "location.city", "奈良市")
    assert run("i18n", "import", "sample.ja.po", "sample.yaml").exit_code == 0
    before = SAMPLE.read_text(encoding="utf-8").splitlines()
    after = Path("sample.yaml").read_text(encoding="utf-8").splitlines()
    assert len(before) == len(after)
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [("    ja: 奈良", "    ja: 奈良市")]


def test_fuzzy_entries_are_imported_only_when_asked(summit):
    po = Path("summit.ja.po")
    run("i18n", "export", "summit.yaml", "--lang", "ja", "-o", str(po))
    set_msgstr(po, "title", "試験会談", fuzzy=True)
    result = run("i18n", "import", "summit.ja.po", "summit.yaml")
    assert result.exit_code == 0
    assert "note: 1 fuzzy entry not imported (review them, or pass --fuzzy)" in result.stderr
    assert "試験会談" not in summit.read_text(encoding="utf-8")
    result = run("i18n", "import", "summit.ja.po", "summit.yaml", "--fuzzy")
    assert result.stdout == "summit.yaml: 1 translation(s) imported into ja\n"
    assert load_summit(summit).title["ja"] == "試験会談"


def test_an_entry_whose_source_changed_after_export_is_not_imported(summit):
    po = Path("summit.ja.po")
    run("i18n", "export", "summit.yaml", "--lang", "ja", "-o", str(po))
    set_msgstr(po, "title", "試験会談")
    summit.write_text(SUMMIT.replace("Test Summit", "Trial Summit"), encoding="utf-8")
    result = run("i18n", "import", "summit.ja.po", "summit.yaml")
    assert result.exit_code == 0
    assert "note: 1 entry not imported: the source text changed since the export" in result.stderr
    assert "ja" not in load_summit(summit).title


def test_a_msgctxt_that_names_no_field_is_an_error_and_nothing_is_written(summit):
    po = Path("summit.ja.po")
    run("i18n", "export", "summit.yaml", "--lang", "ja", "-o", str(po))
    set_msgstr(po, "title", "試験会談")
    text = po.read_text(encoding="utf-8").replace(
        f'msgctxt "{OUTCOME}"', 'msgctxt "outcomes[60d8a7].colour"'
    )
    po.write_text(text, encoding="utf-8")
    line = text.splitlines().index('msgctxt "outcomes[60d8a7].colour"') + 1
    result = run("i18n", "import", "summit.ja.po", "summit.yaml")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: summit.ja.po:{line + 1}:1: msgctxt 'outcomes[60d8a7].colour' is no text field\n"
    )
    assert summit.read_text(encoding="utf-8") == SUMMIT


def test_an_entry_of_a_deleted_item_is_listed_and_the_rest_imported(summit):
    po = Path("summit.ja.po")
    run("i18n", "export", "summit.yaml", "--lang", "ja", "-o", str(po))
    set_msgstr(po, "title", "試験会談")
    set_msgstr(po, OUTCOME, "成果の文。")
    text = po.read_text(encoding="utf-8").replace(OUTCOME, "outcomes[deleted].text")
    po.write_text(text, encoding="utf-8")
    summit.write_text(SUMMIT.replace("Outcome text.", "Another outcome."), encoding="utf-8")
    line = text.splitlines().index('msgctxt "outcomes[deleted].text"') + 2
    result = run("i18n", "import", "summit.ja.po", "summit.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout == "summit.yaml: 1 translation(s) imported into ja\n"
    assert (
        f"note: summit.ja.po:{line}: outcomes[deleted].text: matches no text of summit.yaml "
        "(deleted?); not imported"
    ) in result.stderr
    assert load_summit(summit).title["ja"] == "試験会談"


@pytest.mark.broken_catalog
@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda po: po.replace("summit test-summit", "summit other-summit"),
            "error: summit.ja.po was exported from the summit 'other-summit', not 'test-summit' "
            "(summit.yaml)\n",
        ),
        (
            lambda po: po.replace('"Language: ja\\n"\n', ""),
            "error: summit.ja.po: no Language header; export the file again\n",
        ),
        (
            lambda po: po.replace('"Language: ja\\n"', '"Language: fr\\n"'),
            "error: summit.ja.po: its language 'fr' is not one of en, ko, ja\n",
        ),
        (
            lambda po: po.replace('msgid "Seoul"', 'msgid "Seoul"\nthis is not PO'),
            "error: summit.ja.po:",
        ),
    ],
)
def test_import_refuses_a_po_that_does_not_belong_with_one_line(summit, edit, expected):
    po = Path("summit.ja.po")
    run("i18n", "export", "summit.yaml", "--lang", "ja", "-o", str(po))
    po.write_text(edit(po.read_text(encoding="utf-8")), encoding="utf-8")
    result = run("i18n", "import", "summit.ja.po", "summit.yaml")
    assert result.exit_code == 1
    assert result.stderr.startswith(expected)
    assert len(result.stderr.splitlines()) == 1
    assert summit.read_text(encoding="utf-8") == SUMMIT


def test_import_into_json_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(Path(__file__).parent / "data" / "good" / "minimal.json", "summit.json")
    result = run("i18n", "import", "x.po", "summit.json")
    assert result.exit_code == 1
    assert result.stderr == "error: summit.json: import writes YAML summit files only, not JSON\n"


def test_import_of_a_missing_po_is_a_located_error(summit):
    result = run("i18n", "import", "missing.po", "summit.yaml")
    assert result.exit_code == 1
    assert result.stderr == "error: missing.po:1:1: cannot read: No such file or directory\n"


# --- issue 14: fuzzy survives, stable keys, nothing dropped, line endings ---------------


def test_fuzzy_survives_every_export_until_a_person_clears_it(summit):
    po = Path("summit.ja.po")
    run("i18n", "export", "summit.yaml", "--lang", "ja", "-o", str(po))
    summit.write_text(SUMMIT.replace("en: Seoul", "en: Seoul City"), encoding="utf-8")
    for _ in range(2):
        result = run("i18n", "export", "summit.yaml", "--lang", "ja", "-o", str(po))
        assert "1 fuzzy" in result.stdout
        entry = catalog(po).get("Seoul City", context="location.city")
        assert (entry.string, entry.fuzzy) == ("ソウル", True)
        assert '#| msgid "Seoul"\nmsgctxt "location.city"' in po.read_text(encoding="utf-8")
    imported = run("i18n", "import", str(po), "summit.yaml")
    assert "summit.ja.po:" in imported.stderr and "location.city: fuzzy, not imported" in (
        imported.stderr
    )


def test_inserting_an_outcome_moves_no_translation(summit):
    keyed = SUMMIT.replace("  - area: history\n", "  - key: past\n    area: history\n")
    summit.write_text(keyed, encoding="utf-8")
    po = Path("summit.ja.po")
    run("i18n", "export", "summit.yaml", "--lang", "ja", "-o", str(po))
    set_msgstr(po, "outcomes[past].text", "成果の文。")
    inserted = keyed.replace(
        "outcomes:\n",
        "outcomes:\n  - area: history\n    status: noted\n    text: A new first outcome.\n",
    )
    summit.write_text(inserted, encoding="utf-8")
    result = run("i18n", "import", str(po), "summit.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout == "summit.yaml: 1 translation(s) imported into ja\n"
    assert load_summit(summit).outcomes[1].text["ja"] == "成果の文。"
    exported = run("i18n", "export", "summit.yaml", "--lang", "ja", "-o", str(po))
    assert exported.exit_code == 0
    entries = {m.context: m for m in catalog(po) if m.id}
    assert entries["outcomes[past].text"].string == "成果の文。"
    assert not entries["outcomes[past].text"].fuzzy
    new = next(c for c in entries if c.startswith("outcomes[") and c != "outcomes[past].text")
    assert entries[new].string == ""


def test_work_on_a_deleted_item_is_kept_obsolete_on_export(summit):
    po = Path("summit.ja.po")
    run("i18n", "export", "summit.yaml", "--lang", "ja", "-o", str(po))
    set_msgstr(po, OUTCOME, "成果の文。")
    summit.write_text(SUMMIT.replace("Outcome text.", "A wholly different result."))
    result = run("i18n", "export", "summit.yaml", "--lang", "ja", "-o", str(po))
    assert "1 obsolete kept" in result.stdout
    assert (
        '#~ msgctxt "outcomes[60d8a7].text"\n#~ msgid "Outcome text."\n#~ msgstr "成果の文。"'
        in (po.read_text(encoding="utf-8"))
    )


def test_a_reworded_outcome_without_a_key_keeps_its_translation_fuzzy(summit):
    po = Path("summit.ja.po")
    run("i18n", "export", "summit.yaml", "--lang", "ja", "-o", str(po))
    set_msgstr(po, OUTCOME, "成果の文。")
    summit.write_text(SUMMIT.replace("Outcome text.", "Outcome texts."), encoding="utf-8")
    run("i18n", "export", "summit.yaml", "--lang", "ja", "-o", str(po))
    [entry] = [m for m in catalog(po) if m.id == "Outcome texts."]
    assert (entry.string, entry.fuzzy) == ("成果の文。", True)
    assert '#| msgid "Outcome text."' in po.read_text(encoding="utf-8")


def test_import_keeps_the_line_endings_of_a_crlf_summit_file(summit):
    summit.write_bytes(SUMMIT.replace("\n", "\r\n").encode("utf-8"))
    po = Path("summit.ja.po")
    run("i18n", "export", "summit.yaml", "--lang", "ja", "-o", str(po))
    set_msgstr(po, "title", "試験会談")
    assert run("i18n", "import", str(po), "summit.yaml").exit_code == 0
    data = summit.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n")
    assert load_summit(summit).title["ja"] == "試験会談"
