"""Make the README's screenshots: a task page of `drafterbench view`, and the leaderboard page.

    PYTHONPATH=. python docs/screenshots.py [--out docs/img]

Everything shown is produced here, by real runs:
- the task page: five suite tasks answered by an example agent (the reference programs, one of them aimed
  at the wrong rectangle), graded with the effects on, then `drafterbench view`;
- the leaderboard: the repository's board plus two 12-task runs of a tiny random-weight local model (the
  same model with plain decoding and with a drafter), so the latency chart and the decoding columns have
  points; their scores are those of random weights.
Needs playwright, chromium, torch and transformers.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-c", "from drafterbench.cli import main; main()"]


def example_view(work: Path) -> None:
    """The example run and its report (before the browser starts: Playwright's sync API holds the loop)."""
    from tests.view.runs import MixedAgent, make_run, suite_tasks

    class ExampleAgent(MixedAgent):
        name = "example-agent"

    run = make_run(work / "example-run", ExampleAgent(suite_tasks()))
    subprocess.run([*CLI, "view", str(run), "--out", str(work / "view")], check=True, capture_output=True)


def task_page(out: Path, work: Path, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((work / "view" / "tasks" / "delete_vector-0003.html").as_uri())
    bottom = page.locator("h2:has-text('Diagnostics')").bounding_box()
    page.screenshot(path=str(out / "view-task.png"), full_page=True,
                    clip={"x": 0, "y": 0, "width": 1280, "height": min(1600, bottom["y"])})
    page.close()


def tiny_board(work: Path) -> Path:
    """The repository's board plus two runs of a tiny random-weight model (plain and drafted decoding)."""
    from drafterbench import leaderboard as lb
    from tests.local.tiny_models import save_pair

    save_pair(work / "tiny-random", max_position_embeddings=8192)
    target, drafter = "tiny-random/target", "tiny-random/drafter"  # short names on the page: run from work
    board_path = work / "board" / "leaderboard.json"
    lb.save(lb.load(ROOT / "leaderboard" / "leaderboard.json"), board_path)
    for spec in ("none", "draft"):
        run = work / f"tiny-{spec}"
        subprocess.run([*CLI, "run", "--model", f"hf/{target}", "--draft-model", f"hf/{drafter}", "--spec", spec,
                        "--limit", "12", "--max-tokens", "32", "--out", str(run)], check=True, capture_output=True,
                       cwd=work, env={**os.environ, "PYTHONPATH": str(ROOT)})
        subprocess.run([*CLI, "leaderboard", "add", str(run), "--board", str(board_path), "--notes",
                        "tiny random-weight model: shows the page's columns, not a result"],
                       check=True, capture_output=True)
    return board_path.parent / "index.html"


def leaderboard_page(out: Path, html: Path, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1280, "height": 820})
    page.goto(html.as_uri())
    page.screenshot(path=str(out / "leaderboard.png"))
    page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from tests.view.browser import launch

    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="drafterbench-shots-"))
    example_view(work)
    board = tiny_board(work)
    with sync_playwright() as p:
        browser = launch(p)
        task_page(args.out, work, browser)
        leaderboard_page(args.out, board, browser)
        browser.close()
    for name in ("view-task.png", "leaderboard.png"):
        print(f"wrote {args.out / name} ({(args.out / name).stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
