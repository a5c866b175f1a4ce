"""Canonical one-line descriptions of operations: the recorder's base-level text.

The base level of a recorder string is "the related fragment of the instruction" (catalog §1.6). Because the
same task is phrased twice (structured and unstructured) and both share one reference program, the fragment
is written in one canonical wording derived from the structured description, with the instruction's vague
words kept as they are. ``(incomplete)`` follows when a necessary detail is missing; a refresh with no
attribute at all is ``missing``, as in the refresh_text prompt's example.
"""

from __future__ import annotations

from typing import Any

from drafterbench.tasks.model import Operation, TargetObject
from drafterbench.tasktypes import TaskType
from drafterbench.tools.registry import DRAW_FORMAT

_LABELS = {
    "font": "font", "fontsize": "font size", "textcolor": "text colour", "align": "alignment",
    "borderwidth": "border width", "row_height": "row height", "column_width": "column width",
    "drwcolor": "stroke colour", "fillcolor": "fill colour", "width": "stroke width", "dashes": "dashes",
    "closePath": "closed path", "lineJoin": "line join", "lineCap": "line cap", "rotate": "rotation",
}
_JOINS = ("sharp", "rounded", "cut-off")
_CAPS = ("sharp", "semi-circle", "semi-square")
_MODE = {1: "covered by the rectangle", 2: "intersected by the rectangle", None: None}


def value_text(key: str, value: Any, vague: dict[str, str]) -> str:
    """``value`` as words, or the vague words when the instruction gives no value."""
    if key in vague:
        return f"{vague[key]} {_LABELS.get(key, key)}"
    if key == "lineJoin":
        return f"{_JOINS[value]} joins"
    if key == "lineCap":
        return f"{_CAPS[value]} ends"
    if key == "closePath":
        return "closed path" if value else "open path"
    if key == "dashes":
        return "solid line" if value == "[0 0] 0" else f"dashes {value}"
    return f"{_LABELS.get(key, key)} {value}"


def format_text(args: dict[str, Any], vague: dict[str, str], keys) -> str:
    return ", ".join(value_text(k, args[k], vague) for k in keys if k in args)


def _transform_text(args: dict[str, Any], vague: dict[str, str]) -> str:
    parts = []
    if "move" in args:
        if args["move"] is None:
            parts.append("move")
        else:
            dx, dy = args["move"]
            mag = (lambda v: vague["move"]) if "move" in vague else (lambda v: str(abs(v)))
            bits = [f"{mag(dx)} {'right' if dx > 0 else 'left'}" for _ in [0] if dx] + \
                   [f"{mag(dy)} {'up' if dy > 0 else 'down'}" for _ in [0] if dy]
            parts.append("move " + " and ".join(bits))
    if "rotation" in args:
        r = args["rotation"]
        if r is None:
            parts.append("rotate")
        else:
            amount = vague.get("rotation", f"{abs(r)} degrees")
            parts.append(f"rotate {amount} {'clockwise' if r > 0 else 'counterclockwise'}")
    if "scal" in args:
        s = args["scal"]
        if s is None:
            parts.append("scale")
        elif "scal" in vague:
            parts.append(f"scale {vague['scal']} {'larger' if s[0] > 1 else 'smaller'}")
        else:
            parts.append(f"scale by {s[0]} x {s[1]}")
    return ", ".join(parts)


def _classes(args: dict[str, Any]) -> str:
    cls = args.get("cls")
    mode = _MODE.get(args.get("mode"))
    return f"{cls} {mode}" if mode else str(cls)


def _cells(args: dict[str, Any]) -> str:
    if "startcell" not in args:
        return "the whole table"
    if "endcell" in args:
        return f"cells {args['startcell']} to {args['endcell']}"
    return f"cell {args['startcell']}"


def op_fragment(ttype: TaskType, op: Operation) -> str:
    """The canonical description of one operation."""
    a, vg = op.args, op.vague
    if ttype is TaskType.ADD_TEXT:
        head = f'add the text "{a["text"]}"' if "text" in a else "add text"
        fmt = format_text(a, vg, ("font", "fontsize", "textcolor", "rotate", "align"))
        return f"{head}, {fmt}" if fmt else head
    if ttype is TaskType.ADD_TABLE:
        head = ("add a table: " + "; ".join(", ".join(r) for r in a["data"])) if "data" in a else "add a table"
        fmt = format_text(a, vg, ("row_height", "column_width", "font", "fontsize"))
        return f"{head}, {fmt}" if fmt else head
    if ttype is TaskType.ADD_VECTOR:
        head = f"redraw the {a['cls']}" if "cls" in a else "redraw"
        fmt = format_text(a, vg, ("drwcolor", "width"))
        return f"{head}, {fmt}" if fmt else head
    if ttype is TaskType.DELETE_VECTOR:
        if "cls" not in a:
            return "delete"
        return "delete everything" if a["cls"] == "everything" else f"delete {_classes(a)}"
    if ttype in (TaskType.MAP_TABLE, TaskType.MAP_TEXT):
        return f"{op.action}: {_transform_text(a, vg)}"
    if ttype is TaskType.MAP_VECTOR:
        head = f"map {_classes(a)}" if "cls" in a else "map"  # no class: no word that reads as one
        return f"{head}: {_transform_text(a, vg)}"
    if ttype is TaskType.REFRESH_TABLE:
        return "refresh table format: " + format_text(
            a, vg, ("row_height", "column_width", "font", "fontsize", "borderwidth", "align"))
    if ttype is TaskType.REFRESH_TEXT:
        return "refresh text format: " + format_text(a, vg, ("font", "fontsize", "textcolor", "align"))
    if ttype is TaskType.REFRESH_VECTOR:
        head = f"refresh {_classes(a)}" if "cls" in a else "refresh format"
        fmt = format_text(a, vg, DRAW_FORMAT)
        return f"{head}: {fmt}" if fmt else head
    if ttype is TaskType.REVISE_TABLE:
        if op.action == "prun table":
            bits = [f"rows {a['delrow']}" for _ in [0] if "delrow" in a] + \
                   [f"columns {a['delcolumn']}" for _ in [0] if "delcolumn" in a]
            return "delete " + (" and ".join(bits) if bits else "the whole table")
        if op.action == "clean table":
            return f"clear {_cells(a)}"
        data = f" with {a['repdata']}" if "repdata" in a else ""
        return f"replace {_cells(a)}{data}"
    if op.action == "delete text":
        return f'delete "{a["deltex"]}"' if "deltex" in a else "delete all the text"
    target = f'"{a["retext"]}"' if "retext" in a else "the whole text"
    return f'replace {target} with "{a["totext"]}"' if "totext" in a else f"replace {target}"


_REFRESH = {TaskType.REFRESH_TABLE, TaskType.REFRESH_TEXT}


def base_fragment(ttype: TaskType, obj: TargetObject, ops: list[Operation]) -> str:
    """The base-level text of a recorder for ``ops`` of ``obj``."""
    if ttype in _REFRESH and any("format" in o.missing for o in ops):
        return "missing"
    parts = [op_fragment(ttype, o) for o in ops]
    if ttype in (TaskType.REVISE_TABLE, TaskType.REVISE_TEXT) and obj.format:
        keys = ("font", "fontsize", "borderwidth", "textcolor", "align")
        parts.append("new format " + format_text(obj.format, obj.format_vague, keys))
    if ttype is TaskType.DELETE_VECTOR and obj.repair:
        parts.append("then repair")
    text = "; ".join(parts)
    if any(o.missing for o in ops):
        text += "(incomplete)"
    return text
