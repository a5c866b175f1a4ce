"""Our metric reads file records as the original kept them: one per ``open``, one per recorder."""

from __future__ import annotations

from drafterbench.interpreter import run_program
from drafterbench.scoring.choose import score_programs
from drafterbench.scoring.counts import trace_counts
from drafterbench.scoring.prepare import prepare
from drafterbench.tools.session import ToolSession

EDIT = """doc{n} = fitz.open('a.pdf')
ex{n} = PDFbf.extractanno(doc=doc{n})
rect{n}, point{n} = ex{n}.getclip_rfpoint(pagenumber=0, rectangleorder={n})
m{n} = PDFbf.manipulate_text(doc=doc{n}, pagenumber=0, clip=rect{n}, text='HELLO')
doc{n} = m{n}.addtext()
doc{n}.save('a_updated.pdf')
"""
RECORDER = """recorder0 = PDFbf.recorder(missing_information='file-level: {file}, page-level: 2, order-level: 1, base-level: add the text NOTE(incomplete)')
recorder0.recording()
"""  # noqa: E501


def trace(source: str):
    return run_program(source, ToolSession(effects=False))


def test_a_drawing_opened_twice_is_two_records_with_two_opens_and_saves():
    twice = "import PDFbf\nimport fitz\n" + EDIT.format(n=0) + EDIT.format(n=1)
    records = prepare(trace(twice)).files
    assert [f.path for f in records] == ["a.pdf", "a.pdf"]
    counts = trace_counts(prepare(trace(twice)))
    once = trace_counts(prepare(trace("import PDFbf\nimport fitz\n" + EDIT.format(n=0))))
    assert counts.function_calling == 2 * once.function_calling


def test_a_recorder_is_a_record_of_its_own_and_never_saved():
    source = "import PDFbf\nimport fitz\n" + RECORDER.format(file="a.pdf") + EDIT.format(n=0)
    records = prepare(trace(source)).files
    assert [(f.path, f.opened) for f in records] == [("a.pdf", False), ("a.pdf", True)]
    assert not records[0].blocks[0].saved


def test_a_wrong_file_name_in_a_recorder_costs_that_value_not_the_whole_file():
    gt = "import PDFbf\nimport fitz\n" + RECORDER.format(file="a.pdf") + EDIT.format(n=0)
    pred = gt.replace("file-level: a.pdf", "file-level: b.pdf")
    ours = score_programs(gt, pred)
    assert ours.total > 85, ours.diagnostics
    assert [d.kind.value for d in ours.diagnostics] == ["wrong_value"]
    assert score_programs(gt, pred, metric="original").total > 85
