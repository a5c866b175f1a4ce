"""The typed operation chain a program leaves behind: the *information matrix* of DrafterBench.

Every tool call appends to a :class:`Trace`. Scoring compares an agent's trace with the reference
program's trace, so both are produced by the same tools and the same interpreter and can never drift
apart in format. The trace is plain data (pydantic, JSON round-trip stable) and knows nothing about
PyMuPDF.

Shape, following the original's record structure (catalog §7.1) with named fields instead of tuples::

    Trace
      files: [FileTrace]            one per file path a program opened (or a recorder named)
        path, path_valid, opened
        opens: [int]                the ordinal of each ``open`` of this path (a program may open it twice)
        blocks: [Block]             one per tool-class instance, in creation order
          cls   ("manipulate_text"), role (extractor, selector, ..., recorder)
          open                      the ordinal of the ``open`` whose document built it (a recorder: its own)
          text                      a recorder's ``missing_information`` exactly as written
          arguments: [Argument]     value + validity + provenance + declared role
          calls: [ToolCall]         method calls on that instance, in order
          saved                     set when a later ``doc.save`` with a valid path covers it
        saves: [SaveRecord]
      error: ProgramError | None    why the program is not executable (syntax, forbidden construct, ...)
      warnings: [Note]              effects skipped, invalid values, ...

Recorded value encodings (``Argument.value``), so that two traces compare with ``==``:

* a document          -> its file path, ``"beam.pdf"``
* a page number       -> the int as given
* a rectangle (clip)  -> ``"<path>-<page>-<order>"``, e.g. ``"beam.pdf-0-1"``; for add_vector's colour mode
                         ``"<path>-<page>-<colour>"``; an unknown one ``"Unknown-Unknown-Unknown"``
* a reference point   -> the same string as its rectangle
* a selection list    -> ``[{"data_name": "mode1_rebars", "doc": path, "page": int, "clip": "<clip>"}, ...]``
                         (data names: ``mode{1,2}_{drawings,lines,rebars,columns}``, ``all_lines``,
                         ``drawings`` from ``anno()``, ``rebars_and_columns``)
* extracted table data -> ``{"ref": "table_data", "doc": path, "page": int, "clip": "<clip>"}``
* text read back       -> ``"horizontal_text"`` / ``"vertical_text"``
* anything else        -> the literal JSON value (tuples become lists); a value that is not JSON
                         (a foreign object) is recorded as its ``repr`` and marked invalid.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1


class Provenance(str, Enum):
    """Where an argument's value came from, as observed when the call was made."""

    LITERAL = "literal"  # written in the program (or the tool call) as a value
    TRANSFERRED = "transferred"  # an earlier tool result: a document, rectangle, selection, table data ...
    DEFAULT = "default"  # not given; the tool's default applied


class ArgRole(str, Enum):
    """How the original's metric counts an argument (its first-defined / transferred declarations)."""

    DEFINED = "defined"  # must be defined from the instruction ("argument definition" dimension)
    TRANSFERRED = "transferred"  # must be passed on from an earlier result ("variable transfer")


class BlockRole(str, Enum):
    """Which list of the information matrix a tool-class instance belongs to."""

    EXTRACTOR = "extractor"
    SELECTOR = "selector"
    SELECT_FROM_DRAWINGS = "select_from_drawings"
    TABLE_EXTRACTOR = "table_extractor"
    CHANGE_MAKER = "change_maker"
    POST_CHANGE_MAKER = "post_change_maker"
    RECORDER = "recorder"


class EffectStatus(str, Enum):
    """What happened to the drawing when the call was made."""

    OFF = "off"  # recording only: no drawing attached
    APPLIED = "applied"
    SKIPPED = "skipped"  # an invalid argument: the effect was not attempted (see ``warning``)
    NONE = "none"  # the call has no effect of its own (a constructor, a read)
    FAILED = "failed"  # attempted but the drawing did not allow it (see ``warning``)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=False, extra="forbid")


class Argument(_Model):
    """One argument of a constructor or a method call."""

    name: str
    value: Any = None
    valid: bool = True
    provenance: Provenance = Provenance.LITERAL
    necessary: bool = False
    role: ArgRole = ArgRole.DEFINED
    vague_capable: bool = False
    error: str | None = None  # why the value is invalid, naming the valid choices


class ToolCall(_Model):
    """A method call on a tool-class instance (``getclip_rfpoint``, ``addtext``, ``cuttable`` ...)."""

    tool: str  # canonical method name (aliases such as ``gethorrtext`` resolved)
    arguments: list[Argument] = Field(default_factory=list)
    line: int | None = None
    saved: bool = False
    effect: EffectStatus = EffectStatus.OFF
    warning: str | None = None


class Block(_Model):
    """One tool-class instance (``PDFbf.manipulate_text(...)`` and its later method calls)."""

    cls: str  # the class name as the program spells it canonically: "manipulate_text", "Projector", ...
    role: BlockRole
    arguments: list[Argument] = Field(default_factory=list)
    calls: list[ToolCall] = Field(default_factory=list)
    line: int | None = None
    saved: bool = False
    # Which ``open`` the block's document came from: the original kept one record per ``open`` (and one
    # per recorder), which its metric reads (drafterbench.scoring.original). None: not built on a document.
    open: int | None = None
    text: str | None = None  # a recorder's missing_information as written (the original parses it raw)

    def argument(self, name: str) -> Argument | None:
        return next((a for a in self.arguments if a.name == name), None)


class SaveRecord(_Model):
    path: Any
    valid: bool
    line: int | None = None
    open: int | None = None  # the ordinal of the ``open`` whose document was saved


class FileTrace(_Model):
    """Everything done to one file."""

    path: Any
    path_valid: bool
    opened: bool = True  # False for a file only named by a recorder
    opens: list[int] = Field(default_factory=list)  # ordinals of the program's ``open`` calls on this path
    blocks: list[Block] = Field(default_factory=list)
    saves: list[SaveRecord] = Field(default_factory=list)

    def blocks_in(self, role: BlockRole) -> list[Block]:
        return [b for b in self.blocks if b.role is role]


class Note(_Model):
    line: int | None = None
    message: str


class ProgramError(_Model):
    """Why a program is not executable. ``kind`` is one of: syntax, forbidden, name, type, limit, tool."""

    kind: str
    message: str
    line: int | None = None


class Trace(_Model):
    """The operation chain of one program run."""

    schema_version: int = SCHEMA_VERSION
    files: list[FileTrace] = Field(default_factory=list)
    error: ProgramError | None = None
    warnings: list[Note] = Field(default_factory=list)

    @property
    def runs(self) -> bool:
        """True when the interpreter ran the program to its end."""
        return self.error is None

    def file(self, path: Any) -> FileTrace | None:
        return next((f for f in self.files if f.path == path), None)
