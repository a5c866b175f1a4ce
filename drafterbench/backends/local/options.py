"""Each decoding method's options as a frozen dataclass, parsed once from ``--spec name:key=value,...``.

``--spec`` carries method options as text (``"easyspec:group_size=2,fuzzy=false"``); :func:`parse_options`
turns them into the method's options class, converting every value by the field's type (yes/no words for
booleans: ``bool("false")`` is True, so text never goes through ``bool``). A bad key or value is one
``ValueError`` line naming it and the valid choices, raised before any model loads. ``build(ctx)`` of each
method reads its typed options; nothing downstream sees a string.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Union

_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off"})


def flag(options: Mapping[str, Any], name: str, default: bool, *, method: str = "") -> bool:
    """A yes/no method option: a bool, or a ``--spec`` string ("true"/"false", "1"/"0", "yes"/"no", "on"/"off").

    ``bool("false")`` is True, so a string option is never passed to ``bool``. ``method`` names the method
    in the error.
    """
    value = options.get(name, default)
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    where = f"--spec {method} option" if method else "--spec option"
    raise ValueError(f"{where} {name}={value!r} is not a yes/no value; use one of: true, false, 1, 0, yes, no")


@dataclass(frozen=True)
class PlainOptions:
    """``--spec none``: plain decoding has no options."""


@dataclass(frozen=True)
class DraftOptions:
    """``--spec draft``. ``adaptive``: γ +2 after a fully accepted draft, −1 otherwise (transformers' heuristic)."""

    adaptive: bool = False


@dataclass(frozen=True)
class PromptLookupOptions:
    """``--spec prompt-lookup``: the n-gram sizes tried, longest first."""

    max_ngram: int = 3
    min_ngram: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.min_ngram <= self.max_ngram:
            raise ValueError(f"need 1 <= min_ngram <= max_ngram, got {self.min_ngram}, {self.max_ngram}")


@dataclass(frozen=True)
class VocabTrimOptions:
    """``--spec vocabtrim``: the kept tokens come from ``token_map`` (a file), or ``token_ids`` (in memory);
    with neither, ``LocalBackend`` calibrates ``k`` tokens on ``calibration_prompts`` suite instructions."""

    adaptive: bool = False
    token_map: str | None = None
    k: int | None = None  # None: a quarter of the vocabulary, at most 32,768
    calibration_prompts: int = 16
    calibration_tokens: int = 64
    token_ids: tuple[int, ...] | None = None

    def __post_init__(self) -> None:
        if self.k is not None and self.k < 1:
            raise ValueError(f"k must be >= 1, got {self.k}")


@dataclass(frozen=True)
class EasySpecOptions:
    """``--spec easyspec``: attention group size, grouped ("fuzzy") drafting steps, adaptive draft length."""

    group_size: int = 4
    fuzzy: bool = True
    adaptive: bool = False

    def __post_init__(self) -> None:
        if self.group_size < 1:
            raise ValueError(f"group_size must be >= 1, got {self.group_size}")


@dataclass(frozen=True)
class OmniDraftOptions:
    """``--spec omnidraft``: the acceptance head's stop rule and online hybrid distillation (see OmniDraftConfig)."""

    online_adapt: bool = False
    adaptive: bool = True
    threshold: float = 0.7
    adapt_mode: Literal["lora", "last"] = "lora"
    adapt_every: int = 4
    lora_rank: int = 8
    adapt_layers: int = 1
    walk_min_q: float = 0.01

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        if self.adapt_mode not in ("lora", "last"):
            raise ValueError(f"adapt_mode must be 'lora' or 'last', got {self.adapt_mode!r}")
        if self.adapt_every < 1:
            raise ValueError(f"adapt_every must be >= 1, got {self.adapt_every}")


MethodOptions = Union[
    PlainOptions, DraftOptions, PromptLookupOptions, VocabTrimOptions, EasySpecOptions, OmniDraftOptions
]

#: ``--spec`` name -> its options class (the same names as ``methods.METHODS``).
OPTIONS: dict[str, type] = {
    "none": PlainOptions,
    "draft": DraftOptions,
    "prompt-lookup": PromptLookupOptions,
    "vocabtrim": VocabTrimOptions,
    "easyspec": EasySpecOptions,
    "omnidraft": OmniDraftOptions,
}


def parse_options(
    method: str, raw: Mapping[str, Any] | MethodOptions | None = None, *, base: MethodOptions | None = None
) -> Any:
    """``method``'s options from ``raw`` (``--spec`` text values, or Python values), over ``base`` or defaults.

    An options object of the method's class is returned as it is. Keys may use ``-`` for ``_``.
    """
    if method not in OPTIONS:
        raise ValueError(f"unknown --spec {method!r}; choose one of: {', '.join(OPTIONS)}")
    cls = OPTIONS[method]
    if isinstance(raw, cls):
        return raw
    if dataclasses.is_dataclass(raw):
        raise ValueError(f"--spec {method} takes {cls.__name__}, not {type(raw).__name__}")
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = dataclasses.asdict(base) if base is not None else {}
    for key, value in (raw or {}).items():
        name = str(key).strip().replace("-", "_")
        if name not in hints:
            valid = ", ".join(hints) or "none (it takes no options)"
            raise ValueError(f"--spec {method}: unknown option {key!r}; valid options: {valid}")
        values[name] = _convert(method, name, value, hints[name])
    try:
        return cls(**values)
    except ValueError as exc:
        raise ValueError(f"--spec {method}: {exc}") from None


def _convert(method: str, name: str, value: Any, hint: Any) -> Any:
    """``value`` as the field's type; a wrong value is a ValueError naming it and what the field takes."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (Union, types.UnionType):  # ``X | None``
        if value is None or (isinstance(value, str) and value.strip().lower() in ("", "none")):
            return None
        hint = next(a for a in args if a is not type(None))
        origin, args = typing.get_origin(hint), typing.get_args(hint)
    where = f"--spec {method} option {name}={value!r}"
    if hint is bool:
        return flag({name: value}, name, False, method=method)
    if origin is Literal:
        if str(value) not in args:
            raise ValueError(f"{where} is not valid; choose one of: {', '.join(map(str, args))}")
        return str(value)
    if hint in (int, float):
        if isinstance(value, bool):
            raise ValueError(f"{where} is not {'an integer' if hint is int else 'a number'}")
        if hint is int and isinstance(value, float) and not value.is_integer():
            raise ValueError(f"{where} is not an integer")
        try:
            return hint(value if not isinstance(value, str) else value.strip())
        except (TypeError, ValueError):
            raise ValueError(f"{where} is not {'an integer' if hint is int else 'a number'}") from None
    if origin is tuple:
        if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
            raise ValueError(f"{where} is not a list of token ids (pass a token map file: token_map=PATH)")
        return tuple(int(v) for v in value)
    return str(value)
