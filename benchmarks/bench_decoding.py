"""Decoding speed of the local backend against plain decoding and transformers, on models built here.

Builds a random-weight Qwen2 target with the real Qwen2.5 vocabulary size (151,936 rows, so the LM head
dominates as in real small models), and a drafter that is the target's first layers with the same head, then
runs ``drafterbench.benchmarking.decoding.bench`` on random prompts: our plain loop, draft, prompt-lookup,
vocabtrim (token map calibrated on other prompts), easyspec, and transformers' plain / assisted /
prompt-lookup ``generate``. Prints the table and the two checks the issue asks for:

- our plain decoding vs transformers plain ``generate``: wall ratio (target <= 1.05);
- our ``draft`` vs transformers assisted generation with the same drafter and draft length.

Nothing is downloaded. Usage::

    python benchmarks/bench_decoding.py                      # CPU defaults (a few minutes on 2 cores)
    python benchmarks/bench_decoding.py --device cuda --n 20 --max-new-tokens 128 --hidden 512 --layers 12

With real models use ``drafterbench bench --model hf/<target> --draft-model hf/<drafter>`` instead.
"""

from __future__ import annotations

import argparse
import json
import random
import sys


def build_models(vocab: int, hidden: int, layers: int, draft_layers: int, device: str, seed: int = 0):
    import torch
    from transformers import Qwen2Config, Qwen2ForCausalLM

    def cfg(n_layers: int) -> Qwen2Config:
        return Qwen2Config(
            vocab_size=vocab, hidden_size=hidden, intermediate_size=4 * hidden, num_hidden_layers=n_layers,
            num_attention_heads=max(2, hidden // 32), num_key_value_heads=max(1, hidden // 64),
            max_position_embeddings=4096, initializer_range=0.5, tie_word_embeddings=True,
            use_sliding_window=False, bos_token_id=None, eos_token_id=None, pad_token_id=None,
        )

    torch.manual_seed(seed)
    target = Qwen2ForCausalLM(cfg(layers)).eval()
    with torch.no_grad():  # later layers nudge the residual stream, so the truncated drafter is often right
        for layer in target.model.layers[draft_layers:]:
            layer.self_attn.o_proj.weight.mul_(0.3)
            layer.mlp.down_proj.weight.mul_(0.3)
    drafter = Qwen2ForCausalLM(cfg(draft_layers)).eval()
    drafter.load_state_dict(target.state_dict(), strict=False)
    return target.to(device), drafter.to(device)


def prompts(n: int, vocab: int, seed: int, length: int = 48) -> list[list[int]]:
    """Random prompts with a repeated chunk (so prompt lookup has something to find), like code or forms."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        p = [rng.randrange(vocab) for _ in range(length)]
        out.append(p + p[: length // 2])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vocab", type=int, default=151_936)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--layers", type=int, default=8)
    ap.add_argument("--draft-layers", type=int, default=4)
    ap.add_argument("--n", type=int, default=6)
    ap.add_argument("--max-new-tokens", type=int, default=48)
    ap.add_argument("--gamma", type=int, default=4)
    ap.add_argument("--group-size", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--trim-k", type=int, action="append", default=None)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--methods", default="draft,prompt-lookup,vocabtrim,easyspec")
    ap.add_argument("--calibration", choices=("held-out", "bench"), default="held-out",
                    help="VocabTrim token map from other prompts (honest) or the benched ones (upper bound: "
                         "random-weight models have no shared unigram distribution across prompts)")
    ap.add_argument("--no-hf", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    import torch

    from drafterbench.backends.local.options import EasySpecOptions, VocabTrimOptions
    from drafterbench.backends.local.vocabtrim import calibrate
    from drafterbench.benchmarking.decoding import BenchSetup, bench
    from drafterbench.cli.bench_cmd import _print_report

    if args.threads:
        torch.set_num_threads(args.threads)
    target, drafter = build_models(args.vocab, args.hidden, args.layers, args.draft_layers, args.device)
    k = (args.trim_k or [32_768])[0]
    bench_prompts = prompts(args.n, args.vocab, seed=1)
    calib = bench_prompts if args.calibration == "bench" else prompts(8, args.vocab, seed=100)
    token_map = calibrate(target, calib, k=k, max_new_tokens=args.max_new_tokens)
    setup = BenchSetup(
        target=target, tokenizer=None, prompts=bench_prompts, eos=[], drafter=drafter,
        model_name=f"random qwen2 {args.layers}L h{args.hidden} V{args.vocab}",
        draft_model_name=f"its first {args.draft_layers} layers",
        options={"vocabtrim": VocabTrimOptions(token_ids=tuple(token_map.token_ids)),
                 "easyspec": EasySpecOptions(group_size=args.group_size)},
    )
    report = bench(
        setup, [m for m in args.methods.split(",") if m], max_new_tokens=args.max_new_tokens,
        gamma=args.gamma, trim_ks=args.trim_k or [32_768, 8_192, 2_048], group_size=args.group_size,
        repeats=args.repeats, hf=() if args.no_hf else ("hf-plain", "hf-assisted", "hf-prompt-lookup"),
    )
    report.notes.append(f"vocabtrim token map: {len(token_map.token_ids)} ids, calibrated on {args.calibration} prompts")
    rows = {r.method: r for r in report.results}
    if args.json:
        print(report.model_dump_json(indent=1))
    else:
        _print_report(report)
    checks = {}
    if "hf-plain" in rows:
        checks["our plain wall / transformers plain wall (target <= 1.05)"] = rows["none"].wall_s / rows["hf-plain"].wall_s
    if "hf-assisted" in rows and "draft" in rows:
        checks["our draft wall / transformers assisted wall (target <= 1.0)"] = rows["draft"].wall_s / rows["hf-assisted"].wall_s
    if "hf-prompt-lookup" in rows and "prompt-lookup" in rows:
        checks["our prompt-lookup wall / transformers prompt-lookup wall"] = (
            rows["prompt-lookup"].wall_s / rows["hf-prompt-lookup"].wall_s)
    print(json.dumps({"threads": torch.get_num_threads(), **{k: round(v, 3) for k, v in checks.items()}}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
