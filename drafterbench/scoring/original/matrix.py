"""Our Trace rebuilt as the original's *information matrix*: one record per ``open`` (and per recorder).

The original's recording ("dual") functions kept a list of file records. Each ``open`` made a record of its
own (the same drawing opened twice: two records), and so did each recorder. A record holds the file path,
the lists ``extractor``, ``selector``, ``select_from_drawings``, ``table_extractor``, ``change_maker``,
``post_change_maker`` and ``recorder`` (each created on first use, and the metric only walks lists that
exist), and the ``save`` list. A class block is a dict of its operation, its ``arguments_value`` as
``(name, (value, valid))`` in the class's own argument order, its declarations and its ``tool_callings``;
an identical block made again (same everything but the calls) was reused, an identical call stored once,
and a valid ``save`` marked the change makers, repairers and recorders existing at that moment as saved
(only when the record had a change maker).

:func:`build_matrix` replays a Trace in that shape. It returns None where the original's run would have
raised (the program stopped, a recorder given no string): the original's evaluator scored such an answer 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from drafterbench.tools.handles import UNKNOWN_CLIP
from drafterbench.tools.registry import DRAW_FORMAT
from drafterbench.tools.trace import Argument, Provenance

from . import dual

Matrix = list[dict[str, Any]]


@dataclass(frozen=True)
class ClassSpec:
    """How the original recorded one tool class."""

    operation: str
    key: str  # the record list it goes into
    args: tuple[str, ...]  # arguments_value names, in the original's order
    transferred: tuple[str, ...] = ()
    defined: tuple[str, ...] = ()
    vague: tuple[str, ...] = ()


_LOC = ("doc", "page", "clip")
_TRANSFORM = ("move", "rotation", "scal")
_TEXT_FORMAT = ("font", "fontsize", "textcolor", "fill", "rotate", "align")
_TABLE_FORMAT = ("font", "font_size", "border_width", "align")

CLASSES: dict[str, ClassSpec] = {
    "extractanno": ClassSpec("instantiate_extractor", "extractor", ("doc",), ("doc",)),
    "selector": ClassSpec("instantiate_selector", "selector", _LOC, _LOC),
    "select_from_drawings": ClassSpec(
        "instantiate_selector", "select_from_drawings", ("doc", "page", "cdrawings"), ("doc", "page", "cdrawings")
    ),
    "manipulate_text": ClassSpec(
        "instantiate_text_manipulator", "change_maker", (*_LOC, "text", *_TEXT_FORMAT), _LOC,
        ("text", *_TEXT_FORMAT), _TEXT_FORMAT,
    ),
    "extract_table": ClassSpec("instantiate_table_extractor", "table_extractor", _LOC, _LOC),
    # ``data`` is always first-defined: the dual tested the first *row* for a dict, never the cell.
    "manipulate_table": ClassSpec(
        "instantiate_table_manipulator", "change_maker", (*_LOC, "data", "arrange", *_TABLE_FORMAT), _LOC,
        ("arrange", *_TABLE_FORMAT, "data"), _TABLE_FORMAT,
    ),
    "draw_drawer": ClassSpec(
        "instantiate_drawer", "change_maker", ("doc", "page", "listofdraw"), ("doc", "page", "listofdraw")
    ),
    "delete": ClassSpec("instantiate_cleaner", "change_maker", _LOC, _LOC),
    "repairer": ClassSpec(
        "instantiate_repairer", "post_change_maker", (*_LOC, "sel_drawings", "cdrawings"),
        (*_LOC, "sel_drawings", "cdrawings"),
    ),
    "manipulate_draw": ClassSpec(
        "instantiate_drawing_manipulator", "change_maker", ("doc", "page", "sel_drawings", *DRAW_FORMAT),
        ("doc", "page", "sel_drawings"), DRAW_FORMAT, DRAW_FORMAT,
    ),
    "Projector": ClassSpec(
        "instantiate_projector", "change_maker", (*_LOC, *_TRANSFORM), _LOC, _TRANSFORM, _TRANSFORM
    ),
    "project_draw": ClassSpec(
        "instantiate_draw_projector", "change_maker", (*_LOC, *_TRANSFORM, "sel_drawings", "cdrawings"),
        (*_LOC, "sel_drawings", "cdrawings"), _TRANSFORM, _TRANSFORM,
    ),
    "recorder": ClassSpec(
        "instantiate_recorder", "recorder", (*_LOC, "action", "complete"), (), (*_LOC, "action", "complete")
    ),
}  # fmt: skip

#: Our method names -> the original's recorded tool names, and each tool's recorded arguments.
TOOLS: dict[str, tuple[str, tuple[str, ...]]] = {
    "getclip_rfpoint": ("exract_rect", ("page", "order")),
    "anno": ("exract_anno", ("page", "order")),
    "get_rebar_column": ("select_rebar_and_columns", ()),
    "addtext": ("add_text", ()),
    "gethortext": ("get_hor_text", ()),
    "getvertext": ("get_ver_text", ()),
    "deletetext": ("delete_text", ("deltex",)),
    "replacetext": ("replace_text", ("retext", "totext")),
    "addtable": ("add_table", ()),
    "cuttable": ("cut_table", ("delrow", "delcolumn")),
    "emptytable": ("empty_table", ("start_cell", "end_cell")),
    "modifytable": ("modify_table", ("start_cell", "end_cell", "rep_data")),
    "delete_draw": ("delete_drawings", ()),
    "applydelete": ("clean_drawings", ()),
    "del_repair": ("repair_drawings", ()),
    "update_draw": ("update_drawings", ()),
    "add_standrawing": ("add_standrawings", ()),
    "project": ("project", ()),
    "recording": ("record", ()),
}
_MODE = re.compile(r"mode([12])_(drawings|lines|rebars|columns)_")

# Arguments whose default in the dual was the string "Unknown" (an absent one records that, invalid).
_UNKNOWN_DEFAULT = frozenset({"doc", "page", "clip", "data", "listofdraw", "rep_data"})


def tool_name(method: str) -> str:
    if method in TOOLS:
        return TOOLS[method][0]
    found = _MODE.match(method)
    return f"select_mode{found.group(1)}_{found.group(2)}" if found else method


# ----------------------------------------------------------------------------------------- values


def _doc_pair(path: Any) -> tuple[Any, bool]:
    return (path, dual.path_valid(path))


def _entry(value: Any) -> Any:
    """One selection entry of our Trace in the dual's shape (``position_arguments``)."""
    if not (isinstance(value, dict) and set(value) == {"data_name", "doc", "page", "clip"}):
        return value
    doc, page, clip = value["doc"], value["page"], value["clip"]
    if value["data_name"] == "drawings":  # anno(): the dual recorded the colour alone as the clip
        colour = dual.clip_parts(clip, doc, page)
        clip_pair = (colour, isinstance(colour, str))
    else:
        clip_pair = (clip, isinstance(clip, str) and clip != UNKNOWN_CLIP)
    return {
        "data_name": value["data_name"],
        "position_arguments": [("doc", _doc_pair(doc)), ("page", (page, dual.page_valid(page))), ("clip", clip_pair)],
    }  # fmt: skip


def _selection(value: Any) -> tuple[Any, bool]:
    """The dual's ``drawing_list_check``: a list of entries with exactly the two keys."""
    if type(value) is not list:
        return (value, False)
    entries = [_entry(v) for v in value]
    ok = all(type(e) is dict and list(e) == ["data_name", "position_arguments"] for e in entries)
    return (entries, ok)


def _rect_of_selection(value: Any) -> tuple[str, bool]:
    """``select_from_drawings``' cdrawings, which the dual reduced to ``"<doc>-<page>-<clip>"``."""
    entries, ok = _selection(value)
    if not (ok and entries):
        return (UNKNOWN_CLIP, False)
    parts = [v for _, v in entries[0]["position_arguments"]]
    return ("-".join(str(p[0]) for p in parts), all(p[1] for p in parts))


def _table_data(value: Any) -> Any:
    if isinstance(value, dict) and value.get("ref") == "table_data":
        doc, page, clip = value.get("doc"), value.get("page"), value.get("clip")
        ref = {
            "data_name": "table_data",
            "position_arguments": [
                ("doc", _doc_pair(doc)), ("page", (page, dual.page_valid(page))),
                ("clip", (clip, isinstance(clip, str) and clip != UNKNOWN_CLIP)),
            ],
        }  # fmt: skip
        return [[ref]]
    return value


def is_extracted(value: Any) -> bool:
    """Whether a recorded table ``data`` is an extractor's (not a literal table)."""
    return isinstance(value, dict) and value.get("ref") == "table_data"


def _clip(arg: Argument | None) -> tuple[Any, bool]:
    if arg is None or arg.provenance is not Provenance.TRANSFERRED or not isinstance(arg.value, str):
        return (UNKNOWN_CLIP, False)
    return (arg.value, arg.value != UNKNOWN_CLIP)


def _raw(arg: Argument | None, name: str) -> Any:
    if arg is None:
        return "Unknown" if name in _UNKNOWN_DEFAULT else None
    if arg.provenance is Provenance.DEFAULT and arg.value is None and name in _UNKNOWN_DEFAULT:
        return "Unknown"
    return arg.value


def _ours(pair: Any, arg: Argument | None, dev: frozenset[str]) -> Any:
    """With ``strict-values``: the validity our tools gave the value, in the dual's shape."""
    if "strict-values" not in dev or arg is None or arg.provenance is Provenance.DEFAULT or arg.valid:
        return pair
    value, inner = pair
    if isinstance(inner, tuple):  # a transform: (value, (value, valid))
        return (value, (inner[0], False))
    return (value, False)


def block_value(
    cls: str, name: str, arg: Argument | None, doc: tuple[Any, bool], dev: frozenset[str] = frozenset()
) -> Any:
    """The dual's ``(value, valid)`` (or nested, for transforms) of one constructor argument.

    ``dev`` names deviations (:mod:`.deviations`) to apply instead of the dual's rule.
    """
    return _ours(_dual_value(cls, name, arg, doc, dev), arg, dev) if name != "doc" else doc


def _dual_value(cls: str, name: str, arg: Argument | None, doc: tuple[Any, bool], dev: frozenset[str]) -> Any:
    if name == "doc":
        return doc
    if name == "clip":
        return _clip(arg)
    raw = _raw(arg, name)
    if name == "page":
        return (raw, dual.page_valid(raw))
    if name in ("data", "arrange"):
        evaluate = "table-cells-raw" not in dev
        return dual.rows_check(_table_data(raw) if name == "data" else raw, evaluate=evaluate)
    if name in ("sel_drawings", "listofdraw") or (name == "cdrawings" and cls != "select_from_drawings"):
        return _selection(raw)
    if name == "cdrawings":
        return _rect_of_selection(raw)
    if name in _TRANSFORM:
        return dual.transform_check(name, raw, unset_falsy="unset-transforms" in dev)
    if name == "dashes":
        return dual.dashes_check(raw, keep_rejected="dashes-invalid" in dev)
    if name == "font":
        return (raw, dual.member(raw, dual.FONTS))
    if name == "align":
        return (raw, dual.member(raw, dual.TABLE_ALIGN if cls == "manipulate_table" else dual.TEXT_ALIGN))
    if name in ("lineJoin", "lineCap"):
        return (raw, dual.member(raw, (0, 1, 2)))
    if name in ("fontsize", "font_size"):
        return (raw, dual.of_type(raw, int))
    if name in ("rotate", "border_width", "width"):
        return (raw, dual.of_type(raw, int, float))
    if name == "closePath":
        return (raw, dual.of_type(raw, bool))
    return (raw, dual.of_type(raw, str))  # text, textcolor, fill, fillcolor, drwcolor


def tool_value(
    tool: str, name: str, arg: Argument | None, dev: frozenset[str] = frozenset()
) -> tuple[Any, bool]:
    """The dual's ``(value, valid)`` of one method-call argument."""
    return _ours(_dual_tool_value(tool, name, arg), arg, dev)


def _dual_tool_value(tool: str, name: str, arg: Argument | None) -> tuple[Any, bool]:
    raw = None if arg is None else arg.value
    if tool in ("exract_rect", "exract_anno") and name == "page":
        return (raw, dual.of_type(raw, int))
    if tool == "exract_rect":
        return (raw, dual.of_type(raw, int))
    if tool == "exract_anno":
        return (raw, dual.of_type(raw, str))
    if name == "deltex":
        return (raw, not raw or type(raw) is str)
    if name in ("retext", "totext"):
        return (raw, type(raw) is str)
    return dual.list_check(raw)


# ----------------------------------------------------------------------------------------- recorders

_REC = {
    "file": re.compile(r"\s*file-level\s*:\s*(?P<v>[^,\s]*)"),
    "page": re.compile(r"\s*page-level\s*:\s*(?P<v>[^,\s]*)"),
    "order": re.compile(r"\s*order-level\s*:\s*(?P<v>[^,\s]*)"),
    "base": re.compile(r"\s*base-level\s*:\s*(?P<v>.*)"),
}


def _normalised(value: Any) -> Any:
    """Our recorder rule: the words for "not given" are one value, a colour is lower case."""
    if isinstance(value, str):
        word = value.strip().strip("'\"")
        if word.lower() in ("missing", "incomplete", "none", "unknown", ""):
            return "missing"
        return word.lower()
    return value


def recorder_values(
    text: str, dev: frozenset[str] = frozenset()
) -> tuple[tuple[Any, bool], list[tuple[str, Any]]]:
    """The dual's parse of ``missing_information``: the record's path and the five recorded arguments."""
    found = {k: rx.search(text) for k, rx in _REC.items()}
    file = found["file"].group("v") if found["file"] else "Unknown"
    page = dual.literal(found["page"].group("v")) if found["page"] else "Unknown"
    if found["order"]:
        raw = found["order"].group("v")
        order_value = dual.literal(raw)
        order: tuple[Any, Any] = (order_value, raw == "missing" or type(order_value) in (int, str))
    else:
        order = ("U", "n")  # the dual indexed the string "Unknown" as if it were a pair
    if "recorder-normalised" in dev:
        file, page = _normalised(file) if not str(file).endswith(".pdf") else file, _normalised(page)
        order = (_normalised(order[0]), order[1])
    doc = _doc_pair(file)
    if "incomplete-file-valid" in dev and isinstance(file, str) and file.lower() == "incomplete":
        doc = (file, True)
    page_pair = (page, dual.page_valid(page))
    clip = (f"{doc[0]}-{page_pair[0]}-{order[0]}", bool(doc[1] and page_pair[1] and order[1]))
    action = (found["base"].group("v"), True) if found["base"] else ("Unknow", False)
    complete = ("non_complete", True) if "(incomplete)" in text else (None, False)
    return doc, [
        ("doc", doc),
        ("page", page_pair),
        ("clip", clip),
        ("action", action),
        ("complete", complete),
    ]
