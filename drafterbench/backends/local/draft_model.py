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
from drafterbench.backends.local.drafting import DraftLength, choose_token
from drafterbench.backends.local.options import DraftOptions, parse_options


class DraftModelDrafter:
    """Autoregressive drafting with a same-vocabulary model. Subclasses change how one step's logits are made."""

    name = "draft"

    def __init__(self, model: Any, *, adaptive: bool = False, max_gamma: int = 16) -> None:
        self.model = model
        self.length = DraftLength(max_gamma, adaptive=adaptive)
        self.cache: Any = None

    @property
    def adaptive(self) -> bool:
        """Whether the draft length adapts (``DraftLength``)."""
        return self.length.adaptive

    # -- one drafting step; VocabTrim overrides both -------------------------------------------------
    def step_logits(self, ids: list[int]) -> torch.Tensor:
        """Append ``ids`` to the drafter cache; logits (V_target,) at the last position."""
        return kv.forward(self.model, ids, self.cache, last_only=True)[-1]

    def choose(self, logits: torch.Tensor, state: DecodeState) -> tuple[int, torch.Tensor | None]:
        """Draft token and its q row over the target vocabulary (None when greedy)."""
        return choose_token(logits, state)

    # -- the Drafter protocol -------------------------------------------------------------------------
    def begin(self, state: DecodeState) -> None:
        self.cache = kv.new_cache(self.model)
        self.length.reset()
        self.step_logits(state.tokens[:-1])  # prefill the prompt; its logits are not needed

    def propose(self, state: DecodeState) -> Draft:
        # Feed what the cache lacks: the last token, plus the last draft token after a full accept.
        feed = state.tokens[kv.cache_len(self.cache) :]
        tokens: list[int] = []
        rows: list[torch.Tensor] = []
        for _ in range(self.length.this_round(state)):
            token, q = self.choose(self.step_logits(feed), state)
            tokens.append(token)
            if q is not None:
                rows.append(q)
            feed = [token]
        return Draft(tokens, torch.stack(rows) if rows else None)

    def on_verified(self, state: DecodeState, accepted: int, next_token: int) -> None:
        kv.rollback(self.cache, len(state.tokens) - 1)
        self.length.update(state, accepted)

    def extra_stats(self) -> dict[str, float]:
        return {}


def build(ctx: DrafterContext) -> DraftModelDrafter:
    if ctx.drafter is None:
        raise ValueError("--spec draft needs a drafter model (--draft-model)")
    options: DraftOptions = parse_options("draft", ctx.options)
    return DraftModelDrafter(ctx.drafter, adaptive=options.adaptive, max_gamma=ctx.gamma)
