"""Orchestration: tasks x agent -> a run log; and the Python API, :func:`evaluate`.

For each (task, trial) still to do, the runner asks the agent for a program (at most ``max_connections``
at a time), grades it in a worker pool (interpreter, effects, scorer: CPU-bound, so processes), and appends
one record to the run log as soon as it is graded. A failure to get an answer (backend down after its
retries, an agent exception) is logged as an *errored* record, never as a zero; ``--retry-errors`` re-runs
those alone and ``--resume`` runs what a killed run left undone.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafterbench.agents.base import Agent, AgentResult, TaskPrompt
from drafterbench.backends.base import BackendError
from drafterbench.grade_types import answer_of
from drafterbench.grader import GradeJob, Grader, GradingFailed, graded_fields
from drafterbench.grading_pool import GradeBudget
from drafterbench.run_settings import RunConfig, RunOptions
from drafterbench.runlog import (
    LOG_NAME,
    RunHeader,
    RunLog,
    RunLogError,
    RunLogWriter,
    TaskRecord,
    bounded_texts,
    git_revision,
    now_iso,
    read_run,
)

if TYPE_CHECKING:
    from drafterbench.report import Report
    from drafterbench.tasks.model import Task

logger = logging.getLogger(__name__)

#: Called after each record is written (the CLI's progress bar).
OnRecord = Callable[[TaskRecord], None]


def make_prompt(task: Task, trial: int = 0) -> TaskPrompt:
    """The prompt an agent receives for ``task`` (the agent builds its own messages from it)."""
    return TaskPrompt(
        task_id=task.id,
        type=task.type,
        instruction=task.instruction,
        files=[d.name for d in task.drawings],
        trial=trial,
    )


def _controllers(task: Task) -> dict[str, Any]:
    return task.controllers.model_dump(mode="json")


def _base_record(task: Task, trial: int) -> dict[str, Any]:
    return {"task_id": task.id, "trial": trial, "type": task.type.value, "controllers": _controllers(task)}


async def run_keys(
    agent: Agent,
    tasks: dict[str, Task],
    keys: Sequence[tuple[str, int]],
    writer: RunLogWriter,
    options: RunOptions,
    *,
    grade_job: GradeJob | None = None,
    executor: Executor | None = None,
    on_record: OnRecord | None = None,
) -> None:
    """Solve, grade and log every (task id, trial) in ``keys``.

    Grading runs in a :class:`~drafterbench.grader.Grader`: a budgeted pool enforcing ``options.budget``, or
    the ``executor`` given (used as it is), running ``grade_job`` (default :func:`drafterbench.grading.grade`).
    """
    if not keys:
        return
    async with Grader(options, job=grade_job, executor=executor, purpose="run") as grader:
        # Bound the tasks in flight: every connection busy with a request, and a short queue of answers
        # waiting for each grading worker.
        slots = asyncio.Semaphore(options.max_connections + 2 * grader.workers)

        async def one(task_id: str, trial: int) -> None:
            async with slots:
                record = await _solve_and_grade(agent, grader, tasks[task_id], trial)
            writer.write(record)
            if on_record is not None:
                on_record(record)

        await asyncio.gather(*(one(task_id, trial) for task_id, trial in keys))


async def _solve_and_grade(agent: Agent, grader: Grader, task: Task, trial: int) -> TaskRecord:
    start = time.perf_counter()
    base = _base_record(task, trial)
    try:
        result: AgentResult = await agent.solve(make_prompt(task, trial))
    except BackendError as exc:
        return _error(base, exc.kind, str(exc), start)
    except Exception as exc:  # a custom agent's bug must not stop the run; the log says what it was
        logger.warning("agent failed on %s", task.id, exc_info=True)
        return _error(base, "agent", f"{type(exc).__name__}: {exc}", start)
    cost = {"usage": result.usage, "latency_s": result.latency_s, "decoding": result.decoding,
            "tool_calls": result.tool_calls, **bounded_texts(response=result.response, program=result.program)}
    try:
        graded = await grader.grade(task, answer_of(result.program, result.tool_calls))
    except GradingFailed as exc:  # a grading failure is ours, not the agent's: errored, kind "grading"
        return _error(base, "grading", str(exc), start, **cost)
    return TaskRecord(**base, status="ok", **cost, **graded_fields(graded, grader.options.metric),
                      wall_s=time.perf_counter() - start, finished=now_iso())


def _error(base: dict[str, Any], kind: str, message: str, start: float, **cost: Any) -> TaskRecord:
    return TaskRecord(**base, status="error", error_kind=kind, error=message, **cost,
                      wall_s=time.perf_counter() - start, finished=now_iso())


# ---------------------------------------------------------------------------------------------------------
# New runs and continued runs, as both the CLI and the Python API start them: a log open for appending and
# what is left to do in it (start_run / continue_run), then run_keys over it (PlannedRun.carry_out).


@dataclass(frozen=True)
class PlannedRun:
    """A run log open for appending (and locked) and the (task id, trial) pairs still to do in it."""

    writer: RunLogWriter
    tasks: dict[str, Task]
    keys: list[tuple[str, int]]
    options: RunOptions

    @property
    def path(self) -> Path:
        return self.writer.path

    async def carry_out(self, agent: Agent, *, grade_job: GradeJob | None = None, executor: Executor | None = None,
                        on_record: OnRecord | None = None) -> None:
        """Solve, grade and log every pair left (see :func:`run_keys`); the log is closed afterwards."""
        with self.writer:
            await run_keys(agent, self.tasks, self.keys, self.writer, self.options, grade_job=grade_job,
                           executor=executor, on_record=on_record)


def run_log_path(out: str | Path) -> Path:
    """The log of the run ``out`` names: a run directory (its ``run.jsonl``) or a ``.jsonl`` file."""
    path = Path(out)
    return path if path.suffix == ".jsonl" else path / LOG_NAME


def start_run(path: Path, tasks: Iterable[Task], config: RunConfig, *, backend: str,
              suite: str | None = None) -> PlannedRun:
    """A new run: its header written to a new log at ``path`` (never over an existing one), every (task, trial)
    to do. ``backend`` names the answering side in the header (``python`` for :func:`evaluate`)."""
    tasks = list(tasks)
    writer = RunLogWriter.create(path, new_header(path.parent.name, backend, tasks, config, suite=suite))
    keys = [(t.id, k) for k in range(config.options.trials) for t in tasks]
    return PlannedRun(writer=writer, tasks={t.id: t for t in tasks}, keys=keys, options=config.options)


def continue_run(log: RunLog, tasks: Iterable[Task], options: RunOptions, *, retry_errors: bool) -> PlannedRun:
    """A killed or partial run continued: its log reopened (locked, a half-written last line cut off) with
    everything not finished, or (``retry_errors``) only the errored pairs. ``tasks`` must be the run's own;
    ``options`` are used with the run's number of trials."""
    tasks = list(tasks)
    if log.header.tasks_hash and log.header.tasks_hash != tasks_hash(tasks):
        raise RunLogError(f"{log.path} was run on other tasks than the ones given; start a new run")
    keys = pending_keys(log, retry_errors=retry_errors)
    writer = RunLogWriter.reopen(log.path)
    return PlannedRun(writer=writer, tasks={t.id: t for t in tasks}, keys=keys,
                      options=replace(options, trials=log.header.trials))


def new_header(run_id: str, backend: str, tasks: Iterable[Task], config: RunConfig,
               suite: str | None = None) -> RunHeader:
    """The header of a new run; ``suite`` is the suite version its tasks come from (the current one if None)."""
    from drafterbench import __version__

    tasks = list(tasks)
    suite_hash, suite_version = _suite_identity(suite)
    return RunHeader(
        run_id=run_id,
        created=now_iso(),
        model=config.model,
        backend=backend,
        config=config,
        suite_hash=suite_hash,
        suite_version=suite_version,
        tasks_hash=tasks_hash(tasks),
        git_revision=git_revision(),
        drafterbench_version=__version__,
        task_ids=[t.id for t in tasks],
        trials=config.options.trials,
    )


def _suite_identity(version: str | None = None) -> tuple[str, str]:
    try:
        from drafterbench.tasks import suite
    except ImportError:  # a checkout without the frozen suite: custom tasks only
        return "", ""
    return suite.suite_hash(version), suite.suite_version(version)


def tasks_hash(tasks: Iterable[Task]) -> str:
    """A digest of exactly the tasks a run uses (ids, instructions, references, drawings...)."""
    digest = hashlib.sha256()
    for task in tasks:
        digest.update(task.model_dump_json().encode())
        digest.update(b"\n")
    return digest.hexdigest()


def default_run_dir(model: str, root: str | Path = "runs") -> Path:
    """``runs/<UTC timestamp>-<model with / and : made safe>``."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in model)
    return Path(root) / f"{stamp}-{safe}"


def pending_keys(log: RunLog, *, retry_errors: bool) -> list[tuple[str, int]]:
    """What a resumed run does: everything not finished, or (``retry_errors``) only the errored ones."""
    latest = log.latest()
    if retry_errors:
        return [k for k in log.planned_keys() if k in latest and latest[k].status == "error"]
    return [k for k in log.planned_keys() if k not in latest or latest[k].status != "ok"]


def tasks_for(log: RunLog) -> dict[str, Task]:
    """The run's tasks (from the suite, or the ``--tasks`` file it was started with), checking they did
    not change since the run started."""
    from drafterbench.tasks.suite import load_suite, read_tasks

    source = log.header.config.tasks_file
    if source:
        try:
            pool = read_tasks(source)
        except (OSError, ValueError) as exc:
            raise RunLogError(f"{log.path}: cannot read the run's tasks file {source}: {exc}") from None
    else:
        # A run of an older suite version re-scores against that version (the header names it).
        pool = load_suite(log.header.suite_version or None)
    by_id = {t.id: t for t in pool}
    unknown = [i for i in log.header.task_ids if i not in by_id]
    if unknown:
        raise RunLogError(f"{log.path} names tasks its task set lacks: {', '.join(unknown[:5])}")
    tasks = {i: by_id[i] for i in log.header.task_ids}
    if log.header.tasks_hash and log.header.tasks_hash != tasks_hash(tasks.values()):
        raise RunLogError(
            f"{log.path}: the suite's tasks changed since this run started (suite "
            f"{log.header.suite_hash[:12] or '?'}); start a new run instead"
        )
    return tasks


# ---------------------------------------------------------------------------------------------------------
# The Python API.


async def aevaluate(
    agent: Agent,
    tasks: Sequence[Task] | None = None,
    *,
    out: str | Path | None = None,
    model: str | None = None,
    options: RunOptions = RunOptions(),
    resume: bool = False,
    retry_errors: bool = False,
    grade_job: GradeJob | None = None,
    executor: Executor | None = None,
    on_record: OnRecord | None = None,
) -> Report:
    """Async :func:`evaluate`."""
    from drafterbench.report import build_report

    if tasks is None:
        from drafterbench.tasks.suite import load_suite

        tasks = load_suite()
    tasks = list(tasks)
    ids = [t.id for t in tasks]
    if len(set(ids)) != len(ids):
        raise ValueError("tasks must have distinct ids")
    name = model or getattr(agent, "name", type(agent).__name__)
    path = run_log_path(out if out is not None else default_run_dir(name))
    if resume or retry_errors:
        plan = continue_run(read_run(path), tasks, options, retry_errors=retry_errors)
    else:
        plan = start_run(path, tasks, RunConfig(model=name, options=options), backend="python")
    await plan.carry_out(agent, grade_job=grade_job, executor=executor, on_record=on_record)
    return build_report(read_run(path))


def evaluate(
    agent: Agent,
    tasks: Sequence[Task] | None = None,
    *,
    out: str | Path | None = None,
    model: str | None = None,
    trials: int = 1,
    max_connections: int = 8,
    execute: bool = True,
    workers: int = 0,
    resume: bool = False,
    retry_errors: bool = False,
    metric: str = "drafterbench",
    grade_timeout_s: float = GradeBudget.timeout_s,
    grade_memory_mb: int = GradeBudget.memory_mb,
) -> Report:
    """Run ``agent`` on ``tasks`` (default: the whole suite), log the run under ``out``, return its report.

    ``agent`` is any object with ``async def solve(self, prompt: TaskPrompt) -> AgentResult``.
    ``resume=True`` finishes the run logged under ``out`` (what is not done yet); ``retry_errors=True``
    re-runs only its errored tasks. ``metric`` is the metric of the scores (``drafterbench``, ours, or
    ``original``, the published one reproduced); the report shows the comprehensive reward under both.
    ``grade_timeout_s`` / ``grade_memory_mb``: the per-task grading budget (an answer past it is scored as not
    executable). Must be called outside a running event loop (else use :func:`aevaluate`).
    """
    options = RunOptions(trials=trials, max_connections=max_connections, execute=execute, workers=workers,
                         metric=metric, grade_timeout_s=grade_timeout_s, grade_memory_mb=grade_memory_mb)
    return asyncio.run(aevaluate(agent, tasks, out=out, model=model, options=options, resume=resume,
                                 retry_errors=retry_errors))
