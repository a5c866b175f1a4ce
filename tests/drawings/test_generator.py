"""The synthetic drawing generator: determinism, cache, and that each spec item is really on the page."""

from __future__ import annotations

import pymupdf
import pytest
from pydantic import ValidationError

from drafterbench.drawings import BoxSpec, DrawingSpec, MarkupSpec, PageSpec, cached_path, render, spec_digest
from drafterbench.tools.effects import (
    colour_markups,
    find_table,
    page_vectors,
    read_text,
    rect_markups,
    select,
)

TABLE = [
    ["Mark", "Size", "Bars"],
    ["B1", "300x600", "4T20"],
    ["B2", "250x500", "3T16"],
    ["C1", "400x400", "8T25"],
]


def _spec(seed: int = 7) -> DrawingSpec:
    return DrawingSpec(
        name="beam.pdf",
        seed=seed,
        pages=[
            PageSpec(
                boxes=[
                    BoxSpec(content="text", text="Beam B1 cast with slab"),
                    BoxSpec(content="table", table=TABLE),
                    BoxSpec(content="vtext", text="SEE NOTE 4"),
                    BoxSpec(content="vectors"),
                    BoxSpec(content="empty", size="small"),
                ],
                markups=[
                    MarkupSpec(colour="blue", kinds=["rebars", "columns"]),
                    MarkupSpec(colour="green", kinds=["lines"]),
                ],
            ),
            PageSpec(),
            PageSpec(boxes=[BoxSpec(content="text", text=f"box {i + 1}", size="small") for i in range(12)]),
        ],
    )


def test_same_spec_gives_identical_bytes_and_other_seed_differs():
    a, b = render(_spec()), render(_spec())
    assert a == b
    assert render(_spec(seed=8)) != a


def test_spec_json_round_trip_is_stable():
    spec = _spec()
    again = DrawingSpec.model_validate_json(spec.model_dump_json())
    assert again == spec
    assert again.model_dump_json() == spec.model_dump_json()
    assert spec_digest(again) == spec_digest(spec)


def test_spec_rejects_bad_values_with_clear_messages():
    with pytest.raises(ValidationError, match="needs a non-empty text"):
        BoxSpec(content="text")
    with pytest.raises(ValidationError, match="rows must all have"):
        BoxSpec(content="table", table=[["a", "b"], ["c"]])
    with pytest.raises(ValidationError, match="unknown markup colour 'mauvish'"):
        MarkupSpec(colour="mauvish", kinds=["lines"])
    with pytest.raises(ValidationError, match="ending in .pdf"):
        DrawingSpec(name="beam.dwg", seed=1, pages=[PageSpec()])


def test_boxes_are_found_in_spec_order_with_their_content():
    doc = pymupdf.open(stream=render(_spec()))
    assert doc.page_count == 3
    page = doc[0]
    rects = rect_markups(page)
    assert len(rects) == 5
    assert read_text(page, rects[0]) == "Beam B1 cast with slab"
    assert find_table(page, rects[1]).data == TABLE
    assert read_text(page, rects[2], vertical=True) == "SEE NOTE 4"
    assert page.get_text("text", clip=rects[4]).strip() == ""
    assert not select(page_vectors(page), rects[4], "drawings", 2)
    twelve = rect_markups(doc[2])
    assert [read_text(doc[2], r) for r in twelve] == [f"box {i + 1}" for i in range(12)]


def test_vector_box_holds_each_kind_and_markups_have_their_colour_and_kinds():
    page = pymupdf.open(stream=render(_spec()))[0]
    box = rect_markups(page)[3]
    vectors = page_vectors(page)
    for kind in ("lines", "rebars", "columns"):
        inside = select(vectors, box, kind, 1)
        assert inside, kind
        assert len(select(vectors, box, kind, 2)) >= len(inside)
    # a crossing line and a straddling column exist on purpose: crossing selects more than window
    assert len(select(vectors, box, "lines", 2)) > len(select(vectors, box, "lines", 1))
    assert len(select(vectors, box, "columns", 2)) > len(select(vectors, box, "columns", 1))
    blue = {v.kind for v in colour_markups(page, "blue")}
    green = {v.kind for v in colour_markups(page, "green")}
    assert blue == {"rebar", "column"} and green == {"line"}
    assert colour_markups(page, "purple") == []


def test_background_page_without_spec_entries_still_has_a_sheet():
    page = pymupdf.open(stream=render(_spec()))[1]
    assert rect_markups(page) == []
    assert len(page_vectors(page)) > 20
    assert "NOTES:" in page.get_text()


def test_cached_path_renders_once_atomically(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTERBENCH_CACHE", str(tmp_path))
    first = cached_path(_spec())
    assert first.parent == tmp_path / "drawings"
    assert first.read_bytes() == render(_spec())
    mtime = first.stat().st_mtime_ns
    assert cached_path(_spec()) == first and first.stat().st_mtime_ns == mtime
    assert not list(first.parent.glob(".tmp-*"))
    assert cached_path(_spec(), cache_dir=tmp_path / "x").parent == tmp_path / "x"
