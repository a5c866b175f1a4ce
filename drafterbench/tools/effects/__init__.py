"""Real edits of real PDFs (PyMuPDF): the effect layer under the recording tools.

The tools in ``drafterbench.tools`` record every call into a Trace; when a drawing is attached they also
call the functions below, which change the PDF page the way a drafter would expect. These functions know
nothing about traces, provenance or validity: they take plain, already-validated geometry and values.
The geometry and every choice are documented in ``docs/tools.md``.

Public API (each lives in its own module; re-exported here lazily so ``import drafterbench`` stays light):

markups.py
    rect_markups(page) -> list[pymupdf.Rect]
        rectangle markup annotations (Square annots) in reading order: rows top to bottom, left to right.
    colour_markups(page, colour: str) -> list[Vector]
        the hand-drawn markups (Ink / PolyLine / Line / Square / Circle annots) whose stroke colour is
        ``colour`` (a colour name from ``colours.COLOURS``), as vectors.
vectors.py
    Vector: frozen dataclass — key (stable identity under edits of other vectors), kind
        ("line" | "rebar" | "column" | "other"), points, bbox, closed, stroke/fill colours, width, dashes,
        lineJoin, lineCap, source ("page" | "annot").
    page_vectors(page) -> list[Vector]
    select(vectors, clip: Rect, kind: "drawings"|"lines"|"rebars"|"columns", mode: 1|2) -> list[Vector]
        mode 1 window (every vertex and boundary inside), mode 2 crossing (any part inside).
    classify(vectors, kind) -> list[Vector]        the subset of a kind, no geometry test (select_from_drawings)
    delete_vectors(page, vectors) -> None          removes exactly those, keeps all others and all text
    restyle_vectors(page, vectors, *, fillcolor, drwcolor, dashes, closePath, lineJoin, lineCap, width) -> None
        each keyword None means "leave as is"; colours are names, dashes a string "[n m] p".
    add_standard(page, vectors, *, drwcolor, width) -> None
        turns hand-drawn markups (source "annot") into page line art, removing the markups.
    transform_vectors(page, vectors, *, move, rotation, scale, ref: Point) -> None
    clean_region(page, clip) -> None                erases all line art (and text) inside clip
    repair_lines(page, clip, deleted: list[Vector] | None) -> None
        reconnects lines cut by a deletion in clip (collinear pieces on both sides are re-joined).
text.py
    read_text(page, clip, vertical: bool) -> str
    write_text(page, clip, text, *, font, fontsize, color, rotate, align, erase_first: bool) -> None
table.py
    TableLayout: data, row_heights, col_widths, font, fontsize, borderwidth, align
    find_table(page, clip) -> TableLayout | None
    draw_table(page, clip, data, *, arrange, font, fontsize, borderwidth, align, erase_first: bool) -> None
transform.py
    project_region(page, clip, *, move, rotation, scale, ref: Point, what: "text"|"table") -> None
colours.py
    COLOURS: name -> RGB tuple (red, blue, green, yellow, orange, purple, black, gray, cyan, magenta, ...)

The seeded synthetic drawing generator lives in ``drafterbench.drawings``.
"""
