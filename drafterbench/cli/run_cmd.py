"""``drafterbench run``, ``score`` and ``report``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from drafterbench.cli._common import console, err_console, fail, safe
from drafterbench.grading_pool import GradeBudget
from drafterbench.tasks.suite import VERSIONS as SUITE_VERSIONS

GRADE_BUDGET = GradeBudget()

if TYPE_CHECKING:
    from drafterbench.report import Report
    from drafterbench.run import PlannedRun
    from drafterbench.run_settings import RunConfig, TinyWeights


def register(app: typer.Typer) -> None:
    app.command("run")(run)
    app.command("score")(score)
    app.command("report")(report)


def _split_types(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out.extend(p.strip() for p in v.split(",") if p.strip())
    return out


#: ``drafterbench run`` without --model: tasks of each type in the quick sample.
QUICK_PER_TYPE = 4
#: Tasks the latency-gain probe decodes twice (plain and the method) after a local run.
SPEEDUP_TASKS = 3


def run(
    model: str | None = typer.Option(None, "--model", "-m", help="reference | openai/<name> | "
                                        "langchain/<provider>:<model> | hf/<path-or-name> | drafterbench-tiny "
                                        "(without --model: drafterbench-tiny on a quick sample, --per-type 4)"),
    task_group: str | None = typer.Option(None, "--task-group", help="Only tasks of this group: Structured, Unstructured, "
                                             "Precise, Vague, Complete, Error, Single_Object, Multiple_Objects, "
                                             "Single_Operation, Multiple_Operations."),
    types: list[str] | None = typer.Option(None, "--types", help="Task types (repeat or comma-separate)."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="At most N tasks, taken from each selected type in turn."),
    per_type: int | None = typer.Option(None, "--per-type", min=1, help="N tasks of every selected type, spread "
                                        "over the controllers (a stratified sample)."),
    trials: int = typer.Option(1, "--trials", min=1, help="Runs of every task (mean ± std reported)."),
    max_connections: int = typer.Option(8, "--max-connections", min=1, help="Requests in flight."),
    out: Path | None = typer.Option(None, "--out", help="Run directory (default runs/<time>-<model>)."),
    resume: Path | None = typer.Option(None, "--resume", help="Finish a killed or partial run, with the settings "
                                       "stored in its log (of the other options only --workers applies; "
                                       "--base-url must repeat the stored server)."),
    retry_errors: Path | None = typer.Option(None, "--retry-errors", help="Re-run a run's errored tasks, with "
                                             "the stored settings (as --resume)."),
    execute: bool = typer.Option(True, "--execute/--no-execute", help="Apply programs to the drawings "
                                 "(real PDFs) and report the state check."),
    base_url: str | None = typer.Option(None, "--base-url", help="OpenAI-compatible endpoint."),
    temperature: float = typer.Option(0.0, "--temperature", min=0.0, help="Sampling temperature (0: greedy)."),
    max_tokens: int = typer.Option(2048, "--max-tokens", min=1, help="Most tokens in one reply."),
    seed: int | None = typer.Option(None, "--seed", help="Sampling seed, for backends that take one."),
    timeout: float = typer.Option(120.0, "--timeout", min=0.1, help="Seconds per request attempt, in total "
                                  "(connecting, waiting and reading the whole reply)."),
    max_retries: int = typer.Option(6, "--max-retries", min=0, help="Retries of a failed request."),
    draft_model: str | None = typer.Option(None, "--draft-model", help="Draft model (hf/ only)."),
    spec: str | None = typer.Option(None, "--spec", help="Speculative method (hf/ only): none, draft, "
                                       "prompt-lookup, vocabtrim, easyspec, omnidraft."),
    device: str = typer.Option("cpu", "--device", help="Torch device for hf/ models (cpu, cuda, cuda:1...)."),
    online_adapt: bool = typer.Option(False, "--online-adapt", help="OmniDraft only: distil the drafter "
                                      "online while decoding (same as --spec omnidraft:online_adapt=true)."),
    workers: int = typer.Option(0, "--workers", min=0, help="Grading processes (0: one per core)."),
    grade_timeout: float = typer.Option(GRADE_BUDGET.timeout_s, "--grade-timeout", min=1.0,
                                        help="Wall-clock seconds one task's grading may take; an answer past "
                                        "it scores as not executable."),
    grade_memory: int = typer.Option(GRADE_BUDGET.memory_mb, "--grade-memory", min=256,
                                     help="Memory (MB of address space) of a grading worker; an answer "
                                     "past it scores as not executable."),
    suite: str = typer.Option(SUITE_VERSIONS[-1], "--suite", help="The suite version to run: "
                              + ", ".join(SUITE_VERSIONS) + " (older versions stay for comparison)."),
    agent_mode: str = typer.Option("code", "--agent", help="How the model answers: code (one program) or "
                                   "tool (function calls, turn by turn; openai/ models). reference ignores it."),
    tasks_file: Path | None = typer.Option(None, "--tasks", help="Run the tasks of this JSONL file (as written by "
                                           "`tasks import --out` or `tasks generate`) instead of the suite."),
    metric: str = typer.Option("drafterbench", "--metric", help="The metric of the scores: drafterbench (ours) "
                               "or original (the published metric reproduced). The report shows both rewards."),
) -> None:
    """Run an agent on the suite, log every task, print the report."""
    import asyncio

    from drafterbench.backends.base import GenerationParams
    from drafterbench.backends.registry import BackendOptions
    from drafterbench.run import (
        continue_run,
        default_run_dir,
        pending_keys,
        run_log_path,
        start_run,
        tasks_for,
    )
    from drafterbench.run_config import check_resume_target, resume_options, stored_config
    from drafterbench.run_settings import RunConfig, RunOptions
    from drafterbench.runlog import RunLogError, read_run

    if resume and retry_errors:
        raise fail("use either --resume or --retry-errors, not both")
    continuing = resume or retry_errors
    if continuing and online_adapt:
        raise fail("--online-adapt applies to new runs; a continued run keeps the --spec it was started with")
    try:
        if online_adapt:
            spec = spec_with_online_adapt(spec)
        if continuing:
            log = read_run(continuing)
            stored = stored_config(log)
            if model and model != log.header.model:
                raise fail(f"{continuing} is a run of {log.header.model!r}, not {model!r}")
            tasks = list(tasks_for(log).values())
            todo = pending_keys(log, retry_errors=bool(retry_errors))
            if todo:  # requests will be sent: only where this command line points
                check_resume_target(log, stored, base_url, model, draft_model)
            agent, _ = _agent(stored, tasks)
            if todo:
                _check_local_models(agent)
            plan = continue_run(log, tasks, resume_options(stored, workers), retry_errors=bool(retry_errors))
        else:
            if not model:  # the offline default: the shipped specialist on a quick, stratified sample
                from drafterbench.backends.registry import TINY

                model = TINY
                if not (task_group or types or limit or tasks_file or per_type):
                    per_type = QUICK_PER_TYPE
                console.print(f"no --model: running [bold]{TINY}[/] (shipped, offline)"
                              + (f" on {per_type} tasks per type" if per_type == QUICK_PER_TYPE else ""))
            tasks = _select(task_group, _split_types(types), limit, tasks_file, suite, per_type)
            config = RunConfig(
                model=model, agent=agent_mode, task_group=task_group, types=_split_types(types), limit=limit,
                per_type=per_type,
                tasks_file=str(tasks_file.resolve()) if tasks_file else None,
                params=GenerationParams(temperature=temperature, max_tokens=max_tokens, seed=seed),
                backend=BackendOptions(base_url=base_url, max_connections=max_connections, timeout_s=timeout,
                                       max_retries=max_retries, draft_model=draft_model, spec=spec, device=device),
                options=RunOptions(trials=trials, max_connections=max_connections, execute=execute,
                                   workers=workers, metric=metric, grade_timeout_s=grade_timeout,
                                   grade_memory_mb=grade_memory),
                tiny_weights=_tiny_weights(model),
            )
            agent, backend_kind = _agent(config, tasks)
            _check_local_models(agent)
            plan = start_run(run_log_path(out or default_run_dir(model)), tasks, config, backend=backend_kind,
                             suite=suite)
    except (ValueError, RunLogError, ImportError) as exc:
        raise fail(str(exc)) from None

    if not plan.keys:
        plan.writer.close()
        what = "no errored task" if retry_errors else "every planned task is done"
        console.print(f"run log: [bold]{safe(plan.path)}[/] — nothing to run ({what}); its report:")
        _print_report(_report(plan.path))
        return
    console.print(f"run log: [bold]{safe(plan.path)}[/] — {len(plan.keys)} task runs to do")
    try:
        with _Progress(len(plan.keys)) as progress:
            asyncio.run(_carry_out_and_close(agent, plan, progress.update))
    except KeyboardInterrupt:
        raise fail(f"interrupted; every finished task is in the log: continue with --resume {plan.path.parent}",
                   code=130) from None
    rep = _report(plan.path)
    _print_report(rep)
    _print_speedup(agent, tasks)
    if rep.errored:
        console.print(f"{rep.errored} task run(s) got no answer (not scored as zeros): re-run them with "
                      f"[bold]drafterbench run --retry-errors {safe(plan.path.parent)}[/]")


def _print_speedup(agent: Any, tasks: list) -> None:
    """For drafterbench-tiny decoded with a speculative method: its latency gain over plain decoding, measured
    here on a few of the run's tasks (same models, same prompts, greedy)."""
    from drafterbench.backends.local.backend import LocalBackend
    from drafterbench.backends.local.models import is_tiny

    backend = getattr(agent, "backend", None)
    if not isinstance(backend, LocalBackend) or backend.spec == "none" or not is_tiny(backend.model_name):
        return
    from drafterbench.agents.base import TaskPrompt
    from drafterbench.backends.local.speedup import measure

    sample = sorted(tasks, key=lambda t: len(t.reference_program))[len(tasks) // 2:][:SPEEDUP_TASKS]
    chats = [agent.messages(TaskPrompt(task_id=t.id, type=t.type, instruction=t.instruction)) for t in sample]
    with console.status(f"measuring the latency gain of {backend.spec} over plain decoding on {len(chats)} tasks…"):
        s = measure(backend, chats, agent.params.max_tokens)
    same = "identical outputs" if s.identical else "[red]outputs differ[/]"
    console.print(f"decoding: [bold]{safe(s.method)}[/] at {s.speedup:.2f}× the speed of plain decoding "
                  f"({s.method_s:.1f} s vs {s.method_s * s.speedup:.1f} s for the same {s.tokens} tokens on "
                  f"{s.prompts} tasks; {same})")


def _tiny_weights(model: str) -> TinyWeights | None:
    """For drafterbench-tiny: the weights this run loads (recorded in its header), said aloud when they are
    a retrained export named by ``$DRAFTERBENCH_TINY_DIR`` rather than the shipped files."""
    from drafterbench.run_settings import TinyWeights
    from drafterbench.tiny.weights import override_note, parse_name, weights_identity

    if parse_name(model) is None:
        return None
    if note := override_note():
        console.print(f"{safe(model)}: {safe(note)}")
    return TinyWeights(**weights_identity())


def _check_local_models(agent: Any) -> None:
    """Refuse an ``hf/`` model that is neither a local path nor in the Hugging Face cache, before any task.

    Otherwise every task of the run would be logged as errored with the same message. This only looks for
    files (no torch: the grading workers are forked later, from a process without threads).
    """
    from drafterbench.backends.local.backend import NEEDS_DRAFTER, LocalBackend

    backend = getattr(agent, "backend", None)
    if not isinstance(backend, LocalBackend) or backend.allow_download:
        return
    names = [("--model", backend.model_name)]
    if backend.draft_model_name and backend.spec in NEEDS_DRAFTER:
        names.append(("--draft-model", backend.draft_model_name))
    for option, name in names:
        if not _model_available(name):
            raise ValueError(f"{option} {name!r}: no such local folder and not in the Hugging Face cache "
                             "(`drafterbench run` never downloads: pass a local path or download it first)")


def _model_available(name: str) -> bool:
    from drafterbench.tiny.weights import parse_name, shipped_parts

    part = parse_name(name)
    if part is not None:  # shipped in the package
        return part in shipped_parts()
    path = name.removeprefix("hf/")
    if Path(path).exists():
        return True
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:  # cannot tell; transformers will say
        return True
    try:
        return isinstance(try_to_load_from_cache(path, "config.json"), str)
    except ValueError:  # not a valid repository id either
        return False


def spec_with_online_adapt(spec: str | None) -> str:
    """``--spec`` with OmniDraft's ``online_adapt=true`` added (what ``--online-adapt`` means).

    Stored in the run's configuration as a plain ``--spec`` string, so ``--resume`` rebuilds the same backend.
    Any method but omnidraft is a clear error: only OmniDraft adapts its drafter online.
    """
    from drafterbench.backends.local.methods import parse_spec

    if not spec:
        raise ValueError("--online-adapt needs --spec omnidraft (and --draft-model): it distils OmniDraft's "
                         "drafter online")
    name, options = parse_spec(spec)
    if name != "omnidraft":
        raise ValueError(f"--online-adapt applies to --spec omnidraft only, not {name!r}")
    options["online_adapt"] = "true"
    return "omnidraft:" + ",".join(f"{k}={v}" for k, v in options.items())


def _agent(config: RunConfig, tasks: list) -> tuple[Any, str]:
    """The agent a run's configuration (a new run's, or a stored one) describes."""
    from drafterbench.agents.build import build_agent

    assert config.params is not None and config.backend is not None  # a CLI run's configuration
    return build_agent(config.model, tasks, config.params, config.backend, agent=config.agent)


async def _carry_out_and_close(agent: Any, plan: PlannedRun, on_record: Any) -> None:
    try:
        await plan.carry_out(agent, on_record=on_record)
    finally:
        backend = getattr(agent, "backend", None)
        if backend is not None:
            await backend.aclose()


def _select(group: str | None, types: list[str], limit: int | None, source: Path | None = None,
            suite: str | None = None, per_type: int | None = None) -> list:
    from drafterbench.tasks.groups import select, spread
    from drafterbench.tasks.suite import load_suite, read_tasks

    if source is not None:
        try:
            pool = read_tasks(source)
        except OSError as exc:
            raise ValueError(f"cannot read the tasks file {str(source)!r}: {exc.strerror or exc}") from None
    else:
        pool = load_suite(suite)
    tasks = select(pool, group=group, types=types or None)
    if per_type:
        tasks = spread(tasks, per_type)
    if limit is not None:
        tasks = select(tasks, limit=limit)
    if not tasks:
        raise ValueError("no task matches the selection (--task-group / --types / --limit)")
    return list(tasks)


class _Progress:
    """A rich progress bar: tasks done, mean score so far, tokens, errors."""

    def __init__(self, total: int) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            TextColumn("[bold]run"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("{task.fields[status]}"), console=err_console, transient=False,
        )
        self._task = self._progress.add_task("run", total=total, status="")
        self.scores: list[float] = []
        self.tokens = 0
        self.errors = 0

    def __enter__(self) -> _Progress:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def update(self, record: Any) -> None:
        if record.status == "ok" and record.score is not None:
            self.scores.append(record.score)
        else:
            self.errors += 1
        self.tokens += record.usage.total_tokens
        mean = sum(self.scores) / len(self.scores) if self.scores else 0.0
        status = f"score {mean:6.2f}  tokens {self.tokens:,}  errors {self.errors}"
        self._progress.update(self._task, advance=1, status=status)


def _report(run_path: Path, metric: str | None = None) -> Report:
    from drafterbench.report import build_report
    from drafterbench.runlog import read_run

    return build_report(read_run(run_path), metric)


def _fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _print_report(rep: Report) -> None:
    from rich.table import Table

    s = rep.scores
    # Every string here comes from the run log, which may come from elsewhere: shown, never interpreted.
    console.print(
        f"[bold]{safe(rep.model)}[/] ({safe(rep.backend)})  run {safe(rep.run_id)}  suite "
        f"{safe(rep.suite_version or '?')} {safe(rep.suite_hash[:12])}  rev {safe(rep.git_revision or '?')}"
    )
    table = Table(title=f"Scores per task type ({rep.metric} metric)")
    table.add_column("type")
    table.add_column("tasks", justify="right")
    table.add_column("score", justify="right")
    ts = rep.trial_summary
    for name, value in s.per_type.items():
        shown = str(ts.per_type[name]) if ts and name in ts.per_type else _fmt(value)
        table.add_row(safe(name), str(s.counts.per_type.get(name, 0)), shown)
    table.add_section()
    table.add_row("average tasks", str(s.counts.scored), str(ts.average_tasks) if ts else _fmt(s.average_tasks))
    table.add_row(f"comprehensive reward ({rep.metric})", "",
                  str(ts.comprehensive_reward) if ts else _fmt(s.comprehensive_reward))
    for other, value in rep.comprehensive_by_metric.items():
        if other != rep.metric and value is not None:
            table.add_row(f"comprehensive reward ({other})", "", _fmt(value))
    console.print(table)
    groups = Table(title="Groups and dimensions")
    groups.add_column("group")
    groups.add_column("score", justify="right")
    for name, value in s.groups.items():
        groups.add_row(safe(name), _fmt(value))
    groups.add_section()
    for name, value in s.dimensions.items():
        groups.add_row(f"dim: {safe(name)}", _fmt(value, 3))
    console.print(groups)
    lines = [
        (f"tasks: {rep.planned} planned, {rep.done} done, {rep.errored} errored, {rep.missing} not run; "
         f"{rep.perfect} perfect; executable {_fmt((s.executable_rate or 0) * 100, 1)}%"),
    ]
    if rep.errors_by_kind:
        lines.append("errors: " + ", ".join(f"{safe(k)} {v}" for k, v in sorted(rep.errors_by_kind.items())))
    if rep.state_checked:
        lines.append(f"state check: {_fmt((rep.state_match_rate or 0) * 100, 1)}% of {rep.state_checked} "
                     f"tasks match the reference's PDFs (mean element match {_fmt(rep.state_score, 3)})")
    lines.append(f"tokens: {rep.prompt_tokens:,} prompt + {rep.completion_tokens:,} completion")
    if rep.latency_s.n:
        lines.append(f"model latency s: mean {_fmt(rep.latency_s.mean)} p50 {_fmt(rep.latency_s.p50)} "
                     f"p95 {_fmt(rep.latency_s.p95)}")
    lines.append(f"task wall s: mean {_fmt(rep.wall_s.mean, 3)} p95 {_fmt(rep.wall_s.p95, 3)}; grading s: "
                 f"mean {_fmt(rep.grade_s.mean, 3)} p95 {_fmt(rep.grade_s.p95, 3)}")
    for d in rep.decoding:
        lines.append(f"decoding {safe(d.method)}: {d.requests} requests, {_fmt(d.tokens_per_s, 1)} tok/s, "
                     f"tau {_fmt(d.tau)}, alpha {_fmt(d.alpha)}")
    console.print("\n".join(lines))
    if rep.decoding_by_type:
        per_type = Table(title="Decoding per task type")
        for col in ("method", "type", "requests", "tok/s", "τ", "α"):
            per_type.add_column(col, justify="left" if col in ("method", "type") else "right")
        for d in rep.decoding_by_type:
            per_type.add_row(safe(d.method), safe(d.type), str(d.requests), _fmt(d.tokens_per_s, 1), _fmt(d.tau), _fmt(d.alpha))
        console.print(per_type)


def report(
    run_dir: Path = typer.Argument(..., help="A run directory or its run.jsonl."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    metric: str | None = typer.Option(None, "--metric", help="Report under this metric: drafterbench or "
                                      "original (default: the one the run was scored with)."),
) -> None:
    """Print a run's report (also for a partial or still running run)."""
    from drafterbench.runlog import RunLogError

    try:
        rep = _report(run_dir, metric)
    except (RunLogError, ValueError) as exc:
        raise fail(str(exc)) from None
    if as_json:
        typer.echo(rep.model_dump_json(indent=2))
    else:
        _print_report(rep)


def score(
    run_dir: Path = typer.Argument(..., help="The run to re-score."),
    out: Path | None = typer.Option(None, "--out", help="New run directory (default <run>-rescored-<time>)."),
    workers: int = typer.Option(0, "--workers", min=0, help="Grading processes (0: one per core)."),
    metric: str | None = typer.Option(None, "--metric", help="The metric of the new scores: drafterbench or "
                                      "original (default: the run's own)."),
    grade_timeout: float = typer.Option(GRADE_BUDGET.timeout_s, "--grade-timeout", min=1.0,
                                        help="Wall-clock seconds one task's grading may take."),
    grade_memory: int = typer.Option(GRADE_BUDGET.memory_mb, "--grade-memory", min=256,
                                     help="Memory (MB of address space) of a grading worker."),
) -> None:
    """Re-score a run log's answers with the current interpreter and scorer; writes a new log."""
    import asyncio

    from drafterbench.rescore import rescore_run
    from drafterbench.runlog import RunLogError
    from drafterbench.scoring.choose import METRICS

    if metric is not None and metric not in METRICS:
        raise fail(f"unknown --metric {metric!r}; valid metrics: {', '.join(METRICS)}")
    try:
        new_path = asyncio.run(rescore_run(run_dir, out=out, workers=workers, metric=metric, budget=GradeBudget(
            timeout_s=grade_timeout, memory_mb=grade_memory)))
    except (RunLogError, ValueError) as exc:
        raise fail(str(exc)) from None
    console.print(f"re-scored log: [bold]{safe(new_path)}[/]")
    _print_report(_report(new_path))
