"""A `drafterbench run` killed with SIGKILL at a random moment, then resumed, logs every task exactly once."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest

from drafterbench.runlog import read_run
from drafterbench.tasks import load_suite, select
from tests.backends.loopback import LoopbackServer

N_TASKS = 40


def _reference_responder():
    by_instruction = {t.instruction: t.reference_program for t in load_suite()}

    def reply(messages: list[dict]) -> str:
        time.sleep(0.05)  # a little model latency, so the run lasts long enough to be killed midway
        return "```python\n" + by_instruction.get(messages[-1]["content"], "import fitz\n") + "```"

    return reply


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from drafterbench.cli import main; main()", *args]


def _count_lines(path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


@pytest.mark.slow
def test_sigkill_at_a_random_moment_then_resume_logs_each_task_once(tmp_path):
    rng = random.Random()  # a new moment each run; the seed is printed for reproduction
    seed = rng.randrange(1 << 30)
    rng = random.Random(seed)
    out = tmp_path / "run"
    env = {**os.environ, "OPENAI_API_KEY": "dummy", "DRAFTERBENCH_CACHE": str(tmp_path / "cache")}
    with LoopbackServer(_reference_responder()) as server:
        args = ["run", "--model", "openai/loopback", "--base-url", server.url, "--limit", str(N_TASKS),
                "--no-execute", "--max-connections", "2", "--workers", "1", "--out", str(out)]
        proc = subprocess.Popen(_cli(*args), env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, start_new_session=True)
        log = out / "run.jsonl"
        deadline = time.monotonic() + 60
        # Wait until some tasks are logged, then kill the whole process group after a random delay.
        while _count_lines(log) < 3 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.6))
        killed_with = _count_lines(log)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode in (-signal.SIGKILL, 0), proc.stderr.read().decode()[-2000:]
        after_kill = read_run(out)
        done_before = len(after_kill.finished_keys())

        resumed = subprocess.run(_cli("run", "--resume", str(out), "--workers", "1", "--base-url", server.url), check=False, env=env,
                                 capture_output=True, text=True, timeout=300)
        assert resumed.returncode == 0, resumed.stderr[-2000:]

    final = read_run(out)
    keys = Counter(r.key for r in final.records)
    expected = {(t.id, 0) for t in select(load_suite(), limit=N_TASKS)}
    assert set(keys) == expected, f"seed {seed}"
    assert all(n == 1 for n in keys.values()), f"seed {seed}: duplicated {[k for k, n in keys.items() if n > 1]}"
    assert all(r.status == "ok" and r.score == 100.0 for r in final.records), f"seed {seed}"
    assert not final.ignored_tail
    # The kill really happened mid-run (otherwise the test proves nothing about resuming).
    assert done_before < N_TASKS, f"seed {seed}: the run ended before the kill ({killed_with} lines)"
    header_lines = [json.loads(line) for line in (out / "run.jsonl").read_text().splitlines()[:1]]
    assert header_lines[0]["kind"] == "header" and len(header_lines[0]["task_ids"]) == N_TASKS
