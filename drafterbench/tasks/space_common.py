"""Helpers shared by the task-space samplers (spaces.py, spaces_revise.py)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from drafterbench.drawings.spec import BoxSpec
from drafterbench.tasks import values as V
from drafterbench.tasks.model import Operation


@dataclass
class ObjectDraft:
    """One object's operations and what its drawing must contain (no target number yet)."""

    operations: list[Operation]
    box: BoxSpec | None = None  # None for add_vector (the target is a markup colour)
    markup_kinds: list[str] | None = None
    orientation: str | None = None
    repair: bool = False
    format: dict[str, Any] = field(default_factory=dict)
    format_vague: dict[str, str] = field(default_factory=dict)


def maybe(rng: random.Random, p: float = 0.5) -> bool:
    return rng.random() < p


def vaguify(rng: random.Random, args: dict[str, Any], keys: list[str]) -> dict[str, str]:
    """Make 1-2 of ``keys`` vague: the concrete default goes into ``args``, the vague word is returned."""
    chosen = rng.sample(keys, min(len(keys), rng.randint(1, 2)))
    vague = {}
    for key in chosen:
        vague[key] = rng.choice(V.VAGUE_WORDS)
        args[key] = V.VAGUE_DEFAULTS[key]
    return vague


def op(action: str, args: dict[str, Any], vague: dict[str, str] | None = None, missing=None) -> Operation:
    return Operation(action=action, args=args, vague=dict(sorted((vague or {}).items())),
                     missing=list(missing or []))


# ---------------------------------------------------------------------------------------------------------
# Text formats shared by add_text, refresh_text and revise_text.

TEXT_FORMAT = ("font", "fontsize", "textcolor", "align")


def text_format(rng: random.Random, keys=TEXT_FORMAT, p: float = 0.5, at_least_one: bool = False) -> dict:
    fmt: dict[str, Any] = {}
    draws = {
        "font": lambda: rng.choice(V.FONTS),
        "fontsize": lambda: rng.randint(6, 16),
        "textcolor": lambda: rng.choice(V.COLOURS),
        "align": lambda: rng.choice(V.ALIGNS),
        "borderwidth": lambda: rng.randint(1, 5),
    }
    for key in keys:
        if maybe(rng, p):
            fmt[key] = draws[key]()
    if at_least_one and not fmt:
        key = rng.choice(keys)
        fmt[key] = draws[key]()
    return fmt




def text_box(rng: random.Random, orientation: str) -> BoxSpec:
    """A box holding an existing note, horizontal or vertical."""
    return BoxSpec(content="vtext" if orientation == "vertical" else "text", text=V.existing_text(rng))
