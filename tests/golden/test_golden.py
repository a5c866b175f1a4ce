"""Twelve example programs in the original's style, one per task type, and their golden traces.

Each program runs recording-only through the interpreter and the real tools; its trace must equal
``traces/<type>.json``. After a deliberate change, rewrite the goldens with ``UPDATE_GOLDEN=1`` and read
the diff: roles, validity and provenance are the point of these files.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from drafterbench.interpreter import run_program
from drafterbench.tasktypes import TaskType
from drafterbench.tools.session import ToolSession
from drafterbench.tools.trace import BlockRole, Provenance, Trace

HERE = Path(__file__).parent
PROGRAMS = HERE / "programs"
TRACES = HERE / "traces"
TYPES = [t.value for t in TaskType]


def run_golden(task_type: str) -> Trace:
    source = (PROGRAMS / f"{task_type}.py").read_text(encoding="utf-8")
    return run_program(source, ToolSession(effects=False))


def test_one_program_per_task_type():
    assert sorted(p.stem for p in PROGRAMS.glob("*.py")) == sorted(TYPES)


@pytest.mark.parametrize("task_type", TYPES)
def test_golden_trace(task_type):
    trace = run_golden(task_type)
    assert trace.error is None, trace.error
    got = json.loads(trace.model_dump_json())
    golden = TRACES / f"{task_type}.json"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        pytest.skip(f"rewrote {golden.name}: review the diff, then run again without UPDATE_GOLDEN")
    assert golden.exists(), f"no golden trace for {task_type}; run with UPDATE_GOLDEN=1 and review it"
    assert got == json.loads(golden.read_text(encoding="utf-8"))


@pytest.mark.parametrize("task_type", TYPES)
def test_golden_program_is_fully_valid_and_saved(task_type):
    """What a user would read from a golden: every argument valid, every change saved."""
    trace = run_golden(task_type)
    for file in trace.files:
        for block in file.blocks:
            if block.role is BlockRole.RECORDER:  # `complete` follows the original's parse: see the goldens
                continue
            bad = [a.name for a in block.arguments if not a.valid]
            bad += [f"{c.tool}.{a.name}" for c in block.calls for a in c.arguments if not a.valid]
            assert not bad, f"{task_type}: {block.cls} has invalid arguments {bad}"
            if file.opened and block.role in (BlockRole.CHANGE_MAKER, BlockRole.POST_CHANGE_MAKER):
                assert block.saved, f"{task_type}: {block.cls} (line {block.line}) is not saved"


@pytest.mark.parametrize("task_type", ["add_text", "map_text", "refresh_text"])
def test_recorders_are_recorded(task_type):
    trace = run_golden(task_type)
    recorders = [b for f in trace.files for b in f.blocks if b.role is BlockRole.RECORDER]
    assert len(recorders) == 1


def test_transferred_values_are_marked_transferred():
    trace = run_golden("delete_vector")
    blocks = {b.cls: b for b in trace.files[0].blocks}
    assert blocks["draw_drawer"].argument("doc").provenance is Provenance.TRANSFERRED
    clip = blocks["selector"].argument("clip")
    assert clip.provenance is Provenance.TRANSFERRED and clip.value == "frame.pdf-0-0"
