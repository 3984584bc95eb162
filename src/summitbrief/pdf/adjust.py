"""Set Japanese and Korean lines as a typesetter does, inside WeasyPrint's layout.

WeasyPrint 70 justifies a line by widening its spaces only (``justify_line``
in ``weasyprint/layout/inline.py``), so Japanese, which has none, cannot be
justified, and a Korean line with a long Latin word gapes at its few spaces.
Its text is shaped by Pango, line by line, in ``text/line_break.py``; each
drawn glyph keeps the advance and offset Pango gave it (``draw/text.py``).
That is where the rules of ``spacing.py`` are applied:

- **Shaping** (``shaping``, called from ``linebreak.py``'s ``set_text``
  wrapper): in Japanese text every mark whose blank line adjustment may remove
  gets the font's ``halt`` feature (half-width alternates), and brackets and
  commas a quarter em of letter spacing (their least blank), so that lines are
  broken as tight as the rules allow (reduction before expansion, JLREQ
  §3.8.2). A text measured for its natural width (``max-content``) keeps its
  blanks, less those consecutive marks share, and gets letter spacing at its
  Japanese–Latin boundaries.
- **Breaking** (``split_first_line``): a Japanese paragraph's last lines are
  broken again tight when that avoids a one-character last line; a justified
  Korean line that would gape takes the start of its next word.
- **Alignment** (``text_align``, which WeasyPrint calls once per line): for a
  line that holds Japanese text, or a justified Korean line, the glyph advances
  Pango gave its text boxes when the line was broken (kept by
  ``_keeping_glyphs``) go to ``spacing.adjust``, which decides what space goes
  after each character. Box widths and positions follow, as WeasyPrint's own
  ``add_word_spacing`` moves them.
- **Drawing** (``Layout.get_first_line``, which ``draw_first_line`` reads the
  glyphs from): the decided space is added to the advance of each character's
  last glyph (positioned glyphs). A mark the font could not shape half-width
  is moved the same way.

No character is added: the PDF's text layer is the source text. WeasyPrint is
pinned to 70.0; ``tests/test_adjust.py`` fails when these hooks stop applying.
"""

from __future__ import annotations

import contextlib
import math
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import Any

from summitbrief.pdf import spacing

# Line adjustment is on unless ``render_pdf`` is asked otherwise (PdfOptions):
# the hooks are process-wide, the choice is per document.
ADJUSTING: ContextVar[bool] = ContextVar("summitbrief_adjusting", default=True)
# Set while WeasyPrint measures the line a text box will hold: its Pango
# layout is kept for line adjustment to read (``_keeping_glyphs``).
MEASURING: ContextVar[bool] = ContextVar("summitbrief_measuring", default=False)
# Set while a Japanese line is broken again with its marks solid, to avoid a
# widow; only texts of at most WIDOW_LINES lines are looked at for one.
TIGHT: ContextVar[bool] = ContextVar("summitbrief_tight", default=False)
WIDOW_LINES = 3
# Set while a Korean line is broken again with the word starting at this byte
# offset breakable between syllables, its room being too much for its gaps.
OPEN_WORD: ContextVar[int | None] = ContextVar("summitbrief_open_word", default=None)
LOOSE = 0.5  # px a justified line may end short of its measure before that
HALT = b"halt 1"  # the half-width alternates of a font's punctuation


@contextlib.contextmanager
def adjusting(enabled: bool) -> Iterator[None]:
    """Lay out and draw with (or without) line adjustment."""
    token = ADJUSTING.set(enabled)
    try:
        yield
    finally:
        ADJUSTING.reset(token)


def language(style: Any) -> str:
    """The primary language tag Pango shapes a text in (font-language-override first)."""
    override = style["font_language_override"]
    tag = override if override != "normal" else style["lang"] or ""
    return tag.split("-")[0].lower()


def shaping(layout: Any, text: str) -> Iterator[tuple[int, int, str, Any]]:
    """Attributes for a Japanese text's marks and boundaries: (start byte, end byte, kind, value).

    ``kind`` is ``"features"`` (value: an OpenType feature string) or
    ``"letter_spacing"`` (value: Pango units). A layout is shaped for one of
    four uses: ``"break"`` (WeasyPrint breaking and drawing lines: every blank
    at its least), ``"tight"`` (broken again to avoid a widow: marks solid),
    ``"plan"`` (a line shaped again to be adjusted, its ``spacing`` set:
    marks half-width) or ``"natural"`` (a text measured unbroken, for a
    max-content width).
    """
    if not ADJUSTING.get() or language(layout.style) != "ja" or not text:
        return
    use = getattr(layout, "spacing", None) or ("natural" if layout.max_width is None else "break")
    if use == "break" and TIGHT.get():
        use = "tight"
    offsets = _byte_offsets(text)
    # The quarter em added to each mark, by byte offset: what the glyphs lose
    # when the line is shaped again to be drawn (``_captured``).
    spaced = layout.letter_spaced = {}
    em = layout.style["font_size"]
    css = layout.style["letter_spacing"]
    base = 0 if css == "normal" else css
    for index, char in enumerate(text):
        if char not in spacing.MARK_CHARS:
            continue
        mark = spacing.kind(char)
        final_stop = use == "tight" and index == len(text) - 1 and mark is spacing.Kind.FULL_STOP
        if mark in spacing.MARKS and (
            spacing.squeezed(text, index, use == "natural") or final_stop
        ):
            yield offsets[index], offsets[index + 1], "features", HALT
            # Not at the text's edges, where the mark is set solid anyway and
            # Pango would count half the spacing past the edge while breaking.
            inside = 0 < index < len(text) - 1
            if use == "break" and mark in spacing.BRACKETS and inside:
                units = round((base + spacing.BRACKET_LEAST_EM * em) * 1024)
                spaced[offsets[index]] = units / 1024 - base
                yield offsets[index], offsets[index + 1], "letter_spacing", units
    if use != "natural":
        return
    for index in range(len(text) - 1):
        if spacing.boundary(text[index], text[index + 1]):
            # Pango spreads letter spacing on both sides of a character: put it
            # on one that is not at the text's end, whose half would be dropped.
            at = index + 1 if index + 2 < len(text) else index
            units = round((base + spacing.BOUNDARY_EM * em) * 1024)
            yield offsets[at], offsets[at + 1], "letter_spacing", units


@lru_cache(maxsize=4096)
def _byte_offsets(text: str) -> tuple[int, ...]:
    """Where each character of ``text`` starts in its UTF-8 bytes, and where it ends."""
    return (0, *accumulate(len(char.encode()) for char in text))


def install(inline: Any, line_break: Any, ffi: Any, pango: Any) -> None:
    """Wrap WeasyPrint's line breaking, alignment and drawing (once, from ``linebreak.install``)."""
    inline.text_align = _aligning(inline.text_align, line_break, inline.boxes, ffi, pango)
    inline.split_first_line = _splitting(inline.split_first_line, line_break, ffi, pango)
    line_break.first_line_metrics = _measuring(line_break.first_line_metrics)
    line_break.Layout.deactivate = _keeping_glyphs(line_break.Layout.deactivate)
    line_break.Layout.get_first_line = _placing(line_break.Layout.get_first_line, ffi, pango)


def _splitting(
    split_first_line: Callable[..., Any], line_break: Any, ffi: Any, pango: Any
) -> Callable[..., Any]:
    """Break a line again where the first break would leave a widow or a gaping line."""

    last_line = _last_line(line_break, ffi, pango)

    def split(
        text: str,
        style: Any,
        context: Any,
        max_width: float | None,
        justification_spacing: float,
        is_line_start: bool = True,
        minimum: bool = False,
    ) -> Any:
        arguments = (text, style, context, max_width, justification_spacing, is_line_start)
        result = split_first_line(*arguments, minimum=minimum)
        if result[2] is None or minimum or max_width is None or not ADJUSTING.get():
            return result
        lang = language(style)
        if lang == "ja" and is_line_start:
            return _without_widow(result, arguments, minimum, split_first_line, last_line)
        if lang == "ko" and _justified(style, last=False):
            return _without_gap(result, arguments, minimum, split_first_line)
        return result

    return split


def _without_widow(
    result: Any, arguments: tuple[Any, ...], minimum: bool, split_first_line: Any, last_line: Any
) -> Any:
    """Break tight when that takes a paragraph's last character into its line.

    Before each of the last few lines of a Japanese text is broken, Pango sets
    the rest of the text as it would be; when that leaves a single character
    on the last line (JLREQ §3.5.4) and breaking the rest with its marks solid
    does not, this line is broken tight (``TIGHT``), as the next ones will be.
    """
    text, style, context, max_width, *_ = arguments
    em = style["font_size"]
    if len(text) * em > WIDOW_LINES * max_width or not _may_end_alone(text, max_width / em):
        return result
    if not spacing.widow(last_line(text, style, context, max_width)):
        return result
    token = TIGHT.set(True)
    try:
        if spacing.widow(last_line(text, style, context, max_width)):
            return result
        tighter = split_first_line(*arguments, minimum=minimum)
    finally:
        TIGHT.reset(token)
    tighter[0].spacing = "tight"
    return tighter


def _may_end_alone(text: str, capacity: float) -> bool:
    """Whether the last line of ``text`` may hold a character or two, ``capacity`` em a line.

    An estimate (marks and Latin letters count at their widths when breaking),
    loose enough to leave no widow out, that spares most texts Pango's setting.
    """
    width = sum(WIDTHS.get(spacing.kind(char), 1.0) for char in text)
    left = width % capacity
    return left < 4 or left > capacity - 2


WIDTHS = {
    **dict.fromkeys(spacing.MARKS, 0.75),
    spacing.Kind.LATIN: 0.55,
    spacing.Kind.SPACE: 0.25,
}


def _without_gap(
    result: Any, arguments: tuple[Any, ...], minimum: bool, split_first_line: Any
) -> Any:
    """Break the next Korean word between syllables when keeping it whole leaves a gap.

    A justified line whose room its spaces and syllables cannot take within
    their limits (``spacing.adjust`` leaves some over) would end short: the
    word after it then breaks between syllables, as KLREQ §4.4.2 allows, two
    syllables at least on each side (``OPEN_WORD``).
    """
    text, style, _, max_width, *_ = arguments
    _, length, resume, width, *_ = result
    line = text.encode()[:length].decode().rstrip(" ")
    em = style["font_size"]
    room = max_width - width
    # Most lines: their spaces alone take the room well within their limits.
    if (
        room
        <= line.count(" ") * (spacing.KOREAN_SPACE_LIMIT_EM + spacing.KOREAN_SPACE_MORE_EM) * em
    ):
        return result
    glyphs = [spacing.Glyph(char, "ko", em, em if _full_width(char) else em / 2) for char in line]
    if room - spacing.adjust(glyphs, room, True, "ko").total < LOOSE:
        return result
    token = OPEN_WORD.set(resume)
    try:
        broken = split_first_line(*arguments, minimum=minimum)
    finally:
        OPEN_WORD.reset(token)
    return broken if broken[1] > length else result


def _full_width(char: str) -> bool:
    """Whether a character is set a full em wide (Hangul, Hanja, kana, full-width forms)."""
    return spacing.kind(char) in (spacing.Kind.HANGUL, spacing.Kind.IDEOGRAPHIC)


def _last_line(line_break: Any, ffi: Any, pango: Any) -> Callable[..., str]:
    def last_line(text: str, style: Any, context: Any, max_width: float) -> str:
        """The last line Pango makes of ``text`` at ``max_width``."""
        layout = line_break.create_layout(text, style, context, max_width, 0)
        number, start = 0, 0
        while (line := pango.pango_layout_get_line_readonly(layout.layout, number)) != ffi.NULL:
            start = line.start_index
            number += 1
        return text.encode()[start:].decode()

    return last_line


def _measuring(first_line_metrics: Callable[..., Any]) -> Callable[..., Any]:
    def measure(*arguments: Any, **keywords: Any) -> Any:
        token = MEASURING.set(True)
        try:
            return first_line_metrics(*arguments, **keywords)
        finally:
            MEASURING.reset(token)

    return measure


def _keeping_glyphs(deactivate: Callable[..., None]) -> Callable[..., None]:
    """Keep the Pango layout of a text box's line until its glyphs are read (``_captured``)."""

    def keep(layout: Any) -> None:
        if MEASURING.get() and ADJUSTING.get() and language(layout.style) in ("ja", "ko"):
            layout.kept = True
        else:
            deactivate(layout)

    return keep


def _justified(style: Any, last: bool) -> bool:
    """Whether WeasyPrint would justify this line (its ``text_align`` resolution)."""
    align = style["text_align_all"]
    if last and style["text_align_last"] != "auto":
        align = style["text_align_last"]
    collapsing = style["white_space"] in ("normal", "nowrap", "pre-line")
    return align == "justify" and collapsing


def _aligning(
    text_align: Callable[..., float], line_break: Any, boxes: Any, ffi: Any, pango: Any
) -> Any:
    def align(context: Any, line: Any, available_width: float, last: bool) -> float:
        if not ADJUSTING.get() or line.style["direction"] == "rtl":
            return text_align(context, line, available_width, last)
        runs = list(_runs(line, boxes))
        texts = [box for box in runs if box is not None]
        languages = {language(box.style) for box in texts}
        justify = _justified(line.style, last)
        if not justify and not any(_settable(box.text) for box in texts):
            return text_align(context, line, available_width, last)
        if "ja" not in languages and not justify:
            return text_align(context, line, available_width, last)
        shaped = [_captured(box, ffi, pango) or _shape(box, line_break, ffi) for box in texts]
        glyphs: list[spacing.Glyph] = []
        sealed = False
        shaped_by_box = dict(zip(map(id, texts), shaped, strict=True))
        for box in runs:
            if box is None:
                sealed = True
                continue
            for position, glyph in enumerate(shaped_by_box[id(box)].glyphs):
                glyphs.append(glyph if not (sealed and position == 0) else _sealed(glyph))
            sealed = False
        grown = sum(s.width - box.width for s, box in zip(shaped, texts, strict=True))
        room = available_width - line.width - grown
        tight = any(getattr(box.pango_layout, "spacing", None) == "tight" for box in texts)
        setting = spacing.adjust(glyphs, room, justify, language(line.style), tight)
        extras = list(setting.extras)
        widths = {}
        for number, (box, shape) in enumerate(zip(texts, shaped, strict=True)):
            mine, extras = extras[: len(shape.glyphs)], extras[len(shape.glyphs) :]
            lead = setting.lead if number == 0 else 0.0
            drawn, shifts = _drawn_extras(shape, mine)
            if lead or shifts or any(drawn.values()):
                shape.layout.extras, shape.layout.shifts = drawn, shifts
                shape.layout.lead = lead
                shape.layout.exact = justify
            box.pango_layout = shape.layout
            widths[id(box)] = shape.width + lead + sum(mine)
        _place(line, widths, 0.0, boxes)
        if justify:
            return 0.0
        return text_align(context, line, available_width, last)

    return align


def _settable(text: str) -> bool:
    """Whether a text has marks or Latin letters or digits, whose spacing a ragged line sets."""
    return any(spacing.kind(char) in SETTABLE for char in text)


SETTABLE = spacing.MARKS | {spacing.Kind.LATIN}


def _sealed(glyph: spacing.Glyph) -> spacing.Glyph:
    return glyph._replace(sealed=True)


def _runs(box: Any, boxes: Any) -> Iterator[Any]:
    """The line's text boxes in order; None where a gap may not change (atomic box, edges)."""
    for child in box.children:
        if not child.is_in_normal_flow():
            continue
        if isinstance(child, boxes.TextBox):
            if child.text:
                yield child
        elif isinstance(child, boxes.InlineBox):
            edged = _edged(child)
            if edged:
                yield None
            yield from _runs(child, boxes)
            if edged:
                yield None
        else:
            yield None


def _edged(box: Any) -> bool:
    sides = (
        box.margin_left,
        box.margin_right,
        box.padding_left,
        box.padding_right,
        box.border_left_width,
        box.border_right_width,
    )
    return any(sides)


@dataclass(frozen=True)
class _Shaped:
    """A text box shaped again for adjustment: its layout, glyphs and their byte offsets."""

    layout: Any
    glyphs: list[spacing.Glyph]
    starts: Sequence[int]
    width: float
    spaced: dict[int, float] = field(default_factory=dict)  # letter spacing of marks


def _captured(box: Any, ffi: Any, pango: Any) -> _Shaped | None:
    """The box's glyphs as shaped when its line was broken, less the marks' letter spacing.

    The line is drawn shaped the same way (kerning included), the spacing then
    taken back out of the space ``spacing.adjust`` gives (``_drawn_extras``).
    """
    layout = box.pango_layout
    if not getattr(layout, "kept", False) or layout.text != box.text:
        return None
    line = pango.pango_layout_get_line_readonly(layout.layout, 0)
    advances = _advances(line, layout.text, ffi)
    layout.kept = False
    layout.deactivate()
    starts = _byte_offsets(box.text)[:-1]
    spaced = getattr(layout, "letter_spaced", {})
    advances = [
        None if advance is None else advance - spaced.get(start, 0.0)
        for advance, start in zip(advances, starts, strict=True)
    ]
    width = box.width - sum(spaced.values())
    return _Shaped(layout, _glyphs_of(box, advances), starts, width, spaced)


def _drawn_extras(shape: _Shaped, extras: list[float]) -> tuple[dict[int, float], dict[int, float]]:
    """Space to add after each character and ink shifts, by byte offset, for the drawn shaping.

    A mark with letter spacing already has it in its advance, half of it (as
    Pango spreads it) before its ink: a closing mark's ink goes back to the
    left of its advance, its blank after it; an opening mark's ink goes right,
    its blank before it (the character before it gets that much less).
    """
    drawn = dict(zip(shape.starts, extras, strict=True))
    shifts = {}
    for index, start in enumerate(shape.starts):
        letter_spacing = shape.spaced.get(start)
        if not letter_spacing:
            continue
        before = _space_left(letter_spacing)
        if spacing.kind(shape.glyphs[index].char) is spacing.Kind.OPENING:
            drawn[shape.starts[index - 1]] -= letter_spacing
            shifts[start] = letter_spacing - before
        else:
            drawn[start] -= letter_spacing
            shifts[start] = -before
    return drawn, shifts


def _space_left(letter_spacing: float) -> float:
    """The part of a letter spacing Pango puts before a glyph (``distribute_letter_spacing``)."""
    units = round(letter_spacing * 1024)
    left = units // 2
    if units % 1024 == 0:
        left = (left + 512) & ~1023
    return left / 1024


def _shape(box: Any, line_break: Any, ffi: Any) -> _Shaped:
    """The box's text shaped again as it will be drawn, the marks half-width."""
    layout = line_break.Layout(box.style, 0, None)
    layout.spacing = "plan"
    layout.set_text(box.text)
    first, _ = layout.get_first_line()
    width, _ = line_break.line_size(first, box.style)
    advances = _advances(first, box.text, ffi)
    layout.deactivate()
    return _Shaped(layout, _glyphs_of(box, advances), _byte_offsets(box.text)[:-1], width)


def _glyphs_of(box: Any, advances: list[float | None]) -> list[spacing.Glyph]:
    lang = language(box.style)
    em = box.style["font_size"]
    return [
        spacing.Glyph(char, lang, em, advance or 0.0, sealed=advance is None)
        for char, advance in zip(box.text, advances, strict=True)
    ]


def _advances(line: Any, text: str, ffi: Any) -> list[float | None]:
    """Each character's advance in px; None for a character that shares its glyph cluster."""
    starts = _byte_offsets(text)
    index_of = {start: index for index, start in enumerate(starts)}
    advances: list[float | None] = [None] * len(text)
    for glyph_info, cluster, _ in _glyphs(line, ffi):
        index = index_of.get(cluster)
        if index is not None:
            advances[index] = (advances[index] or 0.0) + glyph_info.geometry.width / 1024
    return advances


def _glyphs(line: Any, ffi: Any) -> Iterator[tuple[Any, int, Any]]:
    """Every glyph of a Pango line, the byte offset where its cluster starts, its font."""
    run = line.runs
    while run != ffi.NULL:
        item = run.data.item
        glyph_string = run.data.glyphs
        for i in range(glyph_string.num_glyphs):
            cluster = item.offset + glyph_string.log_clusters[i]
            yield glyph_string.glyphs[i], cluster, item.analysis.font
        run = run.next


def _place(box: Any, widths: dict[int, float], x_advance: float, boxes: Any) -> float:
    """Move and widen the boxes of a line after its text boxes got their new widths."""
    if isinstance(box, boxes.TextBox):
        box.position_x += x_advance
        if id(box) in widths:
            x_advance += widths[id(box)] - box.width
            box.width = widths[id(box)]
        return x_advance
    if isinstance(box, boxes.LineBox | boxes.InlineBox):
        box.position_x += x_advance
        before = x_advance
        for child in box.children:
            if child.is_in_normal_flow():
                x_advance = _place(child, widths, x_advance, boxes)
        box.width += x_advance - before
        return x_advance
    box.translate(x_advance, 0)
    return x_advance


def _placing(get_first_line: Callable[..., Any], ffi: Any, pango: Any) -> Callable[..., Any]:
    def first_line(layout: Any) -> Any:
        line, index = get_first_line(layout)
        extras = getattr(layout, "extras", None)
        if extras is not None and not getattr(layout, "placed", False):
            shifts = getattr(layout, "shifts", {})
            lead, exact = getattr(layout, "lead", 0.0), getattr(layout, "exact", True)
            _move(line, layout.text, extras, shifts, lead, exact, ffi, pango)
            layout.placed = True
        return line, index

    return first_line


def _move(
    line: Any,
    text: str,
    extras: dict[int, float],
    shifts: dict[int, float],
    lead: float,
    exact: bool,
    ffi: Any,
    pango: Any,
) -> None:
    """Add each character's extra space to the advance of the last glyph of its cluster.

    ``exact``: the line must end on its measure, whatever the PDF's rounding.
    """
    glyphs = list(_glyphs(line, ffi))
    if not glyphs:
        return
    previous = None
    for glyph_info, cluster, _ in glyphs:
        if cluster != previous and cluster in shifts:
            glyph_info.geometry.x_offset += round(shifts[cluster] * 1024)
        previous = cluster
    starts = sorted(extras)
    totals = [0.0, *accumulate(extras[start] for start in starts)]
    end = len(text.encode())
    wanted = []
    for number, (glyph_info, cluster, _) in enumerate(glyphs):
        following = glyphs[number + 1][1] if number + 1 < len(glyphs) else end
        space = 0.0
        if following != cluster:
            stop = following if following > cluster else end
            space = totals[bisect_left(starts, stop)] - totals[bisect_left(starts, cluster)]
        wanted.append(glyph_info.geometry.width / 1024 + space)
    if lead:
        glyphs[0][0].geometry.x_offset += round(lead * 1024)
        wanted[0] += lead
    if exact:
        _draw_exactly(glyphs, wanted, ffi, pango)
    else:
        for (glyph_info, _, _), width in zip(glyphs, wanted, strict=True):
            glyph_info.geometry.width = round(width * 1024)


def _draw_exactly(
    glyphs: list[tuple[Any, int, Any]], wanted: list[float], ffi: Any, pango: Any
) -> None:
    """Give each glyph the advance that makes the PDF draw it where ``wanted`` says (px).

    ``draw_first_line`` writes a glyph's advance as its font advance, its offset
    and an adjustment truncated to a whole thousandth of an em, the offset read
    in Pango units as if they were thousandths: what it draws is the font
    advance plus offset, less a whole number. That number is chosen here so
    that the error of a line never adds up past half a thousandth of an em.
    """
    logical = ffi.new("PangoRectangle *")
    sizes: dict[Any, float] = {}  # a line has a font or two: each described once
    error = 0.0  # thousandths of an em drawn past where they were wanted, so far
    for (glyph_info, _, font), wanted_px in zip(glyphs, wanted, strict=True):
        glyph = glyph_info.glyph
        if glyph == pango.PANGO_GLYPH_EMPTY or glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG:
            continue
        if font not in sizes:
            sizes[font] = _font_size(font, ffi, pango)
        size = sizes[font]
        pango.pango_font_get_glyph_extents(font, glyph, ffi.NULL, logical)
        per_unit = 1000 / 1024 / size  # thousandths of an em per Pango unit
        fixed = round(logical.width * per_unit) + glyph_info.geometry.x_offset / size
        target = wanted_px * 1000 / size
        whole = round(fixed - target + error)
        error += fixed - whole - target
        # The advance whose truncated adjustment is ``whole`` (int() rounds towards 0).
        if whole > 0:
            width = math.floor((fixed - whole) / per_unit)
        elif whole < 0:
            width = math.ceil((fixed - whole) / per_unit)
        else:
            width = round(fixed / per_unit)
        glyph_info.geometry.width = width


def _font_size(font: Any, ffi: Any, pango: Any) -> float:
    """The size WeasyPrint writes a Pango font at, in px (``get_pango_font_key``)."""
    description = ffi.gc(
        pango.pango_font_describe_with_absolute_size(font), pango.pango_font_description_free
    )
    size: int = pango.pango_font_description_get_size(description)
    return size / 1024
