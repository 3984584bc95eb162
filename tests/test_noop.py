"""A rebuild that changes nothing is said from the manifest alone (builder/uptodate.py), and
any change of what an artifact depends on still rebuilds it, through the command line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from summitbrief.cli import main
from summitbrief.resources import LOCALES

from helpers import MINIMAL, write_summit


@pytest.fixture
def built(tmp_path, monkeypatch):
    """A summit file built once as HTML (fast), with copies of the templates and catalogs."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SUMMITBRIEF_CACHE", "")
    shutil.copytree(LOCALES, tmp_path / "locales")
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme" / "extra.css").write_text(".summary { color: #123456; }\n")
    source = write_summit(tmp_path, MINIMAL)
    assert run("--lang", "en,ko").stdout.count("wrote ") == 2
    return source


def run(*extra: str) -> object:
    options = ["--format", "html", "--out", "out", "--locales", "locales", "--theme", "theme"]
    result = CliRunner().invoke(main, ["build", "summit.yaml", *options, *extra])
    assert result.exit_code == 0, result.output
    return result


def written(*extra: str) -> list[str]:
    return [
        line.split()[1] for line in run(*extra).stdout.splitlines() if line.startswith("wrote ")
    ]


def test_a_rebuild_that_changes_nothing_loads_no_stage(built):
    program = textwrap.dedent(
        """
        import sys
        from summitbrief.cli import main
        try:
            main(["build", "summit.yaml", "--format", "html", "--out", "out",
                  "--locales", "locales", "--theme", "theme", "--lang", "en,ko"])
        except SystemExit:
            pass
        heavy = ("pydantic", "jinja2", "babel", "ruamel.yaml", "weasyprint")
        print(",".join(name for name in heavy if name in sys.modules))
        """
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "2 artifacts: 0 built, 2 up to date" in lines[-2]
    assert lines[-1] == ""


def test_nothing_changed_is_reported_from_the_manifest(built, monkeypatch):
    from summitbrief.builder import batch

    # The build itself is never reached: the manifest says everything is up to date.
    monkeypatch.setattr(batch, "build", lambda *a, **k: pytest.fail("the build ran"))
    result = run("--lang", "en,ko")
    assert result.stdout.count("up to date out/test-summit/") == 2
    assert "2 artifacts: 0 built, 2 up to date" in result.stdout


@pytest.mark.parametrize(
    "change",
    ["data", "catalog", "registry", "theme", "look", "request", "tampered", "source-date", "force"],
)
def test_each_change_rebuilds(built, monkeypatch, change):
    extra: list[str] = ["--lang", "en,ko"]
    if change == "data":
        built.write_text(MINIMAL.replace("Outcome text.", "Changed."), encoding="utf-8")
    elif change == "catalog":
        po = Path("locales/ko/LC_MESSAGES/messages.po")
        po.write_text(po.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "registry":
        registry = Path("locales/languages.toml")
        registry.write_text(registry.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "theme":
        Path("theme/extra.css").write_text(".summary { color: #654321; }\n", encoding="utf-8")
    elif change == "look":
        extra += ["--paper", "letter"]
    elif change == "request":
        extra = ["--lang", "en,ko,ja"]
    elif change == "tampered":
        Path("out/test-summit/test-summit.ko.html").write_text("tampered", encoding="utf-8")
    elif change == "source-date":
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1768262400")
    elif change == "force":
        extra.append("--force")
    expected = {
        "catalog": ["out/test-summit/test-summit.ko.html"],
        "tampered": ["out/test-summit/test-summit.ko.html"],
        "request": ["out/test-summit/test-summit.ja.html"],
    }.get(change, ["out/test-summit/test-summit.en.html", "out/test-summit/test-summit.ko.html"])
    assert written(*extra) == expected


def test_a_strict_rebuild_checks_again(built, monkeypatch):
    from summitbrief.builder import batch

    ran = []
    original = batch.build
    monkeypatch.setattr(batch, "build", lambda *a, **k: ran.append(1) or original(*a, **k))
    run("--lang", "en,ko", "--strict")
    assert ran == [1]


def test_the_manifest_records_what_the_check_needs(built):
    manifest = json.loads(Path("out/manifest.json").read_text(encoding="utf-8"))
    [plan] = manifest["plans"]["summit.yaml"].values()
    assert sorted(plan) == ["test-summit/test-summit.en.html", "test-summit/test-summit.ko.html"]
    for record in manifest["artifacts"]:
        assert len(record["source_sha256"]) == 64 and record["source_language"] == "en"
