"""The module objects a program imports: ``fitz`` and ``PDFbf`` (``testf`` is the same object as PDFbf)."""

from __future__ import annotations

from typing import Any

from drafterbench.tools.base import ToolObject
from drafterbench.tools.classes import (
    ExtractAnno,
    ExtractTable,
    Recorder,
    SelectFromDrawings,
    Selector,
    ToolInstance,
)
from drafterbench.tools.editors import (
    Delete,
    DrawDrawer,
    ManipulateDraw,
    ManipulateTable,
    ManipulateText,
    ProjectDraw,
    Projector,
    Repairer,
)
from drafterbench.tools.handles import Doc
from drafterbench.tools.recording import Recording
from drafterbench.tools.values import TEXT_ALIGN

CLASSES: dict[str, type[ToolInstance]] = {
    c.cls_name: c
    for c in (
        ExtractAnno, Selector, SelectFromDrawings, ManipulateText, ExtractTable, ManipulateTable, DrawDrawer,
        Delete, Repairer,
        ManipulateDraw, Projector, ProjectDraw, Recorder,
    )
}  # fmt: skip


class _Module(ToolObject):
    TEXT_ALIGN_LEFT = TEXT_ALIGN["TEXT_ALIGN_LEFT"]
    TEXT_ALIGN_CENTER = TEXT_ALIGN["TEXT_ALIGN_CENTER"]
    TEXT_ALIGN_RIGHT = TEXT_ALIGN["TEXT_ALIGN_RIGHT"]
    TEXT_ALIGN_JUSTIFY = TEXT_ALIGN["TEXT_ALIGN_JUSTIFY"]

    def __init__(self, session: Recording) -> None:
        self._session = session


class FitzModule(_Module):
    """``fitz``: ``open`` and the four ``TEXT_ALIGN_*`` constants (PyMuPDF's numbers)."""

    exposed = frozenset({"open", *TEXT_ALIGN})

    def open(self, *args: Any, **kwargs: Any) -> Doc:
        """``fitz.open(filepath)``: the document handle."""
        return self._session.open(args, kwargs)

    def __repr__(self) -> str:
        return "<module fitz>"


def _constructor(cls: type[ToolInstance]) -> Any:
    def make(self: PDFbfModule, *args: Any, **kwargs: Any) -> ToolInstance:
        return cls.construct(self._session, args, kwargs)

    make.__name__ = cls.cls_name
    make.__doc__ = cls.__doc__
    return make


class PDFbfModule(_Module):
    """``PDFbf`` / ``testf``: the 13 tool classes, ``open`` and the ``TEXT_ALIGN_*`` constants (the ground
    truth writes ``testf.open(...)`` and ``testf.TEXT_ALIGN_CENTER``)."""

    exposed = frozenset({*CLASSES, *TEXT_ALIGN, "open"})

    def open(self, *args: Any, **kwargs: Any) -> Doc:
        """``testf.open(filepath)``: the ground truth opens files through the dual module (catalog §5.2)."""
        return self._session.open(args, kwargs)

    def __repr__(self) -> str:
        return "<module PDFbf>"


for _name, _cls in CLASSES.items():
    setattr(PDFbfModule, _name, _constructor(_cls))
