"""VocabTrim end to end when the target's outputs are concentrated, as real text is (a constructed setting).

``bench_decoding.py`` shows the trimmed drafter step is several times cheaper, but its random-weight target
emits tokens spread over the whole 151,936-token vocabulary, so a token map calibrated on other prompts
almost never holds the next token (α ≈ 0). VocabTrim's premise is that real outputs are Zipfian and
concentrated. This bench makes that premise true *by construction* and measures what it buys:

- Target: the random-weight Qwen2 of ``bench_decoding.build_models`` (real 151,936-row vocabulary, tied
  embedding/head), whose LM head gets a bias: a "frequent" set of ``--frequent`` token ids drawn at random
  from the whole vocabulary, ranked r = 1..m, gets ``offset - scale * zipf * ln r``; every other id gets 0.
  Greedy continuations then land in that set with Zipf-like rank frequencies (measured and printed). The
  concentration is constructed to imitate real text, not learned.
- Drafter: the target's first layers with the same embedding and the same biased head (so it agrees often).
- Prompts: tokens drawn from the same Zipf law (plus a few uniform ids); benched and calibration prompts are
  different draws.
- Token maps: the target generates greedily on the held-out calibration prompts only; its tokens are counted
  and the top k kept with ``vocabtrim.select_tokens`` (exactly what ``vocabtrim.calibrate`` /
  ``drafterbench calibrate`` does; checked against ``calibrate`` on two prompts). When the calibration text
  has fewer distinct tokens than k, the map is filled up to k with uncounted ids in ascending id order (the
  tie rule of ``select_tokens``), so every map costs what a k-row head costs; the fill never looks at the
  frequent set (it overlaps it by chance, about k/V of it, so larger maps cover a little more).
- Methods, same process, same prompts, interleaved prompt by prompt in a rotating order, each prompt's best of
  ``--repeats``: plain, ``draft`` (full 151,936-row head), ``vocabtrim`` at each ``--trim-k``. Greedy fp32:
  every output must be token-identical to plain.

Usage::

    python benchmarks/bench_vocabtrim.py --threads 1 --repeats 3           # table (a few minutes, 2 cores)
    python benchmarks/bench_vocabtrim.py --threads 1 --repeats 3 --json    # the same as JSON
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import math
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_decoding import build_models  # noqa: E402 - the same models as the main decoding bench


def frequent_set(vocab: int, m: int, seed: int) -> list[int]:
    """m distinct ids drawn uniformly from the vocabulary; list position = frequency rank - 1."""
    return random.Random(seed).sample(range(vocab), m)


def concentrate(models, frequent: list[int], zipf: float, scale: float, offset: float) -> None:
    """Give each model's tied LM head the Zipf bias (in place); the head weight stays the shared embedding."""
    import torch

    vocab = models[0].get_output_embeddings().weight.shape[0]
    bias = torch.zeros(vocab)
    for rank, tid in enumerate(frequent, 1):
        bias[tid] = offset - scale * zipf * math.log(rank)
    for model in models:
        emb = model.get_input_embeddings().weight
        head = torch.nn.Linear(emb.shape[1], vocab, bias=True, device=emb.device, dtype=emb.dtype)
        head.weight = emb  # still tied: the same Parameter as the input embedding
        head.bias = torch.nn.Parameter(bias.to(emb.device, emb.dtype), requires_grad=False)
        model.lm_head = head


def zipf_prompts(n: int, length: int, frequent: list[int], zipf: float, vocab: int, seed: int,
                 uniform: float = 0.05) -> list[list[int]]:
    """Prompts whose tokens follow the frequent set's Zipf law, with a ``uniform`` share of arbitrary ids."""
    rng = random.Random(seed)
    weights = [r ** -zipf for r in range(1, len(frequent) + 1)]
    out = []
    for _ in range(n):
        toks = rng.choices(frequent, weights=weights, k=length)
        out.append([rng.randrange(vocab) if rng.random() < uniform else t for t in toks])
    return out


def calibration_outputs(target, prompts: list[list[int]], max_new_tokens: int) -> list[list[int]]:
    """Greedy target tokens on each prompt: what ``vocabtrim.calibrate`` counts."""
    from drafterbench.backends.local.engine import generate

    return [generate(target, p, max_new_tokens=max_new_tokens).tokens for p in prompts]


def token_map(counts: Counter[int], k: int, vocab: int) -> tuple[list[int], int]:
    """Top-k calibrated ids (``select_tokens``), filled to k with uncounted ids by ascending id; (ids, counted)."""
    from drafterbench.backends.local.vocabtrim import select_tokens

    ids = select_tokens(counts, k, (), vocab)
    counted = len(ids)
    if counted < k:
        have = set(ids)
        ids = sorted(have | set([t for t in range(vocab) if t not in have][: k - counted]))
    return ids, counted


def target_step_ms(target, prompt: list[int], n_tokens: int, context: int = 256) -> float:
    """One target forward of ``n_tokens`` (1 = a plain decode step, γ+1 = a verification) at ``context``."""
    from drafterbench.backends.local import kv
    from drafterbench.benchmarking.decoding import median_ms

    ids = (prompt * (context // len(prompt) + 1))[: context + n_tokens]
    cache = kv.new_cache(target)
    kv.forward(target, ids[:context], cache)

    def step() -> None:
        kv.forward(target, ids[context:], cache)
        kv.rollback(cache, context)

    return median_ms(step)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vocab", type=int, default=151_936)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--layers", type=int, default=8)
    ap.add_argument("--draft-layers", type=int, default=4)
    ap.add_argument("--frequent", type=int, default=3000, help="size of the frequent token set")
    ap.add_argument("--zipf", type=float, default=1.0, help="Zipf exponent of the frequent set's ranks")
    ap.add_argument("--bias-scale", type=float, default=2.0, help="bias = offset - scale * zipf * ln(rank)")
    ap.add_argument("--bias-offset", type=float, default=24.0)
    ap.add_argument("--n", type=int, default=6, help="benched prompts")
    ap.add_argument("--prompt-len", type=int, default=64)
    ap.add_argument("--max-new-tokens", type=int, default=48)
    ap.add_argument("--calib-n", type=int, default=24, help="held-out calibration prompts")
    ap.add_argument("--calib-tokens", type=int, default=64, help="target tokens generated per calibration prompt")
    ap.add_argument("--gamma", type=int, default=4)
    ap.add_argument("--trim-k", type=int, action="append", default=None,
                    help="token-map sizes (repeatable; default 256, 4096, 8192, 32768)")
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    for name in ("frequent", "n", "prompt_len", "max_new_tokens", "calib_n", "calib_tokens", "gamma", "repeats"):
        if getattr(args, name) < 1:
            ap.error(f"--{name.replace('_', '-')} must be >= 1, got {getattr(args, name)}")
    if args.frequent > args.vocab:
        ap.error(f"--frequent {args.frequent} is larger than --vocab {args.vocab}")
    ks = sorted({min(k, args.vocab) for k in (args.trim_k or [256, 4096, 8192, 32_768])})
    if ks[0] < 1:
        ap.error(f"--trim-k must be >= 1, got {ks[0]}")

    import torch

    from drafterbench.backends.local.options import VocabTrimOptions
    from drafterbench.backends.local.vocabtrim import calibrate, select_tokens
    from drafterbench.benchmarking.decoding import (
        BenchSetup,
        method_cost_ratio,
        method_row,
        ours_runner,
        probe_vocabtrim,
        run_interleaved,
    )

    if args.threads:
        torch.set_num_threads(args.threads)
    t_start = time.perf_counter()
    target, drafter = build_models(args.vocab, args.hidden, args.layers, args.draft_layers, "cpu", seed=args.seed)
    frequent = frequent_set(args.vocab, args.frequent, seed=args.seed + 7)
    concentrate((target, drafter), frequent, args.zipf, args.bias_scale, args.bias_offset)
    bench_prompts = zipf_prompts(args.n, args.prompt_len, frequent, args.zipf, args.vocab, seed=args.seed + 1)
    calib_prompts = zipf_prompts(args.calib_n, args.prompt_len, frequent, args.zipf, args.vocab,
                                 seed=args.seed + 100)

    t0 = time.perf_counter()
    calib_outs = calibration_outputs(target, calib_prompts, args.calib_tokens)
    counts = Counter(t for o in calib_outs for t in o)
    calib_s = time.perf_counter() - t0
    # The maps must be what the project's own calibration gives: compare on the first two prompts (cheap).
    vt_log = logging.getLogger("drafterbench.backends.local.vocabtrim")
    level, vt_log.level = vt_log.level, logging.ERROR  # two prompts have fewer than k distinct tokens: expected
    try:
        theirs = calibrate(target, calib_prompts[:2], k=ks[0], max_new_tokens=args.calib_tokens).token_ids
    finally:
        vt_log.setLevel(level)
    ours = select_tokens(Counter(t for o in calib_outs[:2] for t in o), ks[0], (), args.vocab)
    if theirs != ours:
        raise SystemExit("calibration mismatch: this bench's token map differs from vocabtrim.calibrate's")
    maps = {k: token_map(counts, k, args.vocab) for k in ks}

    base = BenchSetup(target=target, tokenizer=None, prompts=bench_prompts, eos=[], drafter=drafter,
                      model_name=f"random qwen2 {args.layers}L h{args.hidden} V{args.vocab}, Zipf-biased head",
                      draft_model_name=f"its first {args.draft_layers} layers, same head")
    setups = {"none": base, "draft": base}
    for k, (ids, _) in maps.items():
        trim = VocabTrimOptions(token_ids=tuple(ids))
        setups[f"vocabtrim k={k}"] = dataclasses.replace(base, options={"vocabtrim": trim})
    runners = {}
    for name, setup in setups.items():
        run = ours_runner(setup, name.split()[0], max_new_tokens=args.max_new_tokens, gamma=args.gamma)
        run(bench_prompts[0])  # warm-up
        runners[name] = run
    measured = run_interleaved(runners, bench_prompts, args.repeats)
    ref, _, plain_walls = measured["none"]

    rows = []
    plain_tokens = [t for o in ref for t in o]
    for name, (outs, stats, walls) in measured.items():
        method = name.split()[0]
        row = method_row(name, "drafterbench", outs, walls, ref, sum(plain_walls), stats,
                   method_cost_ratio(setups[name], method), args.gamma)
        drafted = sum(s.drafted for s in stats)
        extra = {"draft_ms_per_token": 1000 * sum(s.draft_s for s in stats) / drafted if drafted else 0.0,
                 "verify_ms_per_round": 1000 * sum(s.verify_s for s in stats) / max(1, sum(s.rounds for s in stats))}
        if method == "vocabtrim":
            ids, counted = maps[int(name.split("=")[1])]
            kept = set(ids)
            extra.update(map_ids=len(ids), calibrated_ids=counted,
                         coverage=sum(t in kept for t in plain_tokens) / len(plain_tokens))
        rows.append({**row.model_dump(include={"method", "wall_s", "speedup", "tau", "alpha", "mbsu", "identical",
                                                "tokens_per_s", "accepted_per_position"}), **extra})

    probes = probe_vocabtrim(base, ks)
    steps = {"target_1_token_ms": target_step_ms(target, bench_prompts[0], 1),
             f"target_verify_{args.gamma + 1}_tokens_ms": target_step_ms(target, bench_prompts[0], args.gamma + 1)}
    rank = {t: r for r, t in enumerate(frequent, 1)}
    n_out = len(plain_tokens)
    shares = {f"top_{r}": sum(rank.get(t, 10**9) <= r for t in plain_tokens) / n_out for r in (1, 10, 100, 1000)}
    shares["frequent_set"] = sum(t in rank for t in plain_tokens) / n_out
    report = {
        "setup": {**{k: v for k, v in vars(args).items() if k not in ("json", "trim_k")}, "trim_k": ks,
                  "threads": torch.get_num_threads(), "torch": torch.__version__,
                  "calibration_tokens": sum(counts.values()), "calibration_distinct": len(counts),
                  "calibration_s": round(calib_s, 1)},
        "plain_output_rank_shares": shares,
        "results": rows,
        "step_ms": {**steps, **{f"drafter_k={p.k}": p.draft_ms_per_token for p in probes}},
        "total_s": round(time.perf_counter() - t_start, 1),
    }
    if args.json:
        print(json.dumps(report, indent=1))
        return 0
    _print(report, args.gamma)
    return 0


def _print(report: dict, gamma: int) -> None:
    s = report["setup"]
    print(f"target {s['layers']}L h{s['hidden']} V{s['vocab']}, drafter its first {s['draft_layers']} layers; "
          f"{s['n']} prompts x {s['max_new_tokens']} new tokens, gamma {gamma}, best of {s['repeats']}, "
          f"{s['threads']} thread(s)")
    print(f"calibration: {s['calib_n']} held-out prompts, {s['calibration_tokens']} target tokens, "
          f"{s['calibration_distinct']} distinct ({s['calibration_s']} s)")
    print("plain outputs by frequency rank: " + ", ".join(
        f"{k} {v:.2f}" for k, v in report["plain_output_rank_shares"].items()))
    print()
    print("| method | map ids (calibrated) | coverage | speed-up | τ | α | MBSU | draft ms/token "
          "| verify ms/round | identical to plain |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in report["results"]:
        ids = f"{r['map_ids']:,} ({r['calibrated_ids']:,})" if "map_ids" in r else "–"
        cov = f"{r['coverage']:.3f}" if "coverage" in r else "–"
        alpha = f"{r['alpha']:.2f}" if r["alpha"] is not None else "–"
        draft = f"{r['draft_ms_per_token']:.2f}" if r["draft_ms_per_token"] else "–"
        print(f"| {r['method']} | {ids} | {cov} | {r['speedup']:.2f}× | {r['tau']:.2f} | {alpha} | "
              f"{r['mbsu']:.2f} | {draft} | {r['verify_ms_per_round']:.2f} | {'yes' if r['identical'] else 'NO'} |")
    print()
    print("one step at a 256-token context, median ms: " + ", ".join(
        f"{k.removesuffix('_ms')} {v:.2f}" for k, v in report["step_ms"].items()))
    print(f"total {report['total_s']} s")


if __name__ == "__main__":
    sys.exit(main())
