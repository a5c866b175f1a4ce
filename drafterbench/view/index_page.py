"""A run's index page: the header, the report (as ``drafterbench report`` prints it) and the task table."""

from __future__ import annotations

from typing import Any

from drafterbench.report import Report
from drafterbench.runlog import RunHeader
from drafterbench.view.html import embed_json, escape, page
from drafterbench.view.table_js import TABLE_CSS, TABLE_HTML, TABLE_JS

CONTROLLERS = ("language", "detail", "completeness", "objects", "operations")

TASK_COLUMNS: list[dict[str, Any]] = [
    {"key": "id", "label": "task", "kind": "link", "href": "href"},
    {"key": "trial", "label": "trial", "kind": "num", "digits": 0},
    {"key": "type", "label": "type", "kind": "text"},
    *({"key": c, "label": c, "kind": "text"} for c in CONTROLLERS),
    {"key": "status", "label": "status", "kind": "text"},
    {"key": "score", "label": "score", "kind": "num", "digits": 1},
    {"key": "executable", "label": "executable", "kind": "bool"},
    {"key": "state", "label": "drawing match", "kind": "bool"},
    {"key": "error", "label": "error", "kind": "text"},
    {"key": "latency", "label": "latency s", "kind": "num", "digits": 2},
    {"key": "tokens", "label": "tokens", "kind": "num", "digits": 0},
]

TASK_FILTERS: list[dict[str, str]] = [
    {"key": "type", "label": "type", "kind": "select"},
    {"key": "controllers", "label": "controller value", "kind": "tags"},
    {"key": "score", "label": "score", "kind": "range"},
    {"key": "executable", "label": "executable", "kind": "select"},
    {"key": "state", "label": "drawing match", "kind": "select"},
    {"key": "error", "label": "error kind", "kind": "select"},
    {"key": "status", "label": "status", "kind": "select"},
]


def _fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _table(head: list[str] | None, rows: list[list[str]], *, left: int = 1) -> str:
    th = "".join(f'<th class="{"l" if i < left else ""}">{escape(h)}</th>' for i, h in enumerate(head or []))
    body = "".join(
        "<tr>" + "".join(f'<td class="{"l" if i < left else ""}">{escape(v)}</td>' for i, v in enumerate(r)) + "</tr>"
        for r in rows
    )
    thead = f"<thead><tr>{th}</tr></thead>" if head else ""
    return f"<table>{thead}<tbody>{body}</tbody></table>"


def header_html(header: RunHeader, report: Report, *, protocol: str, metric: str | None) -> str:
    """The run's identity: model, backend, protocol, metric, suite, revision, date."""
    rows = [("model", header.model), ("backend", header.backend), ("protocol", protocol),
            ("metric", metric or "DrafterBench (published)"), ("suite", header.suite_version or "?"),
            ("revision", header.git_revision or "?"), ("date", header.created), ("run", header.run_id)]
    if header.rescored_from:
        rows.append(("re-scored from", header.rescored_from))
    return "<table class=\"kv\">" + "".join(
        f'<tr><td>{escape(k)}</td><td class="l">{escape(v)}</td></tr>' for k, v in rows) + "</table>"


def report_html(report: Report) -> str:
    """Scores per type, group and dimension; comprehensive reward; errors; tokens; latency; decoding."""
    s = report.scores
    types = [[name, str(s.counts.per_type.get(name, 0)), _fmt(value)] for name, value in s.per_type.items()]
    types.append(["average tasks", str(s.counts.scored), _fmt(s.average_tasks)])
    types.append(["comprehensive reward", "", _fmt(s.comprehensive_reward)])
    groups = [[name, _fmt(value)] for name, value in s.groups.items()]
    dims = [[name, _fmt(value, 3)] for name, value in s.dimensions.items()]
    status = (f"{report.planned} planned, {report.done} done, {report.errored} errored, {report.missing} not run; "
              f"{report.perfect} perfect; executable {_fmt((s.executable_rate or 0) * 100, 1)}%")
    facts = [["tasks", status]]
    if report.errors_by_kind:
        facts.append(["errors", ", ".join(f"{k} {v}" for k, v in sorted(report.errors_by_kind.items()))])
    if report.state_checked:
        facts.append(["drawing check", f"{_fmt((report.state_match_rate or 0) * 100, 1)}% of {report.state_checked} "
                      f"match the reference's PDFs (mean element match {_fmt(report.state_score, 3)})"])
    facts.append(["tokens", f"{report.prompt_tokens:,} prompt + {report.completion_tokens:,} completion"])
    if report.latency_s.n:
        facts.append(["model latency s", f"mean {_fmt(report.latency_s.mean)}, p50 {_fmt(report.latency_s.p50)}, "
                      f"p95 {_fmt(report.latency_s.p95)}"])
    facts.append(["task wall s", f"mean {_fmt(report.wall_s.mean, 3)}, p95 {_fmt(report.wall_s.p95, 3)}"])
    out = ['<div class="grid">',
           "<div><h3>Per task type</h3>" + _table(["type", "tasks", "score"], types) + "</div>",
           "<div><h3>Groups</h3>" + _table(["group", "score"], groups) + "</div>",
           "<div><h3>Dimensions</h3>" + _table(["dimension", "mean ratio"], dims) + "</div>",
           "<div><h3>Run</h3>" + _table(None, facts) + "</div>", "</div>"]
    if report.decoding:
        out.append("<h3>Decoding</h3>" + _table(
            ["method", "requests", "new tokens", "tokens/s", "τ", "α"],
            [[d.method, str(d.requests), str(d.new_tokens), _fmt(d.tokens_per_s, 1), _fmt(d.tau), _fmt(d.alpha)]
             for d in report.decoding]))
    if report.decoding_by_type:
        out.append("<h3>Decoding per task type</h3>" + _table(
            ["method", "type", "requests", "tokens/s", "τ", "α"],
            [[d.method, d.type, str(d.requests), _fmt(d.tokens_per_s, 1), _fmt(d.tau), _fmt(d.alpha)]
             for d in report.decoding_by_type], left=2))
    return "\n".join(out)


def render_index(*, title: str, header: RunHeader, report: Report, rows: list[dict[str, Any]], protocol: str,
                 metric: str | None, notes: list[str]) -> str:
    """The index page of one run."""
    spec = {"columns": TASK_COLUMNS, "filters": TASK_FILTERS, "rows": rows, "page_size": 100}
    warn = "".join(f'<p class="warn">{escape(n)}</p>' for n in notes)
    body = f"""<h1>{escape(title)}</h1>
{warn}
{header_html(header, report, protocol=protocol, metric=metric)}
<h2>Report</h2>
{report_html(report)}
<h2>Tasks</h2>
{TABLE_HTML}
<script id="table-data" type="application/json">{embed_json(spec)}</script>"""
    return page(title, body, css=TABLE_CSS, script=TABLE_JS)
