"""Markups: the numbered rectangles (Square annotations) and the hand-drawn coloured strokes.

Reading order of rectangles: sort by top edge; a rectangle joins the current row when its top edge is
within ``ROW_TOLERANCE`` × the smaller height (of it and the row's first rectangle) of that first
rectangle's top edge; rows are read top to bottom, each row left to right (by left edge).

Hand-drawn markups are Ink, PolyLine, Polygon, Line and Circle annotations (Square annotations are the
rectangle markups, never vectors). Each Ink stroke / each annotation outline becomes one Vector with
``source="annot"``, classified like page line art (a hand-drawn loop closes when its ends are within
1.5 pt).
"""

from __future__ import annotations

from itertools import pairwise

import pymupdf

from drafterbench.tools.effects import _geom as g
from drafterbench.tools.effects.colours import rgb, same_colour
from drafterbench.tools.effects.vectors import Vector, make_vector

ROW_TOLERANCE = 0.5
HAND_CLOSE_TOL = 1.5
_STROKE_TYPES = {
    pymupdf.PDF_ANNOT_INK,
    pymupdf.PDF_ANNOT_POLY_LINE,
    pymupdf.PDF_ANNOT_POLYGON,
    pymupdf.PDF_ANNOT_LINE,
    pymupdf.PDF_ANNOT_CIRCLE,
}


def reading_order(rects: list[pymupdf.Rect]) -> list[pymupdf.Rect]:
    """``rects`` in reading order (rows top to bottom, left to right; see the module docstring)."""
    rows: list[list[pymupdf.Rect]] = []
    for r in sorted(rects, key=lambda r: (r.y0, r.x0)):
        if rows:
            first = rows[-1][0]
            tol = ROW_TOLERANCE * min(first.height, r.height)
            if r.y0 - first.y0 <= tol:
                rows[-1].append(r)
                continue
        rows.append([r])
    return [r for row in rows for r in sorted(row, key=lambda r: r.x0)]


def rect_markups(page: pymupdf.Page) -> list[pymupdf.Rect]:
    """The page's rectangle markups (Square annotations) in reading order."""
    rects = [pymupdf.Rect(a.rect) for a in page.annots(types=[pymupdf.PDF_ANNOT_SQUARE])]
    return reading_order(rects)


def annot_vectors(page: pymupdf.Page) -> list[Vector]:
    """Every hand-drawn markup stroke on the page as a Vector (source "annot")."""
    out = []
    for annot in page.annots(types=list(_STROKE_TYPES)):
        colours = annot.colors or {}
        stroke = tuple(colours.get("stroke") or ()) or None
        fill = tuple(colours.get("fill") or ()) or None
        width = float((annot.border or {}).get("width") or 1.0)
        kind = annot.type[0]
        if kind == pymupdf.PDF_ANNOT_CIRCLE:
            strokes = [_ellipse(annot.rect)]
        elif kind == pymupdf.PDF_ANNOT_INK:
            strokes = annot.vertices or []
        else:
            strokes = [annot.vertices or []]
        for i, pts in enumerate(strokes):
            pts = [(float(p[0]), float(p[1])) for p in pts]
            if len(pts) < 2:
                continue
            if kind == pymupdf.PDF_ANNOT_CIRCLE:
                items = tuple(("c", *seg) for seg in pts)
                closed = True
            else:
                items = tuple(("l", a, b) for a, b in pairwise(pts))
                closed = kind == pymupdf.PDF_ANNOT_POLYGON
            out.append(
                make_vector(
                    items,
                    closed,
                    tol=HAND_CLOSE_TOL,
                    stroke_color=stroke,
                    fill_color=fill,
                    width=width,
                    source="annot",
                    annot_xref=annot.xref,
                    stroke=i,
                )
            )
    return out


def colour_markups(page: pymupdf.Page, colour: str) -> list[Vector]:
    """The hand-drawn markup strokes whose stroke colour is ``colour`` (a colour name)."""
    target = rgb(colour)
    return [v for v in annot_vectors(page) if same_colour(v.stroke_color, target, tol=0.05)]


def _ellipse(r: pymupdf.Rect) -> list[tuple[g.Pt, g.Pt, g.Pt, g.Pt]]:
    k = 0.5522847498
    cx, cy, rx, ry = (r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2, r.width / 2, r.height / 2
    e, s, w, n = (cx + rx, cy), (cx, cy + ry), (cx - rx, cy), (cx, cy - ry)
    return [
        (e, (cx + rx, cy + k * ry), (cx + k * rx, cy + ry), s),
        (s, (cx - k * rx, cy + ry), (cx - rx, cy + k * ry), w),
        (w, (cx - rx, cy - k * ry), (cx - k * rx, cy - ry), n),
        (n, (cx + k * rx, cy - ry), (cx + rx, cy - k * ry), e),
    ]
