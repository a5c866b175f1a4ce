"""Each validity rule of catalog §7.1: the value is recorded invalid with an error naming the value and the
valid choices, the call's effect is skipped with a warning, and the program goes on."""

from __future__ import annotations

import pytest

from drafterbench.tools.trace import BlockRole, EffectStatus


def _change(session):
    return session.trace.files[0].blocks_in(BlockRole.CHANGE_MAKER)[-1]


CASES = [
    ("text", dict(font="Comic Sans"), "font", ["'Comic Sans'", "helv"]),
    ("text", dict(fontsize="big"), "fontsize", ["'big'", "int"]),
    ("text", dict(fontsize=12.5), "fontsize", ["12.5"]),
    ("text", dict(textcolor="dark-ish"), "textcolor", ["'dark-ish'", "red"]),
    ("text", dict(align=7), "align", ["7", "TEXT_ALIGN"]),
    ("text", dict(text=["not", "a", "str"]), "text", ["a str"]),
    ("table", dict(align=1), "align", ["1", "'center'"]),
    ("table", dict(data="a,b\n1,2"), "data", ["list of rows"]),
    ("table", dict(arrange="row height 20"), "arrange", ["row heights"]),
    ("draw", dict(dashes="[3,3]0"), "dashes", ["'[3,3]0'", "[3 3]0"]),
    ("draw", dict(dashes="[3, 2]4"), "dashes", ["whitespace"]),
    ("draw", dict(lineJoin=3), "lineJoin", ["0, 1 or 2"]),
    ("draw", dict(lineCap="round"), "lineCap", ["0, 1 or 2"]),
    ("draw", dict(closePath="True"), "closePath", ["True or False"]),
    ("draw", dict(width="thick"), "width", ["'thick'"]),
    ("draw", dict(sel_drawings="rebars"), "sel_drawings", ["selection"]),
    ("project", dict(move=[5, 5]), "move", ["[dx, dy, rfpoint]"]),
    ("project", dict(rotation=[30, "rf"]), "rotation", ["'r'"]),
    ("project", dict(scal=["sc", 2]), "scal", ["'sc'"]),
]


def _make(kind, pdfbf, doc, rect, rf, sel, **over):
    if kind == "text":
        kw = dict(doc=doc, pagenumber=0, clip=rect, text="note", font="helv", fontsize=10) | over
        obj = pdfbf.manipulate_text(**kw)
        return obj.addtext
    if kind == "table":
        kw = dict(doc=doc, pagenumber=0, clip=rect, data=[["a"]], align="center") | over
        return pdfbf.manipulate_table(**kw).addtable
    if kind == "draw":
        kw = dict(doc=doc, pagenumber=0, sel_drawings=sel, dashes="[3 3]0") | over
        return pdfbf.manipulate_draw(**kw).update_draw
    kw = dict(doc=doc, pagenumber=0, clip=rect, move=[1, 2, rf]) | over
    return pdfbf.Projector(**kw).project


@pytest.mark.parametrize("kind,over,name,needles", CASES)
def test_invalid_value_recorded_and_effect_skipped(session, opened, pdfbf, kind, over, name, needles):
    doc, rect, rf = opened
    sel = pdfbf.selector(doc, 0, rect).mode2_lines_Cross_Touch_Intersect()
    change = _make(kind, pdfbf, doc, rect, rf, sel, **over)
    assert change() is doc  # the program goes on; the method returns the document
    block = _change(session)
    arg = next(a for a in block.arguments if a.name == name)
    assert not arg.valid
    for needle in needles:
        assert needle in arg.error
    call = block.calls[-1]
    assert call.effect is EffectStatus.SKIPPED and name in call.warning
    assert session.trace.warnings[-1].message == call.warning
    doc.save("beam_updated.pdf")  # still runs
    assert session.trace.files[0].saves[-1].valid


def test_valid_values_pass(session, opened, pdfbf):
    doc, rect, rf = opened
    for dashes in ("[3 3]0", "[3 3] 0", "[0 0]0"):
        sel = pdfbf.selector(doc, 0, rect).mode2_lines_Cross_Touch_Intersect()
        pdfbf.manipulate_draw(doc, 0, sel, "red", "blue", dashes, True, 1, 2, 1.5).update_draw()
        assert all(a.valid for a in _change(session).arguments)
        assert _change(session).calls[0].effect is EffectStatus.OFF
    pdfbf.manipulate_table(doc, 0, rect, [["a", 1]], [[20, 20], None], "Arial", 10, 2, "justify").addtable()
    assert all(a.valid for a in _change(session).arguments)
    pdfbf.Projector(doc, 0, rect, [1, -2.5, rf], ["r", -30, rf], ["sc", [1.2, 0.8], rf]).project()
    assert all(a.valid for a in _change(session).arguments)


def test_table_edit_arguments(session, opened, pdfbf):
    doc, rect, _ = opened
    tm = pdfbf.manipulate_table(doc=doc, pagenumber=0, clip=rect, data=[["a", "b"], ["c", "d"]])
    assert tm.cuttable(delrow="3") == [["a", "b"], ["c", "d"]]  # invalid: unchanged
    assert tm.emptytable(startcell=[0, 1]) == [["a", "b"], ["c", "d"]]  # 1-based: 0 is invalid
    assert tm.modifytable(repdata="x,y") == [["a", "b"], ["c", "d"]]  # a raw string is not a list
    tm.data = tm.emptytable(startcell=["all", 2])
    assert tm.data == [["a", ""], ["c", ""]]
    calls = _change(session).calls
    assert [c.arguments[0].valid for c in calls] == [False, False, False, True]
    assert [c.arguments[0].name for c in calls] == ["delrow", "start_cell", "rep_data", "start_cell"]
