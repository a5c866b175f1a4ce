"""The DrafterBench per-task score (catalog §7.2), typed.

``score = 30 · executable + 70``                         when the modification descriptions match, else
``score = 30 · executable + (70/6) · Σ_d max(success_d / total_d, 0)``  over the six dimensions
(a dimension the reference does not exercise counts as 1). See docs/metrics.md for a worked example.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Literal

from drafterbench.tools.trace import Trace

from .compare import compare_traces
from .counts import Counts, executable, trace_counts
from .describe import descriptions_match
from .models import DIMENSIONS, Dimensions, DimensionScore, TaskScore
from .normalize import normalize
from .prepare import prepare
from .recorder_text import same_text

EXECUTABLE_POINTS = 30.0
IMPLEMENTATION_POINTS = 70.0

Mode = Literal["precise", "vague"]


def score_task(
    reference: Trace,
    predicted: Trace,
    *,
    mode: Mode = "precise",
    vague_arguments: Collection[str] = (),
) -> TaskScore:
    """Score one predicted trace against the reference trace of the same task.

    ``mode`` is the task's precise/vague label: in vague mode the task's ``vague_arguments`` and every
    argument the tools declare vague-capable are checked for validity only. Recorder texts are compared
    by content (:mod:`.recorder_text`), with no sentence model.
    """
    if mode not in ("precise", "vague"):
        raise ValueError(f"unknown scoring mode {mode!r}; valid modes: 'precise', 'vague'")
    ref = normalize(prepare(reference))
    pred = normalize(prepare(predicted))
    runs, diagnostics = executable(pred)
    totals: Counts = trace_counts(ref)
    comparison = compare_traces(
        ref,
        pred,
        vague_mode=mode == "vague",
        vague=frozenset(vague_arguments),
        same_text=same_text,
    )
    totals += comparison.extra_total
    dims = Dimensions(
        **{
            name: DimensionScore(success=getattr(comparison.success, name), total=getattr(totals, name))
            for name in DIMENSIONS
        }
    )
    match = descriptions_match(ref, pred)
    implementation = (
        IMPLEMENTATION_POINTS if match else IMPLEMENTATION_POINTS / len(DIMENSIONS) * dims.ratio_sum
    )
    total = EXECUTABLE_POINTS * runs + implementation
    return TaskScore(
        executable=runs,
        total=round(min(max(total, 0.0), 100.0), 10),
        descriptions_match=match,
        mode=mode,
        dimensions=dims,
        diagnostics=diagnostics + comparison.diagnostics,
    )
