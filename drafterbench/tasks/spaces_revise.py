"""The two content-revision spaces: revise_table (clear / replace / delete cells) and revise_text.

Operations are applied one after another to the same table or text, so each sampler tracks the current
table size or the remaining words: every cell, row, column or word an operation names still exists when the
operation runs.
"""

from __future__ import annotations

import random
from typing import Any

from drafterbench.drawings.spec import BoxSpec
from drafterbench.tasks import values as V
from drafterbench.tasks.space_common import ObjectDraft, maybe, op, text_box, text_format, vaguify

_NEW_WORDS = (
    "anchor", "dowel", "haunch", "lintel", "corbel", "plinth", "purlin", "stud", "bracket", "cleat",
    "gusset plate", "shear key", "drop panel", "kicker", "waler", "soffit",
)


def _cells(rng: random.Random, rows: int, cols: int, allow_whole: bool) -> dict[str, Any]:
    """A cell scope: one cell, a block, a whole row or column, or (``{}``) the whole table."""
    scopes = ["cell", "block", "row", "column"] + (["whole"] if allow_whole else [])
    scope = rng.choice(scopes)
    r, c = rng.randint(2, rows), rng.randint(1, cols)
    if scope == "cell":
        return {"startcell": [r, c]}
    if scope == "block":
        r2, c2 = rng.randint(r, rows), rng.randint(c, cols)
        if (r2, c2) == (r, c):
            return {"startcell": [r, c]}
        return {"startcell": [r, c], "endcell": [r2, c2]}
    if scope == "row":
        return {"startcell": [r, "all"]}
    if scope == "column":
        return {"startcell": ["all", c]}
    return {}


def _extent(cells: dict[str, Any], rows: int, cols: int) -> tuple[int, int]:
    """How many rows and columns a cell scope covers (for the size of replacement data)."""
    start = cells.get("startcell")
    if start is None:
        return rows, cols
    end = cells.get("endcell", start)
    nr = rows if start[0] == "all" else end[0] - start[0] + 1
    nc = cols if start[1] == "all" else end[1] - start[1] + 1
    return nr, nc


def _run(rng: random.Random, first: int, total: int, keep: int) -> list[int]:
    """A run of consecutive 1-based numbers from ``first``..``total`` leaving ``keep`` of ``total``."""
    length = rng.randint(1, max(1, min(2, total - keep)))
    start = rng.randint(first, total - length + 1)
    return list(range(start, start + length))


def revise_table(rng: random.Random, n_ops: int, vague: bool, base_missing: bool) -> ObjectDraft:
    rows, cols = rng.randint(4, 6), rng.randint(3, 5)
    table = V.table_data(rng, rows, cols)
    actions = [rng.choice(("clean table", "replace table", "prun table")) for _ in range(n_ops)]
    if base_missing:
        actions[0] = "replace table"
    ops = []
    for i, action in enumerate(actions):
        last_single = n_ops == 1
        args: dict[str, Any] = {}
        missing: list[str] = []
        if action == "prun table":
            if last_single and maybe(rng, 0.1):
                args = {}  # cuttable() with no arguments deletes the whole table
            else:
                what = rng.choice(("rows", "columns", "both"))
                if what in ("rows", "both") and rows > 2:
                    args["delrow"] = _run(rng, 2, rows, 2)
                if what in ("columns", "both") or not args:
                    args["delcolumn"] = _run(rng, 1, cols, 2)
                rows -= len(args.get("delrow", []))
                cols -= len(args.get("delcolumn", []))
        else:
            args = _cells(rng, rows, cols, allow_whole=last_single)
            if action == "replace table":
                nr, nc = _extent(args, rows, cols)
                if base_missing and i == 0:
                    missing = ["new data"]
                else:
                    args["repdata"] = [[V.cell_value(rng) for _ in range(nc)] for _ in range(nr)]
        ops.append(op(action, args, None, missing))
    fmt = text_format(rng, keys=("font", "fontsize", "borderwidth", "align"), p=0.3)
    if fmt.get("align") == "justify":  # the revise_table prompt offers center, left and right only
        fmt["align"] = "center"
    fmt_vague = vaguify(rng, fmt, ["font", "fontsize", "borderwidth", "align"]) if vague else {}
    return ObjectDraft(ops, box=BoxSpec(content="table", table=table, size="large"),
                       format=fmt, format_vague=dict(sorted(fmt_vague.items())))


def revise_text(rng: random.Random, n_ops: int, vague: bool, base_missing: bool) -> ObjectDraft:
    orientation = "vertical" if maybe(rng, 0.3) else "horizontal"
    box = text_box(rng, orientation)
    words = box.text.split()[1:]  # keep the first word, so the text never becomes empty by accident
    rng.shuffle(words)
    actions = [rng.choice(("delete text", "replace text")) for _ in range(n_ops)]
    if base_missing:
        actions[0] = "replace text"
    ops = []
    for i, action in enumerate(actions):
        word = words.pop()
        missing: list[str] = []
        if action == "delete text":
            args: dict[str, Any] = {} if n_ops == 1 and maybe(rng, 0.15) else {"deltex": word}
        else:
            args = {} if n_ops == 1 and maybe(rng, 0.15) else {"retext": word}
            if base_missing and i == 0:
                missing = ["new text"]
            else:
                args["totext"] = rng.choice(_NEW_WORDS)
        ops.append(op(action, args, None, missing))
    fmt = text_format(rng, p=0.3)
    fmt_vague = vaguify(rng, fmt, ["font", "fontsize", "textcolor", "align"]) if vague else {}
    return ObjectDraft(ops, box=box, orientation=orientation, format=fmt,
                       format_vague=dict(sorted(fmt_vague.items())))
