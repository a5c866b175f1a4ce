"""The bounds every program runs under, and the size measure that enforces them *before* a value is built."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Resource bounds for one program run.

    The defaults are far above what a DrafterBench program needs (a long ground truth takes a few
    thousand steps and a few kilobytes) and far below what could hurt the host.
    """

    max_steps: int = 20_000
    """Statements plus expression nodes evaluated; a program past this is stopped (kind ``limit``)."""
    timeout_s: float = 2.0
    """Wall-clock budget for the whole run, checked between steps (a single tool call is not interrupted)."""
    max_value_size: int = 100_000
    """Largest value a program may build: string length, or the flattened element count of a container."""
    max_depth: int = 50
    """Deepest nesting of the program's syntax tree, and of any container value it builds."""
    max_source_bytes: int = 100_000
    """Largest program accepted (UTF-8 bytes), checked before parsing."""
    max_int_bits: int = 4096
    """Largest integer a program may compute (bits), checked before ``*`` and ``**``."""


class LimitExceeded(Exception):
    """A bound of :class:`Limits` would be passed; the message names the bound and the value."""


# Leaf types whose "size" is their own length (strings) or 1 (numbers, None, tool objects ...).
_SEQUENCES = (list, tuple, set, frozenset)


def measure(value: object, limits: Limits) -> int:
    """The flattened size of ``value``: characters of strings plus one per element, recursively.

    Walks iteratively and stops as soon as the budget or the depth bound is passed, so measuring a
    value that shares one large list many times costs at most ``max_value_size`` steps.
    """
    budget = limits.max_value_size
    total = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > limits.max_depth:
            raise LimitExceeded(f"a value nested deeper than {limits.max_depth} levels")
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, _SEQUENCES):
            total += 1
            if total + len(item) > budget:
                raise LimitExceeded(f"a value larger than {budget} elements (max_value_size)")
            stack.extend((x, depth + 1) for x in item)
        elif isinstance(item, dict):
            total += 1
            if total + 2 * len(item) > budget:
                raise LimitExceeded(f"a value larger than {budget} elements (max_value_size)")
            for k, v in item.items():
                stack.append((k, depth + 1))
                stack.append((v, depth + 1))
        else:
            total += 1
        if total > budget:
            raise LimitExceeded(f"a value larger than {budget} elements (max_value_size)")
    return total


def check_int(value: int, limits: Limits) -> int:
    """Refuse an integer wider than ``max_int_bits``."""
    if value.bit_length() > limits.max_int_bits:
        raise LimitExceeded(f"an integer wider than {limits.max_int_bits} bits (max_int_bits)")
    return value
