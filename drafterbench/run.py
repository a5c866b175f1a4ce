"""Orchestration: tasks x agent -> a run log; and the Python API, :func:`evaluate`.

For each (task, trial) still to do, the runner asks the agent for a program (at most ``max_connections``
at a time), grades it in a worker pool (interpreter, effects, scorer: CPU-bound, so processes), and appends
one record to the run log as soon as it is graded. A failure to get an answer (backend down after its
retries, an agent exception) is logged as an *errored* record, never as a zero; ``--retry-errors`` re-runs
those alone and ``--resume`` runs what a killed run left undone.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafterbench.agents.base import Agent, AgentResult, TaskPrompt
from drafterbench.agents.prompts import build_messages
from drafterbench.backends.base import BackendError
from drafterbench.grading_pool import BudgetExceeded, GradeBudget, GradingPool
from drafterbench.runlog import (
    LOG_NAME,
    MAX_TRIALS,
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
from drafterbench.tools.trace import Trace
from drafterbench.workdirs import new_work_dir

if TYPE_CHECKING:
    from drafterbench.report import Report
    from drafterbench.tasks.model import Task

logger = logging.getLogger(__name__)

#: A grading job: (task JSON, program, execute, work dir) -> the graded fields (see grading.grade_job).
GradeJob = Callable[[str, str, bool, "str | None"], dict[str, Any]]
#: Called after each record is written (the CLI's progress bar).
OnRecord = Callable[[TaskRecord], None]

#: Bounds on the run options (trials: see runlog.MAX_TRIALS).
MAX_CONNECTIONS = 1024
MAX_WORKERS = 256


@dataclass(frozen=True)
class RunOptions:
    """How a run is carried out (not which model): repeated in the run log's header config."""

    trials: int = 1
    max_connections: int = 8
    execute: bool = True
    workers: int = 0  # grading processes; 0 = one per CPU core
    work_dir: str | None = None  # revised PDFs; a temporary directory when None
    metric: str = "drafterbench"  # the metric of each record's score: drafterbench or original
    grade_timeout_s: float = GradeBudget.timeout_s  # wall clock of one task's grading (see grading_pool)
    grade_memory_mb: int = GradeBudget.memory_mb  # address space of a grading worker

    def __post_init__(self) -> None:
        from drafterbench.scoring.choose import check_metric

        check_metric(self.metric)
        for name in ("trials", "max_connections"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be >= 1, got {getattr(self, name)}")
        if self.trials > MAX_TRIALS:
            raise ValueError(f"trials must be <= {MAX_TRIALS}, got {self.trials}")
        if self.max_connections > MAX_CONNECTIONS:
            raise ValueError(f"max_connections must be <= {MAX_CONNECTIONS}, got {self.max_connections}")
        if not 0 <= self.workers <= MAX_WORKERS:
            raise ValueError(f"workers must be between 0 and {MAX_WORKERS}, got {self.workers}")
        self.budget  # noqa: B018 - validates the grading budget

    @property
    def budget(self) -> GradeBudget:
        """The per-task grading budget the default grading pool enforces."""
        return GradeBudget(timeout_s=self.grade_timeout_s, memory_mb=self.grade_memory_mb)


def make_prompt(task: Task, trial: int = 0) -> TaskPrompt:
    """The prompt an agent receives for ``task``."""
    return TaskPrompt(
        task_id=task.id,
        type=task.type,
        instruction=task.instruction,
        files=[d.name for d in task.drawings],
        trial=trial,
        messages=build_messages(task.type, task.instruction),
    )


def _controllers(task: Task) -> dict[str, Any]:
    return task.controllers.model_dump(mode="json")


def _base_record(task: Task, trial: int) -> dict[str, Any]:
    return {"task_id": task.id, "trial": trial, "type": task.type.value, "controllers": _controllers(task)}


def default_executor(options: RunOptions, cleanup: tuple[str, ...] = ()) -> Executor:
    """Budgeted worker processes for grading (:class:`~drafterbench.grading_pool.GradingPool`).

    Forked: the workers inherit the loaded suite and tools (fast start) and, unlike spawn, do not re-import
    the caller's ``__main__`` (a script calling :func:`evaluate` without a main guard would otherwise run
    itself again in every worker). The pool's supervisor is forked now, before any request starts a thread
    (asyncio resolves host names in threads), and forks every later worker itself. ``cleanup``: folders
    removed when the pool stops, even if this process is killed.
    """
    workers = options.workers or (os.cpu_count() or 1)
    return GradingPool(workers, options.budget, cleanup=cleanup)


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

    Grading runs in a :class:`~drafterbench.grading_pool.GradingPool` enforcing ``options.budget``; an
    ``executor`` given instead is used as it is (its jobs are bounded only by what it enforces itself).
    """
    from drafterbench.grading import grade_job as default_job

    if not keys:
        return
    job = grade_job or default_job
    own_executor = executor is None
    own_work_dir = options.work_dir is None
    work_dir = options.work_dir or new_work_dir("run")
    try:
        pool = executor or default_executor(options, cleanup=(work_dir,) if own_work_dir else ())
    except BaseException:
        if own_work_dir:
            shutil.rmtree(work_dir, ignore_errors=True)
        raise
    loop = asyncio.get_running_loop()
    # Bound the tasks in flight: every connection busy with a request, and a short queue of answers
    # waiting for each grading worker.
    workers = pool.workers if isinstance(pool, GradingPool) else (options.workers or os.cpu_count() or 1)
    slots = asyncio.Semaphore(options.max_connections + 2 * workers)
    task_json: dict[str, str] = {}

    async def one(task_id: str, trial: int) -> None:
        task = tasks[task_id]
        async with slots:
            record = await _solve_and_grade(task, trial)
        writer.write(record)
        if on_record is not None:
            on_record(record)

    async def _solve_and_grade(task: Task, trial: int) -> TaskRecord:
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
            if task.id not in task_json:
                task_json[task.id] = task.model_dump_json()
            graded = await _graded(loop, pool, _with_calls(job, result.tool_calls, options.metric),
                                   task_json[task.id], result.program, options.execute, work_dir,
                                   options.metric)
        except Exception as exc:  # a grading failure is ours, not the agent's: errored, kind "grading"
            logger.warning("grading failed on %s: %s: %s", task.id, type(exc).__name__, exc)
            logger.debug("grading failure on %s", task.id, exc_info=True)
            return _error(base, "grading", f"{type(exc).__name__}: {exc}", start, **cost)
        return TaskRecord(
            **base, status="ok", **cost, **graded, wall_s=time.perf_counter() - start, finished=now_iso()
        )

    try:
        await asyncio.gather(*(one(task_id, trial) for task_id, trial in keys))
    finally:
        if own_executor:
            pool.shutdown(wait=True, cancel_futures=True)
        if own_work_dir:
            shutil.rmtree(work_dir, ignore_errors=True)  # revised PDFs; the log keeps what matters


async def _graded(loop: asyncio.AbstractEventLoop, pool: Executor, job: GradeJob, task_json: str, program: str,
                  execute: bool, work_dir: str, metric: str) -> dict[str, Any]:
    """``job`` run in ``pool``; an answer past the grading budget is scored as not executable."""
    from drafterbench.grading import over_budget_job

    try:
        return await loop.run_in_executor(pool, job, task_json, program, execute, work_dir)
    except BudgetExceeded as exc:  # the answer's fault: scored, not executable, and the run goes on
        logger.info("grading past its budget: %s", exc)
        return over_budget_job(task_json, str(exc), metric)


def _with_calls(job: GradeJob, tool_calls: list | None, metric: str = "drafterbench") -> GradeJob:
    """``job`` with a tool-mode answer's calls and a non-default metric bound (plain data, picklable);
    unchanged for code mode under our metric, so a custom grading job that knows neither keeps working."""
    bound: dict[str, Any] = {}
    if tool_calls is not None:
        bound["tool_calls"] = [c.model_dump() for c in tool_calls]
    if metric != "drafterbench":
        bound["metric"] = metric
    return functools.partial(job, **bound) if bound else job


def _error(base: dict[str, Any], kind: str, message: str, start: float, **cost: Any) -> TaskRecord:
    return TaskRecord(**base, status="error", error_kind=kind, error=message, **cost,
                      wall_s=time.perf_counter() - start, finished=now_iso())


# ---------------------------------------------------------------------------------------------------------
# Runs as the CLI starts them: a header describing the run, then run_keys over what is left to do.


def new_header(
    run_id: str, model: str, backend: str, tasks: Iterable[Task], options: RunOptions, config: dict[str, Any],
    suite: str | None = None,
) -> RunHeader:
    """The header of a new run; ``suite`` is the suite version its tasks come from (the current one if None)."""
    from drafterbench import __version__

    tasks = list(tasks)
    suite_hash, suite_version = _suite_identity(suite)
    return RunHeader(
        run_id=run_id,
        created=now_iso(),
        model=model,
        backend=backend,
        config={**config, "options": asdict(options)},
        suite_hash=suite_hash,
        suite_version=suite_version,
        tasks_hash=tasks_hash(tasks),
        git_revision=git_revision(),
        drafterbench_version=__version__,
        task_ids=[t.id for t in tasks],
        trials=options.trials,
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

    source = log.header.config.get("tasks_file")
    if source is not None and not isinstance(source, str):
        raise RunLogError(f"{log.path}: the header's config is malformed: tasks_file: not a path")
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
    run_dir = Path(out) if out is not None else default_run_dir(name)
    path = run_dir if run_dir.suffix == ".jsonl" else run_dir / LOG_NAME
    if resume or retry_errors:
        log = read_run(path)
        if log.header.tasks_hash != tasks_hash(tasks):
            raise RunLogError(f"{path} was run on other tasks than the ones given; start a new run")
        keys = pending_keys(log, retry_errors=retry_errors)
        options = replace(options, trials=log.header.trials)
        writer = RunLogWriter.reopen(path)
    else:
        keys = [(t.id, k) for k in range(options.trials) for t in tasks]
        header = new_header(path.parent.name, name, "python", tasks, options, {"model": name})
        writer = RunLogWriter.create(path, header)
    with writer:
        await run_keys(agent, {t.id: t for t in tasks}, keys, writer, options,
                       grade_job=grade_job, executor=executor, on_record=on_record)
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


# ---------------------------------------------------------------------------------------------------------
# Re-scoring a log (after a scorer or interpreter fix): the same answers, graded again, in a new log.


async def rescore_run(
    run: str | Path,
    *,
    out: str | Path | None = None,
    workers: int = 0,
    budget: GradeBudget | None = None,
    grade_job: GradeJob | None = None,
    executor: Executor | None = None,
    metric: str | None = None,
) -> Path:
    """Grade every answered task of ``run`` again and write the results to a new run log.

    ``metric`` chooses the metric of the new scores (default: the run's own). Records that errored before
    grading (no program) are copied unchanged, so ``--retry-errors`` still works on the new log. Returns
    the new log's path.
    """
    from drafterbench.grading import grade_job as default_job

    log = read_run(run)
    tasks = tasks_for(log)
    job = grade_job or default_job
    from drafterbench.run_config import stored_options

    options = stored_options(log, workers)
    if metric:
        options = replace(options, metric=metric)
    if budget is not None:
        options = replace(options, grade_timeout_s=budget.timeout_s, grade_memory_mb=budget.memory_mb)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    new_dir = Path(out) if out is not None else log.path.parent.with_name(f"{log.path.parent.name}-rescored-{stamp}")
    new_path = new_dir / LOG_NAME if new_dir.suffix != ".jsonl" else new_dir
    header = log.header.model_copy(update={
        "run_id": new_path.parent.name, "created": now_iso(), "rescored_from": str(log.path),
        "git_revision": git_revision(),
        "config": {**log.header.config, "options": {**(log.header.config.get("options") or {}), "metric": options.metric}},
    })
    own = executor is None
    work_dir = new_work_dir("rescore")
    try:
        pool = executor or default_executor(options, cleanup=(work_dir,))
    except BaseException:
        shutil.rmtree(work_dir, ignore_errors=True)
        raise
    loop = asyncio.get_running_loop()
    task_json: dict[str, str] = {}  # each task serialised once, however many trials it has

    async def regrade(record: TaskRecord) -> TaskRecord:
        if record.program is None:
            return record
        task = tasks[record.task_id]
        start = time.perf_counter()
        try:
            if task.id not in task_json:
                task_json[task.id] = task.model_dump_json()
            graded = await _graded(loop, pool, _with_calls(job, record.tool_calls, options.metric),
                                   task_json[task.id], record.program, options.execute, work_dir,
                                   options.metric)
        except Exception as exc:
            logger.warning("grading failed on %s: %s: %s", task.id, type(exc).__name__, exc)
            logger.debug("grading failure on %s", task.id, exc_info=True)
            return record.model_copy(update={"status": "error", "error_kind": "grading",
                                             "error": f"{type(exc).__name__}: {exc}"})
        fields = dict(graded)
        fields["trace"] = Trace.model_validate(fields["trace"])
        return record.model_copy(update={**fields, "status": "ok", "error_kind": None, "error": None,
                                         "wall_s": record.latency_s + time.perf_counter() - start,
                                         "finished": now_iso()})

    try:
        latest = log.latest()
        records = [latest[k] for k in log.planned_keys() if k in latest]
        regraded = await asyncio.gather(*(regrade(r) for r in records))
    finally:
        if own:
            pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(work_dir, ignore_errors=True)
    with RunLogWriter.create(new_path, header) as writer:
        for record in regraded:
            writer.write(record)
    return new_path
