"""The command line as a user runs it: outputs, exit codes, messages."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from summitbrief import __version__
from summitbrief.cli import main

from helpers import MINIMAL, copied_locales, write_summit

SAMPLE_THEME = Path(__file__).resolve().parent.parent / "docs" / "sample-theme"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_python_m_summitbrief_help_lists_the_commands():
    result = subprocess.run(
        [sys.executable, "-m", "summitbrief", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0
    for command in ("build", "validate", "doctor"):
        assert command in result.stdout


def test_build_without_files_builds_every_sample_in_every_language_and_pair(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build")
    assert result.exit_code == 0, result.output
    for sample in ("nara-2026", "seoul-2024"):
        written = sorted(p.name for p in (tmp_path / "output" / sample).iterdir())
        assert written == [
            f"{sample}.{memo}.pdf" for memo in ("en", "ja+en", "ja", "ko+en", "ko+ja", "ko")
        ]
        assert f"wrote output/{sample}/{sample}.ko.pdf" in result.stdout
    assert result.stderr == ""


def test_build_with_lang_and_out_writes_only_those_languages(tmp_path):
    source = write_summit(tmp_path, MINIMAL)
    out = tmp_path / "out"
    result = run("build", str(source), "--lang", "ko,ja", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "test-summit").iterdir()) == [
        "test-summit.ja.pdf",
        "test-summit.ko.pdf",
    ]
    assert (out / "test-summit" / "test-summit.ko.pdf").read_bytes().startswith(b"%PDF-")


def test_format_html_writes_the_html_weasyprint_gets(tmp_path):
    source = write_summit(tmp_path, MINIMAL)
    result = run("build", str(source), "--lang", "ja", "--format", "html", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    html = (tmp_path / "test-summit" / "test-summit.ja.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="ja" ' in html
    assert "成果の文。" in html


def test_unknown_language_option_is_a_usage_error(tmp_path):
    result = run("build", "--lang", "fr", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "unknown language fr (known: en, ko, ja)" in result.stderr


def test_missing_file_is_a_clear_error_and_nothing_is_written(tmp_path):
    result = run("build", str(tmp_path / "missing.yaml"), "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")
    assert "missing.yaml:1:1: cannot read file: No such file or directory" in result.stderr
    assert not (tmp_path / "o").exists()


def test_language_the_file_does_not_declare_fails_without_writing(tmp_path):
    text = re.sub(r", ja: [^,}]*", "", MINIMAL).replace("[en, ko, ja]", "[en, ko]")
    source = write_summit(tmp_path, text)
    result = run("build", str(source), "--lang", "ja", "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert result.stderr == (
        "error: test-summit: 'ja' is not among the languages the file declares (en, ko)\n"
    )
    assert not (tmp_path / "o").exists()


def test_validate_reports_ok_and_exit_zero(tmp_path):
    source = write_summit(tmp_path, MINIMAL)
    result = run("validate", str(source))
    assert result.exit_code == 0
    assert "ok (test-summit: en, ko, ja; 1 outcome)" in result.stdout


def test_user_error_is_one_line_per_problem_without_traceback(tmp_path):
    source = write_summit(tmp_path, MINIMAL.replace("status: agreed", "status: done"))
    result = subprocess.run(
        [sys.executable, "-m", "summitbrief", "build", str(source), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "error: summit.yaml:19:13: outcomes[0].status: 'done' is not one of: "
        "agreed, reaffirmed, proposed, continuing or noted"
    ]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "o").exists()


def test_doctor_reports_subsetter_and_fonts_per_language():
    result = run("doctor")
    assert result.exit_code == 0, result.output
    assert "HarfBuzz subsetter" in result.stdout
    for family in ("Noto Serif Regular", "Noto Serif CJK KR Bold", "Noto Serif CJK JP Regular"):
        assert family in result.stdout
    assert "MISSING" not in result.stdout


def test_console_script_runs_the_command_line(tmp_path):
    script = Path(sys.executable).parent / "summitbrief"
    source = write_summit(tmp_path, MINIMAL)
    result = subprocess.run([script, "validate", source], capture_output=True, text=True)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"{source}: ok (test-summit: en, ko, ja; 1 outcome)\n"
    version = subprocess.run([script, "--version"], capture_output=True, text=True)
    assert version.stdout == f"summitbrief, version {__version__}\n"


def test_validate_checks_every_file_of_a_directory():
    result = run("validate", str(Path(__file__).parent / "data" / "good"))
    assert result.exit_code == 0, result.output
    assert result.stdout.count(": ok (") == 3


# Without the Japanese outcome text: the memo shows the English one and says so.
UNTRANSLATED = MINIMAL.replace(", ja: 成果の文。", "")


def test_build_prints_each_warning_with_its_memo(tmp_path):
    source = write_summit(tmp_path, UNTRANSLATED)
    result = run(
        "build", str(source), "--lang", "ko,ja", "--format", "html", "--out", str(tmp_path)
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "warning: test-summit.ja: outcomes[0].text: missing translation (shows the en text)\n"
    )
    assert "2 artifacts: 2 built, 0 up to date, 1 warnings" in result.stdout


def test_validate_counts_the_missing_translations_of_each_language(tmp_path):
    source = write_summit(tmp_path, UNTRANSLATED.replace("ko: 요약 문장., ", ""))
    result = run("validate", str(source))
    assert result.exit_code == 0, result.output
    assert result.stderr == "  ko: 1 missing translations\n  ja: 1 missing translations\n"


def test_doctor_fails_when_the_fonts_are_missing(tmp_path):
    # A fontconfig that knows no font directory: a machine without the Noto faces.
    config = tmp_path / "fonts.conf"
    config.write_text(
        f'<?xml version="1.0"?><fontconfig><cachedir>{tmp_path}</cachedir></fontconfig>',
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "summitbrief", "doctor"],
        capture_output=True,
        text=True,
        env={**os.environ, "FONTCONFIG_FILE": str(config)},
    )
    assert result.returncode == 1, result.stdout
    assert re.search(
        r"^MISSING font ko +Noto Serif CJK KR Regular not installed", result.stdout, re.M
    )
    assert result.stdout.splitlines()[-1].endswith(
        "problem(s); `make venv` installs what the project needs."
    )


def test_strict_build_fails_on_text_running_past_the_margin(tmp_path):
    # One word wider than the page: nothing may break it, so it runs into the margin.
    word = "Denuclearization" * 12
    source = write_summit(tmp_path, MINIMAL.replace("en: Summary text.", f"en: Summary {word}."))
    out = tmp_path / "out"
    result = run("build", str(source), "--lang", "en", "--strict", "--out", str(out))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: strict build failed, nothing written:",
        f"error: test-summit.en: page 1: text runs past the margin: {word[:40]!r}",
    ]
    assert not out.exists()


def test_doctor_fails_on_a_registry_it_cannot_read(tmp_path):
    locales = copied_locales(tmp_path)
    (locales / "languages.toml").write_text("[ko\n", encoding="utf-8")
    result = run("doctor", "--locales", str(locales))
    assert result.exit_code == 1
    assert re.search(
        r"^MISSING press +\S+languages\.toml: not a valid TOML file", result.stdout, re.M
    )


@pytest.mark.broken_catalog
def test_doctor_warns_of_a_catalog_whose_messages_print_in_english(tmp_path):
    locales = copied_locales(tmp_path)
    catalog = locales / "ko" / "LC_MESSAGES" / "messages.po"
    lines = catalog.read_text(encoding="utf-8").splitlines()
    catalog.write_text("\n".join([*lines, 'msgid "x']) + "\n", encoding="utf-8")
    result = run("doctor", "--locales", str(locales))
    assert result.exit_code == 0, result.output
    assert re.search(
        rf"^warn +catalog ko +2 broken messages print in English; first: \S+messages\.po:"
        rf"{len(lines) + 1}: not valid PO: unterminated string",
        result.stdout,
        re.M,
    )
    assert re.search(r"^ok +catalog ja ", result.stdout, re.M)


def test_doctor_names_the_theme_it_checks():
    result = run("doctor", "--theme", str(SAMPLE_THEME))
    assert result.exit_code == 0, result.output
    assert re.search(r"^ok +theme +Sample ministry: \S+sample-theme$", result.stdout, re.M)


@pytest.mark.parametrize(
    ("registry", "expected"),
    [
        (b"\xff\xfe[en]\n", "not UTF-8 text (invalid start byte)"),
        (b"# " + b"x" * 256 * 1024 + b"\n", "larger than 256 KiB"),
        (b"[en]\nx = " + b"[" * 12 + b"]" * 12 + b"\n", "nested more than 8 levels deep"),
        (b'[en]\nlocale = "en_US"\nname = 5\nfonts = ["Noto Serif"]\n', "en.name: Input should be"),
        (b"en = 3\n", "en: should be a table (got 3)"),
        (
            b'[en]\nlocale = "en_US"\nname = "English"\nfonts = ["Noto Serif"]\nfont = 1\n',
            "en.font: unknown key (expected one of: locale, name, fonts)",
        ),
    ],
    ids=["not-utf-8", "too-large", "too-deep", "wrong-type", "not-a-table", "unknown-key"],
)
def test_a_broken_language_registry_is_one_line_naming_it(tmp_path, registry, expected):
    locales = copied_locales(tmp_path)
    (locales / "languages.toml").write_bytes(registry)
    result = run("build", "--locales", str(locales), "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {locales / 'languages.toml'}: {expected}")
    assert not (tmp_path / "o").exists()
