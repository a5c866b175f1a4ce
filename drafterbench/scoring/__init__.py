"""Scoring: the published DrafterBench metric (typed, with diagnostics), run aggregates and a state check.

``import drafterbench.scoring`` is light: nothing here imports torch. The sentence-similarity model
loads on the first comparison of two different recorder texts.

Public API (loaded lazily)::

    score_task(reference, predicted, *, mode="precise", vague_arguments=()) -> TaskScore
    aggregate(results: Iterable[ScoredTask]) -> RunScores
    across_trials(runs: list[RunScores]) -> TrialSummary
    compare_pdfs(reference, predicted) -> StateMatch
"""

from __future__ import annotations

from typing import Any

_LAZY = {
    "score_task": ("drafterbench.scoring.metric", "score_task"),
    "TaskScore": ("drafterbench.scoring.models", "TaskScore"),
    "Dimensions": ("drafterbench.scoring.models", "Dimensions"),
    "DimensionScore": ("drafterbench.scoring.models", "DimensionScore"),
    "Diagnostic": ("drafterbench.scoring.models", "Diagnostic"),
    "DiagnosticKind": ("drafterbench.scoring.models", "DiagnosticKind"),
    "aggregate": ("drafterbench.scoring.aggregate", "aggregate"),
    "across_trials": ("drafterbench.scoring.aggregate", "across_trials"),
    "RunScores": ("drafterbench.scoring.aggregate", "RunScores"),
    "ScoredTask": ("drafterbench.scoring.aggregate", "ScoredTask"),
    "Controllers": ("drafterbench.scoring.aggregate", "Controllers"),
    "TrialSummary": ("drafterbench.scoring.aggregate", "TrialSummary"),
    "MeanStd": ("drafterbench.scoring.aggregate", "MeanStd"),
    "compare_pdfs": ("drafterbench.scoring.state", "compare_pdfs"),
    "compare_outputs": ("drafterbench.scoring.state", "compare_outputs"),
    "StateMatch": ("drafterbench.scoring.state", "StateMatch"),
    "ActionSimilarity": ("drafterbench.scoring.similarity", "ActionSimilarity"),
}

__all__ = list(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'drafterbench.scoring' has no attribute {name!r}")
