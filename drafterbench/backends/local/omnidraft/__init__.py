"""``--spec omnidraft``: a drafter with a different tokenizer than the target (OmniDraft, arXiv 2507.02659).

Modules: ``vocab`` (tokenizers as bytes), ``ngram_cache`` (cross-vocabulary cache), ``translate`` (the drafting
walk and translated probabilities), ``acceptance_head`` (adaptive draft length), ``distill`` and ``lora``
(online hybrid distillation), ``drafter`` (the engine's Drafter).
"""

from __future__ import annotations

from typing import Any

from drafterbench.backends.local.drafter import DrafterContext

from .drafter import OmniDraftConfig, OmniDraftDrafter
from .vocab import TokenVocab, from_hf_tokenizer, from_tiktoken

__all__ = ["OmniDraftConfig", "OmniDraftDrafter", "TokenVocab", "as_vocab", "build"]

_TRUE = {"1", "true", "yes", "on"}


def as_vocab(tokenizer: Any, size: int | None = None) -> TokenVocab:
    """A :class:`TokenVocab` from a TokenVocab, a ``tiktoken.Encoding`` or a Hugging Face tokenizer."""
    if isinstance(tokenizer, TokenVocab):
        return tokenizer
    if hasattr(tokenizer, "_mergeable_ranks") and hasattr(tokenizer, "decode_single_token_bytes"):
        return from_tiktoken(tokenizer, size=size)
    if hasattr(tokenizer, "get_vocab"):
        return from_hf_tokenizer(tokenizer, size=size)
    raise ValueError(
        f"unsupported tokenizer {type(tokenizer).__name__}: expected a transformers tokenizer or tiktoken"
    )


def _flag(options: dict[str, Any], *names: str, default: bool = False) -> bool:
    for n in names:
        if n in options:
            v = options[n]
            return v if isinstance(v, bool) else str(v).lower() in _TRUE
    return default


def build(ctx: DrafterContext) -> OmniDraftDrafter:
    """The engine's entry point. Options (``--spec-option``): ``online_adapt``, ``adaptive``, ``threshold``,
    ``adapt_mode`` (lora|last), ``adapt_every``, ``lora_rank``, ``adapt_layers``, ``walk_min_q``."""
    if ctx.drafter is None:
        raise ValueError("--spec omnidraft needs a drafter model (--draft-model)")
    if ctx.target_tokenizer is None or ctx.drafter_tokenizer is None:
        raise ValueError("--spec omnidraft needs both the target's and the drafter's tokenizer")
    o = {k.replace("-", "_"): v for k, v in ctx.options.items()}
    config = OmniDraftConfig(
        gamma=ctx.gamma,
        adaptive=_flag(o, "adaptive", default=True),
        threshold=float(o.get("threshold", OmniDraftConfig.threshold)),
        online_adapt=_flag(o, "online_adapt"),
        adapt_mode=str(o.get("adapt_mode", "lora")),
        adapt_every=int(o.get("adapt_every", OmniDraftConfig.adapt_every)),
        lora_rank=int(o.get("lora_rank", OmniDraftConfig.lora_rank)),
        adapt_layers=int(o.get("adapt_layers", OmniDraftConfig.adapt_layers)),
        walk_min_q=float(o.get("walk_min_q", OmniDraftConfig.walk_min_q)),
    )
    target_vocab = as_vocab(ctx.target_tokenizer, int(ctx.target.config.vocab_size))
    drafter_vocab = as_vocab(ctx.drafter_tokenizer, int(ctx.drafter.config.vocab_size))
    return OmniDraftDrafter(ctx.drafter, target_vocab, drafter_vocab, config)
