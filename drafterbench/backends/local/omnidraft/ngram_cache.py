"""The cross-vocabulary n-gram cache of OmniDraft (Ramakrishnan et al. 2025, arXiv 2507.02659, section 3.1).

A drafter with its own tokenizer proposes *drafter* tokens; the target verifies *target* tokens. Two kinds of
pairing relate them:

- direct mapping: a drafter token and a target token that stand for the same bytes (`` the`` in both);
- n-gram entries: a target token with no single drafter equivalent maps to the *sequence* of drafter tokens
  its bytes re-tokenise into (target ``flake`` -> drafter ``f``, ``la``, ``ke``). The cache is filled online:
  whenever the target emits (or the prompt contains) a token with no direct equivalent, its drafter
  re-tokenisation is stored. When drafting, a drafter sequence that walks a stored path is merged back into
  that one target token.

The n-gram entries are kept in a trie keyed by drafter ids so the drafting walk (see ``translate.py``) can
follow it token by token. Every target token gets at most one drafter spelling, so the drafter's context
is a deterministic function of the target's tokens — which keeps verification lossless.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import torch

from .vocab import TokenVocab

logger = logging.getLogger(__name__)


@dataclass
class TrieNode:
    """A node of the drafter-id trie. ``target`` is the target token emitted when a walk ends here."""

    children: dict[int, TrieNode] = field(default_factory=dict)
    target: int | None = None


@dataclass
class CacheStats:
    """Counts over the target tokens the cache has been asked to translate (generated text only)."""

    direct: int = 0  # had a one-to-one drafter equivalent
    hits: int = 0  # needed an n-gram entry and the cache already held it
    misses: int = 0  # needed an n-gram entry that was new (stored now)

    @property
    def hit_rate(self) -> float:
        """Hits among the tokens that needed an n-gram entry (the paper's cache hit rate)."""
        n = self.hits + self.misses
        return self.hits / n if n else 0.0

    @property
    def coverage(self) -> float:
        """Share of target tokens the drafter could have proposed: direct or already cached."""
        n = self.direct + self.hits + self.misses
        return (self.direct + self.hits) / n if n else 0.0


class CrossVocabCache:
    """Direct map plus online n-gram entries between a target and a drafter vocabulary."""

    def __init__(self, target: TokenVocab, drafter: TokenVocab, *, max_entries: int = 200_000) -> None:
        self.target = target
        self.drafter = drafter
        self.max_entries = max_entries
        # Direct map in both directions (-1: none). Specials pair up by name (``<|endoftext|>``).
        d2t = torch.full((drafter.size,), -1, dtype=torch.long)
        t2d = torch.full((target.size,), -1, dtype=torch.long)
        d_by_bytes = drafter.id_of_bytes()
        for t, b in enumerate(target.token_bytes):
            d = d_by_bytes.get(b) if b is not None else None
            if d is not None and d2t[d] < 0:
                d2t[d] = t
                t2d[t] = d
        for name, t in target.specials.items():
            d = drafter.specials.get(name)
            if d is not None and 0 <= t < target.size and 0 <= d < drafter.size:
                d2t[d] = t
                t2d[t] = d
        self.d2t = d2t
        self.t2d = t2d
        self._t2d_list = t2d.tolist()  # python ints: the per-token path stays off the tensor API
        self._d2t_list = d2t.tolist()
        self._heads: dict[int, int] = {}  # memo of first_target for drafter tokens without a twin
        self._head_map: torch.Tensor | None = None
        self.entries: dict[int, tuple[int, ...]] = {}
        self.root = TrieNode()
        self.stats = CacheStats()
        logger.debug(
            "direct map %s -> %s: %d of %d target tokens",
            drafter.name,
            target.name,
            int((t2d >= 0).sum()),
            target.size,
        )

    # -- target -> drafter (building the drafter's context) ---------------------------------------------

    def to_drafter(self, token: int, *, count: bool = False) -> tuple[int, ...]:
        """The drafter spelling of one target token; stores a new n-gram entry when needed.

        ``count`` records the lookup in :attr:`stats` (do so for generated tokens, not for the prompt).
        """
        d = self._t2d_list[token] if 0 <= token < len(self._t2d_list) else -1
        if d >= 0:
            if count:
                self.stats.direct += 1
            return (d,)
        entry = self.entries.get(token)
        if entry is not None:
            if count:
                self.stats.hits += 1
            return entry
        if count:
            self.stats.misses += 1
        entry = self._spell(token)
        self._add(token, entry)
        return entry

    def spelling(self, token: int) -> tuple[int, ...]:
        """The drafter spelling of ``token`` without storing it or counting the lookup (for training data)."""
        d = self._t2d_list[token] if 0 <= token < len(self._t2d_list) else -1
        if d >= 0:
            return (d,)
        return self.entries.get(token) or self._spell(token)

    def _spell(self, token: int) -> tuple[int, ...]:
        b = self.target.token_bytes[token] if 0 <= token < self.target.size else None
        if b is None:
            # A special (or padding) id the drafter lacks: spell its name, the closest the drafter can see.
            name = next((k for k, v in self.target.specials.items() if v == token), f"<|{token}|>")
            b = name.encode("utf-8")
        spelled = tuple(self.drafter.encode_bytes(b))
        return spelled or (0,)

    def _add(self, token: int, entry: tuple[int, ...]) -> None:
        if len(self.entries) >= self.max_entries:
            return  # full: keep spelling such tokens, just stop remembering them for drafting
        self.entries[token] = entry
        if len(entry) < 2:
            return  # a one-piece spelling of a token without direct map (a special): not draftable
        node = self.root
        for d in entry:
            node = node.children.setdefault(d, TrieNode())
        if node.target is None:
            node.target = token

    # -- drafter -> target (drafting) -------------------------------------------------------------------

    def direct_target(self, drafter_token: int) -> int | None:
        """The target token a single drafter token stands for, if any."""
        t = self._d2t_list[drafter_token] if 0 <= drafter_token < len(self._d2t_list) else -1
        return t if t >= 0 else None

    def first_target(self, drafter_token: int) -> int | None:
        """What one drafted piece proposes: its twin, else the first target token of its bytes.

        The second case covers a drafter token *coarser* than the target's (cl100k ``' snowflake'`` for a target
        that spells it ``' snow'``, ``'flake'``): drafting proposes the first target piece, and the drafter's
        context then follows the target's spelling, as everywhere else.
        """
        t = self.direct_target(drafter_token)
        if t is not None:
            return t
        if drafter_token not in self._heads:
            b = self.drafter.token_bytes[drafter_token] if 0 <= drafter_token < self.drafter.size else None
            spelled = self.target.encode_bytes(b) if b else []
            self._heads[drafter_token] = spelled[0] if spelled else -1
        head = self._heads[drafter_token]
        return head if head >= 0 else None

    def head_map(self) -> torch.Tensor:
        """``first_target`` for every drafter id (-1: none), as a tensor; built once (sampling needs it whole)."""
        if self._head_map is None:
            heads = [self.first_target(d) for d in range(self.drafter.size)]
            self._head_map = torch.tensor([-1 if t is None else t for t in heads], dtype=torch.long)
        return self._head_map

    def node(self, path: tuple[int, ...]) -> TrieNode | None:
        """The trie node reached by a drafter path (``None`` if the path leaves the trie)."""
        node = self.root
        for d in path:
            node = node.children.get(d)
            if node is None:
                return None
        return node

    def terminal(self, path: tuple[int, ...]) -> int | None:
        """The target token a walk ending at ``path`` emits: an n-gram entry, or ``first_target`` for length 1."""
        if len(path) == 1:
            return self.first_target(path[0])
        node = self.node(path)
        return node.target if node is not None else None

    # -- figures -----------------------------------------------------------------------------------------

    @property
    def n_entries(self) -> int:
        return len(self.entries)

    @property
    def n_bytes(self) -> int:
        """Size of the n-gram entries packed as int32 ids (key + spelling): what the paper's 1–5 MB counts."""
        return sum(4 * (1 + len(v)) for v in self.entries.values())

    def figures(self) -> dict[str, float]:
        """The numbers reported in ``DecodingStats.extra``."""
        return {
            "ngram_hit_rate": self.stats.hit_rate,
            "ngram_coverage": self.stats.coverage,
            "ngram_hits": float(self.stats.hits),
            "ngram_misses": float(self.stats.misses),
            "cache_entries": float(self.n_entries),
            "cache_bytes": float(self.n_bytes),
            "direct_map_size": float(int((self.t2d >= 0).sum())),
        }
