"""The rules a translation must follow, for interface strings and memo content alike.

Each rule is a function of the source text and the translation, after
docs/TRANSLATING.md and translate-toolkit's pofilter tests (placeholders,
xmltags, endpunc, doublespacing, sentencecount): it returns what is wrong,
one sentence each, with the rule's name. Interface strings are format
strings (newstyle gettext, jinja #516); memo content is prose, where "50%"
is text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

from summitbrief.i18n import MAX_FORMAT_WIDTH, format_width

Kind = Literal["interface", "content"]

# Rules whose breach misprints the memo: a draft build shows the source text instead.
BREAKING = frozenset({"syntax", "placeholders", "python-format", "markup", "plural"})

NAMED = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]")
BRACED = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")
POSITIONAL = re.compile(r"%(?![%(])[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]")
MARKUP = re.compile(r"</?[A-Za-z][^<>]*>|&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);|\{\{|\{%")
# A placeholder is replaced by this private-use character before the
# punctuation rules look at a text, so its parentheses count for nothing.
SLOT = "\ue000"

# Kana, CJK ideographs and the CJK symbols block (、。「」…), the iteration and
# prolonged-sound marks among them.
JAPANESE = (
    "\u3000-\u303f\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff08\uff09"
)
JAPANESE_LETTER = "\u3005\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
# JLREQ 3.1.2: after Japanese text, a comma or full stop is 、 or 。; a
# placeholder or a closing bracket does not change that (韓国,慶州).
JA_ASCII_PUNCTUATION = re.compile(rf"(?<=[{JAPANESE_LETTER}{SLOT}」』）])[,.]|[，．]")
JA_SPACE = re.compile(rf"(?<=[{JAPANESE}{SLOT}]) +(?=[{JAPANESE}{SLOT}])")
JA_ASCII_PARENTHESES = re.compile(rf"\((?=[{JAPANESE_LETTER}])|(?<=[{JAPANESE_LETTER}])\)")
JA_QUOTES = re.compile('[\u201c\u201d\u2018\u2019"]')
KO_FULL_WIDTH = re.compile(r"[、。，．（）]")
KO_QUOTES = re.compile("[「」『』]")
FULL_WIDTH_LATIN = re.compile(r"[Ａ-Ｚａ-ｚ０-９]")
HALF_WIDTH_KATAKANA = re.compile(r"[\uff66-\uff9f]")
# です・ます and 합니다 endings: memos are in the plain written style.
JA_POLITE = re.compile(r"(?:です|ます|でした|ました|ません|ましょう)(?=[。」』）]|$)")
KO_POLITE = re.compile(r"(?:니다|십시오|세요)(?=[.!?\"”’)]|\s|$)")
# A Korean particle right after a placeholder, without the (은)는 form that
# picks it by the value's last sound (i18n.KOREAN_PARTICLE does the choosing).
KO_BARE_PARTICLE = re.compile(rf"{SLOT}(은|는|이|가|을|를|과|와|으로|로)(?![(가-힣])")
SENTENCE_END = {
    "ja": re.compile(r"[。！？][」』）]?"),
    "ko": re.compile(r"[.!?](?=[\s\"”’)]|$)"),
    "en": re.compile(r"[.!?](?=\s+[\"“‘(]?[A-Z0-9]|\s*$)"),
}
# A source sentence this long may be split in two by a translator.
LONG_SENTENCE = 150
SLUG_LABEL = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
LABEL_CONTEXTS = ("area", "status", "kind", "classification", "role")


@dataclass(frozen=True)
class Breach:
    """One rule a translation breaks."""

    rule: str
    message: str


def text_breaches(
    source: str,
    string: str,
    lang: str,
    *,
    kind: Kind = "interface",
    context: str | None = None,
    source_lang: str = "en",
) -> list[Breach]:
    """What is wrong with ``string``, the translation of ``source`` into ``lang``."""
    found: list[Breach] = []
    if kind == "interface":
        found += _placeholders(source, string)
        found += _format(string)
        found += _whitespace(source, string)
        found += _labels(source, string, lang, context)
    found += _markup(source, string)
    masked = NAMED.sub(SLOT, string) if kind == "interface" else string
    quotation = (context or "").startswith("quotes[")
    found += language_breaches(masked, lang, quotation=quotation)
    if lang != source_lang:
        found += _untranslated(masked, lang)
        found += _sentences(source, string, lang, source_lang)
    return list(dict.fromkeys(found))


def language_breaches(text: str, lang: str, *, quotation: bool = False) -> list[Breach]:
    """The punctuation, width, quotation and register rules of ``lang`` that ``text`` breaks.

    A ``quotation`` (a participant's words) may be in the polite style the
    speaker used; in Korean it marks a quote inside it with ‘ ’, where 「」
    would be Japanese usage (Korean keeps 「」『』 for titles: 한글 맞춤법,
    문장 부호, 2015).
    """
    primary = lang.split("-")[0]
    found = []
    if FULL_WIDTH_LATIN.search(text):
        found.append(Breach("width", "full-width Latin letters or digits: write AI, 2026"))
    if HALF_WIDTH_KATAKANA.search(text):
        found.append(Breach("width", "half-width katakana: write full-width カタカナ"))
    if primary == "ja":
        if JA_ASCII_PUNCTUATION.search(text):
            found.append(
                Breach("punctuation", "Japanese uses full-width 、 and 。, not , . ， or ．")
            )
        if JA_SPACE.search(text):
            found.append(Breach("spacing", "no space between Japanese characters"))
        if JA_ASCII_PARENTHESES.search(text):
            found.append(Breach("punctuation", "Japanese uses full-width （）around Japanese text"))
        if JA_QUOTES.search(text):
            found.append(
                Breach("quotes", 'Japanese quotation marks are 「」 and 『』, not “” or ""')
            )
        if not quotation and JA_POLITE.search(text):
            found.append(
                Breach("register", "です・ます style: memos are in the plain style (…した。)")
            )
    elif primary == "ko":
        if KO_FULL_WIDTH.search(text):
            found.append(
                Breach("punctuation", "Korean uses ASCII , . ( ), not 、 。 ， ． or （）")
            )
        if quotation and KO_QUOTES.search(text):
            found.append(Breach("quotes", "a quote inside a Korean quotation takes ‘ ’, not 「」"))
        if not quotation and KO_POLITE.search(text):
            found.append(Breach("register", "합니다 style: memos are in the plain style (…했다.)"))
        particle = KO_BARE_PARTICLE.search(text)
        if particle:
            found.append(
                Breach(
                    "particles",
                    f"particle {particle.group(1)} after a placeholder: write both forms, "
                    "(은)는 (이)가 (을)를 (과)와 (으)로, and the memo picks one",
                )
            )
    return found


def plural_breaches(strings: tuple[str, ...] | list[str]) -> list[Breach]:
    """A plural message with some forms empty: those counts would print English."""
    if any(strings) and not all(strings):
        empty = ", ".join(f"msgstr[{i}]" for i, s in enumerate(strings) if not s)
        return [Breach("plural", f"{empty} empty: those counts would print the English form")]
    return []


def _placeholders(source: str, string: str) -> list[Breach]:
    found = []
    for pattern, show in ((NAMED, "%({})s"), (BRACED, "{{{}}}")):
        wanted, given = set(pattern.findall(source)), set(pattern.findall(string))
        found += [
            Breach("placeholders", f"placeholder {show.format(n)} is missing from the translation")
            for n in sorted(wanted - given)
        ]
        found += [
            Breach("placeholders", f"placeholder {show.format(n)} is not in the source text")
            for n in sorted(given - wanted)
        ]
    return found


class _Anything(dict[str, str]):
    """A mapping with every key, to try a format string without knowing its names."""

    def __missing__(self, key: str) -> str:
        return ""


def _format(string: str) -> list[Breach]:
    # Every translation goes through `%` at run time (newstyle gettext), with
    # or without placeholders: a lone % breaks the page (jinja #516).
    if POSITIONAL.search(string):
        message = "broken python-format: a positional placeholder such as %s; write %% for %"
        return [Breach("python-format", message)]
    wide = format_width(string)
    if wide is not None:
        message = f"a width of {wide} characters in a placeholder (at most {MAX_FORMAT_WIDTH})"
        return [Breach("python-format", message)]
    try:
        string % _Anything()
    except (ValueError, TypeError) as error:
        message = f"broken python-format: {error}; write %% for a percent sign"
        return [Breach("python-format", message)]
    return []


def _markup(source: str, string: str) -> list[Breach]:
    found = [m for m in MARKUP.findall(string) if m not in source]
    if found:
        message = f"HTML or markup in the translation ({found[0]}): it is printed as text"
        return [Breach("markup", message)]
    return []


def _whitespace(source: str, string: str) -> list[Breach]:
    found = []
    for end, edge in (("leading", _leading), ("trailing", _trailing)):
        if edge(source) != edge(string):
            found.append(Breach("whitespace", f"{end} whitespace differs from the source text"))
    return found


def _leading(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trailing(text: str) -> str:
    return text[len(text.rstrip()) :]


def _labels(source: str, string: str, lang: str, context: str | None) -> list[Breach]:
    """A label key printed as it is (``economic-security``) instead of its name."""
    if context in LABEL_CONTEXTS and (string == source or SLUG_LABEL.fullmatch(string)):
        return [Breach("untranslated", f"the raw key {string!r}: give the label's name")]
    return []


def _untranslated(masked: str, lang: str) -> list[Breach]:
    """Korean or Japanese text with no Korean or Japanese in it: left in English."""
    letters = {"ko": HANGUL, "ja": JAPANESE_LETTER}.get(lang.split("-")[0])
    if letters and not re.search(f"[{letters}]", masked) and re.search(r"[A-Za-z]{3}", masked):
        return [Breach("untranslated", "no Korean or Japanese in it: left in English?")]
    return []


def _sentences(source: str, string: str, lang: str, source_lang: str) -> list[Breach]:
    """More or fewer sentences than the source: a sentence added or dropped.

    A translator may split a long source sentence in two, as the sample's
    summary does (3 English sentences, 5 Korean and Japanese ones).
    """
    target_end = SENTENCE_END.get(lang.split("-")[0])
    source_end = SENTENCE_END.get(source_lang.split("-")[0])
    if target_end is None or source_end is None:
        return []
    sentences = [s for s in re.split(source_end, source) if s.strip()]
    count, given = len(sentences), len([s for s in re.split(target_end, string) if s.strip()])
    if count <= 1 and given <= 1:
        return []
    allowed = count + sum(1 for s in sentences if len(s) > LONG_SENTENCE)
    if given > allowed or given < math.ceil(count / 2):
        return [
            Breach(
                "sentences",
                f"{given} sentences where the source has {count}: a sentence added or dropped?",
            )
        ]
    return []
