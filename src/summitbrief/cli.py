"""Command line: parse options, open the press, call the stages, report. Nothing else lives here.

Every command that prints memos (build, preview, validate, doctor) takes the
same press options with the same meaning (``press_options``), and turns every
problem into one ``error:`` line and exit code 1 (2 for a usage error).
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, Protocol, cast

import click

from summitbrief import __version__
from summitbrief.choices import (
    DATE_STYLES,
    FORMATS,
    MAX_BLEED_MM,
    PAIR_LAYOUTS,
    PAPERS,
    VARIANTS,
    DateStyle,
    Layout,
    OutputFormat,
    Paper,
    Variant,
)
from summitbrief.errors import SummitbriefError

if TYPE_CHECKING:
    from summitbrief.builder.make import Artifact
    from summitbrief.builder.options import BuildOptions
    from summitbrief.builder.uptodate import Look
    from summitbrief.languages import Languages
    from summitbrief.press import Press


def _items(value: tuple[str, ...]) -> list[str]:
    """Repeated and comma-separated option values, in order."""
    return [text.strip() for item in value for text in item.split(",") if text.strip()]


def _languages(
    _ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_items(value)))


def _lang_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--lang TAGS``: known languages, repeated or comma-separated, in order."""
    return click.option(
        "--lang", "languages", multiple=True, callback=_languages, metavar="TAGS", help=help_text
    )


def _pairs(
    _ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    texts = _items(value)
    if not texts:
        return ()
    from summitbrief.model import split_pair  # pydantic: only when there is a pair to read

    pairs = []
    for text in texts:
        try:
            pairs.append(split_pair(text))
        except ValueError as error:
            raise click.BadParameter(str(error)) from None
    return tuple(dict.fromkeys(pairs))


def _known(press: Press, tags: list[str], option: str) -> None:
    """Language tags of an option must be registered in the press's locales."""
    unknown = [tag for tag in tags if tag not in press.languages]
    if unknown:
        known = ", ".join(press.languages)
        raise click.BadParameter(
            f"unknown language {', '.join(unknown)} (known: {known})", param_hint=option
        )


class _Group(click.Group):
    """Reports every problem as one line and exit code 1, never with a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except SummitbriefError as error:
            _fail(str(error).splitlines())
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            _fail([f"{where}{error.strerror or error}"])
        except MemoryError:
            _fail(["out of memory"])
        except RecursionError:
            _fail(["an input nested too deeply to process"])
        except Exception as error:
            # A bug: one line here, the traceback with -v.
            logging.getLogger("summitbrief").debug("internal error", exc_info=True)
            name = type(error).__name__
            _fail([f"internal error ({name}: {error}); run with -v for details and report it"])


def _fail(lines: list[str]) -> NoReturn:
    for line in lines:
        click.echo(f"error: {line}", err=True)
    sys.exit(1)


def _terminate(signum: int, _frame: object) -> None:
    """SIGTERM (a CI runner's timeout, `kill`): end now, leaving no temporary file.

    Raising here could be swallowed where the signal lands (a finalizer) and
    let the build go on. Printer processes are stopped here; one too young to
    have asked for PR_SET_PDEATHSIG would outlive this one.
    """
    import multiprocessing

    from summitbrief.builder.output import remove_temporaries

    remove_temporaries()
    for child in multiprocessing.active_children():
        child.kill()
    os._exit(128 + signum)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="summitbrief")
@click.option("-v", "--verbose", is_flag=True, help="Log what WeasyPrint does, and tracebacks.")
def main(verbose: bool) -> None:
    """Print-ready briefing memos in English, Korean and Japanese from summit data files."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.ERROR, format="%(name)s: %(message)s"
    )
    if verbose:
        logging.getLogger("fontTools").setLevel(logging.WARNING)
    signal.signal(signal.SIGTERM, _terminate)


_locales_option = click.option(
    "--locales",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    metavar="DIR",
    help="The catalogs and language registry (default: the project's locales/), "
    "e.g. a translator's working copy.",
)


def _registry(locales: Path | None) -> Languages:
    """The language registry of ``locales`` (default: the project's)."""
    from summitbrief.languages import read_languages
    from summitbrief.resources import LOCALES

    return read_languages(locales or LOCALES)


def press_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options of the press, the same for build, preview, validate and doctor."""
    options = [
        click.option(
            "--theme",
            type=click.Path(path_type=Path, file_okay=False, exists=True),
            metavar="DIR",
            help="A theme: its templates replace the built-in ones of the same name, its "
            "extra.css follows the built-in CSS, its theme.toml names the organization and "
            "logo (docs/themes.md).",
        ),
        click.option(
            "--templates",
            "old_theme",
            type=click.Path(path_type=Path, file_okay=False, exists=True),
            metavar="DIR",
            hidden=True,
            help="Deprecated: the same as --theme.",
        ),
        _locales_option,
        click.option(
            "--paper",
            type=click.Choice(PAPERS),
            default="a4",
            show_default=True,
            help="Paper size.",
        ),
        click.option(
            "--print-marks",
            is_flag=True,
            help="Crop, bleed and centre marks outside a 3 mm bleed, for a print shop "
            "(docs/themes.md).",
        ),
        click.option(
            "--bleed",
            type=click.FloatRange(0, MAX_BLEED_MM),
            metavar="MM",
            help="Bleed around the trimmed page in millimetres (default: 3 with --print-marks, "
            "else 0).",
        ),
        click.option(
            "--date-style",
            type=click.Choice(DATE_STYLES),
            help="Japanese dates: 2026年1月13日 (gregorian), or 令和8年1月13日 (era). "
            "Default: the theme's choice, else gregorian.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@dataclass(frozen=True)
class _PressOptions:
    """The press options of a command, as click gives them (the shared options above)."""

    theme: Path | None
    old_theme: Path | None
    locales: Path | None
    paper: str
    print_marks: bool
    bleed: float | None
    date_style: str | None

    @property
    def chosen_theme(self) -> Path | None:
        """--theme, else the deprecated --templates."""
        return self.theme or self.old_theme

    def opener(self) -> Callable[[], Press]:
        """A function that opens the press of these options (the preview re-opens it)."""
        from summitbrief.press import open_press

        if self.old_theme is not None:
            click.echo("note: --templates DIR is deprecated: use --theme DIR", err=True)

        def opened() -> Press:
            return open_press(
                theme=self.chosen_theme,
                locales=self.locales,
                paper=cast(Paper, self.paper),
                print_marks=self.print_marks,
                bleed=self.bleed,
                date_style=cast(DateStyle | None, self.date_style),
                cache=_cache_folder(),
            )

        return opened

    def look(self) -> Look:
        """The options as the fingerprint of a run has them, for a no-op rebuild's check."""
        from summitbrief.builder.uptodate import Look
        from summitbrief.resources import LOCALES, TEMPLATES

        look = (self.paper, self.print_marks, self.bleed, self.date_style)
        return Look(TEMPLATES, self.locales or LOCALES, self.chosen_theme, look)


def _open_press(**press: Any) -> Callable[[], Press]:
    """A function that opens the press of the shared options (the preview re-opens it)."""
    return _PressOptions(**press).opener()


def _cache_folder() -> Path | None:
    """Where compiled templates are kept between runs: $SUMMITBRIEF_CACHE, else the user's
    cache folder (XDG); none when SUMMITBRIEF_CACHE is empty."""
    chosen = os.environ.get("SUMMITBRIEF_CACHE")
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "summitbrief"


def _shard(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> tuple[int, int] | None:
    if value is None:
        return None
    number, slash, count = value.partition("/")
    if not (slash and number.isdigit() and count.isdigit() and 1 <= int(number) <= int(count)):
        raise click.BadParameter(f"'{value}' is not K/N with 1 <= K <= N, e.g. 2/4")
    return int(number), int(count)


def _samples(files: tuple[Path, ...]) -> list[Path]:
    """The files given, or the embedded samples."""
    from summitbrief.resources import samples

    return list(files) or list(samples())


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@_lang_option("Single-language memos to build, comma-separated, e.g. ko,ja.")
@click.option(
    "--pair",
    "pairs",
    multiple=True,
    callback=_pairs,
    metavar="LEFT+RIGHT",
    help="Bilingual memos to build, e.g. --pair ko+ja --pair ja+en. Without --lang and "
    "--pair: every language the file declares and every pair (its `pairs`, or all of them).",
)
@click.option(
    "--layout",
    type=click.Choice(PAIR_LAYOUTS),
    default="parallel",
    show_default=True,
    help="Bilingual layout: aligned columns, or each block followed by its translation.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("output"),
    show_default=True,
    help="Output directory; files go to OUT/<id>/<id>.<lang>.<format> (<lang> may be a pair).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="pdf",
    show_default=True,
    help="html writes the HTML WeasyPrint gets, with its stylesheets inlined, for debugging.",
)
@click.option(
    "--pdf-variant",
    "variant",
    type=click.Choice(VARIANTS),
    help="Archival PDF/A-3b (with the summit file attached) or accessible PDF/UA-1.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Fail on any warning (missing translation, uncovered character, overflow).",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="the number of cores",
    help="Worker processes that render in parallel.",
)
@click.option("--force", is_flag=True, help="Rebuild even what the manifest says is up to date.")
@click.option(
    "--shard",
    callback=_shard,
    metavar="K/N",
    help="Build only the K-th of N deterministic shards of the artifacts (for a CI matrix).",
)
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable summary.")
@press_options
def build(
    files: tuple[Path, ...],
    languages: tuple[str, ...],
    pairs: tuple[tuple[str, str], ...],
    layout: str,
    out: Path,
    output_format: str,
    variant: str | None,
    strict: bool,
    jobs: int,
    force: bool,
    shard: tuple[int, int] | None,
    as_json: bool,
    **press: Any,
) -> None:
    """Build memos from FILES and directories of them (default: the embedded samples)."""
    from summitbrief.builder.options import BuildOptions
    from summitbrief.builder.sources import discover
    from summitbrief.builder.uptodate import up_to_date

    started = time.monotonic()
    options = BuildOptions(
        out=out,
        languages=languages,
        pairs=pairs,
        layout=cast(Layout, layout),
        format=cast(OutputFormat, output_format),
        strict=strict,
        variant=cast(Variant | None, variant),
        jobs=jobs,
        force=force,
        shard=shard,
    )
    interactive = sys.stderr.isatty() and not os.environ.get("CI") and not as_json
    try:
        paths = discover(_samples(files))
        # Nothing changed: said from the manifest, before anything heavy is loaded.
        look = _PressOptions(**press).look()
        artifacts: Sequence[Reported] | None = up_to_date(paths, options, look)
        if artifacts is not None:
            report = _progress(as_json)
            for artifact in artifacts:
                report(artifact)
        else:
            artifacts = _build(paths, options, press, interactive, as_json)
    except SummitbriefError as error:
        if as_json:
            errors = str(error).splitlines()
            click.echo(json.dumps({"ok": False, "errors": errors}, ensure_ascii=False, indent=2))
        raise
    elapsed = time.monotonic() - started
    if as_json:
        summary = {
            "ok": True,
            "seconds": round(elapsed, 3),
            "artifacts": [_summary(a) for a in artifacts],
        }
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    for artifact in artifacts:
        for warning in artifact.warnings:
            click.echo(f"warning: {artifact.stem}: {warning}", err=True)
    built = sum(not a.skipped for a in artifacts)
    warned = sum(len(a.warnings) for a in artifacts)
    click.echo(
        f"{len(artifacts)} artifacts: {built} built, {len(artifacts) - built} up to date, "
        f"{warned} warnings ({elapsed:.1f} s); manifest: {out / 'manifest.json'}"
    )


class Reported(Protocol):
    """What the command line says of an artifact, built or up to date."""

    @property
    def path(self) -> Path: ...
    @property
    def stem(self) -> str: ...
    @property
    def skipped(self) -> bool: ...
    @property
    def pages(self) -> int | None: ...
    @property
    def size(self) -> int: ...
    @property
    def sha256(self) -> str: ...
    @property
    def warnings(self) -> tuple[str, ...]: ...


def _build(
    paths: list[Path],
    options: BuildOptions,
    press: dict[str, Any],
    interactive: bool,
    as_json: bool,
) -> list[Artifact]:
    """The build itself: printers first, so that their import of WeasyPrint runs while this
    process opens the press, loads and renders."""
    from summitbrief.builder.printers import Printers

    printers = Printers(options.jobs) if options.format == "pdf" else None
    try:
        from summitbrief.builder.batch import build as run_build  # the stages: after the printers

        opened = _open_press(**press)()
        _known(opened, list(options.languages), "--lang")
        _known(opened, [tag for pair in options.pairs for tag in pair], "--pair")
        if not interactive:
            return run_build(paths, options, opened, _progress(as_json), printers)
        return _with_bar(lambda progress: run_build(paths, options, opened, progress, printers))
    finally:
        if printers is not None:
            printers.close()


def _summary(artifact: Reported) -> dict[str, object]:
    """What ``build --json`` says of an artifact."""
    return {
        "path": str(artifact.path),
        "edition": artifact.stem,
        "built": not artifact.skipped,
        "pages": artifact.pages,
        "bytes": artifact.size,
        "sha256": artifact.sha256,
        "warnings": list(artifact.warnings),
    }


def _progress(as_json: bool) -> Callable[[Reported], None]:
    """One line per artifact, as it is written or found up to date."""

    def log(artifact: Reported) -> None:
        state = "up to date" if artifact.skipped else "wrote"
        pages = f"{artifact.pages} pages, " if artifact.pages else ""
        click.echo(f"{state} {artifact.path} ({pages}{artifact.size / 1024:.0f} KiB)", err=as_json)

    return log


def _with_bar(run: Callable[[Callable[[Artifact], None]], list[Artifact]]) -> list[Artifact]:
    """Run a build with a progress bar on the terminal."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), transient=True
    ) as bar:
        task = bar.add_task("building", total=None)

        def advance(artifact: Artifact) -> None:
            bar.update(task, advance=1, description=artifact.stem)
            state = "up to date" if artifact.skipped else "wrote"
            bar.console.print(f"{state} {artifact.path}")

        return run(advance)


@main.group()
def manifest() -> None:
    """Work with build manifests."""


@manifest.command("merge")
@click.argument("manifests", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="Where to write the merged manifest.",
)
def merge_manifests(manifests: tuple[Path, ...], output: Path) -> None:
    """Join the manifests of shard builds into one."""
    from summitbrief.builder.manifest import merge_files
    from summitbrief.files import write_atomically

    merged = merge_files(manifests)
    write_atomically(output, merged.to_json().encode("utf-8"))
    click.echo(f"merged {len(manifests)} manifests, {len(merged.artifacts)} artifacts: {output}")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@press_options
@click.option(
    "--strict",
    is_flag=True,
    help="Also check the translations: the catalogs of the files' languages and their "
    "texts, by the rules of `i18n check`; exit 1 on any finding.",
)
def validate(files: tuple[Path, ...], strict: bool, **press: Any) -> None:
    """Check summit FILES and directories of them; print every problem with file:line:column."""
    from summitbrief.validation import check_translations, validate_files

    opened = _open_press(**press)()
    reports = validate_files(list(files), opened)
    if strict:
        check_translations(list(files), opened)
    for report in reports:
        click.echo(f"{report.source}: ok ({report.summary})")
        for lang, count in report.missing.items():
            click.echo(f"  {lang}: {count} missing translations", err=True)


@main.command()
@press_options
def doctor(**press: Any) -> None:
    """Report what is installed, what is missing and what it costs."""
    from summitbrief.doctor import diagnose

    checks = diagnose(_open_press(**press))
    width = max(len(check.topic) for check in checks)
    for check in checks:
        mark = "ok " if check.ok else ("MISSING" if check.required else "warn")
        click.echo(f"{mark:7} {check.topic:{width}}  {check.detail}")
    failed = [check for check in checks if not check.ok and check.required]
    if failed:
        click.echo(f"{len(failed)} problem(s); `make venv` installs what the project needs.")
        sys.exit(1)


# --- Translator workflow: catalogs, content through .po, live preview (issue 5) ---
# Thin commands over summitbrief.catalogs and summitbrief.preview; rich is
# imported here only, and only for the table `i18n check` draws on a terminal.


def _directories(command: Callable[..., None]) -> Callable[..., None]:
    """The --templates and --locales options every catalog command takes."""
    from summitbrief.resources import LOCALES, TEMPLATES

    command = click.option(
        "--locales",
        type=click.Path(path_type=Path, file_okay=False, exists=True),
        default=LOCALES,
        show_default="the project's locales/",
        help="The catalogs directory (messages.pot, languages.toml, <lang>/LC_MESSAGES/).",
    )(command)
    return click.option(
        "--templates",
        type=click.Path(path_type=Path, file_okay=False, exists=True),
        default=TEMPLATES,
        show_default="the project's templates/",
        help="The Jinja templates directory.",
    )(command)


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


@main.group()
def i18n() -> None:
    """Translator tools: message catalogs, summit content through .po files."""


@i18n.command()
@_directories
def extract(templates: Path, locales: Path) -> None:
    """Write locales/messages.pot from the templates and the label keys."""
    from summitbrief.catalogs import extract_messages, write_template
    from summitbrief.errors import display_name

    result = write_template(extract_messages(templates), locales)
    state = "wrote" if result.changed else "unchanged:"
    click.echo(f"{state} {display_name(result.path)} ({result.messages} messages)")


@i18n.command()
@_directories
@click.option("--drop-obsolete", is_flag=True, help="Remove messages no template uses any more.")
def update(templates: Path, locales: Path, drop_obsolete: bool) -> None:
    """Merge messages.pot into every language's catalog, keeping translations."""
    from summitbrief.catalogs import update_catalogs
    from summitbrief.errors import display_name

    for result in update_catalogs(locales, drop_obsolete=drop_obsolete):
        changes = [
            f"{count} {what}"
            for count, what in (
                (result.added, "new"),
                (result.fuzzy, "fuzzy (source changed)"),
                (result.obsolete, "obsolete"),
                (result.dropped, "dropped"),
            )
            if count
        ]
        detail = f" ({', '.join(changes)})" if changes else ""
        state = "updated" if result.changed else "unchanged"
        click.echo(f"{result.lang}: {state} {display_name(result.path)}{detail}")


@i18n.command()
@_directories
@click.option(
    "--strict", is_flag=True, help="Also fail on fuzzy or untranslated messages, listing each."
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (for CI).")
@click.option(
    "--content",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE",
    help="Check the translated texts of the summit file FILE instead, by the same rules.",
)
def check(
    templates: Path, locales: Path, strict: bool, as_json: bool, content: Path | None
) -> None:
    """Report each language's catalog: counts and errors; exit 1 on errors."""
    from summitbrief.catalogs import check_catalogs

    if content is not None:
        _check_content(content, locales)
        return
    result = check_catalogs(locales, templates)
    if as_json:
        click.echo(_check_json(result, strict))
    elif _stdout_is_terminal():
        _check_table(result, strict)
    else:
        _check_lines(result, strict)
    if not result.ok(strict):
        errors = sum(len(r.errors) for r in result.reports)
        incomplete = [r.lang for r in result.reports if r.fuzzy or r.untranslated]
        reason = f"{errors} error(s)" if errors else "incomplete: " + ", ".join(incomplete)
        if not as_json:
            click.echo(f"check failed: {reason}", err=True)
        sys.exit(1)


def _check_content(source: Path, locales: Path) -> None:
    from summitbrief.catalogs import check_content
    from summitbrief.languages import read_languages
    from summitbrief.loader import load

    summit = load(source, read_languages(locales))
    findings = [
        finding
        for lang in summit.languages
        if lang != summit.source_language
        for finding in check_content(summit, source, lang)
    ]
    for finding in findings:
        click.echo(f"error: {finding}", err=True)
    if findings:
        click.echo(f"check failed: {len(findings)} error(s)", err=True)
        sys.exit(1)
    click.echo(f"{source}: ok ({', '.join(summit.languages)})")


def _counts(report: Any) -> str:
    return (
        f"{report.translated} translated, {report.fuzzy} fuzzy, "
        f"{report.untranslated} untranslated, {report.obsolete} obsolete"
    )


def _check_notes(result: Any) -> list[str]:
    from summitbrief.errors import display_name

    notes = []
    if not result.template_current:
        notes.append(
            f"{display_name(result.template)} is not up to date with the templates: "
            "run `summitbrief i18n extract`"
        )
    stale = [r.lang for r in result.reports if r.stale]
    if stale:
        notes.append(
            f"not up to date with the templates: {', '.join(stale)}: "
            "run `summitbrief i18n update` (counts above are after it)"
        )
    return notes


def _check_lines(result: Any, strict: bool) -> None:
    for report in result.reports:
        errors = f", {len(report.errors)} error(s)" if report.errors else ""
        click.echo(f"{report.lang}: {_counts(report)}{errors}")
    for report in result.reports:
        for finding in report.errors:
            click.echo(f"error: {finding}", err=True)
        for finding in report.incomplete if strict else ():
            click.echo(f"error: {finding}", err=True)
    for note in _check_notes(result):
        click.echo(f"note: {note}", err=True)


def _check_table(result: Any, strict: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title="Message catalogs")
    for name in ("language", "translated", "fuzzy", "untranslated", "obsolete", "errors"):
        table.add_column(name, justify="left" if name == "language" else "right")
    for report in result.reports:

        def cell(count: int, style: str) -> str:
            return f"[{style}]{count}[/]" if count else "0"

        table.add_row(
            report.lang,
            str(report.translated),
            cell(report.fuzzy, "yellow"),
            cell(report.untranslated, "yellow"),
            str(report.obsolete),
            cell(len(report.errors), "bold red"),
        )
    console.print(table)
    for report in result.reports:
        for finding in (*report.errors, *(report.incomplete if strict else ())):
            console.print(f"[red]error:[/] {finding}", markup=True, highlight=False)
    for note in _check_notes(result):
        console.print(f"[yellow]note:[/] {note}", highlight=False)


def _check_json(result: Any, strict: bool) -> str:
    import json

    from summitbrief.errors import display_name

    return json.dumps(
        {
            "ok": result.ok(strict),
            "strict": strict,
            "template": {
                "path": display_name(result.template),
                "up_to_date": result.template_current,
            },
            "languages": [
                {
                    "lang": r.lang,
                    "catalog": display_name(r.path),
                    "translated": r.translated,
                    "fuzzy": r.fuzzy,
                    "untranslated": r.untranslated,
                    "obsolete": r.obsolete,
                    "up_to_date": not r.stale,
                    "errors": [
                        {
                            "line": f.line,
                            "msgctxt": f.context,
                            "msgid": f.msgid,
                            "message": f.message,
                            "rule": f.rule,
                        }
                        for f in (*r.errors, *(r.incomplete if strict else ()))
                    ],
                }
                for r in result.reports
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


@i18n.command(name="compile")
@_directories
def compile_command(templates: Path, locales: Path) -> None:
    """Write messages.mo beside each catalog (the runtime itself reads the .po files)."""
    from summitbrief.catalogs import compile_catalogs
    from summitbrief.errors import display_name

    for result in compile_catalogs(locales):
        state = "wrote" if result.changed else "unchanged:"
        click.echo(
            f"{result.lang}: {state} {display_name(result.path)} ({result.messages} messages)"
        )


@i18n.command()
@click.argument("tag")
@_directories
def init(tag: str, templates: Path, locales: Path) -> None:
    """Start the language TAG (a BCP 47 tag such as zh-Hans): registry entry and catalog."""
    from summitbrief.catalogs import init_language
    from summitbrief.errors import display_name

    result = init_language(locales, tag)
    language = result.language
    fonts = ", ".join(language.fonts)
    click.echo(
        f"added {language.tag} ({language.name}; locale {language.locale}; fonts {fonts}) "
        f"to {display_name(result.registry)}"
    )
    click.echo(f"wrote {display_name(result.catalog)}: translate it with Poedit")
    if result.fonts_guessed:
        click.echo(
            f"note: no known font for this script; set `fonts` for [{tag}] in "
            f"{display_name(result.registry)}",
            err=True,
        )


@i18n.command(name="export")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--lang", required=True, metavar="TAG", help="The language to translate into.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The .po file to write (default: SOURCE's name with .TAG.po); an earlier export "
    "there tells which sources changed since they were translated.",
)
@_directories
def export_command(
    source: Path, lang: str, output: Path | None, templates: Path, locales: Path
) -> None:
    """Write the texts of the summit file SOURCE as a .po file for translators."""
    from summitbrief.catalogs import export_content
    from summitbrief.errors import display_name
    from summitbrief.languages import read_languages

    output = output or source.with_name(f"{source.stem}.{lang}.po")
    result = export_content(source, lang, output, read_languages(locales))
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    obsolete = f"; {result.obsolete} obsolete kept" if result.obsolete else ""
    click.echo(
        f"wrote {display_name(result.path)}: {result.entries} entries "
        f"({result.translated} translated, {result.fuzzy} fuzzy, "
        f"{result.untranslated} untranslated{obsolete})"
    )


@i18n.command(name="import")
@click.argument("po", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("target", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--fuzzy", "use_fuzzy", is_flag=True, help="Also import fuzzy and outdated entries.")
@_directories
def import_command(po: Path, target: Path, use_fuzzy: bool, templates: Path, locales: Path) -> None:
    """Write the translations of the .po file PO into the summit file TARGET."""
    from summitbrief.catalogs import import_content
    from summitbrief.errors import display_name
    from summitbrief.languages import read_languages

    result = import_content(po, target, read_languages(locales), use_fuzzy)
    name = display_name(result.path)
    if result.written:
        click.echo(f"{name}: {result.changed} translation(s) imported into {result.lang}")
    else:
        click.echo(f"{name}: unchanged ({result.unchanged} translation(s) already there)")
    for line in result.skipped:
        click.echo(f"note: {line}", err=True)
    if result.skipped_fuzzy:
        click.echo(
            f"note: {result.skipped_fuzzy} fuzzy entr{'y' if result.skipped_fuzzy == 1 else 'ies'} "
            "not imported (review them, or pass --fuzzy)",
            err=True,
        )
    if result.skipped_stale:
        click.echo(
            f"note: {result.skipped_stale} entr{'y' if result.skipped_stale == 1 else 'ies'} "
            "not imported: the source text changed since the export (export again, or --fuzzy)",
            err=True,
        )
    if result.untranslated:
        click.echo(f"note: {result.untranslated} entries untranslated", err=True)


@main.command()
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--lang", required=True, metavar="TAG", help="The language of the memo to show.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port on 127.0.0.1 (0 picks a free one).",
)
@press_options
def preview(source: Path, lang: str, port: int, **press: Any) -> None:
    """Serve the memo of SOURCE in one language, reloading as files change."""
    from summitbrief.preview import MemoPreview, serve

    opener = _open_press(**press)
    _known(opener(), [lang], "--lang")

    def ready(url: str) -> None:
        click.echo(f"Previewing {source} in {lang} at {url} (Ctrl+C stops)")
        sys.stdout.flush()

    try:
        serve(MemoPreview(source, lang, opener), port, ready)
    except KeyboardInterrupt:
        click.echo("stopped")


@main.command()
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the schema to this file instead of printing it.",
)
@_locales_option
def schema(out: Path | None, locales: Path | None) -> None:
    """Print the JSON Schema of summit files, for editors (docs/summit.schema.json)."""
    from summitbrief.files import write_atomically
    from summitbrief.schema import schema_text

    text = schema_text(list(_registry(locales)))
    if out is None:
        click.echo(text, nl=False)
        return
    write_atomically(out, text.encode("utf-8"))
    click.echo(f"wrote {out}", err=True)


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def _ask(value: Any, question: str, option: str, default: str | None = None) -> Any:
    """An option's value, asked for on a terminal when it was not given."""
    if value:
        return value
    if default is not None and not _stdin_is_terminal():
        return default
    if not _stdin_is_terminal():
        raise click.UsageError(f"missing {option} (or run on a terminal to be asked)")
    return click.prompt(question, default=default)


@main.command()
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The summit file to write (.yaml).",
)
@click.option("--id", "ident", help="The file's id (default: from the --out name).")
@click.option("--title", help="The meeting's title, in the first language.")
@click.option("--date", help="The day of the meeting, YYYY-MM-DD (default: today).")
@click.option("--city", help="Where the meeting took place.")
@click.option("--country", help="The country it took place in: an ISO 3166-1 code (KR, JP…).")
@_lang_option("The memos' languages, comma-separated; the first is the texts' (default: en).")
@click.option(
    "--participant",
    "participants",
    multiple=True,
    metavar="COUNTRY,ROLE,NAME,OFFICE",
    help="A participant, e.g. KR,head-of-state,Yoon Suk Yeol,President (repeat for each).",
)
@click.option(
    "--schema",
    "schema_ref",
    default="summit.schema.json",
    show_default=True,
    help="Where editors find the schema, relative to the new file or a URL.",
)
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@_locales_option
def new(
    out: Path,
    ident: str | None,
    title: str | None,
    date: str | None,
    city: str | None,
    country: str | None,
    languages: tuple[str, ...],
    participants: tuple[str, ...],
    schema_ref: str,
    force: bool,
    locales: Path | None,
) -> None:
    """Start a summit file that validates as written, with comments on each section.

    Options not given are asked for on a terminal.
    """
    from summitbrief.errors import ConfigError
    from summitbrief.scaffold import Attendee, Draft, create, slug, today

    if out.exists() and not force:
        raise ConfigError(f"{out} already exists; pass --force to replace it")
    attendees = [Attendee.parse(text) for text in participants]
    if not attendees and _stdin_is_terminal():
        click.echo("Participants as COUNTRY,ROLE,NAME,OFFICE; an empty line ends the list.")
        while answer := click.prompt("Participant", default="", show_default=False):
            attendees.append(Attendee.parse(answer))
    if not attendees:
        raise click.UsageError("missing --participant (at least one)")
    draft = Draft(
        id=_ask(ident, "Id", "--id", slug(out.stem, "summit")),
        title=_ask(title, "Title", "--title"),
        date=_ask(date, "Date (YYYY-MM-DD)", "--date", today()),
        city=_ask(city, "City", "--city"),
        country=_ask(country, "Country (ISO 3166-1, e.g. KR)", "--country"),
        languages=languages or ("en",),
        participants=tuple(attendees),
        schema=schema_ref,
    )
    create(out, draft, _registry(locales), force=force)
    click.echo(f"wrote {out}: check it with `summitbrief validate {out}`")
    schema_file = out.parent / schema_ref
    if "://" not in schema_ref and not schema_file.exists():
        click.echo(
            f"note: editors read the schema from {schema_file}; "
            f"write it with `summitbrief schema --out {schema_file}`",
            err=True,
        )
