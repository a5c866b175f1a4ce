"""Any OpenAI-compatible chat endpoint (OpenAI, vLLM, SGLang, Ollama, TGI...) on the async ``openai`` SDK.

The SDK's own retries are switched off (``max_retries=0``): this module retries by itself, with exponential
backoff and full jitter, on rate limits (429), server errors (5xx), timeouts, dropped connections and
malformed response bodies, so every retry is logged and the policy is testable against a real server.
Other 4xx answers (bad request, unknown model, bad key) fail at once: retrying them cannot help.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import time
from dataclasses import dataclass
from typing import Any

from drafterbench._optional import require
from drafterbench.backends.base import (
    BackendError,
    ChatBackend,
    Completion,
    GenerationParams,
    Message,
    ToolCallRequest,
    Usage,
)

logger = logging.getLogger(__name__)

#: Used as the API key when a ``base_url`` is given and OPENAI_API_KEY is unset (local servers ignore it).
DUMMY_KEY = "EMPTY"


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently a failed request is retried.

    Attempt ``n`` (0-based) waits a uniformly random time in ``[0, min(max_delay_s, base_delay_s * 2**n)]``
    ("full jitter"), so many concurrent clients hitting one rate limit spread out instead of retrying in step.
    """

    max_retries: int = 6
    base_delay_s: float = 0.5
    max_delay_s: float = 30.0

    def delay(self, attempt: int, rng: random.Random) -> float:
        return rng.uniform(0.0, min(self.max_delay_s, self.base_delay_s * (2**attempt)))


class _Transient(Exception):
    """A failure worth retrying; ``kind`` names it for the run log."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class OpenAICompatBackend(ChatBackend):
    """Chat completions from an OpenAI-compatible endpoint.

    ``max_connections`` bounds the requests in flight (a semaphore shared by every caller of this backend).
    ``api_key`` defaults to ``$OPENAI_API_KEY``; with a ``base_url`` and no key a dummy key is used.
    """

    def __init__(
        self,
        model: str,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        max_connections: int = 8,
        timeout_s: float = 120.0,
        retry: RetryPolicy = RetryPolicy(),
        seed_rng: int | None = None,
    ) -> None:
        if max_connections < 1:
            raise ValueError(f"max_connections must be >= 1, got {max_connections}")
        key = api_key or os.environ.get("OPENAI_API_KEY")
        if not key:
            if base_url is None:
                raise ValueError(
                    "no API key: set OPENAI_API_KEY, or pass --base-url for a local server that needs none"
                )
            key = DUMMY_KEY
        openai = require("openai")
        self.name = f"openai/{model}"
        self.model = model
        self.base_url = base_url
        self.retry = retry
        self.timeout_s = timeout_s
        self._client = openai.AsyncOpenAI(api_key=key, base_url=base_url, max_retries=0, timeout=timeout_s)
        self._openai = openai
        self._semaphore = asyncio.Semaphore(max_connections)
        self._rng = random.Random(seed_rng)
        #: Retries made so far, by failure kind (for the run report and the tests).
        self.retries: dict[str, int] = {}
        # Circuit breaker for a server that is down (see _check_breaker).
        self.breaker_after = max(8, 2 * max_connections)
        self.probe_every_s = 10.0
        self.fast_failed = 0
        self._unreachable = 0
        self._last_probe = 0.0

    supports_tools = True

    async def generate(
        self, messages: list[Message], params: GenerationParams, tools: list[dict] | None = None
    ) -> Completion:
        self._check_breaker()
        last: _Transient | None = None
        for attempt in range(self.retry.max_retries + 1):
            try:
                async with self._semaphore:
                    completion = await self._request(messages, params, tools)
                self._unreachable = 0
                return completion
            except _Transient as exc:
                last = exc
                self.retries[exc.kind] = self.retries.get(exc.kind, 0) + 1
                if attempt == self.retry.max_retries:
                    break
                wait = self.retry.delay(attempt, self._rng)
                logger.info("%s: %s (attempt %d), retrying in %.2fs", self.name, exc, attempt + 1, wait)
                await asyncio.sleep(wait)
        assert last is not None  # the loop ran at least once and only breaks after a failure
        if last.kind == "connection":
            self._unreachable += 1
            self._last_probe = time.monotonic()
        raise BackendError(
            f"{self.name}: gave up after {self.retry.max_retries + 1} attempts: {last}", kind=last.kind
        )

    def _check_breaker(self) -> None:
        """Fail at once while the server is unreachable, instead of retrying every request in turn.

        After ``breaker_after`` requests in a row gave up on connection errors, requests fail immediately
        (kind ``connection``: ``--retry-errors`` re-runs them), except one probe every ``probe_every_s``
        seconds; the first success closes the breaker.
        """
        if self._unreachable < self.breaker_after:
            return
        now = time.monotonic()
        if now - self._last_probe >= self.probe_every_s:
            self._last_probe = now  # let this request through as the probe
            return
        self.fast_failed += 1
        raise BackendError(
            f"{self.name}: server unreachable ({self._unreachable} requests in a row failed to connect); "
            "not retrying now", kind="connection"
        )

    async def aclose(self) -> None:
        await self._client.close()

    async def _request(
        self, messages: list[Message], params: GenerationParams, tools: list[dict] | None = None
    ) -> Completion:
        openai = self._openai
        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": [_wire_message(m) for m in messages],
            "temperature": params.temperature,
            "top_p": params.top_p,
            "max_tokens": params.max_tokens,
        }
        if params.seed is not None:
            kwargs["seed"] = params.seed
        if params.stop:
            kwargs["stop"] = list(params.stop)
        if tools:
            kwargs["tools"] = tools
        start = time.perf_counter()
        try:
            response = await self._client.chat.completions.create(**kwargs)
        except openai.APITimeoutError as exc:  # a subclass of APIConnectionError: test it first
            raise _Transient("timeout", f"timed out after {self.timeout_s}s") from exc
        except openai.APIConnectionError as exc:
            raise _Transient("connection", f"connection failed: {exc}") from exc
        except openai.RateLimitError as exc:
            raise _Transient("rate_limit", "rate limited (HTTP 429)") from exc
        except openai.APIStatusError as exc:
            if exc.status_code >= 500:
                raise _Transient("server", f"server error (HTTP {exc.status_code})") from exc
            raise BackendError(
                f"{self.name}: request refused (HTTP {exc.status_code}): {exc.message}", kind="http_4xx"
            ) from exc
        except (openai.APIResponseValidationError, ValueError) as exc:
            raise _Transient("malformed", f"malformed response body: {exc}") from exc
        latency = time.perf_counter() - start
        return _to_completion(response, latency)


def _to_completion(response: Any, latency: float) -> Completion:
    """A :class:`Completion` from the SDK's response, or a ``malformed`` failure when it lacks a message."""
    choices = getattr(response, "choices", None)
    if not choices:
        raise _Transient("malformed", f"response has no choices: {str(response)[:200]!r}")
    message = getattr(choices[0], "message", None)
    text = getattr(message, "content", None)
    tool_calls = _tool_calls(message)
    if text is None and tool_calls:
        text = ""  # a reply made only of tool calls
    if not isinstance(text, str):
        raise _Transient("malformed", "response's first choice has no text content")
    usage = getattr(response, "usage", None)
    return Completion(
        text=text,
        usage=Usage(
            prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
            completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
        ),
        latency_s=latency,
        finish_reason=getattr(choices[0], "finish_reason", None),
        tool_calls=tool_calls,
    )


def _tool_calls(message: Any) -> list[ToolCallRequest]:
    """The function calls of a reply (tool mode); arguments are kept as the model's text."""
    out = []
    for call in getattr(message, "tool_calls", None) or []:
        function = getattr(call, "function", None)
        name = getattr(function, "name", None)
        if not isinstance(name, str):
            raise _Transient("malformed", f"a tool call without a function name: {str(call)[:200]!r}")
        arguments = getattr(function, "arguments", None)
        out.append(ToolCallRequest(id=str(getattr(call, "id", "") or ""), name=name,
                                   arguments=arguments if isinstance(arguments, str) else ""))
    return out


def _wire_message(message: Message) -> dict[str, Any]:
    """A message as the chat-completions API takes it (tool-mode fields only when set)."""
    out: dict[str, Any] = {"role": message.role, "content": message.content}
    if message.tool_calls:
        out["tool_calls"] = [
            {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}}
            for c in message.tool_calls
        ]
        if not message.content:
            out["content"] = None  # the API's form of an assistant turn made only of calls
    if message.tool_call_id is not None:
        out["tool_call_id"] = message.tool_call_id
    return out
