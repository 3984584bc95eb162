"""Lines of body text as a reader measures them: where each line's last glyph ends in the PDF.

WeasyPrint's layout says which lines belong to which paragraph and where the
paragraph's measure ends (its block's content edge); the PDF, read back with
pdfplumber, says where the glyphs were actually drawn. A line is on the measure
when its last glyph ends within ``TOLERANCE`` of that edge.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pdfplumber

from summitbrief.pdf import adjust
from summitbrief.pdf.document import lay_out
from summitbrief.press import Press
from summitbrief.printing import Html

from helpers import default_press

PT_PER_PX = 0.75
TOLERANCE = 0.5  # pt
# Blocks of running text: the units whose paragraphs are justified.
BODY_UNITS = {"unit-summary", "unit-paragraphs", "unit-outcome", "unit-quote", "unit-step"}
# A closing bracket, comma or full stop at a line's end may be set solid, its
# half-em blank removed (JLREQ §3.1.9): its glyph box then reaches half an em
# past the line's end.
CLOSING = set("、，。．）〕］｝〉》」』】｠〙〗")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


@dataclass(frozen=True)
class LineEnd:
    """One line of a body paragraph: its text, whether it is the paragraph's last, its ends."""

    page: int
    lang: str
    text: str
    last: bool
    start: float  # the left edge of the paragraph's block, in pt
    measure: float  # its right edge, where its lines should end, in pt
    right: float  # where the line's last glyph ends in the PDF, in pt
    size: float  # the font size of the last glyph, in pt

    @property
    def on_measure(self) -> bool:
        if abs(self.right - self.measure) <= TOLERANCE:
            return True
        solid = self.text[-1:] in CLOSING and self.right - self.size / 2
        return bool(solid) and abs(solid - self.measure) <= TOLERANCE


@dataclass(frozen=True)
class _Layout:
    page: int
    lang: str
    text: str
    last: bool
    start: float
    measure: float
    baseline: float
    left: float


def render(
    html: Html | str, adjusting: bool = True, press: Press | None = None
) -> tuple[object, bytes]:
    """WeasyPrint's document and its PDF, laid out as render_pdf does (line adjustment or not)."""
    with adjust.adjusting(adjusting):
        document = lay_out(html, press or default_press())
        return document, document.write_pdf()


@dataclass(frozen=True)
class Measured:
    """A document's body lines as measured, and its PDF."""

    lines: list[LineEnd]
    pdf: bytes

    def page_texts(self) -> list[str]:
        """Each page's characters in the order they are drawn: the text layer, nothing added."""
        with pdfplumber.open(io.BytesIO(self.pdf)) as reader:
            return ["".join(c["text"] for c in page.chars) for page in reader.pages]


def body_lines(
    html: Html | str, langs: tuple[str, ...] = ("ja", "ko"), adjusting: bool = True
) -> list[LineEnd]:
    """Every line of the body paragraphs in ``langs``, measured in the PDF."""
    return measure(html, langs, adjusting).lines


def measure(
    html: Html | str, langs: tuple[str, ...] = ("ja", "ko"), adjusting: bool = True
) -> Measured:
    """Render ``html`` and measure the lines of its body paragraphs in ``langs``."""
    document, pdf = render(html, adjusting)
    laid = list(_layout_lines(document, langs))
    found = []
    with pdfplumber.open(io.BytesIO(pdf)) as reader:
        for number, page in enumerate(reader.pages, start=1):
            chars = [c for c in page.chars if c["text"].strip()]
            for line in (line for line in laid if line.page == number):
                on_line = [
                    c
                    for c in chars
                    if abs(page.height - c["matrix"][5] - line.baseline) < 1
                    and line.left - 1 <= c["x0"] <= line.measure + 1
                ]
                if not on_line:
                    continue
                last = max(on_line, key=lambda c: c["x0"])
                found.append(
                    LineEnd(
                        number,
                        line.lang,
                        line.text,
                        line.last,
                        line.start,
                        line.measure,
                        last["x1"],
                        last["size"],
                    )
                )
    return Measured(found, pdf)


def _layout_lines(document: object, langs: tuple[str, ...]) -> Iterator[_Layout]:
    from weasyprint.formatting_structure import boxes

    def text_of(box: object) -> str:
        texts = (b.text for b in box.descendants() if isinstance(b, boxes.TextBox))
        return "".join(texts)

    def walk(box: object, units: frozenset[str], parent: object) -> Iterator[tuple]:
        element = getattr(box, "element", None)
        blocks = boxes.BlockLevelBox | boxes.TableRowBox | boxes.TableCellBox
        if element is not None and isinstance(box, blocks):
            units = units | frozenset((element.get("class") or "").split())
        if isinstance(box, boxes.LineBox):
            if units & BODY_UNITS:
                yield box, parent
            return
        for child in getattr(box, "children", ()):
            yield from walk(child, units, box)

    lines = [
        (number, line, parent)
        for number, page in enumerate(document.pages, start=1)
        for line, parent in walk(page._page_box, frozenset(), None)
    ]
    # The last line of each paragraph (a block may go on on the next page).
    last_of = {id(parent.element): index for index, (_, _, parent) in enumerate(lines)}
    for index, (number, line, parent) in enumerate(lines):
        lang = (line.style["lang"] or "").split("-")[0]
        text = text_of(line).strip()
        if lang not in langs or not CJK.search(text):
            continue
        yield _Layout(
            number,
            lang,
            text,
            last_of[id(parent.element)] == index,
            parent.content_box_x() * PT_PER_PX,
            (parent.content_box_x() + parent.width) * PT_PER_PX,
            (line.position_y + line.baseline) * PT_PER_PX,
            line.position_x * PT_PER_PX,
        )
