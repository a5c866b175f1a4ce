"""`drafterbench run --model hf/T --draft-model hf/D --spec M` end to end through the code-mode agent.

A tiny random-weight Qwen2 pair with the byte-level tokenizer, saved to disk and loaded by path, answers two
real suite tasks through the real CLI: the code-mode prompt (~4,650 bytes, so ~4,650 byte tokens), prefill,
the speculative loop, the run log, grading and the report. Random weights write garbage, which must be graded
(a low score, not executable), never logged as an errored task; every record must carry the decoding
statistics, and ``drafterbench report --json`` must aggregate them per method.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from drafterbench.cli import app
from drafterbench.runlog import read_run
from tests.local.tiny_models import save_pair

runner = CliRunner()

# The code-mode prompt is ~4,650 byte tokens plus 16 new ones: give the tiny models room for it.
POSITIONS = 8192


@pytest.fixture(scope="module")
def long_pair(tmp_path_factory):
    return save_pair(tmp_path_factory.mktemp("tiny-long"), max_position_embeddings=POSITIONS)


def _flat(text: str) -> str:
    return " ".join(text.split())  # rich wraps error lines at the console width


def _run(args: list[str]):
    return runner.invoke(app, ["run", *args, "--limit", "2", "--types", "add_text", "--max-tokens", "16",
                               "--no-execute", "--workers", "1"])


@pytest.mark.slow
@pytest.mark.parametrize("method,needs_drafter", [("draft", True), ("prompt-lookup", False)])
def test_run_hf_end_to_end(long_pair, tmp_path, method, needs_drafter):
    target, drafter = long_pair
    out = tmp_path / "run"
    args = ["--model", f"hf/{target}", "--spec", method, "--out", str(out)]
    if needs_drafter:
        args += ["--draft-model", f"hf/{drafter}"]
    res = _run(args)
    assert res.exit_code == 0, res.output
    assert f"decoding {method}: 2 requests" in _flat(res.output)

    log = read_run(out)
    records = list(log.latest().values())
    assert len(records) == 2 and {r.task_id for r in records} == {"add_text-0000", "add_text-0001"}
    for r in records:
        # Garbage from random weights is graded (a low score), not an errored task.
        assert r.status == "ok", (r.error_kind, r.error)
        assert r.score is not None and 0.0 <= r.score < 100.0
        assert r.usage.prompt_tokens > 4000 and r.usage.completion_tokens == 16
        d = r.decoding
        assert d is not None and d.method == method
        assert d.prompt_tokens == r.usage.prompt_tokens and d.new_tokens == 16
        assert d.drafted > 0 and d.target_forwards > 0 and 0 <= d.accepted <= d.drafted
        assert d.wall_s > 0 and 0 < d.ttft_s <= d.wall_s

    res = runner.invoke(app, ["report", str(out), "--json"])
    assert res.exit_code == 0, res.output
    rep = json.loads(res.stdout)
    assert rep["done"] == 2 and rep["errored"] == 0
    assert rep["prompt_tokens"] == sum(r.usage.prompt_tokens for r in records)
    (summary,) = rep["decoding"]
    stats = [r.decoding for r in records]
    assert summary["method"] == method and summary["requests"] == 2 and summary["new_tokens"] == 32
    # Pooled over the run's requests, as the report defines them.
    assert summary["tau"] == pytest.approx(1 + sum(s.accepted for s in stats) / sum(s.rounds for s in stats))
    assert summary["alpha"] == pytest.approx(sum(s.accepted for s in stats) / sum(s.drafted for s in stats))
    assert summary["tokens_per_s"] == pytest.approx(32 / sum(s.wall_s for s in stats))
    # Both tasks are add_text: the per-type breakdown is one row carrying the same pooled figures.
    (by_type,) = rep["decoding_by_type"]
    assert by_type["type"] == "add_text" and by_type["method"] == method
    assert {k: by_type[k] for k in summary} == summary


@pytest.mark.slow
def test_online_adapt_reaches_the_omnidraft_drafter(long_pair, tmp_path):
    target, drafter = long_pair
    out = tmp_path / "run"
    res = _run(["--model", f"hf/{target}", "--draft-model", f"hf/{drafter}", "--spec", "omnidraft",
                "--online-adapt", "--out", str(out)])
    assert res.exit_code == 0, res.output
    log = read_run(out)
    assert log.header.config.backend.spec == "omnidraft:online_adapt=true"  # what --resume rebuilds
    records = list(log.latest().values())
    assert len(records) == 2 and all(r.status == "ok" for r in records)
    # The drafter is distilled only with online adaptation on; the backend keeps one drafter for the run.
    assert all(r.decoding.method == "omnidraft" for r in records)
    assert max(r.decoding.extra.get("distill_steps", 0.0) for r in records) > 0


@pytest.mark.parametrize("spec,expected", [
    ("omnidraft", "omnidraft:online_adapt=true"),
    ("omnidraft:threshold=0.5", "omnidraft:threshold=0.5,online_adapt=true"),
    ("omnidraft:online_adapt=false", "omnidraft:online_adapt=true"),
])
def test_online_adapt_spec(spec, expected):
    from drafterbench.cli.run_cmd import spec_with_online_adapt

    assert spec_with_online_adapt(spec) == expected


@pytest.mark.parametrize("extra,message", [
    (["--spec", "draft", "--draft-model", "hf/x"], "--online-adapt applies to --spec omnidraft only, not 'draft'"),
    ([], "--online-adapt needs --spec omnidraft"),
])
def test_run_online_adapt_with_another_method_is_a_clear_error(extra, message, tmp_path):
    res = runner.invoke(app, ["run", "--model", "hf/x", *extra, "--online-adapt", "--out", str(tmp_path / "r")])
    assert res.exit_code == 2 and message in _flat(res.output), res.output
    assert not (tmp_path / "r").exists()  # refused before any log is written or model loaded


def test_bench_online_adapt_with_another_method_is_a_clear_error(tmp_path):
    # Refused before loading: the model path does not even exist.
    res = runner.invoke(app, ["bench", "--model", f"hf/{tmp_path / 'none'}", "--spec", "draft,prompt-lookup",
                              "--online-adapt"])
    assert res.exit_code == 2
    assert "--online-adapt applies to omnidraft only; --spec 'draft,prompt-lookup'" in _flat(res.output)


def test_bench_online_adapt_stays_identical_to_plain(saved_pair, tmp_path):
    target, drafter = saved_pair
    prompts = tmp_path / "prompts.txt"
    prompts.write_text("Add a red line.\nDelete the box on page 2.\nMove the text up.\n")
    out = tmp_path / "report.json"
    res = runner.invoke(app, [
        "bench", "--model", f"hf/{target}", "--draft-model", f"hf/{drafter}", "--spec", "omnidraft",
        "--online-adapt", "--prompts", str(prompts), "--n", "3", "--max-new-tokens", "16", "--no-hf",
        "--out", str(out),
    ])
    assert res.exit_code == 0, res.output
    rows = {r["method"]: r for r in json.loads(out.read_text())["results"]}
    omni = rows["omnidraft"]
    assert omni["identical"], omni["first_divergence"]  # distilling the drafter never changes the output
    assert omni["extra"].get("distill_steps", 0) > 0, omni["extra"]
