"""Logits -> probabilities -> samples, and the two verification rules of speculative decoding.

Pure tensor functions, batched over a leading dimension so the statistical tests can run 20,000 trials in
one call on the very code the engine uses (the engine passes a batch of one).

Verification follows Leviathan et al. 2023 (arXiv 2211.17192) and Chen et al. 2023 (arXiv 2302.01318):
accept draft token x with probability min(1, p(x)/q(x)); at the first rejection sample the correction from
norm(max(0, p - q)); after a fully accepted draft sample the bonus token from p.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class SamplingConfig:
    """How target and drafter logits become probabilities. ``temperature == 0`` means greedy."""

    temperature: float = 0.0
    top_p: float = 1.0

    def __post_init__(self) -> None:
        if self.temperature < 0:
            raise ValueError(f"temperature must be >= 0, got {self.temperature}")
        if not 0.0 < self.top_p <= 1.0:
            raise ValueError(f"top_p must be in (0, 1], got {self.top_p}")

    @property
    def greedy(self) -> bool:
        return self.temperature == 0.0


def logits_to_probs(logits: torch.Tensor, cfg: SamplingConfig) -> torch.Tensor:
    """Temperature, then top-p (nucleus) filtering, over the last dimension; float32 probabilities.

    Target and drafter must both go through this function: the acceptance rule is only lossless when p and q
    are the processed distributions (Leviathan et al. 2023, Chen et al. 2023: the ratio test compares the
    very distributions the tokens were drawn from).
    """
    logits = logits.float() / max(cfg.temperature, 1e-5)
    probs = torch.softmax(logits, dim=-1)
    if cfg.top_p < 1.0:
        sorted_p, order = torch.sort(probs, dim=-1, descending=True)
        # Keep the smallest prefix whose mass reaches top_p: a token is dropped when the mass before it
        # already reaches top_p (so the most likely token is always kept).
        drop_sorted = (sorted_p.cumsum(-1) - sorted_p) >= cfg.top_p
        drop = drop_sorted.scatter(-1, order, drop_sorted)
        probs = probs.masked_fill(drop, 0.0)
        probs = probs / probs.sum(-1, keepdim=True)
    return probs


def sample(probs: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
    """One sample per row of ``probs`` (..., V) -> (...) long."""
    flat = probs.reshape(-1, probs.shape[-1])
    out = torch.multinomial(flat, 1, generator=generator).squeeze(-1)
    return out.reshape(probs.shape[:-1])


def _leading_true(mask: torch.Tensor) -> torch.Tensor:
    """Length of the all-True prefix of each row of a (B, n) bool mask -> (B,) long."""
    return mask.long().cumprod(dim=-1).sum(dim=-1)


def verify_greedy(target_logits: torch.Tensor, draft: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Greedy verification. target_logits (B, n+1, V) scored at [last, d_1..d_n]; draft (B, n).

    Returns (accepted (B,), next_token (B,)): accept d_i while it equals the target's argmax; the next token
    is the target's argmax right after the accepted prefix (the correction, or the bonus after a full accept).
    """
    choice = target_logits.argmax(dim=-1)  # (B, n+1)
    accepted = _leading_true(draft == choice[:, :-1])
    next_token = choice.gather(1, accepted[:, None]).squeeze(1)
    return accepted, next_token


def verify_sampling(
    p: torch.Tensor,
    q: torch.Tensor | None,
    draft: torch.Tensor,
    generator: torch.Generator | None = None,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Speculative sampling. p (B, n+1, V) target probs; q (B, n, V) drafter probs or None; draft (B, n).

    ``q is None`` means a deterministic drafter (prompt lookup): q is one-hot on the drafted token, so the
    acceptance probability is p(x) and the residual is p with x removed.
    """
    b, n = draft.shape
    p_draft = p[:, :n].gather(-1, draft[..., None]).squeeze(-1)  # p_i(x_i), (B, n)
    if q is None:
        q = torch.zeros_like(p[:, :n]).scatter_(-1, draft[..., None], 1.0)
    q_draft = q.gather(-1, draft[..., None]).squeeze(-1)  # q_i(x_i) > 0: x_i was sampled from q_i
    u = torch.rand((b, n), generator=generator, device=p.device)
    # Accept x_i with probability min(1, p/q)  <=>  u * q < p  (no division, so q == 0 cannot produce NaN).
    accepted = _leading_true(u * q_draft < p_draft)  # (B,)
    # Distribution of the next token: at the first rejection norm(max(0, p - q)); after a full accept, p.
    rows = torch.arange(b, device=p.device)
    p_next = p[rows, accepted]  # (B, V)
    q_pad = torch.cat([q, torch.zeros_like(p[:, :1])], dim=1)  # q at position n is 0: bonus comes from p
    residual = (p_next - q_pad[rows, accepted]).clamp_min(0.0)
    mass = residual.sum(-1, keepdim=True)
    # mass == 0 only if p == q exactly at a rejected position, which has probability zero; fall back to p.
    residual = torch.where(mass > 0, residual / mass.clamp_min(1e-30), p_next)
    return accepted, sample(residual, generator)
