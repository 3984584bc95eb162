"""Pages as pictures: render PDF pages to low-resolution images and compare them with goldens.

The goldens are the first two pages of the sample memo in en, ko, ja and ko+ja,
rendered by poppler's pdftoppm at 40 dpi (``tests/goldens/``). Update them on
purpose, after looking at the change, with ``make goldens`` (this file run as a
script).

The comparison ignores what differs from one rasterizer or machine to the next
(anti-aliasing, a hairline drawn one pixel dark or two pixels grey, glyph edges
a pixel off) and catches what a reader would see: a block that moved, a face
that changed. In grey levels:

- a pixel has changed when it differs by more than ``PIXEL_THRESHOLD`` from
  every pixel in the 3×3 neighbourhood of the same place in the other image
  (both ways), so a shift of one pixel (0.6 mm) is noise;
- the pages differ when more than ``AREA_THRESHOLD`` of the pixels of some
  17×17 area (about 11 mm square) have changed, or more than
  ``PAGE_THRESHOLD`` of the whole page. Noise is spread thin over the page;
  a moved block or another face changes the areas it covers densely.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageFilter

GOLDENS = Path(__file__).parent / "goldens"
DPI = 40
PAGES = 2
MEMOS = ("en", "ko", "ja", "ko+ja")
# Calibrated on the sample (tests/test_goldens.py proves each side): rendering
# the same PDF with pdfium or poppler's cairo backend instead of pdftoppm changes
# at most ~8 % of an area and ~0.4 % of a page; a block moved by 2 mm or a
# serif face replaced by a sans one changes 20-70 % of the areas they cover.
PIXEL_THRESHOLD = 48
AREA_RADIUS = 8
AREA_THRESHOLD = 0.15
PAGE_THRESHOLD = 0.01


@dataclass(frozen=True)
class Difference:
    """How far two renderings of a page are apart."""

    size: tuple[tuple[int, int], tuple[int, int]]
    area: float  # the largest fraction of changed pixels in any 17×17 area
    page: float  # the fraction of changed pixels in the page
    where: tuple[int, int] | None  # the centre of that area, in pixels

    @property
    def same(self) -> bool:
        return (
            self.size[0] == self.size[1]
            and self.area <= AREA_THRESHOLD
            and self.page <= PAGE_THRESHOLD
        )

    def __str__(self) -> str:
        if self.size[0] != self.size[1]:
            return f"page size {self.size[0]} != {self.size[1]}"
        return (
            f"{self.area:.1%} of the area around {self.where} changed (limit "
            f"{AREA_THRESHOLD:.0%}), {self.page:.2%} of the page (limit {PAGE_THRESHOLD:.0%})"
        )


def render_pages(pdf: Path, pages: int = PAGES, dpi: int = DPI, tool: str = "pdftoppm") -> list:
    """The first ``pages`` pages of ``pdf`` as RGB images (``tool``: pdftoppm or pdftocairo)."""
    with tempfile.TemporaryDirectory() as directory:
        prefix = Path(directory) / "page"
        command = [tool, "-r", str(dpi), "-f", "1", "-l", str(pages), "-png", str(pdf), prefix]
        subprocess.run(command, check=True, capture_output=True)
        return [Image.open(path).convert("RGB") for path in sorted(Path(directory).glob("*.png"))]


def changed_pixels(a: Image.Image, b: Image.Image) -> Image.Image:
    """A mask (255 = changed): pixels of either image not found near their place in the other."""
    a, b = a.convert("L"), b.convert("L")

    def one_way(x: Image.Image, y: Image.Image) -> Image.Image:
        low, high = y.filter(ImageFilter.MinFilter(3)), y.filter(ImageFilter.MaxFilter(3))
        apart = ImageChops.lighter(ImageChops.subtract(x, high), ImageChops.subtract(low, x))
        return apart.point(lambda value: 255 if value > PIXEL_THRESHOLD else 0)

    return ImageChops.lighter(one_way(a, b), one_way(b, a))


def compare(golden: Image.Image, actual: Image.Image) -> Difference:
    """How ``actual`` differs from ``golden``, by the rules of this module's docstring."""
    size = (golden.size, actual.size)
    if golden.size != actual.size:
        return Difference(size, 1.0, 1.0, None)
    mask = changed_pixels(golden, actual)
    page = mask.histogram()[255] / (mask.width * mask.height)
    # A box blur of the mask is, at each pixel, the fraction changed in the area around it.
    density = mask.filter(ImageFilter.BoxBlur(AREA_RADIUS))
    data = density.tobytes()
    high = max(data)
    index = data.index(high)
    where = (index % density.width, index // density.width) if high else None
    return Difference(size, high / 255, page, where)


def golden_path(memo: str, page: int, sample: str = "nara-2026") -> Path:
    return GOLDENS / f"{sample}.{memo}-{page}.png"


def write_goldens(pdfs: dict[str, Path], sample: str = "nara-2026") -> list[Path]:
    """Render the goldens from ``pdfs`` (memo → PDF of ``sample``) into tests/goldens/."""
    GOLDENS.mkdir(exist_ok=True)
    written = []
    for memo in MEMOS:
        for number, image in enumerate(render_pages(pdfs[memo]), start=1):
            path = golden_path(memo, number, sample)
            image.save(path, optimize=True)
            written.append(path)
    return written


def main() -> None:
    """Build every embedded sample and write their goldens (``make goldens``)."""
    from summitbrief import BuildOptions, build, open_press
    from summitbrief.resources import samples

    out = Path(tempfile.mkdtemp(prefix="goldens-"))
    try:
        languages = tuple(memo for memo in MEMOS if "+" not in memo)
        pairs = tuple(tuple(memo.split("+")) for memo in MEMOS if "+" in memo)
        for sample in samples():
            options = BuildOptions(out=out, languages=languages, pairs=pairs)
            pdfs = {
                "+".join(a.edition.languages): a.path
                for a in build([sample], options, open_press())
            }
            for path in write_goldens(pdfs, sample.stem):
                sys.stdout.write(f"wrote {path}\n")
    finally:
        shutil.rmtree(out)


if __name__ == "__main__":
    sys.exit(main())
