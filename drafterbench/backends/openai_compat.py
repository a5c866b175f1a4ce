"""Any OpenAI-compatible chat endpoint (OpenAI, vLLM, SGLang, Ollama, TGI...), over ``httpx``.

Requests go straight through ``httpx`` (installed with the ``openai`` extra) rather than the SDK, because a
server is untrusted input: every response is read as a stream and cut at ``max_response_bytes``, every
attempt must finish within ``timeout_s`` in total (a server trickling one byte a second cannot hold a
task), the reply's fields are validated (token counts are non-negative integers), and ``Retry-After`` is
honoured up to :attr:`RetryPolicy.max_retry_after_s`. Redirects are not followed (the API key would go
along).

This module retries by itself, with exponential backoff and full jitter, on rate limits (429), server errors
(5xx), timeouts, dropped connections and malformed or oversized response bodies, so every retry is logged and
the policy is testable against a real server. Other 4xx answers (bad request, unknown model, bad key) fail
at once: retrying them cannot help.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import os
import random
import time
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

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
DEFAULT_BASE_URL = "https://api.openai.com/v1"
#: The largest response body read (a chat reply of a few thousand tokens is a few tens of KB).
MAX_RESPONSE_BYTES = 8 * 1024 * 1024
_MAX_ERROR_BYTES = 64 * 1024  # of an error answer's body: enough for its message
_MAX_TOKENS_FIELD = 10**9


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently a failed request is retried.

    Attempt ``n`` (0-based) waits a uniformly random time in ``[0, min(max_delay_s, base_delay_s * 2**n)]``
    ("full jitter"), so many concurrent clients hitting one rate limit spread out instead of retrying in step.
    """

    max_retries: int = 6
    base_delay_s: float = 0.5
    max_delay_s: float = 30.0
    max_retry_after_s: float = 60.0
    """The longest ``Retry-After`` obeyed; a server asking for more is waited on this long."""

    def delay(self, attempt: int, rng: random.Random, retry_after: float | None = None) -> float:
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_retry_after_s)
        return rng.uniform(0.0, min(self.max_delay_s, self.base_delay_s * (2**attempt)))


class _Transient(Exception):
    """A failure worth retrying; ``kind`` names it for the run log."""

    def __init__(self, kind: str, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.retry_after = retry_after


class _TooLarge(Exception):
    pass


class OpenAICompatBackend(ChatBackend):
    """Chat completions from an OpenAI-compatible endpoint.

    ``max_connections`` bounds the requests in flight (a semaphore shared by every caller of this backend).
    ``api_key`` defaults to ``$OPENAI_API_KEY``; with a ``base_url`` and no key a dummy key is used.
    ``timeout_s`` bounds each attempt as a whole (connecting, waiting, reading the body);
    ``max_response_bytes`` the body read.
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
        max_response_bytes: int = MAX_RESPONSE_BYTES,
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
        require("openai")  # the extra that brings httpx; named in the error when it is missing
        import httpx

        url = base_url or os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"--base-url {url!r} is not an http:// or https:// URL")
        self.name = f"openai/{model}"
        self.model = model
        self.base_url = base_url
        self.retry = retry
        self.timeout_s = timeout_s
        self.max_response_bytes = max_response_bytes
        self._url = url.rstrip("/") + "/chat/completions"
        self._headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json",
                         "Accept": "application/json"}
        self._httpx = httpx
        self._http = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout_s), follow_redirects=False,
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
        )
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
                wait = self.retry.delay(attempt, self._rng, exc.retry_after)
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
        await self._http.aclose()

    async def _request(
        self, messages: list[Message], params: GenerationParams, tools: list[dict] | None = None
    ) -> Completion:
        httpx = self._httpx
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [_wire_message(m) for m in messages],
            "temperature": params.temperature,
            "top_p": params.top_p,
            "max_tokens": params.max_tokens,
        }
        if params.seed is not None:
            body["seed"] = params.seed
        if params.stop:
            body["stop"] = list(params.stop)
        if tools:
            body["tools"] = tools
        start = time.perf_counter()

        async def exchange() -> tuple[Any, bytes]:
            async with self._http.stream("POST", self._url, json=body, headers=self._headers) as response:
                ok = 200 <= response.status_code < 300
                return response, await _read_capped(response, self.max_response_bytes if ok else _MAX_ERROR_BYTES)

        try:
            # The whole attempt, not each read: a server trickling a byte at a time is cut off here.
            response, data = await asyncio.wait_for(exchange(), self.timeout_s)
        except (asyncio.TimeoutError, TimeoutError, httpx.TimeoutException) as exc:
            raise _Transient("timeout", f"no complete response within {self.timeout_s:g}s") from exc
        except _TooLarge as exc:
            raise _Transient("too_large", f"response body larger than {self.max_response_bytes:,} bytes; "
                             "not read further") from exc
        except (httpx.TransportError, httpx.InvalidURL, OSError) as exc:
            raise _Transient("connection", f"connection failed: {type(exc).__name__}: {str(exc)[:200]}") from exc
        latency = time.perf_counter() - start
        status = response.status_code
        if status == 429:
            raise _Transient("rate_limit", "rate limited (HTTP 429)", _retry_after(response.headers))
        if status >= 500:
            raise _Transient("server", f"server error (HTTP {status})", _retry_after(response.headers))
        if not 200 <= status < 300:
            raise BackendError(f"{self.name}: request refused (HTTP {status}): {_error_message(data)}",
                               kind="http_4xx")
        return _to_completion(data, latency)


async def _read_capped(response: Any, limit: int) -> bytes:
    """The body of a streamed response, or :class:`_TooLarge` past ``limit`` bytes (the rest is not read)."""
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise _TooLarge
    chunks, total = [], 0
    async for chunk in response.aiter_bytes():
        total += len(chunk)
        if total > limit:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _retry_after(headers: Any) -> float | None:
    """``Retry-After`` in seconds (a number or an HTTP date), or None when absent or unreadable."""
    value = (headers.get("retry-after") or "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - time.time()
    return seconds if seconds == seconds and seconds >= 0 else None  # not NaN, not negative


def _error_message(data: bytes) -> str:
    """The message of an error body (``{"error": {"message": ...}}``), shortened; else the body's start."""
    try:
        payload = json.loads(data)
        message = payload["error"]["message"] if isinstance(payload.get("error"), dict) else payload["error"]
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        message = data[:200].decode("utf-8", "replace")
    return str(message)[:200]


class _Function(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str
    arguments: Any = ""


class _ToolCall(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: Any = ""
    function: _Function


class _Message(BaseModel):
    model_config = ConfigDict(extra="ignore")
    content: str | None = None
    tool_calls: list[_ToolCall] | None = None


class _Choice(BaseModel):
    model_config = ConfigDict(extra="ignore")
    message: _Message
    finish_reason: str | None = None


_Count = Field(None, strict=True, ge=0, le=_MAX_TOKENS_FIELD)


class _Usage(BaseModel):
    model_config = ConfigDict(extra="ignore")
    prompt_tokens: int | None = _Count
    completion_tokens: int | None = _Count


class _Response(BaseModel):
    model_config = ConfigDict(extra="ignore")
    choices: list[_Choice] = Field(min_length=1)
    usage: _Usage | None = None


def _to_completion(data: bytes, latency: float) -> Completion:
    """A :class:`Completion` from a response body, or a ``malformed`` failure naming what is wrong."""
    try:
        response = _Response.model_validate_json(data)
    except ValidationError as exc:
        where = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in exc.errors()[:3])
        raise _Transient("malformed", f"malformed response body: {where}") from None
    choice = response.choices[0]
    text = choice.message.content
    tool_calls = [
        ToolCallRequest(id=str(c.id or ""), name=c.function.name,
                        arguments=c.function.arguments if isinstance(c.function.arguments, str) else "")
        for c in choice.message.tool_calls or []
    ]
    if text is None and tool_calls:
        text = ""  # a reply made only of tool calls
    if text is None:
        raise _Transient("malformed", "response's first choice has no text content")
    usage = response.usage or _Usage()
    return Completion(
        text=text,
        usage=Usage(prompt_tokens=usage.prompt_tokens or 0, completion_tokens=usage.completion_tokens or 0),
        latency_s=latency,
        finish_reason=choice.finish_reason,
        tool_calls=tool_calls,
    )


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
