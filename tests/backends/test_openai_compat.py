"""The OpenAI-compatible backend against a real HTTP server on loopback."""

from __future__ import annotations

import asyncio

import pytest

from drafterbench.backends.base import BackendError, GenerationParams, Message
from drafterbench.backends.openai_compat import OpenAICompatBackend, RetryPolicy
from tests.backends.loopback import LoopbackServer, free_port

FAST = RetryPolicy(max_retries=8, base_delay_s=0.005, max_delay_s=0.02)
MSGS = [Message(role="system", content="be brief"), Message(role="user", content="say hi")]


def echo(messages: list[dict]) -> str:
    return "reply to: " + messages[-1]["content"]


async def test_completion_text_usage_and_request_fields():
    with LoopbackServer(echo) as server:
        backend = OpenAICompatBackend("tiny", base_url=server.url, retry=FAST)
        params = GenerationParams(temperature=0.3, max_tokens=77, seed=5, stop=("END",))
        out = await backend.generate(MSGS, params)
        await backend.aclose()
    assert out.text == "reply to: say hi"
    assert out.usage.prompt_tokens == len("be briefsay hi") // 4
    assert out.usage.completion_tokens == len(out.text) // 4
    assert out.latency_s > 0
    sent = server.seen[0]
    assert sent["model"] == "tiny"
    assert sent["temperature"] == 0.3 and sent["max_tokens"] == 77 and sent["seed"] == 5
    assert sent["stop"] == ["END"]
    assert [m["role"] for m in sent["messages"]] == ["system", "user"]


@pytest.mark.parametrize("failure", ["429", "500", "timeout", "malformed"])
async def test_each_transient_failure_is_retried(failure):
    # Every request fails with probability 0.6; with 9 attempts a request almost surely gets through
    # (the seed is fixed, so this is deterministic).
    with LoopbackServer(echo, fail_rate=0.6, failures=(failure,), timeout_sleep_s=1.6, seed=3) as server:
        backend = OpenAICompatBackend("tiny", base_url=server.url, retry=FAST, timeout_s=1.0)
        outs = await asyncio.gather(*(backend.generate(MSGS, GenerationParams()) for _ in range(6)))
        await backend.aclose()
    assert all(o.text == "reply to: say hi" for o in outs)
    assert server.failed[failure] > 0
    kind = {"429": "rate_limit", "500": "server", "timeout": "timeout", "malformed": "malformed"}[failure]
    assert backend.retries[kind] == server.failed[failure]


async def test_server_down_gives_connection_error_after_retries():
    url = f"http://127.0.0.1:{free_port()}/v1"
    backend = OpenAICompatBackend("tiny", base_url=url, retry=RetryPolicy(2, 0.001, 0.002))
    with pytest.raises(BackendError) as info:
        await backend.generate(MSGS, GenerationParams())
    assert info.value.kind == "connection"
    assert backend.retries["connection"] == 3  # the first try and two retries


async def test_client_errors_are_not_retried():
    with LoopbackServer(echo) as server:
        backend = OpenAICompatBackend("tiny", base_url=server.url.replace("/v1", "/nope"), retry=FAST)
        with pytest.raises(BackendError) as info:
            await backend.generate(MSGS, GenerationParams())
    assert info.value.kind == "http_4xx" and "404" in str(info.value)
    assert server.requests == 1


async def test_max_connections_bounds_requests_in_flight():
    in_flight = 0
    peak = 0
    import threading
    import time

    lock = threading.Lock()

    def slow(messages):
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        time.sleep(0.05)
        with lock:
            in_flight -= 1
        return "ok"

    with LoopbackServer(slow) as server:
        backend = OpenAICompatBackend("tiny", base_url=server.url, max_connections=2, retry=FAST)
        await asyncio.gather(*(backend.generate(MSGS, GenerationParams()) for _ in range(8)))
        await backend.aclose()
    assert peak == 2


def test_missing_key_without_base_url_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(ValueError, match="OPENAI_API_KEY"):
        OpenAICompatBackend("gpt-4o")


async def test_breaker_fails_fast_while_the_server_is_down_and_closes_when_it_is_back():
    port = free_port()
    url = f"http://127.0.0.1:{port}/v1"
    backend = OpenAICompatBackend("tiny", base_url=url, max_connections=2, retry=RetryPolicy(1, 0.001, 0.002))
    backend.probe_every_s = 0.2
    in_flight = asyncio.Semaphore(4)  # as the runner bounds the tasks in flight

    async def one():
        async with in_flight:
            return await backend.generate(MSGS, GenerationParams())

    results = await asyncio.gather(*(one() for _ in range(40)), return_exceptions=True)
    assert all(isinstance(r, BackendError) and r.kind == "connection" for r in results)
    # Once breaker_after requests in a row had given up, the rest failed without trying to connect.
    assert 40 - backend.breaker_after - 4 <= backend.fast_failed <= 40 - backend.breaker_after
    assert backend.retries["connection"] <= 2 * (backend.breaker_after + 4)
    with LoopbackServer(echo, port=port):
        await asyncio.sleep(0.25)  # past the probe interval: the next request probes, succeeds, closes it
        out = await backend.generate(MSGS, GenerationParams())
        again = await backend.generate(MSGS, GenerationParams())
    assert out.text == again.text == "reply to: say hi"
    await backend.aclose()
