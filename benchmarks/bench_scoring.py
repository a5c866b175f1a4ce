"""Scorer throughput: score every reference trace of the suite against itself and against a damaged copy.

    python benchmarks/bench_scoring.py [--limit N] [--metric drafterbench|original|both]

Prints, per metric, the time to score all traces (target: 1920 traces in ≤ 30 s on the 2-core CI machine),
the score distribution of the damaged copies, and, for the original metric, the time of the one-off
similarity-model load (its recorder-text test; ours compares recorder texts by content, with no model).
Running the reference programs through the interpreter is timed separately: it is not scoring.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from drafterbench.tools.trace import BlockRole, Trace


def damage(trace: Trace, rng: random.Random) -> tuple[str, Trace]:
    """One deterministic, realistic mistake: a wrong value, a lost save, a lost block, a reworded recorder."""
    t = trace.model_copy(deep=True)
    files = [f for f in t.files if f.blocks]
    if not files:
        return "none", t
    f = rng.choice(files)
    kind = rng.choice(["value", "save", "block", "recorder"])
    if kind == "recorder":
        recs = [b for b in f.blocks if b.role is BlockRole.RECORDER]
        action = next(
            (a for b in recs for a in b.arguments if a.name == "action" and isinstance(a.value, str)), None
        )
        if action is not None:
            action.value = "please " + action.value  # a paraphrase (the same content; the original's model decides)
            for b in recs:  # the same paraphrase in the text as written (what the original metric reads)
                if b.text is not None:
                    b.text = b.text.replace("base-level:", "base-level: please", 1)
            return kind, t
        kind = "value"
    if kind == "save" and f.saves:
        f.saves.clear()
        for b in f.blocks:
            b.saved = False
        return kind, t
    if kind == "block" and len(f.blocks) > 1:
        f.blocks.pop(rng.randrange(len(f.blocks)))
        return kind, t
    literals = [
        a for b in f.blocks for a in b.arguments if isinstance(a.value, int) and not isinstance(a.value, bool)
    ]
    if literals:
        rng.choice(literals).value += 1
        return "value", t
    return "none", t


def bench(metric: str, tasks: list, traces: list[Trace], damaged: list[tuple[str, Trace]]) -> bool:
    """Score the references against themselves and against their damaged copies under ``metric``."""
    from drafterbench.scoring import score_traces
    from drafterbench.scoring.similarity import default_similarity

    print(f"--- metric: {metric}")
    t0 = time.perf_counter()
    self_scores = [
        score_traces(tr, tr, metric=metric, mode=task.scoring.mode, vague_arguments=task.scoring.vague_arguments)
        for task, tr in zip(tasks, traces)
    ]
    t_self = time.perf_counter() - t0
    perfect = sum(s.total == 100 for s in self_scores)
    print(
        f"scored {len(tasks)} reference traces against themselves in {t_self:.2f} s "
        f"({1000 * t_self / len(tasks):.2f} ms/trace); {perfect}/{len(tasks)} score 100"
    )
    t_load = 0.0
    if metric == "original":  # only the original metric reads recorder texts with a sentence model
        t0 = time.perf_counter()
        default_similarity()("warm up the model", "load it once")  # the one-off load, timed on its own
        t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    scores = [
        score_traces(tr, d, metric=metric, mode=task.scoring.mode, vague_arguments=task.scoring.vague_arguments)
        for task, tr, (_, d) in zip(tasks, traces, damaged)
    ]
    t_damaged = time.perf_counter() - t0
    if metric == "original":
        print(f"similarity model load (once per process): {t_load:.2f} s")
    print(
        f"scored {len(tasks)} damaged traces in {t_damaged:.2f} s ({1000 * t_damaged / len(tasks):.2f} ms/trace)"
    )
    by_kind: dict[str, list[float]] = {}
    for (kind, _), s in zip(damaged, scores):
        by_kind.setdefault(kind, []).append(s.total)
    for kind, totals in sorted(by_kind.items()):
        print(
            f"  {kind:9s} n={len(totals):4d}  mean {statistics.fmean(totals):6.2f}  "
            f"min {min(totals):6.2f}  max {max(totals):6.2f}"
        )
    ok = t_self <= 30 and t_damaged <= 30
    total = t_self + t_load + t_damaged
    print(
        f"total scoring time for {2 * len(tasks)} traces incl. model load: {total:.2f} s "
        f"(target: {len(tasks)} traces <= 30 s) -> {'OK' if ok else 'SLOW'}"
    )
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="score only the first N tasks")
    parser.add_argument("--metric", choices=["drafterbench", "original", "both"], default="both")
    args = parser.parse_args()

    from drafterbench.interpreter import execute
    from drafterbench.tasks.suite import load_suite

    tasks = load_suite()[: args.limit]
    t0 = time.perf_counter()
    traces = [execute(task.reference_program, effects=False).trace for task in tasks]
    t_exec = time.perf_counter() - t0
    print(f"ran {len(tasks)} reference programs (effects off) in {t_exec:.1f} s  [not part of scoring]")
    rng = random.Random(0)
    damaged = [damage(tr, rng) for tr in traces]
    metrics = ["drafterbench", "original"] if args.metric == "both" else [args.metric]
    for metric in metrics:
        bench(metric, tasks, traces, damaged)


if __name__ == "__main__":
    main()
