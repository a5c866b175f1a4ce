"""``--metric original``: the published DrafterBench metric reproduced as the original code computed it.

Our Trace is rebuilt as the original's information matrix (:mod:`.record`, :mod:`.matrix`, :mod:`.dual`),
then scored with the original's rules (:mod:`.checks`, :mod:`.compare`, :mod:`.describe`)::

    score = 30 · executable + 70                                  when the descriptions match
    score = 30 · executable + (70/6) · Σ_d max(success_d / total_d, 0)   otherwise (total 0 counts 1)

and, as the original's evaluator did, 0 for an answer whose run raised or recorded nothing. The original's
known defects are kept here on purpose (see docs/differences.md); ``--metric drafterbench`` is ours.
"""

from __future__ import annotations

from typing import Literal

from drafterbench.scoring.models import (
    DIMENSIONS,
    Diagnostic,
    DiagnosticKind,
    Dimensions,
    DimensionScore,
    TaskScore,
)
from drafterbench.scoring.similarity import ActionSimilarity, default_similarity
from drafterbench.tools.trace import Trace

from .checks import executable_check, ground_check
from .compare import Rules, file_compare
from .describe import descriptions_match
from .deviations import check as check_deviations
from .record import build_matrix

Mode = Literal["precise", "vague"]


def _dimensions(success: list[float], totals: list[float]) -> Dimensions:
    return Dimensions(
        **{
            n: DimensionScore(success=float(s), total=float(t))
            for n, s, t in zip(DIMENSIONS, success, totals)
        }
    )


def score_original(
    reference: Trace,
    predicted: Trace,
    *,
    mode: Mode = "precise",
    similarity: ActionSimilarity | None = None,
    deviations: frozenset[str] = frozenset(),
) -> TaskScore:
    """Score ``predicted`` against ``reference`` exactly as the original DrafterBench metric did.

    ``deviations`` (for measurement, :mod:`.deviations`) switches single rules to our metric's.
    """
    if mode not in ("precise", "vague"):
        raise ValueError(f"unknown scoring mode {mode!r}; valid modes: 'precise', 'vague'")
    dev = check_deviations(frozenset(deviations))
    gt = build_matrix(reference, dev) or []
    pred = build_matrix(predicted, dev)
    totals = ground_check(gt)
    if not pred:
        why = (
            f"program stopped: {predicted.error.kind} error: {predicted.error.message}"
            if predicted.error is not None
            else "the program recorded nothing"
        )
        diag = Diagnostic(
            kind=DiagnosticKind.NOT_EXECUTABLE, message=f"{why} (the original scores such an answer 0)"
        )
        return TaskScore(
            executable=False, total=0.0, descriptions_match=False, mode=mode, metric="original",
            dimensions=_dimensions([0.0] * 6, totals), diagnostics=[diag],
        )  # fmt: skip
    runs, reasons = executable_check(pred, dev)
    if predicted.error is not None:  # scored on what it did before stopping (``stopped-partial``)
        runs, reasons = False, [f"program stopped: {predicted.error.message}", *reasons]
    diagnostics = [
        Diagnostic(
            kind=DiagnosticKind.NOT_EXECUTABLE, message=f"not executable under the original's rules: {r}"
        )
        for r in reasons
    ]
    sim = similarity if similarity is not None else default_similarity()
    if descriptions_match(pred, gt, dev):
        return TaskScore(
            executable=runs, total=30.0 * runs + 70.0, descriptions_match=True, mode=mode, metric="original",
            dimensions=_dimensions(totals, totals), diagnostics=diagnostics,
        )  # fmt: skip
    rules = Rules("precise" if mode == "precise" else "vaguely", sim, dev)
    success, totals = file_compare(gt, totals, pred, rules)
    ratios = [max(s / t, 0.0) if t > 0 else 1.0 for s, t in zip(success, totals)]
    if "cap" in dev:
        ratios = [min(r, 1.0) for r in ratios]
    total = 30.0 * runs + sum(ratios) * 70.0 / 6.0
    if "cap" in dev:
        total = min(max(total, 0.0), 100.0)
    return TaskScore(
        executable=runs, total=round(total, 10), descriptions_match=False, mode=mode, metric="original",
        dimensions=_dimensions(success, totals), diagnostics=diagnostics,
    )  # fmt: skip


def original_executable(trace: Trace) -> tuple[bool, list[str]]:
    """Whether the original awards ``trace`` the 30 executable points, and why not."""
    matrix = build_matrix(trace)
    if not matrix:
        if trace.error is not None:
            return False, [f"program stopped: {trace.error.kind} error: {trace.error.message}"]
        return False, ["the program recorded nothing"]
    return executable_check(matrix)


__all__ = ["original_executable", "score_original"]
