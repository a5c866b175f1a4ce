"""A hand-written add_text task and deliberately damaged answers to it, with the scores the metric gives.

The reference writes "GOOD" into box 1 of page 1 and records a second string whose box is not named.
Its counts (the denominators of the six dimensions) are: argument definition 12 (open path, save path,
page and order of getclip_rfpoint, text/font/fontsize/textcolor, and the recorder's four fields), variable
transfer 4 (doc into the extractor, doc/page/clip into the text manipulator), function calling 8, single
tool 3, multi tool 0, plan 2 (one change maker, one recorder). The reference compared with itself gets
every point of every dimension, and its modification descriptions match, which is worth the full 70.
The recorder is flagged saved with the file (its file has a change maker that is saved), so a missing
save also costs the recorder its exact-match plan point.

score = 30 (executable) + 70/6 × Σ ratios, with a dimension of total 0 counting as 1.
"""

from __future__ import annotations

import json

from drafterbench.drawings.spec import BoxSpec, DrawingSpec, PageSpec
from tests.run.fakes import make_task

RECORDER = (
    "recorder0 = PDFbf.recorder(missing_information='''file-level:beam.pdf,page-level:1,"
    "order-level:Missing,base-level:add text \"NOTE 5\"''')\nrecorder0.recording()\n"
)
REFERENCE = (
    "import fitz\nimport PDFbf\n"
    'doc0 = fitz.open("beam.pdf")\n'
    "annoextractor0 = PDFbf.extractanno(doc=doc0)\n"
    "rectangle0, rfpoint0 = annoextractor0.getclip_rfpoint(pagenumber=0, rectangleorder=0)\n"
    'text_manipulator0 = PDFbf.manipulate_text(doc=doc0, pagenumber=0, clip=rectangle0, text="GOOD", '
    'font="Arial", fontsize=12, textcolor="red")\n'
    "doc0 = text_manipulator0.addtext()\n" + RECORDER + 'doc0.save("beam_updated.pdf")\n'
)


def _ratio_score(*ratios: float) -> float:
    return 30 + 70 / 6 * sum(ratios)


# name -> (program, expected score, why)
DAMAGED: dict[str, tuple[str, float, str]] = {
    "perfect": (REFERENCE, 100.0, "descriptions match: 30 + 70"),
    "wrong_page": (
        REFERENCE.replace("pagenumber=0", "pagenumber=1"),
        # 1-based page everywhere: getclip's page (defined) is wrong -> define 11/12; the manipulator's page
        # and clip (both transferred) are wrong -> transfer 2/4; the change maker no longer matches -> plan 1.5/2.
        _ratio_score(11 / 12, 2 / 4, 1, 1, 1, 1.5 / 2),
        "page index 1 instead of 0",
    ),
    "wrong_tool": (
        REFERENCE.replace("doc0 = text_manipulator0.addtext()", "text0 = text_manipulator0.gethortext()"),
        # gethortext where addtext belongs: single tool 2/3 and the change maker's plan half is lost.
        _ratio_score(1, 1, 1, 2 / 3, 1, 1.5 / 2),
        "gethortext instead of addtext",
    ),
    "missing_save": (
        REFERENCE.replace('doc0.save("beam_updated.pdf")\n', ""),
        # No save: its path is not defined (11/12), one call fewer (7/8), and nothing is flagged saved, so
        # the change maker does not match exactly; the recorder (a record of its own, never saved, as in the
        # original) still does, and so does the repair half (1.5/2).
        _ratio_score(11 / 12, 1, 7 / 8, 1, 1, 1.5 / 2),
        "no doc.save",
    ),
    "extra_call": (
        REFERENCE.replace(
            RECORDER,
            'text_manipulator1 = PDFbf.manipulate_text(doc=doc0, pagenumber=0, clip=rectangle0, text="MORE")\n'
            "doc0 = text_manipulator1.addtext()\n" + RECORDER,
        ),
        # An extra manipulator: its defined text and transferred doc/page/clip are penalised, its calls
        # count against function calling and single tool, and the plan denominator grows to 3.
        _ratio_score(11 / 12, 1 / 4, 6 / 8, 2 / 3, 1, 2 / 3),
        "a second, unrequested addtext",
    ),
    "wrong_value": (
        REFERENCE.replace("fontsize=12", "fontsize=14"),
        # One defined argument wrong: define 11/12, and the change maker is no longer an exact match.
        _ratio_score(11 / 12, 1, 1, 1, 1, 1.5 / 2),
        "fontsize 14 instead of 12",
    ),
    "missing_recorder": (
        REFERENCE.replace(RECORDER, ""),
        # No recorder: its four defined fields (8/12), its block and call (6/8, single tool 2/3) and its
        # plan point (1/2) are lost.
        _ratio_score(8 / 12, 1, 6 / 8, 2 / 3, 1, 1 / 2),
        "the incomplete string is not recorded",
    ),
}


def golden_tasks():
    """One task per damage, all with the same reference; the instruction names the damage for the server."""
    drawing = DrawingSpec(name="beam.pdf", seed=7, pages=[PageSpec(boxes=[
        BoxSpec(content="empty"), BoxSpec(content="empty")])])
    tasks = []
    for i, name in enumerate(DAMAGED):
        base = make_task(i)
        tasks.append(base.model_copy(update={
            "id": f"golden-{name}",
            "instruction": f"[{name}] On page 1 of beam.pdf write GOOD in box 1 (Arial 12, red); "
                           "also add NOTE 5 somewhere on page 1.",
            "reference_program": REFERENCE,
            "drawings": [drawing],
        }))
    return tasks


def damaged_reply(messages: list[dict]) -> str:
    """The loopback server's responder: the damaged program the instruction's tag asks for."""
    instruction = messages[-1]["content"]
    name = instruction[1:instruction.index("]")]
    return f"Here is the program.\n```python\n{DAMAGED[name][0]}```\n"


def tool_call(name: str, **arguments) -> dict:
    """One function call as an OpenAI-compatible model sends it (arguments as a JSON string)."""
    return {"name": name, "arguments": json.dumps(arguments)}


OPEN = [tool_call("fitz__open", filepath="beam.pdf"), tool_call("PDFbf__extractanno", doc="doc0")]
CLIP = [tool_call("extractanno__getclip_rfpoint", object="annoextractor0", pagenumber=0, rectangleorder=0)]
TEXT = dict(doc="doc0", pagenumber=0, clip="rectangle0", text="GOOD", font="Arial", fontsize=12, textcolor="red")
FINISH = [
    tool_call("PDFbf__recorder", missing_information='file-level:beam.pdf,page-level:1,order-level:Missing,'
                                              'base-level:add text "NOTE 5"'),
    tool_call("recorder__recording", object="recorder0"),
    tool_call("doc__save", object="doc0", path="beam_updated.pdf"),
]
# REFERENCE as a model would make it with function calls (tool mode), turn by turn.
PERFECT = [OPEN, CLIP, [tool_call("PDFbf__manipulate_text", **TEXT),
                        tool_call("manipulate_text__addtext", object="text_manipulator0")], FINISH]
