"""Re-scoring a run log (after a scorer or interpreter fix): the same answers, graded again, in a new log.

The answers go through the same :class:`~drafterbench.grader.Grader` a run uses; only where they come from
(the old log's records, not an agent) differs.
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import Executor
from dataclasses import replace
from pathlib import Path

from drafterbench.grade_types import answer_of
from drafterbench.grader import GradeJob, Grader, GradingFailed, graded_fields
from drafterbench.grading_pool import GradeBudget
from drafterbench.run import tasks_for
from drafterbench.runlog import (
    LOG_NAME,
    SCHEMA_VERSION,
    RunLogWriter,
    TaskRecord,
    git_revision,
    now_iso,
    read_run,
)
from drafterbench.tasks.model import Task


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
    from drafterbench.run_config import stored_options

    log = read_run(run)
    tasks = tasks_for(log)
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
        "git_revision": git_revision(), "schema_version": SCHEMA_VERSION,
        "config": log.header.config.model_copy(update={"options": replace(log.header.config.options,
                                                                          metric=options.metric)}),
    })
    latest = log.latest()
    records = [latest[k] for k in log.planned_keys() if k in latest]
    async with Grader(options, job=grade_job, executor=executor, purpose="rescore") as grader:
        regraded = await asyncio.gather(*(_regrade(grader, tasks[r.task_id], r) for r in records))
    with RunLogWriter.create(new_path, header) as writer:
        for record in regraded:
            writer.write(record)
    return new_path


async def _regrade(grader: Grader, task: Task, record: TaskRecord) -> TaskRecord:
    if record.program is None:
        return record
    start = time.perf_counter()
    try:
        graded = await grader.grade(task, answer_of(record.program, record.tool_calls))
    except GradingFailed as exc:
        return record.model_copy(update={"status": "error", "error_kind": "grading", "error": str(exc)})
    return record.model_copy(update={**graded_fields(graded, grader.options.metric), "status": "ok",
                                     "error_kind": None, "error": None,
                                     "wall_s": record.latency_s + time.perf_counter() - start,
                                     "finished": now_iso()})
