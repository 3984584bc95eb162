"""Turn printed pages into pages a print shop can trim: marks outside the bleed.

WeasyPrint 70's ``marks: crop`` draws ~1.5 mm marks inside the bleed, on a
media box no larger than the bleed. A print shop expects the marks outside the
bleed, so that trimming never cuts into one, on a media box large enough to
hold them; Japanese shops expect double corner marks (内トンボ on the trim
line, 外トンボ on the bleed line) and centre marks (センタートンボ). WeasyPrint
paints into the bleed and writes the TrimBox (the stylesheet's ``bleed``);
here each page gets its exact BleedBox, a larger MediaBox and the marks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf

MM = 72 / 25.4
# Corner and centre marks run this far out from the bleed edge (at least 5 mm).
MARK_LENGTH_MM = 6.0
# Room between the marks' outer ends and the edge of the media box.
SLUG_MM = 2.0
# A hairline, as print shops draw marks (0.1 mm).
LINE_WIDTH_PT = 0.25
# Registration colour: every separation gets the marks, so each plate can be
# aligned; DeviceGray as the alternate keeps it valid beside an sRGB output intent.
REGISTRATION = "/SBRegistration"

Segment = tuple[float, float, float, float]


@dataclass(frozen=True)
class Geometry:
    """Where a page's boxes and marks go, in PDF points, from its trim box and bleed."""

    trim: tuple[float, float, float, float]
    bleed: float

    @property
    def bleed_box(self) -> list[float]:
        return _grow(self.trim, self.bleed)

    @property
    def media_box(self) -> list[float]:
        return _grow(self.trim, self.bleed + (MARK_LENGTH_MM + SLUG_MM) * MM)

    def segments(self) -> Iterator[Segment]:
        """The marks as line segments (x0, y0, x1, y1), all outside the bleed box."""
        left, bottom, right, top = self.trim
        gap, length = self.bleed, MARK_LENGTH_MM * MM
        for x, sx in ((left, -1), (right, 1)):
            for y, sy in ((bottom, -1), (top, 1)):
                # Trim marks (内トンボ) on the trim lines, then bleed marks (外トンボ) on the
                # bleed lines, each running outwards from the bleed edge.
                for offset in (0.0, gap) if gap else (0.0,):
                    line_y, line_x = y + sy * offset, x + sx * offset
                    yield (x + sx * gap, line_y, x + sx * (gap + length), line_y)
                    yield (line_x, y + sy * gap, line_x, y + sy * (gap + length))
        middle_x, middle_y = (left + right) / 2, (bottom + top) / 2
        half = length / 2
        for y, sy in ((bottom, -1), (top, 1)):
            start, end = y + sy * gap, y + sy * (gap + length)
            yield (middle_x, start, middle_x, end)
            yield (middle_x - half, y + sy * (gap + half), middle_x + half, y + sy * (gap + half))
        for x, sx in ((left, -1), (right, 1)):
            start, end = x + sx * gap, x + sx * (gap + length)
            yield (start, middle_y, end, middle_y)
            yield (x + sx * (gap + half), middle_y - half, x + sx * (gap + half), middle_y + half)


def _grow(box: tuple[float, float, float, float], by: float) -> list[float]:
    left, bottom, right, top = box
    return [left - by, bottom - by, right + by, top + by]


def add_marks(pdf: pikepdf.Pdf, bleed_mm: float) -> None:
    """Give every page its bleed box, a media box with room for marks, and the marks."""
    for page in pdf.pages:
        trim = tuple(float(v) for v in page.trimbox)
        geometry = Geometry((trim[0], trim[1], trim[2], trim[3]), bleed_mm * MM)
        page.obj.BleedBox = pikepdf.Array(geometry.bleed_box)
        page.obj.MediaBox = pikepdf.Array(geometry.media_box)
        if "/CropBox" in page.obj:
            del page.obj.CropBox
        _draw(pdf, page, geometry)


def _draw(pdf: pikepdf.Pdf, page: pikepdf.Page, geometry: Geometry) -> None:
    registration = pikepdf.Array(
        [
            pikepdf.Name.Separation,
            pikepdf.Name.All,
            pikepdf.Name.DeviceGray,
            pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[1], C1=[0], N=1),
        ]
    )
    page.add_resource(
        registration, pikepdf.Name.ColorSpace, pikepdf.Name(REGISTRATION), replace_existing=True
    )
    lines = "".join(
        f"{x0:.3f} {y0:.3f} m {x1:.3f} {y1:.3f} l S\n" for x0, y0, x1, y1 in geometry.segments()
    )
    # Marks are production aids, not content: a Page artifact in a tagged PDF (ISO 32000-1,
    # 14.8.2.2). The page's own drawing is wrapped in q/Q so that the marks are drawn in
    # the default coordinate system, whatever transformation it leaves behind.
    marks = (
        f"Q\n/Artifact <</Type /Page>> BDC\nq\n{REGISTRATION} CS 1 SCN {LINE_WIDTH_PT} w\n"
        f"{lines}Q\nEMC\n"
    )
    page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
    page.contents_add(pikepdf.Stream(pdf, marks.encode("ascii")), prepend=False)
