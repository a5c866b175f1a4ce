"""KV-cache handling for Hugging Face causal LMs: create, measure, roll back, and one forward pass.

Invariant kept by the engine and every model drafter: the cache holds every token of the sequence except
the last emitted one, which is the first input of the next forward.
"""

from __future__ import annotations

import inspect
from functools import cache
from typing import Any

import torch


def new_cache(model: Any) -> Any:
    """An empty DynamicCache for ``model`` (transformers >= 4.45)."""
    from transformers import DynamicCache

    try:
        return DynamicCache(config=model.config)
    except TypeError:  # older transformers take no config
        return DynamicCache()


def cache_len(cache: Any) -> int:
    return int(cache.get_seq_length()) if cache is not None else 0


def rollback(cache: Any, length: int) -> None:
    """Drop cached positions beyond ``length`` (rejected draft tokens)."""
    extra = cache_len(cache) - length
    if extra > 0:
        cache.crop(-extra)  # a negative count removes that many positions in every transformers version


@cache
def _cache_kwarg(cls: type) -> str:
    # transformers 5.x calls it `cache` in some models, `past_key_values` in others; accept both.
    params = inspect.signature(cls.forward).parameters
    return "cache" if "cache" in params else "past_key_values"


def cache_kwargs(model: Any, cache: Any) -> dict[str, Any]:
    """The keyword arguments that make ``model``'s forward read and extend ``cache``."""
    return {_cache_kwarg(type(model)): cache, "use_cache": True}


@torch.inference_mode()
def forward(model: Any, ids: list[int] | torch.Tensor, cache: Any, *, last_only: bool = False) -> torch.Tensor:
    """Run ``ids`` (appended to ``cache``) through ``model``; logits (len(ids), V), or (1, V) if last_only."""
    if not isinstance(ids, torch.Tensor):
        ids = torch.tensor(ids, dtype=torch.long, device=model.device)
    kwargs = cache_kwargs(model, cache)
    if last_only:
        kwargs["logits_to_keep"] = 1
    out = model(input_ids=ids.view(1, -1), **kwargs)
    return out.logits[0]


@torch.inference_mode()
def last_hidden(model: Any, ids: list[int] | torch.Tensor, cache: Any) -> torch.Tensor:
    """Run ``ids`` through the decoder stack without the LM head; the final-norm hidden state (H,) of the last one."""
    if not isinstance(ids, torch.Tensor):
        ids = torch.tensor(ids, dtype=torch.long, device=model.device)
    base = model.base_model
    out = base(input_ids=ids.view(1, -1), **cache_kwargs(base, cache))
    return out.last_hidden_state[0, -1]


def fit_vocab(row: torch.Tensor, vocab_size: int) -> torch.Tensor:
    """Pad (with zeros) or cut a probability row to the target's logits width (padded vocabularies differ)."""
    n = row.shape[-1]
    if n == vocab_size:
        return row
    if n > vocab_size:
        return row[..., :vocab_size]
    return torch.nn.functional.pad(row, (0, vocab_size - n))
