"""Run logs written by the previous version (schema 1: the score as a number, a JSON detail and strings, the
state check as a free dict) still load, report exactly what that version reported, resume and re-score.

``tests/golden/runs-v1/`` holds two such logs and the reports the previous version printed for them:
``python`` (``evaluate()`` with effects: a reference answer, a damaged program, a tool-call answer and an
outage) and ``cli`` (``drafterbench run --model reference --metric original --no-execute``).
"""

from __future__ import annotations

import asyncio
import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafterbench.cli import app
from drafterbench.report import build_report
from drafterbench.rescore import rescore_run
from drafterbench.runlog import SCHEMA_VERSION, read_run

V1 = Path(__file__).parents[1] / "golden" / "runs-v1"
runner = CliRunner()


@pytest.fixture(params=["python", "cli"])
def v1_run(request, tmp_path) -> Path:
    return Path(shutil.copytree(V1 / request.param, tmp_path / request.param))


def test_a_schema_1_log_reports_exactly_what_the_previous_version_reported(v1_run):
    log = read_run(v1_run)
    assert log.header.schema_version == 1
    expected = json.loads((v1_run / "report.json").read_text())
    assert build_report(log).model_dump(mode="json") == expected
    res = runner.invoke(app, ["report", str(v1_run), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output) == expected


def test_a_schema_1_record_reads_as_one_typed_score_and_state_check():
    lines = (V1 / "python" / "run.jsonl").read_text().splitlines()
    raw = {r["task_id"]: r for r in map(json.loads, lines[1:])}
    latest = {r.task_id: r for r in read_run(V1 / "python").records}
    for task_id, record in latest.items():
        old = raw[task_id]
        assert record.score == old["score"]
        if old["score_detail"] is None:
            assert record.task_score is None and record.diagnostics == []
            continue
        assert record.task_score.model_dump(mode="json") == old["score_detail"]
        assert record.diagnostics == old["diagnostics"]
        assert {m: s.model_dump(mode="json", exclude={"diagnostics"}) for m, s in record.other_metrics.items()} \
            == old["other_metrics"]
        assert record.state.match is old["state"]["match"]
        assert record.state.score == old["state"]["score"]
        assert record.state.differences == old["state"].get("differences", [])
    same = latest["add_text-0000"].state
    assert same.same_program and same.match
    damaged = latest["delete_vector-0000"]
    assert damaged.score < 100 and damaged.diagnostics and not damaged.state.match


def test_a_schema_1_log_re_scores_to_the_same_figures_in_a_schema_2_log(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTERBENCH_CACHE", str(tmp_path / "cache"))
    with ThreadPoolExecutor(1) as pool:
        new = asyncio.run(rescore_run(V1 / "python", out=tmp_path / "again", executor=pool))
    old_log, new_log = read_run(V1 / "python"), read_run(new)
    assert new_log.header.schema_version == SCHEMA_VERSION == 2
    new_raw = json.loads(new.read_text().splitlines()[1])
    assert "task_score" in new_raw and "score_detail" not in new_raw and "diagnostics" not in new_raw
    old_latest, new_latest = old_log.latest(), new_log.latest()
    assert {k: r.score for k, r in new_latest.items()} == {k: r.score for k, r in old_latest.items()}
    assert {k: r.state for k, r in new_latest.items()} == {k: r.state for k, r in old_latest.items()}
    old_report, new_report = build_report(old_log), build_report(new_log)
    for field in ("scores", "comprehensive_by_metric", "state_checked", "state_match_rate", "state_score",
                  "done", "errored", "errors_by_kind", "perfect", "protocol"):
        assert getattr(new_report, field) == getattr(old_report, field), field


def test_a_schema_1_cli_log_resumes_and_re_scores_from_the_command_line(tmp_path):
    run = Path(shutil.copytree(V1 / "cli", tmp_path / "cli"))
    res = runner.invoke(app, ["run", "--resume", str(run)])
    assert res.exit_code == 0, res.output
    assert "nothing to run" in res.output
    res = runner.invoke(app, ["score", str(run), "--workers", "1", "--out", str(tmp_path / "again")])
    assert res.exit_code == 0, res.output
    again = read_run(tmp_path / "again")
    assert [r.score for r in again.records] == [r.score for r in read_run(run).records] == [100.0] * 3
    assert {r.metric for r in again.records} == {"original"}
