"""``--spec`` names -> the module implementing each method. Each module exposes ``build(ctx) -> Drafter | None``."""

from __future__ import annotations

import importlib
from typing import Any

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


_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off"})


def flag(options: dict[str, Any], name: str, default: bool) -> bool:
    """A yes/no method option: a bool, or a ``--spec`` string ("true"/"false", "1"/"0", "yes"/"no", "on"/"off").

    ``bool("false")`` is True, so a string option is never passed to ``bool``.
    """
    value = options.get(name, default)
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"--spec option {name}={value!r} is not a yes/no value; use one of: true, false, 1, 0, yes, no")


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
