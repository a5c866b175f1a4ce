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


@dataclass
class _Executed:
    trace: Trace
    outputs: dict[str, Path]  # revised PDF per input file name (effects on only)


_REFERENCE: dict[tuple[str, str, bool], _Executed] = {}
_REFERENCE_LIMIT = 4096  # tasks; beyond this the cache starts over (a 1920-task suite always fits)


def _run(
    program: str, task: Task, execute: bool, out_dir: Path | None, tool_calls: list | None = None
) -> _Executed:
    from drafterbench.interpreter import execute as execute_program

    if tool_calls is not None:
        return _replay(tool_calls, task, execute, out_dir)
    if not execute:  # recording only: no drawings, no effects
        return _Executed(trace=execute_program(program, effects=False).trace, outputs={})
    result = execute_program(program, drawings=_drawings(task), out_dir=out_dir, effects=True)
    return _Executed(trace=result.trace, outputs=dict(result.outputs))


def _replay(tool_calls: list, task: Task, execute: bool, out_dir: Path | None) -> _Executed:
    """A tool-mode answer: its function calls replayed in a fresh session (on the drawings when executing)."""
    from drafterbench.tools.session import ToolSession
    from drafterbench.tools.toolmode import replay

    session = ToolSession(_drawings(task) if execute else {}, effects=execute, out_dir=out_dir)
    try:
        replay([(c["name"], c["arguments"]) for c in tool_calls], session)
    finally:
        session.close()
    return _Executed(trace=session.trace, outputs=dict(session.saved_files))


def _drawings(task: Task) -> dict[str, Path]:
    """The task's drawings by file name, rendered once into the shared cache."""
    from drafterbench.drawings import cached_path

    return {spec.name: cached_path(spec) for spec in task.drawings}


def _reference(task: Task, execute: bool, work_dir: Path) -> _Executed:
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
) -> Graded:
    """Score ``program`` against ``task``'s reference program; with ``execute``, also compare the PDFs.

    ``tool_calls`` (``[{"name": ..., "arguments": "<json>"}, ...]``) is a tool-mode answer: the calls are
    replayed in a fresh tool session instead of interpreting ``program``.

    ``work_dir`` receives the revised PDFs (a temporary directory when None; the agent's PDFs are
    removed after the comparison, the reference's are kept for the next trial).

    A program whose text is identical to the reference program is not run a second time: the interpreter
    and the effects are deterministic, so it would leave the same trace and the same drawings. Its trace is
    the reference's, and its state check says ``same_program`` instead of comparing a PDF with its twin.
    """
    from drafterbench.scoring import score_task

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
        score = score_task(
            reference.trace, predicted.trace, mode=task.scoring.mode, vague_arguments=task.scoring.vague_arguments
        )
    finally:
        if own_tmp and work_dir is not None:
            shutil.rmtree(work_dir, ignore_errors=True)  # the cached reference PDFs go with it
    return Graded(
        trace=predicted.trace,
        score=float(score.total),
        score_detail=score.model_dump(mode="json"),
        diagnostics=[str(d) for d in score.diagnostics],
        state=state,
    )


def _run_agent(
    program: str, task: Task, reference: _Executed, execute: bool, work_dir: Path | None,
    tool_calls: list | None = None,
) -> tuple[_Executed, dict[str, Any] | None]:
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


def _state_check(reference: _Executed, predicted: _Executed) -> dict[str, Any]:
    """Compare the revised PDFs with the reference's (a file revised by only one side scores 0).

    ``score`` is the scorer's element-match ratio (0..1); ``match`` is True when it is 1.
    """
    from drafterbench.scoring.state import compare_outputs

    result = compare_outputs(reference.outputs, predicted.outputs)
    return {"match": result.score >= 1.0 - 1e-9, **result.model_dump(mode="json")}


def grade_job(
    task_json: str, program: str, execute: bool, work_dir: str | None, tool_calls: list | None = None
) -> dict[str, Any]:
    """:func:`grade` for a worker process: JSON in, a JSON-able dict out (``tool_calls``: plain dicts)."""
    start = time.perf_counter()
    task = Task.model_validate_json(task_json)
    graded = grade(task, program, execute=execute, work_dir=Path(work_dir) if work_dir else None,
                   tool_calls=tool_calls)
    return {
        "trace": graded.trace.model_dump(mode="json"),
        "score": graded.score,
        "score_detail": graded.score_detail,
        "diagnostics": graded.diagnostics,
        "state": graded.state,
        "grade_s": time.perf_counter() - start,
    }


def over_budget_job(task_json: str, message: str) -> dict[str, Any]:
    """What :func:`grade_job` gives for an answer whose grading went past its budget (see
    :mod:`drafterbench.grading_pool`): the answer is not executable, for the reason ``message``.

    The reference side is recorded without effects (its trace does not depend on them), in this process:
    it is the task's own trusted program, and the budgeted worker that ran the answer is gone.
    """
    from drafterbench.interpreter import execute as execute_program
    from drafterbench.scoring import score_task
    from drafterbench.tools.trace import ProgramError

    task = Task.model_validate_json(task_json)
    reference = execute_program(task.reference_program, effects=False).trace
    trace = Trace(error=ProgramError(kind="limit", message=message))
    score = score_task(reference, trace, mode=task.scoring.mode, vague_arguments=task.scoring.vague_arguments)
    return {
        "trace": trace.model_dump(mode="json"),
        "score": float(score.total),
        "score_detail": score.model_dump(mode="json"),
        "diagnostics": [message, *(str(d) for d in score.diagnostics)],
        "state": None,
        "grade_s": 0.0,
    }
