"""Recorders are judged by what they say: faithful paraphrases score as the reference, damaged ones do not.

Each case is one type's canonical base-level text (as the reference renderer writes it), several faithful
paraphrases a model might write instead, and damaged versions (a dropped or changed value, a wrong
direction, class or mode). The programs go through the real interpreter and the drafterbench metric.
"""

from __future__ import annotations

import pytest

from drafterbench.interpreter import execute
from drafterbench.scoring import score_task
from drafterbench.scoring.recorder_text import same_content

CASES = {
    "add_text": (
        'add the text "GRID A", font size 12, text colour red',
        ['write "GRID A" in red at 12 pt', 'insert the note "GRID A" (red, size 12)', "add GRID A, red, font size 12"],
        ['add the text "GRID A", font size 12', 'add the text "GRID B", font size 12, text colour red'],
    ),
    "add_table": (
        "add a table: Mark, Size; B1, 300x600, column width 50",
        ["insert a table with the rows Mark / Size and B1 / 300x600, columns 50 wide",
         "put in a table (Mark, Size; B1, 300x600) with a column width of 50"],
        ["add a table: Mark, Size; B1, column width 50", "add a table: Mark, Size; B1, 300x600, column width 60"],
    ),
    "add_vector": (
        "add standard rebars, stroke colour blue, stroke width 2",
        ["redraw the rebars as standard strokes in blue with line width 2", "standardise the rebars: blue, width 2"],
        ["redraw the columns as standard strokes in blue with line width 2", "add standard rebars, blue"],
    ),
    "delete_vector": (
        "delete rebars covered by the rectangle; delete lines intersected by the rectangle",
        ["remove the rebars inside the box and the lines crossing it",
         "take out reinforcement bars enclosed by the rectangle and lines touching it"],
        ["remove the rebars inside the box", "remove the rebars crossing the box and the lines crossing it"],
    ),
    "map_table": (
        "map table: move 10 left and 5 down, rotate 30 degrees counterclockwise",
        ["shift the table 10 pt to the left and 5 downwards, then turn it 30° anticlockwise",
         "translate the table 10 units leftwards and 5 down; rotate it by 30 degrees CCW"],
        ["move the table 10 left and 5 down, rotate it 30 degrees clockwise",
         "move the table 10 left, rotate it 30 degrees counterclockwise"],
    ),
    "map_text": (
        "map text: scale by 2 x 2",
        ["double the size of the text", "scale the note by a factor of 2"],
        ["scale the text by 3", "make the text smaller"],
    ),
    "map_vector": (
        "map columns intersected by the rectangle: rotate 45 degrees clockwise",
        ["turn the columns touching the box 45° CW", "rotate the columns crossing the rectangle by 45 degrees clockwise"],
        ["rotate the columns 45 degrees", "turn the lines touching the box 45° CW"],
    ),
    "refresh_table": (
        "refresh table format: column width 47, font size 9",
        ["restyle the table with 47-wide columns and 9 pt text", "reformat the table: columns 47 wide, text size 9"],
        ["restyle the table with a font size of 9", "restyle the table with 48-wide columns and 9 pt text"],
    ),
    "refresh_text": (
        "refresh text format: font Times-Roman, alignment center",
        ["set the note in Times Roman, centred", "change the text to tiro with centre alignment"],
        ["set the note in Arial, centred", "set the note in Times Roman"],
    ),
    "refresh_vector": (
        "refresh lines covered by the rectangle: dashes [3 1] 1, rounded joins",
        ["restyle the lines inside the box with dash pattern [3 1]1 and round joins"],
        ["restyle the lines inside the box with dash pattern [3 1]2 and round joins",
         "restyle the lines inside the box with dash pattern [3 1]1 and sharp joins"],
    ),
    "revise_table": (
        "delete rows [2] and columns [3]",
        ["remove row 2 and column 3", "drop the second row and the third column"],
        ["remove row 2", "remove row 2 and column 4"],
    ),
    "revise_text": (
        'replace "C30" with "C35"',
        ['change C30 to "C35"', "swap 'C30' for 'C35'"],
        ['replace "C30" with "C40"', 'delete "C30"'],
    ),
}


def _program(base: str, page: int = 3, incomplete: bool = False) -> str:
    text = base.replace("\\", "\\\\").replace('"', '\\"') + ("(incomplete)" if incomplete else "")
    return (
        "import fitz\nimport PDFbf\n"
        f'recorder0 = PDFbf.recorder(missing_information="file-level: beam.pdf, page-level: {page}, '
        f'order-level: 2, base-level: {text}")\n'
        "recorder0.recording()\n"
    )


def _score(reference: str, predicted: str) -> float:
    ref = execute(reference, effects=False).trace
    pred = execute(predicted, effects=False).trace
    assert ref.error is None and pred.error is None
    return score_task(ref, pred).total


@pytest.mark.parametrize("ttype", sorted(CASES))
def test_faithful_paraphrases_score_as_the_reference(ttype: str) -> None:
    base, paraphrases, _ = CASES[ttype]
    for text in paraphrases:
        assert same_content(base, text), text
        assert _score(_program(base), _program(text)) == 100.0, text
        assert _score(_program(base, incomplete=True), _program(text + " (incomplete)")) == 100.0, text


@pytest.mark.parametrize("ttype", sorted(CASES))
def test_damaged_recorders_lose_points(ttype: str) -> None:
    base, paraphrases, damaged = CASES[ttype]
    for text in damaged:
        assert not same_content(base, text), text
        assert _score(_program(base), _program(text)) < 100.0, text
    text = paraphrases[0]
    assert _score(_program(base), _program(text, page=4)) < 100.0  # the wrong page
    assert _score(_program(base, incomplete=True), _program(text)) < 100.0  # "(incomplete)" dropped


def test_location_words_and_units_are_not_content() -> None:
    assert same_content("map text: move 22 right and 19 down",
                        "translate the note on page 3 in box 2 22 points right and 19 points downwards")
    assert same_content('add the text "SEE NOTE 4"', 'add the text "SEE NOTE 4" into the third box of beam.pdf')
    # "box" followed by a value is not a location: the 33 is the move.
    assert not same_content("map rebars: move 10 right", "move the rebars touching the box 33 to the right")


@pytest.mark.parametrize(("reference", "paraphrase"), [
    ("refresh columns covered by the rectangle: stroke colour gray, solid line, open path, stroke width 5",
     "columns entirely within the box with gray line colour, open paths, line weight 5 and no dashes"),
    ("refresh lines intersected by the rectangle: stroke colour blue, open path, cut-off joins",
     "lines crossing the rectangle with chamfered joins, open paths and blue drawing colour"),
    ('replace "grid" with "soffit"; new format suitable font, text colour red, suitable alignment',
     'replace "grid" with "soffit"; a suitable font, a suitable justification, red text colour'),
    ("refresh text format: alignment justify", "use full justification"),
    ("refresh rebars: common dashes, semi-square ends", "rebars: a common line type, semi-square caps"),
])
def test_format_words_have_their_synonyms(reference: str, paraphrase: str) -> None:
    assert same_content(reference, paraphrase)


def test_a_vague_justification_is_not_the_justify_value() -> None:
    assert not same_content("refresh text format: alignment justify", "a suitable justification")


@pytest.mark.parametrize(("reference", "paraphrase"), [
    ("redraw(incomplete)", "formalise the sketch (incomplete)"),  # one verb for another: no model decides
    ("replace cell ['all', 2] with [['11'], ['7.3m']]; new format font tiro, alignment left",
     'put "11", "7.3m" in column 2, font tiro, left alignment'),  # a table column is a position
    ("replace cell [2, 1] with [['150mm']]", 'fill the cell at row 2, column 1 with "150mm"'),  # fill, the verb
])
def test_table_positions_and_verbs_are_not_classes_or_formats(reference: str, paraphrase: str) -> None:
    assert same_content(reference, paraphrase)
    assert not same_content("delete columns covered by the rectangle", "delete rebars covered by the rectangle")
    assert not same_content("refresh lines: fill colour red", "refresh lines: stroke colour red")
