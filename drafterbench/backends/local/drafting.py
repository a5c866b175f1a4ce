"""Pieces shared by the model drafters (draft, vocabtrim, easyspec): the token choice and the draft length.

Composed, not inherited: a drafter holds a :class:`DraftLength` and calls :func:`choose_token`, so a method
that drafts differently (EasySpec's own decoder) reuses them without pretending to be another drafter.
"""

from __future__ import annotations

import torch

from drafterbench.backends.local import kv
from drafterbench.backends.local.drafter import DecodeState
from drafterbench.backends.local.sampling import logits_to_probs, sample


def choose_token(logits: torch.Tensor, state: DecodeState) -> tuple[int, torch.Tensor | None]:
    """Draft token from a (V,) logits row and its q row over the target vocabulary (None when greedy)."""
    if state.sampling.greedy:
        return int(logits[: state.vocab_size].argmax()), None
    # Padding tokens beyond the target's vocabulary get no mass, so every draft is a target token.
    q = kv.fit_vocab(logits_to_probs(logits[: state.vocab_size], state.sampling), state.vocab_size)
    return int(sample(q, state.generator)), q


class DraftLength:
    """γ per round: fixed at ``max_gamma``, or (``adaptive``) transformers' "heuristic" schedule — start at
    min(4, max), +2 after a fully accepted draft, −1 otherwise, within [1, max_gamma]."""

    def __init__(self, max_gamma: int, *, adaptive: bool = False) -> None:
        self.max_gamma = max_gamma
        self.adaptive = adaptive
        self.gamma = max_gamma

    def reset(self) -> None:
        """Start of a generation."""
        self.gamma = self.max_gamma if not self.adaptive else min(self.max_gamma, 4)

    def this_round(self, state: DecodeState) -> int:
        """How many tokens to draft now (never more than the engine allows)."""
        return min(self.gamma, state.max_draft)

    def update(self, state: DecodeState, accepted: int) -> None:
        """After verification: adapt γ to whether the whole draft was accepted."""
        if self.adaptive and state.max_draft > 0:
            drafted = self.this_round(state)
            self.gamma = min(self.max_gamma, self.gamma + 2) if accepted == drafted else max(1, self.gamma - 1)
