"""``drafterbench compare``: one pair, many pairs (``--pairs``), JSON, and one clear line for a bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafterbench.cli import app

runner = CliRunner()
PAIRS = Path(__file__).parents[1] / "golden" / "original-metric-pairs.jsonl"


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture()
def pair(tmp_path: Path) -> tuple[Path, Path, dict]:
    row = json.loads(PAIRS.read_text(encoding="utf-8").splitlines()[1])  # the saves removed
    gt, pred = tmp_path / "gt.py", tmp_path / "pred.py"
    gt.write_text(row["groundtruth"], encoding="utf-8")
    pred.write_text(row["prediction"], encoding="utf-8")
    return gt, pred, row


def test_one_pair_shows_score_dimensions_and_diagnostics(pair):
    gt, pred, _ = pair
    res = runner.invoke(app, ["compare", str(gt), str(pred)])
    assert res.exit_code == 0, res.output
    for words in ("score", "executable", "plan execution", "missing save of section.pdf"):
        assert flat(words) in flat(res.output)


def test_one_pair_as_json_under_the_original_metric(pair):
    gt, pred, row = pair
    res = runner.invoke(app, ["compare", str(gt), str(pred), "--metric", "original", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["score"] == pytest.approx(row["original"], abs=0.01)
    assert out["metric"] == "original" and out["executable"] is True
    # What differs is said in words under the original metric too (from our comparison).
    assert "missing save of section.pdf" in out["diagnostics"]
    assert set(out["dimensions"]) == {
        "argument_definition", "variable_transfer", "function_calling", "single_tool", "multi_tool",
        "plan_execution",
    }  # fmt: skip


def test_pairs_give_one_line_per_pair_in_order(tmp_path: Path):
    rows = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines()[:6]]
    source = tmp_path / "pairs.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    res = runner.invoke(app, ["compare", "--pairs", str(source), "--metric", "original", "--json"])
    assert res.exit_code == 0, res.output
    lines = [json.loads(line) for line in res.output.splitlines()]
    assert len(lines) == len(rows)
    for got, row in zip(lines, rows):
        assert got["score"] == pytest.approx(row["original"], abs=0.01)
        assert {"score", "executable", "dimensions"} <= set(got)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["compare", "--metric", "paper", "a.py", "b.py"],
            "unknown --metric 'paper'; valid metrics: drafterbench, original",
        ),
        (
            ["compare", "--mode", "vaguely", "a.py", "b.py"],
            "unknown --mode 'vaguely'; valid modes: precise, vague",
        ),
        (["compare", "a.py"], "give GROUNDTRUTH and PREDICTION"),
        (["compare", "missing-gt.py", "missing-pred.py"], "the program 'missing-gt.py' does not exist"),
        (["compare", "--pairs", "no-such.jsonl"], "the pairs file 'no-such.jsonl' does not exist"),
    ],
)
def test_bad_inputs_give_one_clear_line(args, message, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, args)
    assert res.exit_code == 2
    assert flat(message) in flat(res.output), res.output
    assert "Traceback" not in res.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json\n", "line 1: not JSON"),
        ('{"groundtruth": "import fitz"}\n', "line 1: 'prediction' must be the program text"),
        ('{"groundtruth": "x", "prediction": "y", "mode": "fuzzy"}\n', "line 1: unknown mode 'fuzzy'"),
        ("\n", "holds no pairs"),
    ],
)
def test_a_bad_pairs_file_names_the_line(content, message, tmp_path: Path):
    source = tmp_path / "pairs.jsonl"
    source.write_text(content, encoding="utf-8")
    res = runner.invoke(app, ["compare", "--pairs", str(source)])
    assert res.exit_code == 2
    assert flat(message) in flat(res.output), res.output


def test_exec_reports_executability_as_the_scorer_decides(tmp_path: Path):
    """A program that runs to its end with a value the tool rejects is not executable for the scorer."""
    program = tmp_path / "p.py"
    program.write_text(
        "import PDFbf\ndoc = fitz.open('a.pdf')\nex = PDFbf.extractanno(doc=doc)\n"
        "rect, point = ex.getclip_rfpoint(pagenumber=0, rectangleorder=0)\n"
        "sel = PDFbf.selector(doc=doc, pagenumber=0, clip=rect)\nlines = sel.mode2_lines_Cross_Touch_Intersect()\n"
        "m = PDFbf.manipulate_draw(doc=doc, pagenumber=0, sel_drawings=lines, dashes='[3,3]0')\n"
        "doc = m.update_draw()\ndoc.save('a_updated.pdf')\n",
        encoding="utf-8",
    )
    ours = runner.invoke(app, ["exec", str(program)])
    assert ours.exit_code == 0 and flat("executable no (drafterbench metric)") in flat(ours.output), (
        ours.output
    )
    original = runner.invoke(app, ["exec", str(program), "--metric", "original"])  # the dual stored None
    assert flat("executable yes (original metric)") in flat(original.output), original.output
