"""The grading side of a run and of a re-scoring, in one object: :class:`Grader`.

A grader owns what grading answers needs for as long as a run (or ``drafterbench score``) lasts: the budgeted
worker pool (:class:`~drafterbench.grading_pool.GradingPool`, or an executor the caller brings), the folder the
revised PDFs go to, and the grading job (:func:`drafterbench.grading.grade`, or a stand-in). It sends one
:class:`~drafterbench.grade_types.GradeRequest` per answer and gives back a
:class:`~drafterbench.grade_types.Graded`; an answer past the grading budget is scored as not executable, and
any other failure is a :class:`GradingFailed` naming it (the caller logs the task as errored, kind
``grading``).
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path
from types import TracebackType
from typing import Any

from drafterbench.grade_types import Answer, Graded, GradeRequest
from drafterbench.grading_pool import BudgetExceeded, GradingPool
from drafterbench.run_settings import RunOptions
from drafterbench.tasks.model import Task
from drafterbench.workdirs import new_work_dir

logger = logging.getLogger(__name__)

#: A grading job: one request in, its grading out (see :func:`drafterbench.grading.grade`). It runs in a
#: worker process, so it must be picklable (a module-level function).
GradeJob = Callable[[GradeRequest], Graded]


def graded_fields(graded: Graded, metric: str) -> dict[str, Any]:
    """``graded`` as a task record stores it (the record's ``metric`` names the metric of its score)."""
    return {"trace": graded.trace, "task_score": graded.task_score, "metric": metric,
            "other_metrics": graded.other_metrics, "state": graded.state, "grade_s": graded.grade_s}


class GradingFailed(Exception):
    """Grading one answer failed for a reason of ours, not the answer's (the message names it)."""


def default_executor(options: RunOptions, cleanup: tuple[str, ...] = ()) -> Executor:
    """Budgeted worker processes for grading (:class:`~drafterbench.grading_pool.GradingPool`).

    Forked: the workers inherit the loaded suite and tools (fast start) and, unlike spawn, do not re-import
    the caller's ``__main__`` (a script calling :func:`~drafterbench.run.evaluate` without a main guard would
    otherwise run itself again in every worker). The pool's supervisor is forked now, before any request
    starts a thread (asyncio resolves host names in threads), and forks every later worker itself.
    ``cleanup``: folders removed when the pool stops, even if this process is killed.
    """
    workers = options.workers or (os.cpu_count() or 1)
    return GradingPool(workers, options.budget, cleanup=cleanup)


class Grader:
    """Grades answers under ``options`` (execute, metric, budget, workers, work dir); use it as an async
    context manager: the pool starts on entry and stops, its temporary folder removed, on exit.

    ``job`` replaces :func:`drafterbench.grading.grade` (a test's stand-in); ``executor`` replaces the
    budgeted pool and is used as it is (its jobs are bounded only by what it enforces itself; it is not shut
    down here). ``purpose`` names the temporary work folder (``run``, ``rescore``).
    """

    def __init__(self, options: RunOptions, *, job: GradeJob | None = None, executor: Executor | None = None,
                 purpose: str = "run") -> None:
        self.options = options
        self._job = job
        self._given = executor
        self._purpose = purpose
        self._pool: Executor | None = None
        self._own_dir = False
        self.work_dir: Path | None = None

    async def __aenter__(self) -> Grader:
        self._own_dir = self.options.work_dir is None
        work_dir = self.options.work_dir or new_work_dir(self._purpose)
        try:
            self._pool = self._given or default_executor(self.options,
                                                         cleanup=(work_dir,) if self._own_dir else ())
        except BaseException:
            if self._own_dir:
                shutil.rmtree(work_dir, ignore_errors=True)
            raise
        self.work_dir = Path(work_dir)
        return self

    async def __aexit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        try:
            if self._pool is not None and self._given is None:
                self._pool.shutdown(wait=True, cancel_futures=True)
        finally:
            self._pool = None
            if self._own_dir and self.work_dir is not None:
                shutil.rmtree(self.work_dir, ignore_errors=True)  # revised PDFs; the log keeps what matters

    @property
    def workers(self) -> int:
        """How many answers the pool grades at once (the runner sizes its queue by it)."""
        if isinstance(self._pool, GradingPool):
            return self._pool.workers
        # An executor the caller brought: its size is not public, so the run's --workers setting (or the cores).
        return self.options.workers or os.cpu_count() or 1

    async def grade(self, task: Task, answer: Answer) -> Graded:
        """``answer`` graded against ``task`` in the pool; past the budget, scored as not executable."""
        from drafterbench.grading import grade, over_budget

        if self._pool is None:
            raise RuntimeError("the grader is not started (use it with `async with`)")
        request = GradeRequest(task=task, answer=answer, execute=self.options.execute, work_dir=self.work_dir,
                               metric=self.options.metric)
        loop = asyncio.get_running_loop()
        try:
            try:
                return await loop.run_in_executor(self._pool, self._job or grade, request)
            except BudgetExceeded as exc:  # the answer's fault: scored, not executable, and the run goes on
                logger.info("grading past its budget: %s", exc)
                return over_budget(request, str(exc))
        except Exception as exc:  # a grading failure is ours, not the agent's
            logger.warning("grading failed on %s: %s: %s", task.id, type(exc).__name__, exc)
            logger.debug("grading failure on %s", task.id, exc_info=True)
            raise GradingFailed(f"{type(exc).__name__}: {exc}") from exc
