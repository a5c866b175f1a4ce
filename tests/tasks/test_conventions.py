"""One source of truth: every value a reference sets has a basis in its instruction, or a stated convention.

A reference argument the instruction gives no basis for would cost a model points for not guessing the
reference's habit. These tests fail when the renderer starts writing such an argument, when the prompts stop
stating a convention the scorer applies, or when an omission is phrased with a word that reads as a value.
"""

from __future__ import annotations

import re

from drafterbench.agents.prompts import system_prompt
from drafterbench.agents.tool_prompts import tool_system_prompt
from drafterbench.conventions import DEFAULTS, canonical, is_default, prompt_lines
from drafterbench.interpreter import run_program
from drafterbench.tasks.phrasing import ops
from drafterbench.tasks.phrasing.words import typo
from drafterbench.tasktypes import TaskType
from drafterbench.tools.session import ToolSession
from drafterbench.tools.trace import BlockRole

# Arguments that carry the program's own plumbing (objects, regions, selections), not values from the words.
_PLUMBING = frozenset({"doc", "page", "clip", "sel_drawings", "cdrawings", "listofdraw", "data", "text"})
# Description keys → the recorded argument they become.
_ARG_OF = {"row_height": "arrange", "column_width": "arrange", "fontsize": "font_size",
           "borderwidth": "border_width", "startcell": "start_cell", "endcell": "end_cell", "repdata": "rep_data"}
_TEXT_TYPES = (TaskType.ADD_TEXT, TaskType.REFRESH_TEXT, TaskType.REVISE_TEXT)
_CHANGE_ROLES = (BlockRole.CHANGE_MAKER, BlockRole.POST_CHANGE_MAKER)


def _basis(task) -> set[str]:
    """The tool arguments the task's instruction gives a value for (its description, as phrased)."""
    keys: set[str] = set()
    for f in task.description.files:
        for p in f.pages:
            for o in p.objects:
                for op in o.operations:
                    keys |= {_ARG_OF.get(k, k) for k in op.args}
                keys |= {_ARG_OF.get(k, k) for k in o.format}
                if o.orientation == "vertical":
                    keys.add("rotate")  # the instruction says the text is vertical
    if task.type in _TEXT_TYPES and "font_size" in keys:  # text manipulators record it as fontsize
        keys.add("fontsize")
    return keys


def test_every_reference_value_has_a_basis_in_the_instruction_or_a_stated_default(suite):
    problems = []
    for task in suite[::2]:
        trace = run_program(task.reference_program, ToolSession(effects=False))
        basis = _basis(task)
        for file in trace.files:
            for block in file.blocks:
                if block.role not in _CHANGE_ROLES:
                    continue
                for arg in block.arguments + [a for c in block.calls for a in c.arguments]:
                    if arg.value is None or arg.name in _PLUMBING:
                        continue
                    if is_default(arg.name, arg.value):
                        problems.append((task.id, arg.name, "a default the prompts say to leave out"))
                    elif arg.name not in basis:
                        problems.append((task.id, arg.name, "no basis in the instruction"))
    assert not problems, problems[:10]


def test_both_prompt_modes_state_every_convention_the_scorer_applies():
    for ttype in TaskType:
        for prompt in (system_prompt(ttype), tool_system_prompt(ttype)):
            for line in prompt_lines():
                assert line in prompt, (ttype, line)
    assert all(d.rule in prompt_lines() for d in DEFAULTS)


def test_prompts_state_one_policy_without_the_old_contradictions():
    for ttype in TaskType:
        for prompt in (system_prompt(ttype), tool_system_prompt(ttype)):
            assert "clockwise when no direction" not in prompt
            assert "may be left None" not in prompt
            assert "vague necessary detail counts as missing" not in prompt
            assert "is one revision" in prompt or "is one \\\nrevision" in prompt or "one revision" in prompt


def test_equivalent_spellings_share_one_canonical_value():
    assert canonical("dashes", "[3 1]1") == canonical("dashes", "[3 1] 1") == canonical("dashes", "[ 3 1 ] 1")
    assert canonical("font", "helv") == canonical("font", "Helvetica")
    assert canonical("drwcolor", "Grey") == canonical("drwcolor", "gray")
    assert canonical("align", "center") == canonical("align", 1)
    assert canonical("arrange", [None, [66, 66, 66]]) == canonical("arrange", [None, [66]])
    assert canonical("arrange", [None, [50, 60]]) != canonical("arrange", [None, [50]])
    assert canonical("dashes", "[3 1] 1") != canonical("dashes", "[3 1] 2")


def test_an_absent_class_is_phrased_with_no_word_that_reads_as_one():
    class_words = re.compile(r"\b(lines?|rebars?|columns?|drawings?|strokes?|vectors?|everything)\b", re.I)
    for phrase in ops._ADD_VECTOR_MISSING_S + ops._ADD_VECTOR_MISSING_U:
        assert not class_words.search(phrase), phrase


def test_typos_touch_only_everyday_words_never_quoted_values():
    import random

    text = 'Could you please write "PLEASE CALL" there? Thanks, it should be there.'
    seen = set()
    for seed in range(200):
        out = typo(random.Random(seed), text)
        assert '"PLEASE CALL"' in out
        seen.add(out)
    assert text in seen and len(seen) > 3  # sometimes untouched, sometimes one of several words


def test_unstructured_instructions_are_less_formulaic(suite):
    unstructured = [t.instruction for t in suite if t.controllers.language.value == "unstructured"]
    assert sum("Formatting-wise" in t for t in unstructured) == 0
    assert sum("please" in t.lower() for t in unstructured) < 0.4 * len(unstructured)  # v1: 588 of 960
    assert any(re.search(r"I was thinking|If it's not too much trouble|When you get a chance", t)
               for t in unstructured)
    pages = {p.number for t in suite for f in t.description.files for p in f.pages if p.number}
    boxes = {o.target for t in suite for f in t.description.files for p in f.pages for o in p.objects
             if isinstance(o.target, int)}
    assert max(pages) > 6 and max(boxes) > 6
