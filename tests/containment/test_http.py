"""A misbehaving OpenAI-compatible server (the project's real loopback server) costs a request a bounded
time and memory and is reported by kind; a run against it finishes with every task scored or errored."""

from __future__ import annotations

import resource
import time

import pytest
from typer.testing import CliRunner

from drafterbench.backends.base import BackendError, GenerationParams, Message
from drafterbench.backends.openai_compat import OpenAICompatBackend, RetryPolicy
from drafterbench.cli import app
from drafterbench.runlog import read_run
from tests.backends.loopback import HOSTILE, LoopbackServer

MSGS = [Message(role="user", content="say hi")]
ONE_RETRY = RetryPolicy(max_retries=1, base_delay_s=0.001, max_delay_s=0.002)


def echo(messages: list[dict]) -> str:
    return "reply to: " + messages[-1]["content"]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.parametrize(("failure", "kind"), [("huge", "too_large"), ("endless", "too_large")])
async def test_a_body_past_the_cap_is_not_read_further(failure, kind):
    cap = 1024 * 1024
    with LoopbackServer(echo, fail_rate=1.0, failures=(failure,)) as server:
        backend = OpenAICompatBackend("tiny", base_url=server.url, retry=ONE_RETRY, timeout_s=20,
                                      max_response_bytes=cap)
        peak = _peak_mb()
        start = time.monotonic()
        with pytest.raises(BackendError) as info:
            await backend.generate(MSGS, GenerationParams())
        await backend.aclose()
    assert info.value.kind == kind and "1,048,576 bytes" in str(info.value)
    assert time.monotonic() - start < 15
    assert _peak_mb() - peak < 100  # never the 50 MB (or endless) body in memory
    # The client hung up: per attempt the server got out little more than the cap (socket buffers aside).
    assert server.bytes_sent[failure] < 2 * (cap + 8 * 1024 * 1024)


@pytest.mark.slow
async def test_a_server_trickling_bytes_is_cut_off_by_the_whole_request_deadline():
    with LoopbackServer(echo, fail_rate=1.0, failures=("trickle",)) as server:
        backend = OpenAICompatBackend("tiny", base_url=server.url, retry=ONE_RETRY, timeout_s=1.5)
        start = time.monotonic()
        with pytest.raises(BackendError) as info:
            await backend.generate(MSGS, GenerationParams())
        await backend.aclose()
    assert info.value.kind == "timeout" and "1.5s" in str(info.value)
    assert time.monotonic() - start < 2 * 1.5 + 2  # two attempts, each cut at 1.5 s (a read alone never times out)


async def test_token_counts_that_are_not_numbers_are_a_malformed_reply():
    with LoopbackServer(echo, fail_rate=1.0, failures=("bad_usage",)) as server:
        backend = OpenAICompatBackend("tiny", base_url=server.url, retry=ONE_RETRY)
        with pytest.raises(BackendError) as info:
            await backend.generate(MSGS, GenerationParams())
        await backend.aclose()
    assert info.value.kind == "malformed" and "usage.prompt_tokens" in str(info.value)
    assert "Traceback" not in str(info.value)


@pytest.mark.parametrize(("header", "cap", "low", "high"), [("1", 30.0, 0.9, 5.0), ("100000", 0.3, 0.2, 3.0)])
async def test_retry_after_is_honoured_up_to_a_cap(header, cap, low, high):
    with LoopbackServer(echo, fail_rate=1.0, failures=("retry_after",), retry_after=header) as server:
        retry = RetryPolicy(max_retries=1, base_delay_s=0.001, max_delay_s=0.002, max_retry_after_s=cap)
        backend = OpenAICompatBackend("tiny", base_url=server.url, retry=retry)
        start = time.monotonic()
        with pytest.raises(BackendError) as info:
            await backend.generate(MSGS, GenerationParams())
        await backend.aclose()
    assert info.value.kind == "rate_limit" and server.requests == 2
    assert low <= time.monotonic() - start <= high


@pytest.mark.slow
def test_a_run_against_a_server_misbehaving_every_way_finishes_with_every_task_scored_or_errored(tmp_path,
                                                                                                  monkeypatch):
    from drafterbench.tasks import load_suite, select

    monkeypatch.setenv("OPENAI_API_KEY", "dummy")
    tasks = select(load_suite(), limit=24)
    programs = {t.instruction: t.reference_program for t in tasks}
    out = tmp_path / "run"
    with LoopbackServer(lambda m: "```python\n" + programs[m[-1]["content"]] + "```", fail_rate=0.5,
                        failures=HOSTILE, retry_after="0", seed=5) as server:
        res = CliRunner().invoke(app, [
            "run", "--model", "openai/loopback", "--base-url", server.url, "--limit", "24", "--no-execute",
            "--workers", "1", "--timeout", "2", "--max-retries", "1", "--max-connections", "8", "--out", str(out)])
    assert res.exit_code == 0, res.output
    log = read_run(out)
    latest = log.latest()
    assert set(latest) == set(log.planned_keys())  # every task has a record: scored or errored
    assert all(r.status == "ok" and r.score == 100.0 or r.status == "error" for r in latest.values())
    assert {r.error_kind for r in latest.values() if r.status == "error"} <= {"too_large", "timeout", "malformed",
                                                                            "rate_limit"}
    assert sum(r.status == "ok" for r in latest.values()) > 0
    assert (out / "run.jsonl").stat().st_size < 5 * 1024 * 1024
    assert "Traceback" not in res.output


def test_what_the_log_keeps_of_a_long_reply_is_bounded_and_marked(tmp_path, monkeypatch):
    from drafterbench.runlog import MAX_LOGGED_TEXT

    monkeypatch.setenv("OPENAI_API_KEY", "dummy")
    reply = "```python\nx = 1\n```\n" + "chatter " * 200_000  # 1.6 MB: under the response cap, over the log's
    out = tmp_path / "run"
    with LoopbackServer(lambda m: reply) as server:
        res = CliRunner().invoke(app, ["run", "--model", "openai/loopback", "--base-url", server.url, "--limit", "1",
                                       "--no-execute", "--workers", "1", "--out", str(out)])
    assert res.exit_code == 0, res.output
    (record,) = read_run(out).records
    assert record.status == "ok" and len(record.response) == MAX_LOGGED_TEXT
    assert record.cut == {"response": len(reply)}
    assert (out / "run.jsonl").stat().st_size < 2 * MAX_LOGGED_TEXT


async def test_a_reply_asking_for_thousands_of_tool_calls_is_cut_at_the_bound():
    from drafterbench.agents.tool_mode import MAX_CALLS, ToolModeAgent
    from drafterbench.run import make_prompt
    from drafterbench.tasks import load_suite

    task = load_suite()[0]
    calls = [{"name": "fitz__open", "arguments": '{"filepath": "a.pdf"}'}] * 3000
    with LoopbackServer(lambda m: {"content": None, "tool_calls": calls}) as server:
        backend = OpenAICompatBackend("tiny", base_url=server.url, retry=ONE_RETRY)
        start = time.monotonic()
        result = await ToolModeAgent(backend).solve(make_prompt(task))
        await backend.aclose()
    assert len(result.tool_calls) == MAX_CALLS and server.requests == 1
    assert time.monotonic() - start < 30
