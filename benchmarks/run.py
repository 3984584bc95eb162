"""Measure summitbrief against Typst on this machine: one command, one run (`make bench`).

Prints a table and writes benchmarks/results.json. What is measured, and how,
is in benchmarks/README.md; every figure of one run comes from the same
machine, the same fonts and the same summit data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import fields
from importlib.metadata import version
from multiprocessing import get_context
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import floor  # noqa: E402
from typst_memo import typst_source  # noqa: E402

from summitbrief.fonts.lookup import match_font  # noqa: E402
from summitbrief.loader import load  # noqa: E402
from summitbrief.planner import Edition, plan  # noqa: E402
from summitbrief.press import open_press  # noqa: E402
from summitbrief.resources import SAMPLE  # noqa: E402

BIN = Path(sys.executable).parent
CLI = [str(BIN / "summitbrief")]
WARM_MEMOS = ("en", "ko", "ja", "ko+ja")
KOREAN = "ko"
# Memos whose lines adjust.py sets (issue 16): timed with and without it.
ADJUSTED_MEMOS = ("ko", "ja", "ko+ja")
UNADJUSTED = "{}, lines not adjusted"

# Targets of issue 7 against Typst (kept for the record; issue 12's, stricter on the
# no-op rebuild and memory, are in floor.py): (measure, key, comparison, bound).
TARGETS = [
    ("cold CLI, whole sample set vs Typst (one cold process)", "ratio_cold_set", "<=", 2.0),
    ("cold CLI, one Korean memo vs Typst", "ratio_cold_ko", "<=", 3.0),
    ("warm render of the Korean memo vs Typst warm", "ratio_warm_ko", "<=", 1.0),
    ("PDF bytes of the Korean memo vs Typst", "ratio_bytes_ko", "<=", 1.0),
    ("{summits} summits, --jobs 2 vs --jobs 1 (speed-up)", "batch_speedup", ">=", 1.7),
    ("line adjustment, share added to a warm ko/ja/ko+ja render", "adjust_cost", "<=", 0.15),
]


def median_time(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# Runs a command and reports (seconds, peak RSS in KiB). A small interpreter of
# its own starts the command: a child forked straight from this benchmark would
# count the benchmark's memory in its peak RSS (the high-water mark survives exec).
MEASURE = """
import resource, subprocess, sys, time
report, *command = sys.argv[1:]
start = time.perf_counter()
code = subprocess.call(command, stdout=subprocess.DEVNULL)
seconds = time.perf_counter() - start
# The largest process of the tree (the command or one of its workers), not their sum.
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
open(report, "w").write(f"{seconds} {peak} {code}")
"""


def measured(command: Sequence[str]) -> tuple[float, float, int]:
    """(seconds, peak RSS in MiB of the largest process of its tree, exit code)."""
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as report:
        subprocess.run([sys.executable, "-c", MEASURE, report.name, *command], check=True)
        seconds, peak, code = report.read().split()
    return float(seconds), int(peak) / 1024, int(code)


def cold(command: Sequence[str], repeat: int, fresh: Path | None = None) -> dict[str, float]:
    """Median time and peak RSS of ``repeat`` runs, each in a new process.

    ``fresh`` is removed before each run: builds are incremental, and a second
    build into the same directory would only check that nothing changed.
    """
    runs = []
    for _ in range(repeat):
        if fresh is not None:
            shutil.rmtree(fresh, ignore_errors=True)
        seconds, rss, code = measured(command)
        if code != 0:
            raise SystemExit(f"failed ({code}): {' '.join(command)}")
        runs.append((seconds, rss))
    return {
        "seconds": statistics.median(s for s, _ in runs),
        "peak_rss_mib": max(r for _, r in runs),
    }


# --- Typst ---------------------------------------------------------------------


def typst_fonts(editions: Sequence[Edition], directory: Path) -> Path:
    """A folder with just the font files fontconfig gives the memo languages (Regular, Bold)."""
    directory.mkdir(parents=True, exist_ok=True)
    languages = {lang for e in editions for lang in e.languages}
    for lang in sorted(languages):
        for family in open_press().languages.require(lang).fonts:
            for style in ("Regular", "Bold"):
                face = match_font(family, lang, style)
                if face.path and not (directory / face.path.name).exists():
                    (directory / face.path.name).symlink_to(face.path)
    return directory


TYPST_COLD = """
import sys, typst
fonts, out, *sources = sys.argv[1:]
compiler = typst.Compiler(font_paths=typst.Fonts(False, True, [fonts]), ignore_system_fonts=True)
for source in sources:
    folder, name = source.rsplit("/", 1)
    compiler.compile(input=source, output=f"{out}/{name[:-4]}.pdf", root=folder)
"""

# Typst memoizes layout across compiles in a process (comemo): compiling the
# same document again takes ~1 ms. A fair warm figure is the first compile of a
# memo in a process that has already loaded Typst and every face (a warm-up
# document sets a few characters in each face and weight).
TYPST_WARM = """
import sys, time, typst
fonts, warmup, source = sys.argv[1:]
compiler = typst.Compiler(font_paths=typst.Fonts(False, True, [fonts]), ignore_system_fonts=True)
compiler.compile(input=warmup.encode())
root = source.rsplit("/", 1)[0]
start = time.perf_counter()
compiler.compile(input=source, root=root)
first = time.perf_counter() - start
start = time.perf_counter()
compiler.compile(input=source, root=root)
print(first, time.perf_counter() - start)
"""

TYPST_WARMUP = """
#set page(paper: "a4")
#let faces = (("en", "Noto Serif"), ("ko", "Noto Serif CJK KR"), ("ja", "Noto Serif CJK JP"))
#for (lang, font) in faces {
  for weight in ("regular", "bold") {
    text(lang: lang, font: font, weight: weight)[Aa 1 가 あ 字]
  }
}
"""


def typst_warm(fonts: Path, source: Path, repeat: int) -> dict[str, float]:
    firsts, memoized = [], []
    for _ in range(repeat):
        result = subprocess.run(
            [sys.executable, "-c", TYPST_WARM, str(fonts), TYPST_WARMUP, str(source)],
            check=True,
            capture_output=True,
            text=True,
        )
        first, again = map(float, result.stdout.split())
        firsts.append(first)
        memoized.append(again)
    return {"seconds": statistics.median(firsts), "memoized_s": statistics.median(memoized)}


# --- summitbrief in process ----------------------------------------------------


def pdf_options_supports(name: str) -> bool:
    from summitbrief.pdf.document import PdfOptions

    return any(f.name == name for f in fields(PdfOptions))


def warm_render(edition: Edition, repeat: int, **options: object) -> dict[str, float]:
    """Median time of render_html + render_pdf of one edition in a warm process."""
    from summitbrief.pdf.document import PdfOptions, render_pdf
    from summitbrief.render.html import render_document

    press = open_press()
    pdf_options = PdfOptions(**options)  # type: ignore[arg-type]
    printed = render_pdf(render_document(edition, press), press, pdf_options)  # warm-up
    seconds = median_time(
        lambda: render_pdf(render_document(edition, press), press, pdf_options), repeat
    )
    return {"seconds": seconds, "bytes": len(printed.data), "pages": printed.pages}


# --- batches -------------------------------------------------------------------


def generate_summits(count: int, directory: Path) -> list[Path]:
    """``count`` summits from the sample: other ids, outcomes rotated so the texts differ."""
    from ruamel.yaml import YAML

    yaml = YAML()
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        data = yaml.load(SAMPLE.read_text(encoding="utf-8"))
        data["id"] = f"bench-{number:02d}"
        outcomes = data["outcomes"]
        shift = number % len(outcomes)
        data["outcomes"] = outcomes[shift:] + outcomes[:shift]
        data["title"]["en"] = f"{data['title']['en']} ({number + 1})"
        data["title"]["ko"] = f"{data['title']['ko']} ({number + 1})"
        data["title"]["ja"] = f"{data['title']['ja']}（{number + 1}）"
        path = directory / f"bench-{number:02d}.yaml"
        with path.open("w", encoding="utf-8") as file:
            yaml.dump(data, file)
        paths.append(path)
    return paths


def _build_one(source: str, out: str) -> int:
    import resource

    from summitbrief import BuildOptions, build

    build([Path(source)], BuildOptions(out=Path(out)), open_press())
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def cli_has_jobs() -> bool:
    result = subprocess.run([*CLI, "build", "--help"], capture_output=True, text=True, check=True)
    return "--jobs" in result.stdout


def batch(sources: Sequence[Path], jobs: int, out: Path, use_cli: bool) -> dict[str, float]:
    shutil.rmtree(out, ignore_errors=True)
    if use_cli:
        seconds, rss, code = measured(
            [*CLI, "build", *map(str, sources), "--jobs", str(jobs), "--out", str(out)]
        )
        if code != 0:
            raise SystemExit(f"batch build failed ({code})")
        return {"seconds": seconds, "peak_rss_worker_mib": rss}
    start = time.perf_counter()
    # Fresh interpreters, as a command line's workers would be: a forked worker
    # would count the benchmark's own memory in its RSS.
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
        peaks = list(pool.map(_build_one, map(str, sources), [str(out)] * len(sources)))
    return {"seconds": time.perf_counter() - start, "peak_rss_worker_mib": max(peaks) / 1024}


def noop_rebuild(out: Path, repeat: int) -> dict[str, object]:
    """Time a rebuild of the built sample set; 'n/a' when it rewrites files (not incremental)."""
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([*CLI, "build", "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
    before = {p: p.stat().st_ino for p in out.rglob("*.pdf")}
    result = cold([*CLI, "build", "--out", str(out)], repeat)
    after = {p: p.stat().st_ino for p in out.rglob("*.pdf")}
    rewritten = [p.name for p in before if after.get(p) != before[p]]
    if rewritten:
        return {"seconds": None, "note": f"n/a: a rebuild rewrote {len(rewritten)} PDFs"}
    return {"seconds": result["seconds"], "note": "incremental: no file rewritten"}


# --- the run -------------------------------------------------------------------


def machine() -> dict[str, object]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    commit = subprocess.run(
        ["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit or "unknown",
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory, 1),
        "python": platform.python_version(),
        "weasyprint": version("weasyprint"),
        "typst": version("typst"),
        # Other work on the machine skews timings: compare with the load at the end.
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per warm median (default 7)")
    parser.add_argument("--cold-repeat", type=int, default=3, help="runs per cold median")
    parser.add_argument("--summits", type=int, default=50, help="summits in the batch")
    parser.add_argument("--json", type=Path, default=HERE / "results.json")
    parser.add_argument(
        "--only-floor",
        action="store_true",
        help="only the rows against WeasyPrint's floor (issue 12), not Typst or the batch",
    )
    args = parser.parse_args(argv)
    if args.only_floor:
        return floor_only(args)

    summit = load(SAMPLE, open_press().languages)
    editions = plan(summit)
    by_name = {"+".join(e.languages): e for e in editions}
    results: dict[str, object] = {"machine": machine()}
    work = Path(tempfile.mkdtemp(prefix="summitbrief-bench-"))
    try:
        fonts = typst_fonts(editions, work / "fonts")
        sources = {}
        for edition in editions:
            name = "+".join(edition.languages)
            path = work / "typst" / f"{edition.stem}.typ"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(typst_source(edition), encoding="utf-8")
            sources[name] = path

        step("warm renders (in process)")
        subset = pdf_options_supports("subset_fonts")
        warm = {name: warm_render(by_name[name], args.repeat) for name in WARM_MEMOS}
        if subset:
            warm["ko, fonts not subset"] = warm_render(
                by_name[KOREAN], args.repeat, subset_fonts=False
            )
        if pdf_options_supports("adjust_lines"):
            for name in ADJUSTED_MEMOS:
                warm[UNADJUSTED.format(name)] = warm_render(
                    by_name[name], args.repeat, adjust_lines=False
                )
        results["warm"] = warm

        step("Typst: warm compiles, sizes")
        typst_out = work / "typst-pdf"
        typst_out.mkdir()
        subprocess.run(
            [
                sys.executable,
                "-c",
                TYPST_COLD,
                str(fonts),
                str(typst_out),
                *map(str, sources.values()),
            ],
            check=True,
        )
        results["typst_bytes"] = {
            name: (typst_out / f"{path.stem}.pdf").stat().st_size for name, path in sources.items()
        }
        results["typst_warm"] = {
            name: typst_warm(fonts, sources[name], args.cold_repeat) for name in WARM_MEMOS
        }

        step("cold command lines")
        results["cold"] = {
            "summitbrief --help": cold([*CLI, "--help"], args.cold_repeat),
            "summitbrief validate (sample)": cold(
                [*CLI, "validate", str(SAMPLE)], args.cold_repeat
            ),
            "python -c 'import weasyprint'": cold(
                [sys.executable, "-c", "import weasyprint"], args.cold_repeat
            ),
            "build ko": cold(
                [*CLI, "build", "--lang", "ko", "--out", str(work / "cold-ko")],
                args.cold_repeat,
                fresh=work / "cold-ko",
            ),
            "build sample set": cold(
                [*CLI, "build", "--out", str(work / "cold-set")],
                args.cold_repeat,
                fresh=work / "cold-set",
            ),
            "typst ko": cold(
                [
                    sys.executable,
                    "-c",
                    TYPST_COLD,
                    str(fonts),
                    str(typst_out),
                    str(sources[KOREAN]),
                ],
                args.cold_repeat,
            ),
            "typst sample set": cold(
                [sys.executable, "-c", TYPST_COLD, str(fonts), str(typst_out)]
                + [str(p) for p in sources.values()],
                args.cold_repeat,
            ),
        }
        built = work / "cold-ko" / summit.id / f"{summit.id}.ko.pdf"
        results["bytes_ko"] = built.stat().st_size

        step("no-op rebuild")
        results["noop"] = noop_rebuild(work / "noop", args.cold_repeat)

        step(f"batch of {args.summits} summits")
        batch_sources = generate_summits(args.summits, work / "summits")
        use_cli = cli_has_jobs()
        results["batch"] = {
            "summits": args.summits,
            "editions": args.summits * len(editions),
            "how": "summitbrief build --jobs N"
            if use_cli
            else "own process pool over summitbrief.build.build (no --jobs yet), one summit a task",
            "jobs 1": batch(batch_sources, 1, work / "batch", use_cli),
            "jobs 2": batch(batch_sources, 2, work / "batch", use_cli),
        }
        step("against the floor of WeasyPrint (issue 12)")
        results["floor"] = measure_floor(by_name, work / "floor", args)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["ratios"] = ratios(results)
    args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(report(results))
    print(f"\nwrote {args.json}")
    return 0


def measure_floor(by_name: dict[str, Edition], work: Path, args: argparse.Namespace) -> dict:
    """The rows of issue 12: warm and cold against WeasyPrint printing our HTML."""
    long = floor.big_summit(SAMPLE, work / "summits")
    return {
        "warm": {
            name: floor.warm_against_weasyprint(by_name[name], args.repeat) for name in WARM_MEMOS
        },
        "cold ko": floor.cold_against_floor(
            measured, CLI, [str(long), "--lang", "ko"], work / "ko", args.cold_repeat
        ),
        "cold set": floor.cold_against_floor(measured, CLI, [], work / "set", args.cold_repeat),
    }


def floor_only(args: argparse.Namespace) -> int:
    by_name = {"+".join(e.languages): e for e in plan(load(SAMPLE, open_press().languages))}
    work = Path(tempfile.mkdtemp(prefix="summitbrief-bench-"))
    try:
        results = {"machine": machine(), "floor": measure_floor(by_name, work, args)}
        results["noop"] = noop_rebuild(work / "noop", args.cold_repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    figures = {**floor.ratios(results["floor"]), "noop_rebuild_s": results["noop"]["seconds"]}
    lines = floor.report(results["floor"])
    lines.append(f"{'no-op rebuild of the sample set':36} {results['noop']['seconds']:11.3f}s")
    for label, key, op, bound in floor.TARGETS:
        value = figures.get(key)
        if value is not None:
            met = value <= bound if op == "<=" else value >= bound
            lines.append(f"{label:52} {value:9.2f} {op} {bound:<5}  {'yes' if met else 'NO'}")
    print("\n".join(lines))
    return 0


def step(what: str) -> None:
    print(f"… {what}", file=sys.stderr, flush=True)


def ratios(r: dict) -> dict[str, float | None]:
    cold = r["cold"]
    batch = r["batch"]
    peaks = [batch["jobs 1"]["peak_rss_worker_mib"], batch["jobs 2"]["peak_rss_worker_mib"]]
    return {
        **floor.ratios(r["floor"]),
        "ratio_cold_set": cold["build sample set"]["seconds"] / cold["typst sample set"]["seconds"],
        "ratio_cold_ko": cold["build ko"]["seconds"] / cold["typst ko"]["seconds"],
        "ratio_warm_ko": r["warm"][KOREAN]["seconds"] / r["typst_warm"][KOREAN]["seconds"],
        "ratio_bytes_ko": r["bytes_ko"] / r["typst_bytes"][KOREAN],
        "noop_rebuild_s": r["noop"]["seconds"],
        "batch_speedup": batch["jobs 1"]["seconds"] / batch["jobs 2"]["seconds"],
        "peak_rss_worker_mib": max([*peaks, cold["build sample set"]["peak_rss_mib"]]),
        "adjust_cost": adjust_cost(r["warm"]),
    }


def adjust_cost(warm: dict) -> float | None:
    """The largest share line adjustment adds to a warm render of a Korean or Japanese memo."""
    if UNADJUSTED.format(ADJUSTED_MEMOS[0]) not in warm:
        return None
    return max(
        warm[name]["seconds"] / warm[UNADJUSTED.format(name)]["seconds"] - 1
        for name in ADJUSTED_MEMOS
    )


def report(r: dict) -> str:
    m = r["machine"]
    lines = [
        f"summitbrief benchmark — {m['date']}, commit {m['commit']}",
        f"{m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; Python {m['python']}, "
        f"WeasyPrint {m['weasyprint']}, typst (PyPI) {m['typst']}; load average "
        f"{m['load_average_at_start'][0]} at start, {m['load_average_at_end'][0]} at end",
        "",
        f"{'warm render (median)':36} {'summitbrief':>12} {'Typst':>10} {'ratio':>7}"
        f" {'PDF KiB':>9} {'Typst KiB':>10}",
    ]
    for name, w in r["warm"].items():
        typst = r["typst_warm"].get(name)
        typst_bytes = r["typst_bytes"].get(name)
        lines.append(
            f"{name:36} {w['seconds']:11.3f}s "
            + (
                f"{typst['seconds']:9.3f}s {w['seconds'] / typst['seconds']:6.1f}×"
                if typst
                else f"{'':18}"
            )
            + f" {w['bytes'] / 1024:9.1f}"
            + (f" {typst_bytes / 1024:10.1f}" if typst_bytes else "")
        )
    lines += ["", f"{'cold command line (median)':36} {'seconds':>12} {'peak RSS MiB':>13}"]
    for name, c in r["cold"].items():
        lines.append(f"{name:36} {c['seconds']:11.3f}s {c['peak_rss_mib']:13.0f}")
    noop = r["noop"]
    lines.append(
        f"{'no-op rebuild of the sample set':36} "
        + (f"{noop['seconds']:11.3f}s" if noop["seconds"] is not None else f"{'n/a':>12}")
        + f"  ({noop['note']})"
    )
    b = r["batch"]
    lines += ["", f"batch: {b['summits']} summits, {b['editions']} PDFs ({b['how']})"]
    for jobs in ("jobs 1", "jobs 2"):
        lines.append(
            f"  {jobs:34} {b[jobs]['seconds']:11.1f}s   peak RSS per worker "
            f"{b[jobs]['peak_rss_worker_mib']:.0f} MiB"
        )
    lines += floor.report(r["floor"])
    lines += ["", f"{'target':52} {'figure':>9} {'bound':>8}  met"]
    for template, key, op, bound in [*floor.TARGETS, *TARGETS]:
        label = template.format(summits=b["summits"])
        value = r["ratios"][key]
        if value is None:
            lines.append(f"{label:52} {'n/a':>9} {op} {bound:<5}  n/a")
            continue
        met = value <= bound if op == "<=" else value >= bound
        lines.append(f"{label:52} {value:9.2f} {op} {bound:<5}  {'yes' if met else 'NO'}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
