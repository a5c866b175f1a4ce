"""The phrasing grammar: enough variety, both styles, and instructions that carry the task's details."""

from __future__ import annotations

import random
import re
from collections import defaultdict

import pytest

from drafterbench.tasks import phrasing
from drafterbench.tasks.model import Language
from drafterbench.tasks.phrasing import ops
from drafterbench.tasks.phrasing.words import CARDINALS, ORDINALS
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
                head = ops.op_phrase(task.type, obj.operations[0], obj, random.Random(seed), style).head
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
                numbers = {str(p.number), CARDINALS[p.number - 1], ORDINALS[p.number - 1]}
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


# ---------------------------------------------------------------------------------------------------------
# Grammar scans over every suite instruction: each pattern is a slip the grammar once made.

_PLURALS = r"(?:lines|rebars|bars|columns|drawings|strokes|vectors|items|markups|annotations|cells|rows)"
_SLIPS = {
    # "The lines needs a refresh", "Rebars crossing the rectangle is in the wrong spot", "rows 2 and 3 has to go"
    "plural subject, singular verb": rf"\b{_PLURALS}\b(?: [\w-]+){{0,4}} (?:needs|looks|is|has|was)\b",
    # "select the rebars, then scale it"
    "plural object, singular pronoun": rf"\b{_PLURALS}\b[^.?!;:(\n]*\b(?:it|its)\b",
    # "Could you turn the columns I sketched into proper drawings? Give it a line width of 2."
    "singular pronoun for the plural just named": r"(?<!solid )\b(?:lines|rebars|bars|columns|drawings|strokes|vectors|items|"
                                                  r"markups|annotations)\b[^.?!\n]*[.?!] (?:Give it|It should)\b",
    # adjectives and participles used as nouns: "Use rotated 90 degrees", "with aligned left", "have at a 90 degree"
    "adjective where a noun belongs": r"\b(?:with|[Uu]se|have|like|[Gg]ive (?:it|them)|Go with|set|to) "
                                      r"(?:rotated|turned|aligned|at an?|[a-z]+-aligned|fully justified|"
                                      r"justified|paths closed|dashed,)(?! text| alignment)(?=\W|$)",
    "a before a vowel sound": r"\b[Aa] (?:[aeiouAEIOU]\w|8|11\b|18\b)",
    "an before a consonant": r"\b[Aa]n [b-df-hj-np-tv-zB-DF-HJ-NP-TV-Z0-79]",
    "doubled word": r"(?i)\b([a-z]+) \1\b",
    "mass noun, plural verb": r"\bline work (?:that|which) (?:touch|cross|need|look)\b",
    "a selection's format": r"\b(?:box|rectangle) format\b",
    "a cell range named twice": r"\bcells cell\b",
    "double space": r"  ",
    "space before punctuation": r" [,.;:!?]",
    "doubled punctuation": r"\.\.|,\.|\.,|,,|;;|;\.|\.;|,;|;,",
    "clause run on without a comma": r"\b(?:box|rectangle) then\b",
}


def _scan(suite, pattern):
    return [(t.id, m.group(0)) for t in suite for m in re.finditer(pattern, t.instruction)]


@pytest.mark.parametrize("slip", list(_SLIPS))
def test_instructions_are_free_of_the_known_grammar_slip(suite, slip):
    assert _scan(suite, _SLIPS[slip])[:5] == []


def test_sentences_start_with_a_capital_or_a_file_name(suite):
    starts = r"(?:^|(?<=[.!?] )|(?<=[.!?]\) ))([a-z][\w.-]*)"
    bad = [(i, w) for i, w in _scan(suite, starts) if ".pdf" not in w]
    # "p. 3" is an abbreviation, not a sentence end: only letters can follow it wrongly
    assert not bad[:5]


def test_quotes_and_brackets_are_balanced(suite):
    for task in suite:
        text = task.instruction
        assert text.count('"') % 2 == 0, task.id
        assert text.count("(") == text.count(")") and text.count("[") == text.count("]"), task.id
        assert text == text.strip(), task.id
