"""What a user sees when a command meets a wrong input or has nothing to do (messages, not tracebacks)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafterbench.cli import app

runner = CliRunner()


def flat(text: str) -> str:
    """Rich wraps long lines at the terminal width; compare without whitespace."""
    return "".join(text.split())


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("runs") / "done"
    res = runner.invoke(app, ["run", "--model", "reference", "--limit", "2", "--no-execute", "--workers", "1",
                              "--out", str(out)])
    assert res.exit_code == 0, res.output
    return out


def test_brackets_in_an_error_are_shown_not_read_as_markup(tmp_path: Path):
    program = tmp_path / "p.py"
    program.write_text("import fitz\n")
    res = runner.invoke(app, ["exec", str(program), "-d", str(tmp_path / "sheet[1].pdf")])
    assert res.exit_code == 2
    assert flat("sheet[1].pdf' does not exist") in flat(res.output), res.output


def test_a_damaged_run_log_names_the_line_without_pydantic_links(finished_run: Path, tmp_path: Path):
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    lines = (finished_run / "run.jsonl").read_text().splitlines()
    (damaged / "run.jsonl").write_text("\n".join([*lines, '{"task_id": 3}']) + "\n")
    res = runner.invoke(app, ["report", str(damaged)])
    assert res.exit_code == 2
    assert flat(f"run.jsonl:{len(lines) + 1}: not a task record") in flat(res.output), res.output
    assert "errors.pydantic.dev" not in res.output and "input_value" not in res.output
    assert "Traceback" not in res.output


def test_resuming_a_finished_run_says_there_is_nothing_to_do(finished_run: Path):
    before = (finished_run / "run.jsonl").read_bytes()
    res = runner.invoke(app, ["run", "--resume", str(finished_run)])
    assert res.exit_code == 0, res.output
    assert "nothing to run (every planned task is done)" in " ".join(res.output.split())
    assert "comprehensive reward" in res.output  # the report is still printed
    res = runner.invoke(app, ["run", "--retry-errors", str(finished_run)])
    assert res.exit_code == 0 and "nothing to run (no errored task)" in " ".join(res.output.split())
    assert (finished_run / "run.jsonl").read_bytes() == before


def test_errored_tasks_end_with_the_retry_command(tmp_path: Path):
    out = tmp_path / "down"
    # Port 9 (discard) on the loopback: nothing listens, every request fails at once with a connection error.
    res = runner.invoke(app, ["run", "--model", "openai/m", "--base-url", "http://127.0.0.1:9/v1", "--max-retries",
                              "0", "--limit", "1", "--no-execute", "--workers", "1", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert flat(f"drafterbench run --retry-errors {out}") in flat(res.output), res.output


def test_a_missing_local_model_is_one_error_before_any_task(tmp_path: Path):
    pytest.importorskip("huggingface_hub")
    out = tmp_path / "never"
    missing = tmp_path / "no-such-model"
    res = runner.invoke(app, ["run", "--model", f"hf/{missing}", "--limit", "1", "--out", str(out)])
    assert res.exit_code == 2, res.output
    assert flat(f"--model '{missing}': no such local folder") in flat(res.output), res.output
    assert not out.exists()


def test_leaderboard_build_refuses_a_missing_board(tmp_path: Path):
    board = tmp_path / "typo" / "leaderboard.json"
    res = runner.invoke(app, ["leaderboard", "build", "--board", str(board)])
    assert res.exit_code == 2
    assert flat(f"no leaderboard at {board}") in flat(res.output), res.output
    assert not board.parent.exists()


def test_leaderboard_add_names_the_board_in_full_and_says_when_it_is_new(finished_run: Path, tmp_path: Path):
    board = tmp_path / "lb" / "leaderboard.json"
    res = runner.invoke(app, ["leaderboard", "add", str(finished_run), "--board", str(board)])
    assert res.exit_code == 0, res.output
    assert flat(f"a new leaderboard {board}") in flat(res.output), res.output
    res = runner.invoke(app, ["leaderboard", "add", str(finished_run), "--board", str(board)])
    assert res.exit_code == 0 and "new leaderboard" not in res.output
    (tmp_path / "bad.json").write_text("{\n")
    res = runner.invoke(app, ["leaderboard", "add", str(finished_run), "--board", str(tmp_path / "bad.json")])
    assert res.exit_code == 2
    assert flat(f"{tmp_path / 'bad.json'} is not a leaderboard file") in flat(res.output), res.output
