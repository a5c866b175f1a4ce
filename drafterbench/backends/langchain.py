"""Any LangChain chat model (a ``BaseChatModel``) as a chat backend.

``--model langchain/<provider>:<model>`` builds the model with ``langchain.chat_models.init_chat_model``
(from the ``langchain`` package and the provider's integration package); in Python, pass any ready
``BaseChatModel`` to :class:`LangChainBackend` directly. Retries are the model's own business here
(LangChain models carry their own ``max_retries``); a failure that escapes becomes a :class:`BackendError`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from drafterbench._optional import MissingDependency, require
from drafterbench.backends.base import BackendError, ChatBackend, Completion, GenerationParams, Message, Usage

logger = logging.getLogger(__name__)


class LangChainBackend(ChatBackend):
    """Completions from a LangChain ``BaseChatModel``; ``max_connections`` bounds concurrent calls."""

    def __init__(self, model: Any, *, name: str | None = None, max_connections: int = 8) -> None:
        core = require("langchain_core.language_models")
        if not isinstance(model, core.BaseChatModel):
            raise TypeError(f"expected a langchain_core BaseChatModel, got {type(model).__name__}")
        self.model = model
        self.name = name or f"langchain/{type(model).__name__}"
        self._semaphore = asyncio.Semaphore(max_connections)

    async def generate(self, messages: list[Message], params: GenerationParams) -> Completion:
        lc_messages = _to_langchain(messages)
        # Sampling settings go through ``bind`` where the model accepts them; fake and some provider
        # models reject unknown keywords, so only the ones that are set are passed.
        kwargs: dict[str, Any] = {}
        if params.stop:
            kwargs["stop"] = list(params.stop)
        start = time.perf_counter()
        try:
            async with self._semaphore:
                reply = await self.model.ainvoke(lc_messages, **kwargs)
        except Exception as exc:  # a provider's failure, whatever its class: the run log records it
            raise BackendError(f"{self.name}: {type(exc).__name__}: {exc}", kind="langchain") from exc
        latency = time.perf_counter() - start
        content = reply.content
        if isinstance(content, list):  # content blocks: keep the text ones
            content = "".join(b if isinstance(b, str) else str(b.get("text", "")) for b in content)
        usage = getattr(reply, "usage_metadata", None) or {}
        return Completion(
            text=str(content),
            usage=Usage(
                prompt_tokens=int(usage.get("input_tokens", 0)),
                completion_tokens=int(usage.get("output_tokens", 0)),
            ),
            latency_s=latency,
            finish_reason=(getattr(reply, "response_metadata", None) or {}).get("finish_reason"),
        )


def _to_langchain(messages: list[Message]) -> list[Any]:
    msgs = require("langchain_core.messages")
    kinds = {"system": msgs.SystemMessage, "user": msgs.HumanMessage, "assistant": msgs.AIMessage}
    out = []
    for m in messages:
        if m.role not in kinds:
            raise ValueError(f"message role {m.role!r} is not supported here; valid: {', '.join(kinds)}")
        out.append(kinds[m.role](content=m.content))
    return out


def from_spec(
    spec: str, params: GenerationParams, *, max_connections: int = 8, base_url: str | None = None
) -> LangChainBackend:
    """A backend from ``<provider>:<model>`` (e.g. ``anthropic:claude-3-5-sonnet-latest``).

    ``base_url`` (``--base-url``) is handed to the provider's chat model, e.g. an OpenAI-compatible server
    behind ``langchain/openai:<model>``.
    """
    if ":" not in spec:
        raise ValueError(
            f"langchain model {spec!r} must be '<provider>:<model>', e.g. 'langchain/openai:gpt-4o-mini'"
        )
    try:
        chat_models = require("langchain.chat_models")
    except MissingDependency as exc:
        raise MissingDependency(
            "langchain/<provider>:<model> needs the 'langchain' package and the provider's integration "
            "(e.g. pip install langchain langchain-openai); or pass a BaseChatModel to LangChainBackend "
            "from Python"
        ) from exc
    kwargs: dict[str, Any] = {"temperature": params.temperature, "max_tokens": params.max_tokens}
    if params.seed is not None:
        kwargs["seed"] = params.seed
    if base_url is not None:
        kwargs["base_url"] = base_url
    model = chat_models.init_chat_model(spec, **kwargs)
    return LangChainBackend(model, name=f"langchain/{spec}", max_connections=max_connections)
