"""``--metric original``: the published metric as the original code computed it.

The golden pairs (``tests/golden/original-metric-pairs.jsonl``) are programs in the original's own format
(the original generator's ground truths, each damaged once: an integer raised by 1, the saves removed, or
one call dropped) with the score the ORIGINAL code gave each pair. Every one must be reproduced within 0.01.
The smaller tests pin the original's rules one by one, so a regression names the rule it broke.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drafterbench.interpreter import run_program
from drafterbench.scoring.choose import is_executable, score_programs
from drafterbench.scoring.original import score_original
from drafterbench.scoring.original.record import build_matrix
from drafterbench.tools.session import ToolSession

PAIRS = Path(__file__).parents[1] / "golden" / "original-metric-pairs.jsonl"


def rows() -> list[dict]:
    return [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]


def trace(source: str):
    return run_program(source, ToolSession(effects=False))


def test_the_golden_pairs_cover_every_damage_kind_and_mode():
    data = rows()
    assert len(data) == 240
    assert {r["kind"].split(":")[1] for r in data} == {"int+1", "no-save", "drop-call"}
    assert {r["mode"] for r in data} == {"precise", "vague"}
    assert len({round(r["original"], 2) for r in data}) > 50  # not a handful of repeated values


def test_every_golden_pair_is_reproduced_within_a_hundredth():
    wrong = []
    for r in rows():
        got = score_programs(r["groundtruth"], r["prediction"], metric="original", mode=r["mode"]).total
        if abs(got - r["original"]) > 0.01:
            wrong.append(f"{r['kind']} ({r['mode']}): ours {got:.4f}, original {r['original']:.4f}")
    assert not wrong, "\n".join(wrong[:20])


GT = """import testf
doc0 = testf.open('beam.pdf')
annoextractor0 = testf.extractanno(doc0,pagenumber=None, annocolor=None)
rectangle000, rfpoint000 = annoextractor0.getclip_rfpoint(1, 0)
text_manipulator000 = testf.manipulate_text(doc=doc0, pagenumber=1, clip=rectangle000, text='NOTE', font=None,
    fontsize=12, textcolor=None, align=None)
doc0 = text_manipulator000.addtext()
doc0.save('beam_updated.pdf')
"""


def test_a_program_that_stops_scores_zero():
    broken = GT.replace("doc0.save('beam_updated.pdf')", "doc0.save(undefined_name)")
    score = score_programs(GT, broken, metric="original")
    assert score.total == 0 and not score.executable
    assert "scores such an answer 0" in str(score.diagnostics[0])


def test_identical_programs_score_100_and_a_wrong_value_costs_points():
    assert score_programs(GT, GT, metric="original").total == 100
    wrong = score_programs(GT, GT.replace("fontsize=12", "fontsize=13"), metric="original")
    assert wrong.executable and not wrong.descriptions_match and 90 < wrong.total < 100


def test_the_same_file_opened_twice_is_two_records():
    twice = GT + GT.replace("doc0", "doc1").replace("000", "100").replace("extractor0", "extractor1")
    matrix = build_matrix(trace(twice))
    assert [r["filepath"] for r in matrix] == [("beam.pdf", True), ("beam.pdf", True)]
    assert all(len(r["change_maker"]) == 1 for r in matrix)


def test_a_dash_string_the_pattern_rejects_is_recorded_none_and_stays_executable():
    program = """import PDFbf
doc = fitz.open('a.pdf')
ex = PDFbf.extractanno(doc=doc)
rect, point = ex.getclip_rfpoint(pagenumber=0, rectangleorder=0)
sel = PDFbf.selector(doc=doc, pagenumber=0, clip=rect)
lines = sel.mode2_lines_Cross_Touch_Intersect()
m = PDFbf.manipulate_draw(doc=doc, pagenumber=0, sel_drawings=lines, dashes='[3,3]0')
doc = m.update_draw()
doc.save('a_updated.pdf')
"""
    matrix = build_matrix(trace(program))
    dashes = dict(matrix[0]["change_maker"][0]["arguments_value"])["dashes"]
    assert dashes == (None, False)
    assert is_executable(trace(program), "original") == (True, [])
    assert not is_executable(trace(program), "drafterbench")[0]  # ours refuses the comma form


def test_a_recorder_with_an_invalid_file_level_is_not_executable():
    program = """import PDFbf
recorder0 = PDFbf.recorder(missing_information='file-level: incomplete, page-level: 2, order-level: 1, base-level: add text')
recorder0.recording()
"""
    runs, reasons = is_executable(trace(program), "original")
    assert not runs and "incomplete" in reasons[0]


class FixedSimilarity:
    """A stand-in for the sentence model: every pair of different texts is 0.5 similar."""

    def __call__(self, a: str, b: str) -> float:
        return 1.0 if a == b else 0.5


def test_recorder_text_below_the_threshold_earns_its_similarity():
    template = """import PDFbf
recorder0 = PDFbf.recorder(missing_information='file-level: a.pdf, page-level: 2, order-level: 1, base-level: {}')
recorder0.recording()
"""
    gt, pred = trace(template.format("add a text")), trace(template.format("write some words"))
    score = score_original(gt, pred, similarity=FixedSimilarity())  # type: ignore[arg-type]
    define = score.dimensions.argument_definition
    # doc, page, clip and action count (``complete`` without "(incomplete)" is recorded invalid):
    # three equal values and half an action
    assert define.total == 4 and define.success == pytest.approx(3.5)


def test_reference_programs_of_the_suite_score_100_under_both_metrics():
    from drafterbench.scoring.choose import score_traces
    from drafterbench.tasks import load_suite

    tasks = load_suite()
    sample = tasks[:: max(1, len(tasks) // 60)]  # every type, every controller mix, about 60 tasks
    for task in sample:
        ref = trace(task.reference_program)
        for metric in ("drafterbench", "original"):
            score = score_traces(ref, ref, metric=metric, mode=task.scoring.mode)
            assert score.total == pytest.approx(100), (task.id, metric, score.diagnostics)
