"""``--spec`` names -> the module implementing each method. Each module exposes ``build(ctx) -> Drafter | None``."""

from __future__ import annotations

import importlib

from drafterbench.backends.local.drafter import Drafter, DrafterContext

METHODS: dict[str, str] = {
    "none": "drafterbench.backends.local.plain",
    "draft": "drafterbench.backends.local.draft_model",
    "prompt-lookup": "drafterbench.backends.local.prompt_lookup",
    "vocabtrim": "drafterbench.backends.local.vocabtrim",
    "easyspec": "drafterbench.backends.local.easyspec",
    "omnidraft": "drafterbench.backends.local.omnidraft",
}

#: Methods that need a separate drafter model (--draft-model).
NEEDS_DRAFTER = frozenset({"draft", "vocabtrim", "easyspec", "omnidraft"})


def check_method(spec: str) -> str:
    """Return ``spec`` if it names a method, else raise a ValueError listing the valid choices."""
    if spec not in METHODS:
        raise ValueError(f"unknown --spec {spec!r}; choose one of: {', '.join(METHODS)}")
    return spec


def build_drafter(spec: str, ctx: DrafterContext) -> Drafter | None:
    """Instantiate the drafter for ``spec`` (None for plain decoding)."""
    module = importlib.import_module(METHODS[check_method(spec)])
    return module.build(ctx)


def parse_spec(text: str) -> tuple[str, dict[str, str]]:
    """``"vocabtrim:k=4096,token_map=map.json"`` -> ("vocabtrim", {"k": "4096", "token_map": "map.json"}).

    Lets ``drafterbench run --spec`` carry method options without one CLI flag per option.
    """
    name, _, rest = text.partition(":")
    options: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in rest.split(","))):
        key, eq, value = part.partition("=")
        if not eq or not key.strip():
            raise ValueError(f"bad --spec option {part!r} in {text!r}; expected key=value")
        options[key.strip()] = value.strip()
    return check_method(name.strip()), options
