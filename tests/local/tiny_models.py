"""Test support: tiny random-weight transformers models shared by the local-backend tests (and docs/benchmarks).

Design, so the equality checks bite:
- a large ``initializer_range`` (0.5) makes random models produce varied text instead of one repeated token;
- the drafter is the target truncated to its first ``DRAFT_LAYERS`` layers (same embeddings, norm and head),
  and the target's extra layers are scaled down (``late_scale``), so the drafter agrees with the target often
  but not always: tests can assert both acceptance and rejection happened;
- two architecture families with grouped-query attention: Llama and Qwen2 (which adds q/k/v biases).

Nothing is downloaded: models are built from configs; the tokenizer is a byte-level one built in memory.
"""

from __future__ import annotations

import random
from pathlib import Path

import torch
import transformers

VOCAB = 512
HIDDEN = 64
LAYERS = 4
DRAFT_LAYERS = 2
FAMILIES = ("llama", "qwen2")


def tiny_config(
    family: str,
    *,
    vocab_size: int = VOCAB,
    layers: int = LAYERS,
    init: float = 0.5,
    max_position_embeddings: int = 1024,
):
    """A small GQA config (4 query heads, 2 KV heads) of ``family`` ("llama" or "qwen2")."""
    common = dict(
        vocab_size=vocab_size,
        hidden_size=HIDDEN,
        intermediate_size=2 * HIDDEN,
        num_hidden_layers=layers,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=max_position_embeddings,
        initializer_range=init,
        tie_word_embeddings=False,
        bos_token_id=None,
        eos_token_id=None,
        pad_token_id=None,
    )
    if family == "llama":
        return transformers.LlamaConfig(**common)
    if family == "qwen2":
        return transformers.Qwen2Config(**common, use_sliding_window=False)
    raise ValueError(f"unknown family {family!r}; choose one of {FAMILIES}")


def _model_class(family: str):
    return {"llama": transformers.LlamaForCausalLM, "qwen2": transformers.Qwen2ForCausalLM}[family]


def build_pair(
    family: str,
    *,
    vocab_size: int = VOCAB,
    seed: int = 0,
    late_scale: float = 0.35,
    layers: int = LAYERS,
    draft_layers: int = DRAFT_LAYERS,
    max_position_embeddings: int = 1024,
):
    """(target, drafter): fp32, eval mode; the drafter is the target's first ``draft_layers`` layers."""
    torch.manual_seed(seed)
    cls = _model_class(family)
    positions = {"max_position_embeddings": max_position_embeddings}
    target = cls(tiny_config(family, vocab_size=vocab_size, layers=layers, **positions)).eval()
    with torch.no_grad():
        for layer in target.model.layers[draft_layers:]:
            # Later layers only nudge the residual stream, so the truncated drafter is often right.
            layer.self_attn.o_proj.weight.mul_(late_scale)
            layer.mlp.down_proj.weight.mul_(late_scale)
    drafter = cls(tiny_config(family, vocab_size=vocab_size, layers=draft_layers, **positions)).eval()
    missing, unexpected = drafter.load_state_dict(target.state_dict(), strict=False)
    if missing or any(not k.startswith("model.layers.") for k in unexpected):
        raise RuntimeError(f"drafter does not match target: missing={missing} unexpected={unexpected}")
    return target, drafter


def random_prompts(n: int = 20, *, vocab_size: int = VOCAB, seed: int = 1, lo: int = 6, hi: int = 24):
    """``n`` token-id prompts of varied length; every third repeats a chunk (gives prompt lookup matches)."""
    rng = random.Random(seed)
    prompts = []
    for i in range(n):
        p = [rng.randrange(vocab_size) for _ in range(rng.randint(lo, hi))]
        if i % 3 == 0:
            p = p + p[: max(3, len(p) // 2)]
        prompts.append(p)
    return prompts


def byte_tokenizer():
    """A byte-level BPE tokenizer with no merges: 256 byte tokens + 3 specials, and a ChatML template."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    alphabet = pre_tokenizers.ByteLevel.alphabet()
    vocab = {ch: i for i, ch in enumerate(sorted(alphabet))}
    tok = Tokenizer(models.BPE(vocab=vocab, merges=[]))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)
    tok.decoder = decoders.ByteLevel()
    fast = PreTrainedTokenizerFast(tokenizer_object=tok)
    fast.add_special_tokens(
        {"eos_token": "<|im_end|>", "pad_token": "<|endoftext|>", "additional_special_tokens": ["<|im_start|>"]}
    )
    fast.chat_template = (
        "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}"
        "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
    )
    return fast


def save_pair(
    root: Path, family: str = "qwen2", *, seed: int = 0, max_position_embeddings: int = 1024
) -> tuple[Path, Path]:
    """Write a tiny (target, drafter) pair with the byte tokenizer to ``root``; returns their directories.

    ``max_position_embeddings``: raise it for prompts longer than 1024 bytes (the code-mode agent's prompt).
    """
    tok = byte_tokenizer()
    target, drafter = build_pair(
        family, vocab_size=len(tok), seed=seed, max_position_embeddings=max_position_embeddings
    )
    paths = []
    for name, model in (("target", target), ("drafter", drafter)):
        model.config.eos_token_id = tok.eos_token_id
        model.generation_config.eos_token_id = tok.eos_token_id
        model.generation_config.pad_token_id = tok.pad_token_id
        d = root / name
        model.save_pretrained(d)
        tok.save_pretrained(d)
        paths.append(d)
    return paths[0], paths[1]
