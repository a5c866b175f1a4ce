"""Real edits of real PDFs (PyMuPDF): the effect layer under the recording tools.

The tools in ``drafterbench.tools`` record every call into a Trace; when a drawing is attached they also
call the functions below, which change the PDF page the way a drafter would expect. These functions know
nothing about traces, provenance or validity: they take plain, already-validated geometry and values.
The geometry and every choice are documented in ``docs/tools.md``.

Public API (each lives in its own module; re-exported here lazily so ``import drafterbench`` stays light):

markups.py
    rect_markups(page) -> list[pymupdf.Rect]
        rectangle markup annotations (Square annots) in reading order: rows top to bottom, left to right
        (a rectangle joins a row when its top is within half the smaller height of the row's first top).
    colour_markups(page, colour: str) -> list[Vector]
        the hand-drawn markups (Ink / PolyLine / Polygon / Line / Circle annots; Square annots are the
        rectangle markups) whose stroke colour is ``colour`` (a name from ``colours.COLOURS``), one Vector
        per stroke.
vectors.py
    Vector: frozen dataclass — key (stable identity under edits of other vectors), kind
        ("line" | "rebar" | "column" | "other"), items, closed, bbox, stroke_color / fill_color, width,
        dashes, lineJoin, lineCap, source ("page" | "annot"); ``.points``, ``.rect``, ``.outline()``.
    page_vectors(page) -> list[Vector]            the page's own line art (annotation appearances excluded)
    select(vectors, clip: Rect, kind: "drawings"|"lines"|"rebars"|"columns", mode: 1|2) -> list[Vector]
        mode 1 window (every vertex and boundary inside), mode 2 crossing (any part inside or touching).
    classify(vectors, kind) -> list[Vector]        the subset of a kind, no geometry test (select_from_drawings);
        kind may also be "rebars and columns".
vector_edits.py
    delete_vectors(page, vectors) -> None          removes exactly those, keeps all others and all text
    restyle_vectors(page, vectors, *, fillcolor, drwcolor, dashes, closePath, lineJoin, lineCap, width) -> None
        each keyword None means "leave as is"; colours are names, dashes a string "[n m] p".
    add_standard(page, vectors, *, drwcolor, width) -> None
        turns hand-drawn markups (source "annot") into page line art, removing the markups.
    transform_vectors(page, vectors, *, move: (dx, dy) | None, rotation: deg | None, scale: (fx, fy) | None,
                      ref: Point | None) -> None
        scale, then rotate (clockwise positive), then move (dy positive = up), about ref.
    clean_region(page, clip) -> None                erases all line art (crossing lines cut) and text inside clip
    repair_lines(page, clip, deleted: list[Vector] | None) -> int
        reconnects lines cut by a deletion in clip (collinear pieces facing each other across the gap).
text.py
    read_text(page, clip, vertical: bool) -> str
    write_text(page, clip, text, *, font, fontsize, color, rotate, align, erase_first: bool) -> float (size used)
    text_format(page, clip) -> dict                font / fontsize / color of the first span in clip
table.py
    TableLayout: data, row_heights, col_widths, origin, font, fontsize, borderwidth, align, bbox
    find_table(page, clip) -> TableLayout | None
    draw_table(page, clip, data, *, arrange, font, fontsize, borderwidth, align, erase_first: bool)
        -> TableLayout | None
transform.py
    project_region(page, clip, *, move, rotation, scale, ref: Point | None, what: "text"|"table") -> int
colours.py
    COLOURS: name -> RGB tuple (red, blue, green, yellow, orange, purple, black, gray, cyan, magenta, ...);
    rgb(name), is_colour(name)
fonts.py
    base14(font_name) -> PyMuPDF base-14 code ("helv", "tibo", "cour", ...)

The seeded synthetic drawing generator lives in ``drafterbench.drawings``.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "rect_markups": "markups",
    "colour_markups": "markups",
    "reading_order": "markups",
    "Vector": "vectors",
    "page_vectors": "vectors",
    "select": "vectors",
    "classify": "vectors",
    "delete_vectors": "vector_edits",
    "restyle_vectors": "vector_edits",
    "add_standard": "vector_edits",
    "transform_vectors": "vector_edits",
    "clean_region": "vector_edits",
    "repair_lines": "vector_edits",
    "read_text": "text",
    "write_text": "text",
    "text_format": "text",
    "TableLayout": "table",
    "find_table": "table",
    "draw_table": "table",
    "project_region": "transform",
    "COLOURS": "colours",
    "rgb": "colours",
    "is_colour": "colours",
    "base14": "fonts",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        module = importlib.import_module(f"{__name__}.{_EXPORTS[name]}")
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
