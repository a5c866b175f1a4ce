"""The record builders make the very objects the validating pydantic constructors make."""

from __future__ import annotations

import pytest

from drafterbench.tools import records
from drafterbench.tools.handles import Rect, RfPoint, SelectionEntry
from drafterbench.tools.session import ToolSession
from drafterbench.tools.trace import (
    ArgRole,
    Argument,
    Block,
    BlockRole,
    EffectStatus,
    Provenance,
    ToolCall,
    Trace,
)


def test_the_shortcut_is_in_use():
    # If a pydantic release breaks the shortcut, recording still works (validating constructors) but
    # gets slower; this says so.
    assert records.FAST


@pytest.mark.parametrize("value", [None, 0, 2.5, "beam.pdf", [1, [2, None]], {"data_name": "x", "page": 0}])
@pytest.mark.parametrize("error", [None, "width -1 is not valid; expected a non-negative int or float"])
def test_argument_is_the_validated_one(value, error):
    fields = ("width", value, error is None, Provenance.DEFAULT, False, ArgRole.DEFINED, True, error)
    built = records.new_argument(*fields)
    names = ("name", "value", "valid", "provenance", "necessary", "role", "vague_capable", "error")
    assert records.same_record(built, Argument(**dict(zip(names, fields))))
    assert Argument.model_validate_json(built.model_dump_json()) == built


def test_call_and_block_are_the_validated_ones():
    arg = records.new_argument("page", 1, True, Provenance.LITERAL, True, ArgRole.TRANSFERRED, False, None)
    call = records.new_call("getclip_rfpoint", [arg], 4)
    assert records.same_record(call, ToolCall(tool="getclip_rfpoint", arguments=[arg], line=4))
    assert call.effect is EffectStatus.OFF and call.saved is False and call.warning is None
    block = records.new_block("selector", BlockRole.SELECTOR, [arg], None)
    validated = Block(cls="selector", role=BlockRole.SELECTOR, arguments=[arg], line=None)
    assert records.same_record(block, validated)
    # each record owns its mutable parts, and later changes track the same way
    other = records.new_block("selector", BlockRole.SELECTOR, [], None)
    for b in (block, validated):
        b.calls.append(call)
        b.saved = True
    assert records.same_record(block, validated)
    assert other.calls == [] and other.saved is False
    assert other.model_fields_set == {"cls", "role", "arguments", "line"}


def test_a_recorded_trace_round_trips_through_json():
    session = ToolSession(effects=False)
    fitz, pdfbf = session.modules["fitz"], session.modules["PDFbf"]
    doc = fitz.open("beam.pdf")
    rect, rf = pdfbf.extractanno(doc=doc).getclip_rfpoint(pagenumber=0, rectangleorder=1)
    assert isinstance(rect, Rect) and isinstance(rf, RfPoint)
    sel = pdfbf.selector(doc=doc, pagenumber=0, clip=rect).mode1_lines_Window_Cover_Enclosure()
    assert isinstance(sel[0], SelectionEntry)
    pdfbf.manipulate_draw(doc=doc, pagenumber=0, sel_drawings=sel, drwcolor="Comic", width=-1).update_draw()
    doc.save("beam_updated.pdf")
    trace = session.trace
    again = Trace.model_validate_json(trace.model_dump_json())
    assert again == trace
    assert again.model_dump_json() == trace.model_dump_json()
