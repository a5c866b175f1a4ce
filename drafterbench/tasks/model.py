"""The task model: what one benchmark task asks, in words, in structure, and as a reference program.

A :class:`Task` carries the instruction the agent sees, the drawings the instruction names (as specs, rendered
on demand), the reference program whose trace is the ground truth, and the structured description the
instruction and the program were both generated from (:class:`TaskDescription`), so a scorer or a reader can
see exactly what is asked without parsing prose.

Conventions in the description: page and rectangle numbers are **human, 1-based** (as the instruction says
them); the reference program converts them to 0-based. ``None`` marks a level the instruction leaves out.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from drafterbench.drawings.spec import DrawingSpec
from drafterbench.tasktypes import TaskType

SCHEMA_VERSION = 1


class Language(str, Enum):
    STRUCTURED = "structured"
    UNSTRUCTURED = "unstructured"


class Detail(str, Enum):
    PRECISE = "precise"
    VAGUE = "vague"


class Completeness(str, Enum):
    COMPLETE = "complete"
    INCOMPLETE = "incomplete"


class Count(str, Enum):
    SINGLE = "single"
    MULTIPLE = "multiple"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Controllers(_Frozen):
    """The five complexity controllers of a task (the sixth, the task type, is ``Task.type``)."""

    language: Language
    detail: Detail
    completeness: Completeness
    objects: Count
    operations: Count


class Operation(_Frozen):
    """One operation on one object.

    ``action`` is the task space's action name ("add text", "map table", "clean table", ...). ``args`` holds the
    values under the tool's argument names (``font``, ``fontsize``, ``move`` = ``[dx, dy]`` with dy positive up,
    ``rotation`` = degrees, positive clockwise, ``scal`` = ``[fx, fy]``, ``cls``/``mode`` for vector classes,
    ...). ``vague`` maps an argument to the vague words the instruction uses instead of its value; the value in
    ``args`` is then the concrete one the reference program writes. ``missing`` names necessary details the
    instruction leaves out (the operation is then not executed but recorded).
    """

    action: str
    args: dict[str, Any] = Field(default_factory=dict)
    vague: dict[str, str] = Field(default_factory=dict)
    missing: list[str] = Field(default_factory=list)


class TargetObject(_Frozen):
    """One object: a numbered rectangle (1-based) or, for add_vector, a markup colour; ``None`` when missing.

    ``orientation`` is the orientation of existing text (text types); ``repair`` asks for a repair after a
    deletion (delete_vector); ``format``/``format_vague`` are the new format of revised tables and texts.
    """

    target: int | str | None
    operations: list[Operation]
    orientation: Literal["horizontal", "vertical"] | None = None
    repair: bool = False
    format: dict[str, Any] = Field(default_factory=dict)
    format_vague: dict[str, str] = Field(default_factory=dict)


class PageTarget(_Frozen):
    number: int | None
    objects: list[TargetObject]


class FileTarget(_Frozen):
    name: str | None
    pages: list[PageTarget]


class TaskDescription(_Frozen):
    """The structured form of a task: files → pages → objects → operations."""

    files: list[FileTarget]


class Scoring(_Frozen):
    """What scoring needs: the mode, and which tool arguments are vague (any valid value is accepted)."""

    mode: Literal["precise", "vague"]
    vague_arguments: list[str] = Field(default_factory=list)


class Task(_Frozen):
    """One benchmark task (JSON round-trip stable)."""

    schema_version: int = SCHEMA_VERSION
    id: str
    type: TaskType
    controllers: Controllers
    instruction: str
    drawings: list[DrawingSpec]
    reference_program: str
    scoring: Scoring
    description: TaskDescription

    def drawing(self, name: str) -> DrawingSpec | None:
        """The drawing spec of the file called ``name``, if the task has one."""
        return next((d for d in self.drawings if d.name == name), None)
