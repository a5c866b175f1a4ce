"""The value conventions shared by the prompts, the reference programs and the scorer: one table, three readers.

A reference program follows conventions (which defaults it leaves out, how it spells a dash pattern or a font);
the scorer checks the values it writes; the prompt must state every convention the scorer checks. Keeping the
three in step by hand drifts, so they all read this module:

- :data:`DEFAULTS` — argument values that mean "not given". The reference renderer never writes them, the
  scorer treats a value equal to its default as unset (on both sides), and the prompts print their
  :attr:`Default.rule` lines.
- :func:`canonical` — equivalent spellings of one value (dash patterns, font aliases, colour spellings, text
  alignment words and constants, a repeated table size) brought to one form before values are compared; the
  prompts print :data:`EQUIVALENCES`.

docs/metrics.md lists the same rules for readers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from drafterbench.tools.effects.colours import COLOURS
from drafterbench.tools.values import TEXT_ALIGN_WORDS


@dataclass(frozen=True)
class Default:
    """An argument value that means the same as leaving the argument out."""

    tool: str
    argument: str
    value: Any
    rule: str  # the sentence the prompts print


DEFAULTS: tuple[Default, ...] = (
    Default(
        "manipulate_text",
        "rotate",
        0,
        "`rotate=0` (horizontal text) is the default: leave `rotate` out unless the text is vertical "
        "(`rotate=90`).",
    ),
)

#: Argument name → its default value (the argument names in :data:`DEFAULTS` are unique to their tools).
DEFAULT_VALUES: dict[str, Any] = {d.argument: d.value for d in DEFAULTS}

#: What the scorer treats as the same value, in the words the prompts use.
EQUIVALENCES: tuple[str, ...] = (
    "Leaving out an optional argument and passing None are the same.",
    'Dash patterns compare by their numbers: "[3 1]1", "[3 1] 1" and "[ 3 1 ] 1" are equal.',
    'Fonts compare without case and with the PDF short names: "helv" = "Helvetica", "tiro" = "Times-Roman", '
    '"cour" = "Courier".',
    'Colours compare without case or spaces, and "grey" = "gray".',
    'Text alignment may be a fitz constant or its word: fitz.TEXT_ALIGN_CENTER = 1 = "center".',
    "A table size list may stop once the rest repeat its last value: `[None, [50]]` = `[None, [50, 50, 50]]` "
    "(every further row or column takes the last size).",
)

_DASHES = re.compile(r"\s*\[\s*(\d*)\s+(\d*)\s*\]\s*(\d*)\s*\Z")
_FONT_SHORT = {
    "helv": "helvetica", "heit": "helvetica-oblique", "hebo": "helvetica-bold", "hebi": "helvetica-boldoblique",
    "tiro": "times-roman", "tiit": "times-italic", "tibo": "times-bold", "tibi": "times-bolditalic",
    "cour": "courier", "coit": "courier-oblique", "cobo": "courier-bold", "cobi": "courier-boldoblique",
    "symb": "symbol", "zadb": "zapfdingbats",
}  # fmt: skip
_COLOUR_SPELLINGS = {"grey": "gray"}
_COLOUR_ARGS = frozenset({"textcolor", "drwcolor", "fillcolor", "annocolor", "color", "colour"})
_SIZE_ARGS = frozenset({"arrange"})


def _dashes(value: str) -> str:
    m = _DASHES.match(value)
    if not m:
        return value
    dash, gap, phase = (int(x) if x else 0 for x in m.groups())
    return f"[{dash} {gap}] {phase}"


def _font(value: str) -> str:
    key = value.strip().lower()
    return _FONT_SHORT.get(key, key)


def _colour(value: str) -> str:
    key = "".join(ch for ch in value.lower() if ch.isalnum())
    key = _COLOUR_SPELLINGS.get(key, key)
    return key if key in COLOURS else value


def _align(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() in TEXT_ALIGN_WORDS:
        return TEXT_ALIGN_WORDS.index(value.strip().lower())
    return value


def _sizes(value: Any) -> Any:
    """``[a, b, b, b]`` → ``[a, b]``: the table effect repeats a size list's last value."""
    if not isinstance(value, (list, tuple)):
        return value
    out = list(value)
    while len(out) > 1 and out[-1] == out[-2]:
        out.pop()
    return out


def canonical(name: str, value: Any) -> Any:
    """``value`` of argument ``name`` in its canonical spelling (unchanged when no convention applies)."""
    if value is None:
        return None
    if name == "dashes" and isinstance(value, str):
        return _dashes(value)
    if name == "font" and isinstance(value, str):
        return _font(value)
    if name in _COLOUR_ARGS and isinstance(value, str):
        return _colour(value)
    if name == "align":
        return _align(value)
    if name in _SIZE_ARGS and isinstance(value, (list, tuple)) and len(value) == 2:
        return [_sizes(v) if v is not None else None for v in value]
    return value


def is_default(name: str, value: Any) -> bool:
    """Whether ``value`` is the conventional default of argument ``name`` (the same as not giving it)."""
    return name in DEFAULT_VALUES and value is not None and canonical(name, value) == DEFAULT_VALUES[name]


def prompt_lines() -> list[str]:
    """The conventions, as the prompts state them (one line each)."""
    return [d.rule for d in DEFAULTS] + list(EQUIVALENCES)
