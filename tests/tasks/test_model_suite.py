"""The task model, the frozen suite file, its hash, and the balance of the controllers."""

from __future__ import annotations

import gzip
import hashlib
from collections import Counter

import pytest
from pydantic import ValidationError

from drafterbench.tasks.generator import applicable, generate_suite, generate_type
from drafterbench.tasks.model import Task
from drafterbench.tasks.suite import (
    canonical_jsonl,
    gzip_bytes,
    load_suite,
    suite_file,
    suite_hash,
    suite_version,
)
from drafterbench.tasktypes import TaskType

CONTROLLERS = ("language", "detail", "completeness", "objects", "operations")


def test_task_json_round_trip_is_stable(suite):
    for task in suite[::97]:
        text = task.model_dump_json()
        again = Task.model_validate_json(text)
        assert again == task
        assert again.model_dump_json() == text


def test_task_is_frozen(suite):
    with pytest.raises(ValidationError):
        suite[0].instruction = "something else"


def test_suite_has_1920_unique_tasks_160_per_type(suite):
    assert len(suite) == 1920
    assert len({t.id for t in suite}) == 1920
    assert Counter(t.type for t in suite) == {t: 160 for t in TaskType}
    assert suite[42].id == "add_text-0042"


def test_regeneration_is_byte_identical_to_the_frozen_file():
    regenerated = generate_suite()
    packaged = suite_file().read_bytes()
    assert gzip_bytes(canonical_jsonl(regenerated)) == packaged
    assert hashlib.sha256(gzip.decompress(packaged)).hexdigest() == suite_hash()
    assert suite_version() == f"suite-v2+{suite_hash()[:12]}"


def test_older_suite_versions_stay_loadable_with_their_hash():
    old = load_suite("v1")
    assert len(old) == 1920
    data = gzip.decompress(suite_file("v1").read_bytes())
    assert hashlib.sha256(data).hexdigest() == suite_hash("v1")
    assert suite_version("suite-v1+b9308984fcec") == "suite-v1+b9308984fcec"
    assert old[0].instruction != load_suite()[0].instruction  # v2 re-phrased them
    with pytest.raises(ValueError, match="valid versions: v1, v2"):
        load_suite("v9")


@pytest.mark.parametrize("ttype", list(TaskType))
def test_each_type_is_balanced_over_its_applicable_controllers(suite, ttype):
    tasks = [t for t in suite if t.type is ttype]
    dims = applicable(ttype)
    for name in CONTROLLERS:
        counts = Counter(getattr(t.controllers, name) for t in tasks)
        values = dims.get(name, None) or tuple(counts)
        assert set(counts) == set(values), (name, counts)
        assert len(set(counts.values())) == 1, (name, counts)  # equal shares


def test_controllers_that_do_not_apply_are_documented_cases(suite):
    never_vague = {t.type for t in suite} - {t.type for t in suite if t.controllers.detail.value == "vague"}
    assert never_vague == {TaskType.DELETE_VECTOR}
    single_op = {t.type for t in suite} - {t.type for t in suite if t.controllers.operations.value == "multiple"}
    assert single_op == {TaskType.ADD_TABLE, TaskType.ADD_VECTOR, TaskType.MAP_TABLE, TaskType.MAP_TEXT,
                         TaskType.REFRESH_TABLE, TaskType.REFRESH_TEXT}


def test_both_styles_share_one_underlying_task(suite):
    for a, b in zip(suite[::2], suite[1::2]):
        assert a.controllers.language.value == "structured" and b.controllers.language.value == "unstructured"
        assert a.description == b.description and a.reference_program == b.reference_program
        assert a.drawings == b.drawings and a.instruction != b.instruction


def test_controllers_show_in_the_description(suite):
    for task in suite:
        objects = [o for f in task.description.files for p in f.pages for o in p.objects]
        c = task.controllers
        assert (len(objects) > 1) == (c.objects.value == "multiple"), task.id
        assert any(len(o.operations) > 1 for o in objects) == (c.operations.value == "multiple"), task.id
        vague = any(o.format_vague or any(op.vague for op in o.operations) for o in objects)
        assert vague == (c.detail.value == "vague") == bool(task.scoring.vague_arguments), task.id
        missing = (any(f.name is None for f in task.description.files)
                   or any(p.number is None for f in task.description.files for p in f.pages)
                   or any(o.target is None or any(op.missing for op in o.operations) for o in objects))
        assert missing == (c.completeness.value == "incomplete"), task.id


def test_named_pages_and_boxes_exist_and_hold_what_the_type_needs(suite):
    need = {
        TaskType.ADD_TEXT: {"empty"}, TaskType.ADD_TABLE: {"empty"}, TaskType.MAP_TABLE: {"table"},
        TaskType.REFRESH_TABLE: {"table"}, TaskType.REVISE_TABLE: {"table"}, TaskType.MAP_TEXT: {"text"},
        TaskType.REFRESH_TEXT: {"text", "vtext"}, TaskType.REVISE_TEXT: {"text", "vtext"},
        TaskType.DELETE_VECTOR: {"vectors"}, TaskType.MAP_VECTOR: {"vectors"}, TaskType.REFRESH_VECTOR: {"vectors"},
    }
    for task in suite:
        for f in task.description.files:
            if f.name is None:
                continue
            spec = task.drawing(f.name)
            for p in f.pages:
                if p.number is None:
                    continue
                page = spec.pages[p.number - 1]
                for o in p.objects:
                    if task.type is TaskType.ADD_VECTOR:
                        if o.target is not None:
                            assert o.target in {m.colour for m in page.markups}, task.id
                    elif o.target is not None:
                        assert page.boxes[o.target - 1].content in need[task.type], task.id


def test_generation_depends_only_on_the_seed():
    a = generate_type(TaskType.REVISE_TEXT, 8, seed=7)
    b = generate_type(TaskType.REVISE_TEXT, 8, seed=7)
    c = generate_type(TaskType.REVISE_TEXT, 8, seed=8)
    assert a == b and a != c
