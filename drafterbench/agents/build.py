"""``--model`` and ``--agent`` -> the agent a run asks: the reference agent, or a code-mode or tool-mode agent
around the chat backend :mod:`drafterbench.backends.registry` builds.

Agents sit above backends: this module imports the backend registry, never the other way round.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from drafterbench.backends.base import GenerationParams
from drafterbench.backends.registry import BackendOptions, build_backend, parse_model

if TYPE_CHECKING:
    from drafterbench.agents.base import Agent
    from drafterbench.tasks.model import Task

#: ``--agent``: how a model answers. ``code``: one program; ``tool``: function calls, turn by turn.
AGENTS = ("code", "tool")


def build_agent(
    model: str, tasks: list[Task], params: GenerationParams, options: BackendOptions, agent: str = "code"
) -> tuple[Agent, str]:
    """The agent for ``--model`` (answering in ``agent`` mode) and the backend's name for the run log.

    ``reference`` ignores ``agent``; tool mode needs a backend that supports tools (``openai/``).
    """
    if agent not in AGENTS:
        raise ValueError(f"unknown --agent {agent!r}; valid: {', '.join(AGENTS)}")
    spec = parse_model(model)
    if not spec.local and (options.draft_model or options.spec or options.device != "cpu"):
        raise ValueError("--draft-model, --spec and --device apply to local models only (--model hf/<path>)")
    if spec.kind == "reference":
        from drafterbench.agents.reference import ReferenceAgent

        return ReferenceAgent(tasks), "reference"
    if spec.kind == "tiny":
        if agent != "code":
            raise ValueError(f"{spec.label} answers with a program; use --agent code with it")
        from drafterbench.agents.compact import CompactPromptAgent

        return CompactPromptAgent(build_backend(spec, params, options), params), "local"
    if agent == "tool" and spec.kind != "openai":
        raise ValueError(f"--agent tool needs an OpenAI-compatible backend (--model openai/<name>), not "
                         f"{spec.label!r}; use --agent code with it")
    if agent == "tool":
        from drafterbench.agents.tool_mode import ToolModeAgent

        return ToolModeAgent(build_backend(spec, params, options), params), spec.kind
    from drafterbench.agents.code_mode import CodeModeAgent

    return CodeModeAgent(build_backend(spec, params, options), params), spec.kind
