"""The contract between the interpreter and the tools.

A program never touches a Python object directly: the interpreter only reads an attribute, calls a method
or assigns an attribute on a :class:`ToolObject`, and only when the tool object's class exposes that name.
Everything else a program handles is plain data (str, int, float, bool, None, list, tuple, dict).
"""

from __future__ import annotations

from typing import ClassVar


class ToolUsageError(Exception):
    """A call the program cannot make at all (unknown keyword, missing essential argument, wrong arity).

    Raised by a tool; the interpreter turns it into a recorded "not executable" reason with the line.
    Invalid *values* are never raised: they are recorded as invalid and the program goes on.
    """


#: The largest value a tool builds for a program (string length, or cells of a table), the interpreter's
#: default ``max_value_size``: checked *before* the value is built, so one call cannot exhaust memory.
MAX_OUTPUT_SIZE = 100_000


class ToolOutputTooLarge(Exception):
    """A tool call would build a value larger than :data:`MAX_OUTPUT_SIZE`; the interpreter stops the
    program with kind ``limit``."""


def check_output_size(size: int, unit: str) -> None:
    """Refuse a result of ``size`` ``unit`` (characters, cells) past :data:`MAX_OUTPUT_SIZE`."""
    if size > MAX_OUTPUT_SIZE:
        raise ToolOutputTooLarge(f"the result would hold {size:,} {unit}, more than {MAX_OUTPUT_SIZE:,} "
                                 "(max_value_size)")


class ToolObject:
    """Base of every object a program may hold: modules (``fitz``, ``PDFbf``), tool classes, handles.

    ``exposed``  names a program may read or call (methods, attributes, constants).
    ``settable`` names a program may assign (``manipulate_text.text``, ``manipulate_table.data``).
    ``aliases``  misspellings accepted for exposed names (``gethorrtext`` -> ``gethortext``).
    """

    exposed: ClassVar[frozenset[str]] = frozenset()
    settable: ClassVar[frozenset[str]] = frozenset()
    aliases: ClassVar[dict[str, str]] = {}

    @classmethod
    def resolve_attr(cls, name: str) -> str | None:
        """The canonical exposed name for ``name``, or None when a program may not use it."""
        if name.startswith("_"):
            return None
        name = cls.aliases.get(name, name)
        return name if name in cls.exposed else None

    @classmethod
    def resolve_set(cls, name: str) -> str | None:
        if name.startswith("_"):
            return None
        name = cls.aliases.get(name, name)
        return name if name in cls.settable else None
