"""Gettext catalogs read at run time, and Babel's CLDR formatting for templates.

Catalogs are read from the ``.po`` files on every new process, so a
translator's edit shows at the next build without a compile step. A message
the checker finds broken (a dropped placeholder, a lone %, markup) is left
out, so the memo prints the English source instead, marked, and the build
reports it with its file and line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, cast

import tossi
from babel import Locale
from babel.dates import format_date, format_time
from babel.lists import format_list
from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.mofile import write_mo
from babel.support import Translations
from babel.units import format_unit
from markupsafe import Markup, escape

from summitbrief.errors import ConfigError, display_name, one_line
from summitbrief.paths import DOMAIN, catalog_path

# The language interface strings are written in; a broken or untranslated
# plural falls back to its rule (gettext's own: n == 1 → singular).
SOURCE_LANGUAGE = "en"

# A Korean particle after a placeholder, written with both forms as Korean
# writers do when the word is unknown: %(name)s(은)는, %(name)s을(를),
# %(city)s(으)로. It becomes the form the value's last sound takes (tossi).
KOREAN_PARTICLE = re.compile(
    r"(%\((\w+)\)s)(\((?:은|이|을|과|으)\)(?:는|가|를|와|로|라|며|나|고|여|랑)"
    r"|(?:은|이|을|과)\((?:는|가|를|와)\))"
)

# CLDR gives the long official forms (대한민국, アメリカ合衆国); briefing memos
# use the short forms that ministries print.
COUNTRY_NAMES: dict[str, dict[str, str]] = {
    "en": {"KR": "Republic of Korea", "US": "United States", "KP": "North Korea"},
    "ko": {"KR": "한국", "KP": "북한"},
    "ja": {"US": "米国", "KR": "韓国", "KP": "北朝鮮"},
}


# Times of day as the ministries print them (午後3時50分, 오후 3시 50분), in CLDR
# pattern syntax: CLDR's short forms are 15:50 (ja) and "PM 3:50" (ko, whose
# abbreviated day periods are AM/PM since CLDR 42). Other languages use the
# locale's short time format ("3:50 PM").
TIME_PATTERNS: dict[str, str] = {"ko": "aaaa h시 m분", "ja": "ah時m分"}
UNIT = "duration-minute"


@dataclass(frozen=True)
class Catalog:
    """One language's interface strings, read and compiled once per run.

    A message the checker finds broken (a dropped placeholder, a lone %,
    markup) is left out, so the memo prints the English source instead,
    marked, and the build reports it with its file and line (issue 14).
    """

    lang: str
    path: Path
    digest: str
    translations: Translations
    # (context, msgid, msgstr) of every translated message: what the glyph check reads.
    messages: tuple[tuple[str | None, str, str], ...]
    # (msgctxt, msgid) of each message left out: the memo prints its source, marked
    broken: frozenset[tuple[str | None, str]] = frozenset()
    # one line each, located (file:line): what a draft build reports
    findings: tuple[str, ...] = field(default=())


def read_catalog(locales: Path, lang: str, locale: str) -> Catalog:
    """The catalog of ``lang`` under ``locales``, compiled in memory (no .mo file needed)."""
    # catalogs imports this module (catalog_path, DOMAIN): imported at call time.
    from summitbrief.catalogs.check import check_catalog
    from summitbrief.catalogs.pofile import first_id, parse, strings

    path = catalog_path(locales, lang)
    try:
        raw = path.read_bytes()
    except OSError:
        raise ConfigError(f"no message catalog for '{lang}' (expected {path})") from None
    parsed = parse(raw, display_name(path), lang)
    if parsed.header_problems:
        raise ConfigError(f"{parsed.header_problems[0]}; run `summitbrief i18n check`")
    catalog = parsed.catalog
    findings = [f for f in check_catalog(path, lang) if f.breaking]
    broken = frozenset((f.context, f.msgid) for f in findings if f.msgid)
    usable = BabelCatalog(locale=catalog.locale or locale, fuzzy=False)
    usable.mime_headers = catalog.mime_headers
    for message in catalog:
        # An untranslated plural is left out, not filled with the English
        # singular as write_mo does ("36 outcome is listed" in ko, nplurals=1).
        usable_message = message.id and not message.fuzzy and all(strings(message))
        if usable_message and (message.context, first_id(message)) not in broken:
            usable[message.id] = message
    try:
        buffer = io.BytesIO()
        write_mo(buffer, usable)
        buffer.seek(0)
        # Compiling checks the Plural-Forms expression too.
        translations = Translations(fp=buffer, domain=DOMAIN)
    except Exception as error:  # Babel and gettext raise bare errors for a broken header
        raise ConfigError(
            f"{display_name(path)}: cannot read the catalog ({type(error).__name__}: "
            f"{one_line(str(error))}); run `summitbrief i18n check`"
        ) from None
    messages = tuple(
        (message.context, str(message.id), str(message.string))
        for message in usable
        if message.id
        and isinstance(message.id, str)
        and isinstance(message.string, str)
        and message.string
    )
    digest = hashlib.sha256(raw).hexdigest()
    lines = tuple(str(f) for f in findings)
    return Catalog(lang, path, digest, translations, messages, broken, lines)


# A translation's %-conversions may not ask for more than this width or
# precision: "%999999999s" would allocate gigabytes.
MAX_FORMAT_WIDTH = 100
FORMAT_SPEC = re.compile(r"%(?:\([^)]{0,100}\))?[#0 +-]{0,5}(\d*)(?:\.(\d*))?")


def format_width(text: str) -> str | None:
    """The first width or precision in ``text``'s %-conversions over MAX_FORMAT_WIDTH, if any."""
    for match in FORMAT_SPEC.finditer(text):
        for number in match.groups():
            if number and (len(number) > 3 or int(number) > MAX_FORMAT_WIDTH):
                return number
    return None


def _bounded(message: str, translated: str) -> str:
    wide = format_width(translated)
    if wide is not None:
        raise ConfigError(
            f"the translation of {message!r} asks for a width of {wide} characters "
            f"(at most {MAX_FORMAT_WIDTH}); run `summitbrief i18n check`"
        )
    return translated


@dataclass(frozen=True)
class Gettext:
    """Newstyle gettext callables for Jinja that escape the translation.

    Jinja marks a translation as safe markup; ours come from outside
    contributors, so the msgstr is escaped before the variables are filled in.
    """

    translations: Translations
    lang: str = ""
    # (msgctxt, msgid) of the messages left out as broken: their source is marked
    broken: frozenset[tuple[str | None, str]] = frozenset()
    # Korean: "attached" or "spaced" sets each parenthesis of a translation after a
    # word, whatever the translator wrote (theme.Conventions.parentheses).
    parentheses: str = "as-written"

    def gettext(self, message: str, **variables: Any) -> Markup:
        translated = self.translations.gettext(message)
        return self._fill(None, message, translated, variables)

    def ngettext(self, singular: str, plural: str, n: int, **variables: Any) -> Markup:
        variables.setdefault("num", n)
        translated = self.translations.ngettext(singular, plural, n)
        return self._fill(None, singular, translated, variables)

    def pgettext(self, context: str, message: str, **variables: Any) -> Markup:
        # Babel annotates pgettext as str | object (its lookup sentinel), but
        # it returns the catalog's string or the message itself.
        translated = cast(str, self.translations.pgettext(context, message))
        return self._fill(context, message, translated, variables)

    def npgettext(
        self, context: str, singular: str, plural: str, n: int, **variables: Any
    ) -> Markup:
        variables.setdefault("num", n)
        translated = self.translations.npgettext(context, singular, plural, n)
        return self._fill(context, singular, translated, variables)

    def _fill(
        self, context: str | None, message: str, translated: str, variables: dict[str, Any]
    ) -> Markup:
        if self.parentheses != "as-written":
            translated = set_parentheses(translated, attached=self.parentheses == "attached")
        try:
            filled = escape(with_particles(_bounded(message, translated), variables)) % variables
        except (KeyError, ValueError, TypeError) as error:
            raise ConfigError(
                f"catalog {self.lang}: the translation of {message!r} is broken "
                f"({type(error).__name__}: {error}); run `summitbrief i18n check`"
            ) from None
        if (context, message) in self.broken:
            return Markup('<span class="untranslated" lang="{}">{}</span>').format(
                SOURCE_LANGUAGE, filled
            )
        return filled

    def callables(self) -> dict[str, Callable[..., Markup]]:
        """The names Jinja's i18n extension calls, for a template's context."""
        return {
            "gettext": self.gettext,
            "_": self.gettext,
            "ngettext": self.ngettext,
            "pgettext": self.pgettext,
            "npgettext": self.npgettext,
        }


def with_particles(translated: str, variables: dict[str, Any]) -> str:
    """``translated`` with each Korean particle after a placeholder in the value's form.

    ``%(name)s(은)는`` with 이재명 gives ``%(name)s은``, with 다카이치 사나에
    ``%(name)s는``; a value tossi cannot read (Latin letters) keeps both forms.
    """

    def pick(match: re.Match[str]) -> str:
        placeholder, name, particle = match.groups()
        if name not in variables:
            return match.group(0)
        value = variables[name]
        text = value.striptags() if isinstance(value, Markup) else str(value)
        return placeholder + _particle(text, particle)

    return KOREAN_PARTICLE.sub(pick, translated)


def _particle(word: str, particle: str) -> str:
    """The form of a Korean ``particle`` (both forms, "(은)는") that follows ``word``."""
    # tossi has no type annotations.
    return str(tossi.pick(word, particle))


# An opening parenthesis of the text, with the spaces before it; placeholders such as
# %(country)s are matched first so that their parentheses are left alone.
_PARENTHESIS = re.compile(r"(?P<placeholder>%\([^)]*\)[a-z])|(?P<space>[ \t]*)\(")


def set_parentheses(text: str, attached: bool) -> str:
    """``text`` with each parenthesis after a word attached ("대통령(한국)") or spaced.

    Korean attaches a parenthesis to the word it explains (한글 맞춤법, 문장 부호:
    소괄호); some house styles space it. A parenthesis opening the text is left.
    """

    def set_one(match: re.Match[str]) -> str:
        if match.group("placeholder") or match.start() == 0:
            return match.group(0)
        return "(" if attached else " ("

    return _PARENTHESIS.sub(set_one, text)


# Japanese eras from Meiji on, by their first day (Gregorian). Babel accepts
# ja_JP@calendar=japanese and ignores it, so the table is ours.
ERAS: tuple[tuple[dt.date, str], ...] = (
    (dt.date(2019, 5, 1), "令和"),
    (dt.date(1989, 1, 8), "平成"),
    (dt.date(1926, 12, 25), "昭和"),
    (dt.date(1912, 7, 30), "大正"),
    (dt.date(1868, 10, 23), "明治"),
)


# Japanese text takes full-width punctuation (JIS X 4051; docs/typography.md), also
# in the PDF's metadata: 会談結果報告：日韓首脳会談、経済安全保障、… The others: ASCII.
COLON = {"ja": "："}
COMMA = {"ja": "、"}


def japanese_era_date(value: dt.date) -> str | None:
    """``2026-01-13`` → ``令和8年1月13日``, the first year as 元年; None before Meiji."""
    for start, era in ERAS:
        if value >= start:
            year = value.year - start.year + 1
            return f"{era}{'元' if year == 1 else year}年{value.month}月{value.day}日"
    return None


@dataclass(frozen=True)
class Formatter:
    """Locale-aware dates, country names and lists for one language."""

    lang: str
    # The Babel locale of the language (languages.toml), e.g. ko_KR.
    locale_name: str
    # "era": Japanese dates by era (令和8年1月13日), as Japanese government documents write
    # them; "numeric": Korean government dates (2025. 10. 30.(목)); else CLDR's long dates.
    date_style: str = "gregorian"

    @property
    def locale(self) -> Locale:
        return _locale(self.locale_name)

    def date(self, value: dt.date) -> str:
        if self.date_style == "era" and self.locale.language == "ja":
            era = japanese_era_date(value)
            if era:
                return era
        if self.date_style == "numeric" and self.locale.language == "ko":
            # 행정 효율과 협업 촉진에 관한 규정 §7(5): the figures with a full stop in place
            # of 연·월·일 (CLDR's medium date, "2025. 10. 30."); the weekday in parentheses.
            day = format_date(value, format="medium", locale=self.locale)
            return f"{day}({format_date(value, format='E', locale=self.locale)})"
        return format_date(value, format="long", locale=self.locale)

    def time(self, value: dt.time) -> str:
        """A local time of day: "3:50 PM", "오후 3시 50분", "午後3時50分"."""
        pattern = TIME_PATTERNS.get(self.lang) or self.locale.time_formats["short"]
        return format_time(value, pattern, locale=self.locale)

    def duration(self, minutes: int) -> str:
        """A length in minutes: "105 minutes", "105분", "105分"."""
        for length in ("long", "short"):
            # Babel 2.18 does not inherit ko's and ja's long unit patterns from
            # the short ones (CLDR does) and prints the unit id instead.
            text = format_unit(minutes, UNIT, length=length, locale=self.locale)
            if UNIT not in text:
                break
        # CLDR's ja pattern is "{0} 分"; Japanese official texts set no space
        # between a number and its unit (約105分間).
        return text.replace(" ", "") if self.locale.language == "ja" else text

    def number(self, value: int, numbering: str) -> str:
        """The label of a numbered item: "1.", or "(1)" and in Japanese "（1）"."""
        if numbering != "parenthesized":
            return f"{value}."
        return f"（{value}）" if self.locale.language == "ja" else f"({value})"

    def language_names(self, tags: Sequence[str]) -> str:
        """The names of languages in this language, as a list: "Korean and Japanese"."""
        return self.join([self.locale.languages.get(tag, tag) for tag in tags])

    def country(self, code: str) -> str:
        override = COUNTRY_NAMES.get(self.lang, {}).get(code)
        return override or self.locale.territories.get(code, code)

    def join(self, items: Sequence[str], style: str = "standard") -> str:
        """A list in this language: "A, B and C"; ``standard-narrow`` for "A, B, C"."""
        # Babel's annotation leaves out CLDR's narrow list styles, which it
        # formats as the others (the templates use standard-narrow).
        style_name = cast(Any, style)
        return format_list(list(items), style=style_name, locale=self.locale) if items else ""

    def labelled(self, label: str, value: str) -> str:
        """``value`` after ``label`` and the language's colon: "Briefing memo: …"."""
        return f"{label}{COLON.get(self.lang, ': ')}{value}"

    def series(self, items: Sequence[str]) -> str:
        """A list without a conjunction, as keywords are: "A, B, C", "A、B、C"."""
        return COMMA.get(self.lang, ", ").join(items)


@cache
def _locale(identifier: str) -> Locale:
    return Locale.parse(identifier)
