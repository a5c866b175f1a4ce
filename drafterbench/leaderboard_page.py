"""The leaderboard's static page: score beside speed and cost, a score-against-latency chart, filters.

One file with its CSS, data and the little JavaScript that sorts and filters inlined, and the chart drawn as
inline SVG, so it works offline and from any static host. Every value from an entry is escaped.

Columns: the run (model, backend, protocol, metric), the scores (comprehensive reward, any other reward an
entry carries, the average, per type), executable and drawing-match rates, tokens, cost, model latency
(mean, p95), and for local entries the decoding method, its speed-up over plain decoding of the same model
on the same board, and τ; then the entry's notes.
"""

from __future__ import annotations

import math
from pathlib import Path

from drafterbench.leaderboard import Entry, Leaderboard, type_columns, write_atomically
from drafterbench.view.html import embed_json, escape

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1d2430;background:#fff}
h1{font-size:1.5rem;margin:0 0 .25rem}p.sub{color:#5b6576;margin:0 0 1.5rem}
table{border-collapse:collapse;font-size:.85rem;margin-bottom:2rem}
th,td{padding:.35rem .6rem;border-bottom:1px solid #e3e7ee;text-align:right;white-space:nowrap}
th{background:#f3f5f9;cursor:pointer;user-select:none;position:sticky;top:0}
th.l,td.l{text-align:left}td.note{white-space:normal;min-width:16rem;max-width:28rem;text-align:left;color:#5b6576}
th.sorted-asc::after{content:" \\25B2"}th.sorted-desc::after{content:" \\25BC"}
tr:hover td{background:#f8fafc}.lbl{font-size:11px;fill:#1d2430}.axis{font-size:11px;fill:#5b6576}
.grid line{stroke:#e3e7ee}.pt{fill:#3b6fd8;stroke:#fff;stroke-width:1.5}
#filters{display:flex;gap:1.2rem;margin:.5rem 0 1rem;font-size:.85rem}#filters label{color:#5b6576}
"""

_JS = """
(function(){
  var table=document.getElementById('board'), body=table.tBodies[0];
  table.querySelectorAll('th').forEach(function(th,col){
    th.addEventListener('click',function(){
      var asc=!th.classList.contains('sorted-asc');
      table.querySelectorAll('th').forEach(function(h){h.classList.remove('sorted-asc','sorted-desc');});
      th.classList.add(asc?'sorted-asc':'sorted-desc');
      var rows=Array.from(body.rows);
      rows.sort(function(a,b){
        var x=a.cells[col].dataset.v, y=b.cells[col].dataset.v, nx=parseFloat(x), ny=parseFloat(y);
        var c=(isNaN(nx)||isNaN(ny))?String(x).localeCompare(String(y)):nx-ny;
        return asc?c:-c;
      });
      rows.forEach(function(r){body.appendChild(r);});
    });
  });
  var selects=document.querySelectorAll('#filters select');
  var cols={}; table.querySelectorAll('th').forEach(function(th,i){cols[th.textContent]=i;});
  function apply(){
    var want={};
    selects.forEach(function(s){want[s.dataset.filter]=s.value;});
    function ok(get){return Object.keys(want).every(function(k){return !want[k]||get(k)===want[k];});}
    Array.from(body.rows).forEach(function(r){
      r.style.display=ok(function(k){return r.cells[cols[k]].dataset.v;})?'':'none';
    });
    document.querySelectorAll('svg [data-entry]').forEach(function(g){
      g.style.display=ok(function(k){return g.dataset[k];})?'':'none';
    });
    var n=Array.from(body.rows).filter(function(r){return r.style.display!=='none';}).length;
    document.getElementById('shown').textContent=n+' of '+body.rows.length+' entries';
  }
  selects.forEach(function(s){s.addEventListener('change',apply);});
  apply();
})();
"""

_KNOWN_REWARDS = {"comprehensive_reward", "comprehensive_reward_std"}


def _num(value: float | None, digits: int = 2) -> tuple[str, str]:
    """(sort key, shown text) for a number that may be missing."""
    if value is None:
        return "-1e308", "–"
    return repr(float(value)), f"{value:.{digits}f}"


def protocol_of(entry: Entry) -> str:
    return getattr(entry, "protocol", None) or "code"


def metric_of(entry: Entry) -> str:
    """The metric the entry's scores are under (entries made before metrics had names: ours)."""
    value = getattr(entry, "metric", None)
    if isinstance(value, dict):  # a structured metric: its name
        value = value.get("name") or value.get("id")
    return str(value) if value else "drafterbench"


def other_rewards(board: Leaderboard) -> list[str]:
    """Reward fields besides the comprehensive reward that some entry carries (e.g. a second metric's)."""
    names: list[str] = []
    for e in board.entries:
        for key, value in e.model_dump().items():
            if "reward" in key and key not in _KNOWN_REWARDS and not key.endswith("_std") and key not in names \
                    and (value is None or isinstance(value, (int, float))):
                names.append(key)
        for metric in e.comprehensive_by_metric:  # the other metrics' comprehensive rewards
            name = f"{metric}_comprehensive_reward"
            if metric != metric_of(e) and name not in names:
                names.append(name)
    return names


def reward_of(entry: Entry, name: str) -> float | None:
    """A reward column's value: an entry field, or another metric's comprehensive reward."""
    value = entry.model_dump().get(name)
    if isinstance(value, (int, float)):
        return value
    metric = name.removesuffix("_comprehensive_reward")
    return entry.comprehensive_by_metric.get(metric) if name.endswith("_comprehensive_reward") else None


def speedup(entry: Entry, board: Leaderboard) -> float | None:
    """The entry's method over plain decoding of the same model: measured side by side by ``drafterbench
    bench`` when the entry carries its figures, else tokens/s over a plain-decoding entry on this board."""
    if not entry.decoding or entry.decoding[0].method == "none" or not entry.decoding[0].tokens_per_s:
        return None
    measured = [f for f in entry.decoding_bench if f.method == entry.decoding[0].method and f.engine == "drafterbench"]
    if measured:
        return measured[0].speedup
    for other in board.entries:
        if other.model == entry.model and other.decoding and other.decoding[0].method == "none" \
                and other.decoding[0].tokens_per_s:
            return entry.decoding[0].tokens_per_s / other.decoding[0].tokens_per_s
    return None


def _nice_step(span: float) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving about five ticks over ``span``."""
    raw = span / 5
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _chart(board: Leaderboard) -> str:
    """Comprehensive reward (y) against mean model latency (x, log scale when it spans a decade) as SVG."""
    points = [e for e in board.entries if e.comprehensive_reward is not None and e.latency_s.mean]
    missing = [e for e in board.entries if e not in points]
    note = ""
    if missing:
        note = ('<p class="sub">Not plotted (no model latency or no score): '
                + escape(", ".join(f"{e.model} ({e.date})" for e in missing)) + ".</p>")
    left, top, w, h = 56, 16, 620, 300
    lats = [float(e.latency_s.mean or 0) for e in points] or [1.0]
    lo, hi = min(lats), max(lats)
    log = hi / lo > 10 if lo > 0 else False
    if log:
        lo, hi = 10 ** math.floor(math.log10(lo)), 10 ** math.ceil(math.log10(hi))
    else:
        step = _nice_step(hi * 1.1 or 1.0)
        lo, hi = 0.0, step * math.ceil((hi * 1.1 or 1.0) / step)

    def x(v: float) -> float:
        frac = (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)) if log else (v - lo) / (hi - lo)
        return left + w * frac

    def y(v: float) -> float:
        return top + h * (1 - max(0.0, min(100.0, v)) / 100)

    parts = [f'<svg role="img" aria-label="comprehensive reward against mean model latency" width="{left + w + 180}"'
             f' height="{top + h + 44}" xmlns="http://www.w3.org/2000/svg"><g class="grid">']
    for s in range(0, 101, 20):
        parts.append(f'<line x1="{left}" x2="{left + w}" y1="{y(s):.1f}" y2="{y(s):.1f}"/>'
                     f'<text class="axis" x="{left - 6}" y="{y(s) + 4:.1f}" text-anchor="end">{s}</text>')
    ticks = [lo * 10 ** i for i in range(int(round(math.log10(hi / lo))) + 1)] if log else \
        [i * _nice_step(hi) for i in range(int(round(hi / _nice_step(hi))) + 1)]
    for t in ticks:
        parts.append(f'<line x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{top}" y2="{top + h}"/>'
                     f'<text class="axis" x="{x(t):.1f}" y="{top + h + 16}" text-anchor="middle">{t:g}</text>')
    parts.append(f'</g><text class="axis" x="{left + w / 2}" y="{top + h + 36}" text-anchor="middle">'
                 f'mean model latency per task, s{" (log scale)" if log else ""}</text>'
                 f'<text class="axis" x="12" y="{top + h / 2}" transform="rotate(-90 12 {top + h / 2})" '
                 'text-anchor="middle">comprehensive reward</text>')
    for i, e in enumerate(sorted(points, key=lambda e: float(e.latency_s.mean or 0))):
        cx, cy = x(float(e.latency_s.mean or 0)), y(e.comprehensive_reward or 0.0)
        ly = cy - 9 if i % 2 == 0 else cy + 16  # neighbours' labels alternate above and below their points
        tip = escape(f"{e.model} ({protocol_of(e)}, {e.backend}): {e.comprehensive_reward:.2f} at "
                     f"{e.latency_s.mean:.2f} s")
        parts.append(f'<g data-entry="1" data-backend="{escape(e.backend)}" data-protocol="{escape(protocol_of(e))}">'
                     f'<circle class="pt" cx="{cx:.1f}" cy="{cy:.1f}" r="6"><title>{tip}</title></circle>'
                     f'<text class="lbl" x="{cx + 6:.1f}" y="{ly:.1f}">{escape(_label(e))}</text></g>')
    if not points:
        parts.append(f'<text class="axis" x="{left + w / 2}" y="{top + h / 2}" text-anchor="middle">'
                     "no entry has both a score and a model latency yet</text>")
    parts.append("</svg>")
    return "\n".join(parts) + note


def _label(e: Entry) -> str:
    """The model, and the decoding method of a local entry (two methods of one model are two points)."""
    return f"{e.model} · {e.decoding[0].method}" if e.decoding else e.model


def _filters(board: Leaderboard) -> str:
    out = []
    for key, values in (("backend", sorted({e.backend for e in board.entries})),
                        ("protocol", sorted({protocol_of(e) for e in board.entries}))):
        options = '<option value="">any</option>' + "".join(
            f'<option value="{escape(v)}">{escape(v)}</option>' for v in values)
        out.append(f'<label>{key} <select data-filter="{key}">{options}</select></label>')
    return f'<div id="filters">{"".join(out)}<span id="shown"></span></div>'


def _note(e: Entry) -> str:
    """The entry's notes, then its bench figures per method (speed-up, τ, α), when it has them."""
    figures = "; ".join(
        f"{f.method}{' (transformers)' if f.engine != 'drafterbench' else ''} {f.speedup:.2f}×"
        + (f" τ {f.tau:.2f}" if f.tau is not None else "") + (f" α {f.alpha:.2f}" if f.alpha is not None else "")
        + ("" if f.identical else " (outputs differ)")
        for f in e.decoding_bench if f.method != "none"
    )
    parts = [p for p in (e.notes, f"bench: {figures}" if figures else "") if p]
    return " — ".join(parts)


def _row(e: Entry, board: Leaderboard, types: list[str], rewards: list[str]) -> str:
    tokens = None if e.prompt_tokens is None else e.prompt_tokens + (e.completion_tokens or 0)
    decoding = e.decoding[0] if e.decoding else None
    comp = _num(e.comprehensive_reward)
    if e.comprehensive_reward_std is not None:
        comp = (comp[0], f"{comp[1]} ± {e.comprehensive_reward_std:.2f}")
    cells = [  # score, then speed and cost beside it; the per-type detail and the run's identity after
        ("l", e.model, e.model), ("l", e.backend, e.backend), ("l", protocol_of(e), protocol_of(e)),
        ("l", metric_of(e), metric_of(e)), ("", *comp),
        *[("", *_num(reward_of(e, r))) for r in rewards],
        ("", *_num(e.latency_s.mean)), ("", *_num(e.latency_s.p95)),
        ("", *(("-1e308", "–") if tokens is None else (str(tokens), f"{tokens:,}"))), ("", *_num(e.cost_usd)),
        ("l", decoding.method if decoding else "", decoding.method if decoding else "–"),
        ("", *_num(speedup(e, board))), ("", *_num(decoding.tau if decoding else None)),
        ("note", _note(e), _note(e)),
        ("", *_num(e.average_tasks)),
        *[("", *_num(e.per_type.get(t))) for t in types],
        ("", *_num(None if e.executable_rate is None else 100 * e.executable_rate, 1)),
        ("", *_num(None if e.state_match_rate is None else 100 * e.state_match_rate, 1)),
        ("l", e.date, e.date), ("l", e.suite_version, e.suite_version),
        ("", str(e.trials), str(e.trials)), ("", str(e.tasks), str(e.tasks)),
    ]
    tds = "".join(f'<td class="{c}" data-v="{escape(k)}">{escape(v)}</td>' for c, k, v in cells)
    return f"<tr>{tds}</tr>"


def render_html(board: Leaderboard) -> str:
    """The leaderboard page: filters, the score-against-latency chart and a sortable table."""
    types = type_columns(board)
    rewards = other_rewards(board)
    head = ["model", "backend", "protocol", "metric", "comprehensive", *[r.replace("_", " ") for r in rewards],
            "latency mean s", "latency p95 s", "tokens", "cost $", "decoding", "speed-up ×", "τ", "notes",
            "average", *types, "executable %", "drawing match %", "date", "suite", "trials", "tasks"]
    left_cols = {"model", "backend", "protocol", "metric", "date", "suite", "decoding", "notes"}
    th = "".join(f'<th class="{"l" if h in left_cols else ""}">{escape(h)}</th>' for h in head)
    body = "\n".join(_row(e, board, types, rewards) for e in board.entries)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>drafterbench leaderboard</title>
<style>{_CSS}</style></head>
<body>
<h1>drafterbench leaderboard</h1>
<p class="sub">Comprehensive reward = average of the 12 per-type scores − (100 − worst type) / 12.
Latency is the model's time per task; speed-up is decoding tokens/s over plain decoding of the same model.
Updated {escape(board.updated or "never")}; {len(board.entries)} entries. Click a column to sort.</p>
{_filters(board)}
<h2>Score against latency</h2>
{_chart(board)}
<h2>All runs</h2>
<div style="overflow-x:auto"><table id="board"><thead><tr>{th}</tr></thead><tbody>
{body}
</tbody></table></div>
<script id="data" type="application/json">{embed_json(board.model_dump(mode="json"))}</script>
<script>{_JS}</script>
</body></html>
"""


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
    write_atomically(Path(path), render_html(board))
