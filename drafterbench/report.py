"""A run's report: scores (through :mod:`drafterbench.scoring.aggregate`), errors, tokens, latency, decoding.

Built from a run log alone, so ``drafterbench report RUN`` works on any finished or half-finished run.
Errored tasks are counted apart and left out of every mean (an outage is not a zero).
"""

from __future__ import annotations

import math
from collections import Counter
from statistics import fmean

from pydantic import BaseModel, ConfigDict, Field

from drafterbench.runlog import RunLog, TaskRecord
from drafterbench.scoring.aggregate import RunScores, ScoredTask, TrialSummary, across_trials, aggregate
from drafterbench.scoring.models import TaskScore
from drafterbench.tasktypes import TaskType

SCHEMA_VERSION = 1


class Spread(BaseModel):
    """Mean and percentiles of a per-task figure (seconds or tokens)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    n: int = 0
    mean: float | None = None
    p50: float | None = None
    p95: float | None = None

    @classmethod
    def of(cls, values: list[float]) -> Spread:
        if not values:
            return cls()
        ordered = sorted(values)
        return cls(n=len(ordered), mean=fmean(ordered), p50=_percentile(ordered, 50), p95=_percentile(ordered, 95))


def _percentile(ordered: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    pos = (len(ordered) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


class DecodingSummary(BaseModel):
    """Speculative-decoding figures over a run (local backend only)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    method: str
    requests: int
    new_tokens: int
    tokens_per_s: float | None
    tau: float | None  # emitted tokens per target forward, over all requests
    alpha: float | None  # accepted / drafted, over all requests


class DecodingTypeSummary(BaseModel):
    """:class:`DecodingSummary` restricted to one task type (the method's figures may differ a lot by type)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    method: str
    type: str
    requests: int
    new_tokens: int
    tokens_per_s: float | None
    tau: float | None
    alpha: float | None


class Report(BaseModel):
    """Everything ``drafterbench report`` prints, as data (``--json`` writes exactly this)."""

    model_config = ConfigDict(extra="forbid")

    schema_version: int = SCHEMA_VERSION
    run_id: str
    model: str
    backend: str
    created: str
    suite_hash: str
    suite_version: str
    git_revision: str | None
    trials: int
    planned: int
    done: int
    errored: int
    missing: int  # planned but never attempted (a run still going, or killed)
    errors_by_kind: dict[str, int] = Field(default_factory=dict)
    metric: str = "drafterbench"  # the metric of ``scores`` (and every figure derived from them)
    scores: RunScores
    # The comprehensive reward under every metric the run was scored with (None: not scored with it).
    comprehensive_by_metric: dict[str, float | None] = Field(default_factory=dict)
    trial_summary: TrialSummary | None = None
    perfect: int = 0  # tasks scoring 100
    state_checked: int = 0
    state_match_rate: float | None = None  # share of checked tasks whose PDFs match the reference's
    state_score: float | None = None  # mean element-match ratio (0..1)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: Spread = Field(default_factory=Spread)  # model time per task
    wall_s: Spread = Field(default_factory=Spread)  # whole task: model, queueing, execution, scoring
    grade_s: Spread = Field(default_factory=Spread)  # execution and scoring in the grading worker
    decoding: list[DecodingSummary] = Field(default_factory=list)
    decoding_by_type: list[DecodingTypeSummary] = Field(default_factory=list)  # per method, then type
    protocol: str = "code"  # how the answers came: "code" (one program a task) or "tool" (function calls)

    @property
    def complete(self) -> bool:
        return self.missing == 0 and self.errored == 0


def _detail(record: TaskRecord, metric: str) -> TaskScore | None:
    """The record's TaskScore under ``metric`` (None when it was not scored with it)."""
    if record.metric == metric:
        return record.task_score
    return record.other_metrics.get(metric)


def _scored(record: TaskRecord, metric: str) -> ScoredTask:
    score = _detail(record, metric) if record.status == "ok" else None
    return ScoredTask(task_id=record.task_id, type=record.type, controllers=record.controllers, score=score)


def run_metric(log: RunLog) -> str:
    """The metric a run was scored with (runs logged before metrics could be chosen: ours)."""
    return log.header.config.options.metric


def build_report(log: RunLog, metric: str | None = None) -> Report:
    """The report of a run log (its latest record per task and trial), under ``metric`` (default: the run's).

    Raises ValueError when the run's answers were not scored with ``metric`` (``drafterbench score RUN
    --metric ...`` scores them again).
    """
    from drafterbench.scoring.choose import METRICS, check_metric

    metric = check_metric(metric or run_metric(log))
    latest = log.latest()
    planned = log.planned_keys()
    records = [latest[k] for k in planned if k in latest]
    ok = [r for r in records if r.status == "ok"]
    errored = [r for r in records if r.status == "error"]
    if any(_detail(r, metric) is None and (r.task_score is not None or r.other_metrics) for r in ok):
        raise ValueError(
            f"{log.path}: this run was not scored with the {metric!r} metric; score it again with "
            f"`drafterbench score {log.path.parent} --metric {metric}`"
        )
    scored = [_scored(r, metric) for r in records]
    comprehensive = {
        m: aggregate(_scored(r, m) for r in records).comprehensive_reward if all(_detail(r, m) is not None for r in ok) else None
        for m in METRICS
    }
    per_trial = sorted({r.trial for r in records})
    summary = None
    if len(per_trial) > 1:
        summary = across_trials([aggregate(s for s, r in zip(scored, records) if r.trial == t) for t in per_trial])
    states = [r.state for r in ok if r.state is not None]
    return Report(
        run_id=log.header.run_id,
        model=log.header.model,
        backend=log.header.backend,
        created=log.header.created,
        suite_hash=log.header.suite_hash,
        suite_version=log.header.suite_version,
        git_revision=log.header.git_revision,
        trials=log.header.trials,
        planned=len(planned),
        done=len(ok),
        errored=len(errored),
        missing=len(planned) - len(records),
        errors_by_kind=dict(Counter(r.error_kind or "unknown" for r in errored)),
        metric=metric,
        scores=aggregate(scored),
        comprehensive_by_metric=comprehensive,
        trial_summary=summary,
        perfect=sum(1 for s in scored if s.score is not None and s.score.total >= 100.0 - 1e-9),
        state_checked=len(states),
        state_match_rate=fmean(float(s.match) for s in states) if states else None,
        state_score=fmean(s.score for s in states) if states else None,
        prompt_tokens=sum(r.usage.prompt_tokens for r in records),
        completion_tokens=sum(r.usage.completion_tokens for r in records),
        latency_s=Spread.of([r.latency_s for r in ok if r.response is not None]),
        wall_s=Spread.of([r.wall_s for r in ok]),
        grade_s=Spread.of([r.grade_s for r in ok if r.grade_s]),
        decoding=_decoding(records),
        decoding_by_type=_decoding_by_type(records),
        protocol=_protocol(log),
    )


def _protocol(log: RunLog) -> str:
    """``tool`` when the run's answers are function calls, else the configured ``--agent`` (default code)."""
    if any(r.tool_calls is not None for r in log.records):
        return "tool"
    return log.header.config.agent


def _pooled(stats: list) -> dict:
    """Requests, tokens, tokens/s, τ and α pooled over ``stats`` (sums first, then ratios)."""
    new = sum(s.new_tokens for s in stats)
    wall = sum(s.wall_s for s in stats)
    rounds = sum(s.rounds for s in stats)
    drafted = sum(s.drafted for s in stats)
    accepted = sum(s.accepted for s in stats)
    return dict(
        requests=len(stats),
        new_tokens=new,
        tokens_per_s=new / wall if wall > 0 else None,
        tau=1.0 + accepted / rounds if rounds else None,
        alpha=accepted / drafted if drafted else None,
    )


def _decoding(records: list[TaskRecord]) -> list[DecodingSummary]:
    by_method: dict[str, list] = {}
    for r in records:
        if r.decoding is not None:
            by_method.setdefault(r.decoding.method, []).append(r.decoding)
    return [DecodingSummary(method=method, **_pooled(stats)) for method, stats in sorted(by_method.items())]


def _decoding_by_type(records: list[TaskRecord]) -> list[DecodingTypeSummary]:
    by_key: dict[tuple[str, str], list] = {}
    for r in records:
        if r.decoding is not None:
            by_key.setdefault((r.decoding.method, r.type), []).append(r.decoding)
    return [
        DecodingTypeSummary(method=method, type=type_, **_pooled(stats))
        for (method, type_), stats in sorted(by_key.items(), key=lambda kv: (kv[0][0], _type_order(kv[0][1])))
    ]


def _type_order(name: str) -> tuple[int, str]:
    """The suite's type order (add_text, add_table, ...); a custom type after them, by name."""
    order = {t.value: i for i, t in enumerate(TaskType)}
    return (order.get(name, len(order)), name)
