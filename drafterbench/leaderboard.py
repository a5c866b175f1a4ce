"""The leaderboard: run reports -> ``leaderboard/leaderboard.json`` -> a static ``index.html``.

One entry per run (keyed by the run id; adding a run again replaces its entry). The page is one file with
its CSS, data and the little JavaScript that sorts the table inlined, and the chart drawn as inline SVG,
so it works offline and from any static host.
"""

from __future__ import annotations

import html
import json
import os
import tempfile
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from drafterbench.report import DecodingSummary, Report, Spread
from drafterbench.runlog import now_iso
from drafterbench.tasktypes import TaskType

SCHEMA_VERSION = 1
DEFAULT_BOARD = Path("leaderboard") / "leaderboard.json"


class Price(BaseModel):
    """USD per million tokens, to estimate a run's cost."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    input_per_mtok: float = Field(ge=0)
    output_per_mtok: float = Field(ge=0)


class Entry(BaseModel):
    """One run on the leaderboard."""

    model_config = ConfigDict(extra="forbid")

    id: str
    model: str
    backend: str
    date: str
    suite_version: str
    git_revision: str | None = None
    trials: int
    tasks: int
    errored: int = 0
    average_tasks: float | None
    average_tasks_std: float | None = None
    comprehensive_reward: float | None
    comprehensive_reward_std: float | None = None
    per_type: dict[str, float] = Field(default_factory=dict)
    groups: dict[str, float | None] = Field(default_factory=dict)
    executable_rate: float | None = None
    state_match_rate: float | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    cost_usd: float | None = None
    latency_s: Spread = Field(default_factory=Spread)
    decoding: list[DecodingSummary] = Field(default_factory=list)


class Leaderboard(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: int = SCHEMA_VERSION
    updated: str = ""
    entries: list[Entry] = Field(default_factory=list)


def entry_from_report(report: Report, *, price: Price | None = None, allow_partial: bool = False) -> Entry:
    """A leaderboard entry from a run's report; refuses an unfinished run unless ``allow_partial``."""
    if not allow_partial and (report.errored or report.missing):
        raise ValueError(
            f"run {report.run_id} is unfinished ({report.errored} errored, {report.missing} not run): "
            "finish it with --retry-errors / --resume, or pass --allow-partial"
        )
    s, ts = report.scores, report.trial_summary
    used_tokens = report.prompt_tokens + report.completion_tokens > 0
    cost = None
    if price is not None and used_tokens:
        cost = (report.prompt_tokens * price.input_per_mtok + report.completion_tokens * price.output_per_mtok) / 1e6
    return Entry(
        id=report.run_id,
        model=report.model,
        backend=report.backend,
        date=report.created[:10],
        suite_version=report.suite_version,
        git_revision=report.git_revision,
        trials=report.trials,
        tasks=s.counts.scored,
        errored=report.errored,
        average_tasks=s.average_tasks,
        average_tasks_std=ts.average_tasks.std if ts else None,
        comprehensive_reward=s.comprehensive_reward,
        comprehensive_reward_std=ts.comprehensive_reward.std if ts else None,
        per_type=dict(s.per_type),
        groups=dict(s.groups),
        executable_rate=s.executable_rate,
        state_match_rate=report.state_match_rate,
        prompt_tokens=report.prompt_tokens if used_tokens else None,
        completion_tokens=report.completion_tokens if used_tokens else None,
        cost_usd=cost,
        latency_s=report.latency_s,
        decoding=report.decoding,
    )


def load(path: str | Path = DEFAULT_BOARD) -> Leaderboard:
    """The leaderboard at ``path`` (an empty one when the file does not exist yet)."""
    path = Path(path)
    if not path.exists():
        return Leaderboard()
    from drafterbench.safe_io import describe_invalid, read_file

    try:
        board = Leaderboard.model_validate_json(read_file(path, what="leaderboard file", limit=64 * 1024 * 1024))
    except ValidationError as exc:
        raise ValueError(f"{path} is not a leaderboard file: {describe_invalid(exc)}") from None
    if board.schema_version != SCHEMA_VERSION:
        raise ValueError(f"{path}: leaderboard schema {board.schema_version}, expected {SCHEMA_VERSION}")
    return board


def add(board: Leaderboard, entry: Entry) -> Leaderboard:
    """``board`` with ``entry`` added (replacing an entry of the same run id), best first."""
    entries = [e for e in board.entries if e.id != entry.id] + [entry]
    entries.sort(key=lambda e: (e.comprehensive_reward is None, -(e.comprehensive_reward or 0.0), e.id))
    return Leaderboard(updated=now_iso(), entries=entries)


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.chmod(tmp, 0o644)  # a published file: mkstemp's private mode would hide it from a web server
    os.replace(tmp, path)


def save(board: Leaderboard, path: str | Path = DEFAULT_BOARD) -> None:
    _atomic_write(Path(path), board.model_dump_json(indent=2) + "\n")


_PAGE_TITLE = "<title>drafterbench leaderboard</title>"


def is_our_page(path: str | Path) -> bool:
    """True when ``path`` is a page :func:`build_page` wrote (so rebuilding it loses nothing)."""
    try:
        with open(path, "rb") as f:
            return _PAGE_TITLE.encode() in f.read(4096)
    except OSError:
        return False


def build_page(board: Leaderboard, path: str | Path) -> None:
    """Write the static page for ``board``."""
    _atomic_write(Path(path), render_html(board))


def type_columns(board: Leaderboard) -> list[str]:
    """The task types any entry has, in the canonical order."""
    present = {t for e in board.entries for t in e.per_type}
    return [t.value for t in TaskType if t.value in present]


def escape(value: object) -> str:
    return html.escape(str(value), quote=True)


def embed_json(data: object) -> str:
    """JSON safe inside a <script> element."""
    return json.dumps(data).replace("</", "<\\/")


_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1d2430;background:#fff}
h1{font-size:1.5rem;margin:0 0 .25rem}p.sub{color:#5b6576;margin:0 0 1.5rem}
table{border-collapse:collapse;font-size:.85rem;margin-bottom:2rem}
th,td{padding:.35rem .6rem;border-bottom:1px solid #e3e7ee;text-align:right;white-space:nowrap}
th{background:#f3f5f9;cursor:pointer;user-select:none;position:sticky;top:0}
th.l,td.l{text-align:left}th.sorted-asc::after{content:" \25B2"}th.sorted-desc::after{content:" \25BC"}
tr:hover td{background:#f8fafc}.bar{fill:#3b6fd8}.lbl{font-size:12px;fill:#1d2430}.val{font-size:11px;fill:#5b6576}
"""

_JS = """
(function(){
  const table=document.getElementById('board');
  const body=table.tBodies[0];
  table.querySelectorAll('th').forEach(function(th,col){
    th.addEventListener('click',function(){
      const asc=!th.classList.contains('sorted-asc');
      table.querySelectorAll('th').forEach(function(h){h.classList.remove('sorted-asc','sorted-desc');});
      th.classList.add(asc?'sorted-asc':'sorted-desc');
      const rows=Array.from(body.rows);
      rows.sort(function(a,b){
        const x=a.cells[col].dataset.v, y=b.cells[col].dataset.v;
        const nx=parseFloat(x), ny=parseFloat(y);
        let c=(isNaN(nx)||isNaN(ny))?String(x).localeCompare(String(y)):nx-ny;
        return asc?c:-c;
      });
      rows.forEach(function(r){body.appendChild(r);});
    });
  });
})();
"""


def _num(value: float | None, digits: int = 2) -> tuple[str, str]:
    """(sort key, shown text) for a number that may be missing."""
    if value is None:
        return "-1e308", "–"
    return repr(float(value)), f"{value:.{digits}f}"


def _chart(board: Leaderboard) -> str:
    """A horizontal bar chart of the comprehensive reward, as inline SVG."""
    rows = [e for e in board.entries if e.comprehensive_reward is not None]
    if not rows:
        return "<p>No scored entries yet.</p>"
    bar_h, gap, left, width = 22, 8, 260, 420
    height = len(rows) * (bar_h + gap) + gap
    parts = [(f'<svg role="img" aria-label="comprehensive reward per run" width="{left + width + 70}" '
              f'height="{height}" xmlns="http://www.w3.org/2000/svg">')]
    for i, e in enumerate(rows):
        y = gap + i * (bar_h + gap)
        value = max(0.0, min(100.0, e.comprehensive_reward or 0.0))
        w = width * value / 100.0
        label = escape(f"{e.model} ({e.date})")
        parts.append(f'<text class="lbl" x="{left - 8}" y="{y + bar_h * 0.7:.1f}" text-anchor="end">{label}</text>')
        parts.append(f'<rect class="bar" fill="#3b6fd8" x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" rx="3"/>')
        parts.append(f'<text class="val" x="{left + w + 6:.1f}" y="{y + bar_h * 0.7:.1f}">'
                     f"{e.comprehensive_reward:.2f}</text>")
    parts.append("</svg>")
    return "\n".join(parts)


def render_html(board: Leaderboard) -> str:
    """The leaderboard page: a sortable table and a chart; no external scripts, styles or fonts."""
    types = type_columns(board)
    head = ["model", "backend", "date", "suite", "trials", "tasks", "comprehensive", "average",
            *types, "executable %", "state match %", "tokens", "cost $", "latency mean s", "p50 s", "p95 s",
            "tau"]
    left_cols = {"model", "backend", "date", "suite"}
    th = "".join(f'<th class="{"l" if h in left_cols else ""}">{escape(h)}</th>' for h in head)
    body = []
    for e in board.entries:
        tokens = None if e.prompt_tokens is None else e.prompt_tokens + (e.completion_tokens or 0)
        tau = e.decoding[0].tau if e.decoding else None
        comp = _num(e.comprehensive_reward)
        if e.comprehensive_reward_std is not None:
            comp = (comp[0], f"{comp[1]} ± {e.comprehensive_reward_std:.2f}")
        cells = [
            ("l", e.model, e.model), ("l", e.backend, e.backend), ("l", e.date, e.date),
            ("l", e.suite_version, e.suite_version), ("", str(e.trials), str(e.trials)),
            ("", str(e.tasks), str(e.tasks)), ("", *comp), ("", *_num(e.average_tasks)),
            *[("", *_num(e.per_type.get(t))) for t in types],
            ("", *_num(None if e.executable_rate is None else 100 * e.executable_rate, 1)),
            ("", *_num(None if e.state_match_rate is None else 100 * e.state_match_rate, 1)),
            ("", *(("-1e308", "–") if tokens is None else (str(tokens), f"{tokens:,}"))),
            ("", *_num(e.cost_usd)), ("", *_num(e.latency_s.mean)), ("", *_num(e.latency_s.p50)),
            ("", *_num(e.latency_s.p95)), ("", *_num(tau)),
        ]
        tds = "".join(f'<td class="{c}" data-v="{escape(k)}">{escape(v)}</td>' for c, k, v in cells)
        body.append(f"<tr>{tds}</tr>")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>drafterbench leaderboard</title>
<style>{_CSS}</style></head>
<body>
<h1>drafterbench leaderboard</h1>
<p class="sub">Comprehensive reward = average of the 12 per-type scores − (100 − worst type) / 12.
Updated {escape(board.updated or "never")}; {len(board.entries)} entries. Click a column to sort.</p>
<h2>Comprehensive reward</h2>
{_chart(board)}
<h2>All runs</h2>
<div style="overflow-x:auto"><table id="board"><thead><tr>{th}</tr></thead><tbody>
{chr(10).join(body)}
</tbody></table></div>
<script id="data" type="application/json">{embed_json(board.model_dump(mode="json"))}</script>
<script>{_JS}</script>
</body></html>
"""
