"""Choosing the metric: ours (``drafterbench``, the default) or the published one reproduced (``original``).

``score_traces`` is what grading calls; ``score_programs`` runs two programs (recording only) and scores
them, for ``drafterbench compare``; ``is_executable`` says whether a trace earns the 30 executable points
under a metric, for ``drafterbench exec``.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Literal

from drafterbench.tools.trace import Trace

from .models import TaskScore
from .similarity import ActionSimilarity

Metric = Literal["drafterbench", "original"]
METRICS: tuple[str, ...] = ("drafterbench", "original")
MODES: tuple[str, ...] = ("precise", "vague")


def check_metric(metric: str) -> str:
    """``metric`` if it is known, else a ValueError naming the valid choices."""
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; valid metrics: {', '.join(METRICS)}")
    return metric


def score_traces(
    reference: Trace,
    predicted: Trace,
    *,
    metric: str = "drafterbench",
    mode: str = "precise",
    vague_arguments: Collection[str] = (),
    similarity: ActionSimilarity | None = None,
) -> TaskScore:
    """Score a predicted trace against the reference trace under ``metric``."""
    if check_metric(metric) == "original":
        from .original import score_original

        return score_original(reference, predicted, mode=mode, similarity=similarity)  # type: ignore[arg-type]
    from .metric import score_task

    return score_task(
        reference,
        predicted,
        mode=mode,
        vague_arguments=vague_arguments,
    )


def score_programs(
    groundtruth: str,
    prediction: str,
    *,
    metric: str = "drafterbench",
    mode: str = "precise",
    explain: bool = False,
) -> TaskScore:
    """Run both programs through the interpreter (recording only) and score the prediction.

    ``explain``: under ``original``, whose own diagnostics only say why an answer is not executable, add
    what our comparison finds different (value, call and file differences; not its validity verdicts,
    which the original's rules may not share).
    """
    from drafterbench.interpreter import run_program
    from drafterbench.tools.session import ToolSession

    check_metric(metric)
    if mode not in MODES:
        raise ValueError(f"unknown scoring mode {mode!r}; valid modes: {', '.join(MODES)}")
    reference = run_program(groundtruth, ToolSession(effects=False))
    predicted = run_program(prediction, ToolSession(effects=False))
    score = score_traces(reference, predicted, metric=metric, mode=mode)
    if not (explain and metric == "original" and score.total < 100):
        return score
    from .models import DiagnosticKind

    ours = score_traces(reference, predicted, metric="drafterbench", mode=mode)
    verdicts = (DiagnosticKind.NOT_EXECUTABLE, DiagnosticKind.INVALID_VALUE)
    found = [d for d in ours.diagnostics if d.kind not in verdicts]
    return score.model_copy(update={"diagnostics": [*score.diagnostics, *found]})


def is_executable(trace: Trace, metric: str = "drafterbench") -> tuple[bool, list[str]]:
    """Whether ``trace`` earns the executable points under ``metric``, and why not."""
    if check_metric(metric) == "original":
        from .original import original_executable

        return original_executable(trace)
    from .counts import executable
    from .prepare import prepare

    runs, diagnostics = executable(prepare(trace))
    return runs, [str(d) for d in diagnostics]
