"""Scoring: the published DrafterBench metric (typed, with diagnostics), run aggregates and a state check.

``import drafterbench.scoring`` is light: nothing here imports torch. The sentence-similarity model
loads on the first comparison of two different recorder texts.

Public API (loaded lazily)::

    score_task(reference, predicted, *, mode="precise", vague_arguments=()) -> TaskScore   (ours)
    score_traces(reference, predicted, *, metric="drafterbench"|"original", mode=..., vague_arguments=())
    score_programs(groundtruth_source, prediction_source, *, metric=..., mode=...) -> TaskScore
    aggregate(results: Iterable[ScoredTask]) -> RunScores
    across_trials(runs: list[RunScores]) -> TrialSummary
    compare_pdfs(reference, predicted) -> StateMatch
"""

from __future__ import annotations

from typing import Any

# Light modules (pydantic only) are imported eagerly: a lazy ``aggregate`` function would be shadowed by
# the ``aggregate`` submodule as soon as anything imports it.
from drafterbench.scoring.aggregate import (
    Controllers,
    MeanStd,
    RunScores,
    ScoredTask,
    TrialSummary,
    across_trials,
    aggregate,
)
from drafterbench.scoring.choose import METRICS, is_executable, score_programs, score_traces
from drafterbench.scoring.metric import score_task
from drafterbench.scoring.models import Diagnostic, DiagnosticKind, Dimensions, DimensionScore, TaskScore
from drafterbench.scoring.similarity import ActionSimilarity

_LAZY = {  # pymupdf is only needed for the state check
    "compare_pdfs": ("drafterbench.scoring.state", "compare_pdfs"),
    "compare_outputs": ("drafterbench.scoring.state", "compare_outputs"),
    "StateMatch": ("drafterbench.scoring.state", "StateMatch"),
}

__all__ = [
    "METRICS",
    "ActionSimilarity",
    "Controllers",
    "Diagnostic",
    "DiagnosticKind",
    "DimensionScore",
    "Dimensions",
    "MeanStd",
    "RunScores",
    "ScoredTask",
    "StateMatch",
    "TaskScore",
    "TrialSummary",
    "across_trials",
    "aggregate",
    "compare_outputs",
    "compare_pdfs",
    "is_executable",
    "score_programs",
    "score_task",
    "score_traces",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'drafterbench.scoring' has no attribute {name!r}")
