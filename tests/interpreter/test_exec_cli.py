"""`drafterbench exec`: messages, exit codes, written files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafterbench.cli import app

GOLDEN = Path(__file__).parents[1] / "golden" / "programs"
runner = CliRunner()


def flat(text: str) -> str:
    """Rich wraps long lines at the terminal width; compare without whitespace."""
    return "".join(text.split())


def test_exec_records_and_writes_the_trace(tmp_path: Path):
    trace_path = tmp_path / "t" / "trace.json"
    result = runner.invoke(app, ["exec", str(GOLDEN / "refresh_text.py"), "--trace", str(trace_path)])
    assert result.exit_code == 0, result.output
    assert "executable" in result.output and "yes" in result.output
    trace = json.loads(trace_path.read_text())
    assert trace["error"] is None and trace["files"][0]["path"] == "notes.pdf"


def test_exec_with_a_drawing_writes_the_revised_pdf(tmp_path: Path):
    from drafterbench.drawings import BoxSpec, DrawingSpec, PageSpec
    from drafterbench.drawings.render import render_pdf

    spec = DrawingSpec(name="frame.pdf", seed=1, pages=[PageSpec(boxes=[BoxSpec(content="vectors")] * 2)])
    drawing = tmp_path / "frame.pdf"
    drawing.write_bytes(render_pdf(spec))
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["exec", str(GOLDEN / "delete_vector.py"), "-d", str(drawing), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert (out / "frame_updated.pdf").is_file()
    assert "frame_updated.pdf" in flat(result.output)
    # The save goes to frame_updated.pdf, the change was made to frame.pdf: the two are linked.
    assert "(changedpage1)" in flat(result.output), result.output
    assert (out / "frame-p1-before.png").is_file() and (out / "frame-p1-after.png").is_file()


def test_exec_refused_program_exits_1_with_the_reason(tmp_path: Path):
    program = tmp_path / "bad.py"
    program.write_text("import os\nos.system('echo hi')\n")
    result = runner.invoke(app, ["exec", str(program)])
    assert result.exit_code == 1
    assert flat("importing `os` is not allowed") in flat(result.output)
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["missing.py"], "cannot read the program"),
        (["{prog}", "--drawing", "nope.pdf"], "does not exist"),
        (["{prog}", "--drawing", "{prog}"], "is not a .pdf file"),
    ],
)
def test_exec_bad_arguments_are_messages(tmp_path: Path, args, words):
    program = tmp_path / "p.py"
    program.write_text("x = 1\n")
    result = runner.invoke(app, ["exec", *[a.format(prog=program) for a in args]])
    assert result.exit_code == 2
    assert flat(words) in flat(result.output) and "Traceback" not in result.output
