"""Bring a recorded Trace into the shape the metric compares, and the small value helpers it shares.

The Trace keeps every call a program made. The original's recording layer stored an identical tool
object (same class, same argument values) only once, and an identical method call on it only once, so a
program that calls ``getclip_rfpoint(0, 0)`` twice for two texts in the same box, or builds the same
selector twice, is not penalised. :func:`prepare` reproduces that deduplication on a copy of the trace.

It also spreads a recorder's ``missing_information`` string into the five recorded fields
(``doc``, ``page``, ``clip``, ``action``, ``complete``) when the tools recorded only the raw string.
"""

from __future__ import annotations

import re
from typing import Any

from drafterbench.scoring.records import split_records
from drafterbench.tools.trace import (
    ArgRole,
    Argument,
    Block,
    BlockRole,
    FileTrace,
    Provenance,
    ToolCall,
    Trace,
)

#: The lists of the information matrix in the order the metric walks them.
ROLES: tuple[BlockRole, ...] = (
    BlockRole.EXTRACTOR,
    BlockRole.SELECTOR,
    BlockRole.SELECT_FROM_DRAWINGS,
    BlockRole.TABLE_EXTRACTOR,
    BlockRole.CHANGE_MAKER,
    BlockRole.POST_CHANGE_MAKER,
    BlockRole.RECORDER,
)

MISSING_WORDS = frozenset({"missing", "Missing", "MISSING", "incomplete", "Incomplete"})


def is_set(arg: Argument | None) -> bool:
    """Whether an argument was actually given a value (not left to its default, not ``None``)."""
    return arg is not None and arg.value is not None and arg.provenance is not Provenance.DEFAULT


def counts(arg: Argument) -> bool:
    """Whether a reference argument enters the denominators: valid and given."""
    return arg.valid and is_set(arg)


def is_missing_path(path: Any) -> bool:
    return path is None or (isinstance(path, str) and path.strip() in MISSING_WORDS)


def value_key(value: Any) -> str:
    """A hashable, order-stable key for a recorded JSON value."""
    return repr(_plain(value))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((str(k), _plain(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    return value


def values_equal(expected: Any, got: Any, *, ignore_spaces: bool = False) -> bool:
    """Equality of recorded values (tuples and lists alike; strings optionally without spaces)."""
    if ignore_spaces and isinstance(expected, str) and isinstance(got, str):
        return expected.replace(" ", "") == got.replace(" ", "")
    if isinstance(expected, (list, tuple)) and isinstance(got, (list, tuple)):
        return len(expected) == len(got) and all(
            values_equal(e, g, ignore_spaces=ignore_spaces) for e, g in zip(expected, got)
        )
    if isinstance(expected, dict) and isinstance(got, dict):
        return expected.keys() == got.keys() and all(
            values_equal(expected[k], got[k], ignore_spaces=ignore_spaces) for k in expected
        )
    return bool(expected == got)


def _args_key(args: list[Argument]) -> tuple:
    return tuple((a.name, value_key(a.value), a.valid) for a in args)


def _merge_calls(calls: list[ToolCall]) -> list[ToolCall]:
    seen: dict[tuple, ToolCall] = {}
    out: list[ToolCall] = []
    for call in calls:
        key = (call.tool, _args_key(call.arguments))
        if key in seen:
            seen[key].saved = seen[key].saved or call.saved
            continue
        copy = call.model_copy(deep=True)
        seen[key] = copy
        out.append(copy)
    return out


def _prepare_file(file: FileTrace) -> FileTrace:
    merged: dict[tuple, Block] = {}
    blocks: list[Block] = []
    for block in file.blocks:
        block = _expand_recorder(block) if block.role is BlockRole.RECORDER else block
        key = (block.cls, block.role, _args_key(block.arguments))
        if key in merged:
            # The same object built again: the original stored it once and appended the new calls.
            target = merged[key]
            target.calls = target.calls + [c.model_copy(deep=True) for c in block.calls]
            target.saved = target.saved or block.saved
            continue
        copy = block.model_copy(deep=True)
        merged[key] = copy
        blocks.append(copy)
    for block in blocks:
        block.calls = _merge_calls(block.calls)
    return file.model_copy(update={"blocks": blocks})


def prepare(trace: Trace) -> Trace:
    """A deduplicated copy of ``trace`` (identical blocks merged, identical calls kept once), in records:
    one file per ``open`` and one per recorder, as the original kept them (:mod:`.records`)."""
    return trace.model_copy(update={"files": [_prepare_file(f) for f in split_records(trace.files)]})


# ----------------------------------------------------------------------------------------- recorders

_LEVEL = {
    "file": re.compile(r"file-level\s*:\s*([^,\s]*)", re.IGNORECASE),
    "page": re.compile(r"page-level\s*:\s*([^,\s]*)", re.IGNORECASE),
    "order": re.compile(r"order-level\s*:\s*([^,\s]*)", re.IGNORECASE),
    "base": re.compile(r"base-level\s*:\s*(.*)\Z", re.IGNORECASE | re.DOTALL),
}


#: ``(incomplete)`` after the base level, with any spacing or case ("(Incomplete)", "( incomplete )").
_INCOMPLETE = re.compile(r"\(\s*incomplete\s*\)", re.IGNORECASE)


def _literal(text: str) -> Any:
    text = text.strip()
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    return text or None


def parse_missing_information(text: str) -> dict[str, Any]:
    """The four levels of a recorder string (``file-level: ..., base-level: ...``), parsed as the original did.

    Page and order become ints when they are numbers; ``complete`` is ``"non_complete"`` when the base
    level says ``(incomplete)``, else None.
    """
    found = {k: (m.group(1) if (m := rx.search(text)) else None) for k, rx in _LEVEL.items()}
    base = (found["base"] or "").strip()
    return {
        "doc": _literal(found["file"] or ""),
        "page": _literal(found["page"] or ""),
        "clip": _literal(found["order"] or ""),
        "action": base or None,
        "complete": "non_complete" if _INCOMPLETE.search(base) else None,
    }


def _expand_recorder(block: Block) -> Block:
    if block.argument("action") is not None:
        return block
    raw = block.argument("missing_information")
    if raw is None or not isinstance(raw.value, str):
        return block
    parsed = parse_missing_information(raw.value)
    args = [
        Argument(name=name, value=value, valid=raw.valid, necessary=True, role=ArgRole.DEFINED)
        for name, value in parsed.items()
    ]
    return block.model_copy(update={"arguments": args})


def recorder_fields(block: Block) -> dict[str, Any]:
    """``doc``, ``page``, ``clip``, ``action``, ``complete`` of a (prepared) recorder block."""
    out: dict[str, Any] = {}
    for name, aliases in (
        ("doc", ("doc", "file", "filepath")),
        ("page", ("page", "pagenumber")),
        ("clip", ("clip", "order", "rectangleorder")),
        ("action", ("action",)),
        ("complete", ("complete",)),
    ):
        arg = next((a for n in aliases if (a := block.argument(n)) is not None), None)
        out[name] = arg.value if arg is not None else None
    return out
