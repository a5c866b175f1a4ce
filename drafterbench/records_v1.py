"""Task records as run-log schema 1 wrote them, read into today's shape.

Schema 1 stored a task's score three times over: ``score`` (the total), ``score_detail`` (the scorer's
TaskScore as JSON, diagnostics included) and ``diagnostics`` (the same diagnostics as strings), and the
state check as a free dict (``{"match": ..., **StateMatch}``, or ``{"match": true, "score": 1.0,
"same_program": true}``). Schema 2 stores the TaskScore and the StateMatch once; :func:`upgraded` turns a
schema-1 record into that, so old logs still load, report the same figures and re-score.
"""

from __future__ import annotations

from typing import Any

#: Keys only a schema-1 record has.
_V1_KEYS = ("score", "score_detail", "diagnostics")


def upgraded(data: Any) -> Any:
    """``data`` (a task record's JSON object) in schema 2; anything else is returned as it is, for the
    record's own validation to name what is wrong."""
    if not isinstance(data, dict):
        return data
    old_state = isinstance(data.get("state"), dict) and "match" in data["state"]
    if not old_state and not any(k in data for k in _V1_KEYS):
        return data
    out = {k: v for k, v in data.items() if k not in _V1_KEYS}
    detail = data.get("score_detail")
    if detail is not None and "task_score" not in out:
        out["task_score"] = detail  # the total equals ``score``; the diagnostics are the detail's own
    state = data.get("state")
    if isinstance(state, dict) and "match" in state:
        rest = {k: v for k, v in state.items() if k != "match"}
        rest.setdefault("score", 1.0 if state["match"] else 0.0)
        out["state"] = rest
    return out
