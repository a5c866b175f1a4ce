"""State check on real PDFs: written with PyMuPDF here, and revised by real programs with effects on."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from drafterbench.scoring.state import compare_outputs, compare_pdfs


def _drawing(path: Path, *, text: str = "BEAM B1", size: float = 12, colour=(0, 0, 0), line_end: float = 300,
             dashes: str | None = None) -> Path:  # fmt: skip
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=300)
    page.insert_text((50, 50), text, fontsize=size, fontname="helv", color=colour)
    page.insert_text((50, 80), "GRID A", fontsize=10, fontname="helv")
    shape = page.new_shape()
    shape.draw_line((20, 100), (line_end, 100))
    shape.finish(color=(0, 0, 1), width=1.5, dashes=dashes)
    shape.draw_rect(pymupdf.Rect(20, 150, 120, 250))
    shape.finish(color=(0, 0, 0), width=1)
    shape.commit()
    doc.save(path)
    doc.close()
    return path


def test_identical_drawings_match(tmp_path: Path) -> None:
    m = compare_pdfs(_drawing(tmp_path / "a.pdf"), _drawing(tmp_path / "b.pdf"))
    assert m.score == 1.0 and m.differences == []
    assert m.reference_elements == m.predicted_elements == 4  # two spans, two paths


def test_text_size_and_colour_differences_are_named(tmp_path: Path) -> None:
    ref = _drawing(tmp_path / "a.pdf")
    m = compare_pdfs(ref, _drawing(tmp_path / "b.pdf", size=14, colour=(1, 0, 0)))
    # 3 of 4 elements match on each side: Dice = 2*3/8
    assert m.score == pytest.approx(0.75)
    assert any(
        "text 'BEAM B1'" in d and "size 12 vs 14" in d and "colour differs" in d for d in m.differences
    )


def test_moved_and_restyled_paths(tmp_path: Path) -> None:
    ref = _drawing(tmp_path / "a.pdf")
    moved = compare_pdfs(ref, _drawing(tmp_path / "b.pdf", line_end=250))
    assert moved.score == pytest.approx(0.75)
    assert any("missing or moved" in d for d in moved.differences)
    dashed = compare_pdfs(ref, _drawing(tmp_path / "c.pdf", dashes="[3 3] 0"))
    assert dashed.score == pytest.approx(0.75)
    assert any("another style" in d for d in dashed.differences)


def test_missing_and_extra_files(tmp_path: Path) -> None:
    a = _drawing(tmp_path / "a.pdf")
    m = compare_outputs({"beam.pdf": a, "slab.pdf": a}, {"beam.pdf": a})
    assert m.score == pytest.approx(0.5)
    assert "missing revised file slab.pdf" in m.differences
    assert compare_outputs({}, {}).score == 1.0


def test_revised_drawings_from_real_programs(tmp_path: Path) -> None:
    # The first complete add_text task of the suite with horizontal text, run with effects on: the reference
    # program against itself matches; writing another text into the box does not.
    from drafterbench.drawings import cached_path
    from drafterbench.interpreter import execute
    from drafterbench.tasks.suite import load_suite

    task = next(t for t in load_suite() if t.type.value == "add_text" and "rotate" not in t.reference_program
                and t.controllers.completeness.value == "complete")
    drawings = {d.name: cached_path(d, tmp_path / "cache") for d in task.drawings}
    ref = execute(task.reference_program, drawings=drawings, out_dir=tmp_path / "ref")
    same = execute(task.reference_program, drawings=drawings, out_dir=tmp_path / "same")
    text = task.description.files[0].pages[0].objects[0].operations[0].args["text"]
    assert text in task.reference_program
    other = execute(task.reference_program.replace(text, "Other " + text),
                    drawings=drawings, out_dir=tmp_path / "other")  # fmt: skip
    assert ref.outputs, ref.trace.warnings
    assert compare_outputs(ref.outputs, same.outputs).score == 1.0
    damaged = compare_outputs(ref.outputs, other.outputs)
    assert damaged.score < 1.0
    assert damaged.differences
