"""``drafterbench tasks`` end to end through typer's runner."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from drafterbench.cli import app

runner = CliRunner()


def _json(args):
    result = runner.invoke(app, ["tasks", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_stats_json_shows_160_per_type_and_the_balance():
    stats = _json(["stats"])
    assert stats["total"] == 1920 and stats["suite_version"].startswith("suite-v2+")
    assert all(entry["total"] == 160 for entry in stats["per_type"].values()) and len(stats["per_type"]) == 12
    assert stats["per_type"]["map_table"]["detail"] == {"precise": 80, "vague": 80}
    assert stats["per_type"]["delete_vector"]["detail"] == {"precise": 160}


def test_list_and_show_json():
    rows = _json(["list", "--task-group", "Multiple_Operations", "--type", "revise_text", "--limit", "5"])
    assert len(rows) == 5 and all(r["controllers"]["operations"] == "multiple" for r in rows)
    task = _json(["show", rows[0]["id"]])
    assert task["id"] == rows[0]["id"] and "PDFbf.manipulate_text" in task["reference_program"]


def test_show_writes_drawings(tmp_path):
    task = _json(["show", "map_table-0000", "--drawings", str(tmp_path)])
    assert task["written_drawings"] and all(p.endswith(".pdf") for p in task["written_drawings"])
    assert (tmp_path / task["drawings"][0]["name"]).read_bytes().startswith(b"%PDF")


def test_errors_are_messages_not_tracebacks():
    bad_group = runner.invoke(app, ["tasks", "list", "--task-group", "Hard"])
    assert bad_group.exit_code == 2 and "valid groups" in bad_group.output
    bad_id = runner.invoke(app, ["tasks", "show", "nope-1"])
    assert bad_id.exit_code == 2 and "no task 'nope-1'" in bad_id.output
    bad_split = runner.invoke(app, ["tasks", "generate", "--split", "dev", "--out", "x.jsonl"])
    assert bad_split.exit_code == 2 and "valid splits" in bad_split.output


def test_generate_train_and_import(tmp_path):
    out = tmp_path / "train.jsonl.gz"
    info = _json(["generate", "--split", "train", "--n", "24", "--out", str(out)])
    assert info["count"] == 24 and out.exists()
    stats = _json(["stats", "--file", str(out)])
    assert stats["total"] == 24 and len(stats["per_type"]) == 12

    rows = tmp_path / "rows.jsonl"
    row = {"Tasktype": "map_text", "Id": 1, "Instruction": "Move the text in box 1 on page 1 of a.pdf up by 5.",
           "Groundtruth": "import fitz\nimport PDFbf\ndoc = fitz.open('a.pdf')\ndoc.save('a_updated.pdf')\n",
           "Single|Multiple_objects": "Single_Object", "Single|Multiple_operations": "Single_Operation",
           "Complete|Incomplete": "Complete", "Precise|Vague": "Precise", "Structured/Unstructured": "Structured"}
    rows.write_text(json.dumps(row) + "\n" + json.dumps({**row, "Id": 2, "Tasktype": "nope"}) + "\n")
    imported = _json(["import", str(rows), "--out", str(tmp_path / "imported.jsonl")])
    assert imported["imported"] == ["map_text-0001"] and len(imported["rejected"]) == 1
    assert _json(["list", "--file", str(tmp_path / "imported.jsonl")])[0]["id"] == "map_text-0001"
