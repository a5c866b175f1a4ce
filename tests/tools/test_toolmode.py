"""Tool mode: function calls against a live ToolSession record exactly what the equivalent program records.

``to_calls`` turns a straight-line golden program into the equivalent function-call sequence, making each call
live (so the ids a call returns feed the next ones), the way a function-calling model would. Traces are then
compared with code mode's, line numbers stripped (a call's position stands in for a program line).
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from drafterbench.interpreter import run_program
from drafterbench.tasktypes import TaskType
from drafterbench.tools.handles import Doc
from drafterbench.tools.registry import TOOLS
from drafterbench.tools.session import ToolSession
from drafterbench.tools.toolmode import FUNCTIONS, OBJECT_ARG, ToolModeSession, replay, tool_schemas
from drafterbench.tools.values import TEXT_ALIGN

PROGRAMS = Path(__file__).parents[1] / "golden" / "programs"


class Ref(str):
    """An object id in the translation (as opposed to a literal string)."""


def _plain(value):
    if isinstance(value, Ref):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class _Translator:
    """Walks a straight-line program and makes each tool call through ``tm`` instead (a test helper)."""

    MODULES = ("fitz", "PDFbf", "testf")

    def __init__(self, tm: ToolModeSession) -> None:
        self.tm = tm
        self.env: dict = {}
        self.calls: list[tuple[str, str]] = []

    def run(self, source: str) -> list[tuple[str, str]]:
        for stmt in ast.parse(source).body:
            if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                continue
            if isinstance(stmt, ast.Expr):
                self.eval(stmt.value)
                continue
            assert isinstance(stmt, ast.Assign) and len(stmt.targets) == 1, ast.dump(stmt)
            value = self.eval(stmt.value)
            self.assign(stmt.targets[0], value)
        return self.calls

    def assign(self, target, value):
        if isinstance(target, ast.Name):
            self.env[target.id] = value
        elif isinstance(target, ast.Tuple):
            for t, v in zip(target.elts, value):
                self.assign(t, v)
        elif isinstance(target, ast.Attribute):  # m.text = m.gethortext(): tool mode assigns by itself
            assert value == ("assigned", f"{self.eval(target.value)}.{target.attr}"), value
        else:
            raise AssertionError(ast.dump(target))

    def eval(self, node):
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, (ast.List, ast.Tuple)):
            return [self.eval(e) for e in node.elts]
        if isinstance(node, ast.Name):
            return self.env[node.id]
        if isinstance(node, ast.Attribute):
            if isinstance(node.value, ast.Name) and node.value.id in self.MODULES:
                return TEXT_ALIGN[node.attr]
            return Ref(f"{self.eval(node.value)}.{node.attr}")
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self.eval(node.left), self.eval(node.right)
            if isinstance(left, Ref) or isinstance(right, Ref):  # joined selections
                as_list = [left] if isinstance(left, Ref) else left
                return as_list + ([right] if isinstance(right, Ref) else right)
            return left + right
        if isinstance(node, ast.Subscript):
            s = node.slice
            return self.eval(node.value)[slice(*(None if p is None else self.eval(p)
                                                   for p in (s.lower, s.upper, s.step)))]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -self.eval(node.operand)
        if isinstance(node, ast.Call):
            return self.call(node)
        raise AssertionError(ast.dump(node))

    def call(self, node: ast.Call):
        func = node.func
        if isinstance(func, ast.Name) and func.id == "dict":
            return {kw.arg: self.eval(kw.value) for kw in node.keywords}
        assert isinstance(func, ast.Attribute)
        kwargs = {}
        if isinstance(func.value, ast.Name) and func.value.id in self.MODULES:
            name = "fitz__open" if func.attr == "open" else f"PDFbf__{func.attr}"
        else:
            obj = self.eval(func.value)
            if isinstance(obj, dict):
                assert func.attr == "get"
                return obj.get(self.eval(node.args[0]))
            target = self.tm.objects[obj]
            owner = "doc" if isinstance(target, Doc) else target.cls_name
            name = f"{owner}__{func.attr}"
            if name not in FUNCTIONS:  # select_from_drawings offers the selector's methods
                name = f"selector__{func.attr}"
            kwargs[OBJECT_ARG] = obj
        spec = FUNCTIONS[name]
        kwargs.update(zip(spec.arg_names, (self.eval(a) for a in node.args)))
        kwargs.update({kw.arg: self.eval(kw.value) for kw in node.keywords})
        arguments = json.dumps(_plain(kwargs))
        self.calls.append((name, arguments))
        result = json.loads(self.tm.call(name, arguments).content)
        assert result["status"] != "error", (name, result)
        if "assigned" in result:
            return ("assigned", result["assigned"])
        returned = result["returned"]
        if isinstance(returned, list):
            return [Ref(r) for r in returned]
        return Ref(returned) if isinstance(returned, str) else returned


def _strip_lines(value):
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != "line"}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def _dump(trace) -> dict:
    return _strip_lines(json.loads(trace.model_dump_json()))


def code_trace(source: str):
    return run_program(source, ToolSession(effects=False))


def tool_trace(source: str):
    tm = ToolModeSession(ToolSession(effects=False))
    calls = _Translator(tm).run(source)
    return tm.trace, calls


@pytest.mark.parametrize("task_type", [t.value for t in TaskType])
def test_every_golden_program_leaves_the_same_trace_in_tool_mode(task_type):
    source = (PROGRAMS / f"{task_type}.py").read_text(encoding="utf-8")
    code = code_trace(source)
    tool, calls = tool_trace(source)
    assert code.error is None and tool.error is None
    assert _dump(tool) == _dump(code)
    assert len(calls) >= 5
    # Replaying the same calls in a fresh session (what grading does) gives the same trace again.
    again = replay([(n, a) for n, a in calls], ToolSession(effects=False)).trace
    assert again.model_dump() == tool.model_dump()


def test_invalid_values_are_recorded_as_in_code_mode_and_reported_to_the_model():
    source = (PROGRAMS / "add_text.py").read_text(encoding="utf-8")
    bad = source.replace('font="Arial"', 'font="Comic Sans"').replace("pagenumber0 = 0", "pagenumber0 = -1")
    tool, calls = tool_trace(bad)
    assert _dump(tool) == _dump(code_trace(bad))
    tm = ToolModeSession(ToolSession(effects=False))
    results = [json.loads(tm.call(n, a).content) for n, a in calls]
    by_name = dict(zip([n for n, _ in calls], results))
    clip = by_name["extractanno__getclip_rfpoint"]
    assert clip["status"] == "invalid" and any("page number -1 is not valid" in e for e in clip["invalid"])
    text = by_name["PDFbf__manipulate_text"]
    assert text["status"] == "invalid"
    assert any(e.startswith("font: font 'Comic Sans' is not in the font list; valid fonts:") for e in text["invalid"])
    block = tm.trace.files[0].blocks[1]
    assert block.cls == "manipulate_text" and not block.argument("font").valid


def _opened() -> ToolModeSession:
    tm = ToolModeSession(ToolSession(effects=False))
    tm.call("fitz__open", '{"filepath": "beam.pdf"}')
    tm.call("PDFbf__extractanno", '{"doc": "doc0"}')
    return tm


def _calls(trace) -> int:
    return sum(len(b.calls) + 1 for f in trace.files for b in f.blocks)


@pytest.mark.parametrize(
    ("name", "arguments", "needle"),
    [
        ("PDFbf__manipulate_txt", "{}", "unknown function 'PDFbf__manipulate_txt' (did you mean PDFbf__manipulate_text"),
        ("PDFbf__selector", '{"doc": "doc7", "pagenumber": 0, "clip": "rectangle0"}',
         "doc: unknown id 'doc7'; valid ids: doc0, annoextractor0"),
        ("extractanno__getclip_rfpoint", '{"object": "annoextractor0", "pagenumber": 0,',
         "arguments are not valid JSON"),
        ("extractanno__getclip_rfpoint", "[0, 1]", "arguments must be a JSON object"),
        ("extractanno__getclip_rfpoint", '{"pagenumber": 0, "rectangleorder": 0}',
         "give 'object', the id of the extractanno object to run it on; valid ids: annoextractor0"),
        ("manipulate_text__addtext", '{"object": "annoextractor0"}',
         "object 'annoextractor0' has no method 'addtext'"),
        ("extractanno__getclip_rfpoint", '{"object": "annoextractor0", "page": 0, "rectangleorder": 0}',
         "unknown keyword argument 'page'; valid keywords: pagenumber, rectangleorder"),
        ("PDFbf__extract_table", '{"doc": "doc0", "pagenumber": 0, "clip": "annoextractor0.data"}',
         "'annoextractor0' has no readable attribute 'data'"),
    ],
)
def test_calls_that_cannot_be_made_are_tool_errors_and_notes(name, arguments, needle):
    tm = _opened()
    before = _calls(tm.trace)
    result = tm.call(name, arguments)
    payload = json.loads(result.content)
    assert payload["status"] == "error" and not result.recorded
    assert needle in payload["error"], payload["error"]
    assert _calls(tm.trace) == before  # nothing recorded as a call ...
    assert tm.trace.warnings[-1].message.startswith(f"tool call {name!r} not made: ")  # ... but a note
    assert tm.trace.error is None  # and the model may go on
    ok = json.loads(tm.call("extractanno__getclip_rfpoint",
                            '{"object": "annoextractor0", "pagenumber": 0, "rectangleorder": 0}').content)
    assert ok == {"status": "ok", "returned": ["rectangle0", "rfpoint0"]}


def test_ids_are_stable_and_attributes_are_named():
    tm = _opened()
    tm.call("extractanno__getclip_rfpoint", '{"object": "annoextractor0", "pagenumber": 0, "rectangleorder": 0}')
    made = json.loads(tm.call("PDFbf__extract_table", '{"doc": "doc0", "pagenumber": 0, "clip": "rectangle0"}').content)
    assert made["returned"] == "table_extractor0" and made["attributes"] == ["table_extractor0.data"]
    tm.call("PDFbf__manipulate_table",
            '{"doc": "doc0", "pagenumber": 0, "clip": "rectangle0", "data": "table_extractor0.data"}')
    # A change returns the same document: its id does not change.
    added = json.loads(tm.call("manipulate_table__addtable", '{"object": "table_manipulator0"}').content)
    assert added["returned"] == "doc0"
    data = tm.trace.files[0].blocks[-1].argument("data")
    assert data.provenance.value == "transferred" and data.value["ref"] == "table_data"


def test_literal_text_that_is_not_an_id_stays_literal():
    tm = _opened()
    tm.call("extractanno__getclip_rfpoint", '{"object": "annoextractor0", "pagenumber": 0, "rectangleorder": 0}')
    tm.call("PDFbf__manipulate_text", '{"doc": "doc0", "pagenumber": 0, "clip": "rectangle0", "text": "doc0"}')
    text = tm.trace.files[0].blocks[-1].argument("text")
    assert text.value == "doc0" and text.provenance.value == "literal"


def test_schemas_cover_the_46_tools_and_take_objects_by_id():
    schemas = tool_schemas()
    names = [s["function"]["name"] for s in schemas]
    assert len(names) == len(set(names)) == len(TOOLS) == 46
    by_name = {s["function"]["name"]: s["function"]["parameters"] for s in schemas}
    addtext = by_name["manipulate_text__addtext"]
    assert addtext["required"] == [OBJECT_ARG] and "text_manipulator0" in addtext["properties"][OBJECT_ARG]["description"]
    assert "doc0" in by_name["PDFbf__selector"]["properties"]["doc"]["description"]
    data = by_name["PDFbf__manipulate_table"]["properties"]["data"]
    assert {"type": "string"} in data["anyOf"] and "table_extractor0.data" in data["description"]
    move = by_name["PDFbf__Projector"]["properties"]["move"]
    assert "rfpoint0" in json.dumps(move)
    assert by_name["fitz__open"]["required"] == ["filepath"]
    for params in by_name.values():
        json.dumps(params)  # plain JSON, ready for any OpenAI-compatible server
