"""``drafterbench view``: the pages written for real runs, the renders cache, errors, partial runs, compare."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from drafterbench.cli import app
from drafterbench.view.html import embed_json
from tests.view.runs import XSS

runner = CliRunner()


def view(*args: str):
    return runner.invoke(app, ["view", *args])


def _says(output: str, text: str) -> bool:
    """``text`` is in ``output`` however the terminal wrapped it (rich may break a long path anywhere)."""
    return "".join(text.split()) in "".join(output.split())


def _table_rows(index: Path) -> list[dict]:
    text = index.read_text()
    data = re.search(r'<script id="table-data" type="application/json">(.*?)</script>', text, re.S).group(1)
    return json.loads(data)["rows"]


def test_view_writes_index_and_task_pages(mixed, tmp_path):
    out = tmp_path / "v"
    res = view(str(mixed), "--out", str(out), "--workers", "1")
    assert res.exit_code == 0, res.output
    rows = {r["id"]: r for r in _table_rows(out / "index.html")}
    assert set(rows) == {"add_text-0000", "delete_vector-0003", "revise_text-0000", "map_table-0000",
                         "add_table-0000"}
    assert rows["delete_vector-0003"]["score"] < 100 and rows["delete_vector-0003"]["state"] is False
    assert rows["map_table-0000"]["status"] == "error" and rows["map_table-0000"]["error"] == "connection"
    assert rows["add_text-0000"]["score"] == 100 and rows["add_text-0000"]["tokens"] == 150
    for r in rows.values():
        assert (out / r["href"]).is_file()
    # The wrong answer (the default --drawings failed): before, after the answer, after the reference.
    wrong = (out / rows["delete_vector-0003"]["href"]).read_text()
    images = re.findall(r'<img src="([^"]+)"', wrong)
    assert len(images) == 3 and len(set(images)) == 3
    assert all((out / "tasks" / src).resolve().is_file() for src in images)
    assert 'class="box"' in wrong  # changed regions outlined
    assert "rectangleorder=0" in wrong and "rectangleorder=1" in wrong  # the program beside the reference
    # A perfect answer is not drawn by default, and its page says how to draw it.
    perfect = (out / rows["add_table-0000"]["href"]).read_text()
    assert "<img" not in perfect and "--task add_table-0000" in perfect


def test_everything_from_the_log_is_escaped(mixed, tmp_path):
    out = tmp_path / "v"
    assert view(str(mixed), "--out", str(out), "--drawings", "none").exit_code == 0
    pages = [out / "index.html", *sorted((out / "tasks").glob("*.html"))]
    for path in pages:
        assert XSS not in path.read_text(), path
    page = (out / "tasks" / "add_text-0000.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_embedded_json_cannot_end_its_script_element():
    text = embed_json({"reply": "</script><script>alert(1)</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text)["reply"] == "</script><script>alert(1)</script><!-- & \u2028"


def test_drawings_are_cached_and_task_option_adds_one(mixed, tmp_path):
    out = tmp_path / "v"
    first = view(str(mixed), "--out", str(out), "--workers", "1")
    assert _says(first.output, "2 answers rendered now, 0 cached")  # the answer and the reference
    again = view(str(mixed), "--out", str(out), "--workers", "1", "--task", "add_*")
    # Cached: the two of the first view; new: add_text-0000 and add_table-0000 (answer == reference).
    assert _says(again.output, "2 answers rendered now, 2 cached"), again.output
    assert "<img" in (out / "tasks" / "add_table-0000.html").read_text()


def test_missing_and_damaged_logs_are_one_line_errors(tmp_path, mixed):
    res = view(str(tmp_path / "nowhere"))
    assert res.exit_code == 2 and _says(res.output, "no run log at") and "Traceback" not in res.output
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "run.jsonl").write_text("this is not json\n")
    res = view(str(bad))
    assert res.exit_code == 2 and _says(res.output, "bad/run.jsonl: the first line is not a run header")
    assert _says(res.output, "Invalid JSON") and "Traceback" not in res.output
    other = tmp_path / "notes"
    other.mkdir()
    (other / "index.html").write_text("mine")
    res = view(str(mixed), "--out", str(other))
    assert res.exit_code == 2 and _says(res.output, "already holds other files")
    assert (other / "index.html").read_text() == "mine"  # nothing overwritten unasked
    res = view(str(mixed), "--drawings", "some")
    assert res.exit_code == 2 and _says(res.output, "failed, all, none")
    lines = (mixed / "run.jsonl").read_text().splitlines()
    (mixed / "run.jsonl").write_text("\n".join([lines[0], "{\"kind\": \"task\"}", *lines[1:]]) + "\n")
    res = view(str(mixed))
    assert res.exit_code == 2 and _says(res.output, "run.jsonl:2: not a task record")


def test_partial_and_still_running_runs(mixed, tmp_path):
    log = mixed / "run.jsonl"
    lines = log.read_text().splitlines()
    log.write_text("\n".join(lines[:3]) + "\n" + lines[3][:40])  # two records and half a line being written
    out = tmp_path / "v"
    res = view(str(mixed), "--out", str(out), "--drawings", "none")
    assert res.exit_code == 0, res.output
    rows = _table_rows(out / "index.html")
    assert len(rows) == 5 and sum(r["status"] == "not run" for r in rows) == 3
    index = (out / "index.html").read_text()
    assert "half-written" in index and "not in the log yet" in index
    pending = next(r for r in rows if r["status"] == "not run")
    assert "Not run yet" in (out / pending["href"]).read_text()


def test_compare_two_runs(runs, tmp_path):
    out = tmp_path / "cmp"
    res = view(str(runs["reference"]), str(runs["mixed"]), "--out", str(out), "--workers", "1")
    assert res.exit_code == 0, res.output
    rows = {r["id"]: r for r in _table_rows(out / "index.html")}
    assert rows["delete_vector-0003"]["change"] == "worse" and rows["delete_vector-0003"]["delta"] < 0
    assert rows["add_text-0000"]["change"] == "same" and rows["map_table-0000"]["change"] == "no answer"
    index = (out / "index.html").read_text()
    assert re.search(r"<td class=\"l\">delete_vector</td><td class=\"\">1</td>.*?<td class=\"\">0</td>"
                     r"<td class=\"\">1</td><td class=\"\">0</td>", index)  # per type: 0 better, 1 worse
    page = (out / rows["delete_vector-0003"]["href"]).read_text()
    assert len(re.findall(r"<img ", page)) == 4  # before, after A, after B, after the reference


def test_changed_regions_box_what_moved():
    import pymupdf

    from drafterbench.view.renders import changed_regions

    def pixmap(rects):
        doc = pymupdf.open()
        page = doc.new_page(width=400, height=200)
        for r in rects:
            page.draw_rect(pymupdf.Rect(*r), color=(0, 0, 0), width=2)
        return page.get_pixmap(dpi=72)

    before = pixmap([(20, 20, 60, 60), (300, 100, 380, 180)])
    after = pixmap([(20, 20, 60, 60), (300, 100, 380, 150)])  # the second box got shorter
    assert changed_regions(before, before) == []
    (box,) = changed_regions(before, after)
    x0, y0, x1, y1 = box
    assert 0.70 < x0 < 0.76 and 0.95 <= x1 <= 1.0  # around x 300..380 of 400
    assert 0.70 < y0 < 0.76 and 0.92 < y1 <= 1.0  # the two bottom edges, y 150 and 180 of 200
    far = pixmap([(20, 20, 60, 60)])  # the second box removed, the first untouched: no box around it
    assert all(b[0] > 0.7 for b in changed_regions(before, far))


def test_a_tool_mode_answer_is_replayed_and_drawn(tmp_path):
    """Function calls are replayed as grading replays them; the right calls draw the reference's drawing."""
    from drafterbench.view.renders import render_answer
    from tests.golden.damaged import PERFECT, golden_tasks

    task = golden_tasks()[0]
    calls = [c for turn in PERFECT for c in turn]
    answer = render_answer(task, "(a transcript)", calls, tmp_path)
    reference = render_answer(task, task.reference_program, None, tmp_path)
    assert answer.key != reference.key and answer.error is None and len(answer.pages) == 1
    a, r = answer.pages[0], reference.pages[0]
    assert (a.file, a.page) == (r.file, r.page) and a.regions and a.regions == r.regions
    assert (tmp_path / a.after).read_bytes() == (tmp_path / r.after).read_bytes()
    assert a.before == r.before  # one image of the page before, shared
    wrong = render_answer(task, "", [c for c in calls if "addtext" not in c["name"]], tmp_path)
    assert wrong.pages == [] and wrong.error is None  # nothing drawn: no page changed


def test_a_run_of_custom_tasks_is_shown_without_drawings(tmp_path):
    """Tasks the suite does not hold (a run from Python on one's own tasks): answers and scores, no drawings."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from drafterbench.run import RunOptions, aevaluate
    from tests.run.fakes import FlakyAgent, make_task, scripted_grade_job

    tasks = [make_task(i) for i in range(3)]

    async def go():
        with ThreadPoolExecutor(2) as pool:
            await aevaluate(FlakyAgent(wrong={tasks[0].id}), tasks, out=tmp_path / "run", options=RunOptions(),
                            grade_job=scripted_grade_job, executor=pool)

    asyncio.run(go())
    res = view(str(tmp_path / "run"), "--out", str(tmp_path / "v"))
    assert res.exit_code == 0, res.output
    index = (tmp_path / "v" / "index.html").read_text()
    assert "could not be taken from the suite" in index
    assert [r["score"] for r in _table_rows(tmp_path / "v" / "index.html")] == [30.0, 100.0, 100.0]
    page = (tmp_path / "v" / "tasks" / f"{tasks[0].id}.html").read_text()
    assert "The task is not in the suite: no drawings." in page and "something else" in page
