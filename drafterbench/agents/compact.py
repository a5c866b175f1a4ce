"""The compact-prompt agent: for specialists trained to read only the task type and the instruction.

Large chat models get our long per-type prompts (tool documentation, conventions, the policy). A small model
trained on the train split, such as drafterbench-tiny, was trained on ``type + newline + instruction`` and
answers with the bare program; sending it anything else would measure a prompt it never saw.
"""

from __future__ import annotations

from drafterbench.agents.base import AgentResult, TaskPrompt
from drafterbench.agents.code_mode import extract_program
from drafterbench.backends.base import ChatBackend, GenerationParams, Message
from drafterbench.tiny.prompt import compact_prompt


class CompactPromptAgent:
    """Sends one user message, ``compact_prompt(type, instruction)``; answers with the program in the reply."""

    def __init__(self, backend: ChatBackend, params: GenerationParams = GenerationParams()) -> None:
        self.backend = backend
        self.params = params
        self.name = backend.name

    @staticmethod
    def messages(prompt: TaskPrompt) -> list[Message]:
        return [Message(role="user", content=compact_prompt(prompt.type, prompt.instruction))]

    async def solve(self, prompt: TaskPrompt) -> AgentResult:
        completion = await self.backend.generate(self.messages(prompt), self.params)
        return AgentResult(
            program=extract_program(completion.text),
            response=completion.text,
            usage=completion.usage,
            latency_s=completion.latency_s,
            decoding=completion.decoding,
        )
