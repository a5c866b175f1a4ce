"""``drafterbench bench --model drafterbench-tiny``: the shipped target with each method's own shipped drafter.

``draft`` and ``vocabtrim`` draft with the two-layer drafter (VocabTrim through the shipped token map),
``easyspec`` with the six-layer one, ``omnidraft`` with the cl100k_base drafter; transformers' assisted
generation gets the two-layer drafter and its universal assisted generation the cl100k one. Prompts are the
compact prompts the model was trained on; draft lengths are the ones ``drafterbench run`` uses, unless
``--gamma`` sets one for all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from drafterbench.backends.base import Message
from drafterbench.backends.local import models
from drafterbench.backends.local.options import VocabTrimOptions
from drafterbench.benchmarking.decoding import BenchSetup
from drafterbench.tiny import NAME
from drafterbench.tiny.prompt import compact_prompt
from drafterbench.tiny.serve import GAMMA
from drafterbench.tiny.weights import DRAFTER_OF, vocabtrim_map_path

#: ``bench`` defaults for drafterbench-tiny: one prompt per task type, long enough for most of a program.
DEFAULT_N = 12
DEFAULT_NEW_TOKENS = 256


def tiny_setup(texts: Sequence[str], types: Sequence[str] | None, *, device: str, dtype: str,
               options: dict[str, Any], token_map: str | None = None, per_method_gamma: bool = True) -> BenchSetup:
    """Load the target and the three drafters; prompts in the compact form (``texts`` as given when the
    prompts carry no task type, i.e. a file of ready compact prompts)."""
    kw = dict(device=device, dtype=dtype)
    target, tok = models.load_model(NAME, **kw), models.load_tokenizer(NAME)
    loaded: dict[str, tuple[Any, Any]] = {}
    for part in dict.fromkeys(DRAFTER_OF.values()):
        name = f"{NAME}/{part}"
        loaded[part] = (models.load_model(name, **kw), models.load_tokenizer(name))
    drafters = {method: loaded[part] for method, part in DRAFTER_OF.items()}
    chats = [compact_prompt(ty, t) for t, ty in zip(texts, types)] if types else list(texts)
    options = {**options, "vocabtrim": VocabTrimOptions(token_map=token_map or str(vocabtrim_map_path()))}
    draft, draft_tok = drafters["draft"]
    return BenchSetup(
        target=target, tokenizer=tok, prompts=[models.encode_chat(tok, [Message(role="user", content=c)]) for c in chats], types=list(types) if types else None,
        eos=models.eos_ids(tok, target), drafter=draft, drafter_tokenizer=draft_tok, model_name=NAME,
        draft_model_name=f"{NAME}/<per method>", options=options, drafters=drafters, gammas=dict(GAMMA) if per_method_gamma else {},
    )
