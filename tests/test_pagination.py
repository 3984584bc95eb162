"""Page breaks as a reader checks them: no heading ends a page, a table's head row never ends
one, and no paragraph of Latin text leaves a single line on either side of a break.

The sample is laid out many times with a background growing line by line, so that
every heading and paragraph meets the foot of a page somewhere. Each page's boxes
are read back from WeasyPrint's layout. The same check run on a stylesheet with
the rules switched off finds violations: it can fail.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from summitbrief import Html, Press, open_press
from summitbrief.pdf.document import lay_out
from summitbrief.planner import Edition
from summitbrief.render.html import render_document
from summitbrief.resources import SAMPLE

from helpers import default_press, load_summit

# Each step adds about one line of text to the background.
GROWTH = "Officials on both sides prepared the meeting over several weeks of close consultation. "
STEPS = range(0, 28, 2)
# What may not be the last line on a page: headings, a status badge, the legend,
# the head row of the follow-up table.
KEEP_WITH_NEXT = {"h1", "h2", "h3", "status-line", "legend", "thead"}
NO_RULES = """
.unit-title, .unit-heading, .unit-area, .unit-legend, .status-line {
  break-after: auto;
}
html { orphans: 1; widows: 1; }
"""


@dataclass(frozen=True)
class Line:
    """A line of the page's flow and the elements it sits in (outermost first)."""

    page: int
    trail: tuple[tuple[str, frozenset[str], int], ...]  # (tag, classes, id of the element)

    @property
    def names(self) -> set[str]:
        return {tag for tag, _, _ in self.trail} | {
            c for _, classes, _ in self.trail for c in classes
        }

    @property
    def block(self) -> int:
        """The element of the innermost block the line belongs to."""
        return self.trail[-1][2]


def grown(step: int):
    summit = load_summit(SAMPLE)
    first, *rest = summit.background
    longer = {**first, "en": first["en"] + " " + GROWTH * step}
    return summit.model_copy(update={"background": (longer, *rest)})


def layout_lines(html: Html, press: Press) -> Iterator[Line]:
    """Every line of the main flow of every page (not margin boxes, not the fixed banners)."""
    from weasyprint.formatting_structure import boxes

    document = lay_out(html, press)

    def walk(box, trail, page):
        element = getattr(box, "element", None)
        if isinstance(box, boxes.MarginBox):
            return
        kinds = boxes.BlockLevelBox | boxes.TableCellBox | boxes.TableRowGroupBox
        if element is not None and isinstance(box, kinds):
            classes = frozenset((element.get("class") or "").split())
            if "classification-banner" in classes:
                return
            tag = box.element_tag.split("::")[0]
            trail = (*trail, (tag, classes, id(element)))
        if isinstance(box, boxes.LineBox):
            if any(getattr(child, "text", "").strip() for child in box.descendants()):
                yield Line(page, trail)
            return
        for child in getattr(box, "children", ()):
            yield from walk(child, trail, page)

    for number, page in enumerate(document.pages, start=1):
        yield from walk(page._page_box, (), number)


def violations(lines: list[Line], latin: bool) -> list[str]:
    found = []
    pages = max(line.page for line in lines)
    for page in range(1, pages):
        last = [line for line in lines if line.page == page][-1]
        kept = last.names & KEEP_WITH_NEXT
        if kept:
            found.append(f"page {page} ends with {sorted(kept)}")
    if latin:
        parts: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        # A table's head row is set again on each page it runs onto: not a split.
        for line in (line for line in lines if "thead" not in line.names):
            parts[line.block][line.page] += 1
        for counts in parts.values():
            if len(counts) > 1 and min(counts.values()) < 2:
                found.append(f"a paragraph split {dict(counts)} lines per page")
    return found


def check(lang: str, step: int, press: Press | None = None) -> list[str]:
    press = press or default_press()
    edition = Edition(grown(step), (lang,))
    lines = list(layout_lines(render_document(edition, press), press))
    return violations(lines, latin=lang == "en")


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_heading_ends_a_page_and_no_single_line_of_a_paragraph_is_left(lang, step):
    assert check(lang, step) == []


def test_the_check_finds_violations_when_the_rules_are_switched_off(tmp_path: Path):
    (tmp_path / "extra.css").write_text(NO_RULES, encoding="utf-8")
    press = open_press(theme=tmp_path)
    found = [v for step in STEPS for v in check("en", step, press)]
    assert any("ends with" in v for v in found), found
    assert any("paragraph split" in v for v in found), found
