"""Our tool-mode prompts: the code-mode conventions restated for function calls, and each type's functions.

The per-type task description and its necessary details are the code-mode prompt's own (everything of a type
section before its code), so both modes teach the same conventions; what is specific to writing a program
(the accepted Python, the fenced block, code examples) is left out, and the function calls, object ids and
argument formats of tool mode take its place. The functions listed per type come from the registry.
"""

from __future__ import annotations

from drafterbench.agents.base import TaskPrompt
from drafterbench.agents.policy import policy_text
from drafterbench.agents.prompt_types import TYPE_SECTIONS
from drafterbench.backends.base import Message
from drafterbench.tasktypes import TaskType

POLICY = policy_text()

COMMON = """\
You are a drafting assistant for civil engineers. Engineers mark up PDF drawings and tell you in words \
what to revise. You perform the revisions by calling the drawing functions you are given, one call at a \
time, in order. When every revision is done (or recorded, see below), answer with a short message and no \
function call.

Objects and ids
- Every object a function returns gets an id, reported in the function's result: fitz__open returns a \
document id "doc0", PDFbf__extractanno an extractor "annoextractor0", extractanno__getclip_rfpoint the pair \
["rectangle0", "rfpoint0"], selection methods "selection0", ... Pass these ids wherever an argument takes \
an object: "doc": "doc0", "clip": "rectangle0", "move": [10, 0, "rfpoint0"], "listofcdraw": \
["selection0", "selection1"] (a list of selections is joined).
- A method takes the id of its object as "object": manipulate_text__addtext {"object": "text_manipulator0"}.
- An attribute of an object is "<id>.<attribute>": "table_extractor0.data" is the table an extractor read, \
"selector0.selected_lines" every line of a selector's rectangle.
- Reads and edits of a manipulator's working value (gethortext, getvertext, deletetext, replacetext, \
cuttable, emptytable, modifytable) set that value themselves: call them in order, then addtext / addtable.
- If a result says "invalid" or "error", read why and call again correctly.

Files, pages, rectangles
- Open each file once (fitz__open {"filepath": "beam.pdf"}). When all revisions of a file are done, save it \
once under the name with `_updated` before `.pdf`: doc__save {"object": "doc0", "path": "beam_updated.pdf"}.
- Page numbers and rectangle orders are 0-based: the engineer's "page 3" is pagenumber 2, "the first \
rectangle" / "box 1" is rectangleorder 0, "the fifth box" is rectangleorder 4.
- Unless the type says otherwise, find a marked rectangle with one annotation extractor per file \
(PDFbf__extractanno {"doc": "doc0"}) and one extractanno__getclip_rfpoint call per rectangle \
({"object": "annoextractor0", "pagenumber": 2, "rectangleorder": 4}). The rectangle is the region to work in \
(clip); the rfpoint is its reference point for moves, rotations and scaling. Never repeat these steps for \
the same file or rectangle, even when several revisions touch it.

{POLICY}In tool mode the recorder is PDFbf__recorder {"missing_information": "..."} followed by \
recorder__recording {"object": "recorder0"}.
""".replace("{POLICY}", POLICY)

_SELECT = """\
Selection: one PDFbf__selector per rectangle, then its methods (object: the selector id) such as \
selector__mode1_rebars_Window_Cover_Enclosure: mode 1 takes vectors entirely inside the rectangle \
("covered", "enclosed", "within"), mode 2 vectors that touch or cross it ("intersected", "touching"); use \
mode 2 when no mode is said. "drawings" (also "drawn items") means every vector; lines, \
rebars and columns are its sub-classes. Words such as "some items" or "certain things" name no class: that \
group's class is missing. \
Pass several selections as a list of their ids."""
_TRANSFORMS = """\
Transforms: move = [dx, dy, "rfpoint0"] (dx > 0 right, dy > 0 UP); rotation = ["r", degrees, "rfpoint0"] \
(positive clockwise, negative counter-clockwise); scal = ["sc", [fx, fy], "rfpoint0"]. Leave out \
the transforms the engineer does not ask for."""
_REPAIR = ('PDFbf__delete erases everything in a rectangle ("everything"). Only when a repair is asked for: '
           'PDFbf__repairer with cdrawings "selector0.selected_lines" and sel_drawings the deleted selections '
           '(left out after delete__applydelete), then repairer__del_repair.')
_PROJECT = 'PDFbf__project_draw takes sel_drawings (the selections) and cdrawings "selector0.selected_lines".'
_TEXT = "Text align is 0 left, 1 center, 2 right, 3 justify; rotate 90 marks vertical existing text."
_TABLE = ('Table data is a list of rows of cell strings; arrange is [[row heights], [column widths]] with '
          'null for the part not given; table align is "left", "center", "right" or "justify"; row, column '
          'and cell numbers of cuttable / emptytable / modifytable are 1-based, ["all", 3] is column 3.')

_NOTES: dict[TaskType, tuple[str, ...]] = {
    TaskType.ADD_TEXT: (_TEXT,),
    TaskType.REFRESH_TEXT: (_TEXT,),
    TaskType.REVISE_TEXT: (_TEXT,),
    TaskType.ADD_TABLE: (_TABLE,),
    TaskType.REFRESH_TABLE: (_TABLE,),
    TaskType.REVISE_TABLE: (_TABLE,),
    TaskType.DELETE_VECTOR: (_SELECT, _REPAIR),
    TaskType.REFRESH_VECTOR: (_SELECT,),
    TaskType.MAP_VECTOR: (_SELECT, _PROJECT, _TRANSFORMS),
    TaskType.MAP_TABLE: (_TRANSFORMS,),
    TaskType.MAP_TEXT: (_TRANSFORMS,),
    TaskType.ADD_VECTOR: (),
}


def _task_part(task_type: TaskType) -> str:
    """The code-mode type section up to its tools and code: the task and its necessary details."""
    section = TYPE_SECTIONS[task_type].split("Tools:")[0]
    return section.split("Vector classes and selection")[0].rstrip() + "\n"


def _functions(task_type: TaskType) -> str:
    from drafterbench.tools.registry import TOOLS

    names = [spec.name.replace(".", "__") for spec in TOOLS if task_type in spec.task_types]
    return "Functions for this type: " + ", ".join(names) + "."


def tool_system_prompt(task_type: TaskType) -> str:
    """The full tool-mode system prompt for one task type."""
    parts = [COMMON, _task_part(task_type), _functions(task_type), *_NOTES[task_type]]
    return "\n".join(parts) + "\n"


def tool_messages(prompt: TaskPrompt) -> list[Message]:
    """The opening chat of a tool-mode task: our tool-mode system prompt, then the engineer's instruction."""
    return [
        Message(role="system", content=tool_system_prompt(prompt.type)),
        Message(role="user", content=prompt.instruction),
    ]
