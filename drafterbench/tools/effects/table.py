"""Tables inside a box: find and read a ruled table, draw one (replacing the old one).

Finding: a grid is rebuilt from the horizontal and vertical ruling lines inside the clip (a ruling counts
when it spans 90% of the table) and the words are put in the cells by their centres. PyMuPDF's
``find_tables`` gives the same cells on our drawings but takes about a second per call, so it is only the
fallback when our grid finds nothing and the clip holds line art. The layout read back is a :class:`TableLayout`: rows, row heights, column widths,
top-left corner, font, size and border width.

Drawing (docs/tools.md): the grid starts at the old table's top-left corner (or the clip's corner inset by
6 pt); row heights and column widths come from ``arrange`` when given, else from the old table when the
row/column count is unchanged (its average when not), else the clip split evenly (at most 20 pt rows,
100 pt columns). Cell text is written in each cell (2 pt padding) with the asked font, size and alignment
("left", "center", "right", "justify"), shrunk per cell until it fits; the border is ruled ``borderwidth``
wide. Unset font, size and border width keep the old table's (else Helvetica, 9 pt, 0.8 pt).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import pymupdf

from drafterbench.tools.effects import _paint, fit
from drafterbench.tools.effects.fonts import base14, from_pdf_font
from drafterbench.tools.effects.text import erase_text
from drafterbench.tools.effects.vectors import in_window, make_vector, page_vectors

ALIGN = {"left": 0, "center": 1, "centre": 1, "right": 2, "justify": 3}


@dataclass
class TableLayout:
    """A table's cells and geometry (points, page coordinates)."""

    data: list[list[str]]
    row_heights: list[float]
    col_widths: list[float]
    origin: tuple[float, float]
    font: str = "helv"
    fontsize: float = 9.0
    borderwidth: float = 0.8
    align: str = "left"
    bbox: tuple[float, float, float, float] = field(default=(0.0, 0.0, 0.0, 0.0))


def find_table(page: pymupdf.Page, clip: Any) -> TableLayout | None:
    """The ruled table inside ``clip``, or None when there is none."""
    rect = pymupdf.Rect(clip)
    vectors = [v for v in page_vectors(page) if in_window(v, tuple(rect + (-1, -1, 1, 1)))]
    layout = _grid_table(page, rect, vectors)
    if layout is None and len(vectors) >= 4 and page.get_text("words", clip=rect):
        layout = _pymupdf_table(page, rect)
    if layout is None:
        return None
    _read_format(page, layout, vectors)
    return layout


def _pymupdf_table(page: pymupdf.Page, rect: pymupdf.Rect) -> TableLayout | None:
    """PyMuPDF's table finder (slow, about a second a call here: only when our grid finds none)."""
    try:
        tables = page.find_tables(clip=rect, strategy="lines").tables
    except Exception:  # noqa: BLE001  it can choke on odd line art; then there is no table
        return None
    if not tables:
        return None
    t = max(tables, key=lambda t: pymupdf.Rect(t.bbox).get_area())
    data = [[(c or "").strip() for c in row] for row in t.extract()]
    if not data or not data[0]:
        return None
    heights = [r.bbox[3] - r.bbox[1] for r in t.rows]
    widths = [c[2] - c[0] for c in t.rows[0].cells if c is not None]
    if len(widths) != len(data[0]):
        widths = [(t.bbox[2] - t.bbox[0]) / len(data[0])] * len(data[0])
    return TableLayout(
        data=data, row_heights=heights, col_widths=widths, origin=(t.bbox[0], t.bbox[1]), bbox=tuple(t.bbox)
    )


def _grid_table(page: pymupdf.Page, rect: pymupdf.Rect, vectors) -> TableLayout | None:
    """Rows and columns from the horizontal and vertical ruling lines inside the clip: a ruling counts
    when its segments cover at least 90% of the table's width (height); words go to the cell holding
    their centre."""
    hpos: dict[int, float] = {}
    vpos: dict[int, float] = {}
    hseg: dict[float, list[tuple[float, float]]] = {}
    vseg: dict[float, list[tuple[float, float]]] = {}
    for v in vectors:
        for it in v.items:
            if it[0] != "l":
                continue
            (ax, ay), (bx, by) = it[1], it[2]
            if abs(ay - by) < 0.5 and abs(ax - bx) > 5:
                hseg.setdefault(_bin(ay, hpos), []).append((min(ax, bx), max(ax, bx)))
            elif abs(ax - bx) < 0.5 and abs(ay - by) > 5:
                vseg.setdefault(_bin(ax, vpos), []).append((min(ay, by), max(ay, by)))
    if len(hseg) < 2 or len(vseg) < 2:
        return None
    for _ in range(2):  # the extent depends on the rulings kept, which depend on the extent
        x_lo, x_hi = min(vseg), max(vseg)
        y_lo, y_hi = min(hseg), max(hseg)
        hseg = {y: s for y, s in hseg.items() if _covers(s, x_lo, x_hi)}
        vseg = {x: s for x, s in vseg.items() if _covers(s, y_lo, y_hi)}
        if len(hseg) < 2 or len(vseg) < 2:
            return None
    ys_l, xs_l = _dedupe(sorted(hseg)), _dedupe(sorted(vseg))
    data = [["" for _ in xs_l[1:]] for _ in ys_l[1:]]
    for x0, y0, x1, y1, word, *_ in page.get_text("words", clip=rect):
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        r = next((i for i in range(len(ys_l) - 1) if ys_l[i] <= cy <= ys_l[i + 1]), None)
        c = next((j for j in range(len(xs_l) - 1) if xs_l[j] <= cx <= xs_l[j + 1]), None)
        if r is not None and c is not None:
            data[r][c] = f"{data[r][c]} {word}".strip()
    return TableLayout(
        data=data,
        row_heights=[b - a for a, b in pairwise(ys_l)],
        col_widths=[b - a for a, b in pairwise(xs_l)],
        origin=(xs_l[0], ys_l[0]),
        bbox=(xs_l[0], ys_l[0], xs_l[-1], ys_l[-1]),
    )


def _bin(value: float, seen: dict[int, float]) -> float:
    """Group coordinates into 1-pt bins, each bin represented by the first exact value seen."""
    return seen.setdefault(round(value), value)


def _covers(segs: list[tuple[float, float]], lo: float, hi: float) -> bool:
    covered, end = 0.0, lo
    for a, b in sorted(segs):
        a, b = max(a, end), min(b, hi)
        if b > a:
            covered += b - a
            end = b
    return hi > lo and covered >= 0.9 * (hi - lo)


def _dedupe(values: list[float], tol: float = 1.0) -> list[float]:
    out: list[float] = []
    for v in values:
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _read_format(page: pymupdf.Page, layout: TableLayout, vectors) -> None:
    box = pymupdf.Rect(layout.bbox)
    for block in page.get_text("dict", clip=box)["blocks"]:
        for line in block.get("lines", []):
            s = line["spans"][0]
            layout.font, layout.fontsize = from_pdf_font(s["font"]), round(float(s["size"]), 2)
            break
        else:
            continue
        break
    widths = [v.width for v in vectors if v.width and in_window(v, tuple(box + (-1, -1, 1, 1)))]
    if widths:
        layout.borderwidth = max(set(widths), key=widths.count)


#: The most cells one table effect draws (each cell is a text layout: a few hundred cells is already a dense
#: sheet; the drawings' tables have a few dozen).
MAX_CELLS = 1000


def _sizes(given: list | None, old: list[float] | None, n: int, default: float) -> list[float]:
    if given:
        vals = [float(x) for x in given]
        return (vals + [vals[-1]] * n)[:n]
    if old:
        return list(old) if len(old) == n else [sum(old) / len(old)] * n
    return [default] * n


def draw_table(
    page: pymupdf.Page,
    clip: Any,
    data: list[list[Any]],
    *,
    arrange: list | None = None,
    font: str | None = None,
    fontsize: float | None = None,
    borderwidth: float | None = None,
    align: str | None = None,
    erase_first: bool = False,
) -> TableLayout | None:
    """Draw ``data`` as a ruled table in ``clip`` (see the module docstring); returns the layout drawn,
    or None when ``data`` is empty (then only the old table is erased)."""
    rect = pymupdf.Rect(clip)
    old = find_table(page, rect) if erase_first else None
    if erase_first:
        erase_table(page, rect)
    rows = [["" if c is None else str(c) for c in row] for row in (data or []) if row is not None]
    if not rows or not any(rows):
        return None
    ncols = max(len(r) for r in rows)
    if len(rows) * ncols > MAX_CELLS:
        raise ValueError(f"a table of {len(rows)} x {ncols} cells is more than the {MAX_CELLS} cells drawn "
                         "on a drawing")
    rows = [r + [""] * (ncols - len(r)) for r in rows]
    nrows = len(rows)
    origin = old.origin if old else (rect.x0 + 6, rect.y0 + 6)
    heights = _sizes(
        arrange[0] if arrange else None,
        old.row_heights if old else None,
        nrows,
        min(20.0, (rect.height - 12) / nrows),
    )
    widths = _sizes(
        arrange[1] if arrange and len(arrange) > 1 else None,
        old.col_widths if old else None,
        ncols,
        min(100.0, (rect.width - 12) / ncols),
    )
    layout = TableLayout(
        data=rows,
        row_heights=heights,
        col_widths=widths,
        origin=origin,
        font=base14(font) if font else (old.font if old else "helv"),
        fontsize=float(fontsize) if fontsize else (old.fontsize if old else 9.0),
        borderwidth=float(borderwidth) if borderwidth is not None else (old.borderwidth if old else 0.8),
        align=(align or (old.align if old else "left")).lower(),
    )
    _rule(page, layout)
    _cells(page, layout)
    x0, y0 = origin
    layout.bbox = (x0, y0, x0 + sum(widths), y0 + sum(heights))
    return layout


def erase_table(page: pymupdf.Page, clip: Any) -> None:
    """Remove the text and the line art lying wholly inside ``clip``."""
    rect = pymupdf.Rect(clip)
    erase_text(page, rect)
    current = page_vectors(page)
    gone = {v.key: [] for v in current if in_window(v, tuple(rect))}
    if gone:
        _paint.rewrite(page, current, gone)


def _rule(page: pymupdf.Page, t: TableLayout) -> None:
    x0, y0 = t.origin
    x1, y1 = x0 + sum(t.col_widths), y0 + sum(t.row_heights)
    lines, y = [], y0
    for h in [0.0, *t.row_heights]:
        y += h
        lines.append(((x0, y), (x1, y)))
    x = x0
    for w in [0.0, *t.col_widths]:
        x += w
        lines.append(((x, y0), (x, y1)))
    width = t.borderwidth if t.borderwidth > 0 else 0.8
    _paint.paint(page, [make_vector((("l", a, b),), False, tol=-1, width=width) for a, b in lines])


def _cells(page: pymupdf.Page, t: TableLayout) -> None:
    align = ALIGN.get(t.align, 0)
    y = t.origin[1]
    for row, h in zip(t.data, t.row_heights):
        x = t.origin[0]
        for cell, w in zip(row, t.col_widths):
            if cell:
                _cell_text(page, pymupdf.Rect(x, y, x + w, y + h), cell, t.font, t.fontsize, align)
            x += w
        y += h


def _cell_text(page: pymupdf.Page, cell: pymupdf.Rect, text: str, font: str, size: float, align: int) -> None:
    # The box depends on the size (the text is centred vertically), so fit.fit_textbox's fixed box does not
    # apply; the same bounded descent does.
    def box(s: float) -> pymupdf.Rect:
        top = max(0.0, (cell.height - s * 1.2) / 2)
        return pymupdf.Rect(cell.x0 + 2, cell.y0 + top, cell.x1 - 2, cell.y1)

    def fits(s: float) -> bool:
        return page.insert_textbox(box(s), text, fontname=font, fontsize=s, align=align) >= 0

    def probe(s: float) -> bool:
        with pymupdf.open() as scratch:
            return scratch.new_page(width=page.rect.width, height=page.rect.height).insert_textbox(
                box(s), text, fontname=font, fontsize=s, align=align) >= 0

    used, written = fit.descend(fit.first_size(size, max(cell.width, cell.height)), fits, probe)
    if not written:
        fits(used)
