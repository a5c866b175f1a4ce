"""One task's page: instruction, reply, program beside the reference, diagnostics, scores and the drawings.

Built on the server side with every value escaped; the page needs no script. Drawings are the PNGs in the
report's ``renders/`` folder (:mod:`drafterbench.view.renders`): for each changed page, the drawing before,
after the answer and after the reference program, with the changed regions outlined.
"""

from __future__ import annotations

import json
from typing import Any

from drafterbench.runlog import TaskRecord
from drafterbench.scoring.models import DIMENSIONS
from drafterbench.tasks.model import Task
from drafterbench.view.diff import DIFF_CSS, side_by_side
from drafterbench.view.html import escape, page
from drafterbench.view.renders import AnswerRender, PageRender

TASK_CSS = DIFF_CSS + """
.shots{display:flex;gap:1rem;flex-wrap:wrap;margin-bottom:1rem}
.shots figure{margin:0;flex:1 1 0;min-width:280px;max-width:900px}
figcaption{font-size:.8rem;color:var(--dim);margin-bottom:.2rem}
.shot{position:relative;border:1px solid var(--line);line-height:0}
.shot img{width:100%;height:auto}
.box{position:absolute;border:2px solid #c026d3;background:rgba(192,38,211,.10);pointer-events:none}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
nav{margin-bottom:.6rem;font-size:.85rem}
"""


def _fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _kv(rows: list[tuple[str, str]]) -> str:
    """A two-column table; both columns are plain text (escaped here)."""
    body = "".join(f'<tr><td>{escape(k)}</td><td class="l">{escape(v)}</td></tr>' for k, v in rows)
    return f'<table class="kv">{body}</table>'


def score_section(record: TaskRecord) -> str:
    score = record.task_score
    rows = [("score", _fmt(record.score)), ("executable", _yes_no(None if score is None else score.executable))]
    if score is not None:
        rows.append(("descriptions match", _yes_no(score.descriptions_match)))
    if record.state is not None:
        rows.append(("drawing matches the reference's", _yes_no(record.state.match)
                     + f" (element match {_fmt(record.state.score, 3)})"))
    table = _kv(rows)
    dim_rows = []
    for name in DIMENSIONS if score is not None else ():
        d = getattr(score.dimensions, name)
        ratio = 1.0 if not d.total else max(0.0, min(1.0, d.success / d.total))
        dim_rows.append((name.replace("_", " "), f"{_fmt(d.success, 1)} / {_fmt(d.total, 1)}  ({ratio:.2f})"))
    return table + ("<h3>Dimensions</h3>" + _kv(dim_rows) if dim_rows else "")


def _yes_no(value: Any) -> str:
    return "–" if value is None else ("yes" if value else "no")


def bullet_list(items: list[str], empty: str) -> str:
    if not items:
        return f'<p class="dim">{escape(empty)}</p>'
    return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"


def _shot(src: str, caption: str, render: PageRender, *, before: bool = False) -> str:
    if not before and not render.regions:
        caption += " (no visible change)"
    pad = 0.006  # a little room, so the outline does not hide the line it marks
    boxes = "".join(
        f'<div class="box" style="left:{100 * max(0.0, x0 - pad):.2f}%;top:{100 * max(0.0, y0 - pad):.2f}%;'
        f'width:{100 * (min(1.0, x1 + pad) - max(0.0, x0 - pad)):.2f}%;'
        f'height:{100 * (min(1.0, y1 + pad) - max(0.0, y0 - pad)):.2f}%"></div>'
        for x0, y0, x1, y1 in render.regions
    )
    return (f'<figure><figcaption>{escape(caption)}</figcaption><div class="shot">'
            f'<img src="{escape(src)}" width="{render.width}" height="{render.height}" alt="{escape(caption)}">'
            f"{boxes}</div></figure>")


def drawings_section(sides: list[tuple[str, AnswerRender | None]], renders_href: str, *, missing: str = "") -> str:
    """The changed pages: the drawing before, then after each side (the answer, the reference...), with the
    changed regions outlined. ``sides`` is (caption, render or None when not rendered)."""
    if all(render is None for _, render in sides):
        return f'<p class="dim">{escape(missing or "Drawings not rendered.")}</p>'
    parts = []
    for label, render in sides:
        if render is not None and render.error:
            parts.append(f'<p class="warn">{escape(label)}: {escape(render.error)}</p>')
    keys: list[tuple[str, int]] = []
    by_side: list[dict[tuple[str, int], PageRender]] = []
    for _, render in sides:
        pages = {(p.file, p.page): p for p in (render.pages if render is not None else [])}
        by_side.append(pages)
        keys += [k for k in pages if k not in keys]
    if not keys:
        parts.append('<p class="dim">No page of any drawing was changed.</p>')
    for key in keys:
        first = next(pages[key] for pages in by_side if key in pages)
        shots = [_shot(f"{renders_href}/{first.before}", "before", first, before=True)]
        for (label, _), pages in zip(sides, by_side):
            p = pages.get(key)
            shots.append(_shot(f"{renders_href}/{p.after}", label, p) if p else
                         f'<figure><figcaption>{escape(label)}</figcaption><p class="dim">unchanged</p></figure>')
        parts.append(f"<h3>{escape(key[0])}, page {key[1] + 1}</h3><div class=\"shots\">{''.join(shots)}</div>")
    return "".join(parts)


def reply_section(record: TaskRecord) -> str:
    if record.tool_calls is not None:
        calls = "\n".join(f"{c.name}({c.arguments})" for c in record.tool_calls)
        body = f"<h3>Tool calls ({len(record.tool_calls)})</h3><pre>{escape(calls or '(none)')}</pre>"
        if record.response:
            body += f"<h3>Final message</h3><pre>{escape(record.response)}</pre>"
        return body
    if record.response is None:
        return '<p class="dim">No model reply (the answer is a program given directly).</p>'
    return f"<pre>{escape(record.response)}</pre>"


def _cost_rows(record: TaskRecord) -> list[tuple[str, str]]:
    rows = [("prompt tokens", str(record.usage.prompt_tokens)),
            ("completion tokens", str(record.usage.completion_tokens)),
            ("model latency s", _fmt(record.latency_s, 3)), ("task wall s", _fmt(record.wall_s, 3)),
            ("grading s", _fmt(record.grade_s, 3))]
    d = record.decoding
    if d is not None:
        rows += [("decoding", d.method), ("new tokens", str(d.new_tokens)), ("τ", _fmt(d.tau)),
                 ("α", _fmt(d.accepted / d.drafted if d.drafted else None)),
                 ("tokens/s", _fmt(d.new_tokens / d.wall_s if d.wall_s else None, 1))]
    return rows


def render_task_page(
    record: TaskRecord | None,
    task: Task | None,
    *,
    answer: AnswerRender | None,
    reference: AnswerRender | None,
    index_href: str,
    renders_href: str,
    run_title: str,
    drawings_note: str = "",
    task_id: str = "",
    trial: int = 0,
) -> str:
    """The HTML page of one (task, trial)."""
    tid = record.task_id if record is not None else (task.id if task is not None else task_id)
    title = f"{tid}" + (f" (trial {trial + 1})" if trial else "")
    out = [f'<nav><a href="{escape(index_href)}">← all tasks</a> · {escape(run_title)}</nav>',
           f"<h1>{escape(title)}</h1>"]
    if task is not None:
        ctl = ", ".join(f"{k} {v}" for k, v in task.controllers.model_dump(mode="json").items())
        out.append(f'<p class="sub">{escape(task.type.value)} · {escape(ctl)} · scoring {escape(task.scoring.mode)}</p>')
        out.append(f"<h2>Instruction</h2><pre>{escape(task.instruction)}</pre>")
    if record is None:
        out.append('<p class="warn">Not run yet: the run log has no record of this task.</p>')
        return page(title, "\n".join(out), css=TASK_CSS)
    if record.status == "error":
        out.append(f'<p class="warn">No answer ({escape(record.error_kind or "error")}): '
                   f"{escape(record.error or '')}<br>Not scored: re-run it with --retry-errors.</p>")
    out.append('<div class="grid"><div><h2>Score</h2>' + score_section(record) + "</div>"
               '<div><h2>Cost</h2>' + _cost_rows_html(record) + "</div></div>")
    out.append("<h2>Drawings</h2>" + drawings_section(
        [("after the answer", answer), ("after the reference", reference)], renders_href, missing=drawings_note))
    out.append("<h2>Diagnostics</h2>" + bullet_list(record.diagnostics, "None: the operations match the reference's."))
    if record.state is not None and record.state.differences:
        out.append("<h3>Drawing differences (state check)</h3>" + bullet_list(record.state.differences, ""))
    out.append("<h2>Reply</h2>" + reply_section(record))
    reference_program = task.reference_program if task is not None else ""
    if record.program is not None or reference_program:
        out.append("<h2>Program and reference</h2>" + side_by_side(
            record.program or "", reference_program, left_title="the answer's program",
            right_title="the reference program"))
    if record.trace is not None and record.trace.error is not None:
        err = record.trace.error
        out.append(f"<h3>Not executable</h3><pre>{escape(json.dumps(err.model_dump(mode='json'), indent=1))}</pre>")
    if record.trace is not None and record.trace.warnings:
        out.append("<h3>Warnings while running</h3>" + bullet_list(
            [(f"line {n.line}: " if n.line else "") + n.message for n in record.trace.warnings], ""))
    return page(title, "\n".join(out), css=TASK_CSS)


def _cost_rows_html(record: TaskRecord) -> str:
    return _kv(_cost_rows(record))
