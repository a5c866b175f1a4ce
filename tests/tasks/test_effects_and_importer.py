"""Reference programs with real effects on their drawings (a stratified sample), and the importer."""

from __future__ import annotations

import json

import pytest

from drafterbench.tasks.importer import import_file, import_rows, read_rows
from drafterbench.tasks.verify import check_task
from drafterbench.tasktypes import TaskType


def _stratified(suite):
    """One task per type x completeness x objects (48 tasks); the styles share programs, so structured only."""
    chosen = {}
    for task in suite[::2]:
        c = task.controllers
        key = (task.type, c.completeness, c.objects)
        chosen.setdefault(key, task)
    return list(chosen.values())


@pytest.mark.slow
def test_sample_changes_drawings_when_complete_and_leaves_incomplete_objects_untouched(suite, tmp_path):
    sample = _stratified(suite)
    assert len(sample) == 48
    problems = {}
    for task in sample:
        check = check_task(task, tmp_path / "cache")
        if check.problems:
            problems[task.id] = check.problems
        if task.controllers.completeness.value == "complete":
            assert any(check.changed_pages.values()), task.id
    assert not problems, problems


def test_check_task_catches_a_program_that_changes_nothing(suite, tmp_path):
    task = next(t for t in suite if t.type is TaskType.REFRESH_TEXT and t.controllers.completeness.value == "complete")
    program = "\n".join(line for line in task.reference_program.splitlines() if ".addtext()" not in line)
    broken = task.model_copy(update={"reference_program": program})
    check = check_task(broken, tmp_path)
    assert "a complete task changed no drawing" in check.problems


ORIGINAL_STYLE = """import testf
doc0 = testf.open('beam.pdf')
annoextractor0 = testf.extractanno(doc0,pagenumber=None, annocolor=None)
rectangle000, rfpoint000 = annoextractor0.getclip_rfpoint(1, 2)
text_manipulator000 = testf.manipulate_text(doc=doc0, pagenumber=1, clip=rectangle000, text=None, rotate=0, font=None, fontsize=12, textcolor=None, align=None)
text_manipulator000.text = text_manipulator000.gethorrtext()
doc0 = text_manipulator000.addtext()
doc0.save('beam_updated.pdf')
"""

PROMPT_STYLE = """import fitz
import PDFbf
filepath = "slab.pdf"
doc = fitz.open(filepath)
annoextractor = PDFbf.extractanno(doc=doc)
rectangle0, rfpoint0 = annoextractor.getclip_rfpoint(pagenumber=0, rectangleorder=3)
argument0 = dict(clip=rectangle0, move=[10, -5, rfpoint0])
projector0 = PDFbf.Projector(doc=doc, pagenumber=0, clip=argument0.get("clip"), move=argument0.get("move"))
doc = projector0.project()
updated_file = filepath[:-4] + "_updated.pdf"
doc.save(updated_file)
"""


def _row(**over):
    row = {"Tasktype": "refresh_text", "Id": 7, "Instruction": "Make the text in box 3 on page 2 size 12.",
           "Groundtruth": ORIGINAL_STYLE, "Single|Multiple_objects": "Single_Object",
           "Single|Multiple_operations": "Single_Operation", "Complete|Incomplete": "Complete",
           "Precise|Vague": "Precise", "Structured/Unstructured": "Structured"}
    row.update(over)
    return row


def test_import_accepts_the_originals_programs_and_both_label_spellings():
    rows = [
        _row(),
        _row(Tasktype="map_table", Id="map_table-0003", Groundtruth=PROMPT_STYLE,
             **{"Single|Multiple_objects": "Multiple_Object", "Precise|Vague": "Vague",
                "Single|Multiple_operations": "Multiple_Operations", "Complete|Incomplete": "Error",
                "Structured/Unstructured": "Unstructured"}),
        _row(Id=8, **{"Single|Multiple_objects": "Multiple_Objects"}),
    ]
    report = import_rows(rows)
    assert report.rejected == []
    ids = [t.id for t in report.tasks]
    assert ids == ["refresh_text-0007", "map_table-0003", "refresh_text-0008"]
    second = report.tasks[1]
    assert second.controllers.objects.value == "multiple" and second.controllers.operations.value == "multiple"
    assert second.controllers.completeness.value == "incomplete" and second.scoring.mode == "vague"
    assert report.tasks[2].controllers.objects.value == "multiple"
    assert report.tasks[0].drawings == [] and report.tasks[0].reference_program == ORIGINAL_STYLE


def test_import_rejects_bad_rows_with_reasons():
    rows = [
        {k: v for k, v in _row().items() if k != "Groundtruth"},
        _row(Id=2, **{"Precise|Vague": "Fuzzy"}),
        _row(Id=3, Tasktype="draw_cat"),
        _row(Id=4, Groundtruth="import os\nos.system('true')\n"),
        _row(Id=5, Groundtruth="import fitz\nfor i in range(3):\n    doc = fitz.open('a.pdf')\n"),
        _row(Id=6),
        _row(Id=6),
    ]
    report = import_rows(rows)
    reasons = dict(report.rejected)
    assert [t.id for t in report.tasks] == ["refresh_text-0006"]
    assert "missing column(s) Groundtruth" in reasons["row 1 (Id 7)"]
    assert "unknown value 'Fuzzy'" in reasons["row 2 (Id 2)"]
    assert "valid types: add_text" in reasons["row 3 (Id 3)"]
    assert "does not run" in reasons["row 4 (Id 4)"] and "does not run" in reasons["row 5 (Id 5)"]
    assert "duplicate id" in reasons["row 7 (Id 6)"]


def test_import_reads_json_and_jsonl_files(tmp_path):
    rows = [_row(Id=1), _row(Id=2)]
    as_json = tmp_path / "rows.json"
    as_json.write_text(json.dumps(rows))
    as_jsonl = tmp_path / "rows.jsonl"
    as_jsonl.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    assert [t.id for t in import_file(as_json).tasks] == [t.id for t in import_file(as_jsonl).tasks]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(rows[0]) + "\n{not json\n")
    with pytest.raises(ValueError, match="line 2"):
        read_rows(bad)
