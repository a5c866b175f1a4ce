"""The original's recording rules for single values: which values its dual functions accepted, and how
they stored them.

The original recorded every argument as ``(name, (value, valid))``. Its validity rules were looser than
ours in places (a colour is any ``str``) and stricter in others (a table ``align`` must be a word), and some
values were stored transformed: table cells passed through ``ast.literal_eval`` (``'341'`` became ``341``),
a dash string was replaced by what its pattern matched (``None`` when nothing matched, which is *not*
an invalid truthy value), and ``move`` / ``rotation`` / ``scal`` were stored nested twice,
``(value, (value, valid))``. :mod:`drafterbench.scoring.original.matrix` applies these rules to the raw
values our Trace keeps, so ``--metric original`` sees what the original's dual functions saw.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from drafterbench.tools import values as tools_values
from drafterbench.tools.handles import UNKNOWN_CLIP

#: The dual's font list (the same names our tools accept).
FONTS = frozenset(tools_values.FONTS)

#: Text alignment: the four PyMuPDF constants (0-3) or the words. Membership uses ``==`` (True == 1).
TEXT_ALIGN = (0, 1, 2, 3, "center", "left", "right", "justify")
TABLE_ALIGN = ("center", "left", "right", "justify")
_DASHES = re.compile(r"\s*(\[\s*\d*\s+\d*\s*\]\s*\d*)")
_LITERAL_LIMIT = 2000  # characters; a table cell longer than this is kept as it is


def pair(value: Any, valid: bool) -> tuple[Any, bool]:
    return (value, bool(valid))


def of_type(value: Any, *types: type) -> bool:
    """The dual's ``type(value) in [...]`` check: exact types, so True is not an int."""
    return type(value) in types


def member(value: Any, allowed: tuple | frozenset) -> bool:
    """``value in list`` as Python evaluates it (``==``), without raising on unhashable values."""
    try:
        return any(value == a for a in allowed) if not isinstance(allowed, frozenset) else value in allowed
    except TypeError:
        return False


def path_valid(path: Any) -> bool:
    """A file record's path: a str ending in ``.pdf``, or the literal ``missing`` / ``Missing``."""
    return path in ("missing", "Missing") or (type(path) is str and path[-4:] == ".pdf")


def save_valid(path: Any) -> bool:
    return type(path) is str and path[-4:] == ".pdf"


def page_valid(page: Any) -> bool:
    """A page as the document classes record it: an int, or ``missing`` / ``Missing``."""
    return type(page) is int or (isinstance(page, str) and page in ("missing", "Missing"))


def literal(text: Any) -> Any:
    """``ast.literal_eval`` when it succeeds, else the value unchanged (the dual's ``convert_num``)."""
    if not isinstance(text, str) or len(text) > _LITERAL_LIMIT:
        return text
    try:
        return ast.literal_eval(text)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return text


def rows_check(data: Any, *, evaluate: bool = True) -> tuple[Any, bool]:
    """``data`` / ``arrange`` of a table: a list whose items are lists (or empty), cells literal-evaluated."""
    if not data:
        return (None, False)
    if type(data) is not list:
        return ([False], False)
    ok = all(not x or type(x) is list for x in data)
    cell = literal if evaluate else (lambda y: y)
    return ([[cell(y) for y in x] if type(x) is list else x for x in data], ok)


def list_check(value: Any) -> tuple[Any, bool]:
    return (value, type(value) is list)


def dashes_check(dashes: Any, *, keep_rejected: bool = False) -> tuple[Any, bool]:
    """What the dash pattern matched (leading spaces included), or ``(None, False)``.

    ``keep_rejected`` (our rule): a string the pattern rejects stays as written, invalid.
    """
    if not dashes:
        return (None, False)
    if not isinstance(dashes, str):
        return (dashes if keep_rejected else None, False)  # the original's regex raised on a non-str
    found = _DASHES.search(dashes)
    return (found.group(0), True) if found else (dashes if keep_rejected else None, False)


def clip_parts(clip: Any, doc: Any, page: Any) -> str | None:
    """The order (or colour) at the end of a clip string ``"<doc>-<page>-<order>"``; None when unknown."""
    if not isinstance(clip, str) or clip == UNKNOWN_CLIP:
        return None
    prefix = f"{doc}-{page}-"
    return clip[len(prefix) :] if clip.startswith(prefix) else clip.rsplit("-", 1)[-1]


class Unset(tuple):
    """A ``(None, False)`` pair that is falsy: a transform left None, when it is not to be counted."""

    __slots__ = ()

    def __bool__(self) -> bool:
        return False


def transform_check(name: str, value: Any, *, unset_falsy: bool = False) -> tuple[Any, tuple[Any, bool]]:
    """``move`` / ``rotation`` / ``scal``, stored ``(value, (value, valid))`` as the dual did.

    The inner pair is a non-empty tuple, so the original counted even a ``None`` transform as a valid
    argument; ``unset_falsy`` (our rule) makes a None one not count. The reference point (third element) is
    valid when it is a rectangle's point; our Trace keeps it as the rectangle's clip string.
    """
    if value is None and unset_falsy:
        return (None, Unset((None, False)))
    ok = False
    if type(value) is list and len(value) == 3:
        point = isinstance(value[2], str)
        if name == "move":
            ok = all(of_type(x, int, float) for x in value[:2]) and point
        elif name == "rotation":
            ok = value[0] == "r" and of_type(value[1], int, float) and point
        else:
            ok = value[0] == "sc" and type(value[1]) is list and len(value[1]) == 2 and point
    return (value, (value, ok))
