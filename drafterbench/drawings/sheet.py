"""Render a :class:`DrawingSpec` into a PDF that looks like a structural drawing sheet.

Every page is an A3 landscape sheet: border, title block, notes, a column grid with bubbles and a dimension
line, columns at grid intersections and beams between them (the *background*, chosen by the seed), then the
spec's boxes — each a region holding what the spec says, outlined by a numbered red rectangle markup
(a Square annotation) — and the spec's coloured hand-drawn markups (Ink annotations).

Layout rules the effect layer relies on (see docs/tools.md):
* boxes sit in a grid of cells, rows top to bottom and left to right in ``boxes`` order; boxes of one row
  have their top edges within a few points of each other, so reading order equals ``boxes`` order;
* background line art never enters a box (it is split around every box with a margin), so a box holds
  exactly what its spec says, apart from one crossing line and one straddling column in "vectors" boxes
  (there on purpose, to tell window from crossing selection and to give repair something to reconnect);
* every vector is its own path, so the tools can select them one by one.

Determinism: the only randomness is ``random.Random`` seeded from the spec seed and page index; document
metadata, annotation names and the file id are fixed, so the same spec always yields the same bytes.
"""

from __future__ import annotations

import functools
import math
import random

import pymupdf

from drafterbench.drawings.canvas import Canvas
from drafterbench.drawings.spec import BoxSpec, DrawingSpec, MarkupSpec, PageSpec
from drafterbench.tools.effects.colours import rgb

PAGE_W, PAGE_H = 1190.55, 841.89  # A3 landscape, points
FRAME = pymupdf.Rect(20, 20, PAGE_W - 20, PAGE_H - 20)
TITLE = pymupdf.Rect(PAGE_W - 360, PAGE_H - 100, PAGE_W - 20, PAGE_H - 20)
NOTES = pymupdf.Rect(40, PAGE_H - 100, PAGE_W - 380, PAGE_H - 26)
AREA = pymupdf.Rect(60, 100, PAGE_W - 40, PAGE_H - 112)  # where the plan and the boxes live
BOX_MARGIN = 9.0  # background line art keeps this far from every box
BOX_COLOUR = (1.0, 0.0, 0.0)
INK = (0.0, 0.0, 0.0)
GRID_GREY = (0.45, 0.45, 0.45)
COLUMN_FILL = (0.55, 0.55, 0.55)
FIXED_DATE = "D:20240101000000Z"

_SIZE = {"small": (0.45, 0.45), "medium": (0.65, 0.62), "large": (0.85, 0.82)}
_PROJECTS = [
    "Riverside Car Park",
    "North Bridge Widening",
    "Harbour Office Block",
    "Elm Street School",
    "Mill Lane Warehouse",
    "Civic Library Extension",
    "Hilltop Water Tank",
    "Station Footbridge",
]
_NOTES = [
    "ALL DIMENSIONS IN MILLIMETRES UNLESS NOTED.",
    "CONCRETE GRADE C30/37, COVER 35 MM.",
    "REINFORCEMENT GRADE B500B.",
    "DO NOT SCALE FROM THIS DRAWING.",
    "LAPS 50 DIA. MINIMUM.",
    "READ WITH ARCHITECT'S DRAWINGS.",
    "SETTING OUT FROM GRID LINES ONLY.",
]
_VNOTES = ["CHECK LEVELS ON SITE", "REVISION A - FOR COMMENT", "ISSUED FOR CONSTRUCTION"]


def render_pdf(spec: DrawingSpec) -> bytes:
    """The PDF bytes for ``spec`` (see the module docstring for what a page holds)."""
    doc = pymupdf.open()
    font_xrefs: dict[str, int] = {}
    for index, page_spec in enumerate(spec.pages):
        rng = random.Random(spec.seed * 1_000_003 + index)
        page = doc.new_page(width=PAGE_W, height=PAGE_H)
        _draw_page(page, page_spec, spec, index, rng, font_xrefs)
    doc.set_metadata(
        {
            "title": spec.name,
            "author": "drafterbench",
            "creator": "drafterbench",
            "producer": "drafterbench",
            "creationDate": FIXED_DATE,
            "modDate": FIXED_DATE,
        }
    )
    data = doc.tobytes(garbage=3, deflate=True, no_new_id=True)
    doc.close()
    return data


def box_rects(page_spec: PageSpec, rng: random.Random) -> list[pymupdf.Rect]:
    """Where the page's boxes go: one per grid cell, filled row by row (reading order)."""
    n = len(page_spec.boxes)
    if n == 0:
        return []
    rows, cols = _grid_shape(n)
    cell_w, cell_h = AREA.width / cols, AREA.height / rows
    rects = []
    for i, box in enumerate(page_spec.boxes):
        r, c = divmod(i, cols)
        cell = pymupdf.Rect(
            AREA.x0 + c * cell_w, AREA.y0 + r * cell_h, AREA.x0 + (c + 1) * cell_w, AREA.y0 + (r + 1) * cell_h
        )
        w, h = _box_size(box, cell)
        x0 = cell.x0 + 14 + rng.uniform(0, max(0.0, cell.width - w - 28))
        y0 = cell.y0 + 14 + rng.uniform(0, min(6.0, max(0.0, cell.height - h - 28)))
        rects.append(pymupdf.Rect(x0, y0, x0 + w, y0 + h))
    return rects


def _grid_shape(n: int) -> tuple[int, int]:
    if n <= 3:
        return 1, n
    if n == 4:
        return 2, 2
    if n <= 8:
        return 2, math.ceil(n / 2)
    if n == 9:
        return 3, 3
    return 3, 4


def _box_size(box: BoxSpec, cell: pymupdf.Rect) -> tuple[float, float]:
    fw, fh = _SIZE[box.size]
    w, h = min(cell.width * fw, 460.0), min(cell.height * fh, 300.0)
    if box.content == "table" and box.table:
        rows, cols = len(box.table), len(box.table[0])
        w = max(w, min(cols * 60.0 + 12, cell.width - 28))
        h = max(h, min(rows * 18.0 + 12, cell.height - 28))
    return max(w, 60.0), max(h, 44.0)


def _draw_page(
    page: pymupdf.Page,
    page_spec: PageSpec,
    spec: DrawingSpec,
    index: int,
    rng: random.Random,
    font_xrefs: dict[str, int],
) -> None:
    boxes = box_rects(page_spec, rng)
    blocked = [r + (-BOX_MARGIN, -BOX_MARGIN - 10, BOX_MARGIN, BOX_MARGIN) for r in boxes]
    cv = Canvas(page, font_xrefs)
    _sheet(cv, spec, index, rng)
    _plan(cv, blocked, rng)
    textboxes = []
    for i, (box, rect) in enumerate(zip(page_spec.boxes, boxes)):
        cv.text((rect.x0, rect.y0 - 3), str(i + 1), font="helv", size=7, colour=BOX_COLOUR)
        if box.content in ("text", "vtext"):
            textboxes.append((rect + (6, 6, -6, -6), box.text or "", 90 if box.content == "vtext" else 0))
        else:
            _box_content(cv, box, rect, rng)
    cv.commit()
    for inner, text, rotate in textboxes:  # wrapped text: PyMuPDF's text box layout
        _fit_textbox(page, inner, text, rotate)
    for i, rect in enumerate(boxes):
        annot = page.add_rect_annot(rect)
        annot.set_colors(stroke=BOX_COLOUR)
        annot.set_border(width=1.2)
        annot.set_info(
            content=f"box {i + 1}", title="drafterbench", creationDate=FIXED_DATE, modDate=FIXED_DATE
        )
        annot.update()
    taken = list(blocked)
    for markup in page_spec.markups:
        _markups(page, markup, taken, rng)


# ---- background sheet -------------------------------------------------------------------------------------


def _sheet(cv: Canvas, spec: DrawingSpec, index: int, rng: random.Random) -> None:
    cv.path([FRAME.tl, FRAME.tr, FRAME.br, FRAME.bl], closed=True, width=1.5)
    t = TITLE
    cv.path([t.tl, t.tr, t.br, t.bl], closed=True, width=1.0)
    cv.path([(t.x0, t.y0 + 28), (t.x1, t.y0 + 28)], width=0.6)
    cv.path([(t.x0, t.y0 + 54), (t.x1, t.y0 + 54)], width=0.6)
    cv.path([(t.x0 + 220, t.y0 + 54), (t.x0 + 220, t.y1)], width=0.6)
    stem = spec.name[:-4].replace("_", " ").replace("-", " ").upper()
    project = _PROJECTS[spec.seed % len(_PROJECTS)]
    cv.text((t.x0 + 6, t.y0 + 19), project.upper(), font="hebo", size=11)
    cv.text((t.x0 + 6, t.y0 + 45), f"DRAWING: {stem}", font="helv", size=9)
    cv.text(
        (t.x0 + 6, t.y0 + 72),
        f"SHEET S-{101 + index}   ({index + 1} OF {len(spec.pages)})",
        font="helv",
        size=8,
    )
    cv.text((t.x0 + 226, t.y0 + 72), f"SCALE 1:{rng.choice([50, 100, 200])}", font="helv", size=8)
    cv.text((NOTES.x0, NOTES.y0 + 10), "NOTES:", font="hebo", size=8)
    for k, note in enumerate(rng.sample(_NOTES, 3)):
        cv.text((NOTES.x0, NOTES.y0 + 22 + 11 * k), f"{k + 1}. {note}", font="helv", size=7)
    cv.text((PAGE_W - 26, PAGE_H - 130), rng.choice(_VNOTES), font="helv", size=7, rotate=90)


def _plan(cv: Canvas, blocked: list[pymupdf.Rect], rng: random.Random) -> None:
    nx, ny = rng.randint(5, 7), rng.randint(3, 5)
    xs = [AREA.x0 + 20 + i * (AREA.width - 40) / (nx - 1) for i in range(nx)]
    ys = [AREA.y0 + 20 + j * (AREA.height - 40) / (ny - 1) for j in range(ny)]
    for i, x in enumerate(xs):  # vertical grid lines, bubbles on top, dimension line
        cv.circle((x, 52), 9, width=0.8)
        cv.text((x - 3, 55.5), chr(ord("A") + i), font="helv", size=9)
        for seg in _split((x, AREA.y0 - 12), (x, AREA.y1), blocked):
            cv.path(seg, width=0.4, colour=GRID_GREY, dashes="[9 3 2 3] 0")
    for j, y in enumerate(ys):
        cv.circle((AREA.x0 - 24, y), 9, width=0.8)
        cv.text((AREA.x0 - 27, y + 3.5), str(j + 1), font="helv", size=9)
        for seg in _split((AREA.x0 - 12, y), (AREA.x1, y), blocked):
            cv.path(seg, width=0.4, colour=GRID_GREY, dashes="[9 3 2 3] 0")
    cv.path([(xs[0], 78), (xs[-1], 78)], width=0.5)
    for i, x in enumerate(xs):
        cv.path([(x - 3, 81), (x + 3, 75)], width=0.8)
        if i:
            span = rng.choice([4500, 6000, 7200, 7500, 8000])
            cv.text(((x + xs[i - 1]) / 2 - 9, 74), str(span), font="helv", size=7)
    for x in xs:  # columns at the intersections, beams between some of them
        for y in ys:
            col = pymupdf.Rect(x - 7, y - 7, x + 7, y + 7)
            if not _hits(col, blocked):
                cv.path([col.tl, col.tr, col.br, col.bl], closed=True, width=0.8, fill=COLUMN_FILL)
    for j, y in enumerate(ys):
        for i in range(nx - 1):
            if rng.random() < 0.45:
                continue
            for off in (-4, 4):
                a, b = (xs[i] + 7, y + off), (xs[i + 1] - 7, y + off)
                for seg in _split(a, b, blocked):
                    cv.path(seg, width=0.7)


def _split(a, b, blocked: list[pymupdf.Rect]) -> list[list[tuple[float, float]]]:
    """The parts of the axis-parallel segment a-b that stay outside every blocked rectangle."""
    (x0, y0), (x1, y1) = a, b
    horizontal = abs(y1 - y0) < 1e-6
    lo, hi = (x0, x1) if horizontal else (y0, y1)
    cuts = []
    for r in blocked:
        if horizontal and r.y0 <= y0 <= r.y1:
            cuts.append((r.x0, r.x1))
        elif not horizontal and r.x0 <= x0 <= r.x1:
            cuts.append((r.y0, r.y1))
    pieces, start = [], lo
    for c0, c1 in sorted(cuts):
        if c1 <= start or c0 >= hi:
            continue
        if c0 > start:
            pieces.append((start, c0))
        start = max(start, c1)
    if start < hi:
        pieces.append((start, hi))
    out = []
    for s, e in pieces:
        if e - s < 6:
            continue
        out.append([(s, y0), (e, y0)] if horizontal else [(x0, s), (x0, e)])
    return out


def _hits(rect: pymupdf.Rect, blocked: list[pymupdf.Rect]) -> bool:
    return any(rect.intersects(r) for r in blocked)


# ---- box contents -----------------------------------------------------------------------------------------


def _box_content(cv: Canvas, box: BoxSpec, rect: pymupdf.Rect, rng: random.Random) -> None:
    inner = rect + (6, 6, -6, -6)
    if box.content == "table" and box.table:
        _table(cv, inner, box.table)
    elif box.content == "vectors":
        _vectors(cv, rect, inner, box.vectors, rng)


def _fit_textbox(page: pymupdf.Page, rect: pymupdf.Rect, text: str, rotate: int) -> None:
    size = 11.0
    while size > 4.0:
        if page.insert_textbox(rect, text, fontname="helv", fontsize=size, rotate=rotate) >= 0:
            return
        size -= 1.0
    page.insert_textbox(rect, text, fontname="helv", fontsize=4.0, rotate=rotate)


@functools.lru_cache(maxsize=1)
def _helv() -> pymupdf.Font:
    return pymupdf.Font("helv")


def _table(cv: Canvas, inner: pymupdf.Rect, data: list[list[str]]) -> None:
    rows, cols = len(data), len(data[0])
    cw = min(70.0, inner.width / cols)
    rh = min(20.0, inner.height / rows)
    x0, y0 = inner.x0, inner.y0
    x1, y1 = x0 + cols * cw, y0 + rows * rh
    for r in range(rows + 1):
        cv.path([(x0, y0 + r * rh), (x1, y0 + r * rh)], width=0.8)
    for c in range(cols + 1):
        cv.path([(x0 + c * cw, y0), (x0 + c * cw, y1)], width=0.8)
    size = max(4.0, min(9.0, rh * 0.55))
    font = _helv()
    for r, row in enumerate(data):
        for c, cell in enumerate(row):
            if not cell:
                continue
            fs = size
            while fs > 4.0 and font.text_length(cell, fs) > cw - 4:
                fs -= 0.5
            cv.text((x0 + c * cw + 2, y0 + r * rh + (rh + fs * 0.7) / 2), cell, font="helv", size=fs)


def _vectors(cv: Canvas, rect: pymupdf.Rect, inner: pymupdf.Rect, kinds, rng: random.Random) -> None:
    w, h = inner.width, inner.height
    y = inner.y0 + h * rng.uniform(0.2, 0.3)
    if "lines" in kinds:
        # One beam line crossing the whole box (window and crossing selections differ); with columns it is
        # interrupted by the first column, the way a beam line stops at a column (repair rejoins it).
        if "columns" in kinds:
            cx = inner.x0 + rng.uniform(0.3, 0.45) * w
            cv.path([(rect.x0 - 6, y), (cx - 6, y)], width=0.8)
            cv.path([(cx + 6, y), (rect.x1 + 6, y)], width=0.8)
            c = pymupdf.Rect(cx - 6, y - 6, cx + 6, y + 6)
            cv.path([c.tl, c.tr, c.br, c.bl], closed=True, width=0.8, fill=COLUMN_FILL)
        else:
            cv.path([(rect.x0 - 6, y), (rect.x1 + 6, y)], width=0.8)
        for _ in range(2):
            x = inner.x0 + rng.uniform(0.05, 0.3) * w
            yy = inner.y0 + rng.uniform(0.45, 0.9) * h
            cv.path(
                [
                    (x, yy),
                    (x + rng.uniform(0.3, 0.6) * w, yy),
                    (x + rng.uniform(0.3, 0.6) * w, yy - rng.uniform(0.1, 0.3) * h),
                ],
                width=0.7,
            )
    if "columns" in kinds:
        for k in range(rng.randint(1, 2)):
            s = rng.uniform(9, 15)
            cx = inner.x0 + (0.1 + 0.25 * k) * w
            cy = inner.y0 + rng.uniform(0.55, 0.8) * h
            c = pymupdf.Rect(cx - s / 2, cy - s / 2, cx + s / 2, cy + s / 2)
            cv.path([c.tl, c.tr, c.br, c.bl], closed=True, width=0.8, fill=COLUMN_FILL)
        cx = rect.x0 + rng.uniform(0.6, 0.85) * rect.width  # one column straddling the bottom edge
        c = pymupdf.Rect(cx - 6, rect.y1 - 6, cx + 6, rect.y1 + 6)
        cv.path([c.tl, c.tr, c.br, c.bl], closed=True, width=0.8, fill=COLUMN_FILL)
    if "rebars" in kinds:
        sw, sh = min(90.0, 0.45 * w), min(50.0, 0.35 * h)
        sx = inner.x1 - sw - 4
        sy = inner.y0 + 0.4 * h
        sec = pymupdf.Rect(sx, sy, sx + sw, sy + sh)  # a beam section outline (a closed line, not a column)
        cv.path([sec.tl, sec.tr, sec.br, sec.bl], closed=True, width=0.8)
        n = rng.randint(3, 5)
        for k in range(n):
            px = sec.x0 + 6 + k * (sec.width - 12) / (n - 1)
            for py in (sec.y1 - 6, sec.y0 + 6):
                cv.circle((px, py), 2.5, width=0.5, fill=INK)
        bx = inner.x0 + 0.05 * w  # two straight bars: thick round-capped lines
        for k in range(2):
            by = inner.y0 + (0.06 + 0.06 * k) * h
            cv.path([(bx, by), (bx + 0.4 * w, by)], width=2.0, cap=1)


# ---- hand-drawn markups -----------------------------------------------------------------------------------


def _markups(page: pymupdf.Page, markup: MarkupSpec, taken: list[pymupdf.Rect], rng: random.Random) -> None:
    colour = rgb(markup.colour)
    for kind in markup.kinds:
        spot = _free_spot(taken, 120, 56, rng)
        taken.append(spot + (-6, -6, 6, 6))
        strokes = _strokes(kind, spot, rng)
        annot = page.add_ink_annot(strokes)
        annot.set_colors(stroke=colour)
        annot.set_border(width=1.5)
        annot.set_info(
            content=f"{markup.colour} {kind}",
            title="drafterbench",
            creationDate=FIXED_DATE,
            modDate=FIXED_DATE,
        )
        annot.update()


def _free_spot(taken: list[pymupdf.Rect], w: float, h: float, rng: random.Random) -> pymupdf.Rect:
    """A w×h rectangle in the plan area clear of boxes and earlier markups (first free lattice spot)."""
    spots = [
        pymupdf.Rect(x, y, x + w, y + h)
        for y in range(int(AREA.y0), int(AREA.y1 - h), 30)
        for x in range(int(AREA.x0), int(AREA.x1 - w), 40)
    ]
    rng.shuffle(spots)
    for s in spots:
        if not _hits(s, taken):
            return s
    return spots[0]  # a full page: overlap rather than fail (the markups are still separate annots)


def _strokes(kind: str, spot: pymupdf.Rect, rng: random.Random) -> list[list[tuple[float, float]]]:
    def j() -> float:  # a hand's jitter
        return rng.uniform(-0.8, 0.8)

    strokes = []
    if kind == "lines":
        for k in range(rng.randint(2, 3)):
            y = spot.y0 + 10 + 16 * k
            xs = [spot.x0 + 8 + t * (spot.width - 16) / 3 for t in range(4)]
            strokes.append([(x + j(), y + j()) for x in xs])
    elif kind == "rebars":
        for k in range(rng.randint(3, 4)):
            cx, cy, r = spot.x0 + 14 + 26 * k, spot.y0 + spot.height / 2, rng.uniform(2.8, 3.6)
            loop = [
                (
                    cx + r * math.cos(2 * math.pi * t / 12) + j() * 0.2,
                    cy + r * math.sin(2 * math.pi * t / 12) + j() * 0.2,
                )
                for t in range(12)
            ]
            strokes.append(loop + [loop[0]])
    else:  # columns: closed near-square rectangles
        for k in range(rng.randint(2, 3)):
            s = rng.uniform(12, 18)
            x0, y0 = spot.x0 + 8 + 36 * k, spot.y0 + 12
            pts = [(x0, y0), (x0 + s, y0), (x0 + s, y0 + s), (x0, y0 + s)]
            pts = [(x + j() * 0.3, y + j() * 0.3) for x, y in pts]
            strokes.append(pts + [pts[0]])
    return strokes
