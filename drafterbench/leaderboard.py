"""The leaderboard: run reports -> ``leaderboard/leaderboard.json`` (the page is :mod:`leaderboard_page`).

One entry per run (keyed by the run id; adding a run again replaces its entry). The page is one file with
its CSS, data and the little JavaScript that sorts the table inlined, and the chart drawn as inline SVG,
so it works offline and from any static host.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from drafterbench.report import DecodingSummary, Report, Spread
from drafterbench.runlog import now_iso
from drafterbench.tasktypes import TaskType

SCHEMA_VERSION = 1
DEFAULT_BOARD = Path("leaderboard") / "leaderboard.json"


class Price(BaseModel):
    """USD per million tokens, to estimate a run's cost."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    input_per_mtok: float = Field(ge=0)
    output_per_mtok: float = Field(ge=0)


class MethodFigures(BaseModel):
    """One decoding method measured by ``drafterbench bench`` on the entry's model (same prompts, same process)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    method: str
    engine: str = "drafterbench"  # or "transformers" for generate's own variants
    speedup: float  # plain decoding's wall time / this method's
    tau: float | None = None
    alpha: float | None = None
    identical: bool = True  # every output token-identical to plain decoding


class Entry(BaseModel):
    """One run on the leaderboard."""

    model_config = ConfigDict(extra="forbid")

    id: str
    model: str
    backend: str
    date: str
    suite_version: str
    git_revision: str | None = None
    trials: int
    tasks: int
    errored: int = 0
    average_tasks: float | None
    average_tasks_std: float | None = None
    comprehensive_reward: float | None
    comprehensive_reward_std: float | None = None
    metric: str = "drafterbench"  # the metric of the scores above: drafterbench (ours) or original
    # The comprehensive reward under each metric, e.g. {"drafterbench": 71.2, "original": 74.0}.
    comprehensive_by_metric: dict[str, float | None] = Field(default_factory=dict)
    per_type: dict[str, float] = Field(default_factory=dict)
    groups: dict[str, float | None] = Field(default_factory=dict)
    executable_rate: float | None = None
    state_match_rate: float | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    cost_usd: float | None = None
    latency_s: Spread = Field(default_factory=Spread)
    decoding: list[DecodingSummary] = Field(default_factory=list)
    protocol: str | None = None  # how the model answered: "code" (one program) or "tool" (function calls)
    notes: str | None = None  # what a reader should know, e.g. "trained on generated tasks; not zero-shot"
    # Every method of a ``drafterbench bench`` report on the same model (``leaderboard add --bench``).
    decoding_bench: list[MethodFigures] = Field(default_factory=list, max_length=64)


class Leaderboard(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: int = SCHEMA_VERSION
    updated: str = ""
    entries: list[Entry] = Field(default_factory=list)


def entry_from_report(report: Report, *, price: Price | None = None, allow_partial: bool = False,
                      notes: str | None = None) -> Entry:
    """A leaderboard entry from a run's report; refuses an unfinished run unless ``allow_partial``."""
    if not allow_partial and (report.errored or report.missing):
        raise ValueError(
            f"run {report.run_id} is unfinished ({report.errored} errored, {report.missing} not run): "
            "finish it with --retry-errors / --resume, or pass --allow-partial"
        )
    s, ts = report.scores, report.trial_summary
    used_tokens = report.prompt_tokens + report.completion_tokens > 0
    cost = None
    if price is not None and used_tokens:
        cost = (report.prompt_tokens * price.input_per_mtok + report.completion_tokens * price.output_per_mtok) / 1e6
    return Entry(
        id=report.run_id,
        model=report.model,
        backend=report.backend,
        date=report.created[:10],
        suite_version=report.suite_version,
        git_revision=report.git_revision,
        trials=report.trials,
        tasks=s.counts.scored,
        errored=report.errored,
        average_tasks=s.average_tasks,
        average_tasks_std=ts.average_tasks.std if ts else None,
        comprehensive_reward=s.comprehensive_reward,
        comprehensive_reward_std=ts.comprehensive_reward.std if ts else None,
        metric=report.metric,
        comprehensive_by_metric=dict(report.comprehensive_by_metric),
        per_type=dict(s.per_type),
        groups=dict(s.groups),
        executable_rate=s.executable_rate,
        state_match_rate=report.state_match_rate,
        prompt_tokens=report.prompt_tokens if used_tokens else None,
        completion_tokens=report.completion_tokens if used_tokens else None,
        cost_usd=cost,
        latency_s=report.latency_s,
        decoding=report.decoding,
        protocol=report.protocol,
        notes=notes or None,
    )


def bench_figures(report: object, model: str) -> list[MethodFigures]:
    """The method rows of a bench report (``BenchReport``) on ``model``; ValueError for another model's."""
    if getattr(report, "model", None) != model:
        raise ValueError(f"the bench report is of {getattr(report, 'model', None)!r}, not of the run's model {model!r}")
    return [MethodFigures(method=r.method, engine=r.engine, speedup=r.speedup, tau=r.tau, alpha=r.alpha,
                          identical=r.identical) for r in report.results]


def load(path: str | Path = DEFAULT_BOARD) -> Leaderboard:
    """The leaderboard at ``path`` (an empty one when the file does not exist yet)."""
    path = Path(path)
    if not path.exists():
        return Leaderboard()
    from drafterbench.safe_io import describe_invalid, read_file

    try:
        board = Leaderboard.model_validate_json(read_file(path, what="leaderboard file", limit=64 * 1024 * 1024))
    except ValidationError as exc:
        raise ValueError(f"{path} is not a leaderboard file: {describe_invalid(exc)}") from None
    if board.schema_version != SCHEMA_VERSION:
        raise ValueError(f"{path}: leaderboard schema {board.schema_version}, expected {SCHEMA_VERSION}")
    return board


def add(board: Leaderboard, entry: Entry) -> Leaderboard:
    """``board`` with ``entry`` added (replacing an entry of the same run id), best first."""
    entries = [e for e in board.entries if e.id != entry.id] + [entry]
    entries.sort(key=lambda e: (e.comprehensive_reward is None, -(e.comprehensive_reward or 0.0), e.id))
    return Leaderboard(updated=now_iso(), entries=entries)


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step (a reader never sees half a file), readable by all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.chmod(tmp, 0o644)  # a published file: mkstemp's private mode would hide it from a web server
    os.replace(tmp, path)


def save(board: Leaderboard, path: str | Path = DEFAULT_BOARD) -> None:
    write_atomically(Path(path), board.model_dump_json(indent=2) + "\n")


def type_columns(board: Leaderboard) -> list[str]:
    """The task types any entry has, in the canonical order."""
    present = {t for e in board.entries for t in e.per_type}
    return [t.value for t in TaskType if t.value in present]
