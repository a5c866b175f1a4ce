"""Grading one answer: run the program through the interpreter (and, with effects, on the task's drawings),
run the task's reference program the same way, score the two traces, and compare the revised PDFs.

:func:`grade` takes a :class:`~drafterbench.grade_types.GradeRequest` and gives a
:class:`~drafterbench.grade_types.Graded`, both typed and picklable, so the runner can fan it out to worker
processes (see :mod:`drafterbench.grader`). The reference side is cached per process: a task's reference program gives the same
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

from drafterbench.grade_types import Answer, Graded, GradeRequest, ProgramAnswer, ToolCallsAnswer, answer_of
from drafterbench.scoring.state import StateMatch
from drafterbench.tasks.model import Task
from drafterbench.tools.trace import Trace

logger = logging.getLogger(__name__)


@dataclass
class Executed:
    """What running one answer (or a reference program) produced."""

    trace: Trace
    outputs: dict[str, Path]  # revised PDF per saved path (effects on only)
    changed_pages: dict[str, list[int]] = field(default_factory=dict)  # opened path -> 0-based changed pages


_REFERENCE: dict[tuple[str, str, bool], Executed] = {}
_REFERENCE_LIMIT = 4096  # tasks; beyond this the cache starts over (a 1920-task suite always fits)


def _run(answer: Answer, task: Task, execute: bool, out_dir: Path | None) -> Executed:
    from drafterbench.interpreter import execute as execute_program

    if isinstance(answer, ToolCallsAnswer):
        return _replay(answer, task, execute, out_dir)
    if not execute:  # recording only: no drawings, no effects
        return Executed(trace=execute_program(answer.program, effects=False).trace, outputs={})
    result = execute_program(answer.program, drawings=task_drawings(task), out_dir=out_dir, effects=True)
    return Executed(trace=result.trace, outputs=dict(result.outputs), changed_pages=result.changed_pages)


def _replay(answer: ToolCallsAnswer, task: Task, execute: bool, out_dir: Path | None) -> Executed:
    """A tool-mode answer: its function calls replayed in a fresh session (on the drawings when executing)."""
    from drafterbench.tools.session import ToolSession
    from drafterbench.tools.toolmode import replay

    session = ToolSession(task_drawings(task) if execute else {}, effects=execute, out_dir=out_dir)
    try:
        replay([(c.name, c.arguments) for c in answer.calls], session)
    finally:
        session.close()
    return Executed(trace=session.trace, outputs=dict(session.saved_files),
                    changed_pages={path: sorted(pages) for path, pages in session.changed_pages.items()})


def execute_answer(
    task: Task, program: str, out_dir: Path, tool_calls: list[dict[str, Any]] | None = None
) -> Executed:
    """Run an answer (or the reference program) on ``task``'s drawings exactly as :func:`grade` does, writing
    the revised PDFs into ``out_dir``: the trace, the written PDFs and the pages the effects changed.

    ``tool_calls`` (``[{"name": ..., "arguments": "<json>"}, ...]``) is a tool-mode answer, replayed instead
    of ``program``."""
    from drafterbench.backends.base import ToolCallRequest

    out_dir.mkdir(parents=True, exist_ok=True)
    calls = None if tool_calls is None else [ToolCallRequest.model_validate(c) for c in tool_calls]
    return _run(answer_of(program, calls), task, True, out_dir)


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
    executed = _run(ProgramAnswer(program=task.reference_program), task, execute, out_dir)
    _REFERENCE[key] = executed
    return executed


def grade(request: GradeRequest) -> Graded:
    """Score ``request.answer`` against the task's reference program; with ``execute``, also compare the PDFs.

    The score is under ``request.metric`` (``drafterbench`` or ``original``); the answer is scored under the
    other metric too (``other_metrics``), so a report can show both. A tool-mode answer's calls are replayed
    in a fresh tool session instead of interpreting a program.

    ``work_dir`` receives the revised PDFs (a temporary directory when None; the agent's PDFs are
    removed after the comparison, the reference's are kept for the next trial).

    A program whose text is identical to the reference program is not run a second time: the interpreter
    and the effects are deterministic, so it would leave the same trace and the same drawings. Its trace is
    the reference's, and its state check says ``same_program`` instead of comparing a PDF with its twin.
    """
    from drafterbench.scoring.choose import check_metric

    start = time.perf_counter()
    task, answer, execute = request.task, request.answer, request.execute
    check_metric(request.metric)
    work_dir = request.work_dir
    own_tmp = work_dir is None and execute
    if own_tmp:
        work_dir = Path(tempfile.mkdtemp(prefix="drafterbench-grade-"))
    try:
        reference = _reference(task, execute, work_dir if execute else Path("."))
        if isinstance(answer, ProgramAnswer) and answer.program == task.reference_program:
            predicted = reference
            state = StateMatch(score=1.0, same_program=True) if execute else None
        else:
            predicted, state = _run_agent(answer, task, reference, execute, work_dir)
        graded = _scored(task, reference.trace, predicted.trace, request.metric, state)
    finally:
        if own_tmp and work_dir is not None:
            shutil.rmtree(work_dir, ignore_errors=True)  # the cached reference PDFs go with it
    return graded.model_copy(update={"grade_s": time.perf_counter() - start})


def _scored(task: Task, reference: Trace, predicted: Trace, metric: str, state: StateMatch | None) -> Graded:
    """``predicted`` scored against ``reference`` under ``metric``, and under the other metrics as well."""
    from drafterbench.scoring.choose import METRICS, score_traces

    scores = {
        m: score_traces(
            reference, predicted, metric=m, mode=task.scoring.mode, vague_arguments=task.scoring.vague_arguments,
        )
        for m in (metric, *(m for m in METRICS if m != metric))
    }  # fmt: skip
    return Graded(
        trace=predicted,
        task_score=scores[metric],
        other_metrics={m: s.model_copy(update={"diagnostics": []}) for m, s in scores.items() if m != metric},
        state=state,
    )


def _run_agent(
    answer: Answer, task: Task, reference: Executed, execute: bool, work_dir: Path | None
) -> tuple[Executed, StateMatch | None]:
    if not execute:
        return _run(answer, task, False, None), None
    assert work_dir is not None
    agent_dir = Path(tempfile.mkdtemp(prefix=f"{_dir_name(task.id)}-", dir=_ensure(work_dir / "agent")))
    try:
        predicted = _run(answer, task, True, agent_dir)
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


def _state_check(reference: Executed, predicted: Executed) -> StateMatch:
    """Compare the revised PDFs with the reference's (a file revised by only one side scores 0)."""
    from drafterbench.scoring.state import compare_outputs

    return compare_outputs(reference.outputs, predicted.outputs)


def over_budget(request: GradeRequest, message: str) -> Graded:
    """What :func:`grade` gives for an answer whose grading went past its budget (see
    :mod:`drafterbench.grading_pool`): the answer is not executable, for the reason ``message``.

    The reference side is recorded without effects (its trace does not depend on them), in this process:
    it is the task's own trusted program, and the budgeted worker that ran the answer is gone.
    """
    from drafterbench.interpreter import execute as execute_program
    from drafterbench.tools.trace import ProgramError

    reference = execute_program(request.task.reference_program, effects=False).trace
    trace = Trace(error=ProgramError(kind="limit", message=message))
    return _scored(request.task, reference, trace, request.metric, None)
