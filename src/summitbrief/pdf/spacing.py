"""Decide the space between the characters of a Japanese or Korean line, as a typesetter does.

Pure rules, no WeasyPrint: the characters of one line, their advances as
shaped and the room left on the line go in; the space to add after each
character comes out. ``adjust.py`` shapes the lines and places the glyphs.

Japanese (JLREQ, W3C Note; JIS X 4051):

- Punctuation is set half-width, its blank apart (§3.1.2): a closing
  bracket, comma or full stop has half an em after it, an opening bracket half
  an em before it, a middle dot a quarter em on each side. Consecutive marks
  share one blank (§3.1.4): 。」 takes 1.5 em, 、「 1 em, 」「 1 em, ）」 1 em.
- A quarter em between Japanese and Latin letters or digits (§3.2.2 and the
  spacing table of §3.9).
- An opening bracket at a line's head is set solid (§3.1.5, JIS X 4051's
  default); a closing bracket or comma at its end keeps its half em, or is set
  solid when the line must be reduced (§3.1.9), all or nothing.
- Lines are broken with every blank reduced as far as it may be, so reduction
  wins over expansion (§3.8.2): Japanese–Latin spaces to nothing, bracket and
  comma blanks to a quarter em (§3.8.3 notes that solid is too much), middle
  dots solid, line-end marks solid. The room left restores the blanks, those
  reduced last first (§3.8.3 read backwards): Japanese–Latin spaces, then
  bracket and comma blanks, then middle dots, then line-end blanks. A justified line then
  expands (§3.8.4): Latin word spaces up to half an em, Japanese–Latin spaces
  up to half an em, every other gap allowed to open (§3.1.11: never after an
  opening bracket, before a closing one or a comma or full stop, inside a
  Latin word or a run of digits, nor between leaders) up to ``INTER_LIMIT_EM``,
  then all of them evenly, up to ``STRETCH_LIMIT_EM`` more.

Korean (KLREQ, W3C Note): lines are justified by default (§4.2.4). Word
spaces take the room first, ``KOREAN_SPACE_LIMIT_EM`` more each; then the gaps
between Hangul syllables (and Hanja, and between Hangul and Latin or digits)
open a little, up to ``INTER_LIMIT_EM`` (§4.5.1: a line with Latin text is
adjusted between characters, not only at its spaces); then the spaces again,
``KOREAN_SPACE_MORE_EM``; then spaces and syllables evenly, up to
``STRETCH_LIMIT_EM`` more. Never next to punctuation, inside a Latin word or
inside a number (§4.3.5, §4.3.6).

A line that even then does not reach its measure (one long unbreakable token)
is left short rather than torn apart.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum, auto
from functools import cache, lru_cache
from typing import NamedTuple


class Kind(IntEnum):
    """A character's class for spacing (after JLREQ's classes, cl-01 … cl-27)."""

    OPENING = auto()  # cl-01
    CLOSING = auto()  # cl-02
    DIVIDING = auto()  # cl-04 ？！
    MIDDLE_DOT = auto()  # cl-05
    FULL_STOP = auto()  # cl-06
    COMMA = auto()  # cl-07
    INSEPARABLE = auto()  # cl-08 dashes and leaders
    IDEOGRAPHIC = auto()  # kanji, kana, and the marks that sit with them (cl-09 … cl-19)
    HANGUL = auto()
    LATIN = auto()  # letters, digits and unit signs (cl-24, cl-25, cl-27)
    SPACE = auto()  # cl-26
    OTHER = auto()


OPENING = frozenset("（〔［｛〈《「『【｟〘〖〝")
CLOSING = frozenset("）〕］｝〉》」』】｠〙〗〟")
MIDDLE_DOTS = frozenset("・：；")
FULL_STOPS = frozenset("。．")
COMMAS = frozenset("、，")
DIVIDING = frozenset("？！‼⁇⁈⁉")
INSEPARABLE = frozenset("—―…‥〳〴〵")
LATIN_SIGNS = frozenset("%‰°′″℃")
LISTED = {
    char: listed
    for chars, listed in (
        (OPENING, Kind.OPENING),
        (CLOSING, Kind.CLOSING),
        (MIDDLE_DOTS, Kind.MIDDLE_DOT),
        (FULL_STOPS, Kind.FULL_STOP),
        (COMMAS, Kind.COMMA),
        (DIVIDING, Kind.DIVIDING),
        (INSEPARABLE, Kind.INSEPARABLE),
        (" \u00a0", Kind.SPACE),
    )
    for char in chars
}
# Marks that end what comes before them: nothing may open up before them.
ENDING = frozenset({Kind.CLOSING, Kind.COMMA, Kind.FULL_STOP})
# Where the blank of a half-width mark sits: after a closing mark, before an opening one.
BLANK_AFTER = {Kind.CLOSING: 0.5, Kind.COMMA: 0.5, Kind.FULL_STOP: 0.5, Kind.MIDDLE_DOT: 0.25}
BLANK_BEFORE = {Kind.OPENING: 0.5, Kind.MIDDLE_DOT: 0.25}
MARKS = frozenset(BLANK_AFTER) | frozenset(BLANK_BEFORE)
# The characters of those marks: a text without one needs no look at its characters.
MARK_CHARS = frozenset(char for char, listed in LISTED.items() if listed in MARKS)
CJK = frozenset({Kind.IDEOGRAPHIC, Kind.HANGUL})
# Marks whose blank line adjustment reduces to a quarter em, not to nothing.
BRACKETS = frozenset({Kind.OPENING, Kind.CLOSING, Kind.COMMA})

BOUNDARY_EM = 0.25  # Japanese–Latin space (JLREQ §3.2.2)
# A bracket's or comma's half-em blank is reduced to a quarter em at most: to
# solid "is regarded as too much reduction" (JLREQ §3.8.3, note).
BRACKET_LEAST_EM = 0.25
BOUNDARY_LIMIT_EM = 0.5  # JLREQ §3.8.4 (b)
WORD_SPACE_LIMIT_EM = 0.5  # a Latin word space in Japanese text, JLREQ §3.8.4 (a)
# JLREQ §3.8.4 (c) lets other gaps open to a quarter em; text extraction
# (poppler's pdftotext, copy and paste) reads a gap over a tenth of an em
# between two characters as a word space, so they stop short of that first.
INTER_LIMIT_EM = 0.09
KOREAN_SPACE_LIMIT_EM = 0.25  # a Korean word space first takes this much more
KOREAN_SPACE_MORE_EM = 0.5  # and after the syllables' share, this much again
STRETCH_LIMIT_EM = 0.5  # what any gap may open beyond the limits above, at most
FULL_WIDTH = 0.75  # of an em: a mark at least this wide still has its blank


@lru_cache(maxsize=65536)  # every character of every line shaped; bounded: text is not ours
def kind(char: str) -> Kind:
    """The spacing class of one character."""
    if char in LISTED:
        return LISTED[char]
    code = ord(char)
    if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return Kind.HANGUL
    if (
        0x3040 <= code <= 0x30FF
        or 0x3400 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
        or char in "々〆〇ヶ"
    ):
        return Kind.IDEOGRAPHIC
    if (char.isascii() and char.isalnum()) or char in LATIN_SIGNS:
        return Kind.LATIN
    if unicodedata.category(char)[0] == "L" and unicodedata.east_asian_width(char) in "NaH":
        return Kind.LATIN
    return Kind.OTHER


def widow(rest: str) -> bool:
    """Whether a paragraph's last line would hold a single character (JLREQ §3.5.4)."""
    body = rest.strip().rstrip("".join(CLOSING | FULL_STOPS | COMMAS))
    return len(body) == 1


def squeezed(text: str, index: int, natural: bool) -> bool:
    """Whether the mark at ``text[index]`` is shaped half-width (``halt``), its blank left out.

    For breaking lines (``natural`` false) every blank that line adjustment may
    remove is left out; a full stop keeps its blank (JLREQ §3.8.3). For
    measuring a text's natural width, only the blanks that consecutive marks
    share (JLREQ §3.1.4) and those at the text's edges are left out.
    """
    current = kind(text[index])
    after = kind(text[index + 1]) if index + 1 < len(text) else None
    before = kind(text[index - 1]) if index > 0 else None
    if current is Kind.FULL_STOP:
        return after in ENDING
    if not natural:
        return current in (Kind.OPENING, Kind.CLOSING, Kind.COMMA, Kind.MIDDLE_DOT)
    if current is Kind.OPENING:
        return before is None or before in (*ENDING, Kind.OPENING, Kind.MIDDLE_DOT)
    if current in (Kind.CLOSING, Kind.COMMA):
        return after is None or after in (*ENDING, Kind.MIDDLE_DOT)
    return False


def boundary(left: str, right: str) -> bool:
    """Whether a Japanese–Latin space belongs between two characters (JLREQ §3.2.2)."""
    return _across(kind(left), kind(right))


def _across(first: Kind, second: Kind) -> bool:
    pair = (first, second)
    return pair in ((Kind.IDEOGRAPHIC, Kind.LATIN), (Kind.LATIN, Kind.IDEOGRAPHIC))


class Glyph(NamedTuple):
    """One character of a line as shaped: its language, font size and advance (same unit)."""

    char: str
    lang: str
    em: float
    advance: float
    # The gap before this character cannot change: an inline-block, or the
    # padding or border of an inline box, stands between, or it shares a glyph.
    sealed: bool = False


@dataclass(frozen=True)
class Setting:
    """Space to add before a line's first character and after each character."""

    lead: float
    extras: tuple[float, ...]

    @property
    def total(self) -> float:
        return self.lead + sum(self.extras)


class _Group(IntEnum):
    """Reduced blanks, in the order they are given back (JLREQ §3.8.3 backwards)."""

    BOUNDARY = auto()
    BRACKET = auto()
    DOT = auto()
    LINE_END = auto()  # all or nothing (JLREQ §3.1.9)


class _Stretch(IntEnum):
    """Where a justified line opens up."""

    NONE = auto()
    WORD_SPACE = auto()
    BOUNDARY = auto()
    INTER = auto()


@dataclass(slots=True)
class _Gap:
    em: float
    width: float  # advance of the character before the gap
    present: float  # as shaped
    least: float  # fully reduced
    natural: float
    group: _Group | None
    stretch: _Stretch
    value: float = 0.0


def adjust(
    glyphs: Sequence[Glyph], room: float, justify: bool, lang: str, tight: bool = False
) -> Setting:
    """Where to put ``room`` (the line's measure less its shaped width) on a line of ``lang``.

    ``justify``: the line must end on its measure (not a paragraph's last line).
    ``tight``: the line was broken reducing its marks to solid, a line-end full
    stop included (JLREQ §3.8.3 (b)), to take in a paragraph's last character.
    """
    if not glyphs:
        return Setting(0.0, ())
    kinds = [kind(glyph.char) for glyph in glyphs]
    lead = _lead(glyphs[0], kinds[0])
    gaps = [_gap(glyphs, kinds, index, lang, tight) for index in range(len(glyphs))]
    left = room - sum(g.least - g.present for g in (lead, *gaps))
    for gap in (lead, *gaps):
        gap.value = gap.least
    if left >= 0:
        left = _restore(gaps, left, justify)
        if justify and left > 0:
            _expand(gaps, left, lang)
    return Setting(lead.value - lead.present, tuple(g.value - g.present for g in gaps))


def _blank(glyph: Glyph, mark: Kind, table: dict[Kind, float]) -> float:
    """The blank a mark carries on one side as shaped: none when shaped half-width."""
    share = table.get(mark, 0.0)
    return share * glyph.em if share and glyph.advance >= FULL_WIDTH * glyph.em else 0.0


def _lead(first: Glyph, mark: Kind) -> _Gap:
    # An opening bracket at the line head is set solid (JLREQ §3.1.5).
    present = _blank(first, mark, BLANK_BEFORE)
    return _Gap(first.em, 0.0, present, 0.0, 0.0, None, _Stretch.NONE)


def _gap(glyphs: Sequence[Glyph], kinds: list[Kind], index: int, lang: str, tight: bool) -> _Gap:
    """The gap after ``glyphs[index]``: the blank it has as shaped, its least and natural size."""
    this, first = glyphs[index], kinds[index]
    if index + 1 == len(glyphs):
        present = _blank(this, first, BLANK_AFTER)
        share = BLANK_AFTER.get(first, 0.0) * this.em if this.lang == "ja" else 0.0
        least = share if first is Kind.FULL_STOP and not tight else 0.0
        group = _Group.LINE_END if share > least else None
        return _Gap(this.em, this.advance, present, least, share, group, _Stretch.NONE)
    after, second = glyphs[index + 1], kinds[index + 1]
    if first in CJK and second in CJK and not after.sealed:
        return _Gap(this.em, this.advance, 0.0, 0.0, 0.0, None, _Stretch.INTER)  # most gaps
    present = _blank(this, first, BLANK_AFTER) + _blank(after, second, BLANK_BEFORE)
    stretch = _stretch(this, after, first, second, lang)
    if after.sealed or "ja" not in (this.lang, after.lang):
        return _Gap(this.em, this.advance, present, present, present, None, stretch)
    natural, group = _japanese(this, after, first, second)
    if first is Kind.FULL_STOP:
        least = natural  # a full stop's blank is never reduced inside a line (§3.8.3)
    elif group is _Group.BRACKET:
        least = 0.0 if tight else min(natural, BRACKET_LEAST_EM * this.em)
    else:
        least = 0.0
    return _Gap(this.em, this.advance, present, least, natural, group, stretch)


def _japanese(this: Glyph, after: Glyph, first: Kind, second: Kind) -> tuple[float, _Group | None]:
    """The natural gap between two characters of Japanese text (JLREQ §3.1.4, §3.2.2)."""
    share_after, share_before, group = _shares(first, second)
    if group is _Group.BOUNDARY:
        return BOUNDARY_EM * (this.em if first is Kind.IDEOGRAPHIC else after.em), group
    share_after *= this.em
    share_before *= after.em
    if share_after and share_before:
        return min(share_after, share_before), group
    return max(share_after, share_before), group


@cache
def _shares(first: Kind, second: Kind) -> tuple[float, float, _Group | None]:
    """Between two classes: the blank after the first and before the second, in em; its group."""
    share_after = BLANK_AFTER.get(first, 0.0)
    share_before = BLANK_BEFORE.get(second, 0.0)
    if second in ENDING:
        share_after = 0.0  # a closing mark sits solid against the mark before it
    if first is Kind.OPENING:
        share_before = 0.0  # and an opening mark against the one after it
    if _across(first, second):
        return 0.0, 0.0, _Group.BOUNDARY
    if not (share_after or share_before):
        return 0.0, 0.0, None
    dots = Kind.MIDDLE_DOT in (first, second)
    return share_after, share_before, _Group.DOT if dots else _Group.BRACKET


MAY_OPEN_AFTER = CJK | {Kind.CLOSING, Kind.COMMA, Kind.FULL_STOP, Kind.DIVIDING, Kind.MIDDLE_DOT}
MAY_OPEN_BEFORE = CJK | {Kind.OPENING, Kind.DIVIDING, Kind.MIDDLE_DOT}
KOREAN_INTER = CJK | {Kind.LATIN}


def _stretch(this: Glyph, after: Glyph, first: Kind, second: Kind, lang: str) -> _Stretch:
    """How the gap between two characters may open when the line is justified."""
    if after.sealed or (first is Kind.SPACE and this.sealed):
        # Nor a space after an inline-block (the number of a hanging step).
        return _Stretch.NONE
    return _opens(first, second, lang == "ko")


@cache
def _opens(first: Kind, second: Kind, korean: bool) -> _Stretch:
    if first is Kind.SPACE:
        return _Stretch.WORD_SPACE
    if Kind.SPACE in (first, second):
        return _Stretch.NONE  # the space itself opens
    if korean:
        # KLREQ §4.3.6: not next to punctuation; §4.3.5: not inside a word or a number.
        pair = {first, second}
        return _Stretch.INTER if pair <= KOREAN_INTER and pair & CJK else _Stretch.NONE
    if _across(first, second):
        return _Stretch.BOUNDARY
    if first in MAY_OPEN_AFTER and second in MAY_OPEN_BEFORE:
        return _Stretch.INTER
    return _Stretch.NONE


def _restore(gaps: list[_Gap], left: float, justify: bool) -> float:
    """Give reduced blanks back, the last reduced first; return the room still left."""
    groups = [_Group.BOUNDARY, _Group.BRACKET, _Group.DOT] + ([_Group.LINE_END] * justify)
    for group in groups:
        members = [g for g in gaps if g.group is group]
        need = sum(g.natural - g.least for g in members)
        if need <= 0:
            continue
        if group is _Group.LINE_END and need > left:
            continue
        share = min(1.0, left / need)
        for gap in members:
            gap.value = gap.least + share * (gap.natural - gap.least)
        left -= share * need
        if left <= 0:
            return 0.0
    return left


def _expand(gaps: list[_Gap], left: float, lang: str) -> None:
    """Open a justified line's gaps up to its measure (JLREQ §3.8.4; KLREQ §4.5)."""
    stages: list[tuple[_Stretch, Callable[[_Gap], float]]]
    evenly: tuple[_Stretch, ...]
    if lang == "ko":
        stages = [
            (_Stretch.WORD_SPACE, lambda g: g.value + KOREAN_SPACE_LIMIT_EM * g.em),
            (_Stretch.INTER, lambda g: g.value + INTER_LIMIT_EM * g.em),
            (_Stretch.WORD_SPACE, lambda g: g.value + KOREAN_SPACE_MORE_EM * g.em),
        ]
        evenly = (_Stretch.WORD_SPACE, _Stretch.INTER)
    else:
        stages = [
            (_Stretch.WORD_SPACE, lambda g: max(g.value, WORD_SPACE_LIMIT_EM * g.em - g.width)),
            (_Stretch.BOUNDARY, lambda g: max(g.value, BOUNDARY_LIMIT_EM * g.em)),
            (_Stretch.INTER, lambda g: g.value + INTER_LIMIT_EM * g.em),
        ]
        evenly = (_Stretch.WORD_SPACE, _Stretch.BOUNDARY, _Stretch.INTER)
    for stretch, limit in stages:
        members = [g for g in gaps if g.stretch is stretch]
        left = _fill(members, [limit(g) for g in members], left)
    members = [g for g in gaps if g.stretch in evenly]
    _fill(members, [g.value + STRETCH_LIMIT_EM * g.em for g in members], left)


def _fill(members: list[_Gap], limits: list[float], left: float) -> float:
    """Open ``members`` by the same fraction of an em each, none past its limit.

    Returns the room still left (when every member reached its limit).
    """
    while left > 1e-9 and members:
        open_ = [(g, lim) for g, lim in zip(members, limits, strict=True) if lim - g.value > 1e-9]
        if not open_:
            break
        weight = sum(g.em for g, _ in open_)
        step = min(left / weight, min((lim - g.value) / g.em for g, lim in open_))
        for gap, _ in open_:
            gap.value += step * gap.em
        left -= step * weight
        members = [g for g, _ in open_]
        limits = [lim for _, lim in open_]
    return max(left, 0.0)
