"""The typed results of scoring one task: dimensions, diagnostics and the task score.

These are written to run logs, so they are pydantic models with a schema version (on :class:`TaskScore`).
"""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

#: The six dimensions of the implementation part, in the order the paper lists them.
DIMENSIONS: tuple[str, ...] = (
    "argument_definition",
    "variable_transfer",
    "function_calling",
    "single_tool",
    "multi_tool",
    "plan_execution",
)


class DiagnosticKind(str, Enum):
    """What kind of difference a :class:`Diagnostic` reports."""

    NOT_EXECUTABLE = "not_executable"  # the program stopped, or a path was invalid
    INVALID_VALUE = "invalid_value"  # a value the tool rejects (costs the 30 executable points)
    MISSING_FILE = "missing_file"
    EXTRA_FILE = "extra_file"
    MISSING_OPEN = "missing_open"
    EXTRA_OPEN = "extra_open"
    MISSING_SAVE = "missing_save"
    EXTRA_SAVE = "extra_save"
    WRONG_SAVE_PATH = "wrong_save_path"
    WRONG_FILE = "wrong_file"
    MISSING_BLOCK = "missing_block"  # a whole tool object (constructor) the reference creates
    EXTRA_BLOCK = "extra_block"
    WRONG_TOOL = "wrong_tool"  # a different constructor or method where the reference has another
    MISSING_CALL = "missing_call"
    EXTRA_CALL = "extra_call"
    WRONG_ORDER = "wrong_order"  # the same methods, in another order
    WRONG_VALUE = "wrong_value"
    MISSING_VALUE = "missing_value"
    EXTRA_VALUE = "extra_value"  # an argument the reference leaves unset
    MISSING_RECORDER = "missing_recorder"
    EXTRA_RECORDER = "extra_recorder"
    RECORDER_TEXT = "recorder_text"  # the recorder's action text is not similar enough
    REPAIR = "repair"  # a repair is missing or superfluous


class Diagnostic(BaseModel):
    """One thing the predicted program did differently from the reference, in words a user reads."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: DiagnosticKind
    message: str
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = f" (line {self.line})" if self.line is not None else ""
        return f"{self.message}{where}"


class DimensionScore(BaseModel):
    """Successes over the reference's count for one dimension (a success may be negative: penalties)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    success: float
    total: float

    @property
    def ratio(self) -> float:
        """``max(success / total, 0)``; a dimension the reference does not exercise counts as 1."""
        if self.total <= 0:
            return 1.0
        return min(max(self.success / self.total, 0.0), 1.0)


class Dimensions(BaseModel):
    """The six dimensions by name (never a positional vector)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    argument_definition: DimensionScore
    variable_transfer: DimensionScore
    function_calling: DimensionScore
    single_tool: DimensionScore
    multi_tool: DimensionScore
    plan_execution: DimensionScore

    def items(self) -> list[tuple[str, DimensionScore]]:
        return [(name, getattr(self, name)) for name in DIMENSIONS]

    @property
    def ratio_sum(self) -> float:
        return sum(d.ratio for _, d in self.items())


class TaskScore(BaseModel):
    """The DrafterBench score of one task: 30 if executable, plus up to 70 for the implementation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int = SCHEMA_VERSION
    executable: bool
    # 0-100 under our metric; the original's (``metric="original"``) does not cap a dimension's ratio at 1,
    # so a rare answer can pass 100 there.
    total: float = Field(ge=0.0)
    descriptions_match: bool
    mode: str = "precise"
    metric: str = "drafterbench"  # which metric gave this score: "drafterbench" or "original"
    dimensions: Dimensions
    diagnostics: list[Diagnostic] = Field(default_factory=list)

    @property
    def implementation(self) -> float:
        """The 0–70 implementation part."""
        return self.total - (30.0 if self.executable else 0.0)
