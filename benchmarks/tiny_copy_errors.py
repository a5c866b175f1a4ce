"""Where drafterbench-tiny's target errs: next-token error on held-out train-split programs, split by whether
the reference token also occurs in the prompt (a copied value: file name, number, text, colour) or not.

    python benchmarks/tiny_copy_errors.py            # 120 held-out tasks, about a minute on 2 CPU cores
    python benchmarks/tiny_copy_errors.py --dir D    # another version's shipped files (e.g. from git history)

Teacher-forced (each position sees the reference prefix), on the shipped compact target, so the figures
match the held-out accuracy of the model card's training table.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from drafterbench.tiny.corpus import Compaction, qwen_example, split_tasks
from drafterbench.tiny.tokenizers import ROWS, hf_tokenizer
from drafterbench.tiny.weights import load_compact, manifest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=120, help="held-out tasks to read (at most the recipe's 240)")
    ap.add_argument("--dir", type=Path, default=None, help="folder of shipped files (default: the package's)")
    args = ap.parse_args()
    import torch

    recipe = manifest()["recipe"]
    _, held = split_tasks(recipe["train_tasks"], recipe["heldout_tasks"], recipe["seed"])
    model, rows = load_compact("target", args.dir)
    compaction = Compaction(tuple(rows))
    table = compaction.table(ROWS["qwen"])
    tok = hf_tokenizer("qwen")
    seen, wrong = Counter(), Counter()
    by_type: dict[str, list[int]] = {}
    with torch.no_grad():
        for task in held[: args.n]:
            ex = compaction.compact(qwen_example(task, tok), table)
            prompt, answer = list(ex.prompt), list(ex.answer)
            logits = model(input_ids=torch.tensor([prompt + answer])).logits[0, len(prompt) - 1: -1]
            in_prompt = set(prompt)
            counts = by_type.setdefault(task.type.value, [0, 0])
            for pred, gold in zip(logits.argmax(-1).tolist(), answer):
                kind = "in the prompt" if gold in in_prompt else "not in the prompt"
                seen[kind] += 1
                wrong[kind] += pred != gold
                counts[0] += 1
                counts[1] += pred != gold
    print(f"{args.n} held-out train-split programs, teacher-forced next-token error of the shipped target")
    for kind in ("in the prompt", "not in the prompt"):
        print(f"  reference token {kind:<18} {seen[kind]:>7,} tokens  error {wrong[kind] / seen[kind]:.1%}")
    for name, (n, bad) in sorted(by_type.items()):
        print(f"  {name:<15} {n:>7,} tokens  error {bad / n:.1%}")


if __name__ == "__main__":
    main()
