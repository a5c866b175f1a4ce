"""The grading boundary: what crosses to a grading worker and what comes back.

The runner sends a :class:`GradeRequest` (the task, the typed :data:`Answer`, how to grade) to
:func:`drafterbench.grading.grade` in a worker process and gets a :class:`Graded` back. Both are pickled once,
by the process pool, and nothing else: no JSON round trip, no positional tuple, no dict to re-parse. The
run log stores a :class:`Graded`'s fields in its task record (:class:`drafterbench.runlog.TaskRecord`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from drafterbench.backends.base import ToolCallRequest
from drafterbench.scoring.models import TaskScore
from drafterbench.scoring.state import StateMatch
from drafterbench.tasks.model import Task
from drafterbench.tools.trace import Trace


@dataclass(frozen=True)
class ProgramAnswer:
    """A code-mode answer: a program, read by the interpreter (never executed as Python)."""

    program: str
    kind: Literal["program"] = "program"


@dataclass(frozen=True)
class ToolCallsAnswer:
    """A tool-mode answer: the function calls the agent made, in order, replayed in a fresh tool session."""

    calls: tuple[ToolCallRequest, ...]
    kind: Literal["tool_calls"] = "tool_calls"


#: What grading reads of an agent's answer.
Answer = ProgramAnswer | ToolCallsAnswer


def answer_of(program: str | None, tool_calls: list[ToolCallRequest] | None) -> Answer:
    """The answer an :class:`~drafterbench.agents.base.AgentResult` or a task record holds: its tool calls
    when it has any list of them (a tool-mode answer's ``program`` is only a readable transcript), else its
    program."""
    if tool_calls is not None:
        return ToolCallsAnswer(calls=tuple(tool_calls))
    return ProgramAnswer(program=program or "")


@dataclass(frozen=True)
class GradeRequest:
    """One answer to grade: against ``task``'s reference, under ``metric``, on the drawings when ``execute``.

    ``work_dir`` receives the revised PDFs (a temporary folder when None; see :func:`drafterbench.grading.grade`).
    """

    task: Task
    answer: Answer
    execute: bool = True
    work_dir: Path | None = None
    metric: str = "drafterbench"


class Graded(BaseModel):
    """What grading one answer yields; a task record stores these fields as they are."""

    model_config = ConfigDict(extra="forbid")

    trace: Trace
    task_score: TaskScore  # under the request's metric, with the diagnostics
    # The same answer under the other metrics, without diagnostics (a report shows every metric's reward).
    other_metrics: dict[str, TaskScore] = Field(default_factory=dict)
    state: StateMatch | None = None  # the revised PDFs against the reference's; None without effects
    grade_s: float = 0.0  # execution and scoring, in the grading worker

    @property
    def score(self) -> float:
        """The task's score, 0..100."""
        return self.task_score.total
