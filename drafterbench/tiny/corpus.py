"""Training examples for drafterbench-tiny, from the train split only.

An example is the compact prompt rendered by the tokenizer's chat template, then the reference program and
``<|endoftext|>``; only the program and the end token are learned. Train-split tasks come from seeds
disjoint from the suite's, and any instruction that also appears in a frozen suite is skipped, so no suite
task is ever trained on. For the cl100k drafter each target token is spelled the way OmniDraft spells it at
run time (``CrossVocabCache.spelling``), so the drafter trains on exactly the context it will see.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from drafterbench.tasks.model import Task
from drafterbench.tiny.prompt import compact_prompt


@dataclass(frozen=True)
class Example:
    """Token ids in one vocabulary: ``prompt`` is read, ``answer`` (program + end token) is learned."""

    prompt: tuple[int, ...]
    answer: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.prompt) + len(self.answer)


def split_tasks(n_train: int, n_heldout: int, seed: int) -> tuple[list[Task], list[Task]]:
    """``n_train`` training and ``n_heldout`` held-out tasks of the train split, none in a frozen suite."""
    from drafterbench.tasks.generator import generate_train
    from drafterbench.tasks.suite import VERSIONS, load_suite

    suite = {t.instruction for v in VERSIONS for t in load_suite(v)}
    tasks = list(generate_train(n_train + n_heldout, seed=seed + 1, exclude=suite))
    random.Random(seed).shuffle(tasks)
    return tasks[:n_train], tasks[n_train:]


def qwen_example(task: Task, tokenizer: object) -> Example:
    """The target's example for ``task`` (ids exactly as the local backend encodes the chat)."""
    from drafterbench.backends.base import Message
    from drafterbench.backends.local.models import encode_chat

    prompt = encode_chat(tokenizer, [Message(role="user", content=compact_prompt(task.type, task.instruction))])
    answer = list(tokenizer(task.reference_program)["input_ids"]) + [int(tokenizer.eos_token_id)]
    return Example(tuple(prompt), tuple(answer))


class Speller:
    """Target (qwen) ids -> the cl100k drafter's ids, token by token, as OmniDraft's cache spells them."""

    def __init__(self) -> None:
        from drafterbench.backends.local.omnidraft import as_vocab
        from drafterbench.backends.local.omnidraft.ngram_cache import CrossVocabCache
        from drafterbench.tiny.tokenizers import ROWS, hf_tokenizer

        self.cache = CrossVocabCache(
            as_vocab(hf_tokenizer("qwen"), ROWS["qwen"]), as_vocab(hf_tokenizer("cl100k"), ROWS["cl100k"])
        )
        self._memo: dict[int, tuple[int, ...]] = {}

    def spell(self, ids: Iterable[int]) -> tuple[int, ...]:
        out: list[int] = []
        for t in ids:
            pieces = self._memo.get(t)
            if pieces is None:
                pieces = self._memo[t] = self.cache.spelling(t)
            out.extend(pieces)
        return tuple(out)

    def example(self, ex: Example) -> Example:
        return Example(self.spell(ex.prompt), self.spell(ex.answer))


@dataclass(frozen=True)
class Compaction:
    """The vocabulary rows a corpus uses: full id -> compact row; every other id -> the shared row ``unused``."""

    rows: tuple[int, ...]  # full ids, ascending; compact row i holds full id rows[i]

    @property
    def unused(self) -> int:
        return len(self.rows)

    @property
    def size(self) -> int:
        return len(self.rows) + 1

    @classmethod
    def of(cls, examples: Iterable[Example], always: Iterable[int] = ()) -> Compaction:
        used = set(always)
        for ex in examples:
            used.update(ex.prompt)
            used.update(ex.answer)
        return cls(tuple(sorted(used)))

    def table(self, full_size: int) -> list[int]:
        """A full-size lookup list: ``table[full_id]`` is the compact row."""
        t = [self.unused] * full_size
        for i, full in enumerate(self.rows):
            t[full] = i
        return t

    def compact(self, ex: Example, table: Sequence[int]) -> Example:
        return Example(tuple(table[i] for i in ex.prompt), tuple(table[i] for i in ex.answer))


def batches(examples: Sequence[Example], batch_tokens: int, seed: int) -> list[list[int]]:
    """Example indices grouped by similar length (little padding), at most ``batch_tokens`` padded tokens
    per batch, the batch order shuffled by ``seed`` (a function of the seed alone, so a resumed run agrees)."""
    order = sorted(range(len(examples)), key=lambda i: (len(examples[i]), i))
    out: list[list[int]] = []
    current: list[int] = []
    for i in order:
        longest = max([len(examples[j]) for j in current] + [len(examples[i])])
        if current and longest * (len(current) + 1) > batch_tokens:
            out.append(current)
            current = []
        current.append(i)
    if current:
        out.append(current)
    random.Random(seed).shuffle(out)
    return out
