"""Leaderboard: entries from run reports, the JSON schema, the page (and its rendering in Chromium)."""

from __future__ import annotations

import json
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafterbench import leaderboard as lb
from drafterbench import leaderboard_page
from drafterbench.agents.reference import ReferenceAgent
from drafterbench.cli import app
from drafterbench.run import RunOptions, aevaluate
from tests.run.fakes import FlakyAgent, make_task, scripted_grade_job

TASKS = [make_task(i) for i in range(4)]


async def _run(agent, out):
    with ThreadPoolExecutor(2) as pool:
        await aevaluate(agent, TASKS, out=out, options=RunOptions(), grade_job=scripted_grade_job, executor=pool)


@pytest.fixture
async def two_runs(tmp_path):
    await _run(ReferenceAgent(TASKS), tmp_path / "ref")
    await _run(FlakyAgent(wrong={TASKS[0].id}), tmp_path / "flaky")
    await _run(FlakyAgent(down={TASKS[1].id}), tmp_path / "down")
    return tmp_path


def test_add_and_build_through_the_cli(two_runs):
    board = two_runs / "lb" / "leaderboard.json"
    runner = CliRunner()
    for name in ("flaky", "ref"):
        res = runner.invoke(app, ["leaderboard", "add", str(two_runs / name), "--board", str(board),
                                  "--price-in", "1", "--price-out", "2"])
        assert res.exit_code == 0, res.output
    # An unfinished run is refused with a message that says how to finish it.
    res = runner.invoke(app, ["leaderboard", "add", str(two_runs / "down"), "--board", str(board)])
    assert res.exit_code == 2 and "--retry-errors" in res.output

    data = json.loads(board.read_text())
    assert data["schema_version"] == lb.SCHEMA_VERSION
    entries = data["entries"]
    assert [e["id"] for e in entries] == ["ref", "flaky"]  # best comprehensive reward first
    assert entries[0]["comprehensive_reward"] == 100.0
    assert entries[1]["per_type"] == {"add_text": pytest.approx((3 * 100 + 30) / 4)}
    assert entries[0]["cost_usd"] is None  # the reference agent uses no tokens
    lb.Leaderboard.model_validate(data)  # the file round-trips through the schema

    # Adding the same run again replaces its entry.
    assert runner.invoke(app, ["leaderboard", "add", str(two_runs / "ref"), "--board", str(board)]).exit_code == 0
    assert len(json.loads(board.read_text())["entries"]) == 2

    page = (board.parent / "index.html").read_text()
    assert "<script src" not in page and "<link" not in page and "http://" not in page.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    assert page.count("<tr>") == 3 and "<svg" in page and "add_text" in page

    res = runner.invoke(app, ["leaderboard", "build", "--board", str(board), "--html", str(two_runs / "p.html")])
    assert res.exit_code == 0 and (two_runs / "p.html").read_text() == page  # rendering is deterministic


def test_a_run_of_retrained_tiny_weights_is_never_listed_as_the_shipped_model(two_runs):
    log = two_runs / "ref" / "run.jsonl"
    lines = log.read_text().splitlines(keepends=True)
    header = json.loads(lines[0])
    header["model"] = header["config"]["model"] = "drafterbench-tiny"
    header["config"]["tiny_weights"] = {"source": "/elsewhere/export", "target_sha256": "ab12" * 16}
    log.write_text(json.dumps(header) + "\n" + "".join(lines[1:]))
    board = two_runs / "lb.json"
    res = CliRunner().invoke(app, ["leaderboard", "add", str(two_runs / "ref"), "--board", str(board)])
    assert res.exit_code == 0, res.output
    [entry] = json.loads(board.read_text())["entries"]
    assert entry["model"] == "drafterbench-tiny (retrained: target ab12ab12ab12)"


def test_an_entry_carries_a_bench_report_of_its_model(two_runs):
    from drafterbench.benchmarking.report import BenchReport, MethodResult

    def row(method, engine, speedup, tau=None):
        return MethodResult(method=method, engine=engine, wall_s=1.0, new_tokens=10, tokens_per_s=10.0,
                            speedup=speedup, tau=tau, alpha=0.9 if tau else None, identical=True)

    def report(model):
        return BenchReport(model=model, draft_model=None, device="cpu", dtype="float32", torch_version="x",
                           transformers_version="y", prompts=2, max_new_tokens=8, gamma=4, param_ratio=0.1,
                           results=[row("none", "drafterbench", 1.0), row("vocabtrim", "drafterbench", 2.5, 4.2),
                                    row("hf-assisted", "transformers", 0.7)])

    board, runner = two_runs / "lb.json", CliRunner()
    (two_runs / "bench.json").write_text(report("reference").model_dump_json())
    res = runner.invoke(app, ["leaderboard", "add", str(two_runs / "ref"), "--board", str(board),
                              "--bench", str(two_runs / "bench.json")])
    assert res.exit_code == 0, res.output
    entry = json.loads(board.read_text())["entries"][0]
    assert [(f["method"], f["speedup"]) for f in entry["decoding_bench"]] == [
        ("none", 1.0), ("vocabtrim", 2.5), ("hf-assisted", 0.7)]
    page = (two_runs / "index.html").read_text()
    assert "vocabtrim 2.50× τ 4.20 α 0.90" in page and "hf-assisted (transformers) 0.70×" in page
    # Another model's report, or a file that is not a report, is one clear line and changes nothing.
    (two_runs / "other.json").write_text(report("openai/x").model_dump_json())
    before = board.read_text()
    for bad, words in (("other.json", "not of the run's model"), ("p.html", "not a `drafterbench bench")):
        (two_runs / "p.html").write_text("<html>")
        res = runner.invoke(app, ["leaderboard", "add", str(two_runs / "ref"), "--board", str(board),
                                  "--bench", str(two_runs / bad)])
        assert res.exit_code == 2 and words in " ".join(res.output.split()), res.output
    assert board.read_text() == before


def test_page_escapes_model_names(tmp_path):
    entry = lb.Entry(id="x", model="<script>alert(1)</script>", backend="openai", date="2026-01-01",
                     suite_version="v", trials=1, tasks=1, average_tasks=50.0, comprehensive_reward=40.0)
    page = leaderboard_page.render_html(lb.add(lb.Leaderboard(), entry))
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs it with apt)")
def test_page_renders_in_headless_chromium(two_runs, tmp_path):
    board = two_runs / "lb" / "leaderboard.json"
    runner = CliRunner()
    for name in ("ref", "flaky"):
        assert runner.invoke(app, ["leaderboard", "add", str(two_runs / name), "--board", str(board)]).exit_code == 0
    shot = tmp_path / "shot.png"
    profile = tmp_path / "profile"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
           "--disable-dev-shm-usage", "--hide-scrollbars",
           "--window-size=1400,900", f"--screenshot={shot}", (board.parent / "index.html").as_uri()]
    subprocess.run(cmd, check=False, capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 5000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # Not a blank page: the screenshot has more than one colour (text, bars).
    import pymupdf

    pix = pymupdf.Pixmap(str(shot))
    samples = pix.samples
    step = pix.n * 97
    assert len({samples[i:i + 3] for i in range(0, len(samples) - 3, step)}) > 3
