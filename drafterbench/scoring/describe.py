"""Modification descriptions: what a program changes, independent of how it is written (catalog §6).

Two programs whose saved changes and recorders describe the same modifications earn the whole 70-point
implementation part. A description is built from the trace as::

    {"files":   [{"filename": "<path>,<saved path>", "page": [{"page_num": p, "contents": [entry, ...]}]}],
     "records": [{"filename", "page", "clip", "action", "complete"}, ...]}

and compared after canonicalisation (dict keys sorted, every list sorted, so order never matters).
Unlike the original, every table and text entry on a page is kept (the original kept only the last one
per page), a change maker whose applying method was never called changes nothing, and every selected
vector class is described (the original kept the first selection only), and value lists (a move, a table's
rows) keep their order. See docs/differences.md.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from drafterbench.tools.registry import DRAW_FORMAT, method_spec
from drafterbench.tools.trace import Block, BlockRole, FileTrace, Trace

from .prepare import is_missing_path, recorder_fields

logger = logging.getLogger(__name__)

_TEXT_FORMAT = ("font", "fontsize", "textcolor", "fill", "rotate", "align")
_TABLE_FORMAT = ("font", "font_size", "fontsize", "border_width", "borderwidth", "align", "arrange")
_TRANSFORMS = ("move", "rotation", "scal")


def _value(block: Block, name: str, *, valid_only: bool = True) -> Any:
    arg = block.argument(name)
    if arg is None or (valid_only and not arg.valid):
        return None
    return arg.value


def _first(args: dict[str, Any], *names: str) -> Any:
    """The first of several spellings of an argument (the trace records the original's names)."""
    return next((args[n] for n in names if args.get(n) is not None), None)


def _formats(block: Block, names: tuple[str, ...]) -> dict[str, Any]:
    return {n: v for n in names if (v := _value(block, n)) is not None}


def _clip_tail(clip: Any) -> str:
    """The page and order (or colour) of a recorded clip string ``"<path>-<page>-<order>"``.

    The original keeps only the order, so a rectangle taken from the wrong page still matched; keeping
    the page too makes such a program lose the description match (see docs/differences.md).
    """
    return "-".join(str(clip).rsplit("-", 2)[-2:]) if clip is not None else "None"


def _selections(value: Any) -> list[dict]:
    return [s for s in value if isinstance(s, dict)] if isinstance(value, list) else []


def _reduce_rfpoint(value: Any) -> Any:
    # The reference point inside a transform is a recorded clip string: keep its last component.
    if isinstance(value, list) and value:
        return [*value[:-1], _clip_tail(value[-1]) if isinstance(value[-1], str) else value[-1]]
    return value


def _applies(block: Block, tool: str) -> bool:
    """True when ``tool`` is a call that makes the block's change happen (its registry entry ``applies``)."""
    spec = method_spec(block.cls, tool)
    return spec is not None and spec.applies


def _edits(block: Block, tool: str) -> bool:
    """True when ``tool`` edits the block's working value (``deletetext``, ``cuttable``, ...)."""
    spec = method_spec(block.cls, tool)
    return spec is not None and spec.edits


def _assigns(block: Block, tool: str) -> bool:
    """True when ``tool``'s result becomes the block's working value (a read or an edit of it)."""
    spec = method_spec(block.cls, tool)
    return spec is not None and spec.assigns is not None


def _transform(block: Block) -> dict[str, Any]:
    return {n: _reduce_rfpoint(v) for n in _TRANSFORMS if (v := _value(block, n)) is not None}


def _text_entries(block: Block, clip: str) -> list[dict]:
    calls = [c.tool for c in block.calls]
    last_add = max(i for i, t in enumerate(calls) if t == "addtext")
    calls = calls[: last_add + 1]  # what happens after the last addtext never reaches the drawing
    text = _value(block, "text")
    entry: dict[str, Any] = {"data": text, "format": _formats(block, _TEXT_FORMAT), "clip": clip}
    if any(_edits(block, t) for t in calls):
        entry["content"] = f"text revised in clip {clip}"
        ops = []
        for call in block.calls[: last_add + 1]:
            args = {a.name: a.value for a in call.arguments if a.valid}
            if call.tool == "deletetext":
                ops.append({"type": "delete", "deltex": args.get("deltex")})
            elif call.tool == "replacetext":
                ops.append({"type": "replace", "retext": args.get("retext"), "totext": args.get("totext")})
        entry["operations"] = ops
    elif any(_assigns(block, t) for t in calls):  # the text was read back from the drawing
        entry["content"] = f"text refreshed in clip {clip}"
    else:
        entry["content"] = f"new text added {text!r} in clip {clip}"
    return [entry]


def _table_entries(block: Block, clip: str) -> list[dict]:
    calls = {c.tool for c in block.calls}
    data = _value(block, "data", valid_only=False)
    entry: dict[str, Any] = {"data": data, "format": _formats(block, _TABLE_FORMAT), "clip": clip}
    if any(_edits(block, t) for t in calls):
        ops = []
        for call in block.calls:
            args = {a.name: a.value for a in call.arguments if a.valid}
            if call.tool == "emptytable":
                ops.append(
                    {
                        "type": "clear",
                        "start_cell": _first(args, "start_cell", "startcell"),
                        "end_cell": _first(args, "end_cell", "endcell"),
                    }
                )
            elif call.tool == "modifytable":
                ops.append(
                    {
                        "type": "replace",
                        "start_cell": _first(args, "start_cell", "startcell"),
                        "end_cell": _first(args, "end_cell", "endcell"),
                        "rep_data": _first(args, "rep_data", "repdata"),
                    }
                )
            elif call.tool == "cuttable":
                ops.append(
                    {"type": "delete", "delrow": args.get("delrow"), "delcolumn": args.get("delcolumn")}
                )
        entry["operations"] = ops
        source = data if isinstance(data, dict) else {}
        entry["content"] = (
            f"table revised in clip {clip} extracted from {source.get('doc')}, page "
            f"{source.get('page')}, clip {source.get('clip')}"
        )
    elif isinstance(data, dict) and data.get("ref") == "table_data":
        entry["content"] = f"table refreshed in clip {clip}"
    else:
        entry["content"] = f"table added in clip {clip}"
    return [entry]


def _change_entries(block: Block) -> list[dict]:
    """The description entries of one saved change maker (empty when it never applied its change)."""
    if not any(_applies(block, c.tool) for c in block.calls):
        return []
    clip = _clip_tail(_value(block, "clip", valid_only=False))
    if block.cls == "manipulate_text":
        return _text_entries(block, clip)
    if block.cls == "manipulate_table":
        return _table_entries(block, clip)
    if block.cls == "manipulate_draw":
        sel = _selections(_value(block, "sel_drawings"))
        clip = _clip_tail(sel[0].get("clip")) if sel else "None"
        names = sorted({s.get("data_name") for s in sel}, key=str)
        verb = "refreshed" if "update_draw" in {c.tool for c in block.calls} else "added"
        return [
            {
                "content": f"{names} selected from the {clip} annotation {verb}",
                "vector": sel,
                "format": _formats(block, DRAW_FORMAT),
                "clip": clip,
            }
        ]
    if block.cls == "draw_drawer":
        items = _selections(_value(block, "listofcdraw")) or _selections(_value(block, "listofdraw"))
        return [
            {
                "content": f"deleted {s.get('data_name')} in clip {_clip_tail(s.get('clip'))}",
                "vector": s,
                "clip": _clip_tail(s.get("clip")),
            }
            for s in items
        ]
    if block.cls == "delete":
        return [{"content": f"deleted all drawings in clip {clip}", "clip": clip}]
    if block.cls == "repairer":
        sel = _selections(_value(block, "sel_drawings"))
        what = str(sorted({s.get("data_name") for s in sel}, key=str)) if sel else "drawings indiscriminately"
        return [{"content": f"repaired {what} in clip {clip}", "clip": clip}]
    if block.cls == "Projector":
        return [{"content": f"area mapped in clip {clip}", "transform": _transform(block), "clip": clip}]
    if block.cls == "project_draw":
        transform = _transform(block)
        return [
            {
                "content": f"{s.get('data_name')} mapped in clip {clip}",
                "vector": s,
                "transform": transform,
                "clip": clip,
            }
            for s in _selections(_value(block, "sel_drawings"))
        ]
    return []


def _file_entry(file: FileTrace) -> dict | None:
    saves = sorted({str(s.path) for s in file.saves if s.valid})
    if not saves:
        return None
    pages: dict[str, list[dict]] = {}
    for role in (BlockRole.CHANGE_MAKER, BlockRole.POST_CHANGE_MAKER):
        for block in file.blocks_in(role):
            if not block.saved:
                continue
            page = _value(block, "page", valid_only=False)
            if page is None:
                page = _value(block, "pagenumber", valid_only=False)
            pages.setdefault(json.dumps(page), []).extend(_change_entries(block))
    return {
        "filename": f"{file.path},{','.join(saves)}",
        "page": [{"page_num": json.loads(k), "contents": v} for k, v in pages.items() if v],
    }


def _records(file: FileTrace) -> list[dict]:
    out = []
    for block in file.blocks_in(BlockRole.RECORDER):
        f = recorder_fields(block)
        record = {
            "filename": f["doc"]
            if f["doc"] is not None
            else (None if is_missing_path(file.path) else file.path),
            "page": f["page"],
            "clip": _clip_tail(f["clip"]) if f["clip"] is not None else None,
            "action": f["action"],
        }
        if f["complete"]:
            record["complete"] = "non_complete"
        out.append(record)
    return out


def describe(trace: Trace) -> dict:
    """The modification description of a (prepared) trace."""
    files = [e for f in trace.files if (e := _file_entry(f)) is not None]
    records = [r for f in trace.files for r in _records(f)]
    return {"files": files, "records": records}


#: The lists that are collections (their order is the program's, not the drawing's).
_UNORDERED = frozenset({"files", "page", "contents", "records"})


def canonical(value: Any, *, unordered: bool = False) -> Any:
    """Sorted keys; collection lists sorted by their canonical JSON; value lists kept in order.

    The original sorted *every* list, so a swapped ``move=[dx, dy, ...]`` or a table with its cells in
    another order still matched; only the collection lists (files, pages, entries, records) are sorted here.
    """
    if isinstance(value, dict):
        return {
            str(k): canonical(v, unordered=str(k) in _UNORDERED)
            for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))
        }
    if isinstance(value, (list, tuple)):
        items = [canonical(v) for v in value]
        if unordered:
            items.sort(key=lambda v: json.dumps(v, sort_keys=True, default=repr))
        return items
    return value


def descriptions_match(reference: Trace, predicted: Trace) -> bool:
    """Whether two prepared traces describe the same modifications."""
    try:
        ref = canonical(describe(reference))
        pred = canonical(describe(predicted))
    except (TypeError, ValueError) as exc:  # an odd recorded value: no match, as in the original
        logger.debug("descriptions not comparable: %s", exc)
        return False
    return json.dumps(ref, sort_keys=True, default=repr) == json.dumps(pred, sort_keys=True, default=repr)
