"""Turn catalogs and summit files into findings: every broken rule, at its file and line.

One checker for interface strings (``i18n check``) and memo content
(``i18n check --content FILE``); ``validate --strict`` and ``build --strict``
call the same functions. Every finding of a file is reported: a syntax error
or a plural-count error hides nothing else.

Counts are those the catalog will have after ``update`` against the current
templates, so a string added to a template and never translated shows as
untranslated even before anyone runs ``extract``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural

from summitbrief.catalogs import pofile
from summitbrief.catalogs.content import text_lines
from summitbrief.catalogs.extract import extract_messages
from summitbrief.catalogs.rules import BREAKING, Breach, plural_breaches, text_breaches
from summitbrief.catalogs.update import merge
from summitbrief.errors import ConfigError, DataError, display_name
from summitbrief.languages import read_languages
from summitbrief.model import Summit
from summitbrief.paths import catalog_path


@dataclass(frozen=True)
class Finding:
    """One broken rule, located at its message (a catalog) or its text (a summit file)."""

    lang: str
    path: Path
    line: int
    msgid: str
    context: str | None
    message: str
    rule: str = "syntax"

    @property
    def breaking(self) -> bool:
        """Whether the memo would misprint this message (a draft shows the source instead)."""
        return self.rule in BREAKING

    def __str__(self) -> str:
        where = f"{display_name(self.path)}:{self.line}"
        if self.msgid:
            context = f" [{self.context}]" if self.context else ""
            return f"{where}: {self.msgid!r}{context}: {self.message}"
        if self.context:
            return f"{where}: {self.context}: {self.message}"
        return f"{where}: {self.message}"


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
    # each fuzzy or untranslated message, for --strict to list
    incomplete: tuple[Finding, ...] = field(default=())

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


def check_catalog(path: Path, lang: str, *, strict: bool = False) -> list[Finding]:
    """Every finding in the catalog at ``path``; with ``strict``, its fuzzy and empty ones too."""
    if not path.exists():
        advice = f"no catalog: run `summitbrief i18n init {lang}`"
        return [Finding(lang, path, 1, "", None, advice, "syntax")]
    parsed = pofile.parse_file(path, lang)
    findings = _syntax(parsed, path, lang) + catalog_findings(parsed.catalog, path, lang)
    if strict:
        findings += _incomplete(parsed.catalog, path, lang)
    return findings


def check_language(path: Path, lang: str, template: Catalog) -> LanguageReport:
    """The report of one catalog file against ``template``."""
    errors = tuple(check_catalog(path, lang))
    if not path.exists():
        return LanguageReport(lang, path, errors=errors)
    parsed = pofile.parse_file(path, lang)
    incomplete = tuple(_incomplete(parsed.catalog, path, lang))
    merged = parsed.catalog
    added, fuzzy_count, obsoleted, _dropped = merge(merged, template)
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
        stale=bool(added or obsoleted or fuzzy_count),
        incomplete=incomplete,
    )


def catalog_findings(catalog: Catalog, path: Path, lang: str) -> list[Finding]:
    """The rule findings of a parsed catalog: its plural forms and each translated message."""
    findings = _plural_header(catalog, path, lang)
    for message in catalog:
        if message.id and not message.fuzzy and any(pofile.strings(message)):
            findings += [
                Finding(
                    lang,
                    path,
                    message.lineno or 1,
                    pofile.first_id(message),
                    message.context,
                    breach.message,
                    breach.rule,
                )
                for breach in message_breaches(message, lang)
            ]
    return findings


def message_breaches(message: Message, lang: str) -> list[Breach]:
    """The rules one translated message breaks."""
    sources = [message.id] if isinstance(message.id, str) else list(message.id)
    strings = pofile.strings(message)
    found = plural_breaches(strings) if len(sources) > 1 else []
    for index, string in enumerate(strings):
        if string:
            # msgstr[0] translates the singular, every other form the plural.
            source = sources[0] if index == 0 else sources[-1]
            found += text_breaches(source, string, lang, context=message.context)
    return list(dict.fromkeys(found))


def message_errors(message: Message, lang: str) -> list[str]:
    """What is wrong with one translation, one sentence each."""
    return [breach.message for breach in message_breaches(message, lang)]


def check_content(summit: Summit, source: Path, lang: str) -> list[Finding]:
    """Every finding in the ``lang`` texts of a summit file, at the line of each text."""
    lines = text_lines(source)
    findings = []
    for path, text in summit.texts():
        string, original = text.get(lang), text.get(summit.source_language)
        if lang == summit.source_language or not string or not original:
            continue
        line = lines.get(f"{path}.{lang}", lines.get(path, 1))
        findings += [
            Finding(lang, source, line, "", path, breach.message, breach.rule)
            for breach in text_breaches(
                original,
                string,
                lang,
                kind="content",
                context=path,
                source_lang=summit.source_language,
            )
        ]
    return findings


def _syntax(parsed: pofile.PoFile, path: Path, lang: str) -> list[Finding]:
    return [
        Finding(lang, path, p.line, "", None, f"not valid PO: {p.message}", "syntax")
        for p in parsed.problems
    ]


def _plural_header(catalog: Catalog, path: Path, lang: str) -> list[Finding]:
    """A Plural-Forms header that does not match the locale's plural rules."""
    if catalog.locale is None:
        return []
    try:
        expected = get_plural(Locale.parse(pofile.locale_name(lang)))
    except (ValueError, UnknownLocaleError):
        return []
    if catalog.num_plurals == expected.num_plurals:
        return []
    return [
        Finding(
            lang,
            path,
            1,
            "",
            None,
            f"Plural-Forms says nplurals={catalog.num_plurals}; {lang} has "
            f"{expected.num_plurals} (CLDR): {expected.plural_forms}",
            "plural",
        )
    ]


def _incomplete(catalog: Catalog, path: Path, lang: str) -> list[Finding]:
    found = []
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy and any(pofile.strings(message)):
            what, rule = (
                "fuzzy: needs review (clear the flag when the translation is right)",
                "fuzzy",
            )
        elif not _translated(message):
            what, rule = "untranslated", "untranslated"
        else:
            continue
        line = message.lineno or 1
        found.append(
            Finding(lang, path, line, pofile.first_id(message), message.context, what, rule)
        )
    return found


def _same_messages(template: Catalog, path: Path) -> bool:
    try:
        written = pofile.read(path)
    except DataError:
        return False
    template.creation_date = written.catalog.creation_date
    template.revision_date = written.catalog.creation_date
    return pofile.render(template, written.layout) == path.read_bytes()


def _translated(message: Message) -> bool:
    strings = pofile.strings(message)
    return all(strings) and bool(strings)
