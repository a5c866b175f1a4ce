"""The one interface every chat backend implements, and what a completion carries back.

Backends: ``openai_compat`` (any OpenAI-compatible endpoint), ``langchain`` (any LangChain chat model),
``local`` (transformers models with speculative decoding). Each imports its SDK lazily.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class ToolCallRequest(BaseModel):
    """One function call a model asked for (tool mode): the backend's call id, the name, the JSON arguments.

    ``arguments`` is the model's text as it came, never parsed here: tool mode reports malformed JSON back.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = ""
    name: str
    arguments: str = ""


class Message(BaseModel):
    """A chat message. Tool mode adds an assistant turn's ``tool_calls`` and a ``tool`` reply's
    ``tool_call_id``; both stay None in code mode."""

    model_config = ConfigDict(extra="forbid")

    role: Literal["system", "user", "assistant", "tool"]
    content: str
    tool_calls: list[ToolCallRequest] | None = None
    tool_call_id: str | None = None


class GenerationParams(BaseModel):
    """Sampling settings shared by all backends. ``temperature == 0`` means greedy."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    temperature: float = 0.0
    top_p: float = 1.0
    max_tokens: int = 1024
    seed: int | None = None
    stop: tuple[str, ...] = ()


class Usage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


class DecodingStats(BaseModel):
    """Speculative-decoding figures for one completion (local backend only).

    tau: mean tokens emitted per target forward (1 + accepted / drafting rounds, vLLM convention).
    alpha: accepted draft tokens / drafted tokens.
    """

    method: str
    prompt_tokens: int = 0
    new_tokens: int = 0
    wall_s: float = 0.0
    ttft_s: float = 0.0
    draft_s: float = 0.0
    verify_s: float = 0.0
    target_forwards: int = 0
    rounds: int = 0  # drafting + verification rounds
    drafted: int = 0
    accepted: int = 0
    accepted_per_position: list[int] = Field(default_factory=list)
    drafted_per_position: list[int] = Field(default_factory=list)
    extra: dict[str, float] = Field(default_factory=dict)  # method-specific: n-gram cache hit rate, ...

    @property
    def tau(self) -> float:
        return 1.0 + self.accepted / self.rounds if self.rounds else 1.0

    @property
    def alpha(self) -> float:
        return self.accepted / self.drafted if self.drafted else 0.0


class Completion(BaseModel):
    text: str
    usage: Usage = Field(default_factory=Usage)
    latency_s: float = 0.0
    finish_reason: str | None = None
    decoding: DecodingStats | None = None
    tool_calls: list[ToolCallRequest] = Field(default_factory=list)  # tool mode: the calls asked for


class BackendError(Exception):
    """A request that failed for good (after retries). ``kind`` names the failure for the run log."""

    def __init__(self, message: str, *, kind: str = "backend") -> None:
        super().__init__(message)
        self.kind = kind


class ChatBackend(ABC):
    """A chat model behind some API. Implementations must be safe to call concurrently."""

    name: str = "backend"
    #: True when ``generate`` accepts ``tools=`` and returns ``Completion.tool_calls`` (tool mode).
    supports_tools: bool = False

    @abstractmethod
    async def generate(
        self, messages: list[Message], params: GenerationParams, tools: list[dict] | None = None
    ) -> Completion:
        """Return one completion for ``messages``; raise :class:`BackendError` when it cannot.

        ``tools`` (OpenAI function schemas) is given only to a backend with ``supports_tools``; the others
        may leave the parameter out of their signature.
        """

    async def aclose(self) -> None:  # noqa: B027 - optional hook
        """Release connections or models."""
