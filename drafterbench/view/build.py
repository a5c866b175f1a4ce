"""``drafterbench view RUN``: a run's static report — the index page, a page per task, the drawings.

The folder it writes::

    index.html          header, report, the task table (rows as embedded JSON, paged in the page)
    tasks/<id>.html     one page per (task, trial)
    renders/            the PNGs and their manifests (a cache: a second view renders only what is new)

Drawings are rendered for the tasks ``ViewOptions.drawings`` selects (``failed``: the answers that lost
points or left a drawing unlike the reference's; ``all``; ``none``) and for any task named in
``ViewOptions.tasks``, in worker processes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from drafterbench.runlog import TaskRecord
from drafterbench.tasks.model import Task
from drafterbench.view.html import write_text
from drafterbench.view.renders import AnswerRender, RenderOptions, answer_key, cached, render_answer
from drafterbench.view.run_data import LoadedRun, load_run, matches, needs_attention, page_name, task_row

logger = logging.getLogger(__name__)

DrawingsPolicy = Literal["failed", "all", "none"]
DRAWINGS_POLICIES: tuple[str, ...] = ("failed", "all", "none")
Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class ViewOptions:
    """What ``drafterbench view`` renders."""

    drawings: DrawingsPolicy = "failed"
    tasks: tuple[str, ...] = ()  # task ids whose drawings are rendered whatever the policy
    workers: int = 0  # rendering processes; 0: one per core
    render: RenderOptions = field(default_factory=RenderOptions)


@dataclass
class ViewCounts:
    """What one ``view`` did."""

    pages: int = 0
    answers_rendered: int = 0  # answers run and drawn now
    answers_cached: int = 0  # answers whose drawings were already in renders/
    render_errors: int = 0


@dataclass
class RenderJob:
    """One distinct answer to draw: its cache key, the task, the program or the tool calls."""

    key: str
    task: Task
    program: str | None
    tool_calls: list[dict[str, Any]] | None


def answer_of(record: TaskRecord) -> tuple[str | None, list[dict[str, Any]] | None]:
    """The record's answer as grading takes it: the program, and the tool calls (plain dicts) if any."""
    calls = None if record.tool_calls is None else [c.model_dump() for c in record.tool_calls]
    return record.program, calls


def render_jobs(run: LoadedRun, options: ViewOptions) -> tuple[dict[tuple[str, int], tuple[str, str]], list[RenderJob]]:
    """For each (task, trial) to draw, its (answer key, reference key); and the distinct answers to render."""
    if not run.executed or options.drawings == "none" and not options.tasks:
        return {}, []
    latest = run.log.latest()
    keys: dict[tuple[str, int], tuple[str, str]] = {}
    jobs: dict[str, RenderJob] = {}
    for key in run.keys:
        record, task = latest.get(key), run.tasks.get(key[0])
        if record is None or task is None or record.status != "ok":
            continue
        if not (options.drawings == "all" or matches(key[0], options.tasks)
                or options.drawings == "failed" and needs_attention(record)):
            continue
        program, calls = answer_of(record)
        a_key = answer_key(task, program, calls, options.render)
        r_key = answer_key(task, task.reference_program, None, options.render)
        keys[key] = (a_key, r_key)
        jobs.setdefault(a_key, RenderJob(a_key, task, program, calls))
        jobs.setdefault(r_key, RenderJob(r_key, task, task.reference_program, None))
    return keys, list(jobs.values())


def _render_job(task_json: str, program: str | None, tool_calls: list | None, cache: str,
                options: RenderOptions) -> str:
    """:func:`render_answer` for a worker process: JSON in, JSON out."""
    task = Task.model_validate_json(task_json)
    return render_answer(task, program, tool_calls, Path(cache), options).model_dump_json()


def render_all(jobs: list[RenderJob], cache: Path, options: ViewOptions, counts: ViewCounts,
               progress: Progress | None = None, executor: Executor | None = None) -> dict[str, AnswerRender]:
    """Render every job not in the cache yet (in worker processes when there are several)."""
    done: dict[str, AnswerRender] = {}
    todo = []
    for job in jobs:
        hit = cached(cache, job.key)
        if hit is not None:
            done[job.key] = hit
            counts.answers_cached += 1
        else:
            todo.append(job)
    if progress:
        progress("drawings", 0, len(todo))
    if not todo:
        return done
    own = executor is None and len(todo) > 4
    if own:
        from drafterbench.grader import default_executor
        from drafterbench.run_settings import RunOptions

        executor = default_executor(RunOptions(workers=options.workers))
    try:
        if executor is None:
            results = (render_answer(j.task, j.program, j.tool_calls, cache, options.render) for j in todo)
        else:
            futures = [executor.submit(_render_job, j.task.model_dump_json(), j.program, j.tool_calls, str(cache),
                                       options.render) for j in todo]
            results = (_result(f, j) for f, j in zip(futures, todo))
        for n, render in enumerate(results, 1):
            done[render.key] = render
            counts.answers_rendered += 1
            counts.render_errors += render.error is not None
            if progress:
                progress("drawings", n, len(todo))
    finally:
        if own and executor is not None:
            executor.shutdown(cancel_futures=True)
    return done


def _result(future: Any, job: RenderJob) -> AnswerRender:
    """A worker's render; an answer past the grading budget is a render error its page shows (not cached)."""
    from drafterbench.grading_pool import BudgetExceeded

    try:
        return AnswerRender.model_validate_json(future.result())
    except BudgetExceeded as exc:
        return AnswerRender(key=job.key, error=str(exc))


MARKER = ".drafterbench-view"  # marks a folder this command wrote, so a later view may replace its pages


def prepare_out(out: Path) -> None:
    """Create ``out``, or reuse it when an earlier view wrote it; refuse a folder holding anything else."""
    if out.exists() and not out.is_dir():
        raise ValueError(f"--out {out} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise ValueError(f"--out {out} already holds other files; choose a new or empty folder "
                         "(or one an earlier `drafterbench view` wrote)")
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("written by drafterbench view; a later view replaces the pages here\n")


def build_view(run: str | Path | LoadedRun, out: Path, options: ViewOptions = ViewOptions(),
               progress: Progress | None = None) -> ViewCounts:
    """Write the report of ``run`` into ``out`` (created; pages already there are replaced, renders reused)."""
    from drafterbench.view.index_page import render_index
    from drafterbench.view.task_page import render_task_page

    loaded = run if isinstance(run, LoadedRun) else load_run(run)
    counts = ViewCounts()
    prepare_out(out)
    keys, jobs = render_jobs(loaded, options)
    renders = render_all(jobs, out / "renders", options, counts, progress)
    latest = loaded.log.latest()
    rows = []
    all_keys = loaded.keys
    for n, key in enumerate(all_keys, 1):
        record, task = latest.get(key), loaded.tasks.get(key[0])
        name = page_name(*key)
        a_key, r_key = keys.get(key, (None, None))
        html = render_task_page(
            record, task, answer=renders.get(a_key or ""), reference=renders.get(r_key or ""),
            index_href="../index.html", renders_href="../renders", run_title=loaded.title,
            drawings_note=_drawings_note(loaded, record, options), task_id=key[0], trial=key[1],
        )
        write_text(out / "tasks" / name, html)
        rows.append(task_row(key, record, task, f"tasks/{name}"))
        counts.pages += 1
        if progress and (n % 50 == 0 or n == len(all_keys)):
            progress("pages", n, len(all_keys))
    write_text(out / "index.html", render_index(
        title=loaded.title, header=loaded.log.header, report=loaded.report, rows=rows,
        protocol=loaded.protocol, metric=loaded.metric, notes=loaded.notes))
    return counts


def _drawings_note(run: LoadedRun, record: TaskRecord | None, options: ViewOptions) -> str:
    if not run.executed:
        return "This run did not apply the programs to the drawings (--no-execute)."
    if record is None or record.status != "ok":
        return "No answer, so no drawing."
    if record.task_id not in run.tasks:
        return "The task is not in the suite: no drawings."
    return (f"Drawings not rendered for this task (--drawings {options.drawings}): "
            f"render them with `drafterbench view RUN --task {record.task_id}` or --drawings all.")
