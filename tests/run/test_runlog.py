"""The run log: durable appends, a killed writer's half line, latest-record-wins."""

from __future__ import annotations

import pytest

from drafterbench.runlog import RunHeader, RunLogError, RunLogWriter, TaskRecord, read_run
from tests.run.fakes import score as task_score


def header(**kw) -> RunHeader:
    return RunHeader(run_id="r1", created="2026-01-01T00:00:00+00:00", model="reference", backend="reference",
                     task_ids=["a", "b", "c"], **kw)


def rec(task_id: str, status: str = "ok", score: float | None = 100.0, **kw) -> TaskRecord:
    return TaskRecord(task_id=task_id, type="add_text", status=status,
                      task_score=None if score is None else task_score(score), **kw)


def test_round_trip_and_latest_wins(tmp_path):
    path = tmp_path / "run" / "run.jsonl"
    with RunLogWriter.create(path, header()) as w:
        w.write(rec("a"))
        w.write(rec("b", "error", None, error_kind="connection", error="refused"))
        w.write(rec("b", score=71.0))  # a retry: the later record counts
    log = read_run(path.parent)
    assert log.header.task_ids == ["a", "b", "c"]
    assert len(log.records) == 3
    latest = log.latest()
    assert latest[("b", 0)].score == 71.0
    assert log.finished_keys() == {("a", 0), ("b", 0)}
    assert log.errored_keys() == set()


def test_errored_is_not_finished(tmp_path):
    path = tmp_path / "run.jsonl"
    with RunLogWriter.create(path, header()) as w:
        w.write(rec("a", "error", None, error_kind="timeout"))
    log = read_run(path)
    assert log.finished_keys() == set()
    assert log.errored_keys() == {("a", 0)}


def test_half_written_last_line_is_ignored_then_truncated(tmp_path):
    path = tmp_path / "run.jsonl"
    with RunLogWriter.create(path, header()) as w:
        w.write(rec("a"))
    full = rec("b").model_dump_json()
    with open(path, "ab") as f:  # what a SIGKILL in the middle of a write leaves behind
        f.write(full[: len(full) // 2].encode())
    log = read_run(path)
    assert log.ignored_tail and [r.task_id for r in log.records] == ["a"]
    with RunLogWriter.reopen(path) as w:
        w.write(rec("b"))
    log = read_run(path)
    assert not log.ignored_tail and [r.task_id for r in log.records] == ["a", "b"]


def test_existing_log_is_not_overwritten(tmp_path):
    path = tmp_path / "run.jsonl"
    RunLogWriter.create(path, header()).close()
    with pytest.raises(RunLogError, match="--resume"):
        RunLogWriter.create(path, header())


def test_not_a_run_log(tmp_path):
    path = tmp_path / "run.jsonl"
    path.write_text('{"hello": 1}\n')
    with pytest.raises(RunLogError, match="run header"):
        read_run(path)
    with pytest.raises(RunLogError, match="no run log"):
        read_run(tmp_path / "missing")
