"""Suite throughput: generate the whole suite with all drawings, then audit every reference program.

    python benchmarks/bench_suite.py            # generate + render all drawings + check all programs
    python benchmarks/bench_suite.py --no-check # only the generation timing (target: <= 120 s)

Prints: time to generate the 1920 tasks; time to render every distinct drawing into a fresh cache; time to
load the frozen suite; and, with the check, the time to run all distinct reference programs (the two styles
share one) with real effects and how many problems :func:`drafterbench.tasks.verify.check_task` found.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-check", action="store_true", help="skip running the programs with effects")
    args = parser.parse_args()

    from drafterbench.drawings import cached_path, spec_digest
    from drafterbench.tasks.generator import generate_suite
    from drafterbench.tasks.suite import _load, load_suite
    from drafterbench.tasks.verify import check_task

    with tempfile.TemporaryDirectory() as cache:
        t0 = time.perf_counter()
        tasks = generate_suite()
        t1 = time.perf_counter()
        specs = {spec_digest(d): d for t in tasks for d in t.drawings}
        for spec in specs.values():
            cached_path(spec, cache)
        t2 = time.perf_counter()
        print(f"generate tasks:            {t1 - t0:7.2f} s  ({len(tasks)} tasks)")
        print(f"render all drawings:       {t2 - t1:7.2f} s  ({len(specs)} distinct drawings)")
        print(f"suite with all drawings:   {t2 - t0:7.2f} s  (target <= 120 s)")
        _load.cache_clear()
        t3 = time.perf_counter()
        load_suite()
        print(f"load frozen suite:         {time.perf_counter() - t3:7.2f} s")
        if args.no_check:
            return
        t4 = time.perf_counter()
        problems: Counter = Counter()
        distinct = tasks[::2]
        for task in distinct:
            check = check_task(task, cache)
            for problem in check.problems:
                problems[task.type.value] += 1
                print(f"  {task.id}: {problem}")
        t5 = time.perf_counter()
        print(f"run all programs (effects): {t5 - t4:7.2f} s  ({len(distinct)} distinct programs, "
              f"{sum(problems.values())} problems {dict(problems)})")


if __name__ == "__main__":
    main()
