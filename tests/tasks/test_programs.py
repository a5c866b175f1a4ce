"""Reference programs: all 1920 run through the real interpreter, and they follow the correct forms."""

from __future__ import annotations

import re

from drafterbench.interpreter import run_program
from drafterbench.tools.session import ToolSession
from drafterbench.tools.trace import BlockRole


def _trace(task):
    return run_program(task.reference_program, ToolSession(effects=False))


def test_all_reference_programs_run_recording_only(suite):
    # The two styles share a program, so every distinct program is one of the even-numbered tasks.
    failures = []
    for task in suite[::2]:
        trace = _trace(task)
        if trace.error is not None:
            failures.append((task.id, trace.error))
    assert not failures, failures[:5]


def test_programs_use_the_correct_forms_not_the_originals_defects(suite):
    for task in suite[::2]:
        src = task.reference_program
        assert "testf" not in src and "gethorrtext" not in src, task.id
        assert src.startswith("import fitz\nimport PDFbf\n"), task.id
        assert "miss_information" not in src.replace("missing_information", ""), task.id
        assert "TEXT_ALIGN" not in " ".join(line for line in src.splitlines() if "manipulate_table" in line or
                                            line.startswith("argument") and "data=" in line), task.id
        for dashes in re.findall(r'dashes="([^"]*)"', src):
            assert re.fullmatch(r"\[\d+ \d+\] \d+", dashes), (task.id, dashes)
        assert src.count("fitz.open(") == src.count(".save("), task.id


def test_one_open_per_file_and_one_rectangle_per_object(suite):
    for task in suite[::2]:
        trace = _trace(task)
        executed = [f for f in trace.files if f.opened]
        assert len({f.path for f in executed}) == len(executed), task.id
        for f in executed:
            extractor_calls = [c for b in f.blocks_in(BlockRole.EXTRACTOR) for c in b.calls
                               if c.tool == "getclip_rfpoint"]
            clips = [tuple(a.value for a in c.arguments) for c in extractor_calls]
            assert len(clips) == len(set(clips)), task.id
            assert f.saves and all(s.valid for s in f.saves), task.id


def test_incomplete_tasks_record_and_complete_tasks_do_not(suite):
    for task in suite[::2]:
        src = task.reference_program
        records = src.count(".recording()")
        if task.controllers.completeness.value == "complete":
            assert records == 0, task.id
        else:
            assert records >= 1, task.id
            for info in re.findall(r"missing_information\d+ = \"(.*)\"", src):
                assert re.fullmatch(
                    r"file-level: (\S+), page-level: (\d+|missing), order-level: (\d+|[a-z]+|missing), "
                    r"base-level: .+", info), (task.id, info)
            assert "missing" in src, task.id


def test_incomplete_granularity_one_record_per_incomplete_task(suite):
    from drafterbench.tasktypes import TaskType

    for task in suite[::2]:
        if task.controllers.completeness.value != "incomplete":
            continue
        expected = 0
        for f in task.description.files:
            for p in f.pages:
                for o in p.objects:
                    upper_missing = f.name is None or p.number is None or o.target is None
                    if task.type is TaskType.ADD_TEXT:
                        expected += len(o.operations) if upper_missing else sum(bool(op.missing) for op in o.operations)
                    else:
                        expected += int(upper_missing or any(op.missing for op in o.operations))
        assert task.reference_program.count(".recording()") == expected, task.id
