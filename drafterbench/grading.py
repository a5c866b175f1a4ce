"""Grading one answer: run the program through the interpreter (and, with effects, on the task's drawings),
run the task's reference program the same way, score the two traces, and compare the revised PDFs.

:func:`grade` is a plain function of plain data, so the runner can fan it out to worker processes
(:func:`grade_job`). The reference side is cached per process: a task's reference program gives the same
trace and the same PDFs every time, so it runs once per task and process, not once per trial.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafterbench.tasks.model import Task
from drafterbench.tools.trace import Trace

logger = logging.getLogger(__name__)


@dataclass
class Graded:
    """What grading one program yields (written into the run log's task record)."""

    trace: Trace
    score: float
    score_detail: dict[str, Any]
    diagnostics: list[str] = field(default_factory=list)
    state: dict[str, Any] | None = None
    metric: str = "drafterbench"  # the metric of ``score`` / ``score_detail``
    # The same answer under the other metrics: TaskScore JSON without diagnostics (the report shows the
    # comprehensive reward under every metric).
    other_metrics: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class Executed:
    """What running one answer (or a reference program) produced."""

    trace: Trace
    outputs: dict[str, Path]  # revised PDF per saved path (effects on only)
    changed_pages: dict[str, list[int]] = field(default_factory=dict)  # opened path -> 0-based changed pages


_REFERENCE: dict[tuple[str, str, bool], Executed] = {}
_REFERENCE_LIMIT = 4096  # tasks; beyond this the cache starts over (a 1920-task suite always fits)


def _run(
    program: str, task: Task, execute: bool, out_dir: Path | None, tool_calls: list | None = None
) -> Executed:
    from drafterbench.interpreter import execute as execute_program

    if tool_calls is not None:
        return _replay(tool_calls, task, execute, out_dir)
    if not execute:  # recording only: no drawings, no effects
        return Executed(trace=execute_program(program, effects=False).trace, outputs={})
    result = execute_program(program, drawings=task_drawings(task), out_dir=out_dir, effects=True)
    return Executed(trace=result.trace, outputs=dict(result.outputs), changed_pages=result.changed_pages)


def _replay(tool_calls: list, task: Task, execute: bool, out_dir: Path | None) -> Executed:
    """A tool-mode answer: its function calls replayed in a fresh session (on the drawings when executing)."""
    from drafterbench.tools.session import ToolSession
    from drafterbench.tools.toolmode import replay

    session = ToolSession(task_drawings(task) if execute else {}, effects=execute, out_dir=out_dir)
    try:
        replay([(c["name"], c["arguments"]) for c in tool_calls], session)
    finally:
        session.close()
    return Executed(trace=session.trace, outputs=dict(session.saved_files),
                    changed_pages={path: sorted(pages) for path, pages in session.changed_pages.items()})


def execute_answer(
    task: Task, program: str, out_dir: Path, tool_calls: list[dict[str, Any]] | None = None
) -> Executed:
    """Run an answer (or the reference program) on ``task``'s drawings exactly as :func:`grade` does, writing
    the revised PDFs into ``out_dir``: the trace, the written PDFs and the pages the effects changed."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return _run(program, task, True, out_dir, tool_calls)


def task_drawings(task: Task) -> dict[str, Path]:
    """The task's drawings by file name (program path -> PDF), rendered once into the shared cache."""
    from drafterbench.drawings import cached_path

    return {spec.name: cached_path(spec) for spec in task.drawings}


def _reference(task: Task, execute: bool, work_dir: Path) -> Executed:
    # Keyed by content, not only by id: two task sets may reuse an id with another reference or drawing.
    digest = hashlib.sha256(
        "\n".join([task.reference_program, *(d.model_dump_json() for d in task.drawings)]).encode()
    ).hexdigest()[:16]
    key = (task.id, digest, execute)
    cached = _REFERENCE.get(key)
    if cached is not None and all(p.exists() for p in cached.outputs.values()):
        return cached
    if len(_REFERENCE) >= _REFERENCE_LIMIT:
        _REFERENCE.clear()
    out_dir = work_dir / "reference" / f"{_dir_name(task.id)}-{digest}" if execute else None
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    executed = _run(task.reference_program, task, execute, out_dir)
    _REFERENCE[key] = executed
    return executed


def grade(
    task: Task,
    program: str,
    *,
    execute: bool = True,
    work_dir: Path | None = None,
    tool_calls: list[dict[str, Any]] | None = None,
    metric: str = "drafterbench",
) -> Graded:
    """Score ``program`` against ``task``'s reference program; with ``execute``, also compare the PDFs.

    ``score`` is under ``metric`` (``drafterbench`` or ``original``); the answer is scored under the other
    metric too (``other_metrics``), so a report can show both.

    ``tool_calls`` (``[{"name": ..., "arguments": "<json>"}, ...]``) is a tool-mode answer: the calls are
    replayed in a fresh tool session instead of interpreting ``program``.

    ``work_dir`` receives the revised PDFs (a temporary directory when None; the agent's PDFs are
    removed after the comparison, the reference's are kept for the next trial).

    A program whose text is identical to the reference program is not run a second time: the interpreter
    and the effects are deterministic, so it would leave the same trace and the same drawings. Its trace is
    the reference's, and its state check says ``same_program`` instead of comparing a PDF with its twin.
    """
    from drafterbench.scoring.choose import check_metric

    check_metric(metric)
    own_tmp = work_dir is None and execute
    if own_tmp:
        work_dir = Path(tempfile.mkdtemp(prefix="drafterbench-grade-"))
    try:
        reference = _reference(task, execute, work_dir if execute else Path("."))
        if tool_calls is None and program == task.reference_program:
            predicted = reference
            state = {"match": True, "score": 1.0, "same_program": True} if execute else None
        else:
            predicted, state = _run_agent(program, task, reference, execute, work_dir, tool_calls)
        graded = _scored(task, reference.trace, predicted.trace, metric, state)
    finally:
        if own_tmp and work_dir is not None:
            shutil.rmtree(work_dir, ignore_errors=True)  # the cached reference PDFs go with it
    return graded


def _scored(task: Task, reference: Trace, predicted: Trace, metric: str, state: dict[str, Any] | None) -> Graded:
    """``predicted`` scored against ``reference`` under ``metric``, and under the other metrics as well."""
    from drafterbench.scoring.choose import METRICS, score_traces

    scores = {
        m: score_traces(
            reference, predicted, metric=m, mode=task.scoring.mode, vague_arguments=task.scoring.vague_arguments,
        )
        for m in (metric, *(m for m in METRICS if m != metric))
    }  # fmt: skip
    score = scores[metric]
    return Graded(
        trace=predicted,
        score=float(score.total),
        score_detail=score.model_dump(mode="json"),
        diagnostics=[str(d) for d in score.diagnostics],
        state=state,
        metric=metric,
        other_metrics={
            m: s.model_dump(mode="json", exclude={"diagnostics"}) for m, s in scores.items() if m != metric
        },
    )


def _run_agent(
    program: str, task: Task, reference: Executed, execute: bool, work_dir: Path | None,
    tool_calls: list | None = None,
) -> tuple[Executed, dict[str, Any] | None]:
    if not execute:
        return _run(program, task, False, None, tool_calls), None
    assert work_dir is not None
    agent_dir = Path(tempfile.mkdtemp(prefix=f"{_dir_name(task.id)}-", dir=_ensure(work_dir / "agent")))
    try:
        predicted = _run(program, task, True, agent_dir, tool_calls)
        return predicted, _state_check(reference, predicted)
    finally:
        shutil.rmtree(agent_dir, ignore_errors=True)


def _dir_name(task_id: str) -> str:
    """``task_id`` made safe as one path component: an imported or custom task's id is free text, and
    ``../x`` or ``a/b`` would otherwise put its PDFs outside the work directory. Suite ids pass unchanged."""
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in task_id) or "task"


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _state_check(reference: Executed, predicted: Executed) -> dict[str, Any]:
    """Compare the revised PDFs with the reference's (a file revised by only one side scores 0).

    ``score`` is the scorer's element-match ratio (0..1); ``match`` is True when it is 1.
    """
    from drafterbench.scoring.state import compare_outputs

    result = compare_outputs(reference.outputs, predicted.outputs)
    return {"match": result.score >= 1.0 - 1e-9, **result.model_dump(mode="json")}


def grade_job(
    task_json: str, program: str, execute: bool, work_dir: str | None, tool_calls: list | None = None,
    metric: str = "drafterbench",
) -> dict[str, Any]:
    """:func:`grade` for a worker process: JSON in, a JSON-able dict out (``tool_calls``: plain dicts)."""
    start = time.perf_counter()
    task = Task.model_validate_json(task_json)
    graded = grade(task, program, execute=execute, work_dir=Path(work_dir) if work_dir else None,
                   tool_calls=tool_calls, metric=metric)
    return {**_as_job_result(graded), "grade_s": time.perf_counter() - start}


def _as_job_result(graded: Graded) -> dict[str, Any]:
    return {
        "trace": graded.trace.model_dump(mode="json"),
        "score": graded.score,
        "score_detail": graded.score_detail,
        "diagnostics": graded.diagnostics,
        "state": graded.state,
        "metric": graded.metric,
        "other_metrics": graded.other_metrics,
    }


def over_budget_job(task_json: str, message: str, metric: str = "drafterbench") -> dict[str, Any]:
    """What :func:`grade_job` gives for an answer whose grading went past its budget (see
    :mod:`drafterbench.grading_pool`): the answer is not executable, for the reason ``message``.

    The reference side is recorded without effects (its trace does not depend on them), in this process:
    it is the task's own trusted program, and the budgeted worker that ran the answer is gone.
    """
    from drafterbench.interpreter import execute as execute_program
    from drafterbench.tools.trace import ProgramError

    task = Task.model_validate_json(task_json)
    reference = execute_program(task.reference_program, effects=False).trace
    trace = Trace(error=ProgramError(kind="limit", message=message))
    graded = _scored(task, reference, trace, metric, None)
    return {**_as_job_result(graded), "diagnostics": [message, *graded.diagnostics], "grade_s": 0.0}
