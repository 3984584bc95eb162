"""Loading summit files: every bad input becomes located one-line errors, never a traceback.

The bad-input corpus is ``tests/data/bad/``: one small file per kind of mistake, each
next to a ``.expected`` file holding the exact lines ``summitbrief validate`` prints
on stderr. Adding a case means adding those two files; no test changes.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from summitbrief import loader
from summitbrief.cli import main
from summitbrief.errors import DataError, Problem, SummitbriefError
from summitbrief.model import Summit
from summitbrief.planner import missing_translations
from summitbrief.resources import SAMPLE

from helpers import MINIMAL, load_summit, parse_summit

PROJECT = Path(__file__).resolve().parent.parent
# Relative to PROJECT, which every test runs in: the CLI prints paths relative to cwd.
BAD = Path("tests/data/bad")
GOOD = Path("tests/data/good")
MULTI = Path("tests/data/multi")

BAD_FILES = sorted(
    path.relative_to(PROJECT) for path in (PROJECT / BAD).iterdir() if path.suffix != ".expected"
)
GOOD_FILES = sorted(path.relative_to(PROJECT) for path in (PROJECT / GOOD).iterdir())

LANGUAGES_OF_THE_SAMPLE = ("en", "ko", "ja")


BAD_CASES = [pytest.param(path, id=path.name) for path in BAD_FILES]


@pytest.fixture(autouse=True)
def _in_project(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(PROJECT)


def _run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def _expected_lines(path: Path) -> list[str]:
    return path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()


def _assert_clean_user_error(result: Result) -> None:
    """Exit 1 through SystemExit, as the CLI does for user errors, without a traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stderr


# The corpus itself


def test_every_bad_file_has_an_expected_file_with_one_error_line() -> None:
    assert len(BAD_FILES) >= 30
    stems = [path.stem for path in BAD_FILES]
    assert len(stems) == len(set(stems)), "two bad files would share one .expected file"
    for path in BAD_FILES:
        lines = _expected_lines(path)
        assert len(lines) == 1, f"{path}: one problem per bad file"
        assert lines[0].startswith(f"error: {path.as_posix()}:"), path


def test_every_expected_file_belongs_to_a_bad_file() -> None:
    for expected in (PROJECT / BAD).glob("*.expected"):
        assert any(path.stem == expected.stem for path in BAD_FILES), expected.name


# Bad files through the command line


@pytest.mark.parametrize("path", BAD_CASES)
def test_validate_prints_the_expected_located_error_and_exits_1(path: Path) -> None:
    result = _run("validate", path)

    _assert_clean_user_error(result)
    assert result.stdout == ""
    assert result.stderr.splitlines() == _expected_lines(path)


@pytest.mark.parametrize("path", BAD_CASES)
def test_build_of_a_bad_file_writes_nothing(path: Path, tmp_path: Path) -> None:
    result = _run("build", "--out", tmp_path / "out", "--format", "html", path)

    _assert_clean_user_error(result)
    assert result.stderr
    for line in result.stderr.splitlines():
        assert line.startswith(f"error: {path.as_posix()}:"), line
    assert list(tmp_path.iterdir()) == []


def test_every_problem_of_a_file_is_reported_together_in_line_order() -> None:
    path = MULTI / "several.yaml"
    result = _run("validate", path)

    _assert_clean_user_error(result)
    assert result.stderr.splitlines() == [
        f"error: {path}:2:5: id: 'Nara_2026' is not a slug "
        "(lowercase letters, digits and single hyphens)",
        f"error: {path}:4:17: languages[1]: unknown language 'fr' (known: en, ko, ja)",
        f"error: {path}:6:7: date: '2026-02-30' is not a valid date "
        "(day is out of range for month)",
        f"error: {path}:13:11: participants[0].role: 'king' is not one of: "
        "head-of-state, head-of-government, minister or official",
        f"error: {path}:19:13: outcomes[0].status: 'signed' is not one of: "
        "agreed, reaffirmed, proposed, continuing or noted",
    ]


def test_problems_of_several_files_are_reported_together() -> None:
    first, second = BAD / "unknown-role.yaml", BAD / "unknown-status.yaml"
    result = _run("validate", first, GOOD / "minimal.yaml", second)

    _assert_clean_user_error(result)
    assert result.stderr.splitlines() == _expected_lines(first) + _expected_lines(second)


# Good files


@pytest.mark.parametrize("path", GOOD_FILES, ids=[path.name for path in GOOD_FILES])
def test_good_file_validates_with_exit_0(path: Path) -> None:
    result = _run("validate", path)

    assert result.exit_code == 0, result.output
    assert result.exception is None
    assert result.stdout.startswith(f"{path}: ok (minimal: en;")
    assert len(result.stdout.splitlines()) == 1
    assert result.stderr == ""


@pytest.mark.parametrize("name", ["minimal.yaml", "minimal.json"])
def test_minimal_file_loads_plain_strings_as_source_text_with_defaults(name: str) -> None:
    summit = load_summit(GOOD / name)

    assert isinstance(summit, Summit)
    assert summit.summitbrief == 1
    assert summit.id == "minimal"
    assert summit.source_language == "en"
    assert summit.languages == ("en",)
    assert summit.title == {"en": "Minimal Summit"}
    assert summit.date == dt.date(2026, 1, 13)
    assert summit.location.city == {"en": "Nara"}
    assert summit.location.country == "JP"
    assert summit.kind == "bilateral-summit"
    assert summit.classification == "unclassified"
    assert summit.prepared_by is None
    [lee] = summit.participants
    assert (lee.id, lee.country, lee.role) == ("lee", "KR", "head-of-state")
    assert lee.name == {"en": "Lee Jae-myung"}
    assert lee.office == {"en": "President"}
    assert summit.summary == {"en": "The leaders met."}
    [outcome] = summit.outcomes
    assert (outcome.area, outcome.status) == ("history", "agreed")
    assert outcome.text == {"en": "The leaders agreed."}
    assert outcome.area_label is None
    assert outcome.actions == ()
    assert summit.background == summit.previous_meetings == summit.quotes == ()
    assert summit.next_steps == summit.sources == ()


def test_json_file_loads_to_the_same_summit_as_its_yaml_twin() -> None:
    assert load_summit(GOOD / "minimal.json") == load_summit(GOOD / "minimal.yaml")


def test_unknown_area_is_accepted_when_the_outcome_gives_an_area_label() -> None:
    [outcome] = load_summit(GOOD / "area-label.yaml").outcomes

    assert outcome.area == "space"
    assert outcome.area_label == {"en": "Space cooperation"}


def test_plain_string_is_not_copied_into_other_languages() -> None:
    raw = (PROJECT / GOOD / "minimal.yaml").read_bytes()
    summit = parse_summit(raw.replace(b"languages: [en]", b"languages: [en, ko]"), "two.yaml")

    assert summit.title == {"en": "Minimal Summit"}
    assert list(missing_translations(summit, "en")) == []
    assert [path for path, _ in missing_translations(summit, "ko")] == [
        "title",
        "location.city",
        "participants[0].name",
        "participants[0].office",
        "summary",
        "outcomes[0].text",
    ]


# The embedded sample


def test_embedded_sample_validates_without_warnings() -> None:
    result = _run("validate", SAMPLE)

    assert result.exit_code == 0, result.output
    assert "ok (nara-2026: en, ko, ja;" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize("lang", LANGUAGES_OF_THE_SAMPLE)
def test_embedded_sample_has_every_text_in_every_language(lang: str) -> None:
    summit = load_summit(SAMPLE)

    assert summit.languages == LANGUAGES_OF_THE_SAMPLE
    assert list(missing_translations(summit, lang)) == []


# The library: parse_summit() without the command line


def test_parse_raises_data_error_whose_problems_carry_line_column_and_path() -> None:
    raw = (PROJECT / GOOD / "minimal.yaml").read_bytes()

    with pytest.raises(DataError) as caught:
        parse_summit(raw.replace(b"status: agreed", b"status: signed"), "inline.yaml")

    assert isinstance(caught.value, SummitbriefError)
    [problem] = caught.value.problems
    assert problem == Problem(
        file="inline.yaml",
        line=19,
        column=13,
        path="outcomes[0].status",
        message="'signed' is not one of: agreed, reaffirmed, proposed, continuing or noted",
    )
    assert str(caught.value) == (
        "inline.yaml:19:13: outcomes[0].status: "
        "'signed' is not one of: agreed, reaffirmed, proposed, continuing or noted"
    )


def test_parse_collects_every_problem_sorted_by_position() -> None:
    raw = (PROJECT / MULTI / "several.yaml").read_bytes()

    with pytest.raises(DataError) as caught:
        parse_summit(raw, "several.yaml")

    assert [(p.file, p.line, p.column, p.path) for p in caught.value.problems] == [
        ("several.yaml", 2, 5, "id"),
        ("several.yaml", 4, 17, "languages[1]"),
        ("several.yaml", 6, 7, "date"),
        ("several.yaml", 13, 11, "participants[0].role"),
        ("several.yaml", 19, 13, "outcomes[0].status"),
    ]


def test_parse_locates_a_syntax_error_without_a_field_path() -> None:
    with pytest.raises(DataError) as caught:
        parse_summit(b"summitbrief: 1\nid: minimal\n\tsummary: x\n", "tab.yaml")

    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.path) == (3, 1, "")
    assert problem.message.startswith("YAML: ")


def test_parse_locates_an_invalid_utf8_byte() -> None:
    with pytest.raises(DataError) as caught:
        parse_summit("summitbrief: 1\nid: caf\u00e9\n".encode("latin-1"), "latin.yaml")

    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (2, 8)
    assert problem.message == "not a UTF-8 text file: byte 0xe9, invalid in UTF-8"


def test_parse_accepts_utf8_with_a_byte_order_mark() -> None:
    raw = (PROJECT / GOOD / "minimal.yaml").read_bytes()

    assert parse_summit(b"\xef\xbb\xbf" + raw, "bom.yaml") == parse_summit(raw, "minimal.yaml")


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read_whole(tmp_path) -> None:
    from summitbrief.loader import MAX_FILE_BYTES

    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    with pytest.raises(DataError) as raised:
        load_summit(big)
    [problem] = raised.value.problems
    assert problem.message == "the file is larger than 4 MiB"


# Each bound holds exactly: a document at the limit loads, one past it is refused
# (limits lowered so that the documents stay small).
TEXT = MINIMAL.replace("en: Summary text.", "en: " + "x" * 20)
LONG_NUMBER = MINIMAL.replace("summitbrief: 1", "summitbrief: 1" + "0" * 29)


@pytest.mark.parametrize(
    ("limit", "at", "text", "past"),
    [
        ("MAX_TEXT", 20, TEXT, "s.yaml:16:15: summary.en: 20 characters; the limit is 19"),
        ("MAX_ITEMS", 10, MINIMAL, "s.yaml:1:1: 10 entries; the limit is 9"),
        ("MAX_FILE_BYTES", len(MINIMAL.encode()), MINIMAL, "s.yaml:1:1: the file is larger than"),
        (
            "MAX_DIGITS",
            30,
            LONG_NUMBER,
            "s.yaml:1:14: summitbrief: a number of 30 digits (at most 29)",
        ),
    ],
)
def test_a_bound_admits_its_limit_and_refuses_one_more(monkeypatch, limit, at, text, past):
    monkeypatch.setattr(loader, limit, at)
    if limit == "MAX_DIGITS":  # a 30-digit version is still not version 1
        with pytest.raises(DataError, match="unsupported format version"):
            parse_summit(text, "s.yaml")
    else:
        parse_summit(text, "s.yaml")
    monkeypatch.setattr(loader, limit, at - 1)
    with pytest.raises(DataError) as refused:
        parse_summit(text, "s.yaml")
    assert str(refused.value).startswith(past)


def test_a_pipe_is_refused_at_once_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    result = _run("validate", tmp_path / "pipe.yaml")
    _assert_clean_user_error(result)
    assert result.stderr.endswith("pipe.yaml:1:1: not a regular file\n")
