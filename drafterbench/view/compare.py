"""``drafterbench view RUN_A RUN_B``: two runs on the same tasks, side by side.

The index says per task type how many tasks got better or worse from A to B and by how much, and lists
every task both runs answered (filterable by the change); each task's page puts A's and B's answers,
scores, diagnostics, programs and drawings next to each other.
"""

from __future__ import annotations

from pathlib import Path
from statistics import fmean
from typing import Any

from drafterbench.runlog import TaskRecord
from drafterbench.view.build import (
    Progress,
    RenderJob,
    ViewCounts,
    ViewOptions,
    answer_of,
    prepare_out,
    render_all,
)
from drafterbench.view.diff import side_by_side
from drafterbench.view.html import embed_json, escape, page, write_text
from drafterbench.view.index_page import CONTROLLERS, header_html
from drafterbench.view.renders import answer_key
from drafterbench.view.run_data import LoadedRun, load_run, matches, needs_attention, page_name
from drafterbench.view.table_js import TABLE_CSS, TABLE_HTML, TABLE_JS
from drafterbench.view.task_page import TASK_CSS, bullet_list, drawings_section, reply_section, score_section

EPS = 1e-9

COLUMNS: list[dict[str, Any]] = [
    {"key": "id", "label": "task", "kind": "link", "href": "href"},
    {"key": "type", "label": "type", "kind": "text"},
    *({"key": c, "label": c, "kind": "text"} for c in CONTROLLERS),
    {"key": "a", "label": "score A", "kind": "num", "digits": 1},
    {"key": "b", "label": "score B", "kind": "num", "digits": 1},
    {"key": "delta", "label": "B − A", "kind": "num", "digits": 1, "signed": True},
    {"key": "change", "label": "change", "kind": "text"},
    {"key": "state_a", "label": "drawing match A", "kind": "bool"},
    {"key": "state_b", "label": "drawing match B", "kind": "bool"},
]
FILTERS: list[dict[str, str]] = [
    {"key": "type", "label": "type", "kind": "select"},
    {"key": "change", "label": "change", "kind": "select"},
    {"key": "controllers", "label": "controller value", "kind": "tags"},
    {"key": "delta", "label": "B − A", "kind": "range"},
]


def _change(a: TaskRecord | None, b: TaskRecord | None) -> tuple[float | None, str]:
    if a is None or b is None:
        return None, "not in both"
    if a.status != "ok" or b.status != "ok" or a.score is None or b.score is None:
        return None, "no answer"
    delta = b.score - a.score
    return delta, "better" if delta > EPS else "worse" if delta < -EPS else "same"


def compare_rows(run_a: LoadedRun, run_b: LoadedRun) -> list[dict[str, Any]]:
    """One row per (task, trial) of A that B also planned or answered."""
    la, lb = run_a.log.latest(), run_b.log.latest()
    b_keys = set(run_b.keys)
    rows = []
    for key in run_a.keys:
        if key not in b_keys:
            continue
        a, b = la.get(key), lb.get(key)
        delta, change = _change(a, b)
        known = a or b
        controllers = known.controllers if known is not None else {}
        rows.append({
            "id": key[0], "trial": key[1] + 1, "href": f"tasks/{page_name(*key)}",
            "type": known.type if known is not None else None,
            **{c: controllers.get(c) for c in CONTROLLERS},
            "controllers": [f"{c}={controllers[c]}" for c in CONTROLLERS if controllers.get(c) is not None],
            "a": a.score if a is not None else None, "b": b.score if b is not None else None,
            "delta": delta, "change": change,
            "state_a": None if a is None or a.state is None else a.state.match,
            "state_b": None if b is None or b.state is None else b.state.match,
        })
    return rows


def per_type(rows: list[dict[str, Any]]) -> list[list[str]]:
    """Per type: tasks both answered, mean A, mean B, mean change, and how many got better, worse, same."""
    by_type: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        if r["delta"] is not None:
            by_type.setdefault(r["type"] or "?", []).append(r)
    out = []
    for name, group in [*by_type.items(), ("all", [r for g in by_type.values() for r in g])]:
        if not group:
            continue
        count = {c: sum(1 for r in group if r["change"] == c) for c in ("better", "worse", "same")}
        out.append([name, str(len(group)), f"{fmean(r['a'] for r in group):.2f}",
                    f"{fmean(r['b'] for r in group):.2f}", f"{fmean(r['delta'] for r in group):+.2f}",
                    str(count["better"]), str(count["worse"]), str(count["same"])])
    return out


def _jobs(run_a: LoadedRun, run_b: LoadedRun, rows: list[dict[str, Any]], options: ViewOptions
          ) -> tuple[dict[tuple[str, int], tuple[str | None, str | None, str | None]], list[RenderJob]]:
    """Render keys per compared task (A, B, reference) and the distinct answers to draw."""
    if options.drawings == "none" and not options.tasks:
        return {}, []
    la, lb = run_a.log.latest(), run_b.log.latest()
    keys: dict[tuple[str, int], tuple[str | None, str | None, str | None]] = {}
    jobs: dict[str, RenderJob] = {}
    for row in rows:
        key = (row["id"], row["trial"] - 1)
        task = run_a.tasks.get(key[0]) or run_b.tasks.get(key[0])
        records = [la.get(key), lb.get(key)]
        if task is None:
            continue
        interesting = row["change"] in ("better", "worse") or any(
            r is not None and needs_attention(r) for r in records)
        if not (options.drawings == "all" or matches(key[0], options.tasks)
                or options.drawings == "failed" and interesting):
            continue
        found: list[str | None] = []
        for record, run in zip(records, (run_a, run_b)):
            if record is None or record.status != "ok" or not run.executed:
                found.append(None)
                continue
            program, calls = answer_of(record)
            k = answer_key(task, program, calls, options.render)
            jobs.setdefault(k, RenderJob(k, task, program, calls))
            found.append(k)
        r_key = answer_key(task, task.reference_program, None, options.render)
        jobs.setdefault(r_key, RenderJob(r_key, task, task.reference_program, None))
        keys[key] = (found[0], found[1], r_key)
    return keys, list(jobs.values())


def build_compare(run_a: str | Path, run_b: str | Path, out: Path, options: ViewOptions = ViewOptions(),
                  progress: Progress | None = None) -> ViewCounts:
    """Write the comparison of two runs into ``out``."""
    a, b = load_run(run_a), load_run(run_b)
    counts = ViewCounts()
    prepare_out(out)
    rows = compare_rows(a, b)
    keys, jobs = _jobs(a, b, rows, options)
    renders = render_all(jobs, out / "renders", options, counts, progress)
    la, lb = a.log.latest(), b.log.latest()
    for n, row in enumerate(rows, 1):
        key = (row["id"], row["trial"] - 1)
        ka, kb, kr = keys.get(key, (None, None, None))
        sides = [("after A", renders.get(ka or "")), ("after B", renders.get(kb or "")),
                 ("after the reference", renders.get(kr or ""))]
        html = _task_page(a, b, key, la.get(key), lb.get(key), row, sides)
        write_text(out / row["href"], html)
        counts.pages += 1
        if progress and (n % 50 == 0 or n == len(rows)):
            progress("pages", n, len(rows))
    write_text(out / "index.html", _index(a, b, rows))
    return counts


def _index(a: LoadedRun, b: LoadedRun, rows: list[dict[str, Any]]) -> str:
    title = f"{a.log.header.model} ({a.log.header.run_id}) vs {b.log.header.model} ({b.log.header.run_id})"
    only_a = sum(1 for k in a.keys if k not in set(b.keys))
    notes = [f"A: {n}" for n in a.notes] + [f"B: {n}" for n in b.notes]
    if only_a:
        notes.append(f"{only_a} task runs of A are not in B: left out.")
    spec = {"columns": COLUMNS, "filters": FILTERS, "rows": rows, "page_size": 100}
    head = ["type", "tasks", "mean A", "mean B", "B − A", "better", "worse", "same"]
    table_rows = per_type(rows)
    types = ("<table><thead><tr>" + "".join(f'<th class="{"l" if i == 0 else ""}">{escape(h)}</th>'
                                            for i, h in enumerate(head)) + "</tr></thead><tbody>"
             + "".join("<tr>" + "".join(f'<td class="{"l" if i == 0 else ""}">{escape(v)}</td>'
                                        for i, v in enumerate(r)) + "</tr>" for r in table_rows)
             + "</tbody></table>")
    cr = [(label, run.report.scores.comprehensive_reward) for label, run in (("A", a), ("B", b))]
    reward = " · ".join(f"{label}: {'–' if v is None else f'{v:.2f}'}" for label, v in cr)
    body = f"""<h1>{escape(title)}</h1>
{''.join(f'<p class="warn">{escape(n)}</p>' for n in notes)}
<div class="grid"><div><h3>A</h3>{header_html(a.log.header, a.report, protocol=a.protocol, metric=a.metric)}</div>
<div><h3>B</h3>{header_html(b.log.header, b.report, protocol=b.protocol, metric=b.metric)}</div></div>
<h2>Per task type</h2><p class="sub">Comprehensive reward {escape(reward)}. Tasks both runs answered.</p>
{types}
<h2>Tasks</h2>
{TABLE_HTML}
<script id="table-data" type="application/json">{embed_json(spec)}</script>"""
    return page(title, body, css=TABLE_CSS, script=TABLE_JS)


def _task_page(a: LoadedRun, b: LoadedRun, key: tuple[str, int], ra: TaskRecord | None, rb: TaskRecord | None,
               row: dict[str, Any], sides: list) -> str:
    task = a.tasks.get(key[0]) or b.tasks.get(key[0])
    title = key[0] + (f" (trial {key[1] + 1})" if key[1] else "")
    delta = row["delta"]
    out = [f'<nav><a href="../index.html">← all tasks</a> · {escape(a.title)} vs {escape(b.title)}</nav>',
           f"<h1>{escape(title)}</h1>",
           f'<p class="sub">{escape(row["type"] or "")} · {escape(row["change"])}'
           + (f" ({delta:+.1f})" if delta is not None else "") + "</p>"]
    if task is not None:
        out.append(f"<h2>Instruction</h2><pre>{escape(task.instruction)}</pre>")
    cols = []
    for label, record in (("A", ra), ("B", rb)):
        if record is None:
            cols.append(f"<div><h2>{label}</h2><p class=\"warn\">Not run.</p></div>")
            continue
        err = (f'<p class="warn">No answer ({escape(record.error_kind or "error")}): {escape(record.error or "")}</p>'
               if record.status == "error" else "")
        cols.append(f"<div><h2>{label}</h2>{err}{score_section(record)}<h3>Diagnostics</h3>"
                    f"{bullet_list(record.diagnostics, 'None.')}<h3>Reply</h3>{reply_section(record)}</div>")
    out.append(f'<div class="cols">{"".join(cols)}</div>')
    out.append("<h2>Drawings</h2>" + drawings_section(sides, "../renders", missing=(
        "Drawings not rendered for this task: render them with `drafterbench view A B --task "
        f"{key[0]}` or --drawings all.")))
    out.append("<h2>Programs</h2>" + side_by_side(
        (ra.program or "") if ra else "", (rb.program or "") if rb else "", left_title="A", right_title="B"))
    if task is not None:
        out.append("<h3>Reference program</h3><pre>" + escape(task.reference_program) + "</pre>")
    return page(title, "\n".join(out), css=TASK_CSS)
