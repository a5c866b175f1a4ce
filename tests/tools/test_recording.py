"""Recording into the Trace with effects off: values, provenance, roles, save flags, usage errors."""

from __future__ import annotations

import pytest

from drafterbench.tools.base import ToolUsageError
from drafterbench.tools.trace import ArgRole, BlockRole, EffectStatus, Provenance, Trace


def _args(block):
    return {a.name: a for a in block.arguments}


def test_positional_and_keyword_calls_record_the_same(session, fitz, pdfbf):
    doc = fitz.open("beam.pdf")
    ex = pdfbf.extractanno(doc)
    r1, _ = ex.getclip_rfpoint(0, 2)
    r2, _ = ex.getclip_rfpoint(rectangleorder=2, pagenumber=0)
    pdfbf.manipulate_text(doc, 0, r1, "hello", "helv", 12, "red", 0, fitz.TEXT_ALIGN_CENTER)
    pdfbf.manipulate_text(doc=doc, pagenumber=0, clip=r2, text="hello", font="helv", fontsize=12,
                          textcolor="red", rotate=0, align=fitz.TEXT_ALIGN_CENTER)  # fmt: skip
    a, b = session.trace.files[0].blocks_in(BlockRole.CHANGE_MAKER)
    assert a.arguments == b.arguments
    assert _args(a)["clip"].value == "beam.pdf-0-2"
    assert _args(a)["align"].value == 1
    assert all(arg.valid for arg in a.arguments)


def test_impossible_calls_raise_tool_usage_error(fitz, pdfbf):
    doc = fitz.open("beam.pdf")
    with pytest.raises(ToolUsageError, match="unknown keyword argument 'colour'.*valid keywords"):
        pdfbf.extractanno(doc=doc, colour="red")
    with pytest.raises(ToolUsageError, match="at most 3 positional"):
        pdfbf.selector(doc, 0, None, 4)
    with pytest.raises(ToolUsageError, match="multiple values"):
        pdfbf.selector(doc, 0, pagenumber=0)
    ex = pdfbf.extractanno(doc)
    with pytest.raises(ToolUsageError, match="takes no arguments"):
        ex.anno(page=1)


def test_missing_essential_is_recorded_invalid_not_raised(session, opened, pdfbf):
    doc, rect, _ = opened
    pdfbf.manipulate_table(doc=doc, pagenumber=0, clip=rect)  # no data
    block = session.trace.files[0].blocks[-1]
    data = _args(block)["data"]
    assert data.value is None and not data.valid and "missing essential argument 'data'" in data.error
    assert data.provenance is Provenance.DEFAULT


def test_provenance_and_declared_roles(session, opened, pdfbf):
    doc, rect, rf = opened
    ext = pdfbf.extract_table(doc=doc, pagenumber=0, clip=rect)
    pdfbf.manipulate_table(doc=doc, pagenumber=0, clip=rect, data=ext.data, font="helv")
    pdfbf.manipulate_table(doc=doc, pagenumber=0, clip=rect, data=[["a", "b"], ["1", "2"]])
    pdfbf.Projector(doc=doc, pagenumber=0, clip=rect, move=[5, -3, rf])
    t1, t2, proj = session.trace.files[0].blocks_in(BlockRole.CHANGE_MAKER)
    a1, a2 = _args(t1), _args(t2)
    assert a1["doc"].provenance is Provenance.TRANSFERRED and a1["doc"].role is ArgRole.TRANSFERRED
    assert a1["data"].value == {"ref": "table_data", "doc": "beam.pdf", "page": 0, "clip": "beam.pdf-0-1"}
    assert a1["data"].provenance is Provenance.TRANSFERRED and a1["data"].role is ArgRole.TRANSFERRED
    assert a2["data"].provenance is Provenance.LITERAL and a2["data"].role is ArgRole.DEFINED
    assert a1["font"].provenance is Provenance.LITERAL and a1["font"].vague_capable
    assert a1["font_size"].provenance is Provenance.DEFAULT and a1["font_size"].valid
    assert not a1["arrange"].vague_capable
    move = _args(proj)["move"]
    assert move.value == [5, -3, "beam.pdf-0-1"] and move.valid and move.provenance is Provenance.LITERAL


def test_explicit_none_for_optional_is_default(session, opened, pdfbf):
    doc, rect, _ = opened
    pdfbf.manipulate_text(doc=doc, pagenumber=0, clip=rect, text="x", font=None)
    pdfbf.manipulate_text(doc=doc, pagenumber=0, clip=rect, text="x")
    a, b = session.trace.files[0].blocks_in(BlockRole.CHANGE_MAKER)
    assert a.arguments == b.arguments


def test_selection_lists_join_with_plus_and_encode(session, opened, pdfbf):
    doc, rect, _ = opened
    sel = pdfbf.selector(doc=doc, pagenumber=0, clip=rect)
    a = sel.mode1_rebars_Window_Cover_Enclosure()
    b = sel.mode2_columns_Cross_Touch_Intersect()
    assert type(a) is list
    joined = a + b
    pdfbf.draw_drawer(doc=doc, pagenumber=0, listofcdraw=joined).delete_draw()
    pdfbf.repairer(doc, 0, rect, sel.selected_lines, joined).del_repair()
    drawer = session.trace.files[0].blocks_in(BlockRole.CHANGE_MAKER)[0]
    listofdraw = _args(drawer)["listofdraw"]
    assert listofdraw.provenance is Provenance.TRANSFERRED and listofdraw.valid
    assert [e["data_name"] for e in listofdraw.value] == ["mode1_rebars", "mode2_columns"]
    assert listofdraw.value[0] == {
        "data_name": "mode1_rebars",
        "doc": "beam.pdf",
        "page": 0,
        "clip": "beam.pdf-0-1",
    }
    repairer = session.trace.files[0].blocks_in(BlockRole.POST_CHANGE_MAKER)[0]
    assert _args(repairer)["cdrawings"].value[0]["data_name"] == "all_lines"
    assert drawer.calls[0].tool == "delete_draw" and drawer.calls[0].effect is EffectStatus.OFF


def test_text_read_back_alias_and_assignment(session, opened, pdfbf):
    doc, rect, _ = opened
    tm = pdfbf.manipulate_text(doc=doc, pagenumber=0, clip=rect, text=None, rotate=0)
    block = session.trace.files[0].blocks[-1]
    assert not _args(block)["text"].valid  # necessary in the original, given as None
    assert tm.resolve_attr("gethorrtext") == "gethortext"
    tm.text = tm.gethortext()
    assert _args(block)["text"].value == "horizontal_text" and _args(block)["text"].valid
    tm.text = tm.deletetext(deltex="temporary")
    tm.text = tm.replacetext(totext="assignment")
    tm.addtext()
    assert [c.tool for c in block.calls] == ["gethortext", "deletetext", "replacetext", "addtext"]
    assert _args(block)["text"].value == "horizontal_text"
    assert block.calls[1].arguments[0].value == "temporary"
    assert block.calls[2].arguments[0].provenance is Provenance.DEFAULT


def test_save_marks_blocks_created_so_far(session, opened, pdfbf):
    doc, rect, _ = opened
    pdfbf.delete(doc=doc, pagenumber=0, clip=rect).applydelete()
    doc.save("beam_updated.pdf")
    later = pdfbf.delete(doc=doc, pagenumber=0, clip=rect)
    file = session.trace.files[0]
    first, second = file.blocks_in(BlockRole.CHANGE_MAKER)
    assert first.saved and first.calls[0].saved
    assert not second.saved
    assert not file.blocks_in(BlockRole.EXTRACTOR)[0].saved
    assert file.saves[0].path == "beam_updated.pdf" and file.saves[0].valid
    doc.save("beam_updated.txt")
    assert not file.saves[1].valid and not later._block.saved


def test_invalid_open_path_and_doc(session, fitz, pdfbf):
    doc = fitz.open("beam.txt")
    assert not session.trace.files[0].path_valid
    pdfbf.extractanno(doc="beam.pdf")  # a string, not a document
    bad = session.trace.file("beam.pdf")
    assert bad is not None and not bad.opened and not bad.blocks[0].arguments[0].valid
    ex = pdfbf.extractanno(doc)
    rect, _ = ex.getclip_rfpoint(0, 0)
    assert rect.encode() == "Unknown-Unknown-Unknown"


def test_colour_mode_and_child_selection(session, fitz, pdfbf):
    doc = fitz.open("column.pdf")
    ex = pdfbf.extractanno(doc, pagenumber=2, annocolor="red")
    drawings = ex.anno()
    child = pdfbf.select_from_drawings(doc=doc, pagenumber=2, cdrawings=drawings)
    rebars = child.mode2_rebars_Cross_Touch_Intersect()
    both = child.get_rebar_column()
    pdfbf.manipulate_draw(
        doc=doc, pagenumber=2, sel_drawings=rebars + both, drwcolor="blue", width=3
    ).add_standrawing()
    file = session.trace.files[0]
    anno_call = file.blocks[0].calls[0]
    assert anno_call.tool == "anno" and [(a.name, a.value) for a in anno_call.arguments] == [
        ("page", 2),
        ("order", "red"),
    ]
    assert drawings[0].encode()["clip"] == "column.pdf-2-red"
    assert [e["data_name"] for e in file.blocks[2].arguments[2].value] == [
        "mode2_rebars",
        "rebars_and_columns",
    ]


def test_trace_json_round_trip(session, opened, pdfbf):
    doc, rect, rf = opened
    tm = pdfbf.manipulate_text(doc=doc, pagenumber=0, clip=rect, text="a", font="Comic")
    tm.addtext()
    pdfbf.project_draw(doc, 0, rect, [], [], None, ["r", 30, rf]).project()
    pdfbf.recorder(
        missing_information="file-level: a.pdf, page-level: 3, order-level: missing, base-level: x"
    ).recording()
    doc.save("beam_updated.pdf")
    trace = session.trace
    assert Trace.model_validate_json(trace.model_dump_json()) == trace
    assert trace.warnings  # the invalid font skipped addtext's effect


def test_current_line_is_recorded(session, fitz, pdfbf):
    session.current_line = 7
    doc = fitz.open("beam.pdf")
    session.current_line = 8
    ex = pdfbf.extractanno(doc)
    session.current_line = 9
    ex.getclip_rfpoint(0, 0)
    block = session.trace.files[0].blocks[0]
    assert block.line == 8 and block.calls[0].line == 9


def test_constants_on_both_modules(fitz, pdfbf, session):
    assert [fitz.TEXT_ALIGN_LEFT, fitz.TEXT_ALIGN_CENTER, fitz.TEXT_ALIGN_RIGHT, fitz.TEXT_ALIGN_JUSTIFY] == [
        0,
        1,
        2,
        3,
    ]
    assert pdfbf.TEXT_ALIGN_CENTER == 1 and session.modules["testf"] is pdfbf
    assert pdfbf.resolve_attr("manipulate_text") == "manipulate_text"
    assert pdfbf.resolve_attr("__class__") is None and fitz.resolve_attr("save") is None
