"""Plane geometry in page coordinates (points, y down): the tests behind selection, cutting and repair."""

from __future__ import annotations

import math

Pt = tuple[float, float]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1

EPS = 1e-6


def bezier_points(p0: Pt, c1: Pt, c2: Pt, p3: Pt, n: int = 8) -> list[Pt]:
    """``n`` + 1 points along a cubic Bézier curve, both ends included."""
    out = []
    for i in range(n + 1):
        t = i / n
        u = 1 - t
        a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
        out.append(
            (a * p0[0] + b * c1[0] + c * c2[0] + d * p3[0], a * p0[1] + b * c1[1] + c * c2[1] + d * p3[1])
        )
    return out


def inside(p: Pt, box: Box, tol: float = 0.01) -> bool:
    """``p`` inside ``box`` (boundary included, with ``tol`` slack)."""
    return box[0] - tol <= p[0] <= box[2] + tol and box[1] - tol <= p[1] <= box[3] + tol


def segment_hits_box(a: Pt, b: Pt, box: Box) -> bool:
    """True when the segment a-b has at least one point inside or on ``box`` (Liang-Barsky)."""
    return clip_segment(a, b, box) is not None


def clip_segment(a: Pt, b: Pt, box: Box) -> tuple[float, float] | None:
    """The parameter interval [t0, t1] of a-b that lies inside ``box``, or None (Liang-Barsky)."""
    x0, y0, x1, y1 = box
    dx, dy = b[0] - a[0], b[1] - a[1]
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, a[0] - x0), (dx, x1 - a[0]), (-dy, a[1] - y0), (dy, y1 - a[1])):
        if abs(p) < EPS:
            if q < -EPS:
                return None
            continue
        r = q / p
        if p < 0:
            t0 = max(t0, r)
        else:
            t1 = min(t1, r)
        if t0 > t1 + EPS:
            return None
    return t0, t1


def point_in_polygon(p: Pt, poly: list[Pt]) -> bool:
    """Even-odd point-in-polygon test."""
    x, y = p
    hit = False
    n = len(poly)
    for i in range(n):
        (xa, ya), (xb, yb) = poly[i], poly[(i + 1) % n]
        if (ya > y) != (yb > y) and x < (xb - xa) * (y - ya) / (yb - ya) + xa:
            hit = not hit
    return hit


def lerp(a: Pt, b: Pt, t: float) -> Pt:
    return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t


def dist(a: Pt, b: Pt) -> float:
    return math.hypot(b[0] - a[0], b[1] - a[1])


def affine(
    move: tuple[float, float] | None, rotation: float | None, scale: tuple[float, float] | None, ref: Pt
) -> tuple[float, float, float, float, float, float]:
    """The page-space affine map (a, b, c, d, e, f): x' = a x + c y + e, y' = b x + d y + f.

    Order: scale about ``ref``, then rotate about ``ref`` (degrees, positive = clockwise as seen on the
    sheet; in y-down page coordinates that is the ordinary rotation matrix), then move by (dx, dy) with
    dy positive = up on the sheet (so page y decreases).
    """
    fx, fy = scale if scale is not None else (1.0, 1.0)
    th = math.radians(rotation or 0.0)
    cs, sn = math.cos(th), math.sin(th)
    dx, dy = move if move is not None else (0.0, 0.0)
    rx, ry = ref
    # linear part L = R @ S
    a, c = cs * fx, -sn * fy
    b, d = sn * fx, cs * fy
    e = rx - a * rx - c * ry + dx
    f = ry - b * rx - d * ry - dy
    return a, b, c, d, e, f


def apply(m: tuple[float, float, float, float, float, float], p: Pt) -> Pt:
    a, b, c, d, e, f = m
    return a * p[0] + c * p[1] + e, b * p[0] + d * p[1] + f
