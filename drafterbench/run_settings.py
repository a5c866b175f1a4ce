"""What a run is started with: :class:`RunOptions` (how it is carried out) inside :class:`RunConfig` (the
run log header's ``config``: the model, the task selection, the generation and backend settings).

A run log may come from elsewhere, so a header's config is typed and bounded here: a malformed one is one
error naming the field when the log is read (:mod:`drafterbench.run_config` holds the rules a resume obeys).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from drafterbench.backends.base import GenerationParams
from drafterbench.backends.registry import BackendOptions
from drafterbench.grading_pool import GradeBudget

#: Bounds on the run options (a header from elsewhere is held to the trials bound too).
MAX_TRIALS = 100
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


class TinyWeights(BaseModel):
    """Which drafterbench-tiny weights a run used: ``shipped`` or the ``$DRAFTERBENCH_TINY_DIR`` folder."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(max_length=4096)
    target_sha256: str = Field(max_length=64)


class RunConfig(BaseModel):
    """A run header's ``config``: everything ``--resume`` rebuilds the run from.

    ``drafterbench run`` fills every field; a run started from Python (:func:`drafterbench.run.evaluate`)
    has no ``params`` or ``backend`` (its agent is the caller's object), so only Python can continue it.
    Extra keys pass through (a later version may record more settings); the ones a resume uses are typed.
    """

    model_config = ConfigDict(extra="allow")

    model: str = Field("", max_length=1000)
    agent: Literal["code", "tool"] = "code"  # runs logged before --agent existed were code-mode runs
    task_group: str | None = Field(None, max_length=200)
    types: list[str] = Field(default_factory=list, max_length=100)
    limit: int | None = Field(None, ge=1)
    per_type: int | None = Field(None, ge=1)  # --per-type: a sample spread over the controllers
    tasks_file: str | None = Field(None, max_length=4096)  # read (bounded, a regular file), never written
    params: GenerationParams | None = None
    backend: BackendOptions | None = None
    options: RunOptions = Field(default_factory=RunOptions)
    tiny_weights: TinyWeights | None = None  # drafterbench-tiny runs: a resume must load the same weights

    @property
    def from_cli(self) -> bool:
        """Whether the run was started by ``drafterbench run`` (so the CLI can rebuild its agent)."""
        return self.params is not None and self.backend is not None
