"""Effects on: the session edits a real generated drawing through the effect layer, skips effects of
invalid calls, turns effect failures into warnings, writes only inside out_dir, and records the same
trace as with effects off."""

from __future__ import annotations

import json

import pymupdf
import pytest

from drafterbench.drawings import render
from drafterbench.drawings.spec import BoxSpec, DrawingSpec, MarkupSpec, PageSpec
from drafterbench.tools.session import ToolSession
from drafterbench.tools.trace import EffectStatus

SPEC = DrawingSpec(
    name="beam.pdf",
    seed=7,
    pages=[
        PageSpec(
            boxes=[
                BoxSpec(content="vectors", vectors=["lines", "rebars", "columns"]),
                BoxSpec(content="empty"),
                BoxSpec(content="table", table=[["A", "B"], ["1", "2"], ["3", "4"]]),
            ],
            markups=[MarkupSpec(colour="red", kinds=["lines", "rebars"])],
        )
    ],
)


@pytest.fixture(scope="module")
def drawing(tmp_path_factory):
    path = tmp_path_factory.mktemp("drawings") / "beam.pdf"
    path.write_bytes(render(SPEC))
    return path


def _vector_program(session):
    fitz, pdfbf = session.modules["fitz"], session.modules["PDFbf"]
    doc = fitz.open("beam.pdf")
    rect, rf = pdfbf.extractanno(doc=doc).getclip_rfpoint(pagenumber=0, rectangleorder=0)
    sel = pdfbf.selector(doc=doc, pagenumber=0, clip=rect)
    rebars = sel.mode2_rebars_Cross_Touch_Intersect()
    pdfbf.manipulate_draw(doc, 0, rebars, drwcolor="blue", dashes="[3,3]0").update_draw()  # invalid dashes
    pdfbf.manipulate_draw(doc, 0, rebars, drwcolor="blue", width=2).update_draw()
    lines = sel.mode1_lines_Window_Cover_Enclosure()
    pdfbf.draw_drawer(doc=doc, pagenumber=0, listofcdraw=lines).delete_draw()
    ex = pdfbf.extractanno(doc, pagenumber=0, annocolor="red")
    marks = ex.anno()
    pdfbf.manipulate_draw(doc, 0, marks, drwcolor="black", width=1).add_standrawing()
    doc.save("beam_updated.pdf")
    doc.save("../escape/beam_updated.pdf")
    return rebars, lines, marks


def test_effects_change_the_drawing_and_skip_invalid_calls(drawing, tmp_path):
    session = ToolSession({"beam.pdf": drawing}, out_dir=tmp_path / "out")
    rebars, lines, marks = _vector_program(session)
    blocks = session.trace.files[0].blocks
    effects = {(b.cls, c.tool, i): c.effect for i, b in enumerate(blocks) for c in b.calls}
    statuses = [c.effect for b in blocks for c in b.calls]
    assert EffectStatus.SKIPPED in statuses
    skipped = [c for b in blocks for c in b.calls if c.effect is EffectStatus.SKIPPED]
    assert len(skipped) == 1 and "dashes" in skipped[0].warning
    failed = [c.warning for b in blocks for c in b.calls if c.effect is EffectStatus.FAILED]
    assert not failed, failed
    assert rebars[0].vectors, "the vectors box holds rebars"
    assert marks[0].vectors, "the page holds red markups"
    assert session.changed_pages == {"beam.pdf": {0}}
    out = tmp_path / "out" / "beam_updated.pdf"
    assert session.saved_files["beam_updated.pdf"] == out and out.exists()
    assert not (tmp_path / "escape").exists()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["beam_updated.pdf"]
    with pymupdf.open(out) as revised, pymupdf.open(drawing) as original:
        blue = [
            d for d in revised[0].get_drawings() if d.get("color") and d["color"][2] > 0.9 > d["color"][0]
        ]
        assert blue, "restyled rebars are blue"
        assert len(list(revised[0].annots())) < len(list(original[0].annots())), "markups became line art"
    assert effects  # every call got a status
    session.close()


def test_trace_is_the_same_with_and_without_effects(drawing, tmp_path):
    on = ToolSession({"beam.pdf": drawing}, out_dir=tmp_path)
    off = ToolSession(effects=False)
    _vector_program(on)
    _vector_program(off)

    def strip(trace):
        data = json.loads(trace.model_dump_json())
        data.pop("warnings")
        for f in data["files"]:
            for b in f["blocks"]:
                for c in b["calls"]:
                    c.pop("effect"), c.pop("warning")
        return data

    assert strip(on.trace) == strip(off.trace)


def test_missing_effect_or_bad_rectangle_is_a_warning_not_an_exception(drawing):
    session = ToolSession({"beam.pdf": drawing})
    fitz, pdfbf = session.modules["fitz"], session.modules["PDFbf"]
    doc = fitz.open("beam.pdf")
    rect, _ = pdfbf.extractanno(doc).getclip_rfpoint(0, 11)  # no such rectangle
    call = session.trace.files[0].blocks[0].calls[0]
    assert call.effect is EffectStatus.FAILED and "rectangleorder 11" in call.warning
    pdfbf.delete(doc, 0, rect).applydelete()
    cleaner = session.trace.files[0].blocks[-1].calls[0]
    assert cleaner.effect is EffectStatus.FAILED and "clip rectangle" in cleaner.warning
    assert session.trace.warnings and session.changed_pages == {}


def test_table_and_text_effects(drawing, tmp_path):
    session = ToolSession({"beam.pdf": drawing}, out_dir=tmp_path)
    fitz, pdfbf = session.modules["fitz"], session.modules["PDFbf"]
    doc = fitz.open("beam.pdf")
    ex = pdfbf.extractanno(doc)
    box1, _ = ex.getclip_rfpoint(0, 1)
    box2, _ = ex.getclip_rfpoint(0, 2)
    data = pdfbf.extract_table(doc, 0, box2).data
    assert data.rows == [["A", "B"], ["1", "2"], ["3", "4"]]
    tm = pdfbf.manipulate_table(doc, 0, box2, data)
    tm.data = tm.cuttable(delrow=[2])
    assert tm.data.rows == [["A", "B"], ["3", "4"]]
    tm.addtable()
    pdfbf.manipulate_text(doc, 0, box1, "NEW NOTE", "helv", 10).addtext()
    doc.save("beam_updated.pdf")
    statuses = [c.effect for b in session.trace.files[0].blocks for c in b.calls]
    assert EffectStatus.FAILED not in statuses, session.trace.warnings
    with pymupdf.open(tmp_path / "beam_updated.pdf") as revised:
        assert "NEW NOTE" in revised[0].get_text("text", clip=box1.rect)
