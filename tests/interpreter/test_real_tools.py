"""The interpreter against the real tools: the original's ground-truth quirks, tool errors, execute()."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from drafterbench.interpreter import run_program
from drafterbench.tools.session import ToolSession


def fresh():
    return ToolSession(effects=False)


# The original ground truth's style (catalog §5): testf prefix, positional arguments, `gethorrtext`,
# the recorder variable mismatch, PDFbf prefix without its import, plus two prompt misprints (§2.7).
GROUND_TRUTH_STYLE = """import testf
doc0 = testf.open('notes.pdf')
annoextractor0 = testf.extractanno(doc0,pagenumber=None, annocolor=None)
rectangle000, rfpoint000 = annoextractor0.getclip_rfpoint(0, 1)
text_manipulator000 = testf.manipulate_text(doc=doc0, pagenumber=0, clip=rectangle000, text=None, rotate=0, font=None, fontsize=12, textcolor=None, align=testf.TEXT_ALIGN_CENTER)
text_manipulator000.text = text_manipulator000.gethorrtext()
doc0 = text_manipulator000.addtext()
selector001 = testf.selector(doc=doc0, pagenumber=0, clip=rectangle000)
selected_vectors0010 = selector001.mode1_lines_Window_Cover-Enclosure()
vector_manipulator001 = PDFbf.manipulate_draw(doc=doc0, pagenumber=0, sel_drawings=selected_vectors0010, fillcolor=None, drwcolor='red', dashes=None, closePath=None, lineJoin=None, lineCap=None, width=None)
doc0 = vector_manipulator001.update_draw（）
doc0.save('notes_updated.pdf')
miss_information='''file-level:slab.pdf,page-level:Missing,order-level:2,base-level:action refresh(incomplete)'''
recorder100 = testf.recorder(missing_information=missing_information)
recorder100.recording()
"""


def test_ground_truth_style_program_runs_with_its_known_defects_accepted():
    session = fresh()
    trace = run_program(GROUND_TRUTH_STYLE, session)
    assert trace.error is None, trace.error
    notes = " ".join(n.message for n in trace.warnings)
    for expected in ("miss_information", "PDFbf", "full-width", "misprinted"):
        assert expected in notes
    blocks = {b.cls: b for b in trace.file("notes.pdf").blocks}
    assert [c.tool for c in blocks["manipulate_text"].calls] == ["gethortext", "addtext"]
    assert [c.tool for c in blocks["selector"].calls] == ["mode1_lines_Window_Cover_Enclosure"]
    assert blocks["manipulate_draw"].saved
    assert any(b.cls == "recorder" for f in trace.files for b in f.blocks)


def test_unknown_keyword_is_a_tool_error_naming_the_valid_keywords():
    trace = run_program("import fitz\ndoc = fitz.open('a.pdf')\ndoc.save(filename='b.pdf')\n", fresh())
    assert trace.error.kind == "tool" and trace.error.line == 3
    assert "path" in trace.error.message


def test_invalid_values_are_recorded_and_the_program_goes_on():
    program = (
        "import fitz\nimport PDFbf\ndoc = fitz.open('a.pdf')\nex = PDFbf.extractanno(doc=doc)\n"
        "r, p = ex.getclip_rfpoint(pagenumber='one', rectangleorder=0)\ndoc.save('a_updated.pdf')\n"
    )
    trace = run_program(program, fresh())
    assert trace.error is None
    page = trace.files[0].blocks[0].calls[0].arguments[0]
    assert not page.valid and page.error


def test_settable_and_unsettable_attributes_of_real_tools():
    base = (
        "import fitz\nimport PDFbf\ndoc = fitz.open('a.pdf')\nex = PDFbf.extractanno(doc=doc)\n"
        "r, p = ex.getclip_rfpoint(pagenumber=0, rectangleorder=0)\n"
        "t = PDFbf.manipulate_text(doc=doc, pagenumber=0, clip=r)\n"
    )
    assert run_program(base + "t.text = t.gethortext()\n", fresh()).error is None
    trace = run_program(base + "t.clip = r\n", fresh())
    assert trace.error.kind == "forbidden" and "settable names: text" in trace.error.message
    trace = run_program(base + "x = t.session\n", fresh())
    assert trace.error.kind == "forbidden"


@pytest.fixture
def drawing(tmp_path: Path) -> Path:
    from drafterbench.drawings import BoxSpec, DrawingSpec, PageSpec
    from drafterbench.drawings.render import render_pdf  # `drawings.render` is shadowed by its submodule

    spec = DrawingSpec(
        name="frame.pdf",
        seed=7,
        pages=[PageSpec(boxes=[BoxSpec(content="vectors"), BoxSpec(content="vectors")])],
    )
    path = tmp_path / "in" / "frame.pdf"
    path.parent.mkdir()
    path.write_bytes(render_pdf(spec))
    return path


def test_execute_writes_only_into_out_dir(drawing: Path, tmp_path: Path, monkeypatch):
    from drafterbench.interpreter import execute

    program = (Path(__file__).parents[1] / "golden" / "programs" / "delete_vector.py").read_text()
    program = program.replace("doc.save(updated_file)", 'doc.save(updated_file)\nd2 = fitz.open("other.pdf")')
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    before = {str(p) for p in tmp_path.rglob("*")}
    result = execute(program, drawings={"frame.pdf": drawing}, out_dir=tmp_path / "out")
    assert result.trace.error is None, result.trace.error
    assert result.outputs == {"frame_updated.pdf": tmp_path / "out" / "frame_updated.pdf"}
    assert result.unmatched == ["other.pdf"]
    created = {str(p) for p in tmp_path.rglob("*")} - before
    assert created == {str(tmp_path / "out"), str(tmp_path / "out" / "frame_updated.pdf")}
    assert os.listdir(work) == []


def test_render_before_after(drawing: Path, tmp_path: Path):
    import pymupdf

    from drafterbench.interpreter import ExecResult
    from drafterbench.interpreter._execute import render_before_after
    from drafterbench.tools.trace import Trace

    out = tmp_path / "out"
    out.mkdir()
    revised = out / "frame_updated.pdf"
    with pymupdf.open(drawing) as doc:
        doc[0].draw_rect(pymupdf.Rect(10, 10, 200, 200), color=(1, 0, 0), width=5)
        doc.save(revised)
    result = ExecResult(trace=Trace(), outputs={"frame.pdf": revised}, changed_pages={"frame.pdf": [0]})
    images = render_before_after(result, {"frame.pdf": drawing}, out, dpi=30)
    assert [p.name for p in images] == ["frame-p1-before.png", "frame-p1-after.png"]
    before, after = (pymupdf.Pixmap(str(p)) for p in images)
    assert (before.width, before.height) == (after.width, after.height)
    assert before.samples != after.samples
