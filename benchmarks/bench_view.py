"""Time `drafterbench view` on a whole-suite reference run, and the index page's load in headless Chromium.

    python benchmarks/bench_view.py [--run RUN] [--all-drawings] [--workers N]

Without --run, a reference run of all 1920 tasks is made first (about a minute; not timed here). Prints:
the view's wall time with the default drawings (--drawings failed), again with everything cached, with
--all-drawings also the time to render every task's changed pages; the index page's size; and the median
time (of 3) from navigation to a drawn task table in headless Chromium (needs playwright and chromium).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-c", "from drafterbench.cli import main; main()"]


def _view(run: Path, out: Path, *extra: str) -> float:
    start = time.perf_counter()
    subprocess.run([*CLI, "view", str(run), "--out", str(out), *extra],
                   check=True, capture_output=True)
    return time.perf_counter() - start


def _load_times(index: Path, repeats: int = 3) -> list[float] | str:
    sys.path.insert(0, str(ROOT))
    from tests.view.browser import launch, unavailable

    why = unavailable()
    if why:
        return why
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = launch(p)
        for _ in range(repeats):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            start = time.perf_counter()
            page.goto(index.as_uri(), wait_until="load")
            page.wait_for_selector("#tasks tbody tr")
            times.append(time.perf_counter() - start)
            page.close()
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", type=Path, help="An existing run (default: make a reference run of the suite).")
    parser.add_argument("--all-drawings", action="store_true", help="Also time --drawings all.")
    parser.add_argument("--workers", type=int, default=0)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-view-"))
    run = args.run
    if run is None:
        run = tmp / "run"
        print("making a reference run of the suite (not timed) ...", flush=True)
        subprocess.run([*CLI, "run", "--model", "reference", "--out", str(run)],
                       check=True, capture_output=True)
    workers = ["--workers", str(args.workers)]
    first = _view(run, tmp / "view", *workers)
    again = _view(run, tmp / "view", *workers)
    index = tmp / "view" / "index.html"
    pages = len(list((tmp / "view" / "tasks").glob("*.html")))
    print(f"view (--drawings failed): {first:.1f} s for {pages} task pages; again (cached): {again:.1f} s; "
          f"index.html {index.stat().st_size / 1e6:.2f} MB")
    if args.all_drawings:
        full = _view(run, tmp / "view-all", "--drawings", "all", *workers)
        images = len(list((tmp / "view-all" / "renders").glob("*.png")))
        cached = _view(run, tmp / "view-all", "--drawings", "all", *workers)
        print(f"view --drawings all: {full:.1f} s ({images} PNGs); again (cached): {cached:.1f} s")
    loads = _load_times(index)
    if isinstance(loads, str):
        print(f"index load in Chromium: skipped ({loads})")
    else:
        print(f"index load in headless Chromium (navigation to a drawn table): median "
              f"{statistics.median(loads):.2f} s of {len(loads)} (max {max(loads):.2f} s)")


if __name__ == "__main__":
    main()
