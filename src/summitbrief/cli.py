"""Command line: parse arguments, call the stages, report. Nothing else lives here."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from summitbrief import __version__
from summitbrief.errors import SummitbriefError
from summitbrief.languages import LANGUAGES


def _languages(_ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]) -> tuple:
    tags = tuple(tag.strip() for item in value for tag in item.split(",") if tag.strip())
    unknown = [tag for tag in tags if tag not in LANGUAGES]
    if unknown:
        known = ", ".join(LANGUAGES)
        raise click.BadParameter(f"unknown language {', '.join(unknown)} (known: {known})")
    return tuple(dict.fromkeys(tags))


class _Group(click.Group):
    """Reports user errors as one line and exit code 1, without a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except SummitbriefError as error:
            for line in str(error).splitlines():
                click.echo(f"error: {line}", err=True)
            sys.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="summitbrief")
@click.option("-v", "--verbose", is_flag=True, help="Log what WeasyPrint does.")
def main(verbose: bool) -> None:
    """Print-ready briefing memos in English, Korean and Japanese from summit data files."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.ERROR, format="%(name)s: %(message)s"
    )


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--lang",
    "languages",
    multiple=True,
    callback=_languages,
    metavar="TAGS",
    help="Languages to build, comma-separated (default: every language the file declares).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("output"),
    show_default=True,
    help="Output directory; files go to OUT/<id>/<id>.<lang>.<format>.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["pdf", "html"]),
    default="pdf",
    show_default=True,
    help="html writes the exact HTML WeasyPrint gets, for debugging templates.",
)
@click.option("--strict", is_flag=True, help="Fail on any warning (e.g. a missing translation).")
def build(
    files: tuple[Path, ...],
    languages: tuple[str, ...],
    out: Path,
    output_format: str,
    strict: bool,
) -> None:
    """Build memos from FILES (default: the embedded Nara 2026 sample)."""
    from summitbrief.build import BuildOptions
    from summitbrief.build import build as run_build

    options = BuildOptions(out, languages, output_format, strict)  # type: ignore[arg-type]
    for artifact in run_build(files, options):
        for warning in artifact.warnings:
            click.echo(f"warning: {artifact.edition.stem}: {warning}", err=True)
        pages = f"{artifact.pages} pages, " if artifact.pages else ""
        click.echo(f"wrote {artifact.path} ({pages}{artifact.size / 1024:.0f} KiB)")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(files: tuple[Path, ...]) -> None:
    """Check summit FILES; print every problem with file:line:column."""
    from summitbrief.build import load_all
    from summitbrief.plan import missing_translations

    for source, summit in load_all(files):
        languages = ", ".join(summit.languages)
        count = len(summit.outcomes)
        outcomes = f"{count} outcome" + ("" if count == 1 else "s")
        click.echo(f"{source}: ok ({summit.id}: {languages}; {outcomes})")
        for lang in summit.languages:
            missing = list(missing_translations(summit, lang))
            if missing:
                click.echo(f"  {lang}: {len(missing)} missing translations", err=True)


@main.command()
def doctor() -> None:
    """Report what is installed, what is missing and what it costs."""
    from summitbrief.doctor import diagnose

    checks = diagnose()
    width = max(len(check.topic) for check in checks)
    for check in checks:
        mark = "ok " if check.ok else ("MISSING" if check.required else "warn")
        click.echo(f"{mark:7} {check.topic:{width}}  {check.detail}")
    failed = [check for check in checks if not check.ok and check.required]
    if failed:
        click.echo(f"{len(failed)} problem(s); `make venv` installs what the project needs.")
        sys.exit(1)
