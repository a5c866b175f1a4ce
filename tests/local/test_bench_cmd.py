"""`drafterbench bench` and `drafterbench calibrate` on saved tiny models (no download, a few seconds)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from drafterbench.cli import app

runner = CliRunner()


def _prompts(tmp_path):
    path = tmp_path / "prompts.txt"
    path.write_text("Add a red line.\nDelete the box on page 2.\n{\"prompt\": \"Move the text up.\"}\nHi\n")
    return path


@pytest.mark.slow
def test_bench_reports_every_method_identical_to_plain(saved_pair, tmp_path):
    target, drafter = saved_pair
    out = tmp_path / "report.json"
    res = runner.invoke(app, [
        "bench", "--model", f"hf/{target}", "--draft-model", f"hf/{drafter}", "--prompts", str(_prompts(tmp_path)),
        "--n", "3", "--max-new-tokens", "12", "--spec", "draft,prompt-lookup,vocabtrim,easyspec",
        "--trim-k", "64", "--trim-k", "16", "--group-size", "2", "--json", "--out", str(out),
    ])
    assert res.exit_code == 0, res.output
    report = json.loads(out.read_text())
    rows = {r["method"]: r for r in report["results"]}
    assert set(rows) >= {"none", "draft", "prompt-lookup", "vocabtrim", "easyspec", "hf-plain", "hf-assisted",
                         "hf-prompt-lookup"}
    assert all(r["identical"] for r in rows.values()), {m: r["first_divergence"] for m, r in rows.items()}
    assert rows["draft"]["tau"] > 1.0 and 0 < rows["draft"]["alpha"] < 1
    assert rows["none"]["speedup"] == 1.0 and rows["none"]["mbsu"] == 1.0
    # MBSU = τ / (c·γ + 1) with the drafter/target parameter ratio c.
    c = report["param_ratio"]
    assert abs(rows["draft"]["mbsu"] - rows["draft"]["tau"] / (c * 4 + 1)) < 1e-9
    assert [p["k"] for p in report["vocabtrim"]] == [259, 64, 16]
    assert report["easyspec"]["grouped_step_ms"] > 0 and report["easyspec"]["exact_step_ms"] > 0
    assert report["prompts"] == 3 and report["schema_version"] == 1


def test_bench_rejects_unknown_methods(saved_pair, tmp_path):
    target, _ = saved_pair
    res = runner.invoke(app, ["bench", "--model", f"hf/{target}", "--spec", "medusa",
                              "--prompts", str(_prompts(tmp_path))])
    assert res.exit_code == 2 and "unknown method 'medusa'" in res.output


def test_calibrate_writes_a_deterministic_map(saved_pair, tmp_path):
    target, _ = saved_pair
    paths = [tmp_path / "a.json", tmp_path / "b.json"]
    for p in paths:
        res = runner.invoke(app, ["calibrate", "--model", f"hf/{target}", "--prompts", str(_prompts(tmp_path)),
                                  "--n", "4", "--k", "32", "--max-new-tokens", "16", "--out", str(p)])
        assert res.exit_code == 0, res.output
    assert paths[0].read_text() == paths[1].read_text()
    data = json.loads(paths[0].read_text())
    assert len(data["token_ids"]) == 32 and data["source"] == "target-generated"
    assert set(data["always_kept"]) <= set(data["token_ids"]) and 256 in data["token_ids"]  # <|im_end|>, the EOS


def test_bench_suite_prompts_break_down_per_task_type(saved_pair, tmp_path):
    """``--prompts suite``: prompts spread over the types; the per-type rows add up to each method's totals."""
    from drafterbench.tasktypes import TaskType

    target, drafter = saved_pair
    out = tmp_path / "report.json"
    res = runner.invoke(app, [
        "bench", "--model", f"hf/{target}", "--draft-model", f"hf/{drafter}", "--prompts", "suite", "--n", "3",
        "--max-new-tokens", "8", "--spec", "draft,prompt-lookup", "--out", str(out),
    ])
    assert res.exit_code == 0, res.output
    assert "Per task type" in res.output and "summed plain wall" in " ".join(res.output.split())
    report = json.loads(out.read_text())
    rows = {r["method"]: r for r in report["results"]}
    by_type = report["by_type"]
    types = list(dict.fromkeys(r["type"] for r in by_type))
    # --n 3 takes one prompt of each of the first three types, not three of the first type.
    assert types == [TaskType.ADD_TEXT.value, TaskType.ADD_TABLE.value, TaskType.ADD_VECTOR.value]
    assert {(r["method"], r["type"]) for r in by_type} == {(m, t) for m in rows for t in types}
    for method, total in rows.items():
        parts = [r for r in by_type if r["method"] == method]
        assert sum(p["prompts"] for p in parts) == report["prompts"] == 3
        assert sum(p["new_tokens"] for p in parts) == total["new_tokens"]
        assert sum(p["wall_s"] for p in parts) == pytest.approx(total["wall_s"])
        assert sum(p["plain_wall_s"] for p in parts) == pytest.approx(rows["none"]["wall_s"])
        for p in parts:
            assert p["speedup"] == pytest.approx(p["plain_wall_s"] / p["wall_s"])
        assert all(p["identical"] for p in parts) == total["identical"]
        if total["tau"] is not None and method != "none":  # τ and α pool the per-type counts
            rounds, accepted = sum(p["rounds"] for p in parts), sum(p["accepted"] for p in parts)
            assert total["tau"] == pytest.approx(1 + accepted / rounds)
            assert total["alpha"] == pytest.approx(accepted / sum(p["drafted"] for p in parts))
    assert rows["draft"]["tau"] > 1.0  # the counts compared above are not all zero
    # The per-type speed-ups combine into the overall one (wall-weighted).
    draft = [r for r in by_type if r["method"] == "draft"]
    assert rows["draft"]["speedup"] == pytest.approx(
        sum(p["plain_wall_s"] for p in draft) / sum(p["wall_s"] for p in draft))


def test_bench_prompt_file_has_no_type_breakdown(saved_pair, tmp_path):
    target, _ = saved_pair
    res = runner.invoke(app, ["bench", "--model", f"hf/{target}", "--spec", "prompt-lookup", "--no-hf",
                              "--prompts", str(_prompts(tmp_path)), "--n", "2", "--max-new-tokens", "4", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["by_type"] == []


@pytest.mark.parametrize(("args", "message"), [
    (["--spec", "medusa"], "unknown method 'medusa'"),
    (["--spec", "draft"], "--spec draft needs --draft-model"),
    (["--spec", "prompt-lookup", "--online-adapt"], "--online-adapt applies to omnidraft only"),
    (["--spec", "prompt-lookup", "--dtype", "float8"], "unknown --dtype 'float8'"),
    (["--spec", "prompt-lookup", "--prompts", "no-such-prompts.txt"], "--prompts"),
])
def test_bench_rejects_bad_arguments_before_loading_a_model(tmp_path, args, message):
    """The model path does not exist: had the bench loaded it first, the error would be 'cannot load model'."""
    prompts = ["--prompts", str(_prompts(tmp_path))] if "--prompts" not in args else []
    res = runner.invoke(app, ["bench", "--model", f"hf/{tmp_path / 'no-such-model'}", *args, *prompts])
    output = " ".join(res.output.split())
    assert res.exit_code == 2, res.output
    assert message in output and "cannot load model" not in output
