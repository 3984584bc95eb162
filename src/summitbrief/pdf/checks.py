"""Read a laid-out document for what a reader would find wrong: text past the margins."""

from __future__ import annotations

from typing import Any


def overflows(document: Any) -> list[str]:
    """Text that runs past the left or right edge of the page's content area."""
    from weasyprint.formatting_structure.boxes import TextBox

    found = []
    for number, page in enumerate(document.pages, start=1):
        area = page._page_box
        left = area.content_box_x()
        right = left + area.width
        for box in area.descendants():
            outside = box.position_x < left - 0.5 or box.position_x + box.width > right + 0.5
            if isinstance(box, TextBox) and box.text.strip() and outside:
                found.append(f"page {number}: text runs past the margin: {box.text[:40]!r}")
    return found
