"""The DrafterBench per-task score (catalog §7.2), typed.

``score = 30 · executable + 70``                         when the modification descriptions match, else
``score = 30 · executable + (70/6) · Σ_d max(success_d / total_d, 0)``  over the six dimensions
(a dimension the reference does not exercise counts as 1). See docs/metrics.md for a worked example.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Literal

from drafterbench.tools.trace import BlockRole, Trace

from .compare import compare_traces
from .counts import Counts, executable, trace_counts
from .describe import descriptions_match
from .models import DIMENSIONS, Dimensions, DimensionScore, TaskScore
from .normalize import normalize
from .prepare import prepare
from .recorder_text import content_matcher
from .similarity import ActionSimilarity, default_similarity

EXECUTABLE_POINTS = 30.0
IMPLEMENTATION_POINTS = 70.0

Mode = Literal["precise", "vague"]


def _actions(trace: Trace) -> set[str]:
    return {
        a.value
        for f in trace.files
        for b in f.blocks_in(BlockRole.RECORDER)
        for a in b.arguments
        if a.name == "action" and isinstance(a.value, str)
    }


def score_task(
    reference: Trace,
    predicted: Trace,
    *,
    mode: Mode = "precise",
    vague_arguments: Collection[str] = (),
    similarity: ActionSimilarity | None = None,
) -> TaskScore:
    """Score one predicted trace against the reference trace of the same task.

    ``mode`` is the task's precise/vague label: in vague mode the task's ``vague_arguments`` and every
    argument the tools declare vague-capable are checked for validity only. ``similarity`` defaults to the
    process-wide all-MiniLM-L6-v2 instance (loaded on the first pair of differing recorder texts).
    """
    if mode not in ("precise", "vague"):
        raise ValueError(f"unknown scoring mode {mode!r}; valid modes: 'precise', 'vague'")
    ref = normalize(prepare(reference))
    pred = normalize(prepare(predicted))
    sim = similarity if similarity is not None else default_similarity()

    # Embed every recorder text in one batch, but only when some text differs (identical traces never
    # load the model).
    ref_texts, pred_texts = _actions(ref), _actions(pred)
    if pred_texts - ref_texts and ref_texts:
        sim.prefetch(sorted(ref_texts | pred_texts))

    runs, diagnostics = executable(pred)
    totals: Counts = trace_counts(ref)
    comparison = compare_traces(
        ref,
        pred,
        vague_mode=mode == "vague",
        vague=frozenset(vague_arguments),
        same_text=content_matcher(sim),
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
