"""Colour names used by the tools (``textcolor``, ``drwcolor``, ``fillcolor``, ``annocolor``) and their RGB.

RGB components are floats in [0, 1], as PyMuPDF expects. Names are matched case-insensitively and with
spaces/underscores ignored ("Light Gray" == "lightgray").
"""

from __future__ import annotations

RGB = tuple[float, float, float]

COLOURS: dict[str, RGB] = {
    "red": (1.0, 0.0, 0.0),
    "green": (0.0, 0.6, 0.0),
    "blue": (0.0, 0.0, 1.0),
    "yellow": (1.0, 0.85, 0.0),
    "orange": (1.0, 0.5, 0.0),
    "purple": (0.5, 0.0, 0.5),
    "black": (0.0, 0.0, 0.0),
    "white": (1.0, 1.0, 1.0),
    "gray": (0.5, 0.5, 0.5),
    "grey": (0.5, 0.5, 0.5),
    "lightgray": (0.8, 0.8, 0.8),
    "darkgray": (0.3, 0.3, 0.3),
    "cyan": (0.0, 0.8, 0.8),
    "magenta": (0.9, 0.0, 0.9),
    "pink": (1.0, 0.6, 0.75),
    "brown": (0.55, 0.27, 0.07),
    "navy": (0.0, 0.0, 0.5),
    "teal": (0.0, 0.5, 0.5),
    "olive": (0.5, 0.5, 0.0),
    "maroon": (0.5, 0.0, 0.0),
    "lime": (0.5, 1.0, 0.0),
    "gold": (0.85, 0.65, 0.1),
    "violet": (0.55, 0.35, 0.85),
}


def _norm(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def is_colour(name: object) -> bool:
    """True when ``name`` is a known colour name."""
    return isinstance(name, str) and _norm(name) in COLOURS


def rgb(name: str) -> RGB:
    """The RGB of a colour name; ValueError naming the valid choices otherwise."""
    key = _norm(name) if isinstance(name, str) else None
    if key not in COLOURS:
        raise ValueError(f"unknown colour {name!r}; valid colours: {', '.join(COLOURS)}")
    return COLOURS[key]


def same_colour(a: tuple[float, ...] | None, b: tuple[float, ...] | None, tol: float = 0.02) -> bool:
    """Two RGB triples equal within ``tol`` per component (None only equals None)."""
    if a is None or b is None:
        return a is None and b is None
    if len(a) != len(b):
        return False
    return all(abs(x - y) <= tol for x, y in zip(a, b))
