"""How fast the synthetic drawings render and the effect layer edits them.

    python benchmarks/bench_drawings.py [--drawings N]

Prints CPU milliseconds (process time, so other load on the machine does not count):
* render: per page, over N drawings of 1-8 pages with a suite-like mix of boxes and markups
  (target <= 10 ms per page: the suite renders ~3000 drawings in <= 2 min on 2 cores);
* each effect once on a fresh 5-box page: median of 5 runs.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time


def _specs(n: int):
    from drafterbench.drawings import BoxSpec, DrawingSpec, MarkupSpec, PageSpec

    rng = random.Random(0)
    contents = ["empty", "text", "vtext", "table", "vectors"]
    specs = []
    for i in range(n):
        pages = []
        for _ in range(rng.randint(1, 8)):
            boxes = []
            for _ in range(rng.choice([0, 1, 2, 3, 4, 6])):
                c = rng.choice(contents)
                boxes.append(
                    BoxSpec(
                        content=c,
                        text="Beam B1 to be cast monolithic with the slab" if "text" in c else None,
                        table=[["A", "B", "C"], ["1", "2", "3"], ["4", "5", "6"]] if c == "table" else None,
                    )
                )
            marks = [MarkupSpec(colour="blue", kinds=["rebars", "lines"])] if rng.random() < 0.3 else []
            pages.append(PageSpec(boxes=boxes, markups=marks))
        specs.append(DrawingSpec(name=f"d{i}.pdf", seed=i, pages=pages))
    return specs


def bench_render(n: int) -> None:
    from drafterbench.drawings import render

    specs = _specs(n)
    render(specs[0])  # warm up imports and fonts
    pages = sum(len(s.pages) for s in specs)
    t0 = time.process_time()
    for s in specs:
        render(s)
    ms = (time.process_time() - t0) * 1000
    print(
        f"render: {n} drawings, {pages} pages: {ms / pages:6.2f} ms CPU per page (target <= 10 ms); "
        f"3000 drawings of ~4.5 pages on 2 cores ~ {3000 * 4.5 * ms / pages / 2000:.0f} s (target <= 120 s)"
    )


def bench_effects() -> None:
    import pymupdf

    from drafterbench.drawings import BoxSpec, DrawingSpec, MarkupSpec, PageSpec, render
    from drafterbench.tools import effects as fx

    table = [["Mark", "Size", "Bars"], ["B1", "300x600", "4T20"], ["B2", "250x500", "3T16"]]
    spec = DrawingSpec(
        name="b.pdf",
        seed=1,
        pages=[
            PageSpec(
                boxes=[
                    BoxSpec(content="vectors"),
                    BoxSpec(content="text", text="Beam B1 to be cast with the slab"),
                    BoxSpec(content="table", table=table),
                    BoxSpec(content="empty"),
                    BoxSpec(content="vtext", text="UP"),
                ],
                markups=[MarkupSpec(colour="blue", kinds=["rebars", "columns"])],
            )
        ],
    )
    data = render(spec)

    def vectors_box(page):
        return fx.page_vectors(page), fx.rect_markups(page)

    cases = {
        "page_vectors + rect_markups": lambda p: vectors_box(p),
        "select mode 2 (all kinds)": lambda p: [
            fx.select(fx.page_vectors(p), fx.rect_markups(p)[0], k, 2)
            for k in ("drawings", "lines", "rebars", "columns")
        ],
        "delete_vectors": lambda p: fx.delete_vectors(
            p, fx.select(fx.page_vectors(p), fx.rect_markups(p)[0], "drawings", 2)
        ),
        "restyle_vectors": lambda p: fx.restyle_vectors(
            p, fx.select(fx.page_vectors(p), fx.rect_markups(p)[0], "lines", 1), drwcolor="blue", width=2
        ),
        "clean_region + repair": lambda p: (
            fx.clean_region(p, fx.rect_markups(p)[0]),
            fx.repair_lines(p, fx.rect_markups(p)[0]),
        ),
        "add_standard": lambda p: fx.add_standard(p, fx.colour_markups(p, "blue"), drwcolor="black", width=1),
        "write_text (erase first)": lambda p: fx.write_text(
            p, fx.rect_markups(p)[1], "New text", erase_first=True
        ),
        "find_table": lambda p: fx.find_table(p, fx.rect_markups(p)[2]),
        "draw_table (refresh)": lambda p: fx.draw_table(
            p, fx.rect_markups(p)[2], table, fontsize=8, erase_first=True
        ),
        "project_region (table)": lambda p: fx.project_region(
            p, fx.rect_markups(p)[2], move=(5, 5), what="table"
        ),
    }
    for name, fn in cases.items():
        times = []
        for _ in range(5):
            page = pymupdf.open(stream=data)[0]
            t0 = time.process_time()
            fn(page)
            times.append((time.process_time() - t0) * 1000)
        print(f"{name:30s} {statistics.median(times):7.2f} ms CPU (median of 5)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--drawings", type=int, default=60)
    args = ap.parse_args()
    bench_render(args.drawings)
    bench_effects()


if __name__ == "__main__":
    main()
