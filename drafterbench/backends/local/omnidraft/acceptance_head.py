"""Adaptive draft length: a small head that predicts whether each drafted token will be accepted.

OmniDraft (arXiv 2507.02659, section 3.3) trains a light head on the drafter's hidden state to predict the
acceptance of each drafted token, with a weighted binary cross-entropy against the acceptance probability
min(1, p/q); drafting stops once the predicted chance that *some* drafted token of the round is rejected,
1 − ∏ᵢ aᵢ, exceeds a threshold. Under greedy verification min(1, p/q) is 1 for an accepted token and 0 for
the rejected one, which is what the engine's protocol tells a drafter.

The head is tiny (one hidden layer) and trained online from every verification: it costs microseconds per
drafted token next to a drafter forward.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

#: Scalar features appended to the hidden state: log q(x), entropy of q, n-gram merge flag, draft position.
N_SCALARS = 4


def scalar_features(q: torch.Tensor, token_prob: float, is_ngram: bool, position: int) -> torch.Tensor:
    """The head's scalar inputs for one drafted token (q: the drafter distribution it was drawn from)."""
    entropy = float(-(q * q.clamp_min(1e-12).log()).sum())
    return torch.tensor(
        [float(torch.tensor(max(token_prob, 1e-12)).log()), entropy, float(is_ngram), position / 8.0],
        dtype=torch.float32,
    )


class AcceptanceHead(nn.Module):
    """hidden state + scalar features -> probability that the drafted token is accepted."""

    def __init__(self, hidden_size: int, width: int = 32, prior: float = 0.6) -> None:
        super().__init__()
        self.norm = nn.LayerNorm(hidden_size)
        self.net = nn.Sequential(nn.Linear(hidden_size + N_SCALARS, width), nn.GELU(), nn.Linear(width, 1))
        with torch.no_grad():  # start from a flat prior so an untrained head neither stops nor runs forever
            self.net[-1].weight.zero_()
            self.net[-1].bias.fill_(float(torch.logit(torch.tensor(prior))))

    def forward(self, hidden: torch.Tensor, scalars: torch.Tensor) -> torch.Tensor:
        """Logits of acceptance, shape (N,)."""
        return self.net(torch.cat([self.norm(hidden.float()), scalars.float()], dim=-1)).squeeze(-1)


def weighted_bce(
    logits: torch.Tensor, target: torch.Tensor, *, neg_weight: float | None = None
) -> torch.Tensor:
    """BCE against soft targets min(1, p/q), rejections up-weighted.

    Rejections are rarer than acceptances in a good drafter yet they are what ends a round, so by default each
    class is weighted by the inverse of its share in the batch (capped at 10x).
    """
    target = target.float().clamp(0.0, 1.0)
    if neg_weight is None:
        pos = float(target.mean())
        neg_weight = min(10.0, pos / max(1.0 - pos, 1e-3)) if 0.0 < pos < 1.0 else 1.0
    weight = target + neg_weight * (1.0 - target)
    return nn.functional.binary_cross_entropy_with_logits(logits, target, weight=weight)


def should_stop(accept_probs: list[float], threshold: float) -> bool:
    """Stop drafting once the predicted chance that some drafted token is rejected exceeds ``threshold``."""
    p_all = 1.0
    for a in accept_probs:
        p_all *= a
    return 1.0 - p_all > threshold


@dataclass
class HeadTrainer:
    """Online training of the head from verified rounds (a bounded replay buffer, one Adam step per round)."""

    head: AcceptanceHead
    lr: float = 3e-3
    buffer_size: int = 512
    batch_size: int = 64

    def __post_init__(self) -> None:
        self.opt = torch.optim.Adam(self.head.parameters(), lr=self.lr)
        self.hidden: list[torch.Tensor] = []
        self.scalars: list[torch.Tensor] = []
        self.labels: list[float] = []
        self.steps = 0
        self.last_loss = float("nan")

    def add(self, hidden: torch.Tensor, scalars: torch.Tensor, label: float) -> None:
        # clone(): features computed under inference mode must become normal tensors to enter autograd.
        self.hidden.append(hidden.detach().float().reshape(-1).clone())
        self.scalars.append(scalars.detach().float().reshape(-1).clone())
        self.labels.append(label)
        if len(self.labels) > self.buffer_size:
            del self.hidden[0], self.scalars[0], self.labels[0]

    def step(self, generator: torch.Generator | None = None) -> float:
        """One optimiser step on a random batch of the buffer; returns the loss (nan if the buffer is empty)."""
        n = len(self.labels)
        if n == 0:
            return float("nan")
        idx = torch.randperm(n, generator=generator)[: self.batch_size].tolist()
        h = torch.stack([self.hidden[i] for i in idx])
        s = torch.stack([self.scalars[i] for i in idx])
        y = torch.tensor([self.labels[i] for i in idx])
        with torch.enable_grad():
            loss = weighted_bce(self.head(h, s), y)
            self.opt.zero_grad()
            loss.backward()
            self.opt.step()
        self.steps += 1
        self.last_loss = float(loss.detach())
        return self.last_loss

    @torch.no_grad()
    def predict(self, hidden: torch.Tensor, scalars: torch.Tensor) -> float:
        """Predicted acceptance probability of one drafted token."""
        return float(torch.sigmoid(self.head(hidden.float().reshape(1, -1), scalars.reshape(1, -1)))[0])
