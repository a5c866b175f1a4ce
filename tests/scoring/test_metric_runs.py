"""``--metric`` on run, score and report: the log says which metric scored it; the report shows both."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafterbench.cli import app
from drafterbench.leaderboard import entry_from_report
from drafterbench.report import build_report
from drafterbench.runlog import read_run

runner = CliRunner()


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def original_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("runs") / "orig"
    res = runner.invoke(app, ["run", "--model", "reference", "--limit", "12", "--no-execute", "--workers", "1",
                              "--metric", "original", "--out", str(out)])  # fmt: skip
    assert res.exit_code == 0, res.output
    return out


def test_the_log_records_the_metric_and_both_scores(original_run: Path):
    log = read_run(original_run)
    assert log.header.config.options.metric == "original"
    for record in log.records:
        assert record.metric == "original" and record.task_score.metric == "original"
        assert record.score == 100
        assert record.other_metrics["drafterbench"].total == 100
        assert record.other_metrics["drafterbench"].diagnostics == []


def test_the_report_and_the_leaderboard_entry_show_both_rewards(original_run: Path):
    report = build_report(read_run(original_run))
    assert report.metric == "original"
    assert report.comprehensive_by_metric == {"drafterbench": 100.0, "original": 100.0}
    entry = entry_from_report(report)
    assert entry.comprehensive_by_metric == {"drafterbench": 100.0, "original": 100.0}
    res = runner.invoke(app, ["report", str(original_run), "--metric", "drafterbench", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["metric"] == "drafterbench"


def test_score_under_the_other_metric_writes_a_log_that_says_so(original_run: Path, tmp_path: Path):
    out = tmp_path / "rescored"
    res = runner.invoke(app, ["score", str(original_run), "--metric", "drafterbench", "--workers", "1",
                              "--out", str(out)])  # fmt: skip
    assert res.exit_code == 0, res.output
    log = read_run(out)
    assert log.header.config.options.metric == "drafterbench"
    assert {r.metric for r in log.records} == {"drafterbench"}


def test_a_log_without_the_original_scores_names_the_command_that_adds_them(
    original_run: Path, tmp_path: Path
):
    lines = (original_run / "run.jsonl").read_text().splitlines()
    header = json.loads(lines[0])
    header["config"]["options"].pop("metric")  # a log from before --metric existed: ours only
    old = [json.dumps(header)]
    for line in lines[1:]:
        record = json.loads(line)
        record["metric"], record["other_metrics"] = "drafterbench", {}
        old.append(json.dumps(record))
    (tmp_path / "run.jsonl").write_text("\n".join(old) + "\n")
    res = runner.invoke(app, ["report", str(tmp_path), "--metric", "original"])
    assert res.exit_code == 2
    assert flat("was not scored with the 'original' metric") in flat(res.output)
    assert flat("--metric original") in flat(res.output)


def test_an_unknown_metric_is_one_line(tmp_path: Path):
    res = runner.invoke(app, ["run", "--model", "reference", "--limit", "1", "--metric", "paper",
                              "--out", str(tmp_path / "x")])  # fmt: skip
    assert res.exit_code == 2
    assert flat("unknown metric 'paper'; valid metrics: drafterbench, original") in flat(res.output)
    assert not (tmp_path / "x").exists()


def test_original_data_imported_and_run_with_the_original_metric(tmp_path: Path):
    """The documented path: original-format rows -> `tasks import` -> `run --tasks ... --metric original`."""
    pairs = Path(__file__).parents[1] / "golden" / "original-metric-pairs.jsonl"
    picked = [json.loads(line) for line in pairs.read_text(encoding="utf-8").splitlines()
              if '"mut:int+1:map_table' in line][:2]  # fmt: skip
    rows = [
        {"Tasktype": "map_table", "Id": f"orig-{n}", "Instruction": "Move the table.",
         "Groundtruth": r["groundtruth"], "Single|Multiple_objects": "Multiple_Objects",
         "Single|Multiple_operations": "Single_Operation", "Complete|Incomplete": "Complete",
         "Precise|Vague": r["mode"].capitalize(), "Structured/Unstructured": "Structured"}
        for n, r in enumerate(picked)
    ]  # fmt: skip
    source = tmp_path / "original.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    imported = tmp_path / "imported.jsonl"
    res = runner.invoke(app, ["tasks", "import", str(source), "--out", str(imported)])
    assert res.exit_code == 0, res.output
    out = tmp_path / "run"
    res = runner.invoke(app, ["run", "--model", "reference", "--tasks", str(imported), "--no-execute",
                              "--workers", "1", "--metric", "original", "--out", str(out)])  # fmt: skip
    assert res.exit_code == 0, res.output
    log = read_run(out)
    assert log.header.config.tasks_file == str(imported.resolve())
    assert [r.score for r in log.records] == [100.0, 100.0]
    rescored = tmp_path / "rescored"  # the run's tasks come from its file again, not from the suite
    res = runner.invoke(app, ["score", str(out), "--workers", "1", "--out", str(rescored)])
    assert res.exit_code == 0, res.output
    assert read_run(rescored).header.config.options.metric == "original"
