"""The phrasing grammar: enough variety, both styles, and instructions that carry the task's details."""

from __future__ import annotations

import random
import re
from collections import defaultdict

from drafterbench.tasks import phrasing
from drafterbench.tasks.model import Language
from drafterbench.tasks.phrasing import ops
from drafterbench.tasktypes import TaskType


def test_every_operation_template_list_has_at_least_8_phrasings_per_style():
    lists = {n: v for n, v in vars(ops).items() if n.endswith(("_S", "_U")) and isinstance(v, tuple)}
    assert len(lists) >= 20
    for name, templates in lists.items():
        assert len(set(templates)) >= 8, name


def test_the_same_operation_gets_many_distinct_heads(suite):
    """Across the suite, the first clause of single-object structured tasks varies per type."""
    heads = defaultdict(set)
    for task in suite:
        desc = task.description
        obj = desc.files[0].pages[0].objects[0]
        for style in ("s", "u"):
            for seed in range(12):
                head, _ = ops.op_phrase(task.type, obj.operations[0], obj, random.Random(seed), style)
                shape = re.sub(r'"[^"]*"|\d+(\.\d+)?', "#", head)
                heads[(task.type, style)].add(shape)
        if len(heads) == 24 and all(len(v) >= 8 for v in heads.values()):
            break
    for key, shapes in heads.items():
        assert len(shapes) >= 8, (key, len(shapes))


def test_complete_instructions_name_every_file_and_page(suite):
    for task in suite:
        if task.controllers.completeness.value != "complete":
            continue
        for f in task.description.files:
            assert f.name in task.instruction, task.id
            for p in f.pages:
                numbers = {str(p.number), ["one", "two", "three", "four", "five", "six"][p.number - 1],
                           ["first", "second", "third", "fourth", "fifth", "sixth"][p.number - 1]}
                assert any(n in task.instruction for n in numbers), task.id


def test_missing_file_is_never_named(suite):
    for task in suite:
        for f in task.description.files:
            if f.name is None:
                others = [g.name for g in task.description.files if g.name]
                assert ".pdf" not in re.sub("|".join(map(re.escape, others)) or "^$", "", task.instruction), task.id


def test_vague_tasks_use_vague_words(suite):
    words = ("suitable", "common", "general", "professional", "appropriate", "a little", "some", "a bit",
             "slightly", "somewhat")
    for task in suite:
        if task.controllers.detail.value == "vague":
            assert any(w in task.instruction for w in words), task.id


def test_unstructured_is_wordier_than_structured(suite):
    s = [len(t.instruction.split()) for t in suite if t.controllers.language is Language.STRUCTURED]
    u = [len(t.instruction.split()) for t in suite if t.controllers.language is Language.UNSTRUCTURED]
    assert sum(u) / len(u) > 1.3 * sum(s) / len(s)


def test_phrase_is_deterministic(suite):
    task = suite[5]
    a = phrasing.phrase(task.type, task.description, Language.UNSTRUCTURED, random.Random("x"))
    b = phrasing.phrase(task.type, task.description, Language.UNSTRUCTURED, random.Random("x"))
    assert a == b
    assert TaskType.ADD_TEXT is task.type
