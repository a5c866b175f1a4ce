"""Rewriting a page's line art: remove every path, paint back the ones to keep (edited or not).

PDF content streams cannot drop one path in place without parsing them, so every vector edit follows one
pattern: read all paths (``page_vectors``), remove all line art with a full-page redaction that keeps text
and images (``PDF_REDACT_LINE_ART_REMOVE_IF_TOUCHED`` + ``PDF_REDACT_TEXT_NONE`` + ``PDF_REDACT_IMAGE_NONE``),
then paint the kept and changed paths back, in their original order, with their colour, fill, width,
dashes, caps, joins and closing. Line art ends up above the text (visually identical for drawings
without opaque fills over text). Painting writes the PDF operators directly: it is one stream per edit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pymupdf

from drafterbench.tools.effects.vectors import Vector


def _n(v: float) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return s if s not in ("-0", "") else "0"


def _colour_op(c: tuple[float, ...], stroke: bool) -> str:
    comps = " ".join(_n(x) for x in c)
    if len(c) == 1:
        return f"{comps} {'G' if stroke else 'g'}"
    if len(c) == 4:
        return f"{comps} {'K' if stroke else 'k'}"
    return f"{comps} {'RG' if stroke else 'rg'}"


# No two adjacent parts may both take whitespace (that backtracks in quadratic time on long blank runs).
_DASH = re.compile(r"^\s*\[([-\d.\s,]*)\]\s*(?:([-\d.]+)\s*)?$")


def dash_op(dashes: str | None) -> str:
    """A PDF ``d`` operator for ``"[n m] p"`` (commas tolerated); solid for None or all-zero arrays."""
    if not dashes:
        return "[] 0 d"
    m = _DASH.match(dashes)
    if not m:
        return "[] 0 d"
    nums = [float(x) for x in re.split(r"[\s,]+", m.group(1).strip()) if x]
    phase = float(m.group(2) or 0)
    if not nums or all(x == 0 for x in nums):
        return "[] 0 d"
    return f"[{' '.join(_n(x) for x in nums)}] {_n(phase)} d"


def path_ops(v: Vector, inv: pymupdf.Matrix) -> str:
    """The operators painting ``v`` (page coordinates mapped back to PDF space by ``inv``)."""

    def p(pt) -> str:
        q = pymupdf.Point(pt) * inv
        return f"{_n(q.x)} {_n(q.y)}"

    parts = ["q"]
    if v.width is not None:
        parts.append(f"{_n(v.width)} w")
    parts += [f"{int(v.lineCap)} J", f"{int(v.lineJoin)} j", dash_op(v.dashes)]
    if v.stroke_color is not None:
        parts.append(_colour_op(v.stroke_color, True))
    if v.fill_color is not None:
        parts.append(_colour_op(v.fill_color, False))
    items = list(v.items)
    if v.closed and len(items) > 2 and items[-1][0] == "l" and _close(items[-1][2], items[0][1]):
        items.pop()  # the closing segment is the "h" below (and MuPDF then reports fill+stroke as one path)
    last = None
    for it in items:
        if last is None or abs(last[0] - it[1][0]) > 1e-4 or abs(last[1] - it[1][1]) > 1e-4:
            parts.append(f"{p(it[1])} m")
        if it[0] == "l":
            parts.append(f"{p(it[2])} l")
        else:
            parts.append(f"{p(it[2])} {p(it[3])} {p(it[4])} c")
        last = it[-1]
    if v.closed:
        parts.append("h")
    stroke, fill = v.stroke_color is not None, v.fill_color is not None
    star = "*" if v.even_odd else ""
    parts.append(("B" + star) if stroke and fill else ("f" + star) if fill else "S" if stroke else "n")
    parts.append("Q")
    return " ".join(parts)


def _close(a, b) -> bool:
    return abs(a[0] - b[0]) < 1e-3 and abs(a[1] - b[1]) < 1e-3


def remove_line_art(page: pymupdf.Page) -> None:
    """Remove every path of the page's content; text, images and annotations stay."""
    page.add_redact_annot(page.rect, fill=False)
    page.apply_redactions(
        images=pymupdf.PDF_REDACT_IMAGE_NONE,
        graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_TOUCHED,
        text=pymupdf.PDF_REDACT_TEXT_NONE,
    )


def paint(page: pymupdf.Page, vectors: Iterable[Vector]) -> None:
    """Append the given vectors to the page content (on top)."""
    inv = ~page.transformation_matrix
    ops = [path_ops(v, inv) for v in vectors]
    if not ops:
        return
    page.wrap_contents()  # a balanced graphics state before our stream
    doc = page.parent
    xref = doc.get_new_xref()
    doc.update_object(xref, "<<>>")
    doc.update_stream(xref, ("\n".join(ops) + "\n").encode("latin-1"))
    contents = page.get_contents()
    refs = " ".join(f"{x} 0 R" for x in [*contents, xref])
    doc.xref_set_key(page.xref, "Contents", f"[{refs}]")


def rewrite(
    page: pymupdf.Page, current: list[Vector], changes: dict[str, list[Vector]], extra: Iterable[Vector] = ()
) -> None:
    """Repaint the page's line art: ``current`` in order, each replaced by ``changes[key]`` when present
    (an empty list deletes it), then ``extra`` on top."""
    out: list[Vector] = []
    for v in current:
        out.extend(changes.get(v.key, [v]))
    out.extend(extra)
    remove_line_art(page)
    paint(page, out)
