"""Golden cases of the per-task metric, each with its hand-computed score.

Score = 30·executable + 70 when the modification descriptions match, else
30·executable + (70/6)·Σ ratio over (define, transfer, call, single, multi, plan); a dimension the
reference does not use (total 0) counts as 1.

The add_text reference (builders.add_text) and its denominators:
  open beam.pdf                         define 1, call 1
  extractanno(doc) + getclip(0, 0)      call 1 (block) + transfer 1 (doc) ; call 1 + single 1 + define 2
  manipulate_text(doc, page, clip,      call 1 + transfer 3 + define 3 (text, font, fontsize)
      text, font, fontsize) + addtext   call 1 + single 1
  save                                  define 1, call 1
  plan: one change maker                plan 1
  => define 7, transfer 4, call 6, single 2, multi 0, plan 1
"""

from __future__ import annotations

import pytest

from drafterbench.scoring import score_task
from drafterbench.scoring.models import DiagnosticKind
from tests.scoring import builders as b

SIX = 70 / 6


def kinds(score) -> set:
    return {d.kind for d in score.diagnostics}


def test_identical_traces_score_100() -> None:
    ref = b.trace(b.add_text(), b.slab_recorder())
    pred = b.trace(b.add_text(), b.slab_recorder())
    score = score_task(ref, pred)
    assert score.total == 100
    assert score.executable and score.descriptions_match
    assert all(d.ratio == 1 for _, d in score.dimensions.items())
    assert score.diagnostics == []


def test_wrong_page_index() -> None:
    # getclip(1, 0) and page=1 instead of 0: define loses getclip's page (6/7); transfer loses the text
    # block's page and clip "beam.pdf-1-0" (2/4); calls and tools are all right; the text block is not
    # exact (0) but its repair decision is (+0.5) -> plan 0.5/1.
    score = score_task(b.trace(b.add_text()), b.trace(b.add_text(page=1)))
    d = score.dimensions
    assert (d.argument_definition.success, d.argument_definition.total) == (6, 7)
    assert (d.variable_transfer.success, d.variable_transfer.total) == (2, 4)
    assert (d.function_calling.success, d.single_tool.success, d.plan_execution.success) == (6, 2, 0.5)
    assert score.total == pytest.approx(30 + SIX * (6 / 7 + 2 / 4 + 1 + 1 + 1 + 0.5))  # 86.667
    assert not score.descriptions_match
    messages = [str(x) for x in score.diagnostics]
    assert any(
        "wrong value for page in getclip_rfpoint on beam.pdf page 0: expected 0, got 1" in m for m in messages
    )


def test_wrong_tool_mode1_instead_of_mode2() -> None:
    # delete_vector reference: define 4 (open, save, page, order); transfer 7 (extractor doc, selector
    # doc/page/clip, drawer doc/page/listofdraw); call 8 (open, save, 3 blocks, 3 methods); single 3; plan 1.
    # With mode1: the selector's method is a valid call (+1 call) but the wrong tool (single 2/3); the
    # drawer's listofdraw names mode1_rebars (transfer 6/7); the drawer is not exact (plan 0.5/1).
    score = score_task(
        b.trace(b.delete_rebars()), b.trace(b.delete_rebars("mode1_rebars_Window_Cover_Enclosure"))
    )
    d = score.dimensions
    assert (d.single_tool.success, d.single_tool.total) == (2, 3)
    assert (d.variable_transfer.success, d.variable_transfer.total) == (6, 7)
    assert (d.function_calling.success, d.function_calling.total) == (8, 8)
    assert score.total == pytest.approx(30 + SIX * (1 + 6 / 7 + 1 + 2 / 3 + 1 + 0.5))  # 88.611
    assert DiagnosticKind.WRONG_TOOL in kinds(score)
    assert any(
        "expected mode2_rebars_Cross_Touch_Intersect, got mode1_rebars_Window_Cover_Enclosure" in x.message
        for x in score.diagnostics
    )


def test_missing_save() -> None:
    # No save: define 6/7 and call 5/6 (the save's points); the text block is unsaved, so it is not an
    # exact match of the reference's saved block (plan 0.5/1); the description has no file -> no 70.
    score = score_task(b.trace(b.add_text()), b.trace(b.add_text(save=False)))
    assert score.executable and not score.descriptions_match
    assert score.total == pytest.approx(30 + SIX * (6 / 7 + 1 + 5 / 6 + 1 + 1 + 0.5))  # 90.556
    assert [x.message for x in score.diagnostics] == ["missing save of beam.pdf"]


def test_extra_call_that_changes_nothing_keeps_100() -> None:
    # A second getclip_rfpoint on the extractor changes no drawing: the descriptions still match, so the
    # whole 70 is earned (faithful to the original). The dimensions still show it: call 5/6, single 1/2.
    pred = b.add_text()
    pred.file.blocks[0].calls.append(
        pred.file.blocks[0].calls[0].model_copy(update={"arguments": [b.arg("page", 0), b.arg("order", 1)]})
    )
    score = score_task(b.trace(b.add_text()), b.trace(pred))
    assert score.total == 100 and score.descriptions_match
    assert score.dimensions.function_calling.success == 5
    assert score.dimensions.single_tool.success == 1
    assert any(x.message == "extra call getclip_rfpoint on beam.pdf page 0" for x in score.diagnostics)


def test_extra_text_block() -> None:
    # An extra manipulate_text('WORLD') + addtext: its own counts are taken away — define 1 (text),
    # transfer 3 (doc, page, clip), call 2 (block, addtext), single 1 — and it raises the plan's denominator
    # to 2: define 6/7, transfer 1/4, call 4/6, single 1/2, multi 1, plan 1/2.
    score = score_task(b.trace(b.add_text()), b.trace(b.add_text(extra_text="WORLD")))
    assert score.total == pytest.approx(30 + SIX * (6 / 7 + 1 / 4 + 4 / 6 + 1 / 2 + 1 + 1 / 2))  # 74.028
    assert score.dimensions.plan_execution.total == 2
    assert DiagnosticKind.EXTRA_BLOCK in kinds(score)


def test_wrong_value() -> None:
    # fontsize 14 instead of 12: define 6/7, plan 0.5/1 -> 30 + 70/6 * (6/7 + 4 + 0.5) = 92.5
    score = score_task(b.trace(b.add_text()), b.trace(b.add_text(fontsize=14)))
    assert score.total == pytest.approx(92.5)
    assert [x.message for x in score.diagnostics] == [
        "wrong value for fontsize in manipulate_text on beam.pdf page 0: expected 12, got 14"
    ]


def test_missing_recorder() -> None:
    # Reference = add_text on beam.pdf + a recorder for slab.pdf (define 4: doc, page, clip, action; call 2;
    # single 1; plan 1) -> totals define 11, transfer 4, call 8, single 3, plan 2. The prediction only does
    # beam.pdf: 7/11, 4/4, 6/8, 2/3, 1, 1/2.
    ref = b.trace(b.add_text(), b.slab_recorder())
    score = score_task(ref, b.trace(b.add_text()))
    assert score.total == pytest.approx(30 + SIX * (7 / 11 + 1 + 6 / 8 + 2 / 3 + 1 + 1 / 2))  # 83.119
    assert [x.message for x in score.diagnostics] == ["missing recorder for slab.pdf page 4"]


def test_invalid_value_is_not_executable() -> None:
    # dashes '[3,3]0' fails the whitespace dash rule: no 30 points. refresh_vector reference: define 6
    # (open, save, page, order, dashes, width), transfer 7, call 8, single 3, plan 1. The manipulator is
    # invalid (no +1 call: 7/8), dashes is not reproduced (5/6), plan 0.5.
    ref = b.trace(b.refresh_lines())
    pred = b.trace(b.refresh_lines("[3,3]0", dashes_valid=False))
    score = score_task(ref, pred)
    assert not score.executable
    assert score.total == pytest.approx(SIX * (5 / 6 + 1 + 7 / 8 + 1 + 1 + 0.5))  # 60.764
    assert any(
        x.message.startswith("invalid value for dashes in manipulate_draw: '[3,3]0'")
        for x in score.diagnostics
    )


def test_vague_mode_accepts_any_valid_value() -> None:
    # The instruction said "a suitable font": in vague mode any valid font counts; every dimension is full,
    # so 30 + 70 = 100 even though the descriptions (exact values) differ. In precise mode it is 92.5.
    ref, pred = b.trace(b.add_text()), b.trace(b.add_text(font="Arial"))
    vague = score_task(ref, pred, mode="vague", vague_arguments=["font"])
    assert vague.total == pytest.approx(100) and not vague.descriptions_match
    assert score_task(ref, pred, mode="precise").total == pytest.approx(92.5)
    # ...but only a *valid* value: an unknown font is invalid (and not executable).
    bad = b.add_text(font="Comic Sans")
    bad.file.blocks[1].argument("font").valid = False
    assert score_task(ref, b.trace(bad), mode="vague").total < 70


def test_extra_file() -> None:
    # The prediction also writes text into slab.pdf. The whole extra file is taken away — define 5 (open,
    # save, page, order, text), transfer 4, call 6, single 2 — and its change maker raises the plan
    # denominator: define 2/7, transfer 0/4, call 0/6, single 0/2, multi 1, plan 1/2.
    slab = b.FileBuilder("slab.pdf")
    slab.extractor((0, 0))
    slab.text(0, 0, "EXTRA")
    slab.save("slab_updated.pdf")
    score = score_task(b.trace(b.add_text()), b.trace(b.add_text(), slab))
    assert score.total == pytest.approx(30 + SIX * (2 / 7 + 0 + 0 + 0 + 1 + 1 / 2))  # 50.833
    assert any(x.message == "extra file slab.pdf" for x in score.diagnostics)


def test_extra_argument_costs_define_and_transfer() -> None:
    # The original added +1 transfer for a transferred argument the reference leaves unset (a sign bug);
    # here every argument the reference leaves unset costs 1 in its own dimension.
    ref = b.trace(b.refresh_lines())
    pred_file = b.refresh_lines()
    pred_file.file.blocks[2].arguments.append(b.arg("fillcolor", "red", vague=True))
    score = score_task(ref, b.trace(pred_file))
    assert score.dimensions.argument_definition.success == 6 - 1
    assert any(x.kind is DiagnosticKind.EXTRA_VALUE for x in score.diagnostics)


def test_files_are_matched_in_any_order() -> None:
    ref = b.trace(b.add_text(), b.slab_recorder())
    pred = b.trace(b.slab_recorder(), b.add_text())
    assert score_task(ref, pred).total == 100


@pytest.mark.parametrize(
    ("action", "same"),
    [("add text north elevation", True), ("rotate the table by 30 degrees clockwise", False)],
)
def test_recorder_text_by_sentence_similarity(action: str, same: bool) -> None:
    # A recorder-only task: define 4 (doc, page, clip, action), call 2, single 1, plan 1.
    # A paraphrase (cosine >= 0.90 with all-MiniLM-L6-v2) keeps every dimension: 30 + 70 = 100, although the
    # descriptions (exact text) differ. Unrelated text loses the action (3/4) and the recorder's plan step
    # (0/1): 30 + 70/6 * (3/4 + 1 + 1 + 1 + 1 + 0) = 85.417.
    ref = b.trace(b.slab_recorder("add the text north elevation"))
    score = score_task(ref, b.trace(b.slab_recorder(action)))
    assert not score.descriptions_match
    if same:
        assert score.total == pytest.approx(100)
    else:
        assert score.total == pytest.approx(30 + SIX * 4.75)
        assert DiagnosticKind.RECORDER_TEXT in kinds(score)
