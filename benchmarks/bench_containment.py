"""What the programs that used to hang or blow up one task cost now (issue #10's hostile inputs).

    python benchmarks/bench_containment.py

Each program runs through the interpreter with effects on a suite drawing, in this process, without the
grading budget (the budget is the outer bound; these figures show the inner ones hold on their own). Prints
the wall time, the files written and the reason recorded, and the process's peak memory at the end.
"""

from __future__ import annotations

import resource
import tempfile
import time
from pathlib import Path

HEAD = """import fitz
import PDFbf
doc0 = fitz.open("{name}")
ex = PDFbf.extractanno(doc=doc0)
rect, rf = ex.getclip_rfpoint(pagenumber=0, rectangleorder=0)
"""

CASES = {
    "fontsize=10**300": 'tm = PDFbf.manipulate_text(doc=doc0, pagenumber=0, clip=rect, text="hello world", '
                        "fontsize=10 ** 300)\ndoc0 = tm.addtext()\n",
    "fontsize=1000000, 9600 chars": 'tm = PDFbf.manipulate_text(doc=doc0, pagenumber=0, clip=rect, '
                                    'text="hello world " * 800, fontsize=1000000)\ndoc0 = tm.addtext()\n',
    "turned text, fontsize=10**300": 'tm = PDFbf.manipulate_text(doc=doc0, pagenumber=0, clip=rect, text="hello", '
                                     "fontsize=10 ** 300, rotate=45)\ndoc0 = tm.addtext()\n",
    "table cells, fontsize=10**300": 'tm = PDFbf.manipulate_table(doc=doc0, pagenumber=0, clip=rect, '
                                     'data=[["a", "b"], ["c", "d"]], fontsize=10 ** 300)\ndoc0 = tm.addtable()\n',
    'dashes="[" + 5000 spaces': "sel = PDFbf.selector(doc=doc0, pagenumber=0, clip=rect)\n"
                                "c = sel.mode2_columns_Cross_Touch_Intersect()\n"
                                "vm = PDFbf.manipulate_draw(doc=doc0, pagenumber=0, sel_drawings=c, "
                                'dashes="[" + " " * 5000)\ndoc0 = vm.update_draw()\n',
    "addtable 315 x 315": 'row = ["x"] * 315\ntm = PDFbf.manipulate_table(doc=doc0, pagenumber=0, clip=rect, '
                          "data=[row] * 315)\ndoc0 = tm.addtable()\n",
    "addtable 31 x 31 (961 cells)": 'row = ["x"] * 31\ntm = PDFbf.manipulate_table(doc=doc0, pagenumber=0, '
                                    "clip=rect, data=[row] * 31)\ndoc0 = tm.addtable()\n",
    "4000 doc.save lines": "".join(f'doc0.save("f{i}.pdf")\n' for i in range(4000)),
    "modifytable startcell=[1, 3e8]": 'tm = PDFbf.manipulate_table(doc=doc0, pagenumber=0, clip=rect, '
                                      'data=[["a", "b"]])\ntm.data = tm.modifytable(repdata=[["x"]], '
                                      "startcell=[1, 300000000])\n",
    "replacetext 9000 x 9000": 'tm = PDFbf.manipulate_text(doc=doc0, pagenumber=0, clip=rect, text="a" * 9000)\n'
                               't = tm.replacetext(retext="a", totext="b" * 9000)\n',
    "200 calls with a 20000-int list": "big = [10 ** 1200] * 20000\n" + (
        "tm = PDFbf.manipulate_table(doc=doc0, pagenumber=0, clip=rect, data=big)\n" * 200),
    'doc.save("nul\\x00.pdf")': 'doc0.save("nul\\x00.pdf")\n',
}


def main() -> None:
    from drafterbench.drawings import render
    from drafterbench.interpreter import execute
    from drafterbench.tasks import load_suite

    task = next(t for t in load_suite() if t.type.value == "add_text")
    spec = task.drawings[0]
    root = Path(tempfile.mkdtemp(prefix="bench-containment-"))
    drawing = root / spec.name
    drawing.write_bytes(render(spec))
    print(f"{'program':34s} {'wall s':>7s} {'files':>5s}  reason")
    for name, body in CASES.items():
        out = Path(tempfile.mkdtemp(dir=root))
        start = time.perf_counter()
        result = execute(HEAD.format(name=spec.name) + body, drawings={spec.name: drawing}, out_dir=out)
        wall = time.perf_counter() - start
        trace = result.trace
        reason = trace.error.message if trace.error else (trace.warnings[-1].message if trace.warnings else "ran")
        print(f"{name:34s} {wall:7.2f} {len(list(out.iterdir())):5d}  {reason[:90]}")
    print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


if __name__ == "__main__":
    main()
