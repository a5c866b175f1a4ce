"""The registry of the 46 tools (catalog §3.1): one entry per tool, carrying every fact about that tool.

Counting follows catalog §3.2: 2 document calls + 13 ``PDFbf`` constructors + their 31 methods = 46.
A :class:`ToolSpec` holds a tool's name, kind, typed arguments (its model in
:mod:`drafterbench.tools.signatures`), return, task types and information-matrix role, and the per-tool facts
the rest of the code reads from here rather than writing them out again: of a class (on its constructor's
entry) the name an instance goes by, its attributes, accepted misspellings, borrowed methods and format
fields; of a method whether it applies a change maker's change, which working value it assigns, whether it
edits that value, and what a selection method selects. The function-calling JSON schema of a tool is derived
from its argument model (:func:`function_schema`).
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, TypeAdapter, ValidationError, WithJsonSchema

from drafterbench.tasktypes import TaskType as TT
from drafterbench.tools import signatures as sig
from drafterbench.tools.trace import ArgRole, BlockRole

Kind = Literal["function", "constructor", "method"]

ALL_TYPES = tuple(TT)
_VECTOR_SEL = (TT.DELETE_VECTOR, TT.MAP_VECTOR, TT.REFRESH_VECTOR)
_TEXT = (TT.ADD_TEXT, TT.REFRESH_TEXT, TT.REVISE_TEXT)
_TABLE = (TT.ADD_TABLE, TT.REFRESH_TABLE, TT.REVISE_TABLE)
_MAP = (TT.MAP_TABLE, TT.MAP_TEXT)


@dataclass(frozen=True)
class ArgSpec:
    """One argument of a tool, with how it is validated and recorded."""

    name: str  # the keyword a program uses
    record: str  # the name in the trace
    essential: bool  # required by the signature: a missing one is recorded invalid
    necessary: bool  # declared necessary by the original (recorded on Argument.necessary)
    role: ArgRole
    vague: bool
    in_block: bool
    description: str
    adapter: TypeAdapter = field(repr=False, compare=False)
    # The one plain check function the adapter would run, when that is all it would do (see _plain_check):
    # calling it directly gives the same verdict and message without pydantic's per-call overhead, and
    # recording validates every argument of every call.
    fast: Callable[[Any], Any] | None = field(default=None, repr=False, compare=False)

    def check(self, value: Any) -> str | None:
        """None when ``value`` is valid, else the error text naming the value and the valid choices."""
        if value is None:
            return f"missing essential argument {self.name!r}" if self.necessary else None
        fast = self.fast
        if fast is not None:
            try:
                fast(value)
            except ValueError as exc:  # what pydantic reports as "Value error, <message>"
                return str(exc)
            return None
        try:
            self.adapter.validate_python(value)
        except ValidationError as exc:
            msg = exc.errors()[0]["msg"]
            return msg.removeprefix("Value error, ")
        return None


@dataclass(frozen=True)
class ToolSpec:
    """One of the 46 tools."""

    name: str  # "fitz.open", "doc.save", "PDFbf.manipulate_text", "manipulate_text.addtext"
    kind: Kind
    args_model: type[sig.ToolArgs]
    returns: str
    task_types: tuple[TT, ...]
    description: str
    role: BlockRole | None = None  # constructors: the information-matrix list the block goes into
    args: tuple[ArgSpec, ...] = field(default=(), compare=False)
    # ---- facts of a class, on its constructor's entry
    #: The name an instance goes by: tool mode's id prefix (``text_manipulator`` -> ``text_manipulator0``).
    var: str = ""
    #: Attributes a program reads (``text``, ``data``, ``selected_lines``), and those it may also assign.
    attributes: tuple[str, ...] = ()
    settable: tuple[str, ...] = ()
    #: Misspellings accepted for a method name (the original ground truth's ``gethorrtext``): (alias, name).
    aliases: tuple[tuple[str, str], ...] = ()
    #: Another class whose methods an instance accepts too (select_from_drawings takes the selector's).
    accepts_methods_of: str | None = None
    #: The format options of the class, in the original's order (manipulate_draw's seven drawing formats).
    format_fields: tuple[str, ...] = ()
    # ---- facts of a method
    #: The call that makes a change maker's change happen (``addtext``, ``update_draw``, ...): a block of the
    #: class changed the drawing only once one of these was called.
    applies: bool = False
    #: The working value (``text`` / ``data``) the result becomes: code mode writes ``m.text = m.gethortext()``,
    #: tool mode assigns it itself.
    assigns: str | None = None
    #: An edit of that working value (``deletetext``, ``cuttable``, ...) rather than a read of the drawing.
    edits: bool = False
    #: What a selection method selects: (mode, kind); mode 1 is window, 2 crossing; kind ``lines``, ...
    selection: tuple[int, str] | None = None

    @functools.cached_property
    def arg_names(self) -> tuple[str, ...]:
        """The argument keywords in the original's order (positional calls bind in this order)."""
        return tuple(a.name for a in self.args)

    @functools.cached_property
    def arg_name_set(self) -> frozenset[str]:
        return frozenset(self.arg_names)

    @property
    def short(self) -> str:
        """The name a program calls: ``manipulate_text``, ``addtext``, ``open``, ``save``."""
        return self.name.rsplit(".", 1)[1]

    @property
    def owner(self) -> str:
        """``fitz``, ``doc``, ``PDFbf`` or the class name of a method."""
        return self.name.rsplit(".", 1)[0]


def _strip_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        rest = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return annotation


def _plain_check(annotation: Any) -> Callable[[Any], Any] | None:
    """The check function of ``Annotated[Any, BeforeValidator(check), WithJsonSchema(...)]``, else None.

    For exactly that shape pydantic calls ``check(value)``, passes any value it returns through (``Any``)
    and turns a ``ValueError`` into "Value error, <message>"; anything else (another validator, a real type,
    a check taking pydantic's ``info``) keeps the full adapter.
    """
    if typing.get_origin(annotation) is not Annotated:
        return None
    base, *metadata = typing.get_args(annotation)
    checks = [m.func for m in metadata if isinstance(m, BeforeValidator)]
    if (
        base is not Any
        or len(checks) != 1
        or any(not isinstance(m, (BeforeValidator, WithJsonSchema)) for m in metadata)
    ):
        return None
    check = checks[0]
    try:
        params = inspect.signature(check).parameters.values()
    except (TypeError, ValueError):
        return None
    if len(params) != 1 or any(p.kind not in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params):
        return None
    return check


def _arg_specs(model: type[sig.ToolArgs]) -> tuple[ArgSpec, ...]:
    out = []
    for name, info in model.model_fields.items():
        rec = next((m for m in info.metadata if isinstance(m, sig.Rec)), sig.Rec())
        other = [m for m in info.metadata if not isinstance(m, sig.Rec)]
        inner = _strip_optional(info.annotation)
        annotation = Annotated[(inner, *other)] if other else inner
        adapter = TypeAdapter(annotation)
        essential = info.is_required()
        out.append(
            ArgSpec(
                name=name,
                record=rec.name or name,
                essential=essential,
                necessary=essential if rec.necessary is None else rec.necessary,
                role=rec.role,
                vague=rec.vague,
                in_block=rec.in_block,
                description=info.description or "",
                adapter=adapter,
                fast=_plain_check(annotation),
            )
        )
    return tuple(out)


def _spec(name: str, kind: Kind, model: type[sig.ToolArgs], returns: str, types: tuple, desc: str,
          role: BlockRole | None = None, **facts: Any) -> ToolSpec:  # fmt: skip
    return ToolSpec(name, kind, model, returns, tuple(types), desc, role, _arg_specs(model), **facts)


def _m(
    owner: str, method: str, returns: str, types: tuple, desc: str, model: type[sig.ToolArgs] | None = None,
    **facts: Any,
) -> ToolSpec:
    title = "".join(p.capitalize() for p in f"{owner}_{method}".split("_")) + "Args"
    model = model or sig.no_args(title, desc)
    return _spec(f"{owner}.{method}", "method", model, returns, types, desc, **facts)


_R = BlockRole
MODE_TEXT = {1: "window: vectors wholly inside the rectangle", 2: "crossing: vectors touching the rectangle"}
#: The seven drawing-format options (manipulate_draw's ``format_fields``), in the original's order.
DRAW_FORMAT: tuple[str, ...] = ("fillcolor", "drwcolor", "dashes", "closePath", "lineJoin", "lineCap", "width")


def _select(mode: int, kind: str) -> str:
    """The name of the selection method of ``mode`` and ``kind``, as the original spells it."""
    return f"mode{mode}_{kind}_{'Window_Cover_Enclosure' if mode == 1 else 'Cross_Touch_Intersect'}"


def _build() -> tuple[ToolSpec, ...]:
    tools = [
        _spec("fitz.open", "function", sig.OpenArgs, "doc", ALL_TYPES, "Open a PDF drawing."),
        _spec("doc.save", "method", sig.SaveArgs, "None", ALL_TYPES, "Save the revised drawing (once per file)."),
        _spec("PDFbf.extractanno", "constructor", sig.ExtractAnnoArgs, "extractanno", ALL_TYPES,
              "Annotation extractor of a document; with pagenumber and annocolor it extracts coloured markups.",
              _R.EXTRACTOR, var="annoextractor"),
        _m("extractanno", "getclip_rfpoint", "(rectangle, rfpoint)", tuple(t for t in TT if t is not TT.ADD_VECTOR),
           "The rectangle markup at (page, order) and its reference point.", sig.GetClipArgs),
        _m("extractanno", "anno", "list (drawings)", (TT.ADD_VECTOR,),
           "The hand-drawn vectors of the constructor's colour on the constructor's page."),
        _spec("PDFbf.selector", "constructor", sig.SelectorArgs, "selector", _VECTOR_SEL,
              "Vector selector inside a rectangle.", _R.SELECTOR, var="selector", attributes=("selected_lines",)),
    ]  # fmt: skip
    for kind in ("drawings", "lines", "rebars", "columns"):
        for mode in (1, 2):
            tools.append(_m("selector", _select(mode, kind), "list", _VECTOR_SEL,
                            f"Select {kind} by {MODE_TEXT[mode]}.", selection=(mode, kind)))  # fmt: skip
    tools.append(
        _spec("PDFbf.select_from_drawings", "constructor", sig.SelectFromDrawingsArgs, "select_from_drawings",
              (TT.ADD_VECTOR,), "Child-class selector over the drawings returned by anno().",
              _R.SELECT_FROM_DRAWINGS, var="drawings_selector", accepts_methods_of="selector")
    )  # fmt: skip
    for kind in ("rebars", "columns", "lines"):
        tools.append(_m("select_from_drawings", _select(2, kind), "list", (TT.ADD_VECTOR,),
                        f"The {kind} among the parent drawings.", selection=(2, kind)))  # fmt: skip
    tools.append(
        _m("select_from_drawings", "get_rebar_column", "list", (TT.ADD_VECTOR,),
           "The rebars and columns among the parent drawings.")
    )  # fmt: skip
    text, table = {"assigns": "text"}, {"assigns": "data"}
    tools += [
        _spec("PDFbf.manipulate_text", "constructor", sig.ManipulateTextArgs, "manipulate_text", _TEXT,
              "Text manipulator for a rectangle.", _R.CHANGE_MAKER, var="text_manipulator", attributes=("text",),
              settable=("text",), aliases=(("gethorrtext", "gethortext"),)),
        _m("manipulate_text", "addtext", "doc", _TEXT, "Write .text into the rectangle (covering the original).",
           applies=True),
        _m("manipulate_text", "gethortext", "str", (TT.REFRESH_TEXT, TT.REVISE_TEXT),
           "Read the horizontal text in the rectangle (assign it to .text).", **text),
        _m("manipulate_text", "getvertext", "str", (TT.REFRESH_TEXT, TT.REVISE_TEXT),
           "Read the vertical text in the rectangle (assign it to .text).", **text),
        _m("manipulate_text", "deletetext", "str", (TT.REVISE_TEXT,),
           "Delete a string from .text (assign the result to .text).", sig.DeleteTextArgs, edits=True, **text),
        _m("manipulate_text", "replacetext", "str", (TT.REVISE_TEXT,),
           "Replace a string in .text (assign the result to .text).", sig.ReplaceTextArgs, edits=True, **text),
        _spec("PDFbf.extract_table", "constructor", sig.ExtractTableArgs, "extract_table",
              (TT.REFRESH_TABLE, TT.REVISE_TABLE), "Table extractor for a rectangle; read its .data.",
              _R.TABLE_EXTRACTOR, var="table_extractor", attributes=("data",)),
        _spec("PDFbf.manipulate_table", "constructor", sig.ManipulateTableArgs, "manipulate_table", _TABLE,
              "Table manipulator for a rectangle.", _R.CHANGE_MAKER, var="table_manipulator", attributes=("data",),
              settable=("data",)),
        _m("manipulate_table", "addtable", "doc", _TABLE, "Draw .data as a table in the rectangle.", applies=True),
        _m("manipulate_table", "cuttable", "data", (TT.REVISE_TABLE,),
           "Delete rows/columns of .data (assign the result to .data).", sig.CutTableArgs, edits=True, **table),
        _m("manipulate_table", "emptytable", "data", (TT.REVISE_TABLE,),
           "Clear cells of .data (assign the result to .data).", sig.EmptyTableArgs, edits=True, **table),
        _m("manipulate_table", "modifytable", "data", (TT.REVISE_TABLE,),
           "Replace cells of .data (assign the result to .data).", sig.ModifyTableArgs, edits=True, **table),
        _spec("PDFbf.draw_drawer", "constructor", sig.DrawDrawerArgs, "draw_drawer", (TT.DELETE_VECTOR,),
              "Deleter of selected vectors.", _R.CHANGE_MAKER, var="drawer"),
        _m("draw_drawer", "delete_draw", "doc", (TT.DELETE_VECTOR,), "Delete the listed vectors.", applies=True),
        _spec("PDFbf.delete", "constructor", sig.DeleteArgs, "delete", (TT.DELETE_VECTOR,),
              "Indiscriminate cleaner of a rectangle.", _R.CHANGE_MAKER, var="cleaner"),
        _m("delete", "applydelete", "doc", (TT.DELETE_VECTOR,), "Erase everything inside the rectangle.",
           applies=True),
        _spec("PDFbf.repairer", "constructor", sig.RepairerArgs, "repairer", (TT.DELETE_VECTOR,),
              "Repairer of lines cut by a deletion.", _R.POST_CHANGE_MAKER, var="repairer"),
        _m("repairer", "del_repair", "doc", (TT.DELETE_VECTOR,), "Reconnect lines cut by the deletion.",
           applies=True),
        _spec("PDFbf.manipulate_draw", "constructor", sig.ManipulateDrawArgs, "manipulate_draw",
              (TT.ADD_VECTOR, TT.REFRESH_VECTOR), "Drawing manipulator of selected vectors.", _R.CHANGE_MAKER,
              var="vector_manipulator", format_fields=DRAW_FORMAT),
        _m("manipulate_draw", "update_draw", "doc", (TT.REFRESH_VECTOR,), "Apply the new format to the vectors.",
           applies=True),
        _m("manipulate_draw", "add_standrawing", "doc", (TT.ADD_VECTOR,),
           "Turn the hand-drawn vectors into standard drawing strokes.", applies=True),
        _spec("PDFbf.Projector", "constructor", sig.ProjectorArgs, "Projector", _MAP,
              "Mover/rotator/scaler of the text or table in a rectangle.", _R.CHANGE_MAKER, var="projector"),
        _m("Projector", "project", "doc", _MAP, "Apply move, rotation and scal.", applies=True),
        _spec("PDFbf.project_draw", "constructor", sig.ProjectDrawArgs, "project_draw", (TT.MAP_VECTOR,),
              "Mover/rotator/scaler of selected vectors.", _R.CHANGE_MAKER, var="vector_projector"),
        _m("project_draw", "project", "doc", (TT.MAP_VECTOR,), "Apply move, rotation and scal to the vectors.",
           applies=True),
        _spec("PDFbf.recorder", "constructor", sig.RecorderArgs, "recorder", ALL_TYPES,
              "Recorder of a task that misses necessary information.", _R.RECORDER, var="recorder"),
        _m("recorder", "recording", "None", ALL_TYPES, "Record the missing information."),
    ]  # fmt: skip
    return tuple(tools)


TOOLS: tuple[ToolSpec, ...] = _build()
BY_NAME: dict[str, ToolSpec] = {t.name: t for t in TOOLS}
CONSTRUCTORS: dict[str, ToolSpec] = {t.short: t for t in TOOLS if t.kind == "constructor"}


def tool(name: str) -> ToolSpec:
    """The spec of a tool by its full name; KeyError naming the valid names otherwise."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown tool {name!r}; valid tools: {', '.join(BY_NAME)}") from None


def methods_of(cls: str) -> dict[str, ToolSpec]:
    """The method specs of a tool class, by method name."""
    return {t.short: t for t in TOOLS if t.kind == "method" and t.owner == cls}


def method_owners(cls: str) -> tuple[str, ...]:
    """The classes whose methods an instance of ``cls`` accepts: itself, then the one it borrows from."""
    spec = CONSTRUCTORS.get(cls)
    borrowed = spec.accepts_methods_of if spec is not None else None
    return (cls,) if borrowed is None else (cls, borrowed)


def method_spec(cls: str, method: str) -> ToolSpec | None:
    """The spec of ``method`` called on an instance of ``cls`` (its own first, then a borrowed one); None when
    the class has no such method (a trace read from disk may name anything)."""
    for owner in method_owners(cls):
        spec = BY_NAME.get(f"{owner}.{method}")
        if spec is not None:
            return spec
    return None


def exposed_names(cls: str) -> frozenset[str]:
    """What a program may use on an instance of ``cls``: its methods, the borrowed ones and its attributes."""
    names = {m for owner in method_owners(cls) for m in methods_of(owner)}
    return frozenset(names | set(CONSTRUCTORS[cls].attributes))


def var_name(owner: str) -> str:
    """The name an instance of ``owner`` goes by (tool mode's id prefix); ``doc`` for a document."""
    spec = CONSTRUCTORS.get(owner)
    return spec.var if spec is not None and spec.var else owner


def function_schema(spec: ToolSpec) -> dict:
    """The OpenAI function-calling schema of a tool, derived from its argument model."""
    params = spec.args_model.model_json_schema()
    params.pop("title", None)
    params.pop("description", None)
    for prop in params.get("properties", {}).values():
        prop.pop("title", None)
    params.setdefault("properties", {})
    params.setdefault("required", [])
    params["additionalProperties"] = False
    return {
        "type": "function",
        "function": {
            "name": spec.name.replace(".", "__"),
            "description": f"{spec.name}: {spec.description} Returns {spec.returns}.",
            "parameters": params,
        },
    }
