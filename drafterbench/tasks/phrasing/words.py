"""Word choices for the phrasing grammar: synonyms for colours, directions, magnitudes, numbers, formats.

Every function takes the ``random.Random`` of the task and a style (``"s"`` structured, ``"u"``
unstructured); the same value always maps back to one tool value (a synonym never changes the meaning).
"""

from __future__ import annotations

import random
import re
from typing import Any

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
CARDINALS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")

_COLOUR_SYNONYMS = {"gray": ("gray", "grey"), "magenta": ("magenta", "magenta"), "cyan": ("cyan", "cyan")}
# Adjectives that read before "alignment" ("left-hand alignment", "centred alignment").
_ALIGN_WORDS = {
    "left": ("left", "left-hand"), "right": ("right", "right-hand"),
    "center": ("center", "centre", "centred"), "justify": ("justified", "full"),
}
_JOIN_WORDS = (("sharp", "mitred", "pointed"), ("rounded", "round"), ("cut-off", "bevelled", "chamfered"))
_CAP_WORDS = (("sharp", "butt", "flat"), ("semicircular", "round"), ("semi-square", "square", "projecting square"))


def pick(rng: random.Random, options) -> Any:
    return options[rng.randrange(len(options))]


def cap(text: str) -> str:
    """Capitalise a sentence start, but never a file name ("beam.pdf" stays as written)."""
    if ".pdf" in text.split(" ", 1)[0]:
        return text
    return text[:1].upper() + text[1:]


def colour(rng: random.Random, name: str) -> str:
    """A colour word; gray may be written grey."""
    return pick(rng, _COLOUR_SYNONYMS.get(name, (name,)))


def ordinal(n: int) -> str:
    return ORDINALS[n - 1] if 1 <= n <= len(ORDINALS) else f"{n}th"


def number(rng: random.Random, n: int, style: str) -> str:
    """A page or box number: digits, or (unstructured) a word now and then."""
    if style == "u" and 1 <= n <= len(CARDINALS) and rng.random() < 0.5:
        return CARDINALS[n - 1]
    return str(n)


def align(rng: random.Random, value: str) -> str:
    return pick(rng, _ALIGN_WORDS[value])


def horizontal(rng: random.Random, dx: int) -> str:
    return pick(rng, ("to the right", "rightwards", "right")) if dx > 0 else pick(
        rng, ("to the left", "leftwards", "left"))


def vertical(rng: random.Random, dy: int) -> str:
    return pick(rng, ("up", "upwards", "upward")) if dy > 0 else pick(rng, ("down", "downwards", "downward"))


def turn(rng: random.Random, degrees: int) -> str:
    if degrees > 0:
        return pick(rng, ("clockwise", "in the clockwise direction", "CW"))
    return pick(rng, ("counterclockwise", "anticlockwise", "counter-clockwise", "CCW"))


def bigger(rng: random.Random, up: bool) -> str:
    return pick(rng, ("larger", "bigger")) if up else pick(rng, ("smaller", "more compact"))


def distance(rng: random.Random, value: int, style: str) -> str:
    unit = pick(rng, ("", " units", " pt")) if style == "s" else pick(rng, (" units", " points", ""))
    return f"{abs(value)}{unit}"


def vague_noun(rng: random.Random, word: str, noun: str) -> str:
    """``a suitable font`` / ``an appropriate font size``."""
    article = "an" if word[0] in "aeiou" else "a"
    return f"{article} {word} {noun}"


def agree(plural: bool) -> dict[str, str]:
    """Template fields that agree in number with the noun a sentence is about.

    ``{is}``, ``{has}``, ``{it}``/``{It}`` (them/They), ``{its}`` (their) and ``{_s}``, the third-person verb
    ending ("The lines look{_s} off" → "look", "The table look{_s} off" → "looks").
    """
    if plural:
        return {"is": "are", "has": "have", "it": "them", "It": "They", "its": "their", "_s": ""}
    return {"is": "is", "has": "has", "it": "it", "It": "It", "its": "its", "_s": "s"}


def join(rng: random.Random, value: int) -> str:
    return pick(rng, _JOIN_WORDS[value])


def line_cap(rng: random.Random, value: int) -> str:
    return pick(rng, _CAP_WORDS[value])


def listing(items: list[str], conj: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]


# Everyday words a hurried engineer mistypes now and then. Never a value, a number, a file, a class, a colour
# or a direction, so a typo costs no information.
_TYPO_WORDS = ("please", "could", "would", "there", "thanks", "really", "should", "about", "think", "those",
               "because", "something", "change", "working", "another", "while", "after")
TYPO_RATE = 0.2


def typo(rng: random.Random, text: str) -> str:
    """With probability :data:`TYPO_RATE`, swap two inner letters of one everyday word in ``text``."""
    if rng.random() >= TYPO_RATE:
        return text
    quoted = [q.span() for q in re.finditer(r'"[^"]*"', text)]  # texts to write are values: never touched
    found = [m for m in re.finditer(r"[A-Za-z]+", text)
             if m.group(0).lower() in _TYPO_WORDS and not any(a <= m.start() < b for a, b in quoted)]
    if not found:
        return text
    m = pick(rng, found)
    word = m.group(0)
    i = rng.randrange(1, len(word) - 2)
    swapped = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return text[: m.start()] + swapped + text[m.end():]
