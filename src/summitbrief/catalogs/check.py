"""Turn each language's catalog into a report: counts, and the errors a reader would see.

Counts are those the catalog will have after ``update`` against the current
templates, so a string added to a template and never translated shows as
untranslated even before anyone runs ``extract``. Errors are checked on the
translated, non-fuzzy messages of the file as it is (fuzzy ones are not used).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from summitbrief.catalogs import pofile
from summitbrief.catalogs.extract import extract_messages
from summitbrief.catalogs.update import merge
from summitbrief.errors import ConfigError, DataError, display_name
from summitbrief.i18n import catalog_path
from summitbrief.languages import read_languages

NAMED = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]")
BRACED = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")
POSITIONAL = re.compile(r"%(?![%(])[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]")
MARKUP = re.compile(r"</?[A-Za-z][^<>]*>|&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);|\{\{|\{%")

# Kana, CJK ideographs and the CJK symbols block (、。「」…), the iteration and
# prolonged-sound marks among them.
JAPANESE = r"[\u3000-\u303f\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
JAPANESE_LETTER = r"[\u3005\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
JA_ASCII_PUNCTUATION = re.compile(rf"(?<={JAPANESE_LETTER})[,.]|[，．]")
JA_SPACE = re.compile(rf"(?<={JAPANESE}) +(?={JAPANESE})")
KO_FULL_WIDTH = re.compile(r"[、。，．]")
LEADING = re.compile(r"^\s*")
TRAILING = re.compile(r"\s*$")


@dataclass(frozen=True)
class Finding:
    """One error in a catalog, located at its message."""

    lang: str
    path: Path
    line: int
    msgid: str
    context: str | None
    message: str

    def __str__(self) -> str:
        context = f" [{self.context}]" if self.context else ""
        return f"{display_name(self.path)}:{self.line}: {self.msgid!r}{context}: {self.message}"


@dataclass(frozen=True)
class LanguageReport:
    """The state of one language's catalog."""

    lang: str
    path: Path
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0
    errors: tuple[Finding, ...] = field(default=())
    # the catalog lacks messages of the current templates (run update)
    stale: bool = False

    @property
    def complete(self) -> bool:
        return not (self.fuzzy or self.untranslated or self.errors)


@dataclass(frozen=True)
class CheckResult:
    """Every language's report, and whether the template file is current."""

    template: Path
    template_current: bool
    reports: tuple[LanguageReport, ...]

    def ok(self, strict: bool = False) -> bool:
        """No errors, and with ``strict`` nothing fuzzy or untranslated either."""
        if strict:
            return all(r.complete for r in self.reports)
        return not any(r.errors for r in self.reports)


def check_catalogs(locales: Path, templates: Path, languages: Sequence[str] = ()) -> CheckResult:
    """Check the catalog of every registered language (or ``languages``)."""
    registered = read_languages(locales)
    for tag in languages:
        if tag not in registered:
            raise ConfigError(f"unknown language '{tag}' (known: {', '.join(registered)})")
    template = extract_messages(templates)
    path = pofile.template_path(locales)
    current = path.exists() and _same_messages(template, path)
    reports = tuple(
        check_language(catalog_path(locales, tag), tag, template)
        for tag in (languages or registered)
    )
    return CheckResult(path, current, reports)


def check_language(path: Path, lang: str, template: Catalog) -> LanguageReport:
    """The report of one catalog file against ``template``."""
    if not path.exists():
        advice = f"no catalog: run `summitbrief i18n init {lang}`"
        return LanguageReport(lang, path, errors=(Finding(lang, path, 1, "", None, advice),))
    try:
        catalog = pofile.read(path, lang)
    except DataError as error:
        return LanguageReport(
            lang,
            path,
            errors=tuple(Finding(lang, path, p.line, "", None, p.message) for p in error.problems),
        )
    errors = tuple(
        Finding(lang, path, message.lineno or 1, _msgid(message), message.context, text)
        for message in catalog
        if message.id and message.string and not message.fuzzy
        for text in message_errors(message, lang)
    )
    merged = pofile.read(path, lang)
    added, _fuzzy, obsoleted, _dropped = merge(merged, template)
    messages = [m for m in merged if m.id]
    translated = sum(1 for m in messages if _translated(m) and not m.fuzzy)
    fuzzy = sum(1 for m in messages if _translated(m) and m.fuzzy)
    return LanguageReport(
        lang,
        path,
        translated=translated,
        fuzzy=fuzzy,
        untranslated=len(messages) - translated - fuzzy,
        obsolete=len(merged.obsolete),
        errors=errors,
        stale=bool(added or obsoleted or _fuzzy),
    )


def message_errors(message: Message, lang: str) -> list[str]:
    """What is wrong with one translation, one sentence each."""
    sources = [message.id] if isinstance(message.id, str) else list(message.id)
    strings = [message.string] if isinstance(message.string, str) else list(message.string)
    problems: list[str] = []
    for string in strings:
        if not string:
            continue
        problems += _placeholders(sources[0] if len(sources) == 1 else sources[-1], string)
        problems += _format(string)
        problems += _markup(sources[0], string)
        problems += _whitespace(sources[0], string)
        problems += language_errors(string, lang)
    return list(dict.fromkeys(problems))


def language_errors(text: str, lang: str) -> list[str]:
    """The punctuation and spacing rules of ``lang`` that ``text`` breaks."""
    primary = lang.split("-")[0]
    problems = []
    if primary == "ja":
        if JA_ASCII_PUNCTUATION.search(text):
            problems.append("Japanese uses full-width 、 and 。, not , . ， or ．")
        if JA_SPACE.search(text):
            problems.append("no space between Japanese characters")
    elif primary == "ko" and KO_FULL_WIDTH.search(text):
        problems.append("Korean uses ASCII , and ., not 、 。 ， or ．")
    return problems


def _placeholders(source: str, string: str) -> list[str]:
    problems = []
    for pattern, show in ((NAMED, "%({})s"), (BRACED, "{{{}}}")):
        wanted, given = set(pattern.findall(source)), set(pattern.findall(string))
        problems += [
            f"placeholder {show.format(n)} is missing from the translation"
            for n in sorted(wanted - given)
        ]
        problems += [
            f"placeholder {show.format(n)} is not in the source text"
            for n in sorted(given - wanted)
        ]
    return problems


class _Anything(dict):
    """A mapping with every key, to try a format string without knowing its names."""

    def __missing__(self, key: str) -> str:
        return ""


def _format(string: str) -> list[str]:
    # Every translation goes through `%` at run time (newstyle gettext), with
    # or without placeholders: a lone % breaks the page (jinja #516).
    if POSITIONAL.search(string):
        return ["broken python-format: a positional placeholder such as %s; write %% for %"]
    try:
        string % _Anything()
    except (ValueError, TypeError) as error:
        return [f"broken python-format: {error}; write %% for a percent sign"]
    return []


def _markup(source: str, string: str) -> list[str]:
    found = [m for m in MARKUP.findall(string) if m not in source]
    if found:
        return [f"HTML or markup in the translation ({found[0]}): it is printed as text"]
    return []


def _whitespace(source: str, string: str) -> list[str]:
    problems = []
    for end, pattern in (("leading", LEADING), ("trailing", TRAILING)):
        if pattern.search(source).group() != pattern.search(string).group():  # type: ignore[union-attr]
            problems.append(f"{end} whitespace differs from the source text")
    return problems


def _same_messages(template: Catalog, path: Path) -> bool:
    try:
        written = pofile.read(path)
    except DataError:
        return False
    template.creation_date = written.creation_date
    return pofile.render(template) == path.read_bytes()


def _translated(message: Message) -> bool:
    strings = [message.string] if isinstance(message.string, str) else list(message.string)
    return all(strings) and bool(strings)


def _msgid(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]
