"""Write drafterbench-tiny's model card (docs/drafterbench-tiny.md, also shipped beside the weights).

Reads the shipped manifest (training), a run log of the stratified 240-task evaluation and a
``drafterbench bench --model drafterbench-tiny --json`` report, and fills the card's tables from them:

    drafterbench run --model drafterbench-tiny --per-type 20 --out runs/tiny-240
    drafterbench bench --model drafterbench-tiny --json --out runs/tiny-bench.json
    python benchmarks/tiny_card.py runs/tiny-240 runs/tiny-bench.json
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from drafterbench.benchmarking.report import BenchReport
from drafterbench.report import build_report
from drafterbench.runlog import read_run
from drafterbench.tiny.serve import GAMMA
from drafterbench.tiny.weights import manifest, shipped_dir

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "docs" / "drafterbench-tiny.template.md"


def _f(x: float | None, spec: str = ".2f") -> str:
    return "–" if x is None else format(x, spec)


def training_table(m: dict) -> str:
    rows = ["| part | vocabulary | layers × width | stored rows | file MB | steps | minutes | final loss | "
            "held-out loss | held-out accuracy |", "|---|---|---|---|---|---|---|---|---|---|"]
    for part, p in m["parts"].items():
        s = p["shape"]
        acc = p["heldout"].get("token_accuracy", p["heldout"].get("agreement_with_target"))
        rows.append(f"| {part} | {s['vocab']} ({p['full_rows']:,} rows) | {s['layers']} × {s['hidden']} | "
                    f"{p['stored_rows']:,} | {p['bytes'] / 1e6:.1f} | {p['steps']} | {p['train_seconds'] / 60:.1f} | "
                    f"{p['final_loss']:.4f} | {p['heldout']['loss']:.4f} | {acc:.4f} |")
    return "\n".join(rows)


def score_tables(run: Path) -> tuple[str, str, dict]:
    rep = build_report(read_run(run))
    s = rep.scores
    by_type = ["| type | score |", "|---|---|"] + [f"| {t} | {_f(v)} |" for t, v in s.per_type.items()]
    groups = ["| group | score |", "|---|---|"] + [f"| {g} | {_f(v)} |" for g, v in s.groups.items()]
    summary = {"tasks": rep.done, "average": s.average_tasks, "comprehensive": s.comprehensive_reward,
               "executable": s.executable_rate, "perfect": rep.perfect,
               "original": rep.comprehensive_by_metric.get("original"), "state": rep.state_match_rate}
    return "\n".join(by_type), "\n".join(groups), summary


def decoding_table(bench: BenchReport) -> str:
    rows = ["| method | engine | speed-up | τ | α | MBSU | tok/s | same output |", "|---|---|---|---|---|---|---|---|"]
    for r in bench.results:
        rows.append(f"| {r.method} | {r.engine} | {r.speedup:.2f}× | {_f(r.tau)} | {_f(r.alpha)} | {_f(r.mbsu)} | "
                    f"{r.tokens_per_s:.1f} | {'yes' if r.identical else 'no'} |")
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("run", type=Path)
    ap.add_argument("bench", type=Path)
    args = ap.parse_args()
    m = manifest()
    by_type, groups, summary = score_tables(args.run)
    bench = BenchReport.model_validate_json(args.bench.read_text())
    text = TEMPLATE.read_text()
    fill = {
        "TRAINING_TABLE": training_table(m), "TYPE_TABLE": by_type, "GROUP_TABLE": groups,
        "DECODING_TABLE": decoding_table(bench),
        "BENCH_SETUP": f"{bench.prompts} suite prompts (one per type), {bench.max_new_tokens} new tokens at most, "
                       f"{bench.device} {bench.dtype}, torch {bench.torch_version}, transformers "
                       f"{bench.transformers_version}; draft length γ "
                       + ", ".join(f"{name} {g}" for name, g in GAMMA.items())
                       + f" (transformers' variants: {bench.gamma}, constant)",
        "TRAIN_TASKS": f"{m['recipe']['train_tasks']:,}",
        "TRAIN_MINUTES": f"{sum(p['train_seconds'] for p in m['parts'].values()) / 60:.0f}",
        "TOTAL_MB": f"{sum(p['bytes'] for p in m['parts'].values()) / 1e6:.1f}",
        **{k.upper(): _f(v) if isinstance(v, float) else str(v) for k, v in summary.items()},
    }
    for key, value in fill.items():
        text = text.replace("{{" + key + "}}", value)
    out = ROOT / "docs" / "drafterbench-tiny.md"
    out.write_text(text)
    shutil.copyfile(out, shipped_dir() / "MODEL_CARD.md")
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
