"""Run-level aggregates: per-type means, average tasks, comprehensive reward, group means, trials.

The runner builds one :class:`ScoredTask` per task from plain fields (no import of the task suite).
An errored task (``score is None``: the agent or backend failed, nothing to score) is counted but left
out of every mean, so an outage is never mistaken for a zero.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from statistics import fmean, stdev

from pydantic import BaseModel, ConfigDict, Field, field_validator

from drafterbench.tasktypes import TaskType

from .models import DIMENSIONS, TaskScore

SCHEMA_VERSION = 1

_CHOICES = {
    "language": ("structured", "unstructured"),
    "detail": ("precise", "vague"),
    "completeness": ("complete", "incomplete"),
    "objects": ("single", "multiple"),
    "operations": ("single", "multiple"),
}

#: The original's group names (evaluate.py), keyed by (controller, value). Note the original's data
#: spelled the multiple groups in the singular, so its filters never matched; ours do.
GROUPS: dict[tuple[str, str], str] = {
    ("language", "structured"): "Structured",
    ("language", "unstructured"): "Unstructured",
    ("detail", "precise"): "Precise",
    ("detail", "vague"): "Vague",
    ("completeness", "complete"): "Complete",
    ("completeness", "incomplete"): "Error",
    ("objects", "single"): "Single_Object",
    ("objects", "multiple"): "Multiple_Objects",
    ("operations", "single"): "Single_Operation",
    ("operations", "multiple"): "Multiple_Operations",
}


class Controllers(BaseModel):
    """A task's complexity controllers as plain strings (validated, case-insensitive)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    language: str
    detail: str
    completeness: str
    objects: str
    operations: str

    @field_validator("language", "detail", "completeness", "objects", "operations", mode="before")
    @classmethod
    def _check(cls, value: object, info) -> str:
        valid = _CHOICES[info.field_name]
        text = str(getattr(value, "value", value)).strip().lower()
        if text not in valid:
            raise ValueError(f"unknown {info.field_name} {value!r}; valid values: {', '.join(valid)}")
        return text

    def groups(self) -> list[str]:
        """The original's group names this task belongs to."""
        return [GROUPS[(name, getattr(self, name))] for name in _CHOICES]


class ScoredTask(BaseModel):
    """One task's result as the aggregate sees it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    task_id: str
    type: TaskType
    controllers: Controllers
    score: TaskScore | None = None  # None: the task errored (not a zero)


class Counts(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    tasks: int
    scored: int
    errored: int
    executable: int
    descriptions_match: int
    per_type: dict[str, int] = Field(default_factory=dict)


class RunScores(BaseModel):
    """The aggregate of one run (one trial)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int = SCHEMA_VERSION
    per_type: dict[str, float]
    average_tasks: float | None
    comprehensive_reward: float | None
    groups: dict[str, float | None]
    dimensions: dict[str, float | None]  # mean per-task ratio of each dimension
    executable_rate: float | None
    counts: Counts


def _mean(values: list[float]) -> float | None:
    return fmean(values) if values else None


def aggregate(results: Iterable[ScoredTask]) -> RunScores:
    """Per-type means, their average, the comprehensive reward and the group means of one run.

    ``average_tasks`` is the mean of the per-type means (of the types present);
    ``comprehensive_reward = average_tasks − (100 − worst per-type mean) / 12``.
    """
    results = list(results)
    scored = [r for r in results if r.score is not None]
    by_type: dict[str, list[float]] = {}
    for r in scored:
        by_type.setdefault(r.type.value, []).append(r.score.total)  # type: ignore[union-attr]
    order = [t.value for t in TaskType]
    per_type = {t: fmean(by_type[t]) for t in order if t in by_type}
    average = _mean(list(per_type.values()))
    comprehensive = None
    if average is not None:
        comprehensive = average - (100.0 - min(per_type.values())) / 12.0
    groups: dict[str, float | None] = {}
    for name in GROUPS.values():
        groups[name] = _mean([r.score.total for r in scored if name in r.controllers.groups()])  # type: ignore[union-attr]
    dims = {
        d: _mean([getattr(r.score.dimensions, d).ratio for r in scored])  # type: ignore[union-attr]
        for d in DIMENSIONS
    }
    per_type_counts: dict[str, int] = {}
    for r in results:
        per_type_counts[r.type.value] = per_type_counts.get(r.type.value, 0) + 1
    return RunScores(
        per_type=per_type,
        average_tasks=average,
        comprehensive_reward=comprehensive,
        groups=groups,
        dimensions=dims,
        executable_rate=_mean([float(r.score.executable) for r in scored]),  # type: ignore[union-attr]
        counts=Counts(
            tasks=len(results),
            scored=len(scored),
            errored=len(results) - len(scored),
            executable=sum(1 for r in scored if r.score.executable),  # type: ignore[union-attr]
            descriptions_match=sum(1 for r in scored if r.score.descriptions_match),  # type: ignore[union-attr]
            per_type={t: per_type_counts[t] for t in order if t in per_type_counts},
        ),
    )


class MeanStd(BaseModel):
    """Mean and sample standard deviation of one figure over trials (std 0 for a single trial)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    mean: float | None
    std: float | None
    n: int

    def __str__(self) -> str:
        if self.mean is None:
            return "n/a"
        return f"{self.mean:.2f} ± {self.std or 0.0:.2f}"


def _mean_std(values: list[float | None]) -> MeanStd:
    present = [v for v in values if v is not None and not math.isnan(v)]
    if not present:
        return MeanStd(mean=None, std=None, n=0)
    return MeanStd(mean=fmean(present), std=stdev(present) if len(present) > 1 else 0.0, n=len(present))


class TrialSummary(BaseModel):
    """Mean ± std of every RunScores figure across trials."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int = SCHEMA_VERSION
    trials: int
    per_type: dict[str, MeanStd]
    average_tasks: MeanStd
    comprehensive_reward: MeanStd
    groups: dict[str, MeanStd]
    dimensions: dict[str, MeanStd]
    executable_rate: MeanStd


def across_trials(runs: list[RunScores]) -> TrialSummary:
    """Mean ± (sample) std per field over several trials of the same run."""
    if not runs:
        raise ValueError("across_trials needs at least one RunScores")
    types = [t.value for t in TaskType if any(t.value in r.per_type for r in runs)]
    return TrialSummary(
        trials=len(runs),
        per_type={t: _mean_std([r.per_type.get(t) for r in runs]) for t in types},
        average_tasks=_mean_std([r.average_tasks for r in runs]),
        comprehensive_reward=_mean_std([r.comprehensive_reward for r in runs]),
        groups={g: _mean_std([r.groups.get(g) for r in runs]) for g in GROUPS.values()},
        dimensions={d: _mean_std([r.dimensions.get(d) for r in runs]) for d in DIMENSIONS},
        executable_rate=_mean_std([r.executable_rate for r in runs]),
    )
