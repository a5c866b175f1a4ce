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
