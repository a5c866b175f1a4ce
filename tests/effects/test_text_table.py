"""Text, table and region-projection effects, checked on the reopened PDF."""

from __future__ import annotations

import math

import pytest

from drafterbench.tools.effects import (
    base14,
    draw_table,
    find_table,
    page_vectors,
    project_region,
    read_text,
    rect_markups,
    select,
    write_text,
)
from tests.effects.drawing import TABLE, reopen, spans


@pytest.mark.parametrize(
    "name,code",
    [
        ("Arial", "helv"),
        ("Times New Roman", "tiro"),
        ("Courier New", "cour"),
        ("Helvetica-BoldOblique", "hebi"),
        ("times-italic", "tiit"),
        ("Courier-Bold", "cobo"),
        ("symbol", "symb"),
        ("Calibri", "helv"),
    ],
)
def test_font_names_map_to_base14(name, code):
    assert base14(name) == code


def test_read_horizontal_and_vertical_text(page):
    boxes = rect_markups(page)
    assert read_text(page, boxes[0]) == "Beam B1 to be cast with slab"
    assert read_text(page, boxes[2], vertical=True) == "CHECK ON SITE"
    assert read_text(page, boxes[4]) == ""


def test_add_text_with_font_size_colour_rotation_alignment(page):
    box = rect_markups(page)[4]
    write_text(
        page, box, "NEW SLAB EDGE", font="Times New Roman", fontsize=14, color="blue", rotate=90, align=1
    )
    out = spans(reopen(page), box)
    assert [s["text"] for s in out] == ["NEW SLAB EDGE"]
    s = out[0]
    assert s["font"] == "Times-Roman" and s["size"] == pytest.approx(14)
    assert s["color"] == 0x0000FF
    assert s["dir"] == pytest.approx((0, -1))  # rotate 90: reads bottom to top
    assert box.contains(s["bbox"])


def test_replace_text_erases_the_old_and_keeps_the_format(page):
    box = rect_markups(page)[0]
    old = read_text(page, box)
    write_text(page, box, old.replace("B1", "B7"), erase_first=True)
    again = reopen(page)
    assert read_text(again, box) == "Beam B7 to be cast with slab"
    assert {s["font"] for s in spans(again, box)} == {"Helvetica"}
    assert {round(s["size"]) for s in spans(again, box)} == {11}


def test_text_that_does_not_fit_is_shrunk_and_other_angles_turn_it(page):
    box = rect_markups(page)[4]
    used = write_text(page, box, "word " * 400, fontsize=20)
    assert used < 20
    assert all(box.contains(s["bbox"]) for s in spans(reopen(page), box))
    used = write_text(page, box, "TILTED", rotate=30, erase_first=True, fontsize=12)
    (s,) = spans(reopen(page), box)
    assert math.degrees(math.atan2(-s["dir"][1], s["dir"][0])) == pytest.approx(30, abs=0.5)


def test_find_table_reads_cells_and_layout(page):
    t = find_table(page, rect_markups(page)[1])
    assert t.data == TABLE
    assert len(t.row_heights) == 4 and len(t.col_widths) == 3
    assert t.font == "helv" and t.borderwidth == pytest.approx(0.8, abs=0.01)
    assert find_table(page, rect_markups(page)[3]) is None  # line art without a grid is not a table
    assert find_table(page, rect_markups(page)[4]) is None


def test_revise_table_redraws_cells_with_format(page):
    box = rect_markups(page)[1]
    old = find_table(page, box)
    data = [row[:2] for row in old.data[:3]]  # cut the last row and column
    data[1][1] = "350x700"  # modify a cell
    draw_table(page, box, data, font="Courier", fontsize=8, borderwidth=2, align="center", erase_first=True)
    again = reopen(page)
    new = find_table(again, box)
    assert new.data == [["Mark", "Size"], ["B1", "350x700"], ["B2", "250x500"]]
    assert new.font == "cour" and new.fontsize == pytest.approx(8) and new.borderwidth == pytest.approx(2)
    assert new.origin == pytest.approx(old.origin, abs=0.6)
    assert "8T25" not in again.get_text("text", clip=box)
    # centred: the cell text's centre is near the cell's centre
    x0 = new.origin[0]
    (mark,) = [s for s in spans(again, box) if s["text"] == "Mark"]
    assert (mark["bbox"][0] + mark["bbox"][2]) / 2 == pytest.approx(x0 + new.col_widths[0] / 2, abs=1.5)


def test_add_table_with_arrange(page):
    box = rect_markups(page)[4]
    draw_table(page, box, TABLE, arrange=[[15, 15, 15, 15], [40, 60, 50]], fontsize=7)
    t = find_table(reopen(page), box)
    assert t.data == TABLE
    assert t.row_heights == pytest.approx([15] * 4, abs=0.6)
    assert t.col_widths == pytest.approx([40, 60, 50], abs=0.6)


def test_project_text_moves_rotates_and_scales(page):
    box = rect_markups(page)[0]
    (before,) = spans(page, box)
    ref = (box.x0 + 50, box.y0 + 50)
    project_region(page, box, move=(5, 10), rotation=90, scale=(2, 2), ref=ref, what="text")
    moved = [s for s in spans(reopen(page)) if s["text"] == before["text"]]
    assert len(moved) == 1
    ox, oy = before["origin"]
    x, y = ref[0] + 2 * (ox - ref[0]), ref[1] + 2 * (oy - ref[1])
    x, y = ref[0] - (y - ref[1]), ref[1] + (x - ref[0])  # 90 degrees clockwise, y down
    assert moved[0]["origin"] == pytest.approx((x + 5, y - 10), abs=0.3)
    assert moved[0]["dir"] == pytest.approx((0, 1), abs=1e-3)  # turned clockwise: reads downwards
    assert moved[0]["size"] == pytest.approx(2 * before["size"], abs=0.1)


def test_project_table_moves_grid_and_cells(page):
    box = rect_markups(page)[1]
    old = find_table(page, box)
    project_region(page, box, move=(20, -10), what="table")
    again = reopen(page)
    new = find_table(again, box)
    assert new.data == TABLE
    assert new.origin == pytest.approx((old.origin[0] + 20, old.origin[1] + 10), abs=0.6)
    assert len(select(page_vectors(again), box, "lines", 1)) >= 7
