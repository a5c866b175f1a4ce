"""`drafterbench report` on a local-backend run log: decoding statistics per method and per task type.

The log is written with the real run-log writer and read back through the real CLI; the decoding figures are
the ones the local backend records per completion (``DecodingStats``), chosen so every pooled ratio is known.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from drafterbench.backends.base import DecodingStats
from drafterbench.cli import app
from drafterbench.runlog import LOG_NAME, RunHeader, RunLogWriter, TaskRecord
from drafterbench.tasks import get_task

runner = CliRunner()


def _controllers(task_id: str) -> dict:
    return get_task(task_id).controllers.model_dump(mode="json")


def _record(task_id: str, type_: str, method: str, new: int, wall: float, rounds: int, drafted: int,
            accepted: int) -> TaskRecord:
    assert get_task(task_id).type.value == type_  # real suite tasks, as a run would log them
    stats = DecodingStats(method=method, prompt_tokens=50, new_tokens=new, wall_s=wall, ttft_s=wall / 10,
                          rounds=rounds, drafted=drafted, accepted=accepted, target_forwards=rounds + 1)
    return TaskRecord(task_id=task_id, type=type_, controllers=_controllers(task_id), status="ok", response="x", usage={"prompt_tokens": 50,
                      "completion_tokens": new}, latency_s=wall, wall_s=wall, decoding=stats)


@pytest.fixture
def run_dir(tmp_path):
    records = [
        _record("add_text-0000", "add_text", "draft", 40, 2.0, 10, 40, 30),
        _record("add_text-0001", "add_text", "draft", 20, 2.0, 10, 40, 10),
        _record("map_table-0000", "map_table", "draft", 30, 1.0, 20, 80, 10),
        _record("map_table-0001", "map_table", "prompt-lookup", 16, 4.0, 16, 8, 0),
    ]
    header = RunHeader(run_id="r", created="2026-11-26T00:00:00+00:00", model="hf/T", backend="local",
                       task_ids=[r.task_id for r in records] + ["add_table-0000"])
    with RunLogWriter.create(tmp_path / LOG_NAME, header) as writer:
        for r in records:
            writer.write(r)
        writer.write(TaskRecord(task_id="add_table-0000", type="add_table", status="error", error_kind="agent",
                                controllers=_controllers("add_table-0000")))
    return tmp_path


def test_report_json_pools_decoding_per_method_and_type(run_dir):
    res = runner.invoke(app, ["report", str(run_dir), "--json"])
    assert res.exit_code == 0, res.output
    rep = json.loads(res.stdout)
    per_type = {(d["method"], d["type"]): d for d in rep["decoding_by_type"]}
    # Sorted by method, then in the suite's type order; the errored task (no decoding) appears nowhere.
    assert list(per_type) == [("draft", "add_text"), ("draft", "map_table"), ("prompt-lookup", "map_table")]
    text = per_type["draft", "add_text"]
    assert text["requests"] == 2 and text["new_tokens"] == 60
    assert text["tokens_per_s"] == pytest.approx(60 / 4.0)
    assert text["tau"] == pytest.approx(1 + 40 / 20) and text["alpha"] == pytest.approx(40 / 80)
    table = per_type["draft", "map_table"]
    assert table["tau"] == pytest.approx(1.5) and table["alpha"] == pytest.approx(0.125)
    assert per_type["prompt-lookup", "map_table"]["alpha"] == 0.0
    # The per-method line pools the same counts: it is not the mean of the per-type figures.
    draft = next(d for d in rep["decoding"] if d["method"] == "draft")
    assert draft["requests"] == 3 and draft["new_tokens"] == 90
    assert draft["tau"] == pytest.approx(1 + 50 / 40) and draft["alpha"] == pytest.approx(50 / 160)
    assert draft["tokens_per_s"] == pytest.approx(90 / 5.0)


def test_report_prints_the_per_type_table(run_dir):
    res = runner.invoke(app, ["report", str(run_dir)])
    assert res.exit_code == 0, res.output
    out = res.output
    assert "Decoding per task type" in out
    row = next(line for line in out.splitlines() if "add_text" in line and "draft" in line)
    assert "15.0" in row and "3.00" in row and "0.50" in row  # tok/s, τ, α of draft on add_text
