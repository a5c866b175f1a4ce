"""The speculative decoding loop, gpt-fast style: prefill -> (draft -> verify -> roll back)* -> done.

Plain decoding is the same loop with no drafter (an empty draft each round), so every method is timed and
checked against exactly the same code path. Greedy verification is exact; sampling verification is the
Leviathan/Chen rule (``sampling.verify_sampling``). Statistics come back as a typed ``DecodingStats``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import torch

from drafterbench.backends.base import DecodingStats
from drafterbench.backends.local import kv
from drafterbench.backends.local.drafter import DecodeState, Draft, Drafter
from drafterbench.backends.local.sampling import (
    SamplingConfig,
    logits_to_probs,
    sample,
    verify_greedy,
    verify_sampling,
)


@dataclass
class Generation:
    """The new tokens of one completion, why it ended, and its decoding statistics."""

    tokens: list[int]
    finish_reason: str  # "stop" (EOS or stop string) | "length"
    stats: DecodingStats


def next_token(logits: torch.Tensor, sampling: SamplingConfig, generator: torch.Generator | None) -> int:
    """Pick one token from a (V,) logits row: argmax when greedy, else sample the processed distribution."""
    if sampling.greedy:
        return int(logits.argmax())
    return int(sample(logits_to_probs(logits, sampling), generator))


def speculative_step(
    model: Any, cache: Any, state: DecodeState, draft: Draft
) -> tuple[int, int]:
    """One target forward over [last token, draft...]; returns (accepted, next token) and rolls back the cache."""
    base = kv.cache_len(cache)  # == len(state.tokens) - 1 by the cache invariant
    ids = [state.tokens[-1], *draft.tokens]
    logits = kv.forward(model, ids, cache)[None]  # (1, n+1, V): the target's view of every draft position
    drafted = torch.tensor([draft.tokens], dtype=torch.long, device=logits.device)
    if state.sampling.greedy:
        accepted, nxt = verify_greedy(logits, drafted)
    else:
        p = logits_to_probs(logits, state.sampling)
        q = None if draft.probs is None else draft.probs[None].to(p.device, p.dtype)
        accepted, nxt = verify_sampling(p, q, drafted, state.generator)
    k = int(accepted[0])
    kv.rollback(cache, base + 1 + k)  # keep the last token and the accepted drafts; forget rejected ones
    return k, int(nxt[0])


def generate(
    model: Any,
    prompt: Sequence[int],
    drafter: Drafter | None = None,
    *,
    sampling: SamplingConfig | None = None,
    max_new_tokens: int = 128,
    gamma: int = 4,
    eos_ids: Sequence[int] = (),
    stop: Callable[[list[int]], bool] | None = None,
    seed: int | None = None,
    method: str | None = None,
) -> Generation:
    """Decode up to ``max_new_tokens`` after ``prompt`` with ``drafter`` (None = plain decoding).

    ``gamma`` caps the draft length each round; ``stop(new_tokens)`` is checked after every round (stop
    strings); generation also ends at any of ``eos_ids`` (kept in the output, drafts cut there).
    """
    if not prompt:
        raise ValueError("prompt must contain at least one token")
    if max_new_tokens < 1:
        raise ValueError(f"max_new_tokens must be >= 1, got {max_new_tokens}")
    sampling = sampling or SamplingConfig()
    device = model.device
    generator = None
    if not sampling.greedy:
        generator = torch.Generator(device=device)
        generator.manual_seed(seed if seed is not None else torch.seed() % 2**63)
    stats = DecodingStats(method=method or (drafter.name if drafter else "none"), prompt_tokens=len(prompt))
    eos = set(eos_ids)
    t_start = time.perf_counter()

    # Prefill: the prompt enters the cache, its last position gives the first new token.
    cache = kv.new_cache(model)
    logits = kv.forward(model, list(prompt), cache, last_only=True)
    state = DecodeState(
        tokens=[*prompt, next_token(logits[-1], sampling, generator)],
        prompt_len=len(prompt),
        sampling=sampling,
        vocab_size=logits.shape[-1],
        generator=generator,
        device=device,
    )
    stats.ttft_s = time.perf_counter() - t_start
    stats.target_forwards = 1
    finish = "stop" if state.tokens[-1] in eos else None
    if drafter is not None and finish is None and max_new_tokens > 1:
        drafter.begin(state)

    while finish is None and len(state.new_tokens) < max_new_tokens:
        if stop is not None and stop(state.new_tokens):
            finish = "stop"
            break
        remaining = max_new_tokens - len(state.new_tokens)
        # Never draft past the budget: the round emits accepted drafts + one target token.
        state.max_draft = min(gamma, remaining - 1) if drafter is not None else 0
        t0 = time.perf_counter()
        draft = drafter.propose(state) if state.max_draft > 0 else Draft([])
        if len(draft) > state.max_draft:
            draft = Draft(draft.tokens[: state.max_draft], None if draft.probs is None else draft.probs[: state.max_draft])
        t1 = time.perf_counter()
        k, nxt = speculative_step(model, cache, state, draft)
        stats.draft_s += t1 - t0
        stats.verify_s += time.perf_counter() - t1
        stats.target_forwards += 1
        stats.rounds += 1
        _count(stats, len(draft), k)

        emitted = [*draft.tokens[:k], nxt]
        hit = next((i for i, t in enumerate(emitted) if t in eos), None)
        if hit is not None:  # cut at EOS: nothing after it is emitted
            emitted, finish = emitted[: hit + 1], "stop"
        state.tokens.extend(emitted)
        if drafter is not None and finish is None:
            drafter.on_verified(state, k, nxt)

    if finish is None and stop is not None and stop(state.new_tokens):
        finish = "stop"
    new = state.new_tokens[:max_new_tokens]
    stats.new_tokens = len(new)
    stats.wall_s = time.perf_counter() - t_start
    if drafter is not None:
        stats.extra.update(drafter.extra_stats())
    return Generation(tokens=new, finish_reason=finish or "length", stats=stats)


def _count(stats: DecodingStats, drafted: int, accepted: int) -> None:
    """Per-position acceptance: position i was drafted / accepted this round."""
    for per_pos in (stats.drafted_per_position, stats.accepted_per_position):
        if len(per_pos) < drafted:
            per_pos.extend([0] * (drafted - len(per_pos)))
    for i in range(drafted):
        stats.drafted_per_position[i] += 1
        if i < accepted:
            stats.accepted_per_position[i] += 1
    stats.drafted += drafted
    stats.accepted += accepted
