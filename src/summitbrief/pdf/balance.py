"""Turn a parallel memo whose pages end short into one cut where both languages can end.

Each block of a parallel memo is one table row with its translation and moves
to the next page whole, so a page can end 20-30 mm short. When the row that
moved can be cut after a paragraph or a sentence in both languages at once
(render/splits.py marks where: ``data-cuts`` on the row, ``data-breaks`` on
each cell), the largest first part that fits stays on the page and both
columns resume level on the next one. One cut at a time, from the first page
on, since each cut moves everything after it: the PDF stage says where
(``PdfOptions.balance``, ``Printed.cut``) from the layout it makes anyway, and
the build renders again with the cut (builder/make.py), at most MAX_CUTS times.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

# A page may end this many lines short before a block is cut to fill it.
SHORT_LINES = 3
# At most this many cuts (and layouts) per memo.
MAX_CUTS = 12

Cuts = Mapping[int, tuple[int, ...]]


def with_cut(cuts: Cuts, cut: tuple[int, int]) -> dict[int, tuple[int, ...]]:
    """``cuts`` and one more: ``cut`` is (unit, boundary)."""
    unit, boundary = cut
    return {**cuts, unit: tuple(sorted({*cuts.get(unit, ()), boundary}))}


def first_cut(document: Any) -> tuple[int, int] | None:
    """(unit, boundary) of the first cut that fills a page ending short; None if there is none."""
    pages = [page._page_box for page in document.pages]
    for page, following in itertools.pairwise(pages):
        rows = list(_rows(following))
        # Headings stay with the block after them (break-after: avoid): they move with it.
        kept = list(itertools.takewhile(lambda r: r.style["break_after"] == "avoid", rows))
        row = rows[len(kept)] if len(rows) > len(kept) else None
        if row is None or not row.element.get("data-cuts"):
            continue
        if any(box.element is rows[0].element for box in _rows(page)):
            continue  # the row began on this page: WeasyPrint split it
        free = page.content_box_y() + page.height - _used(page)
        cells = [cell for cell in row.children if cell.element is not None]
        lines = [line for cell in cells for line in _counted_lines(cell)[:1]]
        if not lines or free <= SHORT_LINES * min(line.box.height for line in lines):
            continue
        top = rows[0].position_y
        cuts = [int(value) for value in row.element.get("data-cuts").split()]
        fitting = [
            cut
            for index, cut in enumerate(cuts)
            if max(_height(cell, index, top) for cell in cells) <= free
        ]
        if fitting:
            return int(row.element.get("data-unit")), fitting[-1]
    return None


def _flow(box: Any) -> Iterator[Any]:
    """The boxes of a page's flow: not its margin boxes, nor fixed or floating boxes."""
    from weasyprint.formatting_structure import boxes

    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.MarginBox) or not child.is_in_normal_flow():
            continue
        yield child
        yield from _flow(child)


def _rows(page: Any) -> Iterator[Any]:
    """The rows of the parallel tables on a page (one block and its translation each), in order."""
    from weasyprint.formatting_structure import boxes

    for box in _flow(page):
        element = getattr(box, "element", None)
        if not isinstance(box, boxes.TableRowBox) or element is None:
            continue
        if "unit" in (element.get("class") or "").split():
            yield box


def _used(page: Any) -> float:
    """Where the page's flow ends: the bottom of its last line or row."""
    from weasyprint.formatting_structure import boxes

    kinds = boxes.LineBox | boxes.TableRowBox
    bottoms: list[float] = [b.position_y + b.height for b in _flow(page) if isinstance(b, kinds)]
    top: float = page.content_box_y()
    return max(bottoms, default=top)


@dataclass(frozen=True)
class _Line:
    """A line of a cell's text: the characters set up to its end, and its paragraph's margin."""

    count: int
    box: Any
    margin: float


def _counted_lines(cell: Any) -> list[_Line]:
    """A cell's lines of text, not its status badge, each with the characters set so far
    (not counting spaces or generated content, as render/splits.py counts them)."""
    from weasyprint.formatting_structure import boxes

    found: list[_Line] = []
    count = 0

    def walk(box: Any, paragraph: Any) -> None:
        nonlocal count
        if isinstance(box, boxes.BlockBox) and box.element_tag == "p":
            badge = "status-line" in (box.element.get("class") or "").split()
            paragraph = None if badge else box
        if isinstance(box, boxes.LineBox):
            if paragraph is not None:
                count += sum(
                    sum(not c.isspace() for c in text.text)
                    for text in box.descendants()
                    if isinstance(text, boxes.TextBox) and "::" not in (text.element_tag or "")
                )
                found.append(_Line(count, box, paragraph.margin_bottom))
            return
        for child in getattr(box, "children", ()):
            walk(child, paragraph)

    walk(cell, None)
    return found


def _height(cell: Any, index: int, top: float) -> float:
    """How far below ``top`` the cell's part up to its ``index``-th break ends."""
    breaks = [int(value) for value in (cell.element.get("data-breaks") or "").split()]
    if index >= len(breaks):
        return float("inf")
    for line in _counted_lines(cell):
        if line.count >= breaks[index]:
            bottom: float = line.box.position_y + line.box.height
            return bottom - top + line.margin
    return float("inf")
