"""End to end over a real HTTP server on loopback: code-mode agent, OpenAI-compatible backend, the real
interpreter and scorer, the run log. No mock of the SDK anywhere."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from drafterbench.agents.code_mode import CodeModeAgent
from drafterbench.backends.openai_compat import OpenAICompatBackend, RetryPolicy
from drafterbench.report import build_report
from drafterbench.run import RunOptions, aevaluate, pending_keys, run_keys
from drafterbench.runlog import RunLogWriter, read_run
from tests.backends.loopback import LoopbackServer, free_port
from tests.golden.damaged import DAMAGED, damaged_reply, golden_tasks

FAST = RetryPolicy(max_retries=10, base_delay_s=0.005, max_delay_s=0.05)


async def _run(url: str, tasks, out, *, execute=False, retry=FAST, timeout_s=5.0):
    backend = OpenAICompatBackend("loopback-model", base_url=url, retry=retry, timeout_s=timeout_s,
                                  max_connections=4)
    try:
        with ThreadPoolExecutor(2) as pool:
            return await aevaluate(CodeModeAgent(backend), tasks, out=out, model="openai/loopback-model",
                                   options=RunOptions(execute=execute, max_connections=4), executor=pool)
    finally:
        await backend.aclose()


async def test_damaged_programs_get_the_partial_scores_the_metric_prescribes(tmp_path):
    tasks = golden_tasks()
    with LoopbackServer(damaged_reply) as server:
        report = await _run(server.url, tasks, tmp_path / "run")
    assert report.done == len(DAMAGED) and report.errored == 0
    latest = read_run(tmp_path / "run").latest()
    for name, (_, expected, why) in DAMAGED.items():
        record = latest[(f"golden-{name}", 0)]
        assert record.score == pytest.approx(expected), f"{name} ({why}): {record.diagnostics}"
        assert record.response.startswith("Here is the program.")
        assert record.usage.completion_tokens > 0 and record.latency_s > 0
        if name != "perfect":
            assert record.diagnostics, f"{name} should say what was wrong"
    # Every damage costs something, and the report's per-type mean is the plain mean of the tasks.
    assert sorted(s for _, s, _ in DAMAGED.values())[-2] < 100
    expected_mean = sum(s for _, s, _ in DAMAGED.values()) / len(DAMAGED)
    assert report.scores.per_type["add_text"] == pytest.approx(expected_mean)
    assert report.prompt_tokens > 0


async def test_thirty_percent_transient_failures_still_score_every_task(tmp_path):
    tasks = [t.model_copy(update={"id": f"{t.id}-{k}"}) for k in range(3) for t in golden_tasks()]
    # Replies are the reference for every task here, so every task must come back with 100.
    with LoopbackServer(lambda m: "```python\n" + tasks[0].reference_program + "```", fail_rate=0.3,
                        timeout_sleep_s=1.5, seed=11) as server:
        report = await _run(server.url, tasks, tmp_path / "run", timeout_s=1.0)
        failures = dict(server.failed)
    assert report.done == len(tasks) and report.errored == 0 and report.perfect == len(tasks)
    assert sum(failures.values()) > 0, "the server was meant to fail some requests"


async def test_server_down_errors_then_retry_errors_finishes(tmp_path):
    tasks = golden_tasks()
    port = free_port()
    url = f"http://127.0.0.1:{port}/v1"
    report = await _run(url, tasks, tmp_path / "run", retry=RetryPolicy(1, 0.001, 0.002))
    assert report.done == 0 and report.errored == len(tasks)
    assert report.errors_by_kind == {"connection": len(tasks)}
    assert report.scores.average_tasks is None  # nothing was scored: no fake zeros

    log = read_run(tmp_path / "run")
    todo = pending_keys(log, retry_errors=True)
    assert len(todo) == len(tasks)
    with LoopbackServer(damaged_reply, port=port):
        backend = OpenAICompatBackend("loopback-model", base_url=url, retry=FAST)
        with RunLogWriter.reopen(log.path) as writer, ThreadPoolExecutor(2) as pool:
            await run_keys(CodeModeAgent(backend), {t.id: t for t in tasks}, todo, writer,
                           RunOptions(execute=False), executor=pool)
        await backend.aclose()
    report = build_report(read_run(tmp_path / "run"))
    assert report.done == len(tasks) and report.errored == 0
    assert report.scores.per_type["add_text"] == pytest.approx(
        sum(s for _, s, _ in DAMAGED.values()) / len(DAMAGED))


@pytest.mark.slow
async def test_with_effects_the_state_check_is_its_own_column(tmp_path):
    tasks = golden_tasks()
    with LoopbackServer(damaged_reply) as server:
        report = await _run(server.url, tasks, tmp_path / "run", execute=True)
    latest = read_run(tmp_path / "run").latest()
    state = {name: latest[(f"golden-{name}", 0)].state for name in DAMAGED}
    # The same program revises the drawing identically.
    assert state["perfect"].match and state["perfect"].score == 1.0
    # A different font size, or the text on another page, changes the revised PDF ...
    assert not state["wrong_value"].match and not state["wrong_page"].match
    # ... no save means no revised file at all ...
    assert not state["missing_save"].match and any("missing revised file" in d
                                                    for d in state["missing_save"].differences)
    # ... while a missing recorder leaves the drawing as the reference leaves it: the state check and the
    # score measure different things, which is why the state is reported apart from the score.
    assert state["missing_recorder"].match and latest[("golden-missing_recorder", 0)].score < 100
    # Scores are the same with effects on as with them off.
    for name, (_, expected, _) in DAMAGED.items():
        assert latest[(f"golden-{name}", 0)].score == pytest.approx(expected), name
    assert report.state_checked == len(DAMAGED)
