"""Moving, rotating and scaling the text or the table inside a box (the Projector tool).

``what="text"``: every text span inside the clip is taken (text, font, size, colour, baseline origin,
writing direction), erased, and written again with its origin mapped by the transform and its direction
turned by the rotation; the size is multiplied by sqrt(|fx·fy|) (the area scale). ``what="table"``: the same
for the text, and the line art lying wholly inside the clip is transformed with it (``transform_vectors``).
Transform order and signs as for vectors: scale, then rotate (degrees, clockwise positive), then move
(dx right, dy up), all about ``ref`` (default: the clip centre).
"""

from __future__ import annotations

import math
from typing import Any, Literal

import pymupdf

from drafterbench.tools.effects import _geom as g
from drafterbench.tools.effects.fonts import from_pdf_font
from drafterbench.tools.effects.text import erase_text
from drafterbench.tools.effects.vector_edits import transform_vectors
from drafterbench.tools.effects.vectors import in_window, page_vectors


def project_region(
    page: pymupdf.Page,
    clip: Any,
    *,
    move: tuple[float, float] | None = None,
    rotation: float | None = None,
    scale: tuple[float, float] | None = None,
    ref: Any = None,
    what: Literal["text", "table"] = "text",
) -> int:
    """Transform the text (and, for tables, the ruling) inside ``clip``; returns the spans moved."""
    rect = pymupdf.Rect(clip)
    if ref is None:
        ref = rect.tl + (rect.br - rect.tl) * 0.5
    refp = (float(ref[0]), float(ref[1]))
    m = g.affine(move, rotation, scale, refp)
    fx, fy = scale if scale is not None else (1.0, 1.0)
    size_factor = math.sqrt(abs(fx * fy)) or 1.0
    spans = []
    for block in page.get_text("dict", clip=rect)["blocks"]:
        for line in block.get("lines", []):
            for s in line["spans"]:
                if s["text"].strip():
                    spans.append((s, line["dir"]))
    if what == "table":
        vectors = [v for v in page_vectors(page) if in_window(v, tuple(rect))]
        transform_vectors(page, vectors, move=move, rotation=rotation, scale=scale, ref=refp)
    if spans:
        erase_text(page, rect)
    a, b, c, d, _, _ = m
    for s, (dx, dy) in spans:
        origin = g.apply(m, (s["origin"][0], s["origin"][1]))
        ndx, ndy = a * dx + c * dy, b * dx + d * dy  # the writing direction under the linear part
        # pymupdf.Matrix(deg) turns text counter-clockwise on the sheet: angle from the y-down direction
        angle = -math.degrees(math.atan2(ndy, ndx))
        point = pymupdf.Point(origin)
        kwargs: dict[str, Any] = {}
        if abs(angle) > 1e-3:
            kwargs["morph"] = (point, pymupdf.Matrix(angle))
        page.insert_text(
            point,
            s["text"],
            fontname=from_pdf_font(s["font"]),
            fontsize=s["size"] * size_factor,
            color=pymupdf.sRGB_to_pdf(s["color"]),
            **kwargs,
        )
    return len(spans)
