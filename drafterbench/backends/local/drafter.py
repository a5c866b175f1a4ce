"""The contract between the speculative engine and a drafting method.

Writing a method: a module ``drafterbench/backends/local/<method>.py`` (or package) exposes
``build(ctx: DrafterContext) -> Drafter``; ``methods.py`` maps ``--spec`` names to those modules (``omnidraft`` ->
``drafterbench.backends.local.omnidraft``).

One generation, as the engine drives it (``engine.generate``):

1. The engine prefills the target with the prompt and samples the first new token; ``state.tokens`` is then
   prompt + [first token]. It calls ``drafter.begin(state)`` once.
2. Each round: ``state.max_draft`` is set (how many tokens the drafter may propose: its draft length may be
   shorter, never longer); ``drafter.propose(state)`` returns a :class:`Draft` continuing ``state.tokens``;
   the target verifies it in one forward pass.
3. The engine appends the accepted draft tokens and the target's next token (correction or bonus) to
   ``state.tokens`` and *then* calls ``drafter.on_verified(state, accepted, next_token)``.
   So inside ``on_verified``: ``state.tokens[-1] == next_token`` and the ``accepted`` tokens before it are
   the accepted prefix of the last draft. Drafters roll their own caches back here.
   ``propose`` is not called when ``state.max_draft == 0`` (the last token of the budget), but
   ``on_verified`` still is, with ``accepted == 0``.

Token ids in a Draft are always in the TARGET vocabulary. ``Draft.probs`` (sampling only) holds, per drafted
token, the drafter's probability distribution over the full TARGET vocabulary, after the same temperature /
top-p processing as the target (``sampling.logits_to_probs``): a dense float tensor (n, V_target), where
V_target is the target's logits width (``state.vocab_size``). ``probs=None`` means the proposal is
deterministic (one-hot q on the drafted token, as for prompt lookup); under greedy decoding probs are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    import torch

    from drafterbench.backends.local.sampling import SamplingConfig


@dataclass
class Draft:
    """Proposed continuation: ``tokens`` (target ids) and, when sampling, their q rows (n, V_target)."""

    tokens: list[int]
    probs: torch.Tensor | None = None

    def __len__(self) -> int:
        return len(self.tokens)


@dataclass
class DecodeState:
    """What a drafter may read during one generation. The engine owns and mutates it."""

    tokens: list[int]  # prompt + emitted tokens, target vocabulary; the last one is not in any KV cache yet
    prompt_len: int
    sampling: SamplingConfig
    vocab_size: int  # width of the target's logits: the length of each Draft.probs row
    generator: torch.Generator | None = None  # use it for any random draw, so seeded runs repeat
    max_draft: int = 0  # the most tokens the next propose() may return
    device: Any = "cpu"

    @property
    def new_tokens(self) -> list[int]:
        return self.tokens[self.prompt_len :]


@runtime_checkable
class Drafter(Protocol):
    """A drafting method. One instance serves one generation at a time (the backend holds a lock)."""

    name: str

    def begin(self, state: DecodeState) -> None:
        """Reset per-generation state; ``state.tokens`` is prompt + the first emitted token."""

    def propose(self, state: DecodeState) -> Draft:
        """Return at most ``state.max_draft`` tokens continuing ``state.tokens`` (may be empty)."""

    def on_verified(self, state: DecodeState, accepted: int, next_token: int) -> None:
        """Learn the outcome of the last round; ``state.tokens`` already includes it."""

    def extra_stats(self) -> dict[str, float]:
        """Method-specific figures for DecodingStats.extra (e.g. n-gram cache hit rate); may be empty."""


@dataclass
class DrafterContext:
    """Everything a method's ``build(ctx)`` may need. Models are loaded transformers models (eval mode)."""

    target: Any  # transformers PreTrainedModel (causal LM)
    target_tokenizer: Any | None = None
    drafter: Any | None = None  # the drafter model, where the method has one
    drafter_tokenizer: Any | None = None
    gamma: int = 4  # draft length
    # The method's options object (``options.py``; ``build`` also takes a mapping of ``--spec`` values).
    options: Any = field(default_factory=dict)
    devices: tuple[str, ...] = ("cpu",)
