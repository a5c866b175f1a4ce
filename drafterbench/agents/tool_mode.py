"""The tool-calling agent: the model calls the 46 tools as functions, turn by turn.

Each turn sends the chat and the 46 function schemas (:func:`drafterbench.tools.toolmode.tool_schemas`); the
calls the model asks for run at once in a recording-only tool session, and their results (the ids of what they
returned, or what was invalid, or why a call could not be made) go back as ``tool`` messages. The loop ends
when the model answers without calls, after ``max_turns``, or at :data:`MAX_CALLS` calls. The answer is the
list of calls: grading replays them in its own session, on the task's drawings (:func:`drafterbench.grading.grade`).
"""

from __future__ import annotations

import json
import logging

from drafterbench.agents.base import AgentResult, TaskPrompt
from drafterbench.agents.tool_prompts import tool_messages
from drafterbench.backends.base import ChatBackend, GenerationParams, Message, ToolCallRequest, Usage

logger = logging.getLogger(__name__)

#: The most tool calls one answer may make (a task's reference makes a few dozen).
MAX_CALLS = 500


def transcript(calls: list[ToolCallRequest]) -> str:
    """A readable record of the calls, one per line (stored as the answer's ``program``; never run)."""
    return "".join(f"{c.name}({c.arguments})\n" for c in calls)


class ToolModeAgent:
    """Solves a task with function calls through ``backend`` (which must support tools)."""

    def __init__(
        self, backend: ChatBackend, params: GenerationParams = GenerationParams(), *, max_turns: int = 30
    ) -> None:
        if not getattr(backend, "supports_tools", False):
            raise ValueError(
                f"tool mode needs an OpenAI-compatible backend (--model openai/<name>); {backend.name!r} "
                "cannot call tools. Use --agent code with it."
            )
        if max_turns < 1:
            raise ValueError(f"max_turns must be >= 1, got {max_turns}")
        self.backend = backend
        self.params = params
        self.max_turns = max_turns
        self.name = backend.name

    async def solve(self, prompt: TaskPrompt) -> AgentResult:
        from drafterbench.tools.session import ToolSession
        from drafterbench.tools.toolmode import ToolModeSession, tool_schemas

        session = ToolModeSession(ToolSession(effects=False))  # feedback for the model; grading replays
        schemas = tool_schemas()
        messages = tool_messages(prompt)
        calls: list[ToolCallRequest] = []
        usage = Usage()
        latency = 0.0
        replies: list[str] = []
        for _ in range(self.max_turns):
            completion = await self.backend.generate(messages, self.params, tools=schemas)
            usage = Usage(prompt_tokens=usage.prompt_tokens + completion.usage.prompt_tokens,
                          completion_tokens=usage.completion_tokens + completion.usage.completion_tokens)
            latency += completion.latency_s
            if completion.text:
                replies.append(completion.text)
            if not completion.tool_calls:
                break
            # The calls run here, in the runner's own process (effects off, for the feedback): a reply asking
            # for thousands would hold the event loop and the memory of every other task.
            requested = [c if c.id else c.model_copy(update={"id": f"call_{len(calls) + i}"})
                         for i, c in enumerate(completion.tool_calls[: MAX_CALLS - len(calls)])]
            messages.append(Message(role="assistant", content=completion.text, tool_calls=requested))
            for call in requested:
                result = session.call(call.name, call.arguments)
                calls.append(call)
                messages.append(Message(role="tool", content=result.content, tool_call_id=call.id))
            if len(calls) >= MAX_CALLS:
                logger.info("%s: %s asked for more than %d tool calls; its answer ends there", self.name,
                            prompt.task_id, MAX_CALLS)
                break
        return AgentResult(
            program=transcript(calls),
            tool_calls=calls,
            response=json.dumps({"turns": len(replies), "text": replies}, ensure_ascii=False)
            if replies else None,
            usage=usage,
            latency_s=latency,
        )
