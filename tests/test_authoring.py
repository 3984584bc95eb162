"""Authoring summit files (issue 18): the schema editors check with, `new`, and the
fields real readouts carry (time, sessions, delegations, readings) read back from the memos.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from summitbrief import cli
from summitbrief.cli import main
from summitbrief.i18n import Formatter
from summitbrief.resources import samples
from summitbrief.schema import schema_text

from helpers import default_press, parse_summit, read_pdf

LANGUAGES = list(default_press().languages)

PROJECT = Path(__file__).resolve().parent.parent
SCHEMA = PROJECT / "docs" / "summit.schema.json"
BAD = PROJECT / "tests" / "data" / "bad"
GOOD = PROJECT / "tests" / "data" / "good"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"

# Bad files that parse and hold what JSON Schema cannot say: the rules that
# relate one field to another or to the rest of the file, sizes the loader
# bounds, and the encoding. `validate` refuses each of them (test_load.py).
SCHEMA_CANNOT_SAY = {
    "duplicate-participant-id.yaml",  # unique by one key of the items
    "key-repeated.yaml",  # item keys unique within their list (issue 14)
    "official-language-not-declared.yaml",  # one of the file's own languages
    "text-undeclared-language.yaml",
    "reading-undeclared-language.yaml",
    "speaker-not-participant.yaml",  # a reference to another field's value
    "sessions-longer-than-meeting.yaml",  # sums and clock arithmetic
    "session-before-meeting.yaml",
    "huge-string.yaml",  # the loader's size limits (issue 13)
    "long-list.yaml",
    "utf-16.yaml",  # check-jsonschema decodes UTF-16; summit files are UTF-8
    "escaped-control.yaml",  # what a text's characters are (issue 13)
}

# check-jsonschema 0.39 itself fails on these (RecursionError: a deeply nested
# document, a recursive alias), and on binary files, which it takes for JSON;
# `validate` refuses each of them with a located error.
CHECKER_FAILS = {
    "deep-nesting-parser.yaml",
    "yaml-recursive-alias.yaml",
    # …and these untrusted-input cases (issue 13): a list as a key, tags, a number
    # too long for int(), a lone surrogate, text that aliases make too long.
    "key-bomb.yaml",
    "complex-key.yaml",
    "explicit-tag.yaml",
    "integer-too-long.yaml",
    "lone-surrogate.yaml",
    "alias-text-bomb.yaml",
}

PARTICIPANTS = (
    "--participant",
    "KR,head-of-state,Yoon Suk Yeol,President",
    "--participant",
    "JP,head-of-government,Kishida Fumio,Prime Minister",
)


def run(*args: str | Path, input: str | None = None):
    return CliRunner().invoke(main, [str(arg) for arg in args], input=input)


def flat(text: str) -> str:
    """PDF text on one line, CLDR's narrow no-break spaces as plain ones."""
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


# The schema


def test_the_committed_schema_is_the_one_the_models_generate():
    assert SCHEMA.read_text(encoding="utf-8") == schema_text(list(LANGUAGES)), (
        "docs/summit.schema.json is stale: run `summitbrief schema --out docs/summit.schema.json`"
    )


def test_summitbrief_schema_prints_the_schema():
    result = run("schema")
    assert result.exit_code == 0
    assert result.stdout == SCHEMA.read_text(encoding="utf-8")


def test_every_field_of_the_schema_has_a_description_and_an_example():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    models = [schema, *schema["$defs"].values()]
    fields = [
        (model.get("title"), name, field)
        for model in models
        for name, field in model.get("properties", {}).items()
    ]
    assert len(fields) > 50
    for model, name, field in fields:
        assert field.get("description"), f"{model}.{name} has no description"
        assert field.get("examples"), f"{model}.{name} has no example"


def test_the_schema_lists_the_choices_of_every_enumerated_field():
    defs = json.loads(SCHEMA.read_text(encoding="utf-8"))["$defs"]
    summit = json.loads(SCHEMA.read_text(encoding="utf-8"))["properties"]
    assert defs["LanguageTag"]["enum"] == list(LANGUAGES)
    assert {"KR", "JP", "US"} <= set(defs["Country"]["enum"])
    assert "ZZ" not in defs["Country"]["enum"]
    assert "plenary" in defs["Session"]["properties"]["kind"]["enum"]
    assert "agreed" in defs["Outcome"]["properties"]["status"]["enum"]
    assert "head-of-state" in defs["Participant"]["properties"]["role"]["enum"]
    assert "bilateral-summit" in summit["kind"]["enum"]
    assert "restricted" in summit["classification"]["enum"]
    areas = defs["Outcome"]["anyOf"][1]["properties"]["area"]["enum"]
    assert "north-korea" in areas


def check_jsonschema(*files: Path) -> dict:
    """check-jsonschema's JSON report on ``files`` against the committed schema."""
    result = subprocess.run(
        [CHECK_JSONSCHEMA, "-o", "json", "--schemafile", SCHEMA, *files],
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout)


def test_check_jsonschema_accepts_the_samples_and_the_good_files():
    report = check_jsonschema(*samples(), *sorted(GOOD.iterdir()))
    assert report["status"] == "ok", report


def test_check_jsonschema_refuses_every_bad_file_the_schema_can_describe():
    files = sorted(
        p for p in BAD.iterdir() if p.suffix in {".yaml", ".json"} and p.name not in CHECKER_FAILS
    )
    report = check_jsonschema(*files)
    refused = {Path(e["filename"]).name for e in report["errors"]}
    unreadable = {Path(e["filename"]).name for e in report["parse_errors"]}
    passed = {p.name for p in files} - refused - unreadable
    assert passed == SCHEMA_CANNOT_SAY
    for name in ("time-out-of-range.yaml", "duration-negative.yaml", "session-unknown-kind.yaml"):
        assert name in refused


# Time, sessions, delegations, readings in the memos


@pytest.mark.parametrize(
    ("lang", "time", "duration"),
    [
        ("en", "3:50 PM", "105 minutes"),
        ("ko", "오후 3시 50분", "105분"),
        ("ja", "午後3時50分", "105分"),
    ],
)
def test_times_and_lengths_are_written_in_each_language_s_own_form(lang, time, duration):
    import datetime as dt

    formatter = Formatter(lang, default_press().languages[lang].locale)
    assert formatter.time(dt.time(15, 50)).replace("\u202f", " ") == time
    assert formatter.duration(105) == duration


@pytest.fixture(scope="module")
def seoul(seoul_build):
    return {memo: read_pdf(artifact.path) for memo, artifact in seoul_build.items()}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["3:35 PM for 100 minutes", "Small-group meeting: 3:35 PM for 45 minutes"]),
        ("ko", ["오후 3시 35분부터 100분간", "소인수회담: 오후 3시 35분부터 45분간"]),
        ("ja", ["午後3時35分から100分間", "全体会合：午後4時20分から55分間"]),
    ],
)
def test_the_memo_header_prints_the_time_length_and_sessions(seoul, lang, expected):
    header = flat(seoul[lang].pages[0])
    for text in expected:
        assert text in header


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Cho Tae-yul (Minister of Foreign Affairs)"),
        ("ko", "조태열 외교부 장관, 신원식 국가안보실장"),
        ("ja", "趙兌烈（チョ・テヨル）外交部長官、申源湜（シン・ウォンシク）国家安保室長"),
    ],
)
def test_the_memo_header_lists_the_delegations(seoul, lang, expected):
    header = flat(seoul[lang].pages[0])
    # Japanese lines break anywhere: joined without the space a line break leaves.
    assert expected in ("".join(header.split()) if lang == "ja" else header)


def test_a_reading_is_printed_at_the_first_mention_and_never_again(seoul):
    for memo in ("ja", "ko+ja"):
        text = flat(seoul[memo].text)
        assert text.count("尹錫悦（ユン・ソンニョル）") == 1, memo
        assert text.index("尹錫悦（ユン・ソンニョル）") == text.index("尹錫悦")
        assert text.count("尹錫悦") > 1
    for lang in ("en", "ko"):
        assert "ユン・ソンニョル" not in seoul[lang].text


def test_a_memo_without_the_new_fields_has_no_time_sessions_or_delegations_rows(sample_pdf):
    header = flat(sample_pdf("en").pages[0])
    assert "Time" not in header.split("Bottom line")[0]
    for label in ("Sessions", "Delegations"):
        assert label not in header


# Times as YAML 1.2, YAML 1.1 and JSON give them


SUMMIT = (GOOD / "minimal.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("written", ["15:50", '"15:50"', "'15:50'"])
def test_a_time_is_read_alike_quoted_or_not(written):
    summit = parse_summit(f"{SUMMIT}time: {written}\n".encode(), "summit.yaml")
    assert summit.time is not None and summit.time.isoformat() == "15:50:00"


def test_a_time_in_json_is_a_string():
    data = {**YAML(typ="safe", pure=True).load(SUMMIT), "date": "2026-01-13", "time": "09:05"}
    summit = parse_summit(json.dumps(data).encode(), "summit.json")
    assert summit.time is not None and summit.time.isoformat() == "09:05:00"


def test_a_yaml_1_1_base_60_number_is_refused_with_a_located_error(tmp_path):
    # Under %YAML 1.1, 15:50 is the number 950: the message says how to write it.
    path = tmp_path / "old.yaml"
    path.write_text(f"%YAML 1.1\n---\n{SUMMIT}time: 15:50\n", encoding="utf-8")
    result = run("validate", path)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.endswith('time: expected a local time "HH:MM" such as "15:50", got 950')
    assert ":23:7: " in line


# summitbrief new


def test_new_writes_a_commented_file_that_validates_and_names_the_schema(tmp_path):
    path = tmp_path / "seoul-2024.yaml"
    result = run(
        "new",
        "--out",
        path,
        "--title",
        "Korea–Japan Summit",
        "--date",
        "2024-09-06",
        "--city",
        "Seoul",
        "--country",
        "KR",
        "--lang",
        "ja,ko,en",
        *PARTICIPANTS,
    )
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=summit.schema.json\n")
    assert "# delegations:" in text and "# time:" in text
    assert "summitbrief schema --out" in result.stderr
    validated = run("validate", path)
    assert validated.exit_code == 0, validated.output
    summit = parse_summit(text.encode(), "new.yaml")
    assert (summit.id, summit.source_language, summit.languages) == (
        "seoul-2024",
        "ja",
        ("ja", "ko", "en"),
    )
    assert [p.id for p in summit.participants] == ["yoon-suk-yeol", "kishida-fumio"]
    assert check_jsonschema(path)["status"] == "ok"


def test_new_never_replaces_a_file_without_force(tmp_path):
    path = tmp_path / "summit.yaml"
    path.write_text("mine\n", encoding="utf-8")
    args = ("new", "--out", path, "--title", "T", "--city", "Seoul", "--country", "KR")
    result = run(*args, *PARTICIPANTS)
    assert result.exit_code == 1
    assert result.stderr == f"error: {path} already exists; pass --force to replace it\n"
    assert path.read_text(encoding="utf-8") == "mine\n"
    assert run(*args, *PARTICIPANTS, "--force").exit_code == 0
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server")


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--country", "XX", "--country: 'XX' is not an ISO 3166-1 alpha-2 country code"),
        ("--date", "2024-02-30", "--date: '2024-02-30' is not a valid date"),
        ("--id", "Seoul 2024", "--id: 'Seoul 2024' is not a slug"),
    ],
)
def test_new_reports_a_bad_answer_by_its_option_and_writes_nothing(
    tmp_path, option, value, message
):
    path = tmp_path / "summit.yaml"
    base = {"--title": "T", "--city": "Seoul", "--country": "KR", option: value}
    args = [item for pair in base.items() for item in pair]
    result = run("new", "--out", path, *args, *PARTICIPANTS)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {message}")
    assert not path.exists()


def test_new_asks_on_a_terminal_for_what_the_options_did_not_say(tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "_stdin_is_terminal", lambda: True)
    path = tmp_path / "asked.yaml"
    answers = "\n".join(
        [
            "KR,head-of-state,Yoon Suk Yeol,President",
            "",  # end of participants
            "",  # id: the default, from the file name
            "Korea–Japan Summit",
            "2024-09-06",
            "Seoul",
            "KR",
        ]
    )
    result = run("new", "--out", path, "--lang", "en", input=answers + "\n")
    assert result.exit_code == 0, result.output
    summit = parse_summit(path.read_bytes(), "asked.yaml")
    assert (summit.id, summit.title, str(summit.date)) == (
        "asked",
        {"en": "Korea–Japan Summit"},
        "2024-09-06",
    )


def test_new_off_a_terminal_names_the_missing_option(tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "_stdin_is_terminal", lambda: False)
    result = run("new", "--out", tmp_path / "x.yaml", "--city", "Seoul", *PARTICIPANTS)
    assert result.exit_code == 2
    assert "missing --title (or run on a terminal to be asked)" in result.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_the_format_reference_s_complete_example_validates_and_meets_the_schema(tmp_path):
    reference = (PROJECT / "docs" / "summit-format.md").read_text(encoding="utf-8")
    example = reference.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    assert example.startswith("# yaml-language-server: $schema=")
    assert run("validate", path).exit_code == 0
    assert check_jsonschema(path)["status"] == "ok"
