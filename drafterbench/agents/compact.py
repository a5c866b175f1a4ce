"""The compact-prompt agent: for specialists trained to read only the task type and the instruction.

Large chat models get our long per-type prompts (tool documentation, conventions, the policy). A small model
trained on the train split, such as drafterbench-tiny, was trained on ``type + newline + instruction`` and
answers with the bare program; sending it anything else would measure a prompt it never saw.
"""

from __future__ import annotations

from drafterbench.agents.base import TaskPrompt
from drafterbench.agents.code_mode import CodeModeAgent
from drafterbench.backends.base import Message
from drafterbench.tiny.prompt import compact_prompt


class CompactPromptAgent(CodeModeAgent):
    """Sends one user message, ``compact_prompt(type, instruction)``; answers with the program in the reply."""

    def messages(self, prompt: TaskPrompt) -> list[Message]:
        return [Message(role="user", content=compact_prompt(prompt.type, prompt.instruction))]
