"""Time `drafterbench run --model reference` on the whole suite (effects on by default) and print it.

    python benchmarks/bench_reference_run.py [--no-execute] [--workers N] [--limit N]

Prints the wall time, the per-task grading time (p50/p95 from the run log) and whether every task scored
100. The drawing cache ($DRAFTERBENCH_CACHE) is warmed first and timed separately, as a run would find it
after its first use.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-execute", action="store_true")
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()

    from drafterbench.drawings import cached_path
    from drafterbench.report import build_report
    from drafterbench.runlog import read_run
    from drafterbench.tasks import load_suite

    tasks = load_suite()[: args.limit] if args.limit else load_suite()
    if not args.no_execute:
        start = time.perf_counter()
        specs = {d.model_dump_json(): d for t in tasks for d in t.drawings}
        for spec in specs.values():
            cached_path(spec)
        print(f"drawing cache: {len(specs)} drawings ready in {time.perf_counter() - start:.1f} s")

    out = Path(tempfile.mkdtemp(prefix="bench-ref-")) / "run"
    cmd = [sys.executable, "-c", "from drafterbench.cli import main; main()", "run", "--model", "reference",
           "--out", str(out), "--workers", str(args.workers)]
    if args.no_execute:
        cmd.append("--no-execute")
    if args.limit:
        cmd += ["--limit", str(args.limit)]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    rep = build_report(read_run(out))
    print(f"reference run: {rep.planned} tasks, effects {'off' if args.no_execute else 'on'}, "
          f"{wall:.1f} s wall (process start included)")
    print(f"  perfect {rep.perfect}/{rep.planned}, errored {rep.errored}, comprehensive "
          f"{rep.scores.comprehensive_reward}, state match {rep.state_match_rate}")
    print(f"  per-task grading s: mean {rep.wall_s.mean:.3f} p50 {rep.wall_s.p50:.3f} p95 {rep.wall_s.p95:.3f}")
    print(f"  log: {out / 'run.jsonl'}")


if __name__ == "__main__":
    main()
