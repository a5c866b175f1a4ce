"""Loading target and drafter models (local path or hub name) and turning chat messages into token ids.

Nothing is downloaded unless the user opts in (``allow_download=True``): hub names resolve from the local
Hugging Face cache only, so tests and offline machines never touch the network.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

log = logging.getLogger(__name__)

DTYPES = ("float32", "bfloat16", "float16")


def resolve_name(name: str) -> str:
    """``hf/Qwen/Qwen2.5-0.5B`` -> ``Qwen/Qwen2.5-0.5B`` (the ``hf/`` prefix selects this backend)."""
    return name.removeprefix("hf/")


def load_model(name: str, *, device: str = "cpu", dtype: str = "float32", allow_download: bool = False) -> Any:
    """A causal LM in eval mode on ``device`` (fp32 on a CPU: with a :class:`~.head.FastHead`). Raises
    ValueError naming the model when it cannot be found."""
    import torch
    from transformers import AutoModelForCausalLM

    from drafterbench.backends.local.head import use_fast_head

    if dtype not in DTYPES:
        raise ValueError(f"unknown dtype {dtype!r}; choose one of: {', '.join(DTYPES)}")
    if is_tiny(name):  # shipped with the package: built from its stored rows, never downloaded
        from drafterbench.tiny import weights

        model = weights.load_model(name).to(device=device, dtype=getattr(torch, dtype)).eval()
        use_fast_head(model)
        return model
    path = resolve_name(name)
    try:
        model = AutoModelForCausalLM.from_pretrained(
            path, dtype=getattr(torch, dtype), local_files_only=not allow_download
        )
    except OSError as exc:
        hint = "" if allow_download else " (downloads are off: pass a local path, or opt in to downloading)"
        raise ValueError(f"cannot load model {path!r}{hint}: {exc}") from exc
    if dtype != "float32":
        log.warning("%s in %s: greedy outputs may drift from plain decoding (batched verify rounds differently)",
                    path, dtype)
    model = model.to(device).eval()
    use_fast_head(model)
    return model


def is_tiny(name: str) -> bool:
    """Whether ``name`` is ``drafterbench-tiny`` or one of its parts (ValueError for an unknown part)."""
    from drafterbench.tiny.weights import parse_name

    return parse_name(name) is not None


def load_tokenizer(name: str, *, allow_download: bool = False) -> Any:
    from transformers import AutoTokenizer

    if is_tiny(name):
        from drafterbench.tiny import weights

        return weights.load_tokenizer(name)

    path = resolve_name(name)
    try:
        return AutoTokenizer.from_pretrained(path, local_files_only=not allow_download)
    except OSError as exc:
        raise ValueError(f"cannot load the tokenizer of {path!r}: {exc}") from exc


def encode_chat(tokenizer: Any, messages: Sequence[Any]) -> list[int]:
    """Token ids of ``messages`` (objects with ``role``/``content``) ready for the assistant's reply.

    Uses the model's chat template when it has one; otherwise a plain "role: content" transcript.
    """
    turns = [{"role": m.role, "content": m.content} for m in messages]
    if getattr(tokenizer, "chat_template", None):
        ids = tokenizer.apply_chat_template(turns, add_generation_prompt=True, tokenize=True)
        if hasattr(ids, "keys"):  # transformers 5 returns a BatchEncoding
            ids = ids["input_ids"]
        return list(ids)
    text = "".join(f"{t['role']}: {t['content']}\n" for t in turns) + "assistant:"
    return list(tokenizer(text)["input_ids"])


def eos_ids(tokenizer: Any, model: Any) -> list[int]:
    """Every token that ends a reply: the generation config's EOS ids and the tokenizer's EOS."""
    ids: set[int] = set()
    gen_eos = getattr(getattr(model, "generation_config", None), "eos_token_id", None)
    for source in (gen_eos, getattr(tokenizer, "eos_token_id", None)):
        if isinstance(source, int):
            ids.add(source)
        elif source:
            ids.update(int(x) for x in source)
    return sorted(ids)


def same_vocabulary(a: Any, b: Any | None) -> bool:
    """Whether two tokenizers map every token string to the same id (same-tokenizer drafting is valid).

    No drafter tokenizer (``b is None``) counts as the same: the drafter, if any, reads the target's ids.
    """
    return b is None or a is b or a.get_vocab() == b.get_vocab()


def head_rows(model: Any) -> int:
    """Rows of the model's LM head: the width of its logits (often padded beyond the tokenizer's vocabulary)."""
    return int(model.get_output_embeddings().weight.shape[0])


def parameter_count(model: Any) -> int:
    """How many parameters ``model`` has (the c of memory-bound speed-up is a ratio of two of these)."""
    return sum(p.numel() for p in model.parameters())
