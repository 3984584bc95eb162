"""Turn a block and its translation into parts that end a page at the same sentence.

In a parallel memo each block sits level with its translation in one table
row, which moves to the next page whole: a page could end 30 mm short. A
block of text (background paragraphs, an outcome) may instead be cut where
both languages can end at once, after a paragraph, or after a sentence when
both have the same sentences in each paragraph; both columns then resume
level on the next page. pdf/balance.py finds which cut fills a short page;
this module says where the cuts may be and makes the parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from summitbrief.render.typography import paragraphs, sentence_ends
from summitbrief.render.units import Unit


@dataclass(frozen=True)
class Boundary:
    """A place where a block and its translation can both end: a paragraph and an offset each."""

    paragraph: int
    offsets: dict[str, int]
    # Whether the place ends a paragraph in both languages.
    ends_paragraph: bool


def unit_text(unit: Unit) -> dict[str, str] | None:
    """The text a unit sets, in every language it has; None for a unit that cannot be cut."""
    if unit.kind == "paragraphs":
        return dict(unit.variables["text"])
    if unit.kind == "outcome":
        return dict(unit.variables["outcome"].text)
    return None


def boundaries(unit: Unit, languages: Sequence[str]) -> list[Boundary]:
    """Where ``unit`` can be cut in all ``languages`` at once, in reading order."""
    text = unit_text(unit)
    if text is None or any(lang not in text for lang in languages):
        return []
    split = {lang: paragraphs(text[lang]) for lang in languages}
    counts = {len(found) for found in split.values()}
    if len(counts) != 1:
        return []
    found = []
    for index in range(counts.pop()):
        ends = {lang: sentence_ends(split[lang][index]) for lang in languages}
        same = len({len(e) for e in ends.values()}) == 1
        for number in range(len(ends[languages[0]]) if same else 1):
            last = number == len(ends[languages[0]]) - 1 or not same
            offsets = {
                lang: len(split[lang][index]) if last else ends[lang][number] for lang in languages
            }
            found.append(Boundary(index, offsets, last))
    return found[:-1]  # the block's own end is no cut


def characters_before(unit: Unit, lang: str, places: Sequence[Boundary]) -> list[int]:
    """How many characters (not counting spaces) of ``lang``'s text come before each place."""
    text = unit_text(unit)
    assert text is not None
    split = paragraphs(text[lang])
    counted = [sum(not c.isspace() for c in paragraph) for paragraph in split]
    return [
        sum(counted[: place.paragraph])
        + sum(not c.isspace() for c in split[place.paragraph][: place.offsets[lang]])
        for place in places
    ]


def cut(unit: Unit, languages: Sequence[str], at: Sequence[Boundary]) -> list[Unit]:
    """``unit`` cut at the places ``at`` (in reading order): one unit per part."""
    text = unit_text(unit)
    assert text is not None
    split = {lang: paragraphs(text[lang]) for lang in languages}
    starts = [Boundary(0, dict.fromkeys(languages, 0), False), *at]
    ends = [*at, None]
    return [
        _part(unit, _slice(split, start, end), continued=number > 0)
        for number, (start, end) in enumerate(zip(starts, ends, strict=True))
    ]


def _slice(split: dict[str, list[str]], start: Boundary, end: Boundary | None) -> dict[str, str]:
    """Each language's text from ``start`` to ``end`` (the end of the text when None)."""
    sliced = {}
    for lang, found in split.items():
        first = start.paragraph + (start.ends_paragraph and start.offsets[lang] > 0)
        pieces = []
        last = end.paragraph if end is not None else len(found) - 1
        for index in range(first, last + 1):
            paragraph = found[index]
            begin = start.offsets[lang] if index == start.paragraph else 0
            stop = end.offsets[lang] if end is not None and index == end.paragraph else None
            pieces.append(paragraph[begin:stop].strip())
        sliced[lang] = "\n\n".join(piece for piece in pieces if piece)
    return sliced


def _part(unit: Unit, text: dict[str, str], continued: bool) -> Unit:
    variables: dict[str, Any] = dict(unit.variables)
    if unit.kind == "paragraphs":
        variables["text"] = text
    else:
        variables["outcome"] = variables["outcome"].model_copy(update={"text": text})
        # The status badge heads the first part only.
        variables["continued"] = continued
    return Unit(unit.kind, variables)
