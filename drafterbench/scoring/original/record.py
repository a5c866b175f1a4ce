"""Replay a Trace into the original's information matrix (see :mod:`drafterbench.scoring.original.matrix`).

Events of one file record (a block made, a call made, a save) are replayed in program order (by line, a
block before its calls, a save after the calls of its line), so the original's reuse of identical blocks and
calls and its marking of saved blocks come out as they did when the program ran.
"""

from __future__ import annotations

from typing import Any

from drafterbench.tools.trace import Block, BlockRole, SaveRecord, ToolCall, Trace

from . import dual
from .matrix import CLASSES, TOOLS, Matrix, block_value, is_extracted, recorder_values, tool_name, tool_value

_SAVED_KEYS = ("change_maker", "post_change_maker", "recorder")


class Raised(Exception):
    """The original's run of this program would have raised (its evaluator then scored 0)."""


def _tool(call: ToolCall, dev: frozenset[str]) -> dict[str, Any]:
    name = tool_name(call.tool)
    names = TOOLS.get(call.tool, (name, ()))[1]
    by_name = {a.name: a for a in call.arguments}
    return {
        "tool_name": name,
        "arguments_value": [(n, tool_value(name, n, by_name.get(n), dev)) for n in names],
        "transfered_arguments": [],
        "first_defined_arguments": list(names),
        "vaguly_defined_arguments": [],
        "save": False,
    }


def _class_block(block: Block, doc: tuple[Any, bool], dev: frozenset[str]) -> dict[str, Any] | None:
    spec = CLASSES.get(block.cls)
    if spec is None:
        return None
    transferred, defined = list(spec.transferred), list(spec.defined)
    if block.role is BlockRole.RECORDER:
        if block.text is None:
            raise Raised("a recorder was given no string")
        _, args = recorder_values(block.text, dev)
    else:
        by_name = {a.name: a for a in block.arguments}
        args = [(n, block_value(block.cls, n, by_name.get(n), doc, dev)) for n in spec.args]
        data = by_name.get("data")
        if "data-transferred" in dev and data is not None and is_extracted(data.value):
            defined.remove("data")
            transferred.append("data")
    return {
        "operation": spec.operation,
        "arguments_value": args,
        "transfered_arguments": transferred,
        "first_defined_arguments": defined,
        "vaguly_defined_arguments": list(spec.vague),
        "tool_callings": [],
    }


def _same_block(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return (
        a["operation"] == b["operation"]
        and a.get("save") == b.get("save")
        and a["arguments_value"] == b["arguments_value"]
    )


def _replay(
    path: Any, events: list[tuple[Any, ...]], dev: frozenset[str], doc: tuple[Any, bool] | None = None
) -> dict:
    doc = doc if doc is not None else (path, dual.path_valid(path))
    record: dict[str, Any] = {"filepath": doc}
    tracked: dict[int, dict[str, Any]] = {}
    for event in events:
        kind = event[0]
        if kind == "block":
            block: Block = event[1]
            new = _class_block(block, doc, dev)
            if new is None:
                continue
            target = record.setdefault(CLASSES[block.cls].key, [])
            same = next((b for b in target if _same_block(b, new)), None)
            if same is None:
                target.append(new)
                same = new
            tracked[id(block)] = same
        elif kind == "call":
            owner = tracked.get(id(event[1]))
            if owner is not None:
                tool = _tool(event[2], dev)
                if tool not in owner["tool_callings"]:
                    owner["tool_callings"].append(tool)
        else:
            save: SaveRecord = event[1]
            valid = dual.save_valid(save.path)
            record.setdefault("save", []).append({"save_path": (save.path, valid)})
            if valid and record.setdefault("change_maker", []):
                for key in _SAVED_KEYS:
                    for b in record.setdefault(key, []):
                        b["save"] = True
                        for t in b["tool_callings"]:
                            t["save"] = True
    return record


def _events(blocks: list[Block], saves: list[SaveRecord]) -> list[tuple[Any, ...]]:
    keyed: list[tuple[tuple[int, int, int], tuple[Any, ...]]] = []
    seq = 0
    for block in blocks:
        keyed.append(((block.line or 0, 0, seq), ("block", block)))
        seq += 1
        for call in block.calls:
            keyed.append(
                ((call.line if call.line is not None else block.line or 0, 1, seq), ("call", block, call))
            )
            seq += 1
    for save in saves:
        keyed.append(((save.line or 0, 2, seq), ("save", save)))
        seq += 1
    keyed.sort(key=lambda kv: kv[0])
    return [e for _, e in keyed]


def build_matrix(trace: Trace, dev: frozenset[str] = frozenset()) -> Matrix | None:
    """The information matrix the original's dual functions would have recorded; None if its run raised.

    ``dev`` names deviations (:mod:`.deviations`) to apply instead of the dual's rules.
    """
    if trace.error is not None and "stopped-partial" not in dev:
        return None
    records: list[tuple[int, dict]] = []
    loose: list[Block] = []  # built on something that is not an opened document
    merge = "one-record-per-path" in dev
    try:
        for file in trace.files:
            joined = [
                b
                for b in file.blocks
                if b.role is BlockRole.RECORDER and "recorders-in-file" in dev and file.opens
            ]
            # A trace recorded before open ordinals existed: one record for the opened file.
            opens = file.opens or ([None] if file.opened else [])
            for n, ordinal in enumerate(opens):
                if merge and n:
                    break
                keep = set(opens) if merge else {ordinal}
                blocks = [b for b in file.blocks if b.open in keep and b.role is not BlockRole.RECORDER]
                blocks += joined if n == 0 else []
                saves = [s for s in file.saves if s.open in keep]
                order = ordinal if ordinal is not None else -1
                records.append((order, _replay(file.path, _events(blocks, saves), dev)))
            for block in file.blocks:
                if block.role is BlockRole.RECORDER and block not in joined:
                    if block.text is None:
                        raise Raised("a recorder was given no string")
                    doc, _ = recorder_values(block.text, dev)
                    order = block.open if block.open is not None else 1 << 30
                    records.append((order, _replay(doc[0], _events([block], []), dev, doc)))
                elif (
                    block.open is None
                    and block.role is not BlockRole.RECORDER
                    and not (file.opened and not file.opens)
                ):
                    loose.append(block)
    except Raised:
        return None
    records.sort(key=lambda r: r[0])
    matrix = [r for _, r in records]
    if loose:  # the dual gave every such block a file record "Unknown" (invalid)
        matrix.append(_replay("Unknown", _events(loose, []), dev, ("Unknown", False)))
    return matrix
