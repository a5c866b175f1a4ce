"""Handles: the tool results a program passes on to later calls (document, rectangle, selection, ...).

A handle is a :class:`ToolObject` with (almost) nothing exposed: a program can only hand it to another tool.
Each handle knows its trace encoding (``encode()``, the forms listed in :mod:`drafterbench.tools.trace`) and,
when a real drawing is attached, the real thing behind it (a PyMuPDF rectangle, the selected vectors, the
extracted table rows, the text read back) for the effect layer. The encoding never depends on the real
thing, so traces with and without effects are identical.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from drafterbench.tools.base import ToolObject

if TYPE_CHECKING:  # pragma: no cover
    from drafterbench.tools.trace import FileTrace

UNKNOWN_CLIP = "Unknown-Unknown-Unknown"


class Handle(ToolObject):
    """Base of every tool result that is passed on as a value."""

    __slots__ = ()

    def encode(self) -> Any:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.encode()!r}>"


class Doc(Handle):
    """An opened document (``fitz.open(path)``). ``doc.save(path)`` is its only tool."""

    exposed = frozenset({"save"})
    __slots__ = ("file", "open", "path", "pdf", "saver")

    def __init__(
        self, saver: Saver, path: Any, file: FileTrace, pdf: Any = None, ordinal: int | None = None
    ) -> None:
        self.saver = saver  # the recorder's save (a handle knows nothing of the recorder above it)
        self.open = ordinal  # the ordinal of the open() call that made this document
        self.path = path
        self.file = file
        self.pdf = pdf  # a pymupdf.Document when effects are on and the drawing was given

    def encode(self) -> Any:
        return self.path

    def save(self, *args: Any, **kwargs: Any) -> None:
        """``doc.save(path)``: record the save; with effects on, write the revised PDF into ``out_dir``."""
        self.saver(self, args, kwargs)


#: What ``doc.save(...)`` calls: ``saver(doc, args, kwargs)`` records the save and writes the drawing.
Saver = Callable[[Doc, tuple, dict], None]


class Rect(Handle):
    """A rectangle markup found by ``getclip_rfpoint`` (the ``clip`` of later tools)."""

    __slots__ = ("doc", "order", "page", "rect")

    def __init__(self, doc: Any, page: Any, order: Any, rect: Any = None) -> None:
        self.doc, self.page, self.order, self.rect = doc, page, order, rect

    def encode(self) -> str:
        return clip_string(self.doc, self.page, self.order)


class RfPoint(Handle):
    """The reference point of a rectangle (third element of move / rotation / scal)."""

    __slots__ = ("clip", "point")

    def __init__(self, clip: Rect, point: Any = None) -> None:
        self.clip, self.point = clip, point

    def encode(self) -> str:
        return self.clip.encode()


class SelectionEntry(Handle):
    """One selection (one selector method call): its class name and where it was taken.

    Selection methods return a plain ``list`` of entries, so a program can join them with ``+``.
    """

    __slots__ = ("clip", "data_name", "doc", "page", "vectors")

    def __init__(self, data_name: str, doc: Any, page: Any, clip: str, vectors: list | None = None) -> None:
        self.data_name, self.doc, self.page, self.clip, self.vectors = data_name, doc, page, clip, vectors

    def encode(self) -> dict:
        return {"data_name": self.data_name, "doc": self.doc, "page": self.page, "clip": self.clip}


class TableData(Handle):
    """Table rows read by ``extract_table(...).data``; ``rows`` holds the real cells when effects are on."""

    __slots__ = ("clip", "doc", "layout", "page", "rows")

    def __init__(self, doc: Any, page: Any, clip: str, rows: list | None = None, layout: Any = None) -> None:
        self.doc, self.page, self.clip, self.rows, self.layout = doc, page, clip, rows, layout

    def with_rows(self, rows: list | None) -> TableData:
        """The same reference carrying revised rows (a table operation's result)."""
        return TableData(self.doc, self.page, self.clip, rows, self.layout)

    def encode(self) -> dict:
        return {"ref": "table_data", "doc": self.doc, "page": self.page, "clip": self.clip}


class TextValue(Handle):
    """Text read back by ``gethortext()`` / ``getvertext()``; ``content`` is the real text when effects are on."""

    __slots__ = ("content", "vertical")

    def __init__(self, vertical: bool, content: str | None = None) -> None:
        self.vertical, self.content = vertical, content

    def with_content(self, content: str | None) -> TextValue:
        return TextValue(self.vertical, content)

    def encode(self) -> str:
        return "vertical_text" if self.vertical else "horizontal_text"


def clip_string(doc: Any, page: Any, order: Any) -> str:
    """``"<path>-<page>-<order or colour>"``, or ``Unknown-Unknown-Unknown`` when a part is not valid."""
    if (
        not isinstance(doc, str)
        or type(page) is not int
        or not isinstance(order, (int, str))
        or isinstance(order, bool)
    ):
        return UNKNOWN_CLIP
    return f"{doc}-{page}-{order}"


def is_handle_value(value: Any) -> bool:
    """True for a handle, or a non-empty list/tuple made only of handles (a joined selection)."""
    if isinstance(value, Handle):
        return True
    if isinstance(value, (list, tuple)) and value:
        return all(isinstance(v, Handle) for v in value)
    return False


_JSON_SCALARS = (str, int, float, bool, type(None))


def not_json_scalar(value: Any) -> bool:
    """True for nan/inf (JSON has no such number) and for a str with a lone surrogate (not UTF-8)."""
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, str) and not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
    return False


def encode_value(value: Any) -> tuple[Any, bool]:
    """The trace encoding of a value and whether it is plain data (False: a foreign object, recorded by repr).

    A float that is not finite and a str holding a lone surrogate (``"\\ud800"`` in a literal) are not JSON:
    they are recorded by their ``repr`` and marked not plain, so every trace round-trips through JSON.
    """
    if isinstance(value, _JSON_SCALARS):
        if not_json_scalar(value):
            return repr(value), False
        return value, True
    if isinstance(value, Handle):
        return value.encode(), True
    if isinstance(value, (list, tuple)):
        out, ok = [], True
        for item in value:
            enc, item_ok = encode_value(item)
            out.append(enc)
            ok = ok and item_ok
        return out, ok
    if isinstance(value, dict):
        out_d, ok = {}, True
        for key, item in value.items():
            enc, item_ok = encode_value(item)
            name = str(key)
            if not_json_scalar(name):  # a key with a lone surrogate
                name, item_ok = repr(name), False
            out_d[name] = enc
            ok = ok and item_ok and isinstance(key, str)
        return out_d, ok
    return repr(value), False
