"""Print marks as a print shop checks them: page boxes, and marks seen on the rendered page.

The marks are read from the page as drawn (pdftoppm at 150 dpi), not from the
PDF's content: dark pixels along the extensions of the trim and bleed lines,
at least 5 mm long from the bleed edge, and none inside the bleed.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

from summitbrief.cli import main

MM = 72 / 25.4
DPI = 150
PX = DPI / 72  # pixels per point
A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)


def build(tmp_path: Path, *options: str) -> Path:
    result = CliRunner().invoke(main, ["build", "--lang", "en", "--out", str(tmp_path), *options])
    assert result.exit_code == 0, result.output
    return tmp_path / "nara-2026" / "nara-2026.en.pdf"


def boxes(path: Path) -> dict[str, list[float]]:
    page = PdfReader(path).pages[0]
    return {
        name: [float(v) for v in getattr(page, name)]
        for name in ("mediabox", "bleedbox", "trimbox")
    }


@pytest.fixture(scope="module")
def marked(tmp_path_factory) -> tuple[Path, Image.Image]:
    path = build(tmp_path_factory.mktemp("marks"), "--print-marks")
    prefix = path.parent / "page"
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-f", "1", "-l", "1", "-png", str(path), str(prefix)],
        check=True,
    )
    return path, Image.open(next(path.parent.glob("page*.png"))).convert("L")


class Page:
    """Points of the PDF's user space as pixels of the page drawn over its media box."""

    def __init__(self, path: Path, image: Image.Image) -> None:
        self.media = boxes(path)["mediabox"]
        self.image = image

    def dark(self, x: float, y: float) -> bool:
        """Whether the page is dark near (x, y): within a pixel of it, in points."""
        px = round((x - self.media[0]) * PX)
        py = round((self.media[3] - y) * PX)
        return any(
            self.image.getpixel((px + dx, py + dy)) < 128 for dx in (-1, 0, 1) for dy in (-1, 0, 1)
        )

    def dark_along(self, start: tuple[float, float], end: tuple[float, float]) -> float:
        """The share of points along a segment where the page is dark."""
        steps = 40
        points = [
            (start[0] + (end[0] - start[0]) * i / steps, start[1] + (end[1] - start[1]) * i / steps)
            for i in range(steps + 1)
        ]
        return sum(self.dark(x, y) for x, y in points) / len(points)


def check_boxes(path: Path, paper: tuple[float, float], bleed_mm: float, marks: bool) -> None:
    """TrimBox the paper, BleedBox exactly the bleed larger, and a MediaBox with room for
    marks 5 mm or more outside the bleed (without marks: the bleed box itself)."""
    found = boxes(path)
    width, height = paper
    bleed = bleed_mm * MM
    assert found["trimbox"] == pytest.approx([0, 0, width, height], abs=0.01)
    assert found["bleedbox"] == pytest.approx(
        [-bleed, -bleed, width + bleed, height + bleed], abs=0.01
    )
    media = found["mediabox"]
    if not marks:
        assert media == pytest.approx(found["bleedbox"], abs=0.01)
        return
    room = bleed + 5 * MM
    assert media[0] <= -room and media[1] <= -room
    assert media[2] >= width + room and media[3] >= height + room


def test_print_marks_give_exact_boxes_and_room_for_the_marks(marked):
    check_boxes(marked[0], A4, 3, marks=True)


def test_crop_marks_run_at_least_5_mm_out_from_the_bleed_on_trim_and_bleed_lines(marked):
    page = Page(*marked)
    width, height = A4
    bleed, length = 3 * MM, 5 * MM
    for corner_x, sx in ((0, -1), (width, 1)):
        for corner_y, sy in ((0, -1), (height, 1)):
            # 内トンボ on the trim lines, 外トンボ on the bleed lines, from the bleed edge outwards.
            for offset in (0, bleed):
                line_y = corner_y + sy * offset
                horizontal = page.dark_along(
                    (corner_x + sx * (bleed + 0.3 * MM), line_y),
                    (corner_x + sx * (bleed + length), line_y),
                )
                line_x = corner_x + sx * offset
                vertical = page.dark_along(
                    (line_x, corner_y + sy * (bleed + 0.3 * MM)),
                    (line_x, corner_y + sy * (bleed + length)),
                )
                assert horizontal == 1 and vertical == 1, (corner_x, corner_y, offset)


def test_centre_marks_on_every_edge(marked):
    page = Page(*marked)
    width, height = A4
    bleed, length = 3 * MM, 5 * MM
    middle_x, middle_y = width / 2, height / 2
    for y, sy in ((0, -1), (height, 1)):
        start, end = y + sy * (bleed + 0.3 * MM), y + sy * (bleed + length)
        assert page.dark_along((middle_x, start), (middle_x, end)) == 1
    for x, sx in ((0, -1), (width, 1)):
        start, end = x + sx * (bleed + 0.3 * MM), x + sx * (bleed + length)
        assert page.dark_along((start, middle_y), (end, middle_y)) == 1


def test_nothing_is_drawn_inside_the_bleed(marked):
    page = Page(*marked)
    width, height = A4
    inside = 3 * MM - 1.5  # the bleed band, short of the edge where the marks begin
    for x in range(0, int(width), 4):
        for y in (-inside / 2, height + inside / 2):
            assert not page.dark(x, y), (x, y)
    for y in range(0, int(height), 4):
        for x in (-inside / 2, width + inside / 2):
            assert not page.dark(x, y), (x, y)


def test_bleed_is_adjustable_and_the_marks_move_out_with_it(tmp_path):
    path = build(tmp_path, "--print-marks", "--bleed", "5", "--paper", "letter")
    check_boxes(path, LETTER, 5, marks=True)


def test_a_bleed_without_marks_and_no_bleed_by_default(tmp_path, sample_build):
    check_boxes(build(tmp_path, "--bleed", "2"), A4, 2, marks=False)
    check_boxes(sample_build["en"].path, A4, 0, marks=False)


def test_a_bleed_out_of_range_is_refused(tmp_path):
    result = CliRunner().invoke(main, ["build", "--bleed", "30", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "--bleed" in result.stderr and "0<=x<=20" in result.stderr
