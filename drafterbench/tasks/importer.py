"""Import tasks in the original DrafterBench format (catalog §4.2) and check their ground truth.

A row has ``Tasktype``, ``Id``, ``Instruction``, ``Groundtruth`` and the five label columns
(``Single|Multiple_objects``, ``Single|Multiple_operations``, ``Complete|Incomplete``, ``Precise|Vague``,
``Structured/Unstructured``), with either label spelling (``Multiple_Object`` or ``Multiple_Objects``).
Files are JSON (a list of rows, or an object with a list under ``"tasks"``/``"rows"``) or JSONL.

The original data has no drawings, so an imported task has none: its ground-truth program runs through our
interpreter recording only (the interpreter accepts ``testf``, ``gethorrtext`` and the other known defects),
and a row whose program does not run is reported, not imported silently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafterbench.tasks.model import (
    Completeness,
    Controllers,
    Count,
    Detail,
    Language,
    Scoring,
    Task,
    TaskDescription,
)
from drafterbench.tasktypes import TaskType

_LABELS: dict[str, tuple[str, dict[str, Any]]] = {
    "Single|Multiple_objects": ("objects", {
        "single_object": Count.SINGLE, "single_objects": Count.SINGLE,
        "multiple_object": Count.MULTIPLE, "multiple_objects": Count.MULTIPLE}),
    "Single|Multiple_operations": ("operations", {
        "single_operation": Count.SINGLE, "single_operations": Count.SINGLE,
        "multiple_operation": Count.MULTIPLE, "multiple_operations": Count.MULTIPLE}),
    "Complete|Incomplete": ("completeness", {
        "complete": Completeness.COMPLETE, "error": Completeness.INCOMPLETE,
        "incomplete": Completeness.INCOMPLETE}),
    "Precise|Vague": ("detail", {"precise": Detail.PRECISE, "vague": Detail.VAGUE}),
    "Structured/Unstructured": ("language", {
        "structured": Language.STRUCTURED, "unstructured": Language.UNSTRUCTURED}),
}
REQUIRED = ("Tasktype", "Id", "Instruction", "Groundtruth", *_LABELS)


@dataclass
class ImportReport:
    """What an import produced: the tasks, and the rows that were rejected (with why)."""

    tasks: list[Task] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (row label, reason)


def read_rows(path: str | Path) -> list[dict[str, Any]]:
    """Rows from a JSON or JSONL file; ValueError naming the file and line when it cannot be read."""
    from drafterbench.safe_io import read_text

    text = read_text(path, what="file of rows")
    stripped = text.lstrip()
    if stripped.startswith("["):
        rows = _loads(text, path)
    elif stripped.startswith("{") and "\n{" not in stripped.rstrip():
        data = _loads(text, path)
        rows = (data.get("tasks") or data.get("rows") or [data]) if isinstance(data, dict) else data
    else:
        rows = []
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                rows.append(_loads(line, f"{path}, line {n}"))
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ValueError(f"{path}: every row must be a JSON object")
    return rows


def _loads(text: str, where: object) -> Any:
    """``json.loads``, with every way it can refuse a file from elsewhere (bad JSON, nesting deeper than the
    parser's stack, an integer too long to convert) said as one error naming ``where``."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError(f"{where}: not JSON this reader accepts (nested too deeply)") from None
    except ValueError as exc:  # JSONDecodeError, and int() refusing a 5000-digit number
        raise ValueError(f"{where}: not JSON: {str(exc)[:200]}") from None


def _label(row: dict[str, Any], column: str) -> Any:
    _, values = _LABELS[column]
    raw = row[column]
    key = str(raw).strip().lower().replace(" ", "_")
    if key not in values:
        raise ValueError(f"column {column!r}: unknown value {raw!r}; valid: {', '.join(sorted(values))}")
    return values[key]


def row_to_task(row: dict[str, Any]) -> Task:
    """One row as a :class:`Task` (no drawings); ValueError naming the missing column or bad value."""
    missing = [c for c in REQUIRED if c not in row]
    if missing:
        raise ValueError(f"missing column(s) {', '.join(missing)}; a row needs {', '.join(REQUIRED)}")
    ttype = TaskType.parse(str(row["Tasktype"]).strip())
    controllers = Controllers(**{_LABELS[c][0]: _label(row, c) for c in _LABELS})
    raw_id = str(row["Id"]).strip()
    task_id = raw_id if raw_id.startswith(ttype.value) else f"{ttype.value}-{raw_id.zfill(4)}"
    program = row["Groundtruth"]
    if not isinstance(program, str) or not program.strip():
        raise ValueError("Groundtruth must be a non-empty program string")
    return Task(id=task_id, type=ttype, controllers=controllers, instruction=str(row["Instruction"]),
                drawings=[], reference_program=program,
                scoring=Scoring(mode=controllers.detail.value), description=TaskDescription(files=[]))


def import_rows(rows: list[dict[str, Any]]) -> ImportReport:
    """Convert rows and run each ground truth recording-only; rows that fail are reported."""
    from drafterbench.interpreter import run_program
    from drafterbench.tools.session import ToolSession

    report = ImportReport()
    seen: set[str] = set()
    for n, row in enumerate(rows, 1):
        label = f"row {n}" + (f" (Id {row.get('Id')})" if isinstance(row, dict) and "Id" in row else "")
        try:
            task = row_to_task(row)
        except ValueError as exc:
            report.rejected.append((label, str(exc)))
            continue
        if task.id in seen:
            report.rejected.append((label, f"duplicate id {task.id!r}"))
            continue
        trace = run_program(task.reference_program, ToolSession(effects=False))
        if trace.error is not None:
            where = f" (line {trace.error.line})" if trace.error.line else ""
            reason = f"ground truth does not run: {trace.error.kind}: {trace.error.message}{where}"
            report.rejected.append((label, reason))
            continue
        seen.add(task.id)
        report.tasks.append(task)
    return report


def import_file(path: str | Path) -> ImportReport:
    """:func:`import_rows` over the rows of a JSON/JSONL file."""
    return import_rows(read_rows(path))
