"""The golden cases again, end to end: real programs through the interpreter and the recording tools.

Each damaged program is the reference with one edit; the expected totals are the hand computations of
test_scores.py (the same traces, now produced by the real tools).
"""

from __future__ import annotations

import pytest

from drafterbench.interpreter import execute
from drafterbench.scoring import score_task
from drafterbench.scoring.models import DiagnosticKind

SIX = 70 / 6

ADD_TEXT = """\
import fitz
import PDFbf
doc = fitz.open("beam.pdf")
annoextractor = PDFbf.extractanno(doc=doc)
rectangle0, rfpoint0 = annoextractor.getclip_rfpoint(pagenumber=0, rectangleorder=0)
argument0 = dict(clip=rectangle0, text="HELLO", font="helv", fontsize=12)
text_manipulator0 = PDFbf.manipulate_text(doc=doc, pagenumber=0, clip=argument0.get("clip"), text=argument0.get("text"), font=argument0.get("font"), fontsize=argument0.get("fontsize"))
doc = text_manipulator0.addtext()
doc.save("beam_updated.pdf")
"""

RECORDER = """
recorder1 = PDFbf.recorder(missing_information="file-level: slab.pdf, page-level: 4, order-level: missing, base-level: add the text north elevation")
recorder1.recording()
"""

DELETE = """\
import fitz
import PDFbf
doc = fitz.open("beam.pdf")
annoextractor = PDFbf.extractanno(doc=doc)
rectangle0, rfpoint0 = annoextractor.getclip_rfpoint(pagenumber=0, rectangleorder=0)
selector0 = PDFbf.selector(doc=doc, pagenumber=0, clip=rectangle0)
rebars0 = selector0.mode2_rebars_Cross_Touch_Intersect()
drawer0 = PDFbf.draw_drawer(doc=doc, pagenumber=0, listofcdraw=rebars0)
doc = drawer0.delete_draw()
doc.save("beam_updated.pdf")
"""


def run(source: str):
    trace = execute(source, effects=False).trace
    assert trace.error is None, trace.error
    return trace


def score(reference: str, predicted: str, **kw):
    return score_task(run(reference), run(predicted), **kw)


def test_reference_against_itself_is_100() -> None:
    result = score(ADD_TEXT + RECORDER, ADD_TEXT + RECORDER)
    assert result.total == 100 and result.diagnostics == []


@pytest.mark.parametrize(
    ("old", "new", "expected", "kind"),
    [
        # wrong page index: define 6/7, transfer 2/4, plan 0.5/1
        (
            "pagenumber=0",
            "pagenumber=1",
            30 + SIX * (6 / 7 + 2 / 4 + 1 + 1 + 1 + 0.5),
            DiagnosticKind.WRONG_VALUE,
        ),
        # missing save: define 6/7, call 5/6, plan 0.5/1
        (
            'doc.save("beam_updated.pdf")\n',
            "",
            30 + SIX * (6 / 7 + 1 + 5 / 6 + 1 + 1 + 0.5),
            DiagnosticKind.MISSING_SAVE,
        ),
        # wrong value: define 6/7, plan 0.5/1
        ("fontsize=12", "fontsize=14", 92.5, DiagnosticKind.WRONG_VALUE),
        # an extra text block: define 6/7, transfer 1/4, call 4/6, single 1/2, plan 1/2
        (
            "doc = text_manipulator0.addtext()\n",
            (
                "doc = text_manipulator0.addtext()\nextra = PDFbf.manipulate_text(doc=doc, pagenumber=0, "
                "clip=rectangle0, text='WORLD')\ndoc = extra.addtext()\n"
            ),
            30 + SIX * (6 / 7 + 1 / 4 + 4 / 6 + 1 / 2 + 1 + 1 / 2),
            DiagnosticKind.EXTRA_BLOCK,
        ),
    ],
)
def test_damaged_add_text(old: str, new: str, expected: float, kind: DiagnosticKind) -> None:
    assert old in ADD_TEXT
    result = score(ADD_TEXT, ADD_TEXT.replace(old, new))
    assert result.total == pytest.approx(expected)
    assert kind in {d.kind for d in result.diagnostics}


def test_wrong_selection_mode() -> None:
    # define 4/4, transfer 6/7, call 8/8, single 2/3, plan 0.5/1 (see test_golden)
    damaged = DELETE.replace("mode2_rebars_Cross_Touch_Intersect", "mode1_rebars_Window_Cover_Enclosure")
    result = score(DELETE, damaged)
    assert result.total == pytest.approx(30 + SIX * (1 + 6 / 7 + 1 + 2 / 3 + 1 + 0.5))


def test_missing_recorder() -> None:
    # define 7/11, call 6/8, single 2/3, plan 1/2
    result = score(ADD_TEXT + RECORDER, ADD_TEXT)
    assert result.total == pytest.approx(30 + SIX * (7 / 11 + 1 + 6 / 8 + 2 / 3 + 1 + 1 / 2))
    assert [str(d) for d in result.diagnostics] == ["missing recorder for slab.pdf page 4"]


def test_invalid_font_is_not_executable_even_in_vague_mode() -> None:
    damaged = ADD_TEXT.replace('font="helv"', 'font="Comic Sans"')
    result = score(ADD_TEXT, damaged, mode="vague")
    assert not result.executable
    assert any(
        d.kind is DiagnosticKind.INVALID_VALUE and "Comic Sans" in d.message for d in result.diagnostics
    )
    # In vague mode a *valid* other font is as good as the reference's.
    assert score(
        ADD_TEXT, ADD_TEXT.replace('font="helv"', 'font="Arial"'), mode="vague"
    ).total == pytest.approx(100)


def test_syntax_error_scores_nothing_executable() -> None:
    result = score_task(run(ADD_TEXT), execute("doc = fitz.open(", effects=False).trace)
    assert not result.executable and result.total < 30
    assert result.diagnostics[0].kind is DiagnosticKind.NOT_EXECUTABLE


JOINED = DELETE.replace(
    "drawer0 = PDFbf.draw_drawer(doc=doc, pagenumber=0, listofcdraw=rebars0)\ndoc = drawer0.delete_draw()\n",
    "lines0 = selector0.mode1_lines_Window_Cover_Enclosure()\n"
    "drawer0 = PDFbf.draw_drawer(doc=doc, pagenumber=0, listofcdraw=rebars0 + lines0)\n"
    "doc = drawer0.delete_draw()\n",
)
SPLIT = DELETE.replace(
    "doc = drawer0.delete_draw()\n",
    "doc = drawer0.delete_draw()\nlines0 = selector0.mode1_lines_Window_Cover_Enclosure()\n"
    "drawer1 = PDFbf.draw_drawer(doc=doc, pagenumber=0, listofcdraw=lines0)\ndoc = drawer1.delete_draw()\n",
)


def test_another_layout_of_the_same_changes_earns_the_full_70() -> None:
    # One drawer for two selections, or one drawer per selection: the same vectors are deleted, so the
    # modification descriptions match (100) although the operation chains differ.
    assert JOINED != DELETE and SPLIT != DELETE
    result = score(JOINED, SPLIT)
    assert result.descriptions_match and result.total == 100
    assert DiagnosticKind.EXTRA_BLOCK in {d.kind for d in result.diagnostics}


def test_suite_references_score_100_against_themselves() -> None:
    # One task of each type from the frozen suite (the benchmark does all 1920).
    from drafterbench.tasks.suite import load_suite

    seen = {}
    for task in load_suite():
        seen.setdefault(task.type, task)
    for task in seen.values():
        trace = execute(task.reference_program, effects=False).trace
        result = score_task(
            trace, trace, mode=task.scoring.mode, vague_arguments=task.scoring.vague_arguments
        )
        assert result.total == 100 and result.diagnostics == [], task.id


def test_importing_scoring_does_not_import_torch() -> None:
    import subprocess
    import sys

    code = "import sys, drafterbench.scoring; print('torch' in sys.modules, 'pymupdf' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_rectangle_from_the_wrong_page_loses_the_description_match() -> None:
    # Only getclip_rfpoint reads page 1 while the text goes to page 0: the original compared just the
    # rectangle's order and gave the full 70. The rectangle's page is part of the description here, so
    # the program falls back to the six dimensions: the getclip page value is wrong (define 6/7) and the
    # clip passed on differs from the reference's (transfer 3/4), and the plan step is not exact.
    damaged = ADD_TEXT.replace("getclip_rfpoint(pagenumber=0", "getclip_rfpoint(pagenumber=1")
    result = score(ADD_TEXT, damaged)
    assert not result.descriptions_match
    assert result.total == pytest.approx(30 + SIX * (6 / 7 + 3 / 4 + 1 + 1 + 1 + 0.5))
