"""Every bad path, value or file is one clear line naming it (non-zero exit, no traceback); nothing that
exists is replaced unless asked (``--force``); strings from logs, tasks and programs reach the terminal
escaped."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafterbench.cli import app
from tests.containment.snapshot import snapshot

runner = CliRunner()


def _flat(text: str) -> str:
    """``text`` without any whitespace: the terminal wraps long paths anywhere."""
    return "".join(text.split())


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return gzip.compress(b"\n" * (300 * 1024 * 1024))  # 300 KB that decompress to 300 MB


@pytest.fixture()
def place(tmp_path, bomb) -> Path:
    (tmp_path / "afile").write_text("hi\n")
    (tmp_path / "adir").mkdir()
    (tmp_path / "logdir" / "run.jsonl").mkdir(parents=True)
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "bomb.gz").write_bytes(bomb)
    (tmp_path / "trunc.gz").write_bytes(gzip.compress(os.urandom(4000))[:1000])
    (tmp_path / "p.py").write_text("x = 1\n")
    return tmp_path


CASES = [
    (["run", "--model", "reference", "--limit", "1", "--out", "{d}/afile/run"], "afile is a file"),
    (["run", "--model", "reference", "--limit", "1", "--out", "{d}/logdir"], "is a directory"),
    (["report", "{d}/afile"], "not a run header"),
    (["report", "{d}/fifo"], "not a regular file"),
    (["report", "/dev/zero"], "not a regular file"),
    (["report", "{d}/nope"], "no run log"),
    (["tasks", "list", "--file", "{d}/bomb.gz"], "decompresses to more than"),
    (["tasks", "list", "--file", "{d}/trunc.gz"], "damaged gzip file"),
    (["tasks", "list", "--file", "{d}/adir"], "is a directory"),
    (["tasks", "list", "--file", "{d}/fifo"], "not a regular file"),
    (["tasks", "show", "add_text-0000", "--drawings", "{d}/afile"], "afile is a file"),
    (["tasks", "show", "add_text-0000", "--drawings", "{d}/afile/sub"], "afile is a file"),
    (["tasks", "generate", "--n", "2", "--out", "{d}/afile"], "already exists"),
    (["tasks", "generate", "--n", "2", "--out", "{d}/adir"], "is a directory"),
    (["tasks", "generate", "--n", "2", "--out", "{d}/afile/x.jsonl"], "afile is a file"),
    (["tasks", "import", "{d}/fifo"], "not a regular file"),
    (["tasks", "import", "{d}/adir"], "is a directory"),
    (["tasks", "import", "{d}/p.py", "--out", "{d}/afile"], "already exists"),
    (["leaderboard", "add", "{d}/adir", "--board", "{d}/afile/b.json"], "afile is a file"),
    (["leaderboard", "add", "{d}/adir", "--board", "{d}/adir"], "is a directory"),
    (["exec", "{d}/adir"], "is a directory"),
    (["exec", "{d}/fifo"], "not a regular file"),
    (["exec", "/dev/zero"], "not a regular file"),
    (["exec", "{d}/p.py", "--trace", "{d}/afile"], "already exists"),
    (["exec", "{d}/p.py", "--out", "{d}/afile"], "afile is a file"),
    (["run", "--resume", "{d}/afile"], "not a run header"),
    (["score", "{d}/fifo"], "not a regular file"),
]


@pytest.mark.parametrize(("args", "words"), CASES, ids=[" ".join(a[:3]) for a, _ in CASES])
def test_a_bad_path_is_one_clear_line(place, args, words):
    before = snapshot(place)
    res = runner.invoke(app, [a.format(d=place) for a in args])
    assert res.exit_code != 0
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    assert res.output.startswith("error:") and "Traceback" not in res.output
    assert _flat(words) in _flat(res.output), res.output
    assert snapshot(place) == before


def test_tasks_show_does_not_replace_a_drawing_unless_forced(tmp_path):
    out = tmp_path / "dr"
    assert runner.invoke(app, ["tasks", "show", "add_text-0000", "--drawings", str(out)]).exit_code == 0
    name = next(out.iterdir())
    assert runner.invoke(app, ["tasks", "show", "add_text-0000", "--drawings", str(out)]).exit_code == 0  # same
    name.write_bytes(b"my own edits")
    res = runner.invoke(app, ["tasks", "show", "add_text-0000", "--drawings", str(out)])
    assert res.exit_code == 2 and "--force" in res.output and name.read_bytes() == b"my own edits"
    assert runner.invoke(app, ["tasks", "show", "add_text-0000", "--drawings", str(out), "--force"]).exit_code == 0
    assert name.read_bytes().startswith(b"%PDF")


def test_tasks_generate_does_not_replace_a_file_unless_forced(tmp_path):
    out = tmp_path / "train.jsonl"
    out.write_text("mine\n")
    res = runner.invoke(app, ["tasks", "generate", "--n", "2", "--out", str(out)])
    assert res.exit_code == 2 and out.read_text() == "mine\n"
    assert runner.invoke(app, ["tasks", "generate", "--n", "2", "--out", str(out), "--force"]).exit_code == 0
    assert out.read_text() != "mine\n"


def test_leaderboard_add_does_not_replace_a_page_it_did_not_write(tmp_path):
    run = tmp_path / "run"
    assert runner.invoke(app, ["run", "--model", "reference", "--limit", "2", "--no-execute", "--workers", "1",
                               "--out", str(run)]).exit_code == 0
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html>my site</html>")
    res = runner.invoke(app, ["leaderboard", "add", str(run), "--board", str(site / "board.json")])
    assert res.exit_code == 2 and _flat("not a leaderboard page") in _flat(res.output)
    assert (site / "index.html").read_text() == "<html>my site</html>" and not (site / "board.json").exists()
    # A page of its own is rebuilt freely; another page only with --force.
    board = tmp_path / "lb" / "board.json"
    assert runner.invoke(app, ["leaderboard", "add", str(run), "--board", str(board)]).exit_code == 0
    assert runner.invoke(app, ["leaderboard", "add", str(run), "--board", str(board)]).exit_code == 0
    assert runner.invoke(app, ["leaderboard", "add", str(run), "--board", str(site / "board.json"),
                               "--force"]).exit_code == 0


def test_exec_does_not_save_over_its_input_drawing_unless_forced(tmp_path):
    dr = tmp_path / "dr"
    assert runner.invoke(app, ["tasks", "show", "add_text-0000", "--drawings", str(dr)]).exit_code == 0
    drawing = next(dr.iterdir())
    original = drawing.read_bytes()
    program = tmp_path / "p.py"
    program.write_text(f'import fitz\ndoc0 = fitz.open("{drawing.name}")\ndoc0.save("{drawing.name}")\n')
    res = runner.invoke(app, ["exec", str(program), "-d", str(drawing), "-o", str(dr)])
    assert res.exit_code == 2 and "--force" in res.output and drawing.read_bytes() == original


def test_a_report_shows_hostile_names_escaped(tmp_path):
    run = tmp_path / "run"
    assert runner.invoke(app, ["run", "--model", "reference", "--limit", "2", "--no-execute", "--workers", "1",
                               "--out", str(run)]).exit_code == 0
    log = run / "run.jsonl"
    lines = log.read_text().splitlines()
    header = json.loads(lines[0])
    header["model"] = "[bold red]evil[/] \x1b]0;pwned\x07 \u202eexe.txt [link=http://x]y[/link]"
    records = [json.loads(line) for line in lines[1:]]
    records[0]["status"], records[0]["error_kind"] = "error", "\x1b[2J[blink]wipe[/blink]"
    log.write_text("\n".join(json.dumps(x) for x in [header, *records]) + "\n")
    res = runner.invoke(app, ["report", str(run)])
    assert res.exit_code == 0, res.output
    assert "\x1b" not in res.output and "\u202e" not in res.output and "\x07" not in res.output
    flat = _flat(res.output)
    assert _flat("[bold red]evil[/]") in flat and "\\x1b]0;pwned\\x07" in flat and "\\u202e" in flat
    assert "[blink]wipe[/blink]" in flat
