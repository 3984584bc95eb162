"""Shared fixtures: the sample memos built once per test process."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from summitbrief import Artifact, BuildOptions, Press, build
from summitbrief.resources import SAMPLE, samples

from helpers import MINIMAL, ReadPdf, assert_gettext_reads, default_press, read_pdf


@pytest.fixture(scope="session")
def press() -> Press:
    """The press of the project's templates and catalogs in the built-in look, opened once."""
    return default_press()


SEOUL = next(path for path in samples() if path.stem == "seoul-2024")


@pytest.fixture(autouse=True)
def catalogs_written_are_valid_for_gettext(request: pytest.FixtureRequest, tmp_path: Path):
    """Every .po/.pot a test leaves in its tmp_path passes ``msgfmt -c`` (issue 14).

    Tests that leave a broken catalog on purpose say so with ``broken_catalog``.
    """
    yield
    if request.node.get_closest_marker("broken_catalog"):
        return
    for path in sorted([*tmp_path.rglob("*.po"), *tmp_path.rglob("*.pot")]):
        assert_gettext_reads(path)


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Artifact]:
    """The embedded sample in every language and pair, built once: "ko" or "ko+ja" → artifact."""
    out = tmp_path_factory.mktemp("sample")
    artifacts = build([SAMPLE], BuildOptions(out=out), default_press())
    return {"+".join(a.edition.languages): a for a in artifacts}


@pytest.fixture(scope="session")
def seoul_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Artifact]:
    """The second embedded sample (times, sessions, delegations, readings) in en, ko, ja, ko+ja."""
    out = tmp_path_factory.mktemp("seoul")
    options = BuildOptions(out=out, languages=("en", "ko", "ja"), pairs=(("ko", "ja"),))
    return {"+".join(a.edition.languages): a for a in build([SEOUL], options, default_press())}


@pytest.fixture(scope="session")
def sample_pdf(sample_build: dict[str, Artifact]) -> Callable[[str], ReadPdf]:
    """Read one language's sample memo (cached)."""
    cache: dict[str, ReadPdf] = {}

    def read(lang: str) -> ReadPdf:
        if lang not in cache:
            cache[lang] = read_pdf(sample_build[lang].path)
        return cache[lang]

    return read


@pytest.fixture
def minimal_summit() -> str:
    """A small valid summit in en, ko and ja, as YAML text."""
    return MINIMAL
