"""What each difference between our metric and the original's changes, measured on the golden pairs.

    python benchmarks/bench_differences.py [--pairs FILE.jsonl] [--update docs/differences.md]

The golden pairs (``tests/golden/original-metric-pairs.jsonl``) are the original generator's ground truths,
each damaged once (an integer raised by 1, the saves removed, one call dropped), with the original code's
own score. For every deviation of ``--metric drafterbench`` from the original (``drafterbench.scoring.
original.deviations``) the pairs are scored with the original metric with that one rule switched to ours,
and the change against the original metric is reported as mean and max |Δ| per damage kind, with the
number of pairs it changes. The last rows compare our whole metric with the original's.

``--update`` rewrites the table between the ``<!-- measured:begin -->`` / ``<!-- measured:end -->`` markers
of the given file, so docs/differences.md is regenerated rather than edited by hand.
"""

from __future__ import annotations

import argparse
import json
import statistics
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "tests" / "golden" / "original-metric-pairs.jsonl"
BEGIN, END = "<!-- measured:begin -->", "<!-- measured:end -->"
KINDS = ("int+1", "no-save", "drop-call")


def load(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:
        row["damage"] = row.get("kind", "pair:other").split(":")[1]
    return rows


def effect(rows: list[dict], base: list[float], other: list[float]) -> list[str]:
    """``mean / max`` |Δ| per damage kind, then the number of pairs changed (of all)."""
    cells = []
    for kind in KINDS:
        deltas = [abs(o - b) for r, b, o in zip(rows, base, other) if r["damage"] == kind]
        cells.append(f"{statistics.fmean(deltas):.2f} / {max(deltas):.2f}" if deltas else "–")
    changed = sum(abs(o - b) > 0.005 for b, o in zip(base, other))
    cells.append(f"{changed}/{len(rows)}")
    return cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=PAIRS, help="golden pairs (JSONL)")
    parser.add_argument("--update", type=Path, default=None, help="rewrite the measured table in this file")
    args = parser.parse_args()

    from drafterbench.interpreter import run_program
    from drafterbench.scoring.metric import score_task
    from drafterbench.scoring.original import score_original
    from drafterbench.scoring.original.deviations import DEVIATIONS, FOLLOWED
    from drafterbench.tools.session import ToolSession

    rows = load(args.pairs)
    traces = [
        (run_program(r["groundtruth"], ToolSession(effects=False)), run_program(r["prediction"], ToolSession(effects=False)))
        for r in rows
    ]

    def scores(fn: Callable) -> list[float]:
        return [fn(gt, pred, r["mode"]) for r, (gt, pred) in zip(rows, traces)]

    base = scores(lambda g, p, m: score_original(g, p, mode=m).total)
    agree = sum(abs(b - r["original"]) <= 0.01 for b, r in zip(base, rows))
    counts = ", ".join(f"{sum(r['damage'] == k for r in rows)} {k}" for k in KINDS)
    lines = [
        f"Measured on {len(rows)} golden pairs ({counts}); "
        f"`--metric original` agrees with the original code's score within 0.01 on {agree}/{len(rows)}. "
        "Each cell is mean / max |Δ| in points against the original metric; \"changed\" counts pairs moved by "
        "more than 0.005. Regenerate with `python benchmarks/bench_differences.py --update docs/differences.md`.",
        "",
        "| deviation (ours instead of the original's) | int+1 | no-save | drop-call | changed |",
        "|---|---|---|---|---|",
    ]
    def row(name: str, what: str) -> str:
        dev = frozenset({name})
        other = scores(lambda g, p, m: score_original(g, p, mode=m, deviations=dev).total)
        return f"| `{name}`: {what} | " + " | ".join(effect(rows, base, other)) + " |"

    for name, what in DEVIATIONS.items():
        lines.append(row(name, what))
    every = frozenset(DEVIATIONS)
    all_on = scores(lambda g, p, m: score_original(g, p, mode=m, deviations=every).total)
    ours = scores(lambda g, p, m: score_task(g, p, mode=m).total)
    lines.append("| all of the above together | " + " | ".join(effect(rows, base, all_on)) + " |")
    lines.append("| **`--metric drafterbench` (ours, whole)** | " + " | ".join(effect(rows, base, ours)) + " |")
    means = {k: statistics.fmean(s for r, s in zip(rows, ours) if r["damage"] == k) for k in KINDS}
    orig_means = {k: statistics.fmean(s for r, s in zip(rows, base) if r["damage"] == k) for k in KINDS}
    lines += [
        "",
        "Rules ours used to have, now the original's (merely different, not fixes); what they changed:",
        "",
        "| former rule of ours | int+1 | no-save | drop-call | changed |",
        "|---|---|---|---|---|",
        *(row(name, what) for name, what in FOLLOWED.items()),
    ]
    lines.append("")
    lines.append(
        "Mean score per damage kind, original → ours: "
        + ", ".join(f"{k} {orig_means[k]:.2f} → {means[k]:.2f}" for k in KINDS)
        + "."
    )
    table = "\n".join(lines)
    print(table)
    if args.update is not None:
        text = args.update.read_text(encoding="utf-8")
        if BEGIN not in text or END not in text:
            raise SystemExit(f"{args.update} has no {BEGIN} ... {END} block to rewrite")
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        args.update.write_text(f"{head}{BEGIN}\n{table}\n{END}{tail}", encoding="utf-8")
        print(f"rewrote the measured table in {args.update}")


if __name__ == "__main__":
    main()
