"""What a program's values may be, the few builtins it may call, and size-checked operators.

A program only ever holds plain data (str, int, float, bool, None, list, tuple, dict, set), tool objects,
and the two callable wrappers below. Every operator here checks the size of its result from the sizes of
its operands *before* computing it, so ``'a' * 10**9`` or ``10**10**10`` is refused without allocating.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from drafterbench.interpreter._limits import LimitExceeded, Limits, check_int, measure
from drafterbench.tools.base import ToolObject


class ProgramValueError(Exception):
    """A value the operation cannot take (``"a" + 1``, an unknown dict key ...): kind ``type``."""


class ForbiddenOperation(Exception):
    """An operation outside the language that only shows at run time (``"".join``): kind ``forbidden``."""


class ToolCallable:
    """A method or class read from a tool object; calling it is a tool call."""

    __slots__ = ("fn", "name")

    def __init__(self, name: str, fn: Callable[..., Any]) -> None:
        self.name = name  # "PDFbf.manipulate_text", "doc.save" ... for messages
        self.fn = fn


class Builtin:
    """One of the harmless builtins a program may call."""

    __slots__ = ("fn", "name")

    def __init__(self, name: str, fn: Callable[..., Any]) -> None:
        self.name = name
        self.fn = fn


_NUMBER = (int, float)
_SEQUENCE = (str, list, tuple)


def describe(value: object) -> str:
    """A short type name for messages: "a str", "a tool object `manipulate_text`", ..."""
    if isinstance(value, ToolObject):
        return f"a tool object `{type(value).__name__}`"
    if isinstance(value, ToolCallable):
        return f"the tool `{value.name}`"
    if isinstance(value, Builtin):
        return f"the builtin `{value.name}`"
    if value is None:
        return "None"
    name = type(value).__name__
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def short(value: object, width: int = 60) -> str:
    """``repr(value)`` cut to ``width`` characters, for messages."""
    text = repr(value) if isinstance(value, (str, int, float, bool, type(None))) else describe(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def clip(text: str, width: int = 300) -> str:
    """``text`` cut to ``width`` characters (a message quoting a program's value must stay a line)."""
    return text if len(text) <= width else text[: width - 3] + "..."


def _is_number(value: object) -> bool:
    return isinstance(value, _NUMBER)


def _size_of_sequence(value: object, limits: Limits) -> int:
    return len(value) if isinstance(value, str) else measure(value, limits)


def _repeat(seq: Any, times: int, limits: Limits) -> Any:
    if times > 0 and _size_of_sequence(seq, limits) * times > limits.max_value_size:
        raise LimitExceeded(
            f"repeating {describe(seq)} {times} times (max_value_size {limits.max_value_size})"
        )
    return seq * times


def add(a: Any, b: Any, limits: Limits) -> Any:
    if _is_number(a) and _is_number(b):
        result = a + b
        return check_int(result, limits) if isinstance(result, int) else result
    if isinstance(a, str) and isinstance(b, str):
        if len(a) + len(b) > limits.max_value_size:
            raise LimitExceeded(f"a string longer than {limits.max_value_size} characters (max_value_size)")
        return a + b
    if (isinstance(a, list) and isinstance(b, list)) or (isinstance(a, tuple) and isinstance(b, tuple)):
        if measure(a, limits) + measure(b, limits) > limits.max_value_size:
            raise LimitExceeded(f"a list larger than {limits.max_value_size} elements (max_value_size)")
        return a + b
    raise ProgramValueError(f"cannot add {describe(b)} to {describe(a)}")


def sub(a: Any, b: Any, limits: Limits) -> Any:
    if _is_number(a) and _is_number(b):
        result = a - b
        return check_int(result, limits) if isinstance(result, int) else result
    raise ProgramValueError(f"cannot subtract {describe(b)} from {describe(a)}")


def mul(a: Any, b: Any, limits: Limits) -> Any:
    if isinstance(a, int) and isinstance(b, int):
        if a.bit_length() + b.bit_length() > limits.max_int_bits:
            raise LimitExceeded(f"an integer wider than {limits.max_int_bits} bits (max_int_bits)")
        return a * b
    if _is_number(a) and _is_number(b):
        return a * b
    if isinstance(a, _SEQUENCE) and isinstance(b, int):
        return _repeat(a, b, limits)
    if isinstance(b, _SEQUENCE) and isinstance(a, int):
        return _repeat(b, a, limits)
    raise ProgramValueError(f"cannot multiply {describe(a)} by {describe(b)}")


def div(a: Any, b: Any, limits: Limits, floor: bool = False) -> Any:
    if _is_number(a) and _is_number(b):
        if b == 0:
            raise ProgramValueError("division by zero")
        return a // b if floor else a / b
    raise ProgramValueError(f"cannot divide {describe(a)} by {describe(b)}")


def mod(a: Any, b: Any, limits: Limits) -> Any:
    # `%` on strings is printf-style formatting with its own width fields: numbers only.
    if _is_number(a) and _is_number(b):
        if b == 0:
            raise ProgramValueError("modulo by zero")
        return a % b
    raise ProgramValueError(f"`%` takes two numbers, not {describe(a)} and {describe(b)}")


def power(a: Any, b: Any, limits: Limits) -> Any:
    if not (_is_number(a) and _is_number(b)):
        raise ProgramValueError(f"cannot raise {describe(a)} to {describe(b)}")
    # bits of a**b is about b * log2|a|; refuse before computing.
    if (
        isinstance(a, int)
        and isinstance(b, int)
        and b > 0
        and abs(a) > 1
        and b * math.log2(abs(a)) > limits.max_int_bits
    ):
        raise LimitExceeded(f"an integer wider than {limits.max_int_bits} bits (max_int_bits)")
    try:
        result = a**b
    except (OverflowError, ZeroDivisionError) as exc:
        raise ProgramValueError(f"{short(a)} ** {short(b)}: {exc}") from None
    if isinstance(result, complex):
        raise ProgramValueError(f"{short(a)} ** {short(b)} is a complex number")
    return result


def negate(a: Any, limits: Limits) -> Any:
    if _is_number(a):
        return -a
    raise ProgramValueError(f"cannot negate {describe(a)}")


def plus(a: Any, limits: Limits) -> Any:
    if _is_number(a):
        return +a
    raise ProgramValueError(f"unary `+` needs a number, not {describe(a)}")


# --- text conversion ---------------------------------------------------------------------------------

# A format spec with small widths and precisions only: `f"{x:>1000000000}"` would allocate a gigabyte.
_SAFE_SPEC = re.compile(r"(?:.?[<>=^])?[+\- ]?z?#?0?(\d{0,3})[,_]?(?:\.(\d{1,3}))?[bcdeEfFgGnosxX%]?")


def to_text(value: Any, limits: Limits, conversion: int = -1, spec: str = "") -> str:
    """``str(value)`` / an f-string field, with the size of containers measured first."""
    if isinstance(value, (ToolCallable, Builtin)):
        raise ProgramValueError(f"cannot turn {describe(value)} into text")
    if spec and not _SAFE_SPEC.fullmatch(spec):
        raise ForbiddenOperation(f"the format specification {spec!r} is not allowed (widths up to 999 only)")
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        measure(value, limits)
    try:
        if conversion == ord("r"):
            text = repr(value)
        elif conversion == ord("a"):
            text = ascii(value)
        elif conversion == ord("s") or not spec:
            text = str(value)
        else:
            text = format(value, spec)
    except (ValueError, TypeError) as exc:  # int too long to print, a spec the type does not take
        raise ProgramValueError(f"cannot format {describe(value)}: {exc}") from None
    if conversion in (ord("r"), ord("a"), ord("s")) and spec:
        text = format(text, spec)
    if len(text) > limits.max_value_size:
        raise LimitExceeded(f"a string longer than {limits.max_value_size} characters (max_value_size)")
    return text


# --- builtins ----------------------------------------------------------------------------------------


def _no_kwargs(name: str, kwargs: dict[str, Any]) -> None:
    if kwargs:
        raise ProgramValueError(f"`{name}()` takes no keyword arguments (got {', '.join(kwargs)})")


def make_builtins(limits: Limits) -> dict[str, Builtin]:
    """The builtins a program may call; bound to ``limits`` so each checks sizes."""

    def _print(*args: Any, **kwargs: Any) -> None:
        # Agents often print; the output goes nowhere and the arguments are only size-checked.
        for arg in args:
            measure(arg, limits)

    def _len(*args: Any, **kwargs: Any) -> int:
        _no_kwargs("len", kwargs)
        if len(args) != 1 or not isinstance(args[0], (str, list, tuple, dict, set, frozenset)):
            raise ProgramValueError(f"`len()` takes one str, list, tuple, dict or set, got {_args(args)}")
        return len(args[0])

    def _str(*args: Any, **kwargs: Any) -> str:
        _no_kwargs("str", kwargs)
        if len(args) > 1:
            raise ProgramValueError("`str()` takes at most one argument")
        return to_text(args[0], limits) if args else ""

    def _number(kind: type) -> Callable[..., Any]:
        def convert(*args: Any, **kwargs: Any) -> Any:
            _no_kwargs(kind.__name__, kwargs)
            if not args:
                return kind()
            if len(args) != 1 or not isinstance(args[0], (str, int, float)):
                raise ProgramValueError(f"`{kind.__name__}()` takes one str or number, got {_args(args)}")
            try:
                result = kind(args[0])
            except (ValueError, OverflowError) as exc:
                raise ProgramValueError(f"`{kind.__name__}({short(args[0])})`: {exc}") from None
            return check_int(result, limits) if isinstance(result, int) else result

        return convert

    def _sequence(kind: type) -> Callable[..., Any]:
        def convert(*args: Any, **kwargs: Any) -> Any:
            _no_kwargs(kind.__name__, kwargs)
            if not args:
                return kind()
            if len(args) != 1 or not isinstance(args[0], (str, list, tuple, dict, set, frozenset)):
                raise ProgramValueError(f"`{kind.__name__}()` takes one str, list, tuple, dict or set")
            measure(args[0], limits)
            return kind(args[0])

        return convert

    def _dict(*args: Any, **kwargs: Any) -> dict[str, Any]:
        if len(args) > 1 or (args and not isinstance(args[0], dict)):
            raise ProgramValueError("`dict()` takes keyword arguments (and at most one dict to copy)")
        result = dict(args[0]) if args else {}
        result.update(kwargs)
        measure(result, limits)
        return result

    def _abs(*args: Any, **kwargs: Any) -> Any:
        _no_kwargs("abs", kwargs)
        if len(args) != 1 or not _is_number(args[0]):
            raise ProgramValueError(f"`abs()` takes one number, got {_args(args)}")
        return abs(args[0])

    def _round(*args: Any, **kwargs: Any) -> Any:
        _no_kwargs("round", kwargs)
        if not 1 <= len(args) <= 2 or not _is_number(args[0]):
            raise ProgramValueError(f"`round()` takes a number and optional digits, got {_args(args)}")
        if len(args) == 2 and not (isinstance(args[1], int) and abs(args[1]) <= 100):
            raise ProgramValueError("`round()` digits must be an int between -100 and 100")
        return round(*args)

    fns: dict[str, Callable[..., Any]] = {
        "print": _print,
        "len": _len,
        "str": _str,
        "int": _number(int),
        "float": _number(float),
        "list": _sequence(list),
        "tuple": _sequence(tuple),
        "dict": _dict,
        "abs": _abs,
        "round": _round,
    }
    return {name: Builtin(name, fn) for name, fn in fns.items()}


def _args(args: tuple[Any, ...]) -> str:
    return "(" + ", ".join(describe(a) for a in args) + ")"
