"""Reference programs: the correct straight-line Python for a task description (catalog §1, §2, §5.4).

Unlike the original generator (catalog §8) the programs are written the way the prompts teach: ``import fitz``
and ``import PDFbf`` (no ``testf``), one ``open`` and one rectangle extractor per file, one ``getclip_rfpoint``
per rectangle with 0-based keyword arguments, an ``argumentN = dict(...)`` per operation, ``gethortext``,
table alignment as a string, dashes as ``"[n m] p"``, replacement data as a list of rows, widths and heights
expanded to one value per column or row, ``closePath`` a bool and ``lineJoin`` an int, the recorder's string
in one consistently named variable, and ``doc.save(filepath[:-4] + "_updated.pdf")``.

Incomplete objects become recorder calls first (plan step 0), one per incomplete task: per text string in
add_text (as the add_text prompt's example does), per object (rectangle or colour) in the other types.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drafterbench.conventions import is_default
from drafterbench.drawings.spec import BoxSpec
from drafterbench.tasks.describe import base_fragment
from drafterbench.tasks.model import FileTarget, Operation, PageTarget, TargetObject, TaskDescription
from drafterbench.tasktypes import TaskType
from drafterbench.tools.registry import DRAW_FORMAT

BoxLookup = Callable[[str, int, int], BoxSpec | None]

_SELECT = {1: "mode1_{cls}_Window_Cover_Enclosure", 2: "mode2_{cls}_Cross_Touch_Intersect"}
_SEL_PREFIX = {1: "covered", 2: "intersected"}
_TEXT_TYPES = {TaskType.ADD_TEXT, TaskType.REFRESH_TEXT, TaskType.REVISE_TEXT}


def _lit(value: Any) -> str:
    """A Python literal for a JSON-like value (strings double-quoted where possible)."""
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"' if "\n" not in value else repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_lit(v) for v in value) + "]"
    return repr(value)


def _kw(pairs: list[tuple[str, str]]) -> str:
    return ", ".join(f"{k}={v}" for k, v in pairs)


class _Writer:
    """Collects program lines and hands out object indices."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.records = 0

    def add(self, line: str = "") -> None:
        self.lines.append(line)


def object_complete(file: FileTarget, page: PageTarget, obj: TargetObject) -> bool:
    """True when every level above the operations is given (operations are checked one by one)."""
    return file.name is not None and page.number is not None and obj.target is not None


def _recorder(w: _Writer, file: FileTarget, page: PageTarget, obj: TargetObject, ops: list[Operation],
              ttype: TaskType) -> None:
    order = obj.target if obj.target is not None else "missing"
    base = base_fragment(ttype, obj, ops)
    info = (f"file-level: {file.name or 'missing'}, page-level: {page.number or 'missing'}, "
            f"order-level: {order}, base-level: {base}")
    n = w.records
    w.records += 1
    w.add(f"missing_information{n} = {_lit(info)}")
    w.add(f"recorder{n} = PDFbf.recorder(missing_information=missing_information{n})")
    w.add(f"recorder{n}.recording()")


def _executed_ops(ttype: TaskType, obj: TargetObject) -> list[Operation]:
    """The operations of a complete object that run: all, unless one misses a detail (then per granularity)."""
    if ttype is TaskType.ADD_TEXT:
        return [o for o in obj.operations if not o.missing]
    return [] if any(o.missing for o in obj.operations) else list(obj.operations)


def render_program(ttype: TaskType, desc: TaskDescription, box_of: BoxLookup) -> str:
    """The reference program for ``desc``; ``box_of(file, page, rect)`` gives a named box's spec (1-based)."""
    w = _Writer()
    w.add("import fitz")
    w.add("import PDFbf")
    w.add()
    # Plan step 0: record every incomplete task.
    plans: list[tuple[int, FileTarget, list[tuple[PageTarget, TargetObject, list[Operation]]]]] = []
    for d, file in enumerate(desc.files):
        runnable = []
        for page in file.pages:
            for obj in page.objects:
                if not object_complete(file, page, obj):
                    # One record per incomplete task: per string in add_text, per object elsewhere.
                    groups = [[o] for o in obj.operations] if ttype is TaskType.ADD_TEXT else [obj.operations]
                    for group in groups:
                        _recorder(w, file, page, obj, group, ttype)
                    continue
                run = _executed_ops(ttype, obj)
                skipped = [o for o in obj.operations if o not in run]
                if ttype is TaskType.ADD_TEXT:
                    for o in skipped:
                        _recorder(w, file, page, obj, [o], ttype)
                elif skipped:
                    _recorder(w, file, page, obj, obj.operations, ttype)
                if run:
                    runnable.append((page, obj, run))
        if runnable:
            plans.append((d, file, runnable))
    if w.records:
        w.add()
    k = 0
    for d, file, runnable in plans:
        doc = f"doc{d}"
        w.add(f"filepath{d} = {_lit(file.name)}")
        w.add(f"{doc} = fitz.open(filepath{d})")
        if ttype is not TaskType.ADD_VECTOR:
            w.add(f"annoextractor{d} = PDFbf.extractanno(doc={doc})")
        for page, obj, ops in runnable:
            box = box_of(file.name, page.number, obj.target) if isinstance(obj.target, int) else None
            _OBJECT_WRITERS[ttype](w, doc, d, k, page.number - 1, obj, ops, box)
            k += 1
        w.add(f"updated_file{d} = filepath{d}[:-4] + \"_updated.pdf\"")
        w.add(f"{doc}.save(updated_file{d})")
        w.add()
    return "\n".join(w.lines).rstrip() + "\n"


# ---------------------------------------------------------------------------------------------------------
# Per-type object writers: (writer, doc var, file index, object index, 0-based page, object, ops, box).


def _rect(w: _Writer, d: int, k: int, p: int, obj: TargetObject) -> None:
    w.add(f"rectangle{k}, rfpoint{k} = annoextractor{d}.getclip_rfpoint(pagenumber={p}, "
          f"rectangleorder={obj.target - 1})")


def _argument(w: _Writer, name: str, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``name = dict(...)`` and the matching ``key=name.get("key")`` keywords."""
    w.add(f"{name} = dict({_kw(pairs)})")
    return [(key, f'{name}.get("{key}")') for key, _ in pairs]


def _text_pairs(args: dict[str, Any], keys=("text", "font", "fontsize", "textcolor", "rotate", "align")):
    pairs = []
    for key in keys:
        if key in args and not is_default(key, args[key]):  # the prompts tell a model to leave defaults out
            value = args[key]
            pairs.append((key, f"fitz.TEXT_ALIGN_{value.upper()}" if key == "align" else _lit(value)))
    return pairs


def _suffix(ops: list[Operation], j: int) -> str:
    return "" if len(ops) == 1 else f"_{j}"


def _add_text(w, doc, d, k, p, obj, ops, box):
    _rect(w, d, k, p, obj)
    for j, o in enumerate(ops):
        s = _suffix(ops, j)
        kws = _argument(w, f"argument{k}{s}", [("clip", f"rectangle{k}"), *_text_pairs(o.args)])
        w.add(f"text_manipulator{k}{s} = PDFbf.manipulate_text({_kw([('doc', doc), ('pagenumber', str(p)), *kws])})")
        w.add(f"{doc} = text_manipulator{k}{s}.addtext()")


def _arrange(args: dict[str, Any], rows: int, cols: int) -> str | None:
    if "row_height" in args:
        return _lit([[args["row_height"]] * rows, None])
    if "column_width" in args:
        return _lit([None, [args["column_width"]] * cols])
    return None


def _table_format_pairs(args: dict[str, Any], rows: int, cols: int) -> list[tuple[str, str]]:
    pairs = []
    arrange = _arrange(args, rows, cols)
    if arrange:
        pairs.append(("arrange", arrange))
    for key in ("font", "fontsize", "borderwidth", "align"):
        if key in args:
            pairs.append((key, _lit(args[key])))
    return pairs


def _add_table(w, doc, d, k, p, obj, ops, box):
    _rect(w, d, k, p, obj)
    o = ops[0]
    data = o.args["data"]
    w.add(f"table_data{k} = {_lit(data)}")
    pairs = [("clip", f"rectangle{k}"), ("data", f"table_data{k}"),
             *_table_format_pairs(o.args, len(data), len(data[0]))]
    kws = _argument(w, f"argument{k}", pairs)
    w.add(f"table_manipulator{k} = PDFbf.manipulate_table({_kw([('doc', doc), ('pagenumber', str(p)), *kws])})")
    w.add(f"{doc} = table_manipulator{k}.addtable()")


def _add_vector(w, doc, d, k, p, obj, ops, box):
    colour = obj.target
    o = ops[0]
    cls = o.args["cls"]
    parent = f"{colour}_{p}_drawings"
    w.add(f"annoextractor{k} = PDFbf.extractanno(doc={doc}, pagenumber={p}, annocolor={_lit(colour)})")
    w.add(f"{parent} = annoextractor{k}.anno()")
    if cls == "drawings":
        target = parent
    else:
        w.add(f"selector{k} = PDFbf.select_from_drawings(doc={doc}, pagenumber={p}, cdrawings={parent})")
        target = f"{colour}_{p}_{cls.replace(' ', '_')}"
        method = "get_rebar_column" if cls == "rebars and columns" else _SELECT[2].format(cls=cls)
        w.add(f"{target} = selector{k}.{method}()")
    pairs = [(key, _lit(o.args[key])) for key in ("drwcolor", "width") if key in o.args]
    kws = _argument(w, f"argument{k}", pairs) if pairs else []
    w.add(f"vector_manipulator{k} = PDFbf.manipulate_draw("
          f"{_kw([('doc', doc), ('pagenumber', str(p)), ('sel_drawings', target), *kws])})")
    w.add(f"{doc} = vector_manipulator{k}.add_standrawing()")


def _selection(w: _Writer, k: int, j: str, o: Operation) -> str:
    cls, mode = o.args["cls"], o.args.get("mode") or 2
    var = f"{_SEL_PREFIX[mode]}_{cls}{k}{j}"
    w.add(f"{var} = selector{k}.{_SELECT[mode].format(cls=cls)}()")
    return var


def _selector(w: _Writer, doc: str, k: int, p: int, arg: str) -> None:
    w.add(f'selector{k} = PDFbf.selector(doc={doc}, pagenumber={p}, clip={arg}.get("clip"))')


def _delete_vector(w, doc, d, k, p, obj, ops, box):
    _rect(w, d, k, p, obj)
    arg = f"argument{k}"
    _argument(w, arg, [("clip", f"rectangle{k}")])
    clip = f'{arg}.get("clip")'
    if ops[0].args["cls"] == "everything":
        if obj.repair:
            _selector(w, doc, k, p, arg)
        w.add(f"cleaner{k} = PDFbf.delete(doc={doc}, pagenumber={p}, clip={clip})")
        w.add(f"{doc} = cleaner{k}.applydelete()")
        selected = "None"
    else:
        _selector(w, doc, k, p, arg)
        parts = [_selection(w, k, "", o) for o in ops]
        selected = parts[0]
        if len(parts) > 1:
            selected = f"sel_drawings{k}"
            w.add(f"{selected} = {' + '.join(parts)}")
        w.add(f"drawer{k} = PDFbf.draw_drawer(doc={doc}, pagenumber={p}, listofcdraw={selected})")
        w.add(f"{doc} = drawer{k}.delete_draw()")
    if obj.repair:
        w.add(f"repairer{k} = PDFbf.repairer(doc={doc}, pagenumber={p}, clip={clip}, "
              f"cdrawings=selector{k}.selected_lines, sel_drawings={selected})")
        w.add(f"{doc} = repairer{k}.del_repair()")


def _transform_pairs(args: dict[str, Any], k: int) -> list[tuple[str, str]]:
    pairs = []
    if "move" in args:
        pairs.append(("move", f"[{args['move'][0]}, {args['move'][1]}, rfpoint{k}]"))
    if "rotation" in args:
        pairs.append(("rotation", f"[\"r\", {args['rotation']}, rfpoint{k}]"))
    if "scal" in args:
        pairs.append(("scal", f"[\"sc\", {_lit(args['scal'])}, rfpoint{k}]"))
    return pairs


def _map_region(w, doc, d, k, p, obj, ops, box):
    _rect(w, d, k, p, obj)
    kws = _argument(w, f"argument{k}", [("clip", f"rectangle{k}"), *_transform_pairs(ops[0].args, k)])
    w.add(f"projector{k} = PDFbf.Projector({_kw([('doc', doc), ('pagenumber', str(p)), *kws])})")
    w.add(f"{doc} = projector{k}.project()")


def _map_vector(w, doc, d, k, p, obj, ops, box):
    _rect(w, d, k, p, obj)
    _argument(w, f"argument{k}", [("clip", f"rectangle{k}")])
    _selector(w, doc, k, p, f"argument{k}")
    for j, o in enumerate(ops):
        s = _suffix(ops, j)
        selected = _selection(w, k, s, o)
        kws = _argument(w, f"argument{k}{s}_map", _transform_pairs(o.args, k))
        pairs = [("doc", doc), ("pagenumber", str(p)), ("clip", f'argument{k}.get("clip")'),
                 ("sel_drawings", selected), ("cdrawings", f"selector{k}.selected_lines"), *kws]
        w.add(f"vector_projector{k}{s} = PDFbf.project_draw({_kw(pairs)})")
        w.add(f"{doc} = vector_projector{k}{s}.project()")


def _table_dims(box: BoxSpec | None) -> tuple[int, int]:
    if box is None or not box.table:
        return 1, 1
    return len(box.table), len(box.table[0])


def _extract_table(w, doc, d, k, p, obj) -> list[tuple[str, str]]:
    _rect(w, d, k, p, obj)
    w.add(f"table_extractor{k} = PDFbf.extract_table(doc={doc}, pagenumber={p}, clip=rectangle{k})")
    w.add(f"table_data{k} = table_extractor{k}.data")
    return [("clip", f"rectangle{k}"), ("data", f"table_data{k}")]


def _refresh_table(w, doc, d, k, p, obj, ops, box):
    rows, cols = _table_dims(box)
    pairs = _extract_table(w, doc, d, k, p, obj) + _table_format_pairs(ops[0].args, rows, cols)
    kws = _argument(w, f"argument{k}", pairs)
    w.add(f"table_manipulator{k} = PDFbf.manipulate_table({_kw([('doc', doc), ('pagenumber', str(p)), *kws])})")
    w.add(f"{doc} = table_manipulator{k}.addtable()")


def _revise_table(w, doc, d, k, p, obj, ops, box):
    pairs = _extract_table(w, doc, d, k, p, obj) + _table_format_pairs(obj.format, 0, 0)
    kws = _argument(w, f"argument{k}", pairs)
    tm = f"table_manipulator{k}"
    w.add(f"{tm} = PDFbf.manipulate_table({_kw([('doc', doc), ('pagenumber', str(p)), *kws])})")
    method = {"prun table": "cuttable", "clean table": "emptytable", "replace table": "modifytable"}
    order = {"prun table": ("delrow", "delcolumn"), "clean table": ("startcell", "endcell"),
             "replace table": ("repdata", "startcell", "endcell")}
    for o in ops:
        call_kws = _kw([(key, _lit(o.args[key])) for key in order[o.action] if key in o.args])
        w.add(f"{tm}.data = {tm}.{method[o.action]}({call_kws})")
    w.add(f"{doc} = {tm}.addtable()")


def _read_text(w: _Writer, tm: str, obj: TargetObject) -> None:
    getter = "getvertext" if obj.orientation == "vertical" else "gethortext"
    w.add(f"{tm}.text = {tm}.{getter}()")


def _text_manipulator(w, doc, d, k, p, obj, fmt: dict[str, Any]) -> str:
    _rect(w, d, k, p, obj)
    rotate = 90 if obj.orientation == "vertical" else 0
    pairs = [("clip", f"rectangle{k}"), *_text_pairs({**fmt, "rotate": rotate},
                                                     ("font", "fontsize", "textcolor", "align", "rotate"))]
    kws = _argument(w, f"argument{k}", pairs)
    tm = f"text_manipulator{k}"
    w.add(f"{tm} = PDFbf.manipulate_text({_kw([('doc', doc), ('pagenumber', str(p)), *kws])})")
    _read_text(w, tm, obj)
    return tm


def _refresh_text(w, doc, d, k, p, obj, ops, box):
    tm = _text_manipulator(w, doc, d, k, p, obj, ops[0].args)
    w.add(f"{doc} = {tm}.addtext()")


def _revise_text(w, doc, d, k, p, obj, ops, box):
    tm = _text_manipulator(w, doc, d, k, p, obj, obj.format)
    for o in ops:
        if o.action == "delete text":
            call = f"deletetext({_kw([('deltex', _lit(o.args['deltex']))]) if 'deltex' in o.args else ''})"
        else:
            call = f"replacetext({_kw([(key, _lit(o.args[key])) for key in ('retext', 'totext') if key in o.args])})"
        w.add(f"{tm}.text = {tm}.{call}")
    w.add(f"{doc} = {tm}.addtext()")


def _refresh_vector(w, doc, d, k, p, obj, ops, box):
    _rect(w, d, k, p, obj)
    _argument(w, f"argument{k}", [("clip", f"rectangle{k}")])
    _selector(w, doc, k, p, f"argument{k}")
    for j, o in enumerate(ops):
        s = _suffix(ops, j)
        selected = _selection(w, k, s, o)
        kws = _argument(w, f"argument{k}{s}_format",
                        [(key, _lit(o.args[key])) for key in DRAW_FORMAT if key in o.args])
        pairs = [("doc", doc), ("pagenumber", str(p)), ("sel_drawings", selected), *kws]
        w.add(f"vector_manipulator{k}{s} = PDFbf.manipulate_draw({_kw(pairs)})")
        w.add(f"{doc} = vector_manipulator{k}{s}.update_draw()")


_OBJECT_WRITERS = {
    TaskType.ADD_TEXT: _add_text,
    TaskType.ADD_TABLE: _add_table,
    TaskType.ADD_VECTOR: _add_vector,
    TaskType.DELETE_VECTOR: _delete_vector,
    TaskType.MAP_TABLE: _map_region,
    TaskType.MAP_TEXT: _map_region,
    TaskType.MAP_VECTOR: _map_vector,
    TaskType.REFRESH_TABLE: _refresh_table,
    TaskType.REFRESH_TEXT: _refresh_text,
    TaskType.REFRESH_VECTOR: _refresh_vector,
    TaskType.REVISE_TABLE: _revise_table,
    TaskType.REVISE_TEXT: _revise_text,
}
