"""Vector kinds, selection modes and every vector edit, checked on the reopened PDF."""

from __future__ import annotations

import math

import pymupdf
import pytest

from drafterbench.tools.effects import (
    add_standard,
    classify,
    clean_region,
    colour_markups,
    delete_vectors,
    page_vectors,
    rect_markups,
    repair_lines,
    restyle_vectors,
    select,
    transform_vectors,
)
from drafterbench.tools.effects.vectors import make_vector
from tests.effects.drawing import reopen


def _keys(vectors):
    return {v.key for v in vectors}


def _square(x, y, s, **style):
    pts = [(x, y), (x + s, y), (x + s, y + s), (x, y + s)]
    items = tuple(("l", pts[i], pts[(i + 1) % 4]) for i in range(4))
    return make_vector(items, True, **style)


def test_kinds_follow_the_documented_geometry():
    assert _square(0, 0, 12).kind == "column"
    assert _square(0, 0, 80).kind == "line"  # too big for a column: an outline
    assert _square(0, 0, 2).kind == "line"  # too small for a column
    long_rect = make_vector(
        tuple(
            ("l", a, b)
            for a, b in [((0, 0), (40, 0)), ((40, 0), (40, 10)), ((40, 10), (0, 10)), ((0, 10), (0, 0))]
        ),
        True,
    )
    assert long_rect.kind == "line"  # aspect 4 > 2.5
    k = 0.5523 * 3
    circle = make_vector(
        (
            ("c", (3, 0), (3, k), (k, 3), (0, 3)),
            ("c", (0, 3), (-k, 3), (-3, k), (-3, 0)),
            ("c", (-3, 0), (-3, -k), (-k, -3), (0, -3)),
            ("c", (0, -3), (k, -3), (3, -k), (3, 0)),
        ),
        True,
    )
    assert circle.kind == "rebar"
    bar = make_vector((("l", (0, 0), (50, 0)),), False, width=2.0, lineCap=1)
    assert bar.kind == "rebar"
    assert make_vector((("l", (0, 0), (50, 0)),), False, width=0.8).kind == "line"
    assert make_vector((("l", (0, 0), (20, 0)), ("l", (20, 0), (20, 30))), False).kind == "line"


def test_generated_box_kinds_and_modes(page):
    box = rect_markups(page)[3]
    vectors = page_vectors(page)
    window = select(vectors, box, "drawings", 1)
    crossing = select(vectors, box, "drawings", 2)
    assert _keys(window) < _keys(crossing)
    assert all(box.contains(v.rect) for v in window)
    for v in set(crossing) - set(window):  # crossing-only vectors really stick out of the box
        r = v.rect
        assert not box.contains(r)
        assert r.x0 <= box.x1 and r.x1 >= box.x0 and r.y0 <= box.y1 and r.y1 >= box.y0
    assert {v.kind for v in select(vectors, box, "rebars", 1)} == {"rebar"}
    assert classify(vectors, "rebars and columns") == [v for v in vectors if v.kind in ("rebar", "column")]
    with pytest.raises(ValueError, match="valid: drawings, lines, rebars, columns"):
        select(vectors, box, "beams", 1)


def test_crossing_uses_segments_not_bounding_boxes():
    diagonal = make_vector((("l", (0, 0), (100, 100)),), False)
    corner_clip = pymupdf.Rect(80, 0, 100, 20)  # inside the diagonal's bbox, but away from the segment
    assert select([diagonal], corner_clip, "lines", 2) == []
    assert select([diagonal], pymupdf.Rect(45, 45, 55, 55), "lines", 2) == [diagonal]


def test_delete_removes_exactly_the_selection_and_keeps_text(page):
    box = rect_markups(page)[3]
    before = page_vectors(page)
    text_before = page.get_text()
    gone = select(before, box, "columns", 2) + select(before, box, "rebars", 1)
    delete_vectors(page, gone)
    after = reopen(page)
    left = page_vectors(after)
    assert _keys(left) == _keys(before) - _keys(gone)
    assert after.get_text() == text_before


def test_restyle_changes_only_the_selected(page):
    box = rect_markups(page)[3]
    before = page_vectors(page)
    chosen = select(before, box, "lines", 1)
    restyle_vectors(
        page, chosen, drwcolor="blue", width=3, dashes="[3 3] 0", lineCap=1, lineJoin=2, fillcolor="yellow"
    )
    after = page_vectors(reopen(page))
    assert len(after) == len(before)
    styled = select(after, box, "drawings", 1)
    restyled = [v for v in styled if v.width == 3]
    assert len(restyled) == len(chosen)
    for v in restyled:
        assert v.stroke_color == pytest.approx((0, 0, 1))
        assert v.dashes.replace(" ", "") == "[33]0"
        assert v.lineCap == 1 and v.lineJoin == 2
    untouched = _keys(before) - _keys(chosen)
    assert untouched <= _keys(after)


def test_restyle_solid_dashes_and_close_path(page):
    box = rect_markups(page)[3]
    lines = select(page_vectors(page), box, "lines", 1)
    open_line = next(v for v in lines if not v.closed)
    restyle_vectors(page, [open_line], dashes="[0 0]0", closePath=True)
    after = page_vectors(reopen(page))
    closed = [v for v in after if v.closed and v.bbox == pytest.approx(open_line.bbox, abs=0.01)]
    assert closed and closed[0].dashes is None


def _dist(p, q):
    return math.hypot(p[0] - q[0], p[1] - q[1])


def test_move_rotate_scale_about_the_reference_point(page):
    box = rect_markups(page)[3]
    column = select(page_vectors(page), box, "columns", 1)[0]
    ref = (box.x0, box.y0)
    transform_vectors(page, [column], move=(10, 20), rotation=90, scale=(2, 1), ref=ref)

    def expected(p):
        x, y = ref[0] + 2 * (p[0] - ref[0]), p[1]  # scale about ref
        dx, dy = x - ref[0], y - ref[1]
        x, y = ref[0] - dy, ref[1] + dx  # 90 degrees clockwise on the sheet (y down)
        return x + 10, y - 20  # dy is up

    after = page_vectors(reopen(page))
    want = [expected(p) for p in column.points]
    moved = [
        v
        for v in after
        if len(v.points) == len(want) and all(any(_dist(p, q) < 0.05 for q in v.points) for p in want)
    ]
    assert len(moved) == 1
    assert column.key not in _keys(after)


def test_clean_cuts_crossing_lines_and_repair_rejoins_them(page):
    box = rect_markups(page)[3]
    crossing = [
        v
        for v in select(page_vectors(page), box, "lines", 2)
        if not box.contains(v.rect) and v.rect.height < 0.5
    ]
    assert crossing  # the beam line through the box
    y = crossing[0].rect.y0
    clean_region(page, box)
    cleaned = reopen(page)
    assert cleaned.get_text("text", clip=box).strip() == ""
    assert select(page_vectors(cleaned), box + (1, 1, -1, -1), "drawings", 2) == []
    stubs = [v for v in page_vectors(page) if abs(v.rect.y0 - y) < 0.1 and v.rect.height < 0.5]
    assert stubs and all(not v.rect.intersects(box + (1, 1, -1, -1)) for v in stubs)
    assert repair_lines(page, box) >= 1
    joined = [v for v in page_vectors(reopen(page)) if abs(v.rect.y0 - y) < 0.1 and v.rect.height < 0.5]
    assert any(v.rect.x0 < box.x0 and v.rect.x1 > box.x1 for v in joined)


def test_repair_after_deleting_a_column_that_interrupts_a_line(page):
    box = rect_markups(page)[5]  # lines + columns: a beam line stops at a column on both sides
    vectors = page_vectors(page)
    columns = select(vectors, box, "columns", 1)
    delete_vectors(page, columns)
    pieces_before = len(select(page_vectors(page), box, "lines", 2))
    assert repair_lines(page, box, deleted=columns) == 1
    lines = select(page_vectors(reopen(page)), box, "lines", 2)
    assert len(lines) == pieces_before - 1
    assert any(v.rect.x0 < box.x0 and v.rect.x1 > box.x1 for v in lines)


def test_repair_leaves_unrelated_lines_alone(page):
    box = rect_markups(page)[4]  # an empty box: nothing was cut there
    before = _keys(page_vectors(page))
    assert repair_lines(page, box) == 0
    assert _keys(page_vectors(page)) == before


def test_add_standard_turns_ink_into_line_art(page):
    blue = colour_markups(page, "blue")
    rebars = classify(blue, "rebars")
    assert rebars and all(v.source == "annot" for v in rebars)
    n_before = len(page_vectors(page))
    add_standard(page, rebars, drwcolor="green", width=2)
    after = reopen(page)
    new = page_vectors(after)[n_before:]
    assert len(new) == len(rebars)
    assert all(v.stroke_color == pytest.approx((0, 0.6, 0), abs=0.01) and v.width == 2 for v in new)
    assert all(v.kind == "rebar" for v in new)
    left = colour_markups(after, "blue")
    assert classify(left, "rebars") == [] and classify(left, "columns")  # the other blue markups stay
