"""Programs that used to hang or blow up one task (and the run with it) end within a bound, with a clear
reason, writing nothing outside their output folder."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from drafterbench.drawings import render
from drafterbench.interpreter import execute
from drafterbench.tasks import load_suite
from tests.containment.snapshot import snapshot

HEAD = """import fitz
import PDFbf
doc0 = fitz.open("{name}")
ex = PDFbf.extractanno(doc=doc0)
rect, rf = ex.getclip_rfpoint(pagenumber=0, rectangleorder=0)
"""


@pytest.fixture(scope="module")
def drawing(tmp_path_factory) -> Path:
    task = next(t for t in load_suite() if t.type.value == "add_text")
    spec = task.drawings[0]
    path = tmp_path_factory.mktemp("drawings") / spec.name
    path.write_bytes(render(spec))
    return path


def _run(drawing: Path, tmp_path: Path, body: str, *, bound_s: float):
    out = tmp_path / "out"
    before = snapshot(tmp_path, skip=(out,))
    start = time.monotonic()
    result = execute(HEAD.format(name=drawing.name) + body, drawings={drawing.name: drawing}, out_dir=out)
    elapsed = time.monotonic() - start
    assert elapsed < bound_s, f"took {elapsed:.1f} s"
    assert snapshot(tmp_path, skip=(out,)) == before  # nothing outside the output folder changed
    assert all(out in p.parents for p in result.outputs.values())
    return result


def _warnings(result) -> str:
    return " ".join(n.message for n in result.trace.warnings)


@pytest.mark.parametrize("rotate", [0, 90, 45])
def test_a_huge_font_size_shrinks_in_bounded_time(drawing, tmp_path, rotate):
    result = _run(drawing, tmp_path, f"""tm = PDFbf.manipulate_text(doc=doc0, pagenumber=0, clip=rect,
    text="hello world", fontsize=10 ** 300, rotate={rotate})
doc0 = tm.addtext()
doc0.save("out.pdf")
""", bound_s=10)
    assert result.trace.runs and "effect failed" not in _warnings(result)


@pytest.mark.slow
def test_a_million_point_font_with_a_long_text_shrinks_in_bounded_time(drawing, tmp_path):
    result = _run(drawing, tmp_path, """tm = PDFbf.manipulate_text(doc=doc0, pagenumber=0, clip=rect,
    text="hello world " * 3000, fontsize=1000000)
doc0 = tm.addtext()
""", bound_s=30)
    assert result.trace.runs


def test_a_huge_font_size_in_table_cells_shrinks_in_bounded_time(drawing, tmp_path):
    result = _run(drawing, tmp_path, """tm = PDFbf.manipulate_table(doc=doc0, pagenumber=0, clip=rect,
    data=[["a", "b"], ["c", "d"]], fontsize=10 ** 300)
doc0 = tm.addtable()
""", bound_s=10)
    assert result.trace.runs


@pytest.mark.parametrize("dashes", ["[" + " " * 5000, "[1" + " " * 5000 + "x", " " * 5000 + "[", "[" + " " * 3000 + "1" + " " * 3000])
def test_a_long_blank_dash_pattern_is_checked_in_linear_time(drawing, tmp_path, dashes):
    result = _run(drawing, tmp_path, f"""sel = PDFbf.selector(doc=doc0, pagenumber=0, clip=rect)
c = sel.mode2_columns_Cross_Touch_Intersect()
vm = PDFbf.manipulate_draw(doc=doc0, pagenumber=0, sel_drawings=c, dashes={dashes!r})
doc0 = vm.update_draw()
""", bound_s=10)
    args = [a for f in result.trace.files for b in f.blocks for a in b.arguments if a.name == "dashes"]
    assert args and not args[0].valid and len(args[0].error) < 1000


def test_a_table_larger_than_the_cell_bound_is_refused_quickly(drawing, tmp_path):
    result = _run(drawing, tmp_path, """row = ["x"] * 40
tm = PDFbf.manipulate_table(doc=doc0, pagenumber=0, clip=rect, data=[row] * 40,
    arrange=[[12] * 40, [30] * 40])
doc0 = tm.addtable()
""", bound_s=10)
    assert "1000 cells" in _warnings(result)


def test_saves_and_renders_are_bounded(drawing, tmp_path):
    from drafterbench.interpreter._execute import MAX_IMAGES, render_before_after
    from drafterbench.tools.session import MAX_SAVED_FILES

    saves = "".join(f'doc0.save("copy{i}.pdf")\n' for i in range(200))
    result = _run(drawing, tmp_path, """tm = PDFbf.manipulate_text(doc=doc0, pagenumber=0, clip=rect, text="x")
doc0 = tm.addtext()
""" + saves, bound_s=60)
    assert len(result.outputs) == MAX_SAVED_FILES
    assert len(list((tmp_path / "out").glob("*.pdf"))) == MAX_SAVED_FILES
    assert f"at most {MAX_SAVED_FILES} drawings" in _warnings(result)
    images = render_before_after(result, {drawing.name: drawing}, tmp_path / "out")
    assert len(images) <= MAX_IMAGES


@pytest.mark.parametrize("name", ["nul\\x00.pdf", "\\x1b]0;title\\x07.pdf", "../../escape.pdf", "..\\\\..\\\\win.pdf"])
def test_a_save_name_cannot_leave_the_folder_or_carry_control_characters(drawing, tmp_path, name):
    result = _run(drawing, tmp_path, f'doc0.save("{name}")\n', bound_s=10)
    (written,) = result.outputs.values()
    assert written.parent == tmp_path / "out" and written.name.isprintable()


def test_table_and_text_edits_are_refused_before_they_are_built(drawing, tmp_path):
    result = _run(drawing, tmp_path, """tm = PDFbf.manipulate_table(doc=doc0, pagenumber=0, clip=rect, data=[["a", "b"]])
tm.data = tm.modifytable(repdata=[["x"]], startcell=[1, 300000000])
""", bound_s=10)
    assert result.trace.error.kind == "limit" and "max_value_size" in result.trace.error.message
    result = _run(drawing, tmp_path, """tm = PDFbf.manipulate_text(doc=doc0, pagenumber=0, clip=rect, text="a" * 9000)
t = tm.replacetext(retext="a", totext="b" * 9000)
""", bound_s=10)
    assert result.trace.error.kind == "limit" and "max_value_size" in result.trace.error.message


def test_large_arguments_are_not_copied_into_the_trace_and_messages_stay_short(drawing, tmp_path):
    calls = "".join("tm = PDFbf.manipulate_table(doc=doc0, pagenumber=0, clip=rect, data=big, font=big)\n"
                    for _ in range(200))
    result = _run(drawing, tmp_path, "big = [10 ** 1200] * 20000\n" + calls, bound_s=30)
    assert len(result.trace.model_dump_json()) < 1_000_000
    args = [a for f in result.trace.files for b in f.blocks for a in b.arguments if a.name in ("data", "font")]
    assert args and all(not a.valid and "too large to record" in a.error for a in args)


@pytest.mark.parametrize(("program", "words"), [
    ('x = f"{10**400:.3f}"', "OverflowError"),
    ('x = round(float("inf"))', "OverflowError"),
    ("x = {(1, [2]): 3}", "cannot be a dict key"),
    ('x = int("9" * 5000)', "limit"),
    ("x = [1, 2][::0]", "step not 0"),
])
def test_python_refusing_a_value_is_a_reason_not_a_traceback(program, words, caplog):
    with caplog.at_level(logging.WARNING):
        result = execute(program, effects=False)
    assert result.trace.error is not None and words in result.trace.error.message
    assert not [r for r in caplog.records if r.exc_info]
