"""A run log is data from elsewhere: its header cannot send the user's key to another server, choose where
files are written, or crash the CLI; and two runs cannot write one log at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafterbench.cli import app
from drafterbench.runlog import RunLogError, RunLogWriter, read_run
from tests.backends.loopback import LoopbackServer
from tests.containment.snapshot import snapshot

SECRET = "sk-user-secret-key"
runner = CliRunner()


def _flat(text: str) -> str:
    """``text`` without any whitespace: the terminal wraps long paths anywhere."""
    return "".join(text.split())


@pytest.fixture(scope="module")
def _made_run(tmp_path_factory) -> Path:
    """A finished run against a loopback server, with its last two records removed (work left to do)."""
    from drafterbench.tasks import load_suite, select

    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    programs = {t.instruction: t.reference_program for t in select(load_suite(), limit=4)}
    out = tmp_path_factory.mktemp("made") / "run"
    with LoopbackServer(lambda m: "```python\n" + programs[m[-1]["content"]] + "```") as server:
        res = runner.invoke(app, ["run", "--model", "openai/loopback", "--base-url", server.url, "--limit", "4",
                                  "--no-execute", "--workers", "1", "--out", str(out)])
        assert res.exit_code == 0, res.output
        assert server.authorizations and all(a == f"Bearer {SECRET}" for a in server.authorizations)
    monkeypatch.undo()
    log = out / "run.jsonl"
    lines = log.read_text().splitlines()
    log.write_text("\n".join(lines[:-2]) + "\n")
    return out


@pytest.fixture()
def partial_run(_made_run, tmp_path) -> Path:
    """A copy of the partial run, for one test to change."""
    import shutil

    return Path(shutil.copytree(_made_run, tmp_path / "run"))


def _edit_header(run: Path, **config_changes) -> None:
    log = run / "run.jsonl"
    lines = log.read_text().splitlines()
    header = json.loads(lines[0])
    for path, value in config_changes.items():
        node = header
        *parents, last = path.split("__")
        for p in parents:
            node = node[p]
        node[last] = value
    log.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n")


def test_resume_never_sends_the_key_to_a_server_the_header_names(partial_run, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    with LoopbackServer(lambda m: "x") as elsewhere:
        _edit_header(partial_run, config__backend__base_url=elsewhere.url)
        for option in ("--resume", "--retry-errors"):
            res = runner.invoke(app, ["run", option, str(partial_run)])
            if option == "--retry-errors":
                continue  # nothing errored: nothing is sent either way
            assert res.exit_code == 2, res.output
            assert _flat(f"repeat --base-url {elsewhere.url}") in _flat(res.output)
        # Naming another server on the command line does not help either.
        res = runner.invoke(app, ["run", "--resume", str(partial_run), "--base-url", "http://127.0.0.1:9/v1"])
        assert res.exit_code == 2 and _flat("start a new run") in _flat(res.output)
        assert elsewhere.requests == 0 and elsewhere.authorizations == []
    assert len(read_run(partial_run).records) == 2  # nothing was run or written


def test_resume_with_the_server_repeated_finishes_the_run(partial_run, monkeypatch):
    from drafterbench.tasks import load_suite, select

    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    programs = {t.instruction: t.reference_program for t in select(load_suite(), limit=4)}
    with LoopbackServer(lambda m: "```python\n" + programs[m[-1]["content"]] + "```") as server:
        _edit_header(partial_run, config__backend__base_url=server.url)
        res = runner.invoke(app, ["run", "--resume", str(partial_run), "--base-url", server.url, "--workers", "1"])
        assert res.exit_code == 0, res.output
        assert server.requests == 2 and all(a == f"Bearer {SECRET}" for a in server.authorizations)
    assert len(read_run(partial_run).finished_keys()) == 4


def test_a_header_s_work_dir_is_not_obeyed(partial_run, tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    elsewhere = tmp_path / "not-here"
    from drafterbench.tasks import load_suite, select

    programs = {t.instruction: t.reference_program for t in select(load_suite(), limit=4)}
    with LoopbackServer(lambda m: "```python\n" + programs[m[-1]["content"]] + "```") as server:
        _edit_header(partial_run, config__backend__base_url=server.url, config__options__work_dir=str(elsewhere),
                     config__options__execute=True)
        res = runner.invoke(app, ["run", "--resume", str(partial_run), "--base-url", server.url, "--workers", "1"])
    assert res.exit_code == 0, res.output
    assert not elsewhere.exists()


@pytest.mark.parametrize(("field", "value", "words"), [
    ("trials", "many", "trials"),
    ("trials", 10**9, "trials"),
    ("task_ids", "abc", "task_ids"),
    ("task_ids", ["x"] * 3, "repeats"),
    ("schema_version", {"a": 1}, "schema_version"),
    ("model", None, "model"),
    ("config__options__workers", -1, "workers"),
    ("config__options", "fast", "options"),
    ("config__params", [1, 2], "params"),
    ("config__backend__base_url", 5, "base_url"),
    ("config__agent", "hacker", "agent"),
    ("config__options__trials", 10**9, "trials"),
])
def test_a_malformed_header_is_one_clear_line(partial_run, field, value, words):
    _edit_header(partial_run, **{field: value})
    before = snapshot(partial_run)
    for command in (["run", "--resume", str(partial_run)], ["report", str(partial_run)],
                    ["score", str(partial_run)]):
        res = runner.invoke(app, command)
        assert res.exception is None or isinstance(res.exception, SystemExit), (command, res.exception)
        # The report reads no configuration, and re-scoring only the run options: the rest may be anything.
        uses = command[0] == "run" or not field.startswith("config") or (
            command[0] == "score" and field.startswith("config__options") and field != "config__options__workers")
        if not uses:
            assert res.exit_code in (0, 2), (command, res.output)
            continue
        assert res.exit_code == 2, (command, res.output)
        assert _flat(words) in _flat(res.output) and "Traceback" not in res.output, res.output
    assert snapshot(partial_run) == before  # the log itself is never changed by a refused command


def test_a_record_of_an_unknown_kind_is_named(partial_run):
    log = partial_run / "run.jsonl"
    log.write_text(log.read_text() + json.dumps({"kind": "surprise", "task_id": "x"}) + "\n")
    res = runner.invoke(app, ["report", str(partial_run)])
    assert res.exit_code == 2 and _flat("run.jsonl:4: not a task record") in _flat(res.output)


def test_two_writers_cannot_append_to_one_log(partial_run):
    log = partial_run / "run.jsonl"
    with RunLogWriter.reopen(log):
        with pytest.raises(RunLogError, match="being written by another"):
            RunLogWriter.reopen(log)
        res = runner.invoke(app, ["run", "--resume", str(partial_run), "--base-url", "http://127.0.0.1:9/v1"])
        assert res.exit_code == 2
    RunLogWriter.reopen(log).close()  # the lock went with the first writer


def test_trials_on_the_command_line_are_bounded(tmp_path):
    res = runner.invoke(app, ["run", "--model", "reference", "--trials", str(10**9), "--out", str(tmp_path / "r")])
    assert res.exit_code == 2 and _flat("trials must be <= 100") in _flat(res.output)
    assert not (tmp_path / "r").exists()


def test_resume_loads_local_model_files_only_when_the_command_line_names_them(partial_run, tmp_path):
    planted = str(tmp_path / "planted-model")
    _edit_header(partial_run, model=f"hf/{planted}", config__model=f"hf/{planted}",
                 config__backend__base_url=None)
    res = runner.invoke(app, ["run", "--resume", str(partial_run)])
    assert res.exit_code == 2 and _flat(f"repeat --model hf/{planted}") in _flat(res.output)
