"""Pure table edits behind ``manipulate_table.cuttable`` / ``emptytable`` / ``modifytable``.

Tables are lists of rows (lists of cells). Row, column and cell numbers are 1-based, as in the original;
``"all"`` in a cell ``[row, column]`` means every row (or column). Every function returns a new table and
never changes its input. Numbers outside the table are ignored.
"""

from __future__ import annotations

from typing import Any

from drafterbench.tools.base import check_output_size

Rows = list[list[Any]]


def _copy(rows: Rows) -> Rows:
    return [list(r) for r in rows]


def _width(rows: Rows) -> int:
    return max((len(r) for r in rows), default=0)


def cut_table(rows: Rows, delrow: list[int] | None = None, delcolumn: list[int] | None = None) -> Rows:
    """Delete the given rows and columns; with neither given, the whole table is deleted (``[]``)."""
    if not delrow and not delcolumn:
        return []
    drop_r = set(delrow or ())
    drop_c = set(delcolumn or ())
    return [
        [cell for j, cell in enumerate(row, 1) if j not in drop_c]
        for i, row in enumerate(rows, 1)
        if i not in drop_r
    ]


def _axis(start: Any, end: Any, size: int) -> range:
    """0-based indices covered from ``start`` to ``end`` (1-based, inclusive; "all" = whole axis)."""
    if start == "all" or end == "all":
        return range(size)
    last = start if end is None else end
    lo, hi = sorted((start, last))
    return range(max(lo - 1, 0), min(hi, size))


def cell_span(rows: Rows, startcell: list | None, endcell: list | None) -> tuple[range, range]:
    """The rows and columns (0-based ranges) a start/end cell pair covers; no start = the whole table."""
    if startcell is None:
        return range(len(rows)), range(_width(rows))
    end_r, end_c = (None, None) if endcell is None else endcell
    return _axis(startcell[0], end_r, len(rows)), _axis(startcell[1], end_c, _width(rows))


def _check_span(rows: Rows, rs: range, cs: range) -> None:
    """Refuse an edit whose cells (rows widened to its last column) would pass the output bound."""
    if rs and cs:
        width = max(_width(rows), cs[-1] + 1)
        check_output_size(len(rows) * width, "cells")


def _set(rows: Rows, i: int, j: int, value: Any) -> None:
    row = rows[i]
    if j >= len(row):
        row.extend([""] * (j + 1 - len(row)))
    row[j] = value


def empty_table(rows: Rows, startcell: list | None = None, endcell: list | None = None) -> Rows:
    """Clear the cells from ``startcell`` to ``endcell``; start alone clears one cell (or a whole row or
    column with "all"); neither clears the whole table."""
    out = _copy(rows)
    rs, cs = cell_span(out, startcell, endcell)
    _check_span(out, rs, cs)
    for i in rs:
        for j in cs:
            _set(out, i, j, "")
    return out


def _as_rows(repdata: list) -> Rows:
    if repdata and all(isinstance(r, (list, tuple)) for r in repdata):
        return [list(r) for r in repdata]
    return [list(repdata)]  # a flat list of cells is one row


def modify_table(
    rows: Rows, repdata: list, startcell: list | None = None, endcell: list | None = None
) -> Rows:
    """Overwrite cells with ``repdata`` (a list of rows).

    Only ``repdata``: the whole table is replaced. A start cell alone pastes ``repdata`` with its first cell
    there (a row or column with "all"); start and end fill that range row by row from ``repdata``. A single
    row of values written into a single column fills the column top to bottom.
    """
    new = _as_rows(repdata)
    if startcell is None:
        return new
    out = _copy(rows)
    if endcell is None and "all" not in startcell:
        r0, c0 = startcell[0] - 1, startcell[1] - 1
        rs = range(r0, min(r0 + len(new), len(out)))
        cs = range(c0, c0 + _width(new))
    else:
        rs, cs = cell_span(out, startcell, endcell)
    _check_span(out, rs, cs)
    column_fill = len(cs) == 1 and len(new) == 1 and len(rs) > 1
    for a, i in enumerate(rs):
        for b, j in enumerate(cs):
            src_r, src_c = (0, a) if column_fill else (a, b)
            if src_r < len(new) and src_c < len(new[src_r]):
                _set(out, i, j, new[src_r][src_c])
    return out
