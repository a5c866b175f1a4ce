"""The 46 tools: names, kinds, argument order and the derived function-calling schemas."""

from __future__ import annotations

import json
from collections import Counter

from drafterbench.tasktypes import TaskType
from drafterbench.tools.registry import TOOLS, function_schema, methods_of, tool

CONSTRUCTORS = [
    "extractanno", "selector", "select_from_drawings", "manipulate_text", "extract_table", "manipulate_table",
    "draw_drawer", "delete", "repairer", "manipulate_draw", "Projector", "project_draw", "recorder",
]  # fmt: skip


def test_exactly_46_unique_tools():
    names = [t.name for t in TOOLS]
    assert len(names) == 46
    assert len(set(names)) == 46
    kinds = Counter(t.kind for t in TOOLS)
    assert kinds == {"function": 1, "constructor": 13, "method": 32}  # 31 class methods + doc.save
    assert sorted(t.short for t in TOOLS if t.kind == "constructor") == sorted(CONSTRUCTORS)
    per_class = {c: len(methods_of(c)) for c in CONSTRUCTORS}
    assert per_class == {
        "extractanno": 2, "selector": 8, "select_from_drawings": 4, "manipulate_text": 5, "extract_table": 0,
        "manipulate_table": 4, "draw_drawer": 1, "delete": 1, "repairer": 1, "manipulate_draw": 2,
        "Projector": 1, "project_draw": 1, "recorder": 1,
    }  # fmt: skip


def test_argument_order_and_essentials_follow_the_original():
    text = tool("PDFbf.manipulate_text")
    assert [a.name for a in text.args][:9] == [
        "doc", "pagenumber", "clip", "text", "font", "fontsize", "textcolor", "rotate", "align",
    ]  # fmt: skip
    assert [a.name for a in text.args if a.essential] == ["doc", "pagenumber", "clip"]
    table = tool("PDFbf.manipulate_table")
    assert [a.name for a in table.args] == [
        "doc", "pagenumber", "clip", "data", "arrange", "font", "fontsize", "borderwidth", "align",
    ]  # fmt: skip
    assert [a.record for a in table.args][6:8] == ["font_size", "border_width"]
    assert [a.name for a in tool("manipulate_text.replacetext").args] == ["retext", "totext"]
    assert [a.name for a in tool("manipulate_text.replacetext").args if a.essential] == ["totext"]
    assert tool("PDFbf.manipulate_draw").args[2].name == "sel_drawings"


def test_every_schema_is_valid_json_schema_with_descriptions():
    for spec in TOOLS:
        schema = function_schema(spec)
        json.dumps(schema)  # serialisable
        fn = schema["function"]
        assert len(fn["name"]) <= 64 and fn["name"].replace("_", "").isalnum()
        params = fn["parameters"]
        assert params["type"] == "object"
        assert list(params["properties"]) == [a.name for a in spec.args]
        assert set(params["required"]) == {a.name for a in spec.args if a.essential}
        for name, prop in params["properties"].items():
            assert prop.get("description"), f"{spec.name}.{name} has no description"
    dashes = function_schema(tool("PDFbf.manipulate_draw"))["function"]["parameters"]["properties"]["dashes"]
    assert "pattern" in json.dumps(dashes)


def test_task_types_are_task_type_members():
    for spec in TOOLS:
        assert spec.task_types and all(isinstance(t, TaskType) for t in spec.task_types)
    assert TaskType.ADD_VECTOR not in tool("extractanno.getclip_rfpoint").task_types
