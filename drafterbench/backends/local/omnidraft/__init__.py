"""``--spec omnidraft``: a drafter with a different tokenizer than the target (OmniDraft, arXiv 2507.02659).

Modules: ``vocab`` (tokenizers as bytes), ``ngram_cache`` (cross-vocabulary cache), ``translate`` (the drafting
walk and translated probabilities), ``acceptance_head`` (adaptive draft length), ``distill`` and ``lora``
(online hybrid distillation), ``drafter`` (the engine's Drafter).
"""

from __future__ import annotations

from typing import Any

from drafterbench.backends.local.drafter import DrafterContext
from drafterbench.backends.local.options import OmniDraftOptions, parse_options

from .drafter import OmniDraftConfig, OmniDraftDrafter
from .vocab import TokenVocab, from_hf_tokenizer, from_tiktoken

__all__ = ["OmniDraftConfig", "OmniDraftDrafter", "TokenVocab", "as_vocab", "build"]


def as_vocab(tokenizer: Any, size: int | None = None) -> TokenVocab:
    """A :class:`TokenVocab` from a TokenVocab, a ``tiktoken.Encoding`` or a Hugging Face tokenizer."""
    if isinstance(tokenizer, TokenVocab):
        return tokenizer
    if hasattr(tokenizer, "decode_single_token_bytes") and hasattr(tokenizer, "special_tokens_set"):  # tiktoken
        return from_tiktoken(tokenizer, size=size)
    if hasattr(tokenizer, "get_vocab"):
        return from_hf_tokenizer(tokenizer, size=size)
    raise ValueError(
        f"unsupported tokenizer {type(tokenizer).__name__}: expected a transformers tokenizer or tiktoken"
    )


def build(ctx: DrafterContext) -> OmniDraftDrafter:
    """The engine's entry point; its options are :class:`OmniDraftOptions` (``--spec omnidraft:key=value``)."""
    if ctx.drafter is None:
        raise ValueError("--spec omnidraft needs a drafter model (--draft-model)")
    if ctx.target_tokenizer is None or ctx.drafter_tokenizer is None:
        raise ValueError("--spec omnidraft needs both the target's and the drafter's tokenizer")
    options: OmniDraftOptions = parse_options("omnidraft", ctx.options)
    config = OmniDraftConfig.from_options(options, gamma=ctx.gamma)
    target_vocab = as_vocab(ctx.target_tokenizer, int(ctx.target.config.vocab_size))
    drafter_vocab = as_vocab(ctx.drafter_tokenizer, int(ctx.drafter.config.vocab_size))
    return OmniDraftDrafter(ctx.drafter, target_vocab, drafter_vocab, config)
