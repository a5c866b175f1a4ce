"""Tool mode: the 46 tools as function calls, executed one call at a time against a live ToolSession.

A function-calling model cannot hold Python objects, so every object a call returns (a document, an extractor,
a rectangle, a reference point, a selection, a manipulator ...) gets a stable id (``doc0``, ``annoextractor0``,
``rectangle0``, ``rfpoint0``, ``selection3``, ``text_manipulator0``) that the tool result reports and later
calls pass where the schema takes an object:

* an object argument (``doc``, ``clip``) is its id as a string: ``"doc": "doc0"``, ``"clip": "rectangle0"``;
* a selection argument is a list of selection ids, joined in order (code mode's ``+``):
  ``"listofcdraw": ["selection1", "selection2"]`` (one id alone is accepted too);
* the reference point of move / rotation / scal is an id inside the list: ``"move": [0, 15, "rfpoint0"]``;
* an attribute of an object is ``"<id>.<attribute>"``: ``"table_extractor0.data"`` (the extracted table),
  ``"selector0.selected_lines"`` (every line of the rectangle);
* a method takes the id of the instance it runs on as the extra argument ``object``:
  ``manipulate_text__addtext(object="text_manipulator0")``.

The methods that return a new working value (``gethortext``, ``getvertext``, ``deletetext``, ``replacetext``,
``cuttable``, ``emptytable``, ``modifytable``: their registry entry's ``assigns``) assign it to the instance's
``.text`` / ``.data``, as the code ``m.text = m.gethortext()`` does, since a function call has no assignment of
its own. An object's id prefix is its class's registry entry ``var``.

Recording is exactly code mode's (the same ToolSession records each call), so a call sequence leaves the same
Trace as the equivalent program. An invalid *value* is recorded invalid as in code mode, and the tool result
also tells the model what was invalid so that it may retry. A call that cannot be made at all (unknown function,
unknown id, malformed JSON arguments, an unknown keyword) is not recorded as a call: it is a tool error naming
the valid choices, and a :class:`~drafterbench.tools.trace.Note` in the trace. Nothing here raises.
"""

from __future__ import annotations

import copy
import difflib
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from drafterbench.tools.base import ToolObject, ToolUsageError
from drafterbench.tools.classes import ToolInstance
from drafterbench.tools.handles import Doc, Handle, Rect, RfPoint, SelectionEntry, TableData, TextValue
from drafterbench.tools.registry import TOOLS, ToolSpec, function_schema, method_owners, var_name
from drafterbench.tools.session import ToolSession
from drafterbench.tools.trace import Argument

log = logging.getLogger(__name__)

#: The extra argument of a method: the id of the instance it runs on.
OBJECT_ARG = "object"

#: Function name (``PDFbf__manipulate_text``) -> tool spec, for all 46 tools.
FUNCTIONS: dict[str, ToolSpec] = {spec.name.replace(".", "__"): spec for spec in TOOLS}

# Id prefixes of handles, by type (a tool class's prefix is its registry entry's ``var``): what a reader of
# the conversation recognises.
_HANDLE_PREFIX: dict[type, str] = {
    Doc: "doc", Rect: "rectangle", RfPoint: "rfpoint", TableData: "table_data", TextValue: "text",
}
# Arguments that take objects, by keyword (the same keyword means the same kind in every tool).
_OBJECT_FIELDS = frozenset({"doc", "clip"})
_SELECTION_FIELDS = frozenset({"cdrawings", "sel_drawings", "listofcdraw"})
_TRANSFORM_FIELDS = frozenset({"move", "rotation", "scal"})


class _CallError(Exception):
    """A call that cannot be made (unknown function, id or keyword; malformed arguments)."""


@dataclass
class ToolResult:
    """The outcome of one function call: ``content`` is what goes back to the model (JSON text)."""

    content: str
    recorded: bool  # the call was made and recorded (possibly with invalid values)
    error: str | None = None  # why the call could not be made (then nothing was recorded but a Note)
    invalid: list[str] = field(default_factory=list)  # "argument: error" of each invalid recorded value


class ToolModeSession:
    """Executes function calls ``(name, arguments_json)`` against ``session`` and names what they return."""

    def __init__(self, session: ToolSession) -> None:
        self.session = session
        self.objects: dict[str, Any] = {}  # id -> object (a handle, a tool instance, a selection list)
        self._names: dict[int, str] = {}  # id(object) -> its id, so a returned doc keeps its name
        self._counters: dict[str, int] = {}
        self.steps = 0

    @property
    def trace(self):  # noqa: ANN201 - the session's Trace
        return self.session.trace

    # ------------------------------------------------------------------------------------------- calls

    def call(self, name: str, arguments: str | dict | None) -> ToolResult:
        """Run one function call; never raises."""
        self.steps += 1
        self.session.current_line = self.steps  # a call's position stands in for a program line
        notes_before = len(self.trace.warnings)
        try:
            spec = self._spec(name)
            kwargs = self._parse(arguments)
            target, obj = self._target(spec, kwargs)
            resolved = {key: self._resolve(key, value) for key, value in kwargs.items()}
        except _CallError as exc:
            return self._error(name, str(exc))
        try:
            returned = target(**resolved)
        except (ToolUsageError, TypeError) as exc:
            return self._error(name, str(exc))
        except Exception as exc:  # a failure of ours: reported, never raised into the agent loop
            log.warning("tool-mode call %s failed", name, exc_info=True)
            return self._error(name, f"internal error: {type(exc).__name__}: {exc}")
        instance = obj if isinstance(obj, ToolInstance) else None
        assigned = None
        if instance is not None and spec.assigns is not None:  # what ``m.text = m.gethortext()`` does
            attr = spec.assigns
            setattr(instance, attr, returned)
            assigned = f"{self._names[id(instance)]}.{attr}"
        invalid = self._invalid(spec, obj, returned)
        notes = [n.message for n in self.trace.warnings[notes_before:]]
        payload: dict[str, Any] = {"status": "invalid" if invalid else "ok"}
        if assigned is not None:
            payload["assigned"] = assigned
        else:
            payload["returned"] = self._describe(returned)
        if invalid:
            payload["invalid"] = invalid
            payload["hint"] = "the call was recorded with these invalid values; call again with valid ones"
        if notes:
            payload["notes"] = notes
        hint = _attribute_hint(returned, self._names.get(id(returned)))
        if hint:
            payload["attributes"] = hint
        return ToolResult(json.dumps(payload, ensure_ascii=False), recorded=True, invalid=invalid)

    def _error(self, name: str, message: str) -> ToolResult:
        self.session.note(f"tool call {name!r} not made: {message}")
        payload = {"status": "error", "error": message}
        return ToolResult(json.dumps(payload, ensure_ascii=False), recorded=False, error=message)

    # ------------------------------------------------------------------------------------ the pieces

    @staticmethod
    def _spec(name: str) -> ToolSpec:
        spec = FUNCTIONS.get(name) if isinstance(name, str) else None
        if spec is None:
            close = difflib.get_close_matches(str(name), FUNCTIONS, n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise _CallError(f"unknown function {name!r}{hint}; valid functions: {', '.join(FUNCTIONS)}")
        return spec

    @staticmethod
    def _parse(arguments: str | dict | None) -> dict[str, Any]:
        if arguments is None or (isinstance(arguments, str) and not arguments.strip()):
            return {}
        if isinstance(arguments, str):
            try:
                arguments = json.loads(arguments)
            except json.JSONDecodeError as exc:
                raise _CallError(f"arguments are not valid JSON ({exc.msg} at position {exc.pos}); "
                                 'send one JSON object, e.g. {"doc": "doc0", "pagenumber": 0}') from None
            except (ValueError, RecursionError) as exc:  # an int of over 4300 digits; nesting past the stack
                raise _CallError(f"arguments cannot be read: {type(exc).__name__}: {str(exc)[:200]}") from None
        if not isinstance(arguments, dict):
            raise _CallError(f"arguments must be a JSON object of keyword: value, got {type(arguments).__name__}")
        return dict(arguments)

    def _target(self, spec: ToolSpec, kwargs: dict[str, Any]) -> tuple[Any, Any]:
        """The callable for ``spec`` (a bound method for methods: ``object`` is taken out of ``kwargs``)."""
        modules = self.session.modules
        if spec.kind == "function":
            return modules["fitz"].open, None
        if spec.kind == "constructor":
            return getattr(modules["PDFbf"], spec.short), None
        if OBJECT_ARG not in kwargs:
            raise _CallError(f"{spec.name} is a method: give {OBJECT_ARG!r}, the id of the {spec.owner} "
                             f"object to run it on; valid ids: {self._ids_of(spec.owner)}")
        ref = kwargs.pop(OBJECT_ARG)
        obj = self._lookup(ref, OBJECT_ARG)
        if not isinstance(obj, ToolObject) or type(obj).resolve_attr(spec.short) is None:
            raise _CallError(f"{OBJECT_ARG} {ref!r} has no method {spec.short!r}; {spec.name} runs on "
                             f"{spec.owner} objects: {self._ids_of(spec.owner)}")
        return getattr(obj, type(obj).resolve_attr(spec.short)), obj

    def _ids_of(self, owner: str) -> str:
        if owner == "doc":
            ids = [k for k, v in self.objects.items() if isinstance(v, Doc)]
        else:
            # select_from_drawings objects accept the selector's methods too, as in the original
            ids = [k for k, v in self.objects.items()
                   if isinstance(v, ToolInstance) and owner in method_owners(v.cls_name)]
        return ", ".join(ids) or "none yet"

    def _lookup(self, ref: Any, where: str) -> Any:
        """The object an id (or ``<id>.<attribute>``) names."""
        if not isinstance(ref, str):
            raise _CallError(f"{where}: expected an object id (a string such as 'doc0'), got {ref!r}")
        if ref in self.objects:
            return self.objects[ref]
        base, dot, attr = ref.partition(".")
        obj = self.objects.get(base) if dot else None
        if isinstance(obj, ToolInstance):
            canonical = type(obj).resolve_attr(attr)
            value = getattr(obj, canonical) if canonical is not None else None
            if canonical is not None and not callable(value):
                return value
            readable = _readable_attributes(obj)
            raise _CallError(f"{where}: {base!r} has no readable attribute {attr!r}; "
                             f"readable: {', '.join(f'{base}.{a}' for a in readable) or 'none'}")
        valid = ", ".join(self.objects) or "none yet (open a document with fitz__open first)"
        raise _CallError(f"{where}: unknown id {ref!r}; valid ids: {valid}")

    def _resolve(self, key: str, value: Any) -> Any:
        """Replace ids by the objects they name, where the argument takes objects; other values stay literal."""
        if key in _OBJECT_FIELDS and isinstance(value, str):
            return self._lookup(value, key)
        if key in _SELECTION_FIELDS:
            if isinstance(value, str):
                return self._lookup(value, key)
            if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                parts = [self._lookup(v, key) for v in value]
                if all(isinstance(p, list) for p in parts):  # joined selections, as `a + b` in code mode
                    return [entry for part in parts for entry in part]
                return parts[0] if len(parts) == 1 else parts
            return value
        if key in _TRANSFORM_FIELDS and isinstance(value, list) and len(value) == 3 and isinstance(value[2], str):
            return [value[0], value[1], self._lookup(value[2], f"{key}[2]")]
        if key == "data" and isinstance(value, str):
            return self._lookup(value, key)
        if key == "text" and isinstance(value, str) and self._names_text(value):
            return self._lookup(value, key)
        return value

    def _names_text(self, value: str) -> bool:
        """True when a ``text`` string is an id of text read back (a literal text stays a literal)."""
        obj = self.objects.get(value)
        if isinstance(obj, TextValue):
            return True
        base, dot, attr = value.partition(".")
        return bool(dot) and attr == "text" and isinstance(self.objects.get(base), ToolInstance)

    def _invalid(self, spec: ToolSpec, obj: Any, returned: Any) -> list[str]:
        """The error texts of what this call recorded invalid."""
        args: list[Argument] = []
        instance = obj if isinstance(obj, ToolInstance) else None
        if isinstance(obj, Doc) and obj.file.saves:  # doc.save
            last = obj.file.saves[-1]
            return [] if last.valid else [f"path: {last.path!r} is not valid; expected a str ending in '.pdf'"]
        if spec.kind == "constructor" and isinstance(returned, ToolInstance):
            args = list(returned._block.arguments)
        elif instance is not None and instance._block.calls:
            args = list(instance._block.calls[-1].arguments)
            if spec.assigns is not None:
                field_arg = instance._block.argument(spec.assigns)
                if field_arg is not None:
                    args.append(field_arg)
        elif spec.kind == "function" and isinstance(returned, Doc) and not returned.file.path_valid:
            return [f"filepath: {returned.file.path!r} is not a valid path (a str ending in '.pdf')"]
        return [f"{a.name}: {a.error}" for a in args if not a.valid]

    # --------------------------------------------------------------------------------------- naming

    def name(self, obj: Any) -> str:
        """The id of ``obj``, given on first sight."""
        known = self._names.get(id(obj))
        if known is not None:
            return known
        if isinstance(obj, ToolInstance):
            prefix = var_name(obj.cls_name)
        elif isinstance(obj, list):
            prefix = "selection"
        else:
            prefix = _HANDLE_PREFIX.get(type(obj), "object")
        n = self._counters.get(prefix, 0)
        self._counters[prefix] = n + 1
        ident = f"{prefix}{n}"
        self.objects[ident] = obj
        self._names[id(obj)] = ident
        return ident

    def _describe(self, value: Any) -> Any:
        """What a call returned, as the model sees it: ids for objects, plain data as it is."""
        if isinstance(value, (Handle, ToolInstance)):
            return self.name(value)
        if isinstance(value, list) and value and all(isinstance(v, SelectionEntry) for v in value):
            return self.name(value)
        if isinstance(value, tuple):
            return [self._describe(v) for v in value]
        if isinstance(value, list):
            return [self._describe(v) for v in value]
        if value is None or isinstance(value, (str, int, float, bool, dict)):
            return value
        return repr(value)


def _readable_attributes(obj: ToolInstance) -> list[str]:
    names = []
    for attr in sorted(type(obj).exposed):
        member = getattr(type(obj), attr, None)
        if isinstance(member, property):
            names.append(attr)
    return names


def _attribute_hint(obj: Any, ident: str | None) -> list[str] | None:
    if not isinstance(obj, ToolInstance) or ident is None:
        return None
    return [f"{ident}.{a}" for a in _readable_attributes(obj)] or None


# ------------------------------------------------------------------------------------------- replay


def replay(calls: list[tuple[str, Any]], session: ToolSession) -> ToolModeSession:
    """Run ``calls`` (name, arguments) in order against ``session``; the trace is ``session.trace``."""
    tm = ToolModeSession(session)
    for name, arguments in calls:
        tm.call(name, arguments)
    return tm


# ------------------------------------------------------------------------------------------ schemas

_ID = "id of an earlier result"
_DESCRIPTIONS = {
    "doc": "id of an opened document, e.g. 'doc0' (returned by fitz__open)",
    "clip": "id of a rectangle, e.g. 'rectangle0' (returned by extractanno__getclip_rfpoint)",
}
_SELECTION_DESC = (
    "ids of selections, joined in order, e.g. ['selection0', 'selection1'] (returned by the selection "
    "methods and by extractanno__anno); 'selector0.selected_lines' names every line of a selector's rectangle"
)
_RF_DESC = "id of a reference point, e.g. 'rfpoint0' (returned by extractanno__getclip_rfpoint)"


def tool_schema(spec: ToolSpec) -> dict:
    """The function schema of one tool in tool mode: the registry's schema, with objects passed by id."""
    schema = copy.deepcopy(function_schema(spec))
    fn = schema["function"]
    params = fn["parameters"]
    props: dict[str, Any] = params["properties"]
    for key, prop in props.items():
        if key in _DESCRIPTIONS:
            prop["description"] = _DESCRIPTIONS[key]
        elif key in _SELECTION_FIELDS:
            prop["description"] = (prop.get("description", "") + "; " + _SELECTION_DESC).lstrip("; ")
            prop["anyOf"] = [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]
            prop.pop("type", None)
            prop.pop("items", None)
        elif key in _TRANSFORM_FIELDS:
            target = prop.get("anyOf", [prop])
            for option in target:
                items = option.get("prefixItems")
                if items and len(items) == 3:
                    items[2] = {"type": "string", "description": _RF_DESC}
        elif key == "data":
            rows = {k: v for k, v in prop.items() if k != "description"}
            prop.clear()
            prop["anyOf"] = [rows, {"type": "string"}]
            prop["description"] = ("the table: a list of rows [[cells], ...], or the id of an extracted table, "
                                   "e.g. 'table_extractor0.data'")
        elif key == "text" and spec.kind == "constructor":
            prop["description"] = ("the text to write (add_text); refresh/revise leave it out and call "
                                   "manipulate_text__gethortext, which sets it")
    if spec.kind == "method":
        prefix = var_name(spec.owner)
        obj = {"type": "string", "description": f"id of the {spec.owner} object to run this on, e.g. '{prefix}0'"}
        params["properties"] = {OBJECT_ARG: obj, **props}
        params["required"] = [OBJECT_ARG, *params.get("required", [])]
        if spec.assigns is not None:
            fn["description"] += f" The result becomes the object's .{spec.assigns}."
    return schema


def tool_schemas() -> list[dict]:
    """The 46 function schemas of tool mode, in the registry's order."""
    return [tool_schema(spec) for spec in TOOLS]


__all__ = ["FUNCTIONS", "OBJECT_ARG", "ToolModeSession", "ToolResult", "replay", "tool_schema",
           "tool_schemas"]
