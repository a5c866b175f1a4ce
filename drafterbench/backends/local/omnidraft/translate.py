"""Drafting across vocabularies: the trie walk and its translated probabilities (OmniDraft, arXiv 2507.02659).

One drafted *target* token comes from a short walk of the drafter in its own vocabulary:

1. draw ``d1`` from the drafter's distribution q;
2. while the drafter path so far is an inner node of the n-gram trie, feed it and draw the next piece;
3. emit the target token of the deepest *terminal* node on the walked path — an n-gram entry, or for the
   first piece its direct mapping (a drafter token coarser than any target token proposes its first target
   piece) — and continue from the target token's own drafter spelling. A walk with no terminal node (a
   special token the target lacks) ends the draft.

The probability of each outcome is what the paper calls the translated probability: a directly mapped token
keeps q(d); an n-gram entry gets the product of its pieces' conditional probabilities ∏ q(d_j); and the
direct token of its first piece keeps only the rest, q′(d₁) = q(d₁) − ∏ q(d_j) (generalised here to entries
nested in one another: a terminal keeps its reach probability minus that of its nearest terminal
descendants). Speculative sampling needs this whole vector — the residual max(0, p − q) runs over every
token — so :func:`translated_distribution` computes it exactly from the drafter's distributions at the
trie's inner nodes. The chance that a walk emits nothing is normalised away: ending a draft early is a
draft-length decision, which never biases the output, and conditioned on emitting, the token follows the
normalised vector.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch

from .ngram_cache import CrossVocabCache, TrieNode

Path = tuple[int, ...]


@dataclass
class Walk:
    """One drafting walk. ``dists[k]`` is the drafter distribution after ``path[:k]`` (``dists[0]`` = q)."""

    path: list[int]
    target: int | None  # the emitted target token; None: the walk found no terminal, stop drafting
    depth: int  # drafter pieces consumed by the emitted token (0 when target is None)
    dists: list[torch.Tensor]


def draw(dist: torch.Tensor, *, greedy: bool, generator: torch.Generator | None = None) -> int:
    """Argmax or one sample from a probability vector."""
    if greedy:
        return int(torch.argmax(dist))
    return int(torch.multinomial(dist, 1, generator=generator))


def walk(
    q: torch.Tensor,
    step: Callable[[int], torch.Tensor],
    cache: CrossVocabCache,
    *,
    greedy: bool,
    generator: torch.Generator | None = None,
    min_first: float = 0.0,
) -> Walk:
    """Draft one target token. ``step(d)`` feeds drafter token ``d`` and returns the next distribution.

    The last drawn piece is never fed (the caller feeds it, or rolls back, depending on ``depth``). A first
    piece with q(d₁) < ``min_first`` does not start an n-gram walk (it proposes its own target token): this
    bounds the work of :func:`translated_distribution`, which must then use the same ``min_first``.
    """
    path: list[int] = []
    dists = [q]
    best_target, best_depth = None, 0
    node: TrieNode | None = cache.root
    dist = q
    while True:
        d = draw(dist, greedy=greedy, generator=generator)
        path.append(d)
        node = node.children.get(d) if node is not None else None
        if len(path) == 1 and float(q[d]) < min_first:
            node = None
        terminal = cache.first_target(d) if len(path) == 1 else (node.target if node is not None else None)
        if terminal is not None:
            best_target, best_depth = terminal, len(path)
        if node is None or not node.children:
            break
        dist = step(d)
        dists.append(dist)
    return Walk(path, best_target, best_depth, dists)


def inner_paths(cache: CrossVocabCache, q: torch.Tensor | None = None, min_first: float = 0.0) -> list[Path]:
    """Paths of the trie's inner nodes (those with children) below first pieces a walk can start from:
    q(d₁) > 0 and q(d₁) >= ``min_first``."""
    out: list[Path] = []

    def visit(node: TrieNode, path: Path) -> None:
        if node.children:
            out.append(path)
            for d, child in node.children.items():
                visit(child, (*path, d))

    for d1, child in cache.root.children.items():
        if q is None or (float(q[d1]) > 0.0 and float(q[d1]) >= min_first):
            visit(child, (d1,))
    return out


def translated_distribution(
    q: torch.Tensor,
    cache: CrossVocabCache,
    cond: dict[Path, torch.Tensor],
    target_size: int,
    min_first: float = 0.0,
) -> tuple[torch.Tensor, float]:
    """The exact distribution over target tokens that :func:`walk` emits (normalised) and its emit mass.

    ``q``: drafter distribution at the current position; ``cond[path]``: drafter distribution after feeding
    ``path`` from there, for every path of :func:`inner_paths` (the same processing as ``q``); ``min_first`` as
    given to :func:`walk`.
    """
    out = torch.zeros(target_size, dtype=torch.float64)
    q64 = q.to(torch.float64)
    # One piece: every drafter token gives its whole mass to its twin (or its first target piece) ...
    heads = cache.head_map()
    mapped = (heads >= 0) & (heads < target_size)
    out.index_add_(0, heads[mapped], q64[mapped])

    # ... minus what the n-gram entries below it take: reach(v) moves from the nearest terminal above v to v.
    def visit(node: TrieNode, path: Path, reach: float, owner: int | None) -> None:
        if not node.children:
            return
        dist = cond[path].to(torch.float64)
        for d, child in node.children.items():
            r = reach * float(dist[d])
            if r == 0.0:
                continue
            child_owner = owner
            if child.target is not None:
                out[child.target] += r
                if owner is not None:
                    out[owner] -= r
                child_owner = child.target
            visit(child, (*path, d), r, child_owner)

    for d1, child in cache.root.children.items():
        r1 = float(q64[d1])
        if r1 > 0.0 and float(q[d1]) >= min_first:
            visit(child, (d1,), r1, cache.first_target(d1))
    out.clamp_(min=0.0)  # rounding in the subtractions
    mass = float(out.sum())
    if mass <= 0.0:
        return out.to(q.dtype), 0.0
    return (out / mass).to(q.dtype), mass
