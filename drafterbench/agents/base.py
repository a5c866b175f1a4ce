"""What an agent is given and what it gives back.

An agent is any object with ``async def solve(self, prompt: TaskPrompt) -> AgentResult``: it may call a
chat backend (:class:`~drafterbench.agents.code_mode.CodeModeAgent`), its own framework or a service. It
answers with a *program* (Python text in the original's code mode); the harness never executes that text
as Python: the interpreter walks its syntax tree and records the tool calls.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from drafterbench.backends.base import DecodingStats, Message, ToolCallRequest, Usage
from drafterbench.tasktypes import TaskType


class TaskPrompt(BaseModel):
    """One task as an agent sees it: the task, not a chat. Each agent builds the messages it sends.

    :attr:`messages` is our code-mode chat for it (the system prompt of the type, then the instruction),
    built when asked; agents that bring their own prompting use ``instruction`` and ``files`` instead.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    task_id: str
    type: TaskType
    instruction: str
    files: list[str] = Field(default_factory=list)  # drawing file names the task provides
    trial: int = 0

    @property
    def messages(self) -> list[Message]:
        """Our code-mode chat for this task (:func:`drafterbench.agents.prompts.build_messages`)."""
        from drafterbench.agents.prompts import build_messages

        return build_messages(self.type, self.instruction)


class AgentResult(BaseModel):
    """An agent's answer: the program, the raw reply it came from, and what producing it cost.

    A tool-mode agent answers with ``tool_calls`` (the function calls it made, in order); grading then replays
    them in a fresh tool session instead of interpreting ``program``, which holds a readable transcript.
    """

    model_config = ConfigDict(extra="forbid")

    program: str
    tool_calls: list[ToolCallRequest] | None = None
    response: str | None = None
    usage: Usage = Field(default_factory=Usage)
    latency_s: float = 0.0
    decoding: DecodingStats | None = None


@runtime_checkable
class Agent(Protocol):
    """Solves one task. Raise :class:`~drafterbench.backends.base.BackendError` when no answer could be had
    (the task is then logged as errored, not scored zero); any other exception is logged as an agent error."""

    async def solve(self, prompt: TaskPrompt) -> AgentResult: ...
