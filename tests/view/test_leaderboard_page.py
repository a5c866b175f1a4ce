"""The leaderboard page: latency, tokens, cost, protocol, metric, decoding speed-up and τ, notes, the
score-against-latency chart and the backend/protocol filters (in headless Chromium where it is installed)."""

from __future__ import annotations

import pytest

from drafterbench import leaderboard as lb
from drafterbench.leaderboard_page import build_page, metric_of, other_rewards, render_html, speedup
from drafterbench.report import DecodingSummary, Spread
from tests.view.browser import launch, unavailable


class EntryWithMetric(lb.Entry):
    """An entry as a board with named metrics and a second reward would hold it."""

    metric: str | None = None
    drawing_comprehensive_reward: float | None = None


def _entry(id_: str, model: str, backend: str, reward: float, latency: float | None, **kw) -> lb.Entry:
    cls = EntryWithMetric if "metric" in kw or "drawing_comprehensive_reward" in kw else lb.Entry
    return cls(id=id_, model=model, backend=backend, date="2026-12-01", suite_version="suite-v1", trials=1,
               tasks=1920, average_tasks=reward + 2, comprehensive_reward=reward,
               latency_s=Spread(n=10, mean=latency, p50=latency, p95=latency * 2) if latency else Spread(), **kw)


def _board() -> lb.Leaderboard:
    plain = DecodingSummary(method="none", requests=10, new_tokens=1000, tokens_per_s=20.0, tau=1.0, alpha=None)
    draft = DecodingSummary(method="draft", requests=10, new_tokens=1000, tokens_per_s=50.0, tau=2.5, alpha=0.6)
    entries = [
        _entry("a", "openai/gpt-x", "openai", 71.0, 3.2, protocol="tool", prompt_tokens=10_000,
               completion_tokens=2_000, cost_usd=1.25),
        _entry("b", "hf/qwen-7b", "local", 55.0, 9.0, protocol="code", decoding=[plain]),
        _entry("c", "hf/qwen-7b", "local", 55.0, 4.1, protocol="code", decoding=[draft],
               notes="specialist trained on generated tasks; not comparable with zero-shot models"),
        _entry("d", "reference", "reference", 100.0, None),
        _entry("e", "openai/<script>alert(1)</script>", "openai", 40.0, 0.8, metric="drawing-v2",
               drawing_comprehensive_reward=38.5),
    ]
    board = lb.Leaderboard()
    for e in entries:
        board = lb.add(board, e)
    return board


def test_page_columns_and_chart():
    board = _board()
    page = render_html(board)
    for head in ("protocol", "metric", "latency mean s", "latency p95 s", "tokens", "cost $", "speed-up ×", "τ",
                 "notes", "drawing comprehensive reward"):
        assert f">{head}</th>" in page, head
    assert "12,000" in page and "1.25" in page and "6.40" in page  # tokens, cost, p95 latency of entry a
    by_id = {e.id: e for e in board.entries}
    assert speedup(by_id["c"], board) == pytest.approx(2.5) and speedup(by_id["b"], board) is None
    assert ">2.50</td>" in page  # speed-up (50/20 tokens/s) and τ
    assert "not comparable with zero-shot models" in page
    assert metric_of(by_id["e"]) == "drawing-v2" and ">drafterbench</td>" in page
    assert other_rewards(board) == ["drawing_comprehensive_reward"] and ">38.50</td>" in page
    assert page.count("<circle") == 4  # every entry with a latency; the reference has none
    assert "Not plotted (no model latency or no score): reference" in page
    assert "<script>alert(1)</script>" not in page


def test_board_without_new_fields_still_renders():
    """Boards written before protocol/notes/metric existed (the repository's own) load and render."""
    board = lb.load("leaderboard/leaderboard.json")
    page = render_html(board)
    assert ">code</td>" in page and ">drafterbench</td>" in page and "<svg" in page


@pytest.mark.skipif(unavailable() is not None, reason=str(unavailable()))
@pytest.mark.slow
def test_filters_in_headless_chromium(tmp_path):
    from playwright.sync_api import sync_playwright

    html = tmp_path / "index.html"
    build_page(_board(), html)
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1500, "height": 1000})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: (errors.append("dialog " + d.message), d.dismiss()))
        page.goto(html.as_uri())
        rows, points = page.locator("#board tbody tr"), page.locator("svg circle")
        assert rows.count() == 5 and page.inner_text("#shown") == "5 of 5 entries"
        page.select_option('select[data-filter="backend"]', "local")
        assert page.inner_text("#shown") == "2 of 5 entries"
        assert [r for r in rows.all() if r.is_visible()][0].locator("td").first.inner_text() == "hf/qwen-7b"
        assert sum(1 for c in points.all() if c.is_visible()) == 2
        page.select_option('select[data-filter="backend"]', "")
        page.select_option('select[data-filter="protocol"]', "tool")
        assert page.inner_text("#shown") == "1 of 5 entries"
        page.select_option('select[data-filter="protocol"]', "")
        shot = tmp_path / "board.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000 and not errors
        browser.close()


def test_add_with_notes_through_the_cli(runs, tmp_path):
    import json

    from typer.testing import CliRunner

    from drafterbench.cli import app

    board = tmp_path / "lb" / "leaderboard.json"
    note = "specialist trained on generated tasks; not comparable with zero-shot models <b>"
    res = CliRunner().invoke(app, ["leaderboard", "add", str(runs["mixed"]), "--board", str(board),
                                   "--allow-partial", "--notes", note])
    assert res.exit_code == 0, res.output
    (entry,) = json.loads(board.read_text())["entries"]
    assert entry["notes"] == note and entry["protocol"] == "code"
    page = (board.parent / "index.html").read_text()
    assert "not comparable with zero-shot models &lt;b&gt;" in page and "<b>" not in page


def test_the_other_metrics_reward_is_a_column():
    entry = _entry("f", "openai/gpt-y", "openai", 60.0, 1.0,
                   comprehensive_by_metric={"drafterbench": 60.0, "original": 57.25})
    board = lb.add(lb.Leaderboard(), entry)
    page = render_html(board)
    assert other_rewards(board) == ["original_comprehensive_reward"]
    assert ">original comprehensive reward</th>" in page and ">57.25</td>" in page
