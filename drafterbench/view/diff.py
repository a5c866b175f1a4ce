"""A side-by-side line diff of two programs as an HTML table (the answer's program beside the reference's)."""

from __future__ import annotations

import difflib

from drafterbench.view.html import escape

DIFF_CSS = """
table.diff{width:100%;table-layout:fixed;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.78rem}
table.diff td{white-space:pre-wrap;word-break:break-word;text-align:left;vertical-align:top;border:0;padding:.05rem .4rem}
table.diff col.n{width:2.6rem}table.diff td.n{color:var(--dim);text-align:right;user-select:none}
table.diff th{text-align:left}
tr.del td.a,tr.chg td.a{background:#fde8e7}tr.add td.b,tr.chg td.b{background:#e6f4ea}
tr.del td.b,tr.add td.a{background:#f7f8fa}
"""


def side_by_side(left: str, right: str, *, left_title: str, right_title: str) -> str:
    """The two texts line by line; changed lines tinted (left red, right green), equal lines plain."""
    a, b = left.splitlines(), right.splitlines()
    rows = ['<colgroup><col class="n"><col><col class="n"><col></colgroup>',
            f'<tr><th colspan="2">{escape(left_title)}</th><th colspan="2">{escape(right_title)}</th></tr>']
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        cls = {"equal": "", "replace": "chg", "delete": "del", "insert": "add"}[op]
        for k in range(max(i2 - i1, j2 - j1)):
            i, j = i1 + k, j1 + k
            la = (str(i + 1), a[i]) if i < i2 else ("", "")
            lb = (str(j + 1), b[j]) if j < j2 else ("", "")
            rows.append(f'<tr class="{cls}"><td class="n">{la[0]}</td><td class="a">{escape(la[1])}</td>'
                        f'<td class="n">{lb[0]}</td><td class="b">{escape(lb[1])}</td></tr>')
    return f'<table class="diff">{"".join(rows)}</table>'


def changed_lines(left: str, right: str) -> int:
    """How many lines differ between the two texts (0: the same program)."""
    matcher = difflib.SequenceMatcher(a=left.splitlines(), b=right.splitlines(), autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal")
