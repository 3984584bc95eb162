"""The manifest file: written stably, read back exactly, updated and merged by path."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest

from summitbrief.builder import manifest as manifest_module
from summitbrief.builder.manifest import (
    ArtifactRecord,
    Manifest,
    Translation,
    merge,
    merge_files,
    read_manifest,
    updated,
)
from summitbrief.errors import ConfigError

SCHEMA = json.loads((Path(__file__).parent.parent / "docs" / "manifest.schema.json").read_text())
TOOLS = {
    "python": "3.11.7",
    "summitbrief": "0.1.0",
    "weasyprint": "70.0",
    "pango": "1.50.12",
    "harfbuzz": "6.0.0",
    "fonts": [],
}


def record(path: str = "s/s.ko.pdf", sha: str = "a" * 64, **changes: object) -> ArtifactRecord:
    made = ArtifactRecord(
        path=path,
        summit="s",
        source="s.yaml",
        languages=("ko", "ja"),
        layout="parallel",
        format="pdf",
        variant="pdf/a-3b",
        sha256=sha,
        bytes=1234,
        pages=3,
        translations={
            "ko": Translation(texts=3, translated=2, fallbacks=("summary",)),
            "ja": Translation(texts=3, translated=3),
        },
        warnings=("ko: summary: 요약 missing (shows the en text)",),
        input_hash="b" * 64,
    )
    return made.model_copy(update=changes)


def write(directory: Path, manifest: Manifest, name: str = "manifest.json") -> Path:
    path = directory / name
    path.write_text(manifest.to_json(), encoding="utf-8")
    return path


def test_completeness_is_the_share_of_translated_texts_rounded():
    assert Translation(texts=3, translated=2).completeness == 0.6667
    assert Translation(texts=3, translated=3).completeness == 1.0
    assert Translation(texts=0, translated=0).completeness == 1.0


def test_json_is_stable_sorted_and_matches_the_schema():
    one = Manifest(tools=TOOLS, artifacts=(record("z/z.en.pdf"), record("a/a.en.pdf")))
    text = one.to_json()
    assert text.endswith("}\n") and not text.endswith("\n\n")
    data = json.loads(text)
    jsonschema.validate(data, SCHEMA)
    assert data["manifest_version"] == 1
    assert [a["path"] for a in data["artifacts"]] == ["a/a.en.pdf", "z/z.en.pdf"]
    assert list(data) == sorted(data) and list(data["artifacts"][0]) == sorted(data["artifacts"][0])
    assert data["artifacts"][0]["translations"]["ko"] == {
        "texts": 3,
        "translated": 2,
        "fallbacks": ["summary"],
        "completeness": 0.6667,
    }
    assert (
        Manifest(tools=TOOLS, artifacts=(record("a/a.en.pdf"), record("z/z.en.pdf"))).to_json()
        == text
    )
    assert '"ko: summary: 요약 missing' in text  # UTF-8, not \\uXXXX escapes
    assert '\n  "artifacts": [\n    {\n' in text


def test_a_written_manifest_reads_back_equal(tmp_path):
    manifest = Manifest(
        tools=TOOLS, artifacts=(record(), record("t/t.en.html", format="html", pages=None))
    )
    assert read_manifest(write(tmp_path, manifest)) == manifest


def test_a_missing_manifest_is_none(tmp_path):
    assert read_manifest(tmp_path / "manifest.json") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{not json", r"^m\.json: not a readable manifest: Expecting property name"),
        ("[]", r"^m\.json: not a summitbrief manifest \(Input should be a valid dictionary"),
        (
            '{"manifest_version": 2, "tools": {}}',
            r"^m\.json: not a summitbrief manifest \(manifest_version: Input should be 1\)$",
        ),
        (
            '{"manifest_version": 1}',
            r"^m\.json: not a summitbrief manifest \(tools: Field required\)$",
        ),
        (
            '{"manifest_version": 1, "tools": {}, "artifacts": [{"path": "x"}]}',
            r"^m\.json: not a summitbrief manifest \(artifacts\[0\]\.summit: Field required\) "
            r"and 11 more problem\(s\)$",
        ),
    ],
)
def test_a_broken_manifest_is_a_one_line_error_naming_the_file(
    tmp_path, monkeypatch, text, expected
):
    monkeypatch.chdir(tmp_path)
    Path("m.json").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=expected):
        read_manifest(Path("m.json"))


def test_a_manifest_that_is_a_directory_is_an_error_not_a_crash(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("manifest.json").mkdir()
    with pytest.raises(ConfigError, match=r"^manifest\.json: not a regular file$"):
        read_manifest(Path("manifest.json"))


def test_update_replaces_records_by_path_keeps_the_others_and_takes_the_new_tools():
    old = Manifest(tools={"weasyprint": "69.0"}, artifacts=(record("a.pdf"), record("b.pdf")))
    new = updated(old, TOOLS, [record("b.pdf", sha="c" * 64), record("c.pdf")])
    assert new.tools == TOOLS
    assert {r.path: r.sha256 for r in new.artifacts} == {
        "a.pdf": "a" * 64,
        "b.pdf": "c" * 64,
        "c.pdf": "a" * 64,
    }
    assert updated(None, TOOLS, [record()]) == Manifest(tools=TOOLS, artifacts=(record(),))


def test_merge_joins_shards_and_accepts_the_same_file_twice():
    merged = merge(
        [
            ("one", Manifest(tools=TOOLS, artifacts=(record("a.pdf"), record("b.pdf")))),
            ("two", Manifest(tools=dict(TOOLS), artifacts=(record("b.pdf"), record("c.pdf")))),
        ]
    )
    assert merged.tools == TOOLS
    assert sorted(merged.by_path()) == ["a.pdf", "b.pdf", "c.pdf"]


def test_merge_refuses_nothing_other_tools_and_disagreeing_files():
    with pytest.raises(ConfigError, match=r"^no manifests to merge$"):
        merge([])
    with pytest.raises(ConfigError, match=r"^two: built with other tools than one$"):
        merge([("one", Manifest(tools=TOOLS)), ("two", Manifest(tools={"weasyprint": "71.0"}))])
    with pytest.raises(ConfigError, match=r"^b\.pdf: differs between one and three$"):
        merge(
            [
                ("one", Manifest(tools=TOOLS, artifacts=(record("b.pdf"),))),
                ("two", Manifest(tools=TOOLS, artifacts=(record("c.pdf"),))),
                ("three", Manifest(tools=TOOLS, artifacts=(record("b.pdf", sha="d" * 64),))),
            ]
        )


def test_a_manifest_that_is_a_link_or_a_pipe_is_refused_without_following_or_waiting(tmp_path):
    target = write(tmp_path, Manifest(tools=TOOLS), "elsewhere.json")
    (tmp_path / "link.json").symlink_to(target)
    with pytest.raises(ConfigError, match=r"link\.json: not a readable manifest: Too many levels"):
        read_manifest(tmp_path / "link.json")
    os.mkfifo(tmp_path / "pipe.json")
    with pytest.raises(ConfigError, match=r"pipe\.json: not a regular file$"):
        read_manifest(tmp_path / "pipe.json")


def test_a_manifest_over_the_size_limit_is_refused_and_one_at_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(manifest_module, "MAX_MANIFEST_BYTES", 2**20)
    text = Manifest(tools={"pad": ""}).to_json()
    exact = text.replace('"pad": ""', '"pad": "' + "x" * (2**20 - len(text)) + '"')
    path = tmp_path / "manifest.json"
    path.write_text(exact, encoding="utf-8")
    assert path.stat().st_size == 2**20
    assert read_manifest(path) == Manifest(tools={"pad": "x" * (2**20 - len(text))})
    path.write_text(exact + " ", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"manifest\.json: larger than 1 MiB$"):
        read_manifest(path)


def test_two_problems_are_the_first_and_one_more(tmp_path):
    (tmp_path / "m.json").write_text('{"manifest_version": 2}', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"Input should be 1\) and 1 more problem\(s\)$"):
        read_manifest(tmp_path / "m.json")


def test_merging_files_names_a_missing_one(tmp_path):
    one = write(tmp_path, Manifest(tools=TOOLS, artifacts=(record("a.pdf"),)), "one.json")
    two = write(tmp_path, Manifest(tools=TOOLS, artifacts=(record("b.pdf"),)), "two.json")
    assert sorted(merge_files([one, two]).by_path()) == ["a.pdf", "b.pdf"]
    with pytest.raises(ConfigError, match=r"^\S+missing\.json: no such manifest$"):
        merge_files([one, tmp_path / "missing.json"])
