"""`drafterbench run / report / score` on the real suite, interpreter and scorer (reference agent)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from drafterbench.backends.registry import parse_model
from drafterbench.cli import app
from drafterbench.runlog import read_run


def test_model_strings():
    assert parse_model("reference").kind == "reference"
    assert parse_model("openai/gpt-4o-mini").name == "gpt-4o-mini"
    assert parse_model("langchain/anthropic:claude-3-5-haiku").name == "anthropic:claude-3-5-haiku"
    assert parse_model("hf/Qwen/Qwen2.5-0.5B-Instruct").name == "Qwen/Qwen2.5-0.5B-Instruct"
    with pytest.raises(ValueError, match="valid forms: reference, openai/<name>"):
        parse_model("gpt-4o")


def test_bad_model_and_types_are_clear_errors(tmp_path):
    runner = CliRunner()
    res = runner.invoke(app, ["run", "--model", "gpt4", "--limit", "1", "--out", str(tmp_path / "r")])
    assert res.exit_code == 2 and "valid forms" in res.output
    res = runner.invoke(app, ["run", "--model", "reference", "--types", "add_txt", "--out", str(tmp_path / "r")])
    assert res.exit_code == 2 and "valid types" in res.output
    res = runner.invoke(app, ["run", "--model", "reference", "--spec", "easyspec", "--out", str(tmp_path / "r")])
    assert res.exit_code == 2 and "hf/<path>" in res.output


def test_reference_run_report_and_rescore(tmp_path):
    runner = CliRunner()
    out = tmp_path / "run"
    res = runner.invoke(app, ["run", "--model", "reference", "--types", "map_table,revise_text", "--limit", "12",
                              "--no-execute", "--workers", "1", "--out", str(out)])
    assert res.exit_code == 0, res.output
    flat = " ".join(res.output.split())
    assert "comprehensive reward" in flat and "12 perfect" in flat

    res = runner.invoke(app, ["report", str(out), "--json"])
    assert res.exit_code == 0
    rep = json.loads(res.output)
    assert rep["done"] == 12 and rep["perfect"] == 12 and rep["scores"]["average_tasks"] == 100.0
    header = read_run(out).header
    assert header.suite_version.startswith("suite-v2") and header.config.types == ["map_table", "revise_text"]

    res = runner.invoke(app, ["score", str(out), "--workers", "1", "--out", str(tmp_path / "again")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "again" / "run.jsonl").is_file()
    again = read_run(tmp_path / "again")
    assert again.header.rescored_from == str(out / "run.jsonl")
    assert [r.score for r in again.records] == [100.0] * 12

    # Nothing is left to do when resuming a finished run.
    res = runner.invoke(app, ["run", "--resume", str(out)])
    assert res.exit_code == 0 and "nothing to run (every planned task is done)" in " ".join(res.output.split())
    assert len(read_run(out).records) == 12


def test_hf_models_build_a_local_backend_lazily():
    # The model is not loaded here (LocalBackend loads on first use): this checks the wiring only.
    pytest.importorskip("torch")
    from drafterbench.agents.build import build_agent
    from drafterbench.backends.base import GenerationParams
    from drafterbench.backends.registry import BackendOptions

    agent, kind = build_agent("hf/some/model", [], GenerationParams(),
                              BackendOptions(draft_model="some/draft", spec="draft", device="cpu"))
    backend = agent.backend
    assert kind == "hf" and type(backend).__name__ == "LocalBackend"
    assert (backend.model_name, backend.draft_model_name, backend.spec) == ("some/model", "some/draft", "draft")
    with pytest.raises(ValueError, match="needs --draft-model"):
        build_agent("hf/some/model", [], GenerationParams(), BackendOptions(spec="draft"))


def test_server_down_then_retry_errors_through_the_cli(tmp_path, monkeypatch):
    from drafterbench.tasks import load_suite, select
    from tests.backends.loopback import LoopbackServer, free_port

    monkeypatch.setenv("OPENAI_API_KEY", "dummy")
    port = free_port()
    out = tmp_path / "run"
    runner = CliRunner()
    args = ["run", "--model", "openai/loopback", "--base-url", f"http://127.0.0.1:{port}/v1", "--limit", "3",
            "--no-execute", "--max-retries", "0", "--workers", "1", "--out", str(out)]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    flat = " ".join(res.output.split())
    assert "0 done, 3 errored" in flat and "connection 3" in flat

    programs = {t.instruction: t.reference_program for t in select(load_suite(), limit=3)}
    with LoopbackServer(lambda m: "```python\n" + programs[m[-1]["content"]] + "```", port=port) as server:
        # The stored server is used only when the command line names it again (the API key goes with it).
        res = runner.invoke(app, ["run", "--retry-errors", str(out), "--workers", "1", "--base-url", server.url])
        assert server.served == 3
    assert res.exit_code == 0, res.output
    assert "3 done, 0 errored" in " ".join(res.output.split())
    log = read_run(out)
    assert len(log.records) == 6 and {r.status for r in log.latest().values()} == {"ok"}
    assert all(r.usage.total_tokens > 0 for r in log.latest().values())


def test_an_older_suite_version_runs_and_rescores_against_itself(tmp_path):
    runner = CliRunner()
    out = tmp_path / "v1"
    res = runner.invoke(app, ["run", "--model", "reference", "--suite", "v1", "--types", "refresh_text", "--limit",
                              "4", "--no-execute", "--workers", "1", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert read_run(out).header.suite_version.startswith("suite-v1+")
    res = runner.invoke(app, ["score", str(out), "--out", str(tmp_path / "again")])
    assert res.exit_code == 0, res.output
    assert "4 perfect" in " ".join(res.output.split())
    res = runner.invoke(app, ["run", "--model", "reference", "--suite", "v7", "--limit", "1"])
    assert res.exit_code != 0 and "valid versions: v1, v2" in res.output
