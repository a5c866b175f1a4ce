"""drafterbench-tiny behind the local backend: which drafter and options each ``--spec`` method uses.

``--model drafterbench-tiny`` needs no other argument: the method defaults to :data:`BEST_METHOD` (the
fastest one in ``drafterbench bench --model drafterbench-tiny``), its drafter is the shipped part the method
needs, and VocabTrim reads the shipped token map. ``drafterbench run``'s default ``--max-tokens`` (2048) is
longer than any train-split program.
"""

from __future__ import annotations

from typing import Any

from drafterbench.tiny import NAME
from drafterbench.tiny.weights import DRAFTER_OF, vocabtrim_map_path

#: The default ``--spec`` for drafterbench-tiny (see docs/drafterbench-tiny.md for the measured table).
BEST_METHOD = "vocabtrim"
#: Draft length per method. vocabtrim's 4 is the best of 3-6 in ``drafterbench bench --model drafterbench-tiny
#: --spec vocabtrim --gamma G`` (the bench's own 12 prompts; 3 and 4 tied); the others were tuned on train-split prompts.
GAMMA = {"draft": 4, "vocabtrim": 4, "easyspec": 4, "omnidraft": 4, "prompt-lookup": 6}


def backend_kwargs(spec: str | None) -> dict[str, Any]:
    """``LocalBackend`` keyword arguments for drafterbench-tiny decoded with ``spec`` (a method and options)."""
    from drafterbench.backends.local.methods import parse_spec

    text = spec or BEST_METHOD
    method, options = parse_spec(text)
    kwargs: dict[str, Any] = {"spec": text, "gamma": GAMMA.get(method, 4)}
    if method in DRAFTER_OF:
        kwargs["draft_model"] = f"{NAME}/{DRAFTER_OF[method]}"
    if method == "vocabtrim" and "token_map" not in options:
        kwargs["spec_options"] = {"token_map": str(vocabtrim_map_path())}
    return kwargs
