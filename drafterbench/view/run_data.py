"""A run log read for the viewer: its report, its tasks (where the suite has them) and one table row per task."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from drafterbench.report import Report, build_report
from drafterbench.runlog import RunLog, RunLogError, TaskRecord, read_run
from drafterbench.tasks.model import Task
from drafterbench.view.index_page import CONTROLLERS

logger = logging.getLogger(__name__)


@dataclass
class LoadedRun:
    """Everything the pages of one run are made from."""

    log: RunLog
    report: Report
    tasks: dict[str, Task]  # the run's tasks the suite has (empty for a run of custom tasks)
    notes: list[str] = field(default_factory=list)  # shown at the top of the index: why something is missing
    executed: bool = True  # the run applied programs to the drawings

    @property
    def keys(self) -> list[tuple[str, int]]:
        """The planned (task, trial) pairs, then any logged pair the header does not plan."""
        planned = self.log.planned_keys()
        seen = set(planned)
        return planned + [k for k in self.log.latest() if k not in seen]

    @property
    def protocol(self) -> str:
        """``tool`` when the answers are function calls, else ``code`` (one program per task)."""
        return self.report.protocol

    @property
    def metric(self) -> str | None:
        """The run's metric, where the log or the report names one."""
        value = getattr(self.report, "metric", None) or self.log.header.config.options.metric
        return None if value is None else str(value)

    @property
    def title(self) -> str:
        return f"{self.log.header.model} — {self.log.header.run_id}"


def load_run(run: str | Path) -> LoadedRun:
    """Read a run log (a finished, partial or still running run) and find its tasks in the suite.

    Raises :class:`RunLogError` for a missing or damaged log.
    """
    log = read_run(run)
    notes = []
    if log.ignored_tail:
        notes.append("The log ends in a half-written line (a run still going, or killed): it was skipped.")
    tasks, note = _tasks(log)
    if note:
        notes.append(note)
    report = build_report(log)
    if report.missing:
        notes.append(f"{report.missing} of {report.planned} planned task runs are not in the log yet "
                     "(a run still going, or killed: continue it with --resume).")
    executed = log.header.config.options.execute
    if not executed:
        notes.append("This run did not apply the programs to the drawings (--no-execute): no drawings shown.")
    return LoadedRun(log=log, report=report, tasks=tasks, notes=notes, executed=executed)


def _tasks(log: RunLog) -> tuple[dict[str, Task], str | None]:
    from drafterbench.run import tasks_for

    try:
        return tasks_for(log), None
    except RunLogError as exc:
        logger.warning("%s", exc)
        return {}, (f"The run's tasks could not be taken from the suite ({exc}): pages show the answers and "
                    "scores, without instructions, reference programs or drawings.")


def page_name(task_id: str, trial: int) -> str:
    """The task page's file name: the id made safe as one path component, and the trial after the first."""
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in task_id).lstrip(".") or "task"
    return f"{safe}.html" if trial == 0 else f"{safe}-trial{trial + 1}.html"


def matches(task_id: str, patterns: tuple[str, ...]) -> bool:
    """Whether ``task_id`` is one of ``patterns`` (shell wildcards allowed: ``add_text-00*``)."""
    return any(fnmatch(task_id, p) for p in patterns)


def needs_attention(record: TaskRecord) -> bool:
    """Lost points, or a drawing that differs from the reference's."""
    if record.status != "ok":
        return False
    lost = record.score is None or record.score < 100.0 - 1e-9
    return lost or (record.state is not None and not record.state.match)


def task_row(key: tuple[str, int], record: TaskRecord | None, task: Task | None, href: str) -> dict[str, Any]:
    """The index table's row of one (task, trial); ``record`` None: not run yet."""
    task_id, trial = key
    controllers = dict(record.controllers if record is not None else
                       task.controllers.model_dump(mode="json") if task is not None else {})
    row: dict[str, Any] = {
        "id": task_id, "trial": trial + 1, "href": href,
        "type": record.type if record is not None else (task.type.value if task is not None else None),
        **{c: controllers.get(c) for c in CONTROLLERS},
        "controllers": [f"{c}={controllers[c]}" for c in CONTROLLERS if controllers.get(c) is not None],
        "status": "not run" if record is None else record.status,
        "score": None, "executable": None, "state": None, "error": None, "latency": None, "tokens": None,
    }
    if record is None:
        return row
    row.update(
        score=record.score,
        executable=record.task_score.executable if record.status == "ok" and record.task_score else None,
        state=None if record.state is None else record.state.match,
        error=record.error_kind if record.status == "error" else None,
        latency=round(record.latency_s, 3) if record.response is not None or record.tool_calls else None,
        tokens=record.usage.total_tokens or None,
    )
    return row
