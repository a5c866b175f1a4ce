"""Calls from the recording tools into the effect layer (``drafterbench.tools.effects``).

The effect modules import PyMuPDF, so they are imported here lazily, inside each function. Every function
takes a PyMuPDF page first and plain, already-validated values; the session wraps each call so that any
exception becomes a FAILED effect with a warning.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

from drafterbench.tools.handles import RfPoint, SelectionEntry, TableData, TextValue
from drafterbench.tools.values import TEXT_ALIGN_WORDS

# Where each effect function lives (the first module that has it wins).
_HOMES: dict[str, tuple[str, ...]] = {
    "rect_markups": ("markups",),
    "colour_markups": ("markups",),
    "page_vectors": ("vectors",),
    "select": ("vectors",),
    "classify": ("vectors",),
    "delete_vectors": ("vector_edits", "vectors"),
    "restyle_vectors": ("vector_edits", "vectors"),
    "add_standard": ("vector_edits", "vectors"),
    "transform_vectors": ("vector_edits", "vectors"),
    "clean_region": ("vector_edits", "vectors"),
    "repair_lines": ("vector_edits", "vectors"),
    "read_text": ("text",),
    "write_text": ("text",),
    "find_table": ("table",),
    "draw_table": ("table",),
    "project_region": ("transform",),
}


@cache
def fx(name: str) -> Any:
    """The effect-layer function ``name``; RuntimeError when the effect layer does not provide it."""
    for module in _HOMES[name]:
        try:
            mod = importlib.import_module(f"drafterbench.tools.effects.{module}")
        except ImportError:
            continue
        fn = getattr(mod, name, None)
        if fn is not None:
            return fn
    raise RuntimeError(f"the effect layer provides no {name}()")


def rect_and_point(page: Any, order: int) -> tuple[Any, Any]:
    """The ``order``-th rectangle markup of the page and its reference point (the rectangle's centre)."""
    rects = fx("rect_markups")(page)
    if not 0 <= order < len(rects):
        raise ValueError(f"page has {len(rects)} rectangle markup(s); rectangleorder {order} does not exist")
    rect = rects[order]
    return rect, (rect.tl + rect.br) / 2


def colour_vectors(page: Any, colour: str) -> list:
    return list(fx("colour_markups")(page, colour))


def select(vectors: list, clip: Any, kind: str, mode: int) -> list:
    return list(fx("select")(vectors, clip, kind, mode))


def classify(parent: list, kinds: tuple[str, ...]) -> list:
    out: list = []
    for kind in kinds:
        out.extend(fx("classify")(parent, kind))
    return out


def vectors_of(selection: Any) -> list | None:
    """All vectors of a selection list, or None when any entry has none (effects off or a failed read)."""
    if not isinstance(selection, list):
        return None
    out: list = []
    for entry in selection:
        if not isinstance(entry, SelectionEntry) or entry.vectors is None:
            return None
        out.extend(entry.vectors)
    return out


def need(value: Any, what: str) -> Any:
    """``value``, or a ValueError saying the drawing did not provide it (so the effect is FAILED)."""
    if value is None:
        raise ValueError(f"{what} is not available from the drawing")
    return value


def text_content(text: Any) -> str:
    if isinstance(text, TextValue):
        return need(text.content, "the text read back")
    return need(text, "the text")


def align_number(align: Any) -> int | None:
    if align is None or isinstance(align, int):
        return align
    return TEXT_ALIGN_WORDS.index(align)


def table_rows(data: Any) -> list:
    if isinstance(data, TableData):
        return need(data.rows, "the extracted table")
    return [list(r) for r in data]


def transform_args(move: Any, rotation: Any, scal: Any, clip_point: Any) -> dict[str, Any]:
    """Plain transform values for the effect layer: move (dx, dy), rotation degrees, scale (fx, fy), ref."""
    ref = None
    for item in (move, rotation, scal):
        if item is not None and isinstance(item[2], RfPoint) and item[2].point is not None:
            ref = item[2].point
            break
    return {
        "move": None if move is None else (float(move[0]), float(move[1])),
        "rotation": None if rotation is None else float(rotation[1]),
        "scale": None if scal is None else (float(scal[1][0]), float(scal[1][1])),
        "ref": need(ref if ref is not None else clip_point, "the reference point"),
    }
