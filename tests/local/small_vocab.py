"""Test support: two small hand-made byte vocabularies (a target's and a drafter's) for OmniDraft's tests.

``small_cache`` relates them through the real cross-vocabulary cache; ``small_models`` puts random-weight
transformers models over them.
"""

from __future__ import annotations

import torch

from drafterbench.backends.local.omnidraft.ngram_cache import CrossVocabCache
from drafterbench.backends.local.omnidraft.vocab import TokenVocab

TARGET = [b"a", b"b", b"c", b"d", b"ab", b"abc", b"abcd", b"cd", b"bca", b"dd", None]  # id 10: <|endoftext|>
DRAFTER = [b"a", b"b", b"c", b"d", b"ab", b"bc", b"ca", None, None]  # 7: <|endoftext|>, 8: <|fim_prefix|>


def longest_match(table: list[bytes | None]):
    """A greedy longest-match encoder over ``table`` (the hand-made vocabularies have no BPE merges)."""
    by_bytes = {b: i for i, b in enumerate(table) if b is not None}

    def encode(data: bytes) -> list[int]:
        out, i = [], 0
        while i < len(data):
            j = max(k for k in range(i + 1, len(data) + 1) if data[i:k] in by_bytes)
            out.append(by_bytes[data[i:j]])
            i = j
        return out

    return encode


def small_cache() -> CrossVocabCache:
    """A cross-vocabulary cache between the two tables that has seen every target token once."""
    target = TokenVocab("t", TARGET, {"<|endoftext|>": 10}, longest_match(TARGET))
    drafter = TokenVocab("d", DRAFTER, {"<|endoftext|>": 7, "<|fim_prefix|>": 8}, longest_match(DRAFTER))
    cache = CrossVocabCache(target, drafter)
    for t in range(len(TARGET)):
        cache.to_drafter(t)  # as if the target had emitted every token once
    return cache


HIDDEN = 32


def small_models(seed: int = 0):
    """A Qwen2 target over the 11-token test vocabulary and a Llama drafter over the 8-token one."""
    import transformers

    torch.manual_seed(seed)
    common = {
        "hidden_size": HIDDEN,
        "intermediate_size": 64,
        "num_attention_heads": 4,
        "num_key_value_heads": 2,
        "initializer_range": 0.5,
        "tie_word_embeddings": False,
        "max_position_embeddings": 512,
    }
    target = transformers.Qwen2ForCausalLM(
        transformers.Qwen2Config(vocab_size=len(TARGET), num_hidden_layers=2, **common)
    ).eval()
    drafter = transformers.LlamaForCausalLM(
        transformers.LlamaConfig(vocab_size=len(DRAFTER), num_hidden_layers=2, **common)
    ).eval()
    with torch.no_grad():  # <|fim_prefix|> has no target counterpart and would end drafts: make it rare
        drafter.lm_head.weight[8] = 0.0
    tv = TokenVocab("t", TARGET, {"<|endoftext|>": 10}, longest_match(TARGET))
    dv = TokenVocab("d", DRAFTER, {"<|endoftext|>": 7}, longest_match(DRAFTER))
    return target, drafter, tv, dv
