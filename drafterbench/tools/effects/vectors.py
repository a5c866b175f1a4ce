"""Vectors: the page's line art (and hand-drawn markups) as typed objects, their kinds, and selection.

Kinds (geometry and style only; see docs/tools.md):

* **column** — a closed path of straight segments with exactly four corners (collinear points merged),
  every corner 90 ± 15 degrees, every side 4–60 pt long, long side / short side ≤ 2.5.
* **rebar** — a small closed loop: a closed path with curves, or a closed polygon of six or more corners
  (a hand-drawn circle), whose bounding box is at most 12 pt on its long side and at most 1.5 : 1;
  or a *bar*: an open straight path (all points collinear) drawn at least 1.5 pt wide with round caps.
* **line** — a path of straight segments only that is neither a column nor a rebar (open polylines, and
  closed outlines too big or too long to be columns, such as beam sections).
* **other** — anything else (curves such as grid bubbles, multi-part paths). ``drawings`` is every vector.

Selection (``select``): mode 1 (window) takes a vector when every point of its outline — vertices and
Bézier curves sampled at 8 steps — lies inside the clip (boundary included); mode 2 (crossing) takes it when
any segment of its outline touches or enters the clip, or when the clip lies inside its filled area.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any, Literal

import pymupdf

from drafterbench.tools.effects import _geom as g

Kind = Literal["line", "rebar", "column", "other"]
SelectKind = Literal["drawings", "lines", "rebars", "columns"]
_PLURAL = {"lines": "line", "rebars": "rebar", "columns": "column"}

COLUMN_SIDE = (4.0, 60.0)
COLUMN_ASPECT = 2.5
REBAR_MAX = 12.0
BAR_MIN_WIDTH = 1.5


@dataclass(frozen=True)
class Vector:
    """One path. ``items`` are ("l", p, q) or ("c", p, c1, c2, q) in page coordinates (points, y down).

    ``key`` identifies the vector by its rounded geometry and style (plus an occurrence number for exact
    duplicates), so a selection made earlier still finds it after *other* vectors were edited.
    ``source`` is "page" for page line art and "annot" for a hand-drawn markup stroke (then ``annot_xref``
    and ``stroke`` index locate it).
    """

    key: str
    kind: Kind
    items: tuple[tuple, ...]
    closed: bool
    bbox: tuple[float, float, float, float]
    stroke_color: tuple[float, ...] | None = (0.0, 0.0, 0.0)
    fill_color: tuple[float, ...] | None = None
    width: float | None = 1.0
    dashes: str | None = None
    lineJoin: int = 0
    lineCap: int = 0
    even_odd: bool = False
    source: Literal["page", "annot"] = "page"
    annot_xref: int | None = None
    stroke: int | None = None

    @property
    def rect(self) -> pymupdf.Rect:
        return pymupdf.Rect(self.bbox)

    @property
    def points(self) -> list[g.Pt]:
        """The vertices (segment and curve end points), in order, without the closing repeat."""
        pts: list[g.Pt] = []
        for it in self.items:
            for p in (it[1], it[-1]):
                if not pts or g.dist(pts[-1], p) > 1e-3:
                    pts.append(p)
        if self.closed and len(pts) > 1 and g.dist(pts[0], pts[-1]) < 1e-3:
            pts.pop()
        return pts

    def outline(self) -> list[tuple[g.Pt, g.Pt]]:
        """The outline as straight segments (curves sampled), including the closing segment."""
        segs = []
        for it in self.items:
            if it[0] == "l":
                segs.append((it[1], it[2]))
            else:
                pts = g.bezier_points(*it[1:])
                segs.extend(pairwise(pts))
        if self.closed and self.items:
            first, last = self.items[0][1], self.items[-1][-1]
            if g.dist(first, last) > 1e-3:
                segs.append((last, first))
        return segs

    def __repr__(self) -> str:  # short: vectors end up in traces' debug output
        return f"Vector({self.kind}, key={self.key}, bbox=({', '.join(f'{v:.1f}' for v in self.bbox)}))"


# ---- building vectors --------------------------------------------------------------------------------------


def _pt(p: Any) -> g.Pt:
    return float(p[0]), float(p[1])


def items_from_drawing(d: dict) -> tuple[tuple[tuple, ...], bool]:
    """PyMuPDF ``get_drawings`` items as our ("l"/"c") items, and whether the path is closed."""
    out: list[tuple] = []
    closed = bool(d.get("closePath"))
    for it in d["items"]:
        op = it[0]
        if op == "l":
            out.append(("l", _pt(it[1]), _pt(it[2])))
        elif op == "c":
            out.append(("c", _pt(it[1]), _pt(it[2]), _pt(it[3]), _pt(it[4])))
        elif op in ("re", "qu"):
            if op == "re":
                r = pymupdf.Rect(it[1])
                corners = [_pt(r.tl), _pt(r.tr), _pt(r.br), _pt(r.bl)]
            else:
                q = it[1]
                corners = [_pt(q.ul), _pt(q.ur), _pt(q.lr), _pt(q.ll)]
            out.extend(("l", corners[i], corners[(i + 1) % 4]) for i in range(4))
            closed = True
    return tuple(out), closed


def make_vector(items: tuple[tuple, ...], closed: bool, *, tol: float = 0.5, **style: Any) -> Vector:
    """A Vector from items and style; computes closedness (end near start), bbox, kind and key."""
    if items and not closed and _subpaths(items) == 1 and g.dist(items[0][1], items[-1][-1]) <= tol:
        closed = len(items) > 1
    xs = [p[0] for it in items for p in it[1:]]
    ys = [p[1] for it in items for p in it[1:]]
    bbox = (min(xs), min(ys), max(xs), max(ys)) if xs else (0.0, 0.0, 0.0, 0.0)
    v = Vector(key="", kind="other", items=items, closed=closed, bbox=bbox, **style)
    return replace(v, kind=kind_of(v), key=geometry_key(v))


def geometry_key(v: Vector) -> str:
    geo = tuple((it[0], *((round(p[0], 1), round(p[1], 1)) for p in it[1:])) for it in v.items)
    style = (
        v.closed,
        _round(v.stroke_color),
        _round(v.fill_color),
        round(v.width or 0, 2),
        v.dashes,
        v.source,
    )
    return hashlib.sha1(repr((geo, style)).encode()).hexdigest()[:12]


def _round(c):
    return None if c is None else tuple(round(x, 3) for x in c)


def _dedupe_keys(vectors: list[Vector]) -> list[Vector]:
    seen: dict[str, int] = {}
    out = []
    for v in vectors:
        n = seen.get(v.key, 0)
        seen[v.key] = n + 1
        out.append(v if n == 0 else replace(v, key=f"{v.key}#{n}"))
    return out


def _dashes(raw: Any) -> str | None:
    if not raw or str(raw).replace(" ", "") in ("[]0", "[]"):
        return None
    return str(raw)


def page_vectors(page: pymupdf.Page) -> list[Vector]:
    """Every path of the page's own content (annotation appearances excluded), in painting order."""
    hidden = []
    for annot in page.annots():  # get_drawings also runs annotation appearances; hide them meanwhile
        hidden.append((annot, annot.flags))
        annot.set_flags(annot.flags | pymupdf.PDF_ANNOT_IS_HIDDEN)
    try:
        drawings = page.get_drawings()
    finally:
        for annot, flags in hidden:
            annot.set_flags(flags)
    out = []
    for d in drawings:
        items, closed = items_from_drawing(d)
        if not items:
            continue
        cap = d.get("lineCap")
        out.append(
            make_vector(
                items,
                closed,
                stroke_color=tuple(d["color"]) if d.get("color") is not None else None,
                fill_color=tuple(d["fill"]) if d.get("fill") is not None else None,
                width=d.get("width"),
                dashes=_dashes(d.get("dashes")),
                lineJoin=int(d.get("lineJoin") or 0),
                lineCap=int(cap[0] if isinstance(cap, (tuple, list)) else (cap or 0)),
                even_odd=bool(d.get("even_odd")),
            )
        )
    return _dedupe_keys(out)


# ---- kinds -------------------------------------------------------------------------------------------------


def _subpaths(items) -> int:
    n, last = 0, None
    for it in items:
        if last is None or g.dist(last, it[1]) > 1e-3:
            n += 1
        last = it[-1]
    return n


def _corners(pts: list[g.Pt], closed: bool, min_turn: float = 20.0) -> list[g.Pt]:
    """Vertices where the direction turns by more than ``min_turn`` degrees (collinear points merged)."""
    n = len(pts)
    out = []
    for i in range(n):
        if not closed and i in (0, n - 1):
            out.append(pts[i])
            continue
        a, b, c = pts[i - 1], pts[i], pts[(i + 1) % n]
        if _turn(a, b, c) > min_turn:
            out.append(b)
    return out


def _turn(a: g.Pt, b: g.Pt, c: g.Pt) -> float:
    """Absolute change of direction at b, degrees (0 = straight on)."""
    u = (b[0] - a[0], b[1] - a[1])
    w = (c[0] - b[0], c[1] - b[1])
    nu, nw = math.hypot(*u), math.hypot(*w)
    if nu < 1e-9 or nw < 1e-9:
        return 0.0
    cosang = max(-1.0, min(1.0, (u[0] * w[0] + u[1] * w[1]) / (nu * nw)))
    return math.degrees(math.acos(cosang))


def kind_of(v: Vector) -> Kind:
    """The kind of ``v`` by the rules in the module docstring."""
    if _subpaths(v.items) != 1:
        return "other"
    straight = all(it[0] == "l" for it in v.items)
    x0, y0, x1, y1 = v.bbox
    w, h = x1 - x0, y1 - y0
    long_side, short_side = max(w, h), min(w, h)
    if v.closed:
        pts = v.points
        if straight:
            corners = _corners(pts, True)
            if len(corners) == 4 and _is_column(corners):
                return "column"
            if len(corners) >= 6 and long_side <= REBAR_MAX and long_side <= 1.5 * max(short_side, 1e-6):
                return "rebar"
            return "line"
        if long_side <= REBAR_MAX and long_side <= 1.5 * max(short_side, 1e-6):
            return "rebar"
        return "other"
    if not straight:
        return "other"
    pts = v.points
    if len(_corners(pts, False)) == 2 and (v.width or 0) >= BAR_MIN_WIDTH and v.lineCap == 1:
        return "rebar"
    return "line"


def _is_column(c: list[g.Pt]) -> bool:
    sides = [g.dist(c[i], c[(i + 1) % 4]) for i in range(4)]
    if not all(COLUMN_SIDE[0] <= s <= COLUMN_SIDE[1] for s in sides):
        return False
    if max(sides) / min(sides) > COLUMN_ASPECT:
        return False
    return all(abs(_turn(c[i - 1], c[i], c[(i + 1) % 4]) - 90) <= 15 for i in range(4))


# ---- selection ---------------------------------------------------------------------------------------------


def classify(vectors: list[Vector], kind: SelectKind | str) -> list[Vector]:
    """The vectors of one kind ("drawings" = all; "rebars and columns" = both), no geometry test."""
    if kind == "drawings":
        return list(vectors)
    if kind in ("rebars and columns", "rebars_columns"):
        return [v for v in vectors if v.kind in ("rebar", "column")]
    if kind not in _PLURAL:
        raise ValueError(f"unknown vector class {kind!r}; valid: drawings, lines, rebars, columns")
    return [v for v in vectors if v.kind == _PLURAL[kind]]


def in_window(v: Vector, box: g.Box) -> bool:
    """Mode 1: every outline point inside ``box``."""
    return all(g.inside(a, box) and g.inside(b, box) for a, b in v.outline())


def crosses(v: Vector, box: g.Box) -> bool:
    """Mode 2: any outline part inside or touching ``box``, or ``box`` inside the filled shape."""
    vx0, vy0, vx1, vy1 = v.bbox
    if vx1 < box[0] or vx0 > box[2] or vy1 < box[1] or vy0 > box[3]:
        return False
    if any(g.segment_hits_box(a, b, box) for a, b in v.outline()):
        return True
    if v.closed and v.fill_color is not None:  # a filled shape's inside is part of it; an outline's is not
        poly = [a for a, _ in v.outline()]
        return g.point_in_polygon(((box[0] + box[2]) / 2, (box[1] + box[3]) / 2), poly)
    return False


def select(
    vectors: list[Vector], clip: Any, kind: SelectKind | str = "drawings", mode: int = 2
) -> list[Vector]:
    """The vectors of ``kind`` selected by ``clip`` in ``mode`` (1 window, 2 crossing)."""
    if mode not in (1, 2):
        raise ValueError(f"selection mode must be 1 (window) or 2 (crossing), got {mode!r}")
    box = tuple(pymupdf.Rect(clip))
    test = in_window if mode == 1 else crosses
    return [v for v in classify(vectors, kind) if test(v, box)]


def find_current(current: list[Vector], wanted: list[Vector], tol: float = 0.15) -> list[Vector]:
    """The vectors of ``current`` that ``wanted`` refers to: same key, else same style and geometry
    within ``tol`` points (rounding can move a key after the page was rewritten)."""
    by_key = {v.key: v for v in current}
    found, used = [], set()
    for w in wanted:
        hit = by_key.get(w.key)
        if hit is None or hit.key in used:
            hit = next((c for c in current if c.key not in used and _same(c, w, tol)), None)
        if hit is not None:
            used.add(hit.key)
            found.append(hit)
    return found


def _same(a: Vector, b: Vector, tol: float) -> bool:
    if a.source != b.source or len(a.items) != len(b.items) or a.closed != b.closed:
        return False
    for ia, ib in zip(a.items, b.items):
        if ia[0] != ib[0] or any(g.dist(p, q) > tol for p, q in zip(ia[1:], ib[1:])):
            return False
    return True
