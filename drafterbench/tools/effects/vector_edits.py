"""Editing vectors on a page: delete, restyle, transform, clean a region, repair cut lines, add standard.

Every function takes vectors as selected earlier (``select`` / ``colour_markups``) and finds them again on
the current page by key (or by geometry when rounding moved the key), so selections stay valid after other
edits. Page vectors are edited by repainting the page's line art (``_paint.rewrite``); hand-drawn markup
vectors (source "annot") by rewriting their annotation. Definitions of each operation: docs/tools.md.
"""

from __future__ import annotations

import math
from dataclasses import replace
from itertools import pairwise
from typing import Any

import pymupdf

from drafterbench.tools.effects import _geom as g
from drafterbench.tools.effects import _paint
from drafterbench.tools.effects.colours import rgb
from drafterbench.tools.effects.markups import annot_vectors
from drafterbench.tools.effects.vectors import Vector, find_current, in_window, make_vector, page_vectors

REPAIR_ANGLE = 1.0  # degrees: two pieces are collinear within this
REPAIR_OFFSET = 0.75  # points: and this far off each other's line at most
REPAIR_MARGIN = 3.0  # points: the gap may reach this far outside the clip


def _split(vectors: list[Vector]) -> tuple[list[Vector], list[Vector]]:
    return [v for v in vectors if v.source == "page"], [v for v in vectors if v.source == "annot"]


def _style(v: Vector) -> dict[str, Any]:
    return {
        "stroke_color": v.stroke_color,
        "fill_color": v.fill_color,
        "width": v.width,
        "dashes": v.dashes,
        "lineJoin": v.lineJoin,
        "lineCap": v.lineCap,
        "even_odd": v.even_odd,
    }


def _edit_page(page: pymupdf.Page, wanted: list[Vector], fn) -> list[Vector]:
    """Repaint the page with ``fn(v) -> list[Vector]`` applied to the current matches of ``wanted``."""
    if not wanted:
        return []
    current = page_vectors(page)
    hits = find_current(current, wanted)
    if hits:
        _paint.rewrite(page, current, {v.key: fn(v) for v in hits})
    return hits


def _edit_annots(page: pymupdf.Page, wanted: list[Vector], fn) -> None:
    """Rewrite ink markups: each hit stroke becomes ``fn(v)`` (a list of point lists; [] deletes it)."""
    if not wanted:
        return
    current = annot_vectors(page)
    hits = {(v.annot_xref, v.stroke): v for v in find_current(current, wanted)}
    by_annot: dict[int, list[Vector]] = {}
    for v in current:
        by_annot.setdefault(v.annot_xref, []).append(v)
    for xref, strokes in by_annot.items():
        if not any((xref, v.stroke) in hits for v in strokes):
            continue
        annot = next(a for a in page.annots() if a.xref == xref)
        colours, border, info = annot.colors, annot.border, annot.info
        new: list[list[g.Pt]] = []
        for v in strokes:
            new.extend(fn(v) if (xref, v.stroke) in hits else [_stroke_points(v)])
        page.delete_annot(annot)
        if new:
            ink = page.add_ink_annot(new)
            ink.set_colors(stroke=colours.get("stroke"))
            ink.set_border(width=border.get("width") or 1.0)
            ink.set_info(content=info.get("content", ""), title=info.get("title", ""))
            ink.update()


def _stroke_points(v: Vector) -> list[g.Pt]:
    pts = [v.items[0][1]] + [it[-1] for it in v.items]
    return pts


def delete_vectors(page: pymupdf.Page, vectors: list[Vector]) -> None:
    """Remove exactly these vectors (whole paths); every other vector, all text and images stay."""
    pg, an = _split(vectors)
    _edit_page(page, pg, lambda v: [])
    _edit_annots(page, an, lambda v: [])


def restyle_vectors(
    page: pymupdf.Page,
    vectors: list[Vector],
    *,
    fillcolor: str | None = None,
    drwcolor: str | None = None,
    dashes: str | None = None,
    closePath: bool | None = None,
    lineJoin: int | None = None,
    lineCap: int | None = None,
    width: float | None = None,
) -> None:
    """Change the style of these vectors; each keyword left None keeps that attribute as it is.

    ``dashes`` "[n m] p" (all zeros = solid); ``closePath`` True closes open paths, False opens closed
    ones (the closing segment is dropped). Hand-drawn markups only take ``drwcolor`` and ``width``.
    """
    style: dict[str, Any] = {}
    if fillcolor is not None:
        style["fill_color"] = rgb(fillcolor)
    if drwcolor is not None:
        style["stroke_color"] = rgb(drwcolor)
    if dashes is not None:
        style["dashes"] = _paint.dash_op(dashes)[:-2]
    if lineJoin is not None:
        style["lineJoin"] = int(lineJoin)
    if lineCap is not None:
        style["lineCap"] = int(lineCap)
    if width is not None:
        style["width"] = float(width)

    def change(v: Vector) -> list[Vector]:
        closed = v.closed if closePath is None else bool(closePath)
        return (
            [make_vector(v.items, closed, **{**_style(v), **style})]
            if closed or not v.closed
            else [replace(make_vector(v.items, False, tol=-1, **{**_style(v), **style}), closed=False)]
        )

    pg, an = _split(vectors)
    _edit_page(page, pg, change)
    if an and (drwcolor is not None or width is not None):
        for xref in {v.annot_xref for v in an}:
            annot = next((a for a in page.annots() if a.xref == xref), None)
            if annot is None:
                continue
            if drwcolor is not None:
                annot.set_colors(stroke=rgb(drwcolor))
            if width is not None:
                annot.set_border(width=float(width))
            annot.update()


def transform_vectors(
    page: pymupdf.Page,
    vectors: list[Vector],
    *,
    move: tuple[float, float] | None = None,
    rotation: float | None = None,
    scale: tuple[float, float] | None = None,
    ref: Any = None,
) -> None:
    """Move / rotate / scale these vectors about ``ref`` (default: the centre of their bounding box).

    Scale first, then rotation (degrees, positive clockwise on the sheet), then move (dx right, dy up).
    Line widths are kept.
    """
    if not vectors:
        return
    if ref is None:
        box = pymupdf.Rect(vectors[0].bbox)
        for v in vectors[1:]:
            box |= pymupdf.Rect(v.bbox)
        ref = box.tl + (box.br - box.tl) * 0.5
    m = g.affine(move, rotation, scale, (float(ref[0]), float(ref[1])))

    def moved(v: Vector) -> Vector:
        items = tuple((it[0], *(g.apply(m, p) for p in it[1:])) for it in v.items)
        return make_vector(items, v.closed, **_style(v), **_annot_extra(v))

    pg, an = _split(vectors)
    _edit_page(page, pg, lambda v: [moved(v)])
    _edit_annots(page, an, lambda v: [_stroke_points(moved(v))])


def _annot_extra(v: Vector) -> dict[str, Any]:
    return {} if v.source == "page" else {"source": "annot", "annot_xref": v.annot_xref, "stroke": v.stroke}


def add_standard(
    page: pymupdf.Page, vectors: list[Vector], *, drwcolor: str | None = None, width: float | None = None
) -> None:
    """Turn hand-drawn markup strokes into page line art (colour ``drwcolor`` or their own, width
    ``width`` or their own) and remove the markups. Page vectors passed here are just restyled."""
    pg, an = _split(vectors)
    if pg:
        restyle_vectors(page, pg, drwcolor=drwcolor, width=width)
    if not an:
        return
    current = find_current(annot_vectors(page), an)
    standard = []
    for v in current:
        style = _style(v)
        if drwcolor is not None:
            style["stroke_color"] = rgb(drwcolor)
        if width is not None:
            style["width"] = float(width)
        style["lineCap"] = style["lineJoin"] = 1  # hand-drawn strokes: round ends and joins
        standard.append(make_vector(v.items, v.closed, **style))
    _edit_annots(page, current, lambda v: [])
    _paint.paint(page, standard)


def clean_region(page: pymupdf.Page, clip: Any) -> None:
    """Erase everything inside ``clip``: text (redaction), images' pixels, and line art.

    Paths wholly inside go; open straight paths that cross the border are cut at it (their outside parts
    stay); other crossing paths (closed shapes, curves) go when their bounding-box centre is inside.
    Annotations (the markups themselves) stay.
    """
    rect = pymupdf.Rect(clip)
    box = tuple(rect)
    current = page_vectors(page)
    changes: dict[str, list[Vector]] = {}
    for v in current:
        if in_window(v, box):
            changes[v.key] = []
        elif _touches(v, box):
            if not v.closed and all(it[0] == "l" for it in v.items):
                changes[v.key] = _cut_outside(v, box)
            elif g.inside(((v.bbox[0] + v.bbox[2]) / 2, (v.bbox[1] + v.bbox[3]) / 2), box):
                changes[v.key] = []
    page.add_redact_annot(rect, fill=False)
    page.apply_redactions(
        images=pymupdf.PDF_REDACT_IMAGE_PIXELS,
        graphics=pymupdf.PDF_REDACT_LINE_ART_NONE,
        text=pymupdf.PDF_REDACT_TEXT_REMOVE,
    )
    if changes:
        _paint.rewrite(page, current, changes)


def _touches(v: Vector, box) -> bool:
    return any(g.clip_segment(a, b, box) is not None for a, b in v.outline())


def _cut_outside(v: Vector, box) -> list[Vector]:
    """The parts of an open straight path outside ``box``, as separate paths of the same style."""
    pieces: list[list[g.Pt]] = []
    cur: list[g.Pt] = []
    for _, a, b in v.items:
        t = g.clip_segment(a, b, box)
        spans = [(0.0, 1.0)] if t is None else [(0.0, t[0]), (t[1], 1.0)]
        for k, (s, e) in enumerate(spans):
            if e - s <= 1e-6:
                if t is not None and k == 0 and cur:
                    pieces.append(cur)
                    cur = []
                continue
            p, q = g.lerp(a, b, s), g.lerp(a, b, e)
            if not cur or g.dist(cur[-1], p) > 1e-3:
                if cur:
                    pieces.append(cur)
                cur = [p]
            cur.append(q)
            if t is not None and k == 0:
                pieces.append(cur)
                cur = []
    if cur:
        pieces.append(cur)
    out = []
    for pts in pieces:
        if len(pts) >= 2 and sum(g.dist(a, b) for a, b in pairwise(pts)) > 0.5:
            items = tuple(("l", a, b) for a, b in pairwise(pts))
            out.append(make_vector(items, False, tol=-1, **_style(v)))
    return out


def repair_lines(page: pymupdf.Page, clip: Any, deleted: list[Vector] | None = None) -> int:
    """Reconnect lines interrupted inside ``clip``; returns how many joins were made.

    Two open straight paths ("line" or bar) are joined when an end of one and an end of the other face
    each other along the same line (directions within 1 degree, offset at most 0.75 pt), they have the
    same stroke colour and width, and the gap between those ends lies inside the clip (3 pt margin) — or
    inside the bounding box of a deleted vector when ``deleted`` is given. The joined path keeps the first
    piece's style and runs from its far end to the other piece's far end. Repeats until nothing joins.
    """
    zones = [tuple(pymupdf.Rect(clip) + (-REPAIR_MARGIN, -REPAIR_MARGIN, REPAIR_MARGIN, REPAIR_MARGIN))]
    for v in deleted or []:
        zones.append(
            (
                v.bbox[0] - REPAIR_MARGIN,
                v.bbox[1] - REPAIR_MARGIN,
                v.bbox[2] + REPAIR_MARGIN,
                v.bbox[3] + REPAIR_MARGIN,
            )
        )
    current = page_vectors(page)
    pieces = {v.key: v for v in current if not v.closed and v.items and all(it[0] == "l" for it in v.items)}
    owner = {k: k for k in pieces}  # piece key -> the original path whose place it takes when repainted
    changes: dict[str, list[Vector]] = {}
    joins = 0
    while True:
        best = _best_join(list(pieces.values()), zones)
        if best is None:
            break
        a, b, pts = best
        joined = make_vector(tuple(("l", p, q) for p, q in pairwise(pts)), False, tol=-1, **_style(a))
        del pieces[a.key], pieces[b.key]
        changes[owner[a.key]] = [joined]
        changes[owner[b.key]] = []
        owner[joined.key] = owner[a.key]
        pieces[joined.key] = joined
        joins += 1
    if joins:
        _paint.rewrite(page, current, changes)
    return joins


def _ends(v: Vector) -> list[tuple[g.Pt, tuple[float, float], bool]]:
    """Both ends of an open path: (point, outward unit direction, is_start)."""
    pts = [v.items[0][1]] + [it[-1] for it in v.items]
    out = []
    for end, prev, is_start in ((pts[0], pts[1], True), (pts[-1], pts[-2], False)):
        d = (end[0] - prev[0], end[1] - prev[1])
        n = math.hypot(*d)
        if n > 1e-6:
            out.append((end, (d[0] / n, d[1] / n), is_start))
    return out


def _best_join(pieces: list[Vector], zones) -> tuple[Vector, Vector, list[g.Pt]] | None:
    cos_tol = math.cos(math.radians(REPAIR_ANGLE))
    ends = [(v, e) for v in pieces for e in _ends(v) if any(g.inside(e[0], z, tol=0.5) for z in zones)]
    best = None
    for i, (va, (pa, da, sa)) in enumerate(ends):
        for vb, (pb, db, sb) in ends[i + 1 :]:
            if va.key == vb.key or da[0] * db[0] + da[1] * db[1] > -cos_tol:
                continue
            gap = (pb[0] - pa[0], pb[1] - pa[1])
            length = math.hypot(*gap)
            if length < 0.05:
                continue
            along = gap[0] * da[0] + gap[1] * da[1]
            offset = abs(gap[0] * da[1] - gap[1] * da[0])
            if along <= 0 or offset > REPAIR_OFFSET:
                continue
            if not _same_stroke(va, vb) or not any(
                g.inside(pa, z, 0.5) and g.inside(pb, z, 0.5) for z in zones
            ):
                continue
            if best is None or length < best[0]:
                pts_a = _points(va)
                pts_a = pts_a[::-1] if sa else pts_a  # a ends at pa
                pts_b = _points(vb)
                pts_b = pts_b if sb else pts_b[::-1]  # b starts at pb
                best = (length, va, vb, pts_a + pts_b)
    return None if best is None else best[1:]


def _points(v: Vector) -> list[g.Pt]:
    return [v.items[0][1]] + [it[-1] for it in v.items]


def _same_stroke(a: Vector, b: Vector) -> bool:
    from drafterbench.tools.effects.colours import same_colour

    return same_colour(a.stroke_color, b.stroke_color) and abs((a.width or 0) - (b.width or 0)) < 0.05
