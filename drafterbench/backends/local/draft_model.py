"""``--spec draft``: a separate, smaller causal LM with the target's tokenizer drafts γ tokens autoregressively.

Leviathan et al. 2023 (arXiv 2211.17192). The drafter keeps its own KV cache under the same invariant as the
target (every token but the last), so after a rejection it only has to drop the rejected positions.
With ``adaptive=True`` the draft length follows transformers' "heuristic" schedule: +2 after a fully
accepted draft, -1 otherwise.
"""

from __future__ import annotations

from typing import Any

import torch

from drafterbench.backends.local import kv
from drafterbench.backends.local.drafter import DecodeState, Draft, DrafterContext
from drafterbench.backends.local.methods import flag
from drafterbench.backends.local.sampling import logits_to_probs, sample


class DraftModelDrafter:
    """Autoregressive drafting with a same-vocabulary model. Subclasses change how one step's logits are made."""

    name = "draft"

    def __init__(self, model: Any, *, adaptive: bool = False, max_gamma: int = 16) -> None:
        self.model = model
        self.adaptive = adaptive
        self.max_gamma = max_gamma
        self.gamma = max_gamma
        self.cache: Any = None

    # -- one drafting step; VocabTrim overrides this -------------------------------------------------
    def step_logits(self, ids: list[int]) -> torch.Tensor:
        """Append ``ids`` to the drafter cache; logits (V_target,) at the last position."""
        return kv.forward(self.model, ids, self.cache, last_only=True)[-1]

    def choose(self, logits: torch.Tensor, state: DecodeState) -> tuple[int, torch.Tensor | None]:
        """Draft token and its q row over the target vocabulary (None when greedy)."""
        if state.sampling.greedy:
            return int(logits[: state.vocab_size].argmax()), None
        # Padding tokens beyond the target's vocabulary get no mass, so every draft is a target token.
        q = kv.fit_vocab(logits_to_probs(logits[: state.vocab_size], state.sampling), state.vocab_size)
        return int(sample(q, state.generator)), q

    # -- the Drafter protocol -------------------------------------------------------------------------
    def begin(self, state: DecodeState) -> None:
        self.cache = kv.new_cache(self.model)
        self.gamma = self.max_gamma if not self.adaptive else min(self.max_gamma, 4)
        self.step_logits(state.tokens[:-1])  # prefill the prompt; its logits are not needed

    def propose(self, state: DecodeState) -> Draft:
        # Feed what the cache lacks: the last token, plus the last draft token after a full accept.
        feed = state.tokens[kv.cache_len(self.cache) :]
        tokens: list[int] = []
        rows: list[torch.Tensor] = []
        for _ in range(min(self.gamma, state.max_draft)):
            token, q = self.choose(self.step_logits(feed), state)
            tokens.append(token)
            if q is not None:
                rows.append(q)
            feed = [token]
        return Draft(tokens, torch.stack(rows) if rows else None)

    def on_verified(self, state: DecodeState, accepted: int, next_token: int) -> None:
        kv.rollback(self.cache, len(state.tokens) - 1)
        if self.adaptive and state.max_draft > 0:
            drafted = min(self.gamma, state.max_draft)
            self.gamma = min(self.max_gamma, self.gamma + 2) if accepted == drafted else max(1, self.gamma - 1)

    def extra_stats(self) -> dict[str, float]:
        return {}


def build(ctx: DrafterContext) -> DraftModelDrafter:
    if ctx.drafter is None:
        raise ValueError("--spec draft needs a drafter model (--draft-model)")
    return DraftModelDrafter(ctx.drafter, adaptive=flag(ctx.options, "adaptive", False), max_gamma=ctx.gamma)
