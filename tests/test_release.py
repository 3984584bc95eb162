"""Release builds as CI runs them: reproducible bytes, manifest, archival PDF, shards."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import jsonschema
import pikepdf
import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from ruamel.yaml import YAML

from summitbrief import BuildOptions, build, open_press
from summitbrief import fingerprint as fingerprint_module
from summitbrief.builder import batch as build_module
from summitbrief.builder import inputs
from summitbrief.builder.manifest import merge, read_manifest
from summitbrief.cli import main
from summitbrief.errors import ConfigError, RenderError
from summitbrief.resources import LOCALES, SAMPLE, TEMPLATES

from helpers import MINIMAL, default_press, write_summit

CHECKOUT = Path(__file__).parent.parent
SCHEMA = json.loads((CHECKOUT / "docs" / "manifest.schema.json").read_text())


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "summitbrief", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
    )


def test_two_builds_in_separate_processes_and_directories_are_byte_identical(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        shutil.copy(SAMPLE, tmp_path / name / "nara.yaml")
        result = cli("build", "nara.yaml", "--lang", "ko", "--pair", "ko+ja", cwd=tmp_path / name)
        assert result.returncode == 0, result.stderr
    for stem in ("nara-2026.ko.pdf", "nara-2026.ko+ja.pdf"):
        first = tmp_path / "a" / "output" / "nara-2026" / stem
        assert first.read_bytes() == (tmp_path / "b" / "output" / "nara-2026" / stem).read_bytes()
        with pikepdf.open(first) as pdf:
            assert "/CreationDate" not in pdf.docinfo and "/ModDate" not in pdf.docinfo


def test_source_date_epoch_sets_the_dates_and_keeps_builds_identical(tmp_path):
    env = {"SOURCE_DATE_EPOCH": "1768262400"}  # 2026-01-13T00:00:00Z
    for name in ("a", "b"):
        result = cli("build", "--lang", "ja", "--out", name, cwd=tmp_path, env=env)
        assert result.returncode == 0, result.stderr
    first = (tmp_path / "a" / "nara-2026" / "nara-2026.ja.pdf").read_bytes()
    assert first == (tmp_path / "b" / "nara-2026" / "nara-2026.ja.pdf").read_bytes()
    info = PdfReader(tmp_path / "a" / "nara-2026" / "nara-2026.ja.pdf").metadata
    assert info["/CreationDate"].startswith("D:20260113000000")


def test_parallel_workers_give_the_same_bytes_as_one_process(tmp_path):
    one = build(
        [SAMPLE],
        BuildOptions(out=tmp_path / "one", languages=("en", "ko"), jobs=1),
        default_press(),
    )
    two = build(
        [SAMPLE],
        BuildOptions(out=tmp_path / "two", languages=("en", "ko"), jobs=2),
        default_press(),
    )
    assert [a.sha256 for a in one] == [a.sha256 for a in two]


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("release")
    build([SAMPLE], BuildOptions(out=out, jobs=2), default_press())
    return out


def test_manifest_matches_its_schema_and_the_files(sample_out):
    data = json.loads((sample_out / "manifest.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    assert len(data["artifacts"]) == 6
    for record in data["artifacts"]:
        path = sample_out / record["path"]
        content = path.read_bytes()
        assert len(content) == record["bytes"]
        assert hashlib.sha256(content).hexdigest() == record["sha256"]
        assert len(PdfReader(path).pages) == record["pages"]
        assert set(record["translations"]) == set(record["languages"])
        assert all(t["completeness"] == 1.0 for t in record["translations"].values())
    tools = data["tools"]
    assert tools["weasyprint"] == "70.0"
    assert {f["family"] for f in tools["fonts"]} >= {"Noto Serif", "Noto Serif CJK KR"}
    assert all(len(f["sha256"]) == 64 for f in tools["fonts"])


def test_pdf_a_3b_carries_its_source_data_and_identifies_itself(tmp_path):
    [artifact] = build(
        [SAMPLE], BuildOptions(out=tmp_path, languages=("ko",), variant="pdf/a-3b"), default_press()
    )
    with pikepdf.open(artifact.path) as pdf:
        [(name, attachment)] = pdf.attachments.items()
        assert name == "nara-2026.yaml"
        attached = attachment.get_file()
        assert attached.read_bytes() == SAMPLE.read_bytes()
        # Dated by the meeting, not by the clock: two builds a second apart are identical.
        meeting = dt.datetime(2026, 1, 13, tzinfo=dt.UTC)
        assert (attached.creation_date, attached.mod_date) == (meeting, meeting)
        assert attachment.relationship == pikepdf.Name("/Source")
        assert pdf.Root.Lang == "ko"
        # WeasyPrint lists the file spec twice in /AF (by value and by reference).
        assert {str(spec.AFRelationship) for spec in pdf.Root.AF} == {"/Source"}
        with pdf.open_metadata() as xmp:
            assert xmp["pdfaid:part"] == "3"
            assert xmp["pdfaid:conformance"] == "B"
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = descendant.FontDescriptor
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_pdf_ua_1_is_tagged_and_identifies_itself(tmp_path):
    [artifact] = build(
        [SAMPLE], BuildOptions(out=tmp_path, languages=("ja",), variant="pdf/ua-1"), default_press()
    )
    with pikepdf.open(artifact.path) as pdf:
        assert pdf.Root.MarkInfo.Marked
        assert "/StructTreeRoot" in pdf.Root
        assert pdf.Root.Lang == "ja"
        with pdf.open_metadata() as xmp:
            assert xmp["pdfuaid:part"] == "1"


def built(artifacts) -> list[str]:
    return sorted(a.edition.stem for a in artifacts if not a.skipped)


@dataclass
class Incremental:
    """A summit file built once, with templates and catalogs in copies to edit."""

    source: Path
    options: BuildOptions
    templates: Path
    locales: Path

    def build(self, **changes) -> list[str]:
        """Build again as a new run would (a new press), and name what was rebuilt."""
        press = open_press(templates=self.templates, locales=self.locales)
        return built(build([self.source], replace(self.options, **changes), press))


@pytest.fixture
def incremental(tmp_path):
    templates, locales = tmp_path / "templates", tmp_path / "locales"
    shutil.copytree(TEMPLATES, templates)
    shutil.copytree(LOCALES, locales)
    source = write_summit(tmp_path, MINIMAL)
    run = Incremental(source, BuildOptions(out=tmp_path / "out", format="html"), templates, locales)
    assert len(run.build()) == 6
    return run


def test_nothing_is_rebuilt_when_nothing_changed(incremental):
    press = open_press(templates=incremental.templates, locales=incremental.locales)
    again = build([incremental.source], incremental.options, press)
    assert built(again) == []
    assert all(a.skipped for a in again)


def test_a_data_change_rebuilds(incremental):
    incremental.source.write_text(MINIMAL.replace("Outcome text.", "Changed."), encoding="utf-8")
    assert len(incremental.build()) == 6


def test_a_template_change_rebuilds_everything(incremental):
    css = incremental.templates / "css" / "memo.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    assert len(incremental.build()) == 6


def test_a_registry_change_rebuilds_everything(incremental):
    registry = incremental.locales / "languages.toml"
    registry.write_text(registry.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert len(incremental.build()) == 6


def test_a_catalog_change_rebuilds_only_that_language(incremental):
    po = incremental.locales / "ko" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert incremental.build() == [
        "test-summit.en+ko",
        "test-summit.ko",
        "test-summit.ko+ja",
    ]


def test_an_up_to_date_artifact_keeps_its_warnings_and_strict_still_fails(tmp_path):
    source = write_summit(tmp_path, MINIMAL.replace(", ja: 成果の文。", ""))
    options = BuildOptions(out=tmp_path / "out", languages=("ja",), format="html")
    [first] = build([source], options, default_press())
    [again] = build([source], options, default_press())
    assert again.skipped
    assert (
        again.warnings
        == first.warnings
        == ("outcomes[0].text: missing translation (shows the en text)",)
    )
    with pytest.raises(RenderError, match=r"test-summit\.ja: outcomes\[0\]\.text: missing"):
        build([source], replace(options, strict=True), default_press())


def test_a_source_date_epoch_that_is_not_a_number_is_a_one_line_error(tmp_path):
    source = write_summit(tmp_path, MINIMAL)
    result = CliRunner().invoke(
        main,
        ["build", str(source), "--lang", "en", "--jobs", "1", "--out", str(tmp_path / "o")],
        env={"SOURCE_DATE_EPOCH": "yesterday"},
    )
    assert result.exit_code == 1
    assert result.stderr == "error: SOURCE_DATE_EPOCH='yesterday' is not a number of seconds\n"
    assert not (tmp_path / "o").exists()


def test_a_font_tool_or_option_change_rebuilds(incremental, monkeypatch):
    monkeypatch.setattr(inputs, "font_fingerprint", lambda font: f"{font.family} new")
    assert len(incremental.build()) == 6
    monkeypatch.setattr(fingerprint_module, "versions", lambda: {"weasyprint": "71.0"})
    assert len(incremental.build()) == 6
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1768262400")
    assert len(incremental.build()) == 6
    assert incremental.build() == []
    assert len(incremental.build(variant="pdf/a-3b")) == 6


def test_force_or_a_changed_output_file_rebuilds(incremental):
    assert len(incremental.build(force=True)) == 6
    (incremental.options.out / "test-summit" / "test-summit.ko.html").write_text("tampered")
    assert incremental.build() == ["test-summit.ko"]


def test_shards_partition_the_artifacts_exactly_and_merge(tmp_path):
    second = write_summit(tmp_path, MINIMAL, "second.yaml")
    files = [SAMPLE, second]
    everything = build(files, BuildOptions(out=tmp_path / "all", format="html"), default_press())
    paths = [str(a.path.relative_to(tmp_path / "all")) for a in everything]
    shards = []
    for number in (1, 2, 3):
        out = tmp_path / f"shard{number}"
        made = build(
            files, BuildOptions(out=out, format="html", shard=(number, 3)), default_press()
        )
        shards.append([str(a.path.relative_to(out)) for a in made])
    assert sorted(p for shard in shards for p in shard) == sorted(paths)
    assert all(len(shard) == len(paths) // 3 for shard in shards)
    merged = merge(
        [(n, read_manifest(tmp_path / f"shard{n}" / "manifest.json")) for n in (1, 2, 3)]
    )
    whole = read_manifest(tmp_path / "all" / "manifest.json")
    assert {(r.path, r.sha256) for r in merged.artifacts} == {
        (r.path, r.sha256) for r in whole.artifacts
    }
    result = CliRunner().invoke(
        main,
        [
            "manifest",
            "merge",
            *(str(tmp_path / f"shard{n}" / "manifest.json") for n in (1, 2, 3)),
            "-o",
            str(tmp_path / "merged.json"),
        ],
    )
    assert result.exit_code == 0, result.output
    jsonschema.validate(json.loads((tmp_path / "merged.json").read_text()), SCHEMA)


def test_merge_refuses_manifests_that_disagree(tmp_path):
    build(
        [SAMPLE],
        BuildOptions(out=tmp_path / "a", languages=("en",), format="html"),
        default_press(),
    )
    build(
        [SAMPLE],
        BuildOptions(out=tmp_path / "b", languages=("en",), format="html"),
        default_press(),
    )
    b = tmp_path / "b" / "manifest.json"
    data = json.loads(b.read_text())
    data["artifacts"][0]["sha256"] = "0" * 64
    b.write_text(json.dumps(data))
    with pytest.raises(ConfigError, match="differs between"):
        merge([("a", read_manifest(tmp_path / "a" / "manifest.json")), ("b", read_manifest(b))])


def test_a_failed_build_writes_nothing_and_keeps_earlier_artifacts(tmp_path, monkeypatch):
    source = write_summit(tmp_path, MINIMAL)
    out = tmp_path / "out"
    build([source], BuildOptions(out=out, format="html", languages=("en",)), default_press())
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RenderError("boom")
        return original(*args, **kwargs)

    original = build_module.make_artifact
    monkeypatch.setattr(build_module, "make_artifact", failing)
    source.write_text(MINIMAL.replace("Outcome text.", "Changed."), encoding="utf-8")
    with pytest.raises(RenderError):
        build([source], BuildOptions(out=out, format="html", jobs=1), default_press())
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_an_interrupted_write_leaves_no_partial_file(tmp_path, monkeypatch):
    source = write_summit(tmp_path, MINIMAL)
    out = tmp_path / "out"
    build([source], BuildOptions(out=out, format="html"), default_press())
    writes = []
    original = Path.replace

    def interrupted(self, target):
        writes.append(target)
        if len(writes) == 3:
            raise KeyboardInterrupt
        return original(self, target)

    monkeypatch.setattr(Path, "replace", interrupted)
    source.write_text(MINIMAL.replace("Outcome text.", "Changed."), encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        build([source], BuildOptions(out=out, format="html"), default_press())
    leftovers = [p for p in out.rglob(".*") if p.is_file() and p.name != ".manifest.lock"]
    assert leftovers == []
    for page in out.rglob("*.html"):
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_strict_lists_every_problem_of_every_file(tmp_path):
    first = write_summit(tmp_path, MINIMAL.replace("ko: 요약 문장., ", ""), "first.yaml")
    second = write_summit(
        tmp_path,
        MINIMAL.replace("test-summit", "other-summit").replace("ja: 成果の文。", ""),
        "second.yaml",
    )
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(first),
            str(second),
            "--strict",
            "--lang",
            "ko,ja",
            "--out",
            str(tmp_path / "o"),
        ],
    )
    assert result.exit_code == 1
    assert "test-summit.ko: summary: missing translation" in result.stderr
    assert "other-summit.ja: outcomes[0].text: missing translation" in result.stderr
    assert not (tmp_path / "o").exists()


def test_build_finds_summit_files_in_directories(tmp_path):
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / "a" / ".hidden").mkdir()
    write_summit(tmp_path / "a", MINIMAL, "one.yaml")
    write_summit(tmp_path / "a" / "deep", MINIMAL.replace("test-summit", "two"), "two.yml")
    write_summit(tmp_path / "a" / ".hidden", "not: a summit", "three.yaml")
    made = build(
        [tmp_path / "a"],
        BuildOptions(out=tmp_path / "o", languages=("en",), format="html"),
        default_press(),
    )
    assert sorted(a.edition.stem for a in made) == ["test-summit.en", "two.en"]


def test_two_files_with_one_id_are_an_error(tmp_path):
    write_summit(tmp_path, MINIMAL, "a.yaml")
    write_summit(tmp_path, MINIMAL, "b.yaml")
    with pytest.raises(ConfigError, match="id 'test-summit' is also the id of"):
        build([tmp_path], BuildOptions(out=tmp_path / "o", format="html"), default_press())


def test_json_summary_and_ci_logs(tmp_path):
    result = cli("build", "--lang", "en", "--json", "--out", "o", cwd=tmp_path, env={"CI": "true"})
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["ok"] is True
    editions = [(a["edition"], a["built"]) for a in summary["artifacts"]]
    assert editions == [("nara-2026.en", True), ("seoul-2024.en", True)]
    assert "wrote o/nara-2026/nara-2026.en.pdf" in result.stderr
    again = cli("build", "--lang", "en", "--out", "o", cwd=tmp_path, env={"CI": "true"})
    assert "up to date o/nara-2026/nara-2026.en.pdf" in again.stdout
    assert "2 artifacts: 0 built, 2 up to date" in again.stdout
    bad = cli("build", "missing.yaml", "--json", cwd=tmp_path)
    assert bad.returncode == 1
    assert json.loads(bad.stdout)["ok"] is False


def test_shard_option_is_checked(tmp_path):
    result = CliRunner().invoke(main, ["build", "--shard", "4/3"])
    assert result.exit_code == 2
    assert "'4/3' is not K/N" in result.stderr


def test_the_example_workflow_lets_only_the_publishing_job_write():
    workflow = YAML(typ="safe").load(CHECKOUT.joinpath("docs", "release-workflow.yml"))
    assert workflow["permissions"] == {"contents": "read"}
    granted = {name: job.get("permissions") for name, job in workflow["jobs"].items()}
    assert granted == {"build": None, "publish": {"contents": "write"}}
