"""How a run is carried out: :class:`RunOptions`, repeated in the run log's header."""

from __future__ import annotations

from dataclasses import dataclass

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
