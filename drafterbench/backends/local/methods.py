"""``--spec`` names -> the module implementing each method, and ``--spec`` text -> a typed :class:`MethodSpec`.

Each method module exposes ``build(ctx) -> Drafter | None``; each method's options class lives in
``options.py`` (``OPTIONS``, keyed by the same names).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from drafterbench.backends.local.drafter import Drafter, DrafterContext
from drafterbench.backends.local.options import MethodOptions, flag, parse_options

__all__ = ["METHODS", "NEEDS_DRAFTER", "NEEDS_SAME_TOKENIZER", "MethodSpec", "build_drafter", "check_method", "flag", "parse_spec",
           "read_spec", "unusable_with"]

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

#: Methods whose drafter must share the target's tokenizer (omnidraft bridges two vocabularies).
NEEDS_SAME_TOKENIZER = frozenset({"draft", "vocabtrim", "easyspec"})


def unusable_with(methods: Iterable[str], *, same_tokenizer: bool) -> list[str]:
    """Those of ``methods`` that cannot draft with a drafter whose tokenizer is not the target's."""
    return [] if same_tokenizer else [m for m in methods if m in NEEDS_SAME_TOKENIZER]


def check_method(spec: str) -> str:
    """Return ``spec`` if it names a method, else raise a ValueError listing the valid choices."""
    if spec not in METHODS:
        raise ValueError(f"unknown --spec {spec!r}; choose one of: {', '.join(METHODS)}")
    return spec


@dataclass(frozen=True)
class MethodSpec:
    """A method and its typed options: what ``--spec name:key=value,...`` means."""

    name: str
    options: MethodOptions


def read_spec(text: str, overrides: Mapping[str, Any] | MethodOptions | None = None) -> MethodSpec:
    """Parse ``--spec`` text once into a :class:`MethodSpec`; ``overrides`` (a mapping or an options object of
    the method) win over the text's options. Raises one ValueError line for a bad name, key or value."""
    name, raw = parse_spec(text)
    if overrides is None or isinstance(overrides, Mapping):
        return MethodSpec(name, parse_options(name, {**raw, **(overrides or {})}))
    base = parse_options(name, overrides)
    return MethodSpec(name, parse_options(name, raw, base=base) if raw else base)


def build_drafter(spec: str, ctx: DrafterContext) -> Drafter | None:
    """Instantiate the drafter for ``spec`` (None for plain decoding)."""
    module = importlib.import_module(METHODS[check_method(spec)])
    return module.build(ctx)


def parse_spec(text: str) -> tuple[str, dict[str, str]]:
    """``"vocabtrim:k=4096,token_map=map.json"`` -> ("vocabtrim", {"k": "4096", "token_map": "map.json"}).

    The syntax only: the method name is checked, the values stay text (:func:`read_spec` types them).
    """
    name, _, rest = text.partition(":")
    options: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in rest.split(","))):
        key, eq, value = part.partition("=")
        if not eq or not key.strip():
            raise ValueError(f"bad --spec option {part!r} in {text!r}; expected key=value")
        options[key.strip()] = value.strip()
    return check_method(name.strip()), options
