"""The viewer's pages in headless Chromium: what a user sees (filtered table, drawings, escaped replies)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafterbench.cli import app
from tests.view.browser import launch, unavailable
from tests.view.runs import XSS

pytestmark = [pytest.mark.slow,  # a real browser: the whole suite (CI) runs these, the inner loop does not
              pytest.mark.skipif(unavailable() is not None, reason=str(unavailable()))]


@pytest.fixture(scope="module")
def report(runs, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("view") / "report"
    res = CliRunner().invoke(app, ["view", str(runs["mixed"]), "--out", str(out), "--workers", "1",
                                   "--task", "add_text-0000"])
    assert res.exit_code == 0, res.output
    return out


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, offline=True)
    pg = context.new_page()
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def _not_blank(shot: Path) -> None:
    import pymupdf

    pix = pymupdf.Pixmap(str(shot))
    step = pix.n * 97
    assert len({pix.samples[i:i + 3] for i in range(0, len(pix.samples) - 3, step)}) > 3


def test_task_table_filtered_to_one_type(report, page, tmp_path):
    page.goto((report / "index.html").as_uri())
    rows = page.locator("#tasks tbody tr")
    assert rows.count() == 5
    page.select_option('select[data-filter="type"]', "delete_vector")
    assert rows.count() == 1
    assert rows.first.locator("td").first.inner_text() == "delete_vector-0003"
    assert "1 of 5 tasks" in page.inner_text("#count")
    page.select_option('select[data-filter="type"]', "")
    page.fill('input[data-filter="score:max"]', "99")  # the lost points, and the unanswered task has no score
    assert rows.count() == 1
    page.fill('input[data-filter="score:max"]', "")
    page.select_option('select[data-filter="error"]', "connection")
    assert rows.count() == 1 and "map_table-0000" in rows.first.inner_text()
    page.select_option('select[data-filter="error"]', "")
    page.click("#tasks th:has-text('score')")  # ascending: the lowest score first, a missing score last
    assert rows.first.locator("td").first.inner_text() == "delete_vector-0003"
    page.select_option('select[data-filter="type"]', "delete_vector")
    shot = tmp_path / "index.png"
    page.screenshot(path=str(shot), full_page=True)
    _not_blank(shot)
    assert page.title().startswith("mixed <script>") and not page.dialogs and not page.errors


def test_task_page_shows_both_drawings(report, page, tmp_path):
    page.goto((report / "tasks" / "delete_vector-0003.html").as_uri())
    images = page.locator(".shot img")
    assert images.count() == 3
    captions = page.locator("figcaption").all_inner_texts()
    assert captions[0] == "before" and captions[2] == "after the reference"
    assert captions[1].startswith("after the answer")
    loaded = page.evaluate("Array.from(document.querySelectorAll('.shot img')).map(i => i.complete && i.naturalWidth)")
    assert all(w and w > 100 for w in loaded), loaded
    assert page.locator(".box").count() >= 2  # outlines on the answer's and the reference's pages
    assert page.locator(".box").first.is_visible()
    shot = tmp_path / "task.png"
    page.screenshot(path=str(shot), full_page=True)
    _not_blank(shot)
    assert not page.errors


def test_script_in_a_reply_is_shown_as_text_and_never_runs(report, page):
    page.goto((report / "tasks" / "add_text-0000.html").as_uri())
    assert XSS in page.inner_text("body")  # shown to the reader, as text
    assert page.evaluate("document.scripts.length") == 0  # a task page has no script at all
    page.goto((report / "index.html").as_uri())
    assert XSS in page.inner_text("h1")
    assert page.evaluate("document.scripts.length") == 2  # the table's data and its code, nothing injected
    assert not page.dialogs and not page.errors


def test_compare_table_filtered_to_the_worse_tasks(runs, page, tmp_path):
    out = tmp_path / "cmp"
    res = CliRunner().invoke(app, ["view", str(runs["reference"]), str(runs["mixed"]), "--out", str(out),
                                   "--drawings", "none"])
    assert res.exit_code == 0, res.output
    page.goto((out / "index.html").as_uri())
    rows = page.locator("#tasks tbody tr")
    assert rows.count() == 5
    page.select_option('select[data-filter="change"]', "worse")
    assert rows.count() == 1 and rows.first.locator("td").first.inner_text() == "delete_vector-0003"
    assert rows.first.locator("td.neg").count() == 1  # B − A shown as a loss
    rows.first.locator("a").click()
    assert page.locator("h1").inner_text() == "delete_vector-0003"
    assert page.locator(".cols h2").all_inner_texts() == ["A", "B"]
    assert not page.dialogs and not page.errors
