"""A tool session: the recorder of one program run with the tool modules a program imports composed on top.

``ToolSession`` is what the interpreter (or a tool-calling agent) talks to::

    session = ToolSession({"beam.pdf": "drawings/beam.pdf"}, out_dir=Path("out"))
    fitz, pdfbf = session.modules["fitz"], session.modules["PDFbf"]
    session.current_line = 3
    doc = fitz.open("beam.pdf")
    ...
    session.trace          # what was called, with which values, where each value came from

The recording itself (arguments, blocks, effects, saves) is :class:`drafterbench.tools.recording.Recording`;
this module only composes it with the ``fitz`` and ``PDFbf`` modules (``testf`` is the same object as PDFbf),
so the tool classes depend on the recorder and never on the session that builds them.
"""

from __future__ import annotations

import functools
from typing import Any

from drafterbench.tools.modules import FitzModule, PDFbfModule
from drafterbench.tools.recording import MAX_SAVED_FILES, Recording, bind, record_argument, safe_file_name


class ToolSession(Recording):
    """Tools bound to one Trace (and optionally to real drawings). One session per program run.

    Takes the recorder's arguments (``drawings``, ``effects``, ``out_dir``); adds the modules a program imports.
    """

    @functools.cached_property
    def modules(self) -> dict[str, Any]:
        """The modules a program imports, by name: ``fitz``, ``PDFbf`` and ``testf`` (the same as PDFbf)."""
        pdfbf = PDFbfModule(self)
        return {"fitz": FitzModule(self), "PDFbf": pdfbf, "testf": pdfbf}


__all__ = ["MAX_SAVED_FILES", "ToolSession", "bind", "record_argument", "safe_file_name"]
