"""End to end, one test per tool family: a generated drawing, a program in the original's style run by the
interpreter with effects on, and the revised PDF reopened to check what a drafter would see."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from drafterbench.drawings import BoxSpec, DrawingSpec, MarkupSpec, PageSpec, render
from drafterbench.interpreter import execute
from drafterbench.tools.effects import (
    classify,
    colour_markups,
    find_table,
    page_vectors,
    read_text,
    rect_markups,
    select,
)
from tests.effects.drawing import TABLE

SPEC = DrawingSpec(
    name="frame.pdf",
    seed=3,
    pages=[
        PageSpec(
            boxes=[
                BoxSpec(content="vectors"),
                BoxSpec(content="empty"),
                BoxSpec(content="text", text="Temporary beam B1 to be cast with slab"),
                BoxSpec(content="vtext", text="CHECK ON SITE"),
            ],
            markups=[
                MarkupSpec(colour="red", kinds=["rebars", "lines"]),
                MarkupSpec(colour="green", kinds=["columns"]),
            ],
        ),
        PageSpec(
            boxes=[
                BoxSpec(content="table", table=TABLE),
                BoxSpec(content="vectors", vectors=["lines", "columns"]),
                BoxSpec(content="empty"),
            ]
        ),
    ],
)
HEAD = 'import fitz\nimport PDFbf\n\nfilepath = "frame.pdf"\ndoc = fitz.open(filepath)\n'
SAVE = '\nupdated_file = filepath[:-4] + "_updated.pdf"\ndoc.save(updated_file)\n'
BOXES = "annoextractor = PDFbf.extractanno(doc=doc)\n"


@pytest.fixture(scope="module")
def drawing(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("drawing") / "frame.pdf"
    path.write_bytes(render(SPEC))
    return path


def run(body: str, drawing: Path, tmp_path: Path) -> pymupdf.Document:
    result = execute(HEAD + body + SAVE, drawings={"frame.pdf": drawing}, out_dir=tmp_path, effects=True)
    assert result.trace.error is None, result.trace.error
    assert not result.trace.warnings, result.trace.warnings
    (out,) = result.outputs.values()
    return pymupdf.open(out)


def original(page: int = 0) -> pymupdf.Page:
    return pymupdf.open(stream=render(SPEC))[page]


def spans(page, clip):
    return [
        {**s, "dir": ln["dir"]}
        for b in page.get_text("dict", clip=clip)["blocks"]
        for ln in b.get("lines", [])
        for s in ln["spans"]
        if s["text"].strip()
    ]


def test_add_text(drawing, tmp_path):
    doc = run(
        BOXES
        + """
rectangle0, rfpoint0 = annoextractor.getclip_rfpoint(pagenumber=0, rectangleorder=1)
argument0 = dict(clip=rectangle0, text="NEW OPENING 600x600", font="Courier", fontsize=12, textcolor="red", rotate=90, align=fitz.TEXT_ALIGN_CENTER)
Text_manipulator0 = PDFbf.manipulate_text(doc=doc, pagenumber=0, clip=argument0.get("clip"), text=argument0.get("text"), font=argument0.get("font"), fontsize=argument0.get("fontsize"), textcolor=argument0.get("textcolor"), rotate=argument0.get("rotate"), align=argument0.get("align"))
doc = Text_manipulator0.addtext()
""",
        drawing,
        tmp_path,
    )
    box = rect_markups(doc[0])[1]
    (s,) = spans(doc[0], box)
    assert s["text"] == "NEW OPENING 600x600" and s["font"] == "Courier" and s["size"] == pytest.approx(12)
    assert s["color"] == 0xFF0000 and s["dir"] == pytest.approx((0, -1))


def test_revise_and_refresh_text(drawing, tmp_path):
    doc = run(
        BOXES
        + """
rectangle0, rfpoint0 = annoextractor.getclip_rfpoint(pagenumber=0, rectangleorder=2)
argument0 = dict(clip=rectangle0, fontsize=9, textcolor="blue")
Text_manipulator0 = PDFbf.manipulate_text(doc=doc, pagenumber=0, clip=argument0.get("clip"), fontsize=argument0.get("fontsize"), textcolor=argument0.get("textcolor"))
Text_manipulator0.text = Text_manipulator0.gethortext()
Text_manipulator0.text = Text_manipulator0.deletetext(deltex="Temporary ")
Text_manipulator0.text = Text_manipulator0.replacetext(retext="B1", totext="B7")
doc = Text_manipulator0.addtext()
rectangle1, rfpoint1 = annoextractor.getclip_rfpoint(pagenumber=0, rectangleorder=3)
argument1 = dict(clip=rectangle1, font="Times-Roman", rotate=90)
Text_manipulator1 = PDFbf.manipulate_text(doc=doc, pagenumber=0, clip=argument1.get("clip"), font=argument1.get("font"), rotate=argument1.get("rotate"))
Text_manipulator1.text = Text_manipulator1.getvertext()
doc = Text_manipulator1.addtext()
""",
        drawing,
        tmp_path,
    )
    boxes = rect_markups(doc[0])
    assert read_text(doc[0], boxes[2]) == "beam B7 to be cast with slab"
    assert {(s["size"], s["color"]) for s in spans(doc[0], boxes[2])} == {(9.0, 0x0000FF)}
    (v,) = spans(doc[0], boxes[3])
    assert v["text"] == "CHECK ON SITE" and v["font"] == "Times-Roman" and v["dir"] == pytest.approx((0, -1))


def test_add_refresh_and_revise_table(drawing, tmp_path):
    doc = run(
        BOXES
        + """
rectangle0, rfpoint0 = annoextractor.getclip_rfpoint(pagenumber=1, rectangleorder=2)
argument0 = dict(clip=rectangle0, data=[["Level", "Load"], ["1", "5.0"], ["2", "7.5"]], arrange=[[18, 18, 18], [60, 80]], font="Arial", fontsize=10)
table_manipulator0 = PDFbf.manipulate_table(doc=doc, pagenumber=1, clip=argument0.get("clip"), data=argument0.get("data"), arrange=argument0.get("arrange"), font=argument0.get("font"), fontsize=argument0.get("fontsize"))
doc = table_manipulator0.addtable()
rectangle1, rfpoint1 = annoextractor.getclip_rfpoint(pagenumber=1, rectangleorder=0)
argument1 = dict(clip=rectangle1, borderwidth=2, align="center")
table_extractor1 = PDFbf.extract_table(doc=doc, pagenumber=1, clip=argument1.get("clip"))
table_data1 = table_extractor1.data
table_manipulator1 = PDFbf.manipulate_table(doc=doc, pagenumber=1, clip=argument1.get("clip"), data=table_data1, borderwidth=argument1.get("borderwidth"), align=argument1.get("align"))
table_manipulator1.data = table_manipulator1.cuttable(delrow=[4], delcolumn=[3])
table_manipulator1.data = table_manipulator1.emptytable(startcell=[2, 2])
table_manipulator1.data = table_manipulator1.modifytable(repdata=[["B9", "200x400"]], startcell=[3, 1], endcell=[3, 2])
doc = table_manipulator1.addtable()
""",
        drawing,
        tmp_path,
    )
    boxes = rect_markups(doc[1])
    added = find_table(doc[1], boxes[2])
    assert added.data == [["Level", "Load"], ["1", "5.0"], ["2", "7.5"]]
    assert added.col_widths == pytest.approx([60, 80], abs=0.6) and added.fontsize == pytest.approx(10)
    revised = find_table(doc[1], boxes[0])
    assert revised.data == [["Mark", "Size"], ["B1", ""], ["B9", "200x400"]]
    assert revised.borderwidth == pytest.approx(2)


def test_map_text_and_table(drawing, tmp_path):
    before = original(1)
    old = find_table(before, rect_markups(before)[0])
    doc = run(
        BOXES
        + """
rectangle0, rfpoint0 = annoextractor.getclip_rfpoint(pagenumber=1, rectangleorder=0)
argument0 = dict(clip=rectangle0, move=[10, -10, rfpoint0])
projector0 = PDFbf.Projector(doc=doc, pagenumber=1, clip=argument0.get("clip"), move=argument0.get("move"))
doc = projector0.project()
rectangle1, rfpoint1 = annoextractor.getclip_rfpoint(pagenumber=0, rectangleorder=2)
argument1 = dict(clip=rectangle1, rotation=["r", 90, rfpoint1], scal=["sc", [1.5, 1.5], rfpoint1])
projector1 = PDFbf.Projector(doc=doc, pagenumber=0, clip=argument1.get("clip"), rotation=argument1.get("rotation"), scal=argument1.get("scal"))
doc = projector1.project()
""",
        drawing,
        tmp_path,
    )
    moved = find_table(doc[1], rect_markups(doc[1])[0])
    # the Projector applies to what the box holds; a box holding a table moves its grid and cells
    assert moved is not None and moved.data == TABLE
    assert moved.origin == pytest.approx((old.origin[0] + 10, old.origin[1] + 10), abs=0.6)
    turned = [s for s in spans(doc[0], None) if "Temporary" in s["text"]]
    assert turned and turned[0]["dir"] == pytest.approx((0, 1), abs=1e-3)  # 90 clockwise: reads down
    assert turned[0]["size"] == pytest.approx(11 * 1.5, abs=0.1)


def test_delete_vectors_clean_and_repair(drawing, tmp_path):
    before = original(0)
    box0 = rect_markups(before)[0]
    vectors = page_vectors(before)
    deleted = select(vectors, box0, "lines", 1) + select(vectors, box0, "rebars", 2)
    doc = run(
        BOXES
        + """
rectangle0, rfpoint0 = annoextractor.getclip_rfpoint(pagenumber=0, rectangleorder=0)
argument0 = dict(clip=rectangle0)
selector0 = PDFbf.selector(doc=doc, pagenumber=0, clip=argument0.get("clip"))
covered_lines0 = selector0.mode1_lines_Window_Cover_Enclosure()
intersected_rebars0 = selector0.mode2_rebars_Cross_Touch_Intersect()
sel_drawings0 = covered_lines0 + intersected_rebars0
drawer0 = PDFbf.draw_drawer(doc=doc, pagenumber=0, listofcdraw=sel_drawings0)
doc = drawer0.delete_draw()
rectangle1, rfpoint1 = annoextractor.getclip_rfpoint(pagenumber=1, rectangleorder=1)
argument1 = dict(clip=rectangle1)
cleaner1 = PDFbf.delete(doc=doc, pagenumber=1, clip=argument1.get("clip"))
doc = cleaner1.applydelete()
selector1 = PDFbf.selector(doc=doc, pagenumber=1, clip=argument1.get("clip"))
repairer1 = PDFbf.repairer(doc=doc, pagenumber=1, clip=argument1.get("clip"), cdrawings=selector1.selected_lines, sel_drawings=None)
doc = repairer1.del_repair()
""",
        drawing,
        tmp_path,
    )
    after = {v.key for v in page_vectors(doc[0])}
    assert not after & {v.key for v in deleted}
    assert after == {v.key for v in vectors} - {v.key for v in deleted}
    box1 = rect_markups(doc[1])[1]
    inner = select(page_vectors(doc[1]), box1 + (1, 1, -1, -1), "drawings", 2)
    # cleaned; only the repaired beam line runs through the box again
    assert len(inner) == 1 and inner[0].rect.x0 < box1.x0 and inner[0].rect.x1 > box1.x1


def test_refresh_and_map_vectors(drawing, tmp_path):
    before = original(0)
    box = rect_markups(before)[0]
    columns = select(page_vectors(before), box, "columns", 1)
    doc = run(
        BOXES
        + """
rectangle0, rfpoint0 = annoextractor.getclip_rfpoint(pagenumber=0, rectangleorder=0)
argument0 = dict(clip=rectangle0, drwcolor="orange", dashes="[3 3]0", width=2, lineCap=1)
selector0 = PDFbf.selector(doc=doc, pagenumber=0, clip=argument0.get("clip"))
covered_lines0 = selector0.mode1_lines_Window_Cover_Enclosure()
vector_manipulator0 = PDFbf.manipulate_draw(doc=doc, pagenumber=0, sel_drawings=covered_lines0, drwcolor=argument0.get("drwcolor"), dashes=argument0.get("dashes"), width=argument0.get("width"), lineCap=argument0.get("lineCap"))
doc = vector_manipulator0.update_draw()
argument1 = dict(clip=rectangle0, move=[0, 15, rfpoint0])
covered_columns1 = selector0.mode1_columns_Window_Cover_Enclosure()
vector_projector1 = PDFbf.project_draw(doc=doc, pagenumber=0, clip=argument1.get("clip"), sel_drawings=covered_columns1, cdrawings=selector0.selected_lines, move=argument1.get("move"))
doc = vector_projector1.project()
""",
        drawing,
        tmp_path,
    )
    now = page_vectors(doc[0])
    orange = [v for v in now if v.stroke_color == pytest.approx((1, 0.5, 0), abs=0.01)]
    assert orange and all(
        v.width == 2 and v.lineCap == 1 and v.dashes.replace(" ", "") == "[33]0" for v in orange
    )
    for c in columns:  # every covered column is now 15 pt higher on the sheet (page y decreases)
        assert any(
            v.kind == "column"
            and v.bbox == pytest.approx((c.bbox[0], c.bbox[1] - 15, c.bbox[2], c.bbox[3] - 15), abs=0.05)
            for v in now
        )


def test_add_vector_from_markups(drawing, tmp_path):
    before = original(0)
    red_rebars = classify(colour_markups(before, "red"), "rebars")
    n = len(page_vectors(before))
    doc = run(
        """
argument0 = dict(annocolor="red", drwcolor="blue", width=2)
annoextractor0 = PDFbf.extractanno(doc=doc, pagenumber=0, annocolor=argument0.get("annocolor"))
red_0_drawings = annoextractor0.anno()
selector0 = PDFbf.select_from_drawings(doc=doc, pagenumber=0, cdrawings=red_0_drawings)
red_0_rebars = selector0.mode2_rebars_Cross_Touch_Intersect()
vector_manipulator0 = PDFbf.manipulate_draw(doc=doc, pagenumber=0, sel_drawings=red_0_rebars, drwcolor=argument0.get("drwcolor"), width=argument0.get("width"))
doc = vector_manipulator0.add_standrawing()
argument1 = dict(annocolor="green", drwcolor="black", width=1)
annoextractor1 = PDFbf.extractanno(doc=doc, pagenumber=0, annocolor=argument1.get("annocolor"))
green_0_drawings = annoextractor1.anno()
vector_manipulator1 = PDFbf.manipulate_draw(doc=doc, pagenumber=0, sel_drawings=green_0_drawings, drwcolor=argument1.get("drwcolor"), width=argument1.get("width"))
doc = vector_manipulator1.add_standrawing()
""",
        drawing,
        tmp_path,
    )
    page = doc[0]
    new = page_vectors(page)[n:]
    blue = [v for v in new if v.stroke_color == pytest.approx((0, 0, 1))]
    assert len(blue) == len(red_rebars) and all(v.kind == "rebar" and v.width == 2 for v in blue)
    assert any(v.kind == "column" and v.stroke_color == pytest.approx((0, 0, 0)) for v in new)
    assert classify(colour_markups(page, "red"), "rebars") == [] and colour_markups(page, "green") == []
    assert classify(colour_markups(page, "red"), "lines")  # not asked for: still a markup
