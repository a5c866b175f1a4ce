"""State check (beyond the original): compare the agent's revised PDFs with the reference's.

The published metric grades the *operation chain*; this grades the *drawing*. With effects on, both the
reference program and the agent's program write revised PDFs; we read back what is on each page —

* text spans: text, font, size, colour and position,
* table cells: the cell texts of every table PyMuPDF finds (``page.find_tables``), on pages that differ,
* vector paths: geometry, stroke/fill colour, width and dashes,

match the two sides element by element within tolerances, and report a Dice score
``2·matched / (reference elements + predicted elements)`` (1.0 when both are empty) with the differences
in words. It is a separate column, never part of the published score.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Tolerance:
    """How close two elements must be to count as the same (PDF points, colour channels in 0..1)."""

    position: float = 2.0
    font_size: float = 0.5
    colour: float = 0.05
    width: float = 0.25
    max_differences: int = 40  # listed in words; the rest are counted
    tables: bool = True  # table detection is slow (~1 s a page): it runs only on pages that differ


class StateMatch(BaseModel):
    """How closely a revised drawing matches the reference's revised drawing."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int = SCHEMA_VERSION
    score: float = Field(ge=0.0, le=1.0)
    matched: int = 0
    reference_elements: int = 0
    predicted_elements: int = 0
    differences: list[str] = Field(default_factory=list)
    # The answer was the reference program's very text: not run a second time, its drawing is the reference's.
    same_program: bool = False

    @property
    def match(self) -> bool:
        """Whether the drawings match in full (an element-match ratio of 1)."""
        return self.score >= 1.0 - 1e-9


# ------------------------------------------------------------------------------------------ elements


@dataclass(frozen=True)
class _Span:
    text: str
    font: str
    size: float
    colour: tuple[float, float, float]
    origin: tuple[float, float]


@dataclass(frozen=True)
class _Path:
    kinds: str
    points: tuple[float, ...]
    stroke: tuple[float, ...] | None
    fill: tuple[float, ...] | None
    width: float
    dashes: str


def _rgb(value: int) -> tuple[float, float, float]:
    return ((value >> 16 & 255) / 255, (value >> 8 & 255) / 255, (value & 255) / 255)


def _spans(page: Any) -> list[_Span]:
    out = []
    for block in page.get_text("dict")["blocks"]:
        for line in block.get("lines", []):
            for span in line["spans"]:
                text = span["text"].strip()
                if text:
                    out.append(_Span(text, span["font"], round(span["size"], 2), _rgb(span["color"]),
                                     (round(span["origin"][0], 2), round(span["origin"][1], 2))))  # fmt: skip
    return out


def _points(item: tuple) -> list[float]:
    coords: list[float] = []
    for part in item[1:]:
        if hasattr(part, "x0"):  # Rect
            coords += [part.x0, part.y0, part.x1, part.y1]
        elif hasattr(part, "ul"):  # Quad
            for p in (part.ul, part.ur, part.ll, part.lr):
                coords += [p.x, p.y]
        elif hasattr(part, "x"):  # Point
            coords += [part.x, part.y]
    return coords


def _paths(page: Any) -> list[_Path]:
    out = []
    for d in page.get_drawings():
        items = d.get("items", [])
        points = tuple(round(c, 2) for item in items for c in _points(item))
        out.append(_Path(
            kinds="".join(item[0] for item in items),
            points=points,
            stroke=tuple(d["color"]) if d.get("color") else None,
            fill=tuple(d["fill"]) if d.get("fill") else None,
            width=float(d.get("width") or 0.0),
            dashes=str(d.get("dashes") or ""),
        ))  # fmt: skip
    return out


def _tables(page: Any) -> list[list[list[str]]]:
    try:
        found = page.find_tables()
    except Exception as exc:  # noqa: BLE001 - table detection is heuristic; a failure means "no table", not a crash
        logger.debug("find_tables failed: %s", exc)
        return []
    return [[[(c or "").strip() for c in row] for row in t.extract()] for t in found.tables]


# ------------------------------------------------------------------------------------------ matching


def _close(a: tuple[float, ...] | None, b: tuple[float, ...] | None, tol: float) -> bool:
    if a is None or b is None:
        return a is b
    return len(a) == len(b) and all(abs(x - y) <= tol for x, y in zip(a, b))


class _Tally:
    def __init__(self, tol: Tolerance) -> None:
        self.tol = tol
        self.matched = self.ref = self.pred = 0
        self.differences: list[str] = []
        self.hidden = 0

    def diff(self, text: str) -> None:
        if len(self.differences) < self.tol.max_differences:
            self.differences.append(text)
        else:
            self.hidden += 1


def _match_spans(ref: list[_Span], pred: list[_Span], where: str, t: _Tally) -> None:
    tol = t.tol
    left = list(pred)
    for r in ref:
        same_text = [p for p in left if p.text == r.text]
        if not same_text:
            t.diff(f"{where}: text {r.text!r} missing")
            continue
        p = min(same_text, key=lambda p: abs(p.origin[0] - r.origin[0]) + abs(p.origin[1] - r.origin[1]))
        left.remove(p)
        problems = []
        if not _close(r.origin, p.origin, tol.position):
            problems.append(f"position {r.origin} vs {p.origin}")
        if r.font != p.font:
            problems.append(f"font {r.font} vs {p.font}")
        if abs(r.size - p.size) > tol.font_size:
            problems.append(f"size {r.size:g} vs {p.size:g}")
        if not _close(r.colour, p.colour, tol.colour):
            problems.append("colour differs")
        if problems:
            t.diff(f"{where}: text {r.text!r}: " + ", ".join(problems))
        else:
            t.matched += 1
    for p in left:
        t.diff(f"{where}: extra text {p.text!r}")


def _bucket(p: _Path, cell: float) -> tuple[str, int, int]:
    xs, ys = p.points[0::2] or (0.0,), p.points[1::2] or (0.0,)
    return (p.kinds, int(min(xs) // cell), int(min(ys) // cell))


def _match_paths(ref: list[_Path], pred: list[_Path], where: str, t: _Tally) -> None:
    tol = t.tol
    cell = max(10.0, 4 * tol.position)
    index: dict[tuple[str, int, int], list[_Path]] = {}
    for p in pred:
        index.setdefault(_bucket(p, cell), []).append(p)
    unmatched_ref = 0
    for r in ref:
        kinds, bx, by = _bucket(r, cell)
        candidates = [
            p for dx in (-1, 0, 1) for dy in (-1, 0, 1) for p in index.get((kinds, bx + dx, by + dy), [])
        ]
        geo = [p for p in candidates if _close(r.points, p.points, tol.position)]
        if not geo:
            unmatched_ref += 1
            continue
        style = [p for p in geo if _close(r.stroke, p.stroke, tol.colour) and _close(r.fill, p.fill, tol.colour)
                 and abs(r.width - p.width) <= tol.width and r.dashes == p.dashes]  # fmt: skip
        chosen = style[0] if style else geo[0]
        index[_bucket(chosen, cell)].remove(chosen)
        if style:
            t.matched += 1
        else:
            t.diff(f"{where}: path at {r.points[:2]} has another style (colour, width or dashes): "
                   f"expected stroke {r.stroke} width {r.width:g} dashes {r.dashes!r}, got stroke {chosen.stroke} "
                   f"width {chosen.width:g} dashes {chosen.dashes!r}")  # fmt: skip
    extra = sum(len(v) for v in index.values())
    if unmatched_ref:
        t.diff(f"{where}: {unmatched_ref} reference path(s) missing or moved")
    if extra:
        t.diff(f"{where}: {extra} extra or moved path(s)")


def _match_tables(ref: list, pred: list, where: str, t: _Tally) -> None:
    left = list(pred)
    for r in ref:
        if r in left:
            left.remove(r)
            t.matched += 1
        else:
            t.diff(f"{where}: table {r[:1]}... missing or different")
    for p in left:
        t.diff(f"{where}: extra table {p[:1]}...")


def compare_pdfs(reference: Path, predicted: Path, *, tolerance: Tolerance = Tolerance()) -> StateMatch:
    """Element-by-element comparison of two revised PDFs (same page count expected)."""
    import pymupdf

    t = _Tally(tolerance)
    with pymupdf.open(reference) as ref_doc, pymupdf.open(predicted) as pred_doc:
        if len(ref_doc) != len(pred_doc):
            t.diff(f"page count {len(ref_doc)} vs {len(pred_doc)}")
        for number in range(max(len(ref_doc), len(pred_doc))):
            where = f"{Path(reference).name} page {number}"
            rp = ref_doc[number] if number < len(ref_doc) else None
            pp = pred_doc[number] if number < len(pred_doc) else None
            r_spans, p_spans = (_spans(rp) if rp else []), (_spans(pp) if pp else [])
            r_paths, p_paths = (_paths(rp) if rp else []), (_paths(pp) if pp else [])
            t.ref += len(r_spans) + len(r_paths)
            t.pred += len(p_spans) + len(p_paths)
            before = (t.matched, len(t.differences), t.hidden)
            _match_spans(r_spans, p_spans, where, t)
            _match_paths(r_paths, p_paths, where, t)
            differs = (len(t.differences), t.hidden) != before[1:]
            if tolerance.tables and differs:
                # Identical text and line art means identical tables; only a differing page is worth the
                # (slow) table detection, which then names the table that differs.
                r_tabs, p_tabs = (_tables(rp) if rp else []), (_tables(pp) if pp else [])
                t.ref += len(r_tabs)
                t.pred += len(p_tabs)
                _match_tables(r_tabs, p_tabs, where, t)
    return _result(t)


def _result(t: _Tally) -> StateMatch:
    total = t.ref + t.pred
    score = 1.0 if total == 0 else min(1.0, 2.0 * t.matched / total)
    diffs = t.differences + ([f"... and {t.hidden} more"] if t.hidden else [])
    return StateMatch(score=score, matched=t.matched, reference_elements=t.ref, predicted_elements=t.pred,
                      differences=diffs)  # fmt: skip


def compare_outputs(
    reference: Mapping[str, Path], predicted: Mapping[str, Path], *, tolerance: Tolerance = Tolerance()
) -> StateMatch:
    """Compare every revised file (program path -> written PDF); a missing or extra file scores 0 for it.

    The score is the mean over the union of files; elements and differences are summed.
    """
    names = list(dict.fromkeys([*reference, *predicted]))
    if not names:
        return StateMatch(score=1.0)
    scores: list[float] = []
    matched = ref_n = pred_n = 0
    diffs: list[str] = []
    for name in names:
        if name not in predicted:
            scores.append(0.0)
            diffs.append(f"missing revised file {name}")
            continue
        if name not in reference:
            scores.append(0.0)
            diffs.append(f"extra revised file {name}")
            continue
        m = compare_pdfs(reference[name], predicted[name], tolerance=tolerance)
        scores.append(m.score)
        matched, ref_n, pred_n = (
            matched + m.matched,
            ref_n + m.reference_elements,
            pred_n + m.predicted_elements,
        )
        diffs.extend(m.differences)
    return StateMatch(score=sum(scores) / len(scores), matched=matched, reference_elements=ref_n,
                      predicted_elements=pred_n, differences=diffs)  # fmt: skip
