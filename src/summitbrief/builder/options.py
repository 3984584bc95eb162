"""What a build makes and how: the options of ``summitbrief build`` that are not the press's."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from summitbrief.choices import Layout, OutputFormat, Variant


@dataclass(frozen=True)
class BuildOptions:
    """What to build, where and how; the look (theme, paper, marks, dates) is the press's."""

    out: Path = Path("output")
    languages: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    layout: Layout = "parallel"
    format: OutputFormat = "pdf"
    strict: bool = False
    variant: Variant | None = None
    jobs: int = 1
    force: bool = False
    shard: tuple[int, int] | None = None  # (K, N): the K-th of N shards, from 1
