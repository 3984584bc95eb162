"""summitbrief against the floor of its own engine: WeasyPrint alone printing our HTML (issue 12).

The floor of a memo is what a bare Python process costs that imports
WeasyPrint and prints the HTML ``summitbrief build --format html`` writes for
that memo (its stylesheets and font stacks inlined): everything summitbrief
does beyond that is its own overhead. Cold runs alternate between the two
commands, so that other work on the machine weighs on both alike.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

# A bare WeasyPrint process printing files of HTML: the floor of a command line.
FLOOR = """
import sys
from weasyprint import HTML
out, *pages = sys.argv[1:]
for number, page in enumerate(pages):
    HTML(filename=page).write_pdf(f"{out}/{number}.pdf")
"""

# Targets of issue 12: (measure, key in the ratios, comparison, bound).
TARGETS = [
    ("cold CLI, one Korean memo (36 outcomes) vs floor", "cold_ko_vs_floor", "<=", 1.0),
    ("warm render, each memo vs WeasyPrint's own (worst)", "warm_vs_weasyprint", "<=", 0.8),
    ("cold CLI, whole sample set vs floor (one process)", "cold_set_vs_floor", "<=", 1.5),
    ("no-op rebuild of the sample set (s)", "noop_rebuild_s", "<=", 0.25),
    ("peak RSS per worker (MiB)", "peak_rss_worker_mib", "<=", 200.0),
]


def big_summit(sample: Path, directory: Path, outcomes: int = 36) -> Path:
    """The sample with its outcomes repeated to ``outcomes``: a long memo, as a ministry's."""
    from ruamel.yaml import YAML

    yaml = YAML()
    data = yaml.load(sample.read_text(encoding="utf-8"))
    found = list(data["outcomes"])
    data["outcomes"] = (found * (outcomes // len(found) + 1))[:outcomes]
    data["id"] = f"long-{outcomes}"
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"long-{outcomes}.yaml"
    with path.open("w", encoding="utf-8") as file:
        yaml.dump(data, file)
    return path


def html_of(cli: Sequence[str], arguments: Sequence[str], out: Path) -> list[Path]:
    """The HTML files ``summitbrief build --format html`` writes for ``arguments``."""
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run(
        [*cli, "build", *arguments, "--format", "html", "--out", str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return sorted(out.rglob("*.html"))


def alternating(
    ours: Callable[[], tuple[float, float]],
    floor: Callable[[], tuple[float, float]],
    repeat: int,
) -> dict[str, float]:
    """Medians of ``repeat`` runs of each, taken in turn: (seconds, peak RSS MiB) each."""
    mine, theirs = [], []
    for _ in range(repeat):
        mine.append(ours())
        theirs.append(floor())
    return {
        "seconds": statistics.median(s for s, _ in mine),
        "floor_seconds": statistics.median(s for s, _ in theirs),
        "peak_rss_mib": max(r for _, r in mine),
        "floor_peak_rss_mib": max(r for _, r in theirs),
    }


def cold_against_floor(
    measured: Callable[[Sequence[str]], tuple[float, float, int]],
    cli: Sequence[str],
    arguments: Sequence[str],
    work: Path,
    repeat: int,
) -> dict[str, float]:
    """A cold ``summitbrief build ARGUMENTS`` against a cold WeasyPrint printing its HTML."""
    pages = html_of(cli, arguments, work / "html")
    out = work / "out"
    printed = work / "floor"
    printed.mkdir(parents=True, exist_ok=True)

    def ours() -> tuple[float, float]:
        shutil.rmtree(out, ignore_errors=True)
        seconds, rss, code = measured([*cli, "build", *arguments, "--out", str(out)])
        if code:
            raise SystemExit(f"build failed ({code})")
        return seconds, rss

    def floor() -> tuple[float, float]:
        seconds, rss, code = measured([sys.executable, "-c", FLOOR, str(printed), *map(str, pages)])
        if code:
            raise SystemExit(f"the floor failed ({code})")
        return seconds, rss

    result = alternating(ours, floor, repeat)
    result["documents"] = len(pages)
    return result


def warm_against_weasyprint(edition: object, repeat: int) -> dict[str, float]:
    """Median warm render of one edition by summitbrief, and by WeasyPrint of the same HTML.

    summitbrief: ``render_document`` + ``render_pdf`` with one press, as a
    build's worker does. WeasyPrint: ``HTML(string=…).write_pdf()`` of the
    HTML ``--format html`` writes, as a user of WeasyPrint alone would.
    """
    from weasyprint import HTML

    from summitbrief import open_press, render_document, render_pdf
    from summitbrief.builder.make import standalone_html

    press = open_press()
    html = render_document(edition, press)  # type: ignore[arg-type]
    page = standalone_html(html, press)
    base = press.templates.as_uri() + "/"

    def ours() -> None:
        render_pdf(render_document(edition, press), press)  # type: ignore[arg-type]

    def theirs() -> None:
        HTML(string=page, base_url=base).write_pdf()

    ours()
    theirs()  # warm-up: imports, fonts
    mine, weasy = [], []
    for _ in range(repeat):
        for run, times in ((ours, mine), (theirs, weasy)):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
    return {"seconds": statistics.median(mine), "weasyprint_seconds": statistics.median(weasy)}


def ratios(floor: dict) -> dict[str, float | None]:
    """The figures the targets of issue 12 are checked on."""
    warm = floor["warm"]
    return {
        "cold_ko_vs_floor": floor["cold ko"]["seconds"] / floor["cold ko"]["floor_seconds"],
        "warm_vs_weasyprint": max(w["seconds"] / w["weasyprint_seconds"] for w in warm.values()),
        "cold_set_vs_floor": floor["cold set"]["seconds"] / floor["cold set"]["floor_seconds"],
    }


def report(floor: dict) -> list[str]:
    lines = [
        "",
        f"{'against the engine floor (median)':36} {'summitbrief':>12} {'floor':>10} {'ratio':>7}",
    ]
    for name, w in floor["warm"].items():
        lines.append(
            f"{'warm ' + name:36} {w['seconds']:11.3f}s {w['weasyprint_seconds']:9.3f}s "
            f"{w['seconds'] / w['weasyprint_seconds']:6.2f}×"
        )
    for name in ("cold ko", "cold set"):
        c = floor[name]
        label = f"{name} ({c['documents']} documents)"
        lines.append(
            f"{label:36} {c['seconds']:11.3f}s "
            f"{c['floor_seconds']:9.3f}s {c['seconds'] / c['floor_seconds']:6.2f}×"
            f"   peak RSS {c['peak_rss_mib']:.0f} / {c['floor_peak_rss_mib']:.0f} MiB"
        )
    return lines
