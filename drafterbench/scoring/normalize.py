"""Bring a prepared trace's values to their canonical spellings (drafterbench metric only).

Reads the shared convention table (:mod:`drafterbench.conventions`): an argument equal to its conventional
default becomes unset, and every other value takes its canonical spelling, so equivalent values compare equal
and a reference never earns or costs points for a default the prompt tells a model to leave out.
"""

from __future__ import annotations

from typing import Any

from drafterbench.conventions import canonical, is_default
from drafterbench.tools.trace import Argument, BlockRole, Trace


def _selection_colours(value: Any) -> Any:
    """Selections taken from a marker colour carry it in their clip ("beam.pdf-2-grey"): spelled canonically."""
    if isinstance(value, list):
        return [_selection_colours(v) for v in value]
    if isinstance(value, dict) and isinstance(value.get("clip"), str) and "-" in value["clip"]:
        head, _, tail = value["clip"].rpartition("-")
        return {**value, "clip": f"{head}-{canonical('annocolor', tail)}"}
    return value


def _normalize_args(args: list[Argument], recorder: bool = False) -> list[Argument]:
    out = []
    for arg in args:
        if arg.value is not None and arg.valid:
            # A recorder's order-level is a rectangle number or a marker colour ("grey" = "gray").
            # anno() records its colour as "order".
            name = "annocolor" if (recorder and arg.name == "clip") or arg.name == "order" else arg.name
            value = None if is_default(name, arg.value) else _selection_colours(canonical(name, arg.value))
            if value != arg.value or type(value) is not type(arg.value):
                arg = arg.model_copy(update={"value": value})
        out.append(arg)
    return out


def normalize(trace: Trace) -> Trace:
    """A copy of ``trace`` with conventional defaults unset and values canonical (see the module doc)."""
    files = []
    for file in trace.files:
        blocks = []
        for block in file.blocks:
            calls = [c.model_copy(update={"arguments": _normalize_args(c.arguments)}) for c in block.calls]
            args = _normalize_args(block.arguments, recorder=block.role is BlockRole.RECORDER)
            blocks.append(block.model_copy(update={"arguments": args, "calls": calls}))
        files.append(file.model_copy(update={"blocks": blocks}))
    return trace.model_copy(update={"files": files})
