"""Grading is bounded from outside the job: a worker past its wall-clock or memory budget is stopped and
replaced, the task is scored as not executable with a reason naming the limit, and the run goes on."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from drafterbench.grading_pool import BudgetExceeded, GradeBudget, GradingPool
from drafterbench.run import RunOptions, aevaluate
from drafterbench.tasks import load_suite, select


def _sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def _allocate(n: int) -> int:
    return len(bytearray(n))


def _crash() -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def _pid() -> int:
    return os.getpid()


def test_a_job_past_its_deadline_is_stopped_and_the_pool_goes_on():
    pool = GradingPool(1, GradeBudget(timeout_s=1.0), preload=False)
    try:
        first = pool.submit(_pid).result(timeout=10)
        start = time.monotonic()
        with pytest.raises(BudgetExceeded) as info:
            pool.submit(_sleep, 60).result(timeout=30)
        assert time.monotonic() - start < 5
        assert info.value.limit == "timeout" and "1 s" in str(info.value) and "--grade-timeout" in str(info.value)
        # The worker was replaced: the next job runs, in another process.
        assert pool.submit(_sleep, 0.01).result(timeout=10) == 0.01
        assert pool.submit(_pid).result(timeout=10) != first
    finally:
        pool.shutdown()


def test_a_job_past_its_memory_budget_fails_alone():
    pool = GradingPool(1, GradeBudget(memory_mb=512), preload=False)
    try:
        with pytest.raises(BudgetExceeded) as info:
            pool.submit(_allocate, 2 * 1024**3).result(timeout=30)
        assert info.value.limit == "memory" and "512 MB" in str(info.value)
        assert pool.submit(_allocate, 10 * 1024**2).result(timeout=10) == 10 * 1024**2
    finally:
        pool.shutdown()


def test_a_crashing_worker_is_replaced_and_its_job_fails_with_a_reason():
    pool = GradingPool(2, GradeBudget(), preload=False)
    try:
        with pytest.raises(BudgetExceeded, match="killed by signal"):
            pool.submit(_crash).result(timeout=30)
        assert [f.result(timeout=10) for f in [pool.submit(_sleep, 0) for _ in range(4)]] == [0] * 4
    finally:
        pool.shutdown()


def test_an_ordinary_exception_is_the_caller_s_to_handle():
    pool = GradingPool(1, preload=False)
    try:
        with pytest.raises(ZeroDivisionError):
            pool.submit(divmod, 1, 0).result(timeout=10)
    finally:
        pool.shutdown()


def _children(pid: int) -> set[int]:
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.add(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_workers_die_with_a_killed_caller_and_the_work_folder_goes(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    (work / "revised.pdf").write_bytes(b"%PDF")
    script = textwrap.dedent(f"""
        import time
        from drafterbench.grading_pool import GradingPool, GradeBudget
        pool = GradingPool(2, GradeBudget(timeout_s=600), cleanup=({str(work)!r},), preload=False)
        pool.submit(time.sleep, 600)
        print(pool._pid, flush=True)
        time.sleep(600)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    supervisor = int(proc.stdout.readline())
    deadline = time.monotonic() + 30
    while len(_children(supervisor)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = _children(supervisor)
    assert len(workers) == 2, workers
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 30
    while (any(_alive(p) for p in (supervisor, *workers)) or work.exists()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [p for p in (supervisor, *workers) if _alive(p)]
    assert not work.exists()


class _SlowAnswer:
    """Answers the first task with a program whose table takes seconds to draw, the others correctly."""

    name = "slow-answer"

    def __init__(self, tasks):
        self.tasks = {t.id: t for t in tasks}
        self.slow = tasks[0].id

    async def solve(self, prompt):
        from drafterbench.agents.base import AgentResult

        task = self.tasks[prompt.task_id]
        if task.id != self.slow:
            return AgentResult(program=task.reference_program)
        name = task.drawings[0].name
        program = textwrap.dedent(f"""
            import fitz
            import PDFbf
            doc0 = fitz.open("{name}")
            ex = PDFbf.extractanno(doc=doc0)
            rect, rf = ex.getclip_rfpoint(pagenumber=0, rectangleorder=0)
            row = ["x"] * 30
            tm = PDFbf.manipulate_table(doc=doc0, pagenumber=0, clip=rect, data=[row] * 30,
                                        arrange=[[12] * 30, [30] * 30])
            doc0 = tm.addtable()
        """) + "doc0 = tm.addtable()\n" * 8
        return AgentResult(program=program)


@pytest.mark.slow
def test_a_run_scores_an_answer_past_the_budget_as_not_executable_and_goes_on(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTERBENCH_CACHE", str(tmp_path / "cache"))
    tasks = list(select(load_suite(), types=["add_text"], limit=3))
    options = RunOptions(workers=1, grade_timeout_s=6.0, execute=True)
    start = time.monotonic()
    report = asyncio.run(aevaluate(_SlowAnswer(tasks), tasks, out=tmp_path / "run", options=options))
    assert time.monotonic() - start < 60
    assert report.done == 3 and report.errored == 0
    from drafterbench.runlog import read_run

    records = {r.task_id: r for r in read_run(tmp_path / "run").records}
    slow = records[tasks[0].id]
    # Scored (not errored: the answer, not the backend, is at fault), as a program that does not run.
    assert slow.status == "ok" and slow.score < 30
    assert slow.trace.error.kind == "limit" and "--grade-timeout" in slow.trace.error.message
    assert slow.task_score.executable is False
    assert all(records[t.id].score == 100.0 for t in tasks[1:]), [(r.score, r.trace.error if r.trace else None, r.grade_s) for r in records.values()]


def test_a_folder_left_by_a_run_killed_with_its_whole_group_is_removed_by_the_next_run(tmp_path, monkeypatch):
    import tempfile

    from drafterbench.workdirs import new_work_dir

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    stale = tmp_path / f"drafterbench-run-{dead}-abc"
    (stale / "agent").mkdir(parents=True)
    live = tmp_path / f"drafterbench-run-{os.getpid()}-def"
    live.mkdir()
    other = tmp_path / "drafterbench-cache-1-x"
    other.mkdir()
    made = Path(new_work_dir("run"))
    assert not stale.exists() and live.exists() and other.exists()
    assert made.parent == tmp_path and made.name.startswith(f"drafterbench-run-{os.getpid()}-")


def test_the_grading_processes_do_not_hold_the_caller_s_run_log_lock(tmp_path):
    from drafterbench.runlog import RunLogWriter

    log = tmp_path / "run.jsonl"
    log.write_text("{}\n")
    writer = RunLogWriter.reopen(log)
    pool = GradingPool(1, preload=False)
    try:
        assert pool.submit(_sleep, 0).result(timeout=10) == 0  # the supervisor and a worker are running
        writer.close()
        RunLogWriter.reopen(log).close()  # the lock went with the caller's descriptor, not kept by a copy
    finally:
        pool.shutdown()
