"""The OmniDraft drafter: a small model with its *own* tokenizer drafting for any target (arXiv 2507.02659).

Per round:
1. sync — the target tokens emitted since the last round are spelled in the drafter's vocabulary through the
   n-gram cache (which learns new spellings as it goes) and fed to the drafter; the drafter's KV cache is cut
   back to the longest prefix it shares with the new context, so rejected pieces are forgotten;
2. draft — each target token comes from one walk of the drafter (``translate.walk``): a directly mapped piece,
   or several pieces merged into one target token along the cache's trie. When sampling, the draft carries
   the exact translated distribution of each token, so verification stays lossless;
3. stop early when the acceptance head predicts the round is likely to hit a rejection (adaptive length);
4. learn — the head from what was accepted; with ``online_adapt`` the drafter itself (hybrid distillation).

The drafter context is a deterministic function of the target's tokens, which is what lets the target's
verification (greedy or sampling) keep its output exactly the same as plain decoding.
"""

from __future__ import annotations

import copy
import dataclasses
import logging
from dataclasses import dataclass
from functools import partial
from typing import Any

import torch

from drafterbench.backends.local import kv
from drafterbench.backends.local.drafter import DecodeState, Draft
from drafterbench.backends.local.options import OmniDraftOptions
from drafterbench.backends.local.sampling import logits_to_probs

from .acceptance_head import AcceptanceHead, HeadTrainer, scalar_features, should_stop
from .distill import OnlineDistiller
from .ngram_cache import CrossVocabCache
from .translate import Walk, inner_paths, translated_distribution, walk
from .vocab import TokenVocab

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class OmniDraftConfig:
    """Knobs of the method; the defaults (one home: ``OmniDraftOptions``) follow the paper where it gives one."""

    gamma: int = 4  # most target tokens drafted per round
    adaptive: bool = OmniDraftOptions.adaptive  # stop drafting on the acceptance head's prediction
    threshold: float = OmniDraftOptions.threshold  # ... once P(some drafted token is rejected) exceeds this
    min_draft: int = 1  # never stop before this many tokens
    # sampling: n-gram walks start only from pieces this likely (bounds exact rows)
    walk_min_q: float = OmniDraftOptions.walk_min_q
    online_adapt: bool = OmniDraftOptions.online_adapt  # hybrid distillation of the drafter during decoding
    # "lora" (adapters on the last layers) or "last" (fine-tune the last layers)
    adapt_mode: str = OmniDraftOptions.adapt_mode
    adapt_every: int = OmniDraftOptions.adapt_every  # rounds between distillation steps
    lora_rank: int = OmniDraftOptions.lora_rank
    adapt_layers: int = OmniDraftOptions.adapt_layers
    adapt_lr: float = 2e-3

    def __post_init__(self) -> None:
        if self.gamma < 1:
            raise ValueError(f"gamma must be >= 1, got {self.gamma}")
        # The same range checks as --spec omnidraft's options.
        OmniDraftOptions(threshold=self.threshold, adapt_mode=self.adapt_mode, adapt_every=self.adapt_every)

    @classmethod
    def from_options(cls, options: OmniDraftOptions, *, gamma: int) -> OmniDraftConfig:
        """The drafter's configuration for ``--spec omnidraft`` options and the draft length."""
        return cls(gamma=gamma, **dataclasses.asdict(options))


class OmniDraftDrafter:
    """Implements the engine's ``Drafter`` protocol with a drafter of a different vocabulary."""

    name = "omnidraft"

    def __init__(
        self,
        model: Any,
        target_vocab: TokenVocab,
        drafter_vocab: TokenVocab,
        config: OmniDraftConfig | None = None,
    ) -> None:
        self.model = model
        self.config = config or OmniDraftConfig()
        self.cache = CrossVocabCache(target_vocab, drafter_vocab)
        hidden = int(model.config.hidden_size)
        self.trainer = HeadTrainer(AcceptanceHead(hidden))
        self.distiller = (
            OnlineDistiller(
                model,
                self.cache,
                mode=self.config.adapt_mode,
                last_layers=self.config.adapt_layers,
                rank=self.config.lora_rank,
                lr=self.config.adapt_lr,
            )
            if self.config.online_adapt
            else None
        )
        self._reset()

    # -- drafter model bookkeeping -------------------------------------------------------------------

    def _reset(self) -> None:
        self.kv: Any = None
        self.kv_tokens: list[int] = []  # drafter ids in the KV cache, in order
        self.ctx: list[int] = []  # drafter spelling of the target tokens synced so far
        self.t_len = 0  # target tokens spelled into ctx
        self.logits: torch.Tensor | None = None  # drafter logits / last hidden state after kv_tokens
        self.hidden: torch.Tensor | None = None
        self.pending: list[int] = []
        # per drafted token of the current round: the head's inputs (hidden, scalars) and its n-gram flag
        self.round: list[tuple[torch.Tensor, torch.Tensor, bool]] = []
        self.figures = {
            "rounds": 0,
            "drafted": 0,
            "drafted_ngram": 0,
            "accepted_ngram": 0,
            "stopped_by_head": 0,
        }

    @torch.inference_mode()
    def _feed(self, ids: list[int]) -> None:
        """Append ``ids`` to the drafter's KV cache; keeps the logits and hidden state of the last position."""
        if self.kv is None:
            self.kv = kv.new_cache(self.model)
        x = torch.tensor([ids], dtype=torch.long, device=self.model.device)
        out = self.model(
            input_ids=x, **kv.cache_kwargs(self.model, self.kv), output_hidden_states=True, logits_to_keep=1
        )
        self.kv_tokens.extend(ids)
        self.logits = out.logits[0, -1]
        self.hidden = out.hidden_states[-1][0, -1]

    def _truncate(self, n: int) -> None:
        kv.rollback(self.kv, n)
        del self.kv_tokens[n:]

    def _sync(self, state: DecodeState) -> None:
        """Spell new target tokens, then make the KV cache hold exactly ``ctx`` with fresh logits."""
        old = len(self.ctx)
        for i in range(self.t_len, len(state.tokens)):
            # Only generated tokens count towards the hit rate; the prompt still fills the cache.
            self.ctx.extend(self.cache.to_drafter(state.tokens[i], count=i >= state.prompt_len))
        self.t_len = len(state.tokens)
        common = min(old, len(self.kv_tokens))
        while common < min(len(self.kv_tokens), len(self.ctx)) and self.kv_tokens[common] == self.ctx[common]:
            common += 1
        common = min(common, len(self.ctx) - 1)  # feed at least one token: its logits start the draft
        if self.kv is None:
            common = 0
        else:
            self._truncate(common)
        self._feed(self.ctx[common:])
        self.pending = []

    def _step(
        self, saved: list[tuple[torch.Tensor, torch.Tensor]], state: DecodeState, d: int
    ) -> torch.Tensor:
        """One walk step: feed ``d``, remember the logits/hidden state after it, return the next distribution."""
        self._feed([d])
        saved.append((self.logits, self.hidden))
        return self._probs(self.logits, state)

    def _probs(self, logits: torch.Tensor, state: DecodeState) -> torch.Tensor:
        # Greedy drafting only needs the argmax; temperature-1 softmax still gives the head its features.
        if state.sampling.greedy:
            return torch.softmax(logits.float(), dim=-1)
        return logits_to_probs(logits, state.sampling)

    @torch.inference_mode()
    def _conditionals(self, q: torch.Tensor, state: DecodeState) -> dict[tuple[int, ...], torch.Tensor]:
        """Drafter distributions after every inner trie path, in one batched pass over a copy of the cache."""
        paths = inner_paths(self.cache, q, self.config.walk_min_q)
        if not paths:
            return {}
        as_set = set(paths)
        # A forward over a path yields the distributions after each of its prefixes: run only maximal paths.
        maximal = [p for p in paths if not any((*p, d) in as_set for d in self.cache.node(p).children)]
        width = max(len(p) for p in maximal)
        ids = torch.zeros((len(maximal), width), dtype=torch.long, device=self.model.device)
        for i, p in enumerate(maximal):
            ids[i, : len(p)] = torch.tensor(p)  # right padding: causal attention never looks at it
        batch_cache = copy.deepcopy(self.kv)
        batch_cache.batch_repeat_interleave(len(maximal))
        out = self.model(input_ids=ids, **kv.cache_kwargs(self.model, batch_cache))
        probs = self._probs(out.logits, state)
        cond: dict[tuple[int, ...], torch.Tensor] = {}
        for i, p in enumerate(maximal):
            for k in range(1, len(p) + 1):
                cond.setdefault(p[:k], probs[i, k - 1])
        return cond

    # -- the Drafter protocol ------------------------------------------------------------------------

    def begin(self, state: DecodeState) -> None:
        self._reset()
        self.cache.stats.direct = self.cache.stats.hits = self.cache.stats.misses = 0
        self._sync(state)

    def propose(self, state: DecodeState) -> Draft:
        self._sync(state)
        cfg = self.config
        tokens: list[int] = []
        rows: list[torch.Tensor] = []
        accept_probs: list[float] = []
        self.round = []
        for i in range(min(cfg.gamma, state.max_draft)):
            if self.pending:
                self._feed(self.pending)
                self.pending = []
            q = self._probs(self.logits, state)
            hidden = self.hidden
            start = len(self.kv_tokens)
            saved: list[tuple[torch.Tensor, torch.Tensor]] = [(self.logits, hidden)]

            row = None
            if not state.sampling.greedy:
                cond = self._conditionals(q, state)
                row, _mass = translated_distribution(
                    q, self.cache, cond, state.vocab_size, self.config.walk_min_q
                )
            w: Walk = walk(
                q,
                partial(self._step, saved, state),
                self.cache,
                greedy=state.sampling.greedy,
                generator=state.generator,
                min_first=0.0 if state.sampling.greedy else cfg.walk_min_q,
            )
            fed = len(w.path) - 1  # the walk feeds every drawn piece but the last
            if w.target is None or w.target >= state.vocab_size:
                self._truncate(start)
                self.logits, self.hidden = saved[0]
                break
            spelled = self.cache.to_drafter(w.target)
            if spelled != tuple(w.path[: w.depth]):
                # A coarse drafter piece proposed only its first target piece: the context continues with
                # that target token's own spelling, exactly as it will after verification.
                self._truncate(start)
                self.pending = list(spelled)
            elif w.depth <= fed:  # emitted at an inner node: forget the pieces drawn past it
                self._truncate(start + w.depth)
                self.logits, self.hidden = saved[w.depth]
            else:
                self.pending = [w.path[-1]]
            prob = 1.0
            for k in range(w.depth):
                prob *= float(w.dists[k][w.path[k]])
            scalars = scalar_features(q, prob, w.depth > 1, i)
            self.round.append((hidden, scalars, w.depth > 1))
            tokens.append(w.target)
            if row is not None:
                rows.append(row)
            accept_probs.append(self.trainer.predict(hidden, scalars) if cfg.adaptive else 1.0)
            if cfg.adaptive and len(tokens) >= cfg.min_draft and should_stop(accept_probs, cfg.threshold):
                self.figures["stopped_by_head"] += 1
                break
        self.figures["rounds"] += 1
        self.figures["drafted"] += len(tokens)
        self.figures["drafted_ngram"] += sum(ng for _, _, ng in self.round)
        return Draft(tokens, torch.stack(rows).float() if rows else None)

    def on_verified(self, state: DecodeState, accepted: int, next_token: int) -> None:
        # Acceptance labels: 1 for the accepted prefix, 0 for the first rejected token; later ones unverified.
        for i, (hidden, scalars, ngram) in enumerate(self.round[: accepted + 1]):
            label = 1.0 if i < accepted else 0.0
            self.trainer.add(hidden, scalars, label)
            if ngram and i < accepted:
                self.figures["accepted_ngram"] += 1
        if self.round[: accepted + 1]:
            self.trainer.step(state.generator)
        self.round = []
        if self.distiller is not None:
            # ctx still spells the tokens before this round (the new ones are spelled at the next sync).
            new = state.tokens[-(accepted + 1) :]
            self.distiller.add(self.distiller.make_example(list(self.ctx), new))
            if self.figures["rounds"] % self.config.adapt_every == 0:
                self.distiller.step()
                # New weights make the cached keys/values stale: re-prefill the context on the next propose.
                self.kv, self.kv_tokens = None, []

    def extra_stats(self) -> dict[str, float]:
        out = self.cache.figures()
        rounds = max(1, self.figures["rounds"])
        out.update(
            mean_draft_len=self.figures["drafted"] / rounds,
            drafted_ngram=float(self.figures["drafted_ngram"]),
            accepted_ngram=float(self.figures["accepted_ngram"]),
            stopped_by_head=float(self.figures["stopped_by_head"]),
            head_steps=float(self.trainer.steps),
        )
        if self.distiller is not None:
            out["distill_steps"] = float(self.distiller.steps)
            if self.distiller.history:
                out["distill_loss"] = self.distiller.history[-1][0]
        return out
