"""The LM head on this CPU: ``torch.nn.functional.linear`` against :class:`FastHead`, per number of positions.

    python benchmarks/cpu_head.py                      # drafterbench-tiny's head shape, 1-9 positions
    python benchmarks/cpu_head.py --vocab 100277 --hidden 64

Prints the median milliseconds of each kernel side by side, their ratio, and whether the two give the same
argmax for every position (the property greedy decoding needs). Decoding one token uses one position; a
verification round of draft length γ uses γ + 1.
"""

from __future__ import annotations

import argparse

import torch

from drafterbench.backends.local.head import FastHead
from drafterbench.benchmarking.decoding import median_ms


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vocab", type=int, default=151_936)
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--positions", type=int, nargs="+", default=list(range(1, 10)))
    ap.add_argument("--reps", type=int, default=30)
    ap.add_argument("--threads", type=int, default=None, help="torch threads (default: torch's own choice)")
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
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
