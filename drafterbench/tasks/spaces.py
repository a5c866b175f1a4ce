"""The 12 task spaces (catalog §4.1): per type, how one object's operations are sampled.

Each sampler draws the operations for one object together with what the drawing must hold for them (the box
content, or the markup kinds for add_vector), so a named rectangle always contains what its operations act
on. ``vague`` makes at least one vague-capable value vague (the concrete reference value is kept in ``args``);
``base_missing`` leaves out a necessary detail of the first operation.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from drafterbench.drawings.spec import BoxSpec
from drafterbench.tasks import values as V
from drafterbench.tasks.space_common import (
    TEXT_FORMAT,
    ObjectDraft,
    maybe,
    op,
    text_box,
    text_format,
    vaguify,
)
from drafterbench.tasks.spaces_revise import revise_table, revise_text
from drafterbench.tasktypes import TaskType
from drafterbench.tools.registry import DRAW_FORMAT

Sampler = Callable[[random.Random, int, bool, bool], ObjectDraft]


@dataclass(frozen=True)
class TypeSpace:
    """One task type: whether it allows several operations per object and vague values, and its sampler."""

    type: TaskType
    multi_operations: bool
    vague_capable: bool
    sample: Sampler


def _add_text(rng, n_ops, vague, base_missing) -> ObjectDraft:
    ops = []
    for i in range(n_ops):
        args = {"text": V.sentence(rng), **text_format(rng, p=0.4)}
        if maybe(rng, 0.25):
            args["rotate"] = rng.choice((90, 180, 270))
        vg = vaguify(rng, args, list(TEXT_FORMAT)) if vague and (i == 0 or maybe(rng)) else {}
        missing = []
        if base_missing and i == 0:
            del args["text"]
            missing = ["text"]
        ops.append(op("add text", args, vg, missing))
    return ObjectDraft(ops, box=BoxSpec(content="empty"))


def _add_table(rng, n_ops, vague, base_missing) -> ObjectDraft:
    rows, cols = rng.randint(2, 4), rng.randint(2, 4)
    args: dict[str, Any] = {"data": V.table_data(rng, rows, cols)}
    if maybe(rng):
        if maybe(rng):
            args["row_height"] = rng.randint(12, 24)
        else:
            args["column_width"] = rng.randint(40, 90)
    args.update(text_format(rng, keys=("font", "fontsize")))
    vg = {}
    if vague:
        keys = ["font", "fontsize", "column_width" if "column_width" in args else "row_height"]
        chosen = rng.sample(keys, rng.randint(1, 2))
        for key in chosen:
            vg[key] = rng.choice(V.VAGUE_WORDS)
            default_key = {"row_height": "arrange_height", "column_width": "arrange_width"}.get(key, key)
            args[key] = V.VAGUE_DEFAULTS[default_key]
    missing = []
    if base_missing:
        del args["data"]
        missing = ["data"]
    return ObjectDraft([op("add table", args, vg, missing)], box=BoxSpec(content="empty", size="large"))


_AV_CLASSES = ("lines", "rebars", "columns", "drawings", "rebars and columns")


def _add_vector(rng, n_ops, vague, base_missing) -> ObjectDraft:
    cls = rng.choice(_AV_CLASSES)
    args: dict[str, Any] = {"cls": cls}
    if maybe(rng):
        args["drwcolor"] = rng.choice(V.COLOURS)
    if maybe(rng):
        args["width"] = rng.randint(1, 6)
    vg = vaguify(rng, args, ["drwcolor", "width"]) if vague else {}
    kinds = {"lines": ["lines"], "rebars": ["rebars"], "columns": ["columns"]}.get(cls, ["rebars", "columns"])
    if cls == "drawings":
        kinds = sorted(rng.sample(V.VECTOR_CLASSES, rng.randint(1, 3)))
    elif maybe(rng):  # a decoy kind in the same colour, which a class selection must leave alone
        kinds = sorted(set(kinds) | {rng.choice(V.VECTOR_CLASSES)})
    missing = []
    if base_missing:
        del args["cls"]
        missing = ["vector class"]
    return ObjectDraft([op("add vector", args, vg, missing)], markup_kinds=kinds)


def _classes(rng: random.Random, n: int, pool=V.VECTOR_CLASSES) -> list[str]:
    return rng.sample(pool, n)


def _mode(rng: random.Random) -> int | None:
    """1 (covered by the rectangle), 2 (intersected by it) or None (not said: mode 2 applies)."""
    return rng.choice((1, 2, None))


def _delete_vector(rng, n_ops, vague, base_missing) -> ObjectDraft:
    if n_ops == 1:
        classes = [rng.choice(("lines", "rebars", "columns", "drawings", "everything"))]
    else:
        classes = _classes(rng, n_ops)
    ops = []
    for i, cls in enumerate(classes):
        args: dict[str, Any] = {"cls": cls}
        if cls != "everything":
            args["mode"] = _mode(rng)
        missing = []
        if base_missing and i == 0:
            args = {}
            missing = ["vector class"]
        ops.append(op("delete vector", args, None, missing))
    return ObjectDraft(ops, box=BoxSpec(content="vectors"), repair=maybe(rng))


def _transforms(rng: random.Random, vague: bool) -> tuple[dict[str, Any], dict[str, str]]:
    """One to three of move / rotation / scal, each with a direction; vague ones get a magnitude word."""
    kinds = [k for k in ("move", "rotation", "scal") if maybe(rng, 0.35)] or [rng.choice(("move", "rotation", "scal"))]
    args: dict[str, Any] = {}
    vg: dict[str, str] = {}
    vague_keys = set(rng.sample(kinds, rng.randint(1, len(kinds)))) if vague else set()
    for kind in kinds:
        is_vague = kind in vague_keys
        if kind == "move":
            axes = rng.choice(("x", "y", "xy"))
            mag = (lambda: V.VAGUE_DEFAULTS["move"]) if is_vague else (lambda: rng.randint(5, 50))
            dx = mag() * rng.choice((-1, 1)) if "x" in axes else 0
            dy = mag() * rng.choice((-1, 1)) if "y" in axes else 0
            args["move"] = [dx, dy]
        elif kind == "rotation":
            sign = rng.choice((-1, 1))
            args["rotation"] = sign * (V.VAGUE_DEFAULTS["rotation"] if is_vague else rng.choice(range(5, 181, 5)))
        else:
            if is_vague:
                f = V.VAGUE_DEFAULTS["scale_up"] if maybe(rng) else V.VAGUE_DEFAULTS["scale_down"]
                args["scal"] = [f, f]
            else:
                args["scal"] = [rng.choice((0.5, 0.6, 0.8, 1.2, 1.5, 2.0)), rng.choice((0.5, 0.6, 0.8, 1.2, 1.5, 2.0))]
        if is_vague:
            vg[kind] = rng.choice(V.MAGNITUDE_WORDS)
    return args, vg


def _drop_direction(rng: random.Random, args: dict[str, Any], vg: dict[str, str]) -> list[str]:
    """Leave out the direction of one transform ("rotate it"): a necessary detail goes missing.

    A precise transform is dropped when there is one, so a vague task keeps a vague value.
    """
    kinds = [k for k in ("move", "rotation", "scal") if k in args]
    kind = rng.choice([k for k in kinds if k not in vg] or kinds)
    args[kind] = None
    vg.pop(kind, None)
    return [f"{kind} direction"]


def _transforms_for(rng: random.Random, vague: bool, drop: bool) -> tuple[dict[str, Any], dict[str, str]]:
    """Transforms; when one loses its direction in a vague task, at least two are drawn."""
    while True:
        args, vg = _transforms(rng, vague)
        if not (drop and vague) or len(args) >= 2:
            return args, vg


def _map_region(what: str) -> Sampler:
    def sample(rng, n_ops, vague, base_missing) -> ObjectDraft:
        args, vg = _transforms_for(rng, vague, base_missing)
        missing = _drop_direction(rng, args, vg) if base_missing else []
        if what == "table":
            box = BoxSpec(content="table", table=V.table_data(rng, rng.randint(3, 5), rng.randint(2, 4)))
        else:
            box = BoxSpec(content="text", text=V.existing_text(rng))
        return ObjectDraft([op(f"map {what}", args, vg, missing)], box=box)

    return sample


def _vector_box(rng: random.Random, classes: list[str]) -> BoxSpec:
    kinds = {c for c in classes if c in V.VECTOR_CLASSES} | {rng.choice(V.VECTOR_CLASSES)}
    return BoxSpec(content="vectors", vectors=sorted(kinds))


def _map_vector(rng, n_ops, vague, base_missing) -> ObjectDraft:
    classes = _classes(rng, n_ops, V.VECTOR_CLASSES + ("drawings",)) if n_ops == 1 else _classes(rng, n_ops)
    ops = []
    for i, cls in enumerate(classes):
        drop = base_missing and i == 0 and maybe(rng)
        targs, vg = _transforms_for(rng, vague and (i == 0 or maybe(rng)), drop)
        args = {"cls": cls, "mode": _mode(rng), **targs}
        missing = []
        if drop:
            missing = _drop_direction(rng, args, vg)
        elif base_missing and i == 0:
            del args["cls"], args["mode"]
            missing = ["vector class"]
        ops.append(op("map vector", args, vg, missing))
    return ObjectDraft(ops, box=_vector_box(rng, classes))


_TABLE_FORMAT_VAGUE = ["font", "fontsize", "borderwidth", "align"]


def _refresh_table(rng, n_ops, vague, base_missing) -> ObjectDraft:
    rows, cols = rng.randint(3, 5), rng.randint(2, 4)
    args = text_format(rng, keys=("font", "fontsize", "borderwidth", "align"), p=0.4)
    if maybe(rng, 0.3):
        if maybe(rng):
            args["row_height"] = rng.randint(12, 24)
        else:
            args["column_width"] = rng.randint(40, 90)
    if not args:
        args = text_format(rng, keys=("font", "fontsize", "borderwidth", "align"), at_least_one=True)
    vg = vaguify(rng, args, _TABLE_FORMAT_VAGUE) if vague else {}
    missing = []
    if base_missing:
        args, vg, missing = {}, {}, ["format"]
    box = BoxSpec(content="table", table=V.table_data(rng, rows, cols))
    return ObjectDraft([op("refresh table format", args, vg, missing)], box=box)


def _refresh_text(rng, n_ops, vague, base_missing) -> ObjectDraft:
    orientation = "vertical" if maybe(rng, 0.3) else "horizontal"
    args = text_format(rng, p=0.4, at_least_one=True)
    vg = vaguify(rng, args, list(TEXT_FORMAT)) if vague else {}
    missing = []
    if base_missing:
        args, vg, missing = {}, {}, ["format"]
    return ObjectDraft([op("refresh text format", args, vg, missing)], box=text_box(rng, orientation),
                       orientation=orientation)


# Every format but closePath may be given vaguely ("a suitable line width"); a path is closed or not.
_RV_VAGUE = [k for k in DRAW_FORMAT if k != "closePath"]


def _vector_format(rng: random.Random) -> dict[str, Any]:
    draws = {
        "fillcolor": lambda: rng.choice(V.COLOURS),
        "drwcolor": lambda: rng.choice(V.COLOURS),
        "dashes": lambda: V.dashes(rng) if maybe(rng, 0.7) else "[0 0] 0",
        "closePath": lambda: rng.choice((True, False)),
        "lineJoin": lambda: rng.randint(0, 2),
        "lineCap": lambda: rng.randint(0, 2),
        "width": lambda: rng.randint(1, 6),
    }
    keys = [k for k in DRAW_FORMAT if maybe(rng, 0.3)] or [rng.choice(DRAW_FORMAT)]
    return {k: draws[k]() for k in keys}


def _refresh_vector(rng, n_ops, vague, base_missing) -> ObjectDraft:
    classes = _classes(rng, n_ops, V.VECTOR_CLASSES + ("drawings",)) if n_ops == 1 else _classes(rng, n_ops)
    ops = []
    for i, cls in enumerate(classes):
        args = {"cls": cls, "mode": _mode(rng), **_vector_format(rng)}
        vg = vaguify(rng, args, _RV_VAGUE) if vague and (i == 0 or maybe(rng)) else {}
        missing = []
        if base_missing and i == 0:
            if maybe(rng) or vg:  # keep a vague task vague: its missing detail is then the class
                del args["cls"], args["mode"]
                missing = ["vector class"]
            else:
                args = {"cls": cls, "mode": args["mode"]}
                vg = {}
                missing = ["format"]
        ops.append(op("refresh vector format", args, vg, missing))
    return ObjectDraft(ops, box=_vector_box(rng, classes))



SPACES: dict[TaskType, TypeSpace] = {
    TaskType.ADD_TEXT: TypeSpace(TaskType.ADD_TEXT, True, True, _add_text),
    TaskType.ADD_TABLE: TypeSpace(TaskType.ADD_TABLE, False, True, _add_table),
    TaskType.ADD_VECTOR: TypeSpace(TaskType.ADD_VECTOR, False, True, _add_vector),
    TaskType.DELETE_VECTOR: TypeSpace(TaskType.DELETE_VECTOR, True, False, _delete_vector),
    TaskType.MAP_TABLE: TypeSpace(TaskType.MAP_TABLE, False, True, _map_region("table")),
    TaskType.MAP_TEXT: TypeSpace(TaskType.MAP_TEXT, False, True, _map_region("text")),
    TaskType.MAP_VECTOR: TypeSpace(TaskType.MAP_VECTOR, True, True, _map_vector),
    TaskType.REFRESH_TABLE: TypeSpace(TaskType.REFRESH_TABLE, False, True, _refresh_table),
    TaskType.REFRESH_TEXT: TypeSpace(TaskType.REFRESH_TEXT, False, True, _refresh_text),
    TaskType.REFRESH_VECTOR: TypeSpace(TaskType.REFRESH_VECTOR, True, True, _refresh_vector),
    TaskType.REVISE_TABLE: TypeSpace(TaskType.REVISE_TABLE, True, True, revise_table),
    TaskType.REVISE_TEXT: TypeSpace(TaskType.REVISE_TEXT, True, True, revise_text),
}
