"""The reference agent: answers every task with the task's own reference program.

``--model reference`` checks the harness end to end (prompting aside): the program goes through the same
interpreter, effects and scorer as any agent's, so a score below 100 points at a harness bug.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from drafterbench.agents.base import AgentResult, TaskPrompt

if TYPE_CHECKING:
    from drafterbench.tasks.model import Task


class ReferenceAgent:
    """Replays reference programs, looked up by task id."""

    name = "reference"

    def __init__(self, tasks: Iterable[Task]) -> None:
        self._programs = {t.id: t.reference_program for t in tasks}

    async def solve(self, prompt: TaskPrompt) -> AgentResult:
        try:
            program = self._programs[prompt.task_id]
        except KeyError:
            raise KeyError(f"the reference agent was not given task {prompt.task_id!r}") from None
        return AgentResult(program=program, response=None)
