"""The original metric's counting rules on the information matrix: ``ground_check`` (the denominators) and
``executable_check`` (the 30 points).

Both read the matrix as the original did: every list of a record except ``pages`` and ``annotation``,
``(name, (value, valid))`` pairs, and "invalid" meaning a *truthy* value marked invalid (``None``, ``0``
and ``""`` never cost anything).
"""

from __future__ import annotations

from typing import Any

Vec = list[float]
SKIP = ("filepath", "save", "pages", "annotation")


def zeros() -> Vec:
    return [0.0] * 6


def add(a: Vec, b: Vec) -> Vec:
    return [x + y for x, y in zip(a, b)]


def bad(pair: tuple[Any, Any]) -> bool:
    """An argument the original refuses: a truthy value marked invalid."""
    return bool(pair[1][0]) and not pair[1][1]


def call_valid(call: dict[str, Any]) -> bool:
    """The original's ``fun_validity_check``."""
    return not any(bad(x) for x in call["arguments_value"])


def _argument_totals(block: dict[str, Any], out: Vec) -> None:
    for name, pair in block["arguments_value"]:
        if pair[1]:
            if name in block["first_defined_arguments"]:
                out[0] += 1
            if name in block["transfered_arguments"]:
                out[1] += 1


def block_totals(block: dict[str, Any], out: Vec) -> None:
    """What one class block (its arguments and its calls) adds to the denominators."""
    out[2] += 1
    _argument_totals(block, out)
    tools = block["tool_callings"]
    if len(tools) == 1:
        out[2] += 1
        out[3] += 1
    elif len(tools) > 1:
        out[2] += len(tools)
        out[4] += 1
    for tool in tools:
        _argument_totals(tool, out)


def ground_check(matrix: list[dict[str, Any]]) -> Vec:
    """The six denominators [define, transfer, call, single tool, multi tool, plan] of a matrix.

    As in the original, reading a record's ``change_maker`` creates that list (empty), which makes the
    later comparison walk it; the records are changed in place accordingly.
    """
    out = zeros()
    for record in matrix:
        steps = list(record)
        if record["filepath"][0] != "missing" and record.setdefault("change_maker", []):
            out[0] += 1
            out[2] += 1
        if "save" in steps and record["save"]:
            out[0] += 1
            out[2] += 1
        for step in steps:
            if step in SKIP:
                continue
            for block in record[step]:
                block_totals(block, out)
            if step in ("change_maker", "recorder"):
                out[5] += len(record[step])
    return out


def executable_check(
    matrix: list[dict[str, Any]], dev: frozenset[str] = frozenset()
) -> tuple[bool, list[str]]:
    """Whether the original awards the 30 points, and why not (first reason per record).

    A method call failed only when *all* its arguments were invalid; with the ``call-args-all`` deviation,
    when any is (as for constructors).
    """
    calls_fail = any if "call-args-all" in dev else all
    reasons: list[str] = []
    for record in matrix:
        path = record["filepath"]
        if not path[1]:
            reasons.append(f"invalid file path {path[0]!r}")
            break
        saves = [s["save_path"] for s in record.setdefault("save", [])]
        if saves and not all(v for _, v in saves):
            reasons.append(f"invalid save path {next(p for p, v in saves if not v)!r}")
            break
        for step in list(record):
            if step in SKIP:
                continue
            for block in record[step]:
                wrong = [x for x in block["arguments_value"] if bad(x)]
                if wrong:
                    reasons.append(f"invalid {wrong[0][0]} {wrong[0][1][0]!r} in {block['operation']}")
                    break
                for tool in block["tool_callings"]:
                    if tool["arguments_value"] and calls_fail(bad(x) for x in tool["arguments_value"]):
                        reasons.append(f"invalid argument in {tool['tool_name']}")
                        break
    return not reasons, reasons
