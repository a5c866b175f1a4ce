"""The original's *modification description* shortcut: two matrices that describe the same edits get the
whole 70-point implementation part.

A description has ``files`` (one per record with a save: ``"<path>,<first save path>"`` and, per page, an
entry per saved change maker and repairer) and ``records`` (one per recorder block, saved or not). Then
every dict is key-sorted and *every* list sorted by ``repr``, recursively, and the two are compared.
Kept as the original had it (for comparability): only the last component of a clip (the order or colour)
is kept, one text and one table entry per page survive (a later one replaces the first), a drawing
manipulator is described by its first selection, lists are order-free, and any error while describing
(a malformed value) means "no match".
"""

from __future__ import annotations

import copy
from collections import defaultdict
from typing import Any

from drafterbench.tools.registry import DRAW_FORMAT


def _valid_args(call: dict) -> dict:
    return {k: v[0] for k, v in call.get("arguments_value", []) if v[1]}


def _selection_label(sel: Any) -> str:
    if not sel:
        return "unknown content"
    names = "".join(entry.get("data_name", "drawings") for entry in sel)
    clip = None
    for key, value in sel[0].get("position_arguments", []):
        if key == "clip":
            clip = value[0]
    return f"{names} selected from the {clip.split('-')[-1]} annotation" if clip else f"{names} selected"


def _tail(clip: Any, dev: frozenset[str] = frozenset()) -> Any:
    """The last component of a clip string (its order or colour); with ``page-in-clip``, page and order."""
    return "-".join(clip.split("-")[-2:]) if "page-in-clip" in dev else clip.split("-")[-1]


def _in_clip(entry: dict, clip: Any, content: str, dev: frozenset[str]) -> str:
    """``content`` with `` in clip <order>`` when the clip is valid (also noted in ``entry``)."""
    if clip[1]:
        entry["clip"] = _tail(clip[0], dev)
        return f"{content} in clip {entry['clip']}"
    return content


def _transform(args: dict, dev: frozenset[str]) -> dict:
    out = {}
    for key in ("move", "rotation", "scal"):
        if key in args and args[key][1][1]:
            value = args[key][0]
            value[2] = _tail(value[2], dev)
            out[key] = value
    return out


def _drawing_manipulator(args: dict, calls: list, pages: dict, dev: frozenset[str]) -> None:
    label = "refreshed" if any(c["tool_name"] == "update_drawings" for c in calls) else "added"
    sel = args.get("sel_drawings")[0]
    content = f"{_selection_label(sel)} {label}"
    clip = _tail(dict(sel[0].get("position_arguments")).get("clip")[0], dev)
    fmt = {k: args[k][0] for k in DRAW_FORMAT if k in args and args[k][1]}
    vector = sel if "all-selections" in dev else sel[0]
    pages[args["page"][0]].append({"content": content, "vector": vector, "format": fmt, "clip": clip})


def _drawer(args: dict, calls: list, pages: dict, dev: frozenset[str]) -> None:
    page = args["page"][0]
    for item in args["listofdraw"][0] or []:
        entry: dict[str, Any] = {}
        clip = dict(item.get("position_arguments")).get("clip")
        content = _in_clip(entry, clip, f"deleted {item.get('data_name', 'drawings')}", dev)
        entry.update({"content": content, "vector": item if item else None})
        pages[page].append(copy.deepcopy(entry))


def _projector(args: dict, calls: list, pages: dict, dev: frozenset[str]) -> None:
    page = args["page"][0]
    entry: dict[str, Any] = {"transform": _transform(args, dev)}
    entry["content"] = _in_clip(entry, args.get("clip"), "area mapped", dev)
    pages[page].append(entry)


def _draw_projector(args: dict, calls: list, pages: dict, dev: frozenset[str]) -> None:
    page = args["page"][0]
    entry: dict[str, Any] = {"transform": _transform(args, dev)}
    sel = args.get("sel_drawings")
    if sel and sel[1]:
        for item in sel[0]:
            target = item["data_name"]
            content = _in_clip(
                entry, args.get("clip"), f"{target} mapped" if target else "vectors mapped", dev
            )
            entry.update({"content": content, "vector": item if target else None})
            pages[page].append(copy.deepcopy(entry))


def _cleaner(args: dict, calls: list, pages: dict, dev: frozenset[str]) -> None:
    clip = args["clip"][0]
    pages[args["page"][0]].append(
        {"content": f"deleted all drawings in clip {_tail(clip, dev)}", "clip": _tail(clip, dev)}
    )


def _repairer(args: dict, calls: list, pages: dict, dev: frozenset[str]) -> None:
    page = args["page"][0]
    sel = args.get("sel_drawings", (None, False))[0]
    if sel:
        content = "repaired " + ", ".join(sorted({item.get("data_name", "drawings") for item in sel}))
    else:
        content = "repaired drawings indiscriminately"
    entry: dict[str, Any] = {}
    entry["content"] = _in_clip(entry, args.get("clip"), content, dev)
    pages[page].append(entry)


def _one_per_page(pages: dict, page: Any, entry: dict, dev: frozenset[str]) -> None:
    """The original kept one text/table entry per page (a later one replaced the first entry)."""
    if pages[page] and "all-entries" not in dev:
        pages[page][0] = entry
    else:
        pages[page].append(entry)


def _table(args: dict, calls: list, pages: dict, dev: frozenset[str]) -> None:
    page = args["page"][0]
    names = {c["tool_name"] for c in calls}
    data_arg, data = args.get("data"), None
    refresh = False
    if data_arg and data_arg[1]:
        data = data_arg[0]
        refresh = (
            isinstance(data, list) and len(data) == 1 and isinstance(data[0], list) and bool(data[0])
            and isinstance(data[0][0], dict) and data[0][0].get("data_name") == "table_data"
        )  # fmt: skip
    revised = bool({"empty_table", "modify_table", "cut_table"} & names)
    content = "table revised" if revised else "table refreshed" if refresh else "table added"
    fmt = {
        k: args[k][0]
        for k in ("font", "font_size", "border_width", "align", "arrange")
        if k in args and args[k][1]
    }
    entry: dict[str, Any] = {"data": data}
    if revised:
        ops = []
        for call in calls:
            a = _valid_args(call)
            if call["tool_name"] == "empty_table":
                ops.append(
                    {"type": "clear", "start_cell": a.get("start_cell"), "end_cell": a.get("end_cell")}
                )
            elif call["tool_name"] == "modify_table":
                ops.append({"type": "replace", "start_cell": a.get("start_cell"), "end_cell": a.get("end_cell"),
                            "rep_data": a.get("rep_data")})  # fmt: skip
            elif call["tool_name"] == "cut_table":
                ops.append({"type": "delete", "delrow": a.get("delrow"), "delcolumn": a.get("delcolumn")})
        if ops:
            entry["operations"] = ops
    clip = args.get("clip")
    if clip[1]:
        content += f" in clip {_tail(clip[0], dev)}"
        if revised:
            content += f" extracted from {args['doc'][0]}, page {args['page'][0]}, clip {args['clip'][0]}"
        entry["clip"] = _tail(clip[0], dev)
    entry["content"] = content
    if fmt:
        entry["format"] = fmt
    _one_per_page(pages, page, entry, dev)


def _text(args: dict, calls: list, pages: dict, dev: frozenset[str]) -> None:
    page = args["page"][0]
    while calls and calls[-1]["tool_name"] != "add_text":  # calls after the last add_text are dropped
        calls.pop()
    names = [c["tool_name"] for c in calls]
    revise = any(n in ("delete_text", "replace_text") for n in names)
    refresh = any(n in ("get_ver_text", "get_hor_text") for n in names)
    text = args.get("text")[0]
    shown = text if text != "Unknown" else "Unknown text"
    label = f"{shown} revised" if revise else f"{shown} refreshed" if refresh else f"new text added '{text}'"
    entry: dict[str, Any] = {"data": text}
    label = entry["content"] = _in_clip(entry, args.get("clip"), label, dev)
    if "revised" in label:
        ops = []
        for call in calls:
            a = _valid_args(call)
            if call["tool_name"] == "delete_text":
                ops.append({"type": "delete", "deltex": a.get("deltex")})
            elif call["tool_name"] == "replace_text":
                ops.append({"type": "replace", "retext": a.get("retext"), "totext": a.get("totext")})
        if ops:
            entry["operations"] = ops
    fmt = {
        k: args[k][0]
        for k in ("font", "fontsize", "textcolor", "fill", "rotate", "align")
        if k in args and args[k][1]
    }
    if fmt:
        entry["format"] = fmt
    _one_per_page(pages, page, entry, dev)


#: The call that applies each change maker (``applied-only``: without it, nothing is described).
_APPLY = {
    "instantiate_drawing_manipulator": ("update_drawings", "add_standrawings"),
    "instantiate_table_manipulator": ("add_table",),
    "instantiate_text_manipulator": ("add_text",),
    "instantiate_drawer": ("delete_drawings",),
    "instantiate_cleaner": ("clean_drawings",),
    "instantiate_repairer": ("repair_drawings",),
    "instantiate_projector": ("project",),
    "instantiate_draw_projector": ("project",),
}

_HANDLERS = {
    "instantiate_drawing_manipulator": _drawing_manipulator,
    "instantiate_table_manipulator": _table,
    "instantiate_text_manipulator": _text,
    "instantiate_drawer": _drawer,
    "instantiate_cleaner": _cleaner,
    "instantiate_repairer": _repairer,
    "instantiate_projector": _projector,
    "instantiate_draw_projector": _draw_projector,
}


def _applied(block: dict) -> bool:
    names = {c["tool_name"] for c in block.get("tool_callings", [])}
    return bool(names & set(_APPLY.get(block.get("operation"), ())))


def _pages(record: dict, dev: frozenset[str]) -> dict:
    pages: dict = defaultdict(list)
    for phase in ("change_maker", "post_change_maker"):
        if phase not in record:
            return pages
        for block in record[phase]:
            handler = _HANDLERS.get(block.get("operation"))
            if "applied-only" in dev and not _applied(block):
                continue
            if block.get("save") and handler:
                handler(dict(block["arguments_value"]), block.get("tool_callings", []), pages, dev)
    return pages


def description(matrix: list[dict], dev: frozenset[str] = frozenset()) -> dict:
    """The original's modification description of a matrix (raises on a malformed value, as it did)."""
    matrix = copy.deepcopy(matrix)
    files, records = [], []
    for record in matrix:
        saves = record.get("save")
        final = saves[0]["save_path"][0] if saves else None
        if final:
            pages = _pages(record, dev)
            files.append({"filename": record["filepath"][0] + "," + final,
                          "page": [{"page_num": k, "contents": v} for k, v in pages.items()]})  # fmt: skip
    for record in matrix:
        path = record.get("filepath", ["missing"])[0]
        for block in record.get("recorder", []):
            a = _valid_args(block)
            clip = a.get("clip")
            records.append({"filename": path, "page": a.get("page"),
                            "clip": clip.split("-")[-1] if isinstance(clip, str) else clip,
                            "action": a.get("action"), "complete": a.get("complete")})  # fmt: skip
    return {"files": files, "records": records}


def canonical(value: Any) -> Any:
    """Keys sorted, every list sorted by ``repr`` (recursively), tuples as lists."""
    if isinstance(value, dict):
        return {k: canonical(value[k]) for k in sorted(value)}
    if isinstance(value, (list, tuple)):
        return sorted((canonical(v) for v in value), key=repr)
    return value


def _keep_order(value: Any) -> Any:
    """Keys sorted and tuples as lists, list order kept (``ordered-values``)."""
    if isinstance(value, dict):
        return {k: _keep_order(value[k]) for k in sorted(value)}
    if isinstance(value, (list, tuple)):
        return [_keep_order(v) for v in value]
    return value


def _collections_sorted(desc: dict) -> dict:
    """Only the collections order-free: files, pages, page entries, records."""

    def by_repr(items: list) -> list:
        return sorted(items, key=repr)

    files = [
        {"filename": f["filename"],
         "page": by_repr([{"page_num": p["page_num"], "contents": by_repr([_keep_order(e) for e in p["contents"]])}
                          for p in f["page"]])}
        for f in desc["files"]
    ]  # fmt: skip
    return {"files": by_repr(files), "records": by_repr([_keep_order(r) for r in desc["records"]])}


def descriptions_match(
    predicted: list[dict], reference: list[dict], dev: frozenset[str] = frozenset()
) -> bool:
    try:
        pred, ref = description(predicted, dev), description(reference, dev)
    except Exception:  # noqa: BLE001 - the original treated any failure to describe as "no match"
        return False
    if "ordered-values" in dev:
        return _collections_sorted(pred) == _collections_sorted(ref)
    return canonical(pred) == canonical(ref)
