"""The LM head on this CPU: ``torch.nn.functional.linear`` against :class:`FastHead`, per number of positions.

    python benchmarks/cpu_head.py                      # drafterbench-tiny's head shape, 1-9 positions
    python benchmarks/cpu_head.py --vocab 100277 --hidden 64
    python benchmarks/cpu_head.py --decode             # drafterbench-tiny decoded with each head (about 5 minutes)

Prints the median milliseconds of each kernel side by side, their ratio, and whether the two give the same
argmax for every position (the property greedy decoding needs). Decoding one token uses one position; a
verification round of draft length γ uses γ + 1. ``--decode`` instead runs the drafterbench-tiny bench's
plain decoding and ``vocabtrim`` (its 12 suite prompts, 256 new tokens) once with ``linear`` heads and once
with ``FastHead``, and prints tokens/s and speed-up for each.
"""

from __future__ import annotations

import argparse

import torch

from drafterbench.backends.local import head
from drafterbench.backends.local.head import FastHead
from drafterbench.benchmarking.decoding import median_ms


def decode_both() -> None:
    """The tiny bench's plain decoding and vocabtrim, with ``linear`` heads and with ``FastHead``."""
    from drafterbench.benchmarking import decoding, tiny
    from drafterbench.tasks import load_suite, select

    tasks = select(load_suite(), limit=tiny.DEFAULT_N)
    texts, types = [t.instruction for t in tasks], [t.type.value for t in tasks]
    swap = head.use_fast_head
    print(f"{'head':>8}  {'plain tok/s':>11}  {'vocabtrim tok/s':>15}  {'speed-up':>8}  identical")
    for name, use in (("linear", lambda model: False), ("FastHead", swap)):
        head.use_fast_head = use  # models.load_model looks it up at each load
        try:
            setup = tiny.tiny_setup(texts, types, device="cpu", dtype="float32", options={})
        finally:
            head.use_fast_head = swap
        report = decoding.bench(setup, ["vocabtrim"], max_new_tokens=tiny.DEFAULT_NEW_TOKENS, hf=())
        plain, trim = (next(r for r in report.results if r.method == m) for m in ("none", "vocabtrim"))
        print(f"{name:>8}  {plain.tokens_per_s:>11.1f}  {trim.tokens_per_s:>15.1f}  {trim.speedup:>7.2f}x  "
              f"{trim.identical}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vocab", type=int, default=151_936)
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--positions", type=int, nargs="+", default=list(range(1, 10)))
    ap.add_argument("--reps", type=int, default=30)
    ap.add_argument("--threads", type=int, default=None, help="torch threads (default: torch's own choice)")
    ap.add_argument("--decode", action="store_true", help="decode drafterbench-tiny with each head instead")
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.decode:
        decode_both()
        return
    torch.manual_seed(0)
    linear = torch.nn.Linear(args.hidden, args.vocab, bias=False)
    fast = FastHead(linear)
    print(f"head {args.vocab} x {args.hidden}, fp32, {torch.get_num_threads()} threads")
    print(f"{'positions':>9}  {'linear ms':>9}  {'FastHead ms':>11}  {'speed-up':>8}  same argmax")
    with torch.inference_mode():
        for n in args.positions:
            x = torch.randn(1, n, args.hidden)
            a = median_ms(lambda x=x: linear(x), args.reps)
            b = median_ms(lambda x=x: fast(x), args.reps)
            same = torch.equal(linear(x).argmax(-1), fast(x).argmax(-1))
            print(f"{n:>9}  {a:>9.1f}  {b:>11.1f}  {a / b:>7.2f}x  {same}")


if __name__ == "__main__":
    main()
