"""The runner's bookkeeping with scripted agents and a scripted grader: errors, resume, trials, report."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from drafterbench.agents.base import AgentResult
from drafterbench.agents.reference import ReferenceAgent
from drafterbench.report import build_report
from drafterbench.run import RunOptions, aevaluate, pending_keys, run_keys
from drafterbench.runlog import RunLogWriter, read_run
from tests.run.fakes import FlakyAgent, make_task, scripted_grade_job

TASKS = [make_task(i) for i in range(6)]


async def _evaluate(agent, out, **opts):
    with ThreadPoolExecutor(2) as pool:
        return await aevaluate(agent, TASKS, out=out, options=RunOptions(**opts),
                               grade_job=scripted_grade_job, executor=pool)


async def test_reference_agent_scores_every_task(tmp_path):
    report = await _evaluate(ReferenceAgent(TASKS), tmp_path / "run")
    assert report.done == 6 and report.errored == 0 and report.missing == 0
    assert report.perfect == 6 and report.scores.per_type == {"add_text": 100.0}
    assert report.state_match_rate == 1.0


async def test_errored_tasks_are_not_zeros_and_retry_errors_finishes_them(tmp_path):
    down = {TASKS[1].id, TASKS[4].id}
    report = await _evaluate(FlakyAgent(down=down, wrong={TASKS[0].id}), tmp_path / "run")
    assert (report.done, report.errored) == (4, 2)
    assert report.errors_by_kind == {"connection": 2}
    # The mean is over the 4 answered tasks: 3 x 100 and 1 x 30, not dragged down by the outage.
    assert report.scores.per_type["add_text"] == pytest.approx((300 + 30) / 4)

    log = read_run(tmp_path / "run")
    todo = pending_keys(log, retry_errors=True)
    assert sorted(todo) == sorted((i, 0) for i in down)
    agent = FlakyAgent()
    with RunLogWriter.reopen(log.path) as writer, ThreadPoolExecutor(2) as pool:
        await run_keys(agent, {t.id: t for t in TASKS}, todo, writer, RunOptions(),
                       grade_job=scripted_grade_job, executor=pool)
    assert sorted(agent.calls) == sorted(down)  # only the errored ones ran again
    report = build_report(read_run(tmp_path / "run"))
    assert (report.done, report.errored) == (6, 0)


async def test_agent_and_grader_crashes_are_errors_with_their_kind(tmp_path):
    class Crashy(FlakyAgent):
        async def solve(self, prompt):
            if prompt.task_id == TASKS[2].id:
                raise ZeroDivisionError("oops")
            if prompt.task_id == TASKS[3].id:
                return AgentResult(program="CRASH")
            return await super().solve(prompt)

    report = await _evaluate(Crashy(), tmp_path / "run")
    assert report.errors_by_kind == {"agent": 1, "grading": 1}
    log = read_run(tmp_path / "run")
    rec = log.latest()[(TASKS[3].id, 0)]
    assert rec.status == "error" and rec.program == "CRASH" and "grader blew up" in rec.error


async def test_trials_give_mean_and_std(tmp_path):
    class OddTrials(FlakyAgent):
        async def solve(self, prompt):
            self.wrong = {t.id for t in TASKS} if prompt.trial == 1 else set()
            return await super().solve(prompt)

    report = await _evaluate(OddTrials(), tmp_path / "run", trials=2, max_connections=1)
    assert report.planned == 12 and report.done == 12
    s = report.trial_summary
    assert s is not None and s.trials == 2
    assert s.average_tasks.mean == pytest.approx(65.0)
    assert s.average_tasks.std == pytest.approx(49.497, abs=1e-2)  # sample std of 100 and 30


async def test_resume_runs_only_what_is_missing(tmp_path):
    out = tmp_path / "run"
    await _evaluate(ReferenceAgent(TASKS), out)
    log = read_run(out)
    # Drop the last three records, as if the run had been killed before writing them.
    lines = log.path.read_text().splitlines(keepends=True)
    log.path.write_text("".join(lines[:-3]))
    log = read_run(out)
    todo = pending_keys(log, retry_errors=False)
    assert len(todo) == 3
    assert pending_keys(log, retry_errors=True) == []


def test_evaluate_api_with_the_default_worker_pool_and_resume(tmp_path):
    # The synchronous Python API end to end: real interpreter and scorer in forked grading workers.
    from drafterbench import evaluate
    from drafterbench.runlog import read_run
    from tests.golden.damaged import golden_tasks

    tasks = golden_tasks()
    report = evaluate(ReferenceAgent(tasks), tasks[:4], out=tmp_path / "run", execute=False, workers=1)
    assert report.done == 4 and report.perfect == 4
    # Resuming with the same tasks does nothing more; with other tasks it is refused.
    report = evaluate(ReferenceAgent(tasks), tasks[:4], out=tmp_path / "run", execute=False, resume=True)
    assert len(read_run(tmp_path / "run").records) == 4
    with pytest.raises(Exception, match="other tasks"):
        evaluate(ReferenceAgent(tasks), tasks, out=tmp_path / "run", execute=False, resume=True)
