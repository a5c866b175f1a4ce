"""Online hybrid distillation of the drafter toward the target (OmniDraft, arXiv 2507.02659, section 3.2).

The target's verified output is re-spelled in the drafter's vocabulary (``ngram_cache``). Each emitted target
token then teaches the drafter one of two ways:

- directly mapped tokens (one drafter token stands for the target token): L_DM, the reverse KL
  KL(q ‖ p) between the drafter's distribution and the target's, mapped into the drafter vocabulary;
- n-gram tokens (the target token is a sequence of drafter pieces): L_ngram, the negative log-likelihood
  of the pieces, so the drafter learns to produce whole sequences the cache can merge.

L = L_DM + λ · L_ngram with λ = 0.2. When the engine does not hand over the target's distribution (the
``Drafter`` protocol passes tokens only) p is the target's emitted token smoothed with ε — a one-hot p would
make the reverse KL infinite.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import torch
from torch import nn

from .lora import apply_lora, trainable_last_layers
from .ngram_cache import CrossVocabCache

logger = logging.getLogger(__name__)

LAMBDA_NGRAM = 0.2


def reverse_kl(logits: torch.Tensor, p: torch.Tensor) -> torch.Tensor:
    """Mean over rows of KL(q ‖ p), q = softmax(logits); p rows are distributions (strictly positive)."""
    logq = torch.log_softmax(logits.float(), dim=-1)
    return (logq.exp() * (logq - p.clamp_min(1e-30).log())).sum(-1).mean()


def smoothed_one_hot(labels: torch.Tensor, size: int, eps: float) -> torch.Tensor:
    """(1 − ε) on the label, ε spread uniformly: a usable p when only the target's token is known."""
    p = torch.full((labels.numel(), size), eps / size)
    p[torch.arange(labels.numel()), labels] += 1.0 - eps
    return p


def hybrid_loss(
    logits: torch.Tensor,
    dm_pos: list[int],
    dm_p: torch.Tensor | None,
    ngram_pos: list[int],
    ngram_labels: list[int],
    *,
    lam: float = LAMBDA_NGRAM,
) -> tuple[torch.Tensor, float, float]:
    """L_DM + λ·L_ngram over one window's logits (L, V_D). Returns (loss, L_DM, L_ngram) (parts as floats)."""
    zero = logits.sum() * 0.0
    l_dm = reverse_kl(logits[dm_pos], dm_p) if dm_pos else zero
    if ngram_pos:
        labels = torch.tensor(ngram_labels, dtype=torch.long, device=logits.device)
        l_ng = nn.functional.cross_entropy(logits[ngram_pos].float(), labels)
    else:
        l_ng = zero
    return l_dm + lam * l_ng, float(l_dm.detach()), float(l_ng.detach())


@dataclass
class Example:
    """One training window: drafter ids; positions whose next-token prediction is supervised."""

    ids: list[int]
    dm_pos: list[int] = field(default_factory=list)
    dm_labels: list[int] = field(default_factory=list)  # drafter ids (the target token's twin)
    dm_p: torch.Tensor | None = None  # optional target distributions mapped to the drafter vocabulary
    ngram_pos: list[int] = field(default_factory=list)
    ngram_labels: list[int] = field(default_factory=list)


class OnlineDistiller:
    """Collects verified rounds and updates LoRA adapters (or the last layers) of the drafter."""

    def __init__(
        self,
        model: Any,
        cache: CrossVocabCache,
        *,
        mode: str = "lora",
        last_layers: int = 1,
        rank: int = 8,
        lr: float = 2e-3,
        lam: float = LAMBDA_NGRAM,
        window: int = 48,
        smoothing: float = 0.1,
        buffer: int = 8,
    ) -> None:
        if mode not in ("lora", "last"):
            raise ValueError(f"online-adapt mode must be 'lora' or 'last', got {mode!r}")
        self.model = model
        self.cache = cache
        self.params = (
            apply_lora(model, last_layers=last_layers, rank=rank)
            if mode == "lora"
            else trainable_last_layers(model, last_layers=last_layers)
        )
        self.opt = torch.optim.Adam(self.params, lr=lr)
        self.lam, self.window, self.smoothing, self.buffer = lam, window, smoothing, buffer
        self.examples: list[Example] = []
        self.steps = 0
        self.history: list[tuple[float, float, float]] = []  # (loss, L_DM, L_ngram) per step

    def make_example(self, context: list[int], tokens: list[int]) -> Example | None:
        """A window ending with the drafter spelling of the newly emitted target ``tokens``.

        ``context``: drafter ids before them (at least one). Tokens with a direct twin feed L_DM; the others
        feed L_ngram piece by piece.
        """
        if not context or not tokens:
            return None
        spelled = [self.cache.spelling(t) for t in tokens]
        new = [d for s in spelled for d in s]
        keep = max(1, self.window - len(new))
        ids = context[-keep:] + new
        ex = Example(ids)
        offset = len(ids) - len(new)
        for t, s in zip(tokens, spelled, strict=True):
            if len(s) == 1 and self.cache.direct_target(s[0]) == t:
                ex.dm_pos.append(offset - 1)
                ex.dm_labels.append(s[0])
            else:
                for j, d in enumerate(s):
                    ex.ngram_pos.append(offset - 1 + j)
                    ex.ngram_labels.append(d)
            offset += len(s)
        return ex

    def add(self, example: Example | None) -> None:
        if example is None:
            return
        self.examples.append(example)
        del self.examples[: -self.buffer]

    def loss(self, ex: Example) -> tuple[torch.Tensor, float, float]:
        ids = torch.tensor([ex.ids], dtype=torch.long, device=self.model.device)
        # The LM head dominates a small drafter's cost: apply it only at the supervised positions.
        wanted = sorted(set(ex.dm_pos) | set(ex.ngram_pos))
        row = {p: i for i, p in enumerate(wanted)}
        decoder, head = getattr(self.model, "model", None), self.model.get_output_embeddings()
        if decoder is not None and head is not None:
            hidden = decoder(input_ids=ids, use_cache=False).last_hidden_state[0]
            logits = head(hidden[wanted])
        else:
            logits = self.model(input_ids=ids, use_cache=False).logits[0][wanted]
        dm_p = ex.dm_p
        if ex.dm_pos and dm_p is None:
            dm_p = smoothed_one_hot(torch.tensor(ex.dm_labels), logits.shape[-1], self.smoothing)
        return hybrid_loss(
            logits,
            [row[p] for p in ex.dm_pos],
            None if dm_p is None else dm_p.to(logits.device),
            [row[p] for p in ex.ngram_pos],
            ex.ngram_labels,
            lam=self.lam,
        )

    def step(self) -> float:
        """One optimiser step over the buffered windows; returns the mean loss (nan when there is nothing)."""
        if not self.examples:
            return float("nan")
        with torch.enable_grad():
            self.opt.zero_grad()
            total, dm, ng = 0.0, 0.0, 0.0
            for ex in self.examples:
                loss, l_dm, l_ng = self.loss(ex)
                (loss / len(self.examples)).backward()
                total, dm, ng = total + float(loss.detach()), dm + l_dm, ng + l_ng
            self.opt.step()
        n = len(self.examples)
        self.steps += 1
        self.history.append((total / n, dm / n, ng / n))
        logger.debug("online distillation step %d: loss %.4f", self.steps, total / n)
        return total / n
