"""HTML helpers shared by the run viewer and the leaderboard page: escaping, safe embedded JSON, the shell.

Everything from a model or a log (replies, programs, model names, error messages, notes) reaches a page
either escaped by :func:`escape` or as JSON inside ``<script type="application/json">`` made safe by
:func:`embed_json`, and the pages' scripts put it into the DOM with ``textContent`` only.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

# Inside <script>, "</script>", "<!--" and "<script" change how the HTML parser reads on; JSON never needs
# a literal "<", ">" or "&", so escaping them as \u003c... keeps the data inert and still valid JSON.
# U+2028/2029 are escaped too: they end a line in older JavaScript string literals.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


def escape(value: object) -> str:
    """``value`` as text in HTML (element content or a quoted attribute)."""
    return html.escape(str(value), quote=True)


def embed_json(data: object) -> str:
    """``data`` as JSON safe to place inside a ``<script type="application/json">`` element."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)


BASE_CSS = """
:root{--fg:#1d2430;--dim:#5b6576;--line:#e3e7ee;--head:#f3f5f9;--good:#1f7a3f;--bad:#b42318;--acc:#3b6fd8}
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:1.5rem 2rem;color:var(--fg);background:#fff}
h1{font-size:1.45rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.6rem 0 .5rem}h3{font-size:1rem;margin:1rem 0 .4rem}
p.sub,.dim{color:var(--dim)}a{color:var(--acc)}
table{border-collapse:collapse;font-size:.85rem}
th,td{padding:.3rem .55rem;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
th{background:var(--head)}th.l,td.l{text-align:left}
.good{color:var(--good)}.bad{color:var(--bad)}
pre{background:#f7f8fa;border:1px solid var(--line);padding:.6rem;overflow:auto;font-size:.8rem;white-space:pre-wrap;
word-break:break-word;margin:0}
.grid{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}
.kv td:first-child{text-align:left;color:var(--dim)}
.warn{background:#fff4e5;border:1px solid #f5c26b;padding:.5rem .8rem;border-radius:4px}
"""


def page(title: str, body: str, *, css: str = "", script: str = "") -> str:
    """A whole HTML document with its CSS and script inline (no external assets, works from ``file://``).

    ``title`` is escaped here; ``body`` must already be HTML built with :func:`escape`.
    """
    js = f"<script>{script}</script>" if script else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' data: file:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>{escape(title)}</title>
<style>{BASE_CSS}{css}</style></head>
<body>
{body}
{js}
</body></html>
"""


def write_text(path: Path, text: str) -> None:
    """Write a page (its folder is created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
