"""The code-mode agent: ask a chat backend for a program, take the program out of its reply.

The reply is data. :func:`extract_program` only picks text out of it (the fenced ```python blocks, else
the whole reply); the interpreter later reads that text without executing it.
"""

from __future__ import annotations

import re

from drafterbench.agents.base import AgentResult, TaskPrompt
from drafterbench.backends.base import ChatBackend, GenerationParams, Message

# A fenced block: ``` or ~~~, an optional language tag, the body, the same fence closing it.
_FENCE = re.compile(r"^(?P<fence>```|~~~)[ \t]*(?P<lang>[\w+-]*)[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$",
                    re.MULTILINE | re.DOTALL)
_PYTHON_TAGS = {"python", "py", "python3"}


def extract_program(reply: str) -> str:
    """The program in a model's reply.

    Fenced blocks tagged python are joined in order (models sometimes split one program over several
    blocks); without any, untagged fenced blocks are used; without fences, the whole reply is the program.
    An unclosed trailing fence (a reply cut off by the token limit) keeps what follows it.
    """
    blocks = list(_FENCE.finditer(reply))
    tagged = [b.group("body") for b in blocks if b.group("lang").lower() in _PYTHON_TAGS]
    untagged = [b.group("body") for b in blocks if not b.group("lang")]
    chosen = tagged or untagged
    if chosen:
        return "\n".join(body.rstrip("\n") for body in chosen) + "\n"
    opened = re.search(r"^(```|~~~)[ \t]*(python|py|python3)?[ \t]*\n", reply, re.MULTILINE)
    if opened:  # truncated reply: a fence that never closes
        return reply[opened.end():]
    return reply


class CodeModeAgent:
    """Sends our per-type prompt and the instruction to ``backend``; answers with the extracted program."""

    def __init__(self, backend: ChatBackend, params: GenerationParams = GenerationParams()) -> None:
        self.backend = backend
        self.params = params
        self.name = backend.name

    def messages(self, prompt: TaskPrompt) -> list[Message]:
        """The chat sent for ``prompt``: our code-mode prompt of its type, then the instruction."""
        return list(prompt.messages)

    async def solve(self, prompt: TaskPrompt) -> AgentResult:
        completion = await self.backend.generate(self.messages(prompt), self.params)
        return AgentResult(
            program=extract_program(completion.text),
            response=completion.text,
            usage=completion.usage,
            latency_s=completion.latency_s,
            decoding=completion.decoding,
        )
