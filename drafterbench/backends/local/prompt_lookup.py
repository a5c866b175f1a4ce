"""``--spec prompt-lookup``: draft by copying what followed the latest earlier occurrence of the last n-gram.

Prompt lookup decoding (Saxena 2023; transformers ``prompt_lookup_num_tokens``): no model, the prompt and the
text generated so far are the "drafter". Tries n-gram sizes from ``max_ngram`` down to ``min_ngram``; the
proposal is deterministic, so sampling verification treats q as one-hot (``Draft.probs = None``).
"""

from __future__ import annotations

from drafterbench.backends.local.drafter import DecodeState, Draft, DrafterContext
from drafterbench.backends.local.options import PromptLookupOptions, parse_options


class PromptLookupDrafter:
    name = "prompt-lookup"

    def __init__(self, *, max_ngram: int = 3, min_ngram: int = 1, gamma: int = 4) -> None:
        PromptLookupOptions(max_ngram=max_ngram, min_ngram=min_ngram)  # the same range check as --spec's
        self.max_ngram, self.min_ngram, self.gamma = max_ngram, min_ngram, gamma
        self.rounds = 0
        self.hits = 0

    def begin(self, state: DecodeState) -> None:
        self.rounds = self.hits = 0

    def propose(self, state: DecodeState) -> Draft:
        self.rounds += 1
        toks = state.tokens
        n_max = min(self.gamma, state.max_draft)
        for n in range(min(self.max_ngram, len(toks) - 1), self.min_ngram - 1, -1):
            tail = toks[-n:]
            # Latest earlier occurrence (excluding the tail itself) whose continuation is non-empty.
            for start in range(len(toks) - n - 1, -1, -1):
                if toks[start : start + n] == tail:
                    cont = toks[start + n : start + n + n_max]
                    self.hits += 1
                    return Draft(cont)
        return Draft([])

    def on_verified(self, state: DecodeState, accepted: int, next_token: int) -> None:
        pass

    def extra_stats(self) -> dict[str, float]:
        return {"lookup_hit_rate": self.hits / self.rounds if self.rounds else 0.0}


def build(ctx: DrafterContext) -> PromptLookupDrafter:
    options: PromptLookupOptions = parse_options("prompt-lookup", ctx.options)
    return PromptLookupDrafter(max_ngram=options.max_ngram, min_ngram=options.min_ngram, gamma=ctx.gamma)
