"""The typed signatures of the 46 tools: one pydantic model of arguments per tool (catalog §3.1).

Fields are in the original's argument order, so positional calls bind as they did there. A required field is
an *essential* argument, a field with a default an *optional* one. Each field's ``Annotated`` metadata may carry
a :class:`Rec` that says how the argument is recorded (its name in the information matrix, whether the metric
counts it as defined or transferred, whether it may be given vaguely) — catalog §7.1's per-class table.
The value types and their validity rules are in :mod:`drafterbench.tools.values`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Optional

from pydantic import BaseModel, ConfigDict, Field, create_model

from drafterbench.tools.trace import ArgRole
from drafterbench.tools.values import (
    Angle,
    Arrange,
    Cell,
    Clip,
    ClosePath,
    Colour,
    Dashes,
    DelText,
    DocRef,
    Font,
    FontSize,
    IndexList,
    JoinCap,
    Move,
    Order,
    Page,
    PdfPath,
    RepData,
    Rotation,
    Scale,
    Selection,
    Str,
    TableAlign,
    TableRows,
    Text,
    TextAlign,
    Width,
)


@dataclass(frozen=True)
class Rec:
    """How an argument is recorded (defaults: under its keyword, as defined, not vague, in the block)."""

    name: str | None = None
    role: ArgRole = ArgRole.DEFINED
    vague: bool = False
    in_block: bool = True  # False: validated at construction but recorded on a later call (extractanno)
    necessary: bool | None = None  # overrides "required field": the original declares it necessary anyway


class ToolArgs(BaseModel):
    """Base of the argument models (used for schemas; values are validated one field at a time)."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)


_T = ArgRole.TRANSFERRED
T = Rec(role=_T)
PAGE_T = Rec("page", _T)
V = Rec(vague=True)

_DOC = "the document returned by fitz.open(path)"
_PAGE = "0-based page number (page one is 0)"
_CLIP = "the rectangle returned by extractanno.getclip_rfpoint(...)"
_SEL = "a selection list returned by a selection method; several may be joined with +"
_COL = "a colour name, e.g. 'red'"
_MOVE = "[dx, dy, rfpoint]: dx positive to the right, dy positive up; rfpoint from getclip_rfpoint"
_ROT = "['r', degrees, rfpoint]: positive is clockwise"
_SCAL = "['sc', [fx, fy], rfpoint]: zoom factors in x and y"


# ---------------------------------------------------------------------------------------- fitz / doc


class OpenArgs(ToolArgs):
    filepath: PdfPath = Field(description="path of the PDF drawing to open, ending in '.pdf'")


class SaveArgs(ToolArgs):
    path: PdfPath = Field(
        description="where to save the revised PDF; by convention filepath[:-4] + '_updated.pdf'"
    )


# -------------------------------------------------------------------------------------- constructors


class ExtractAnnoArgs(ToolArgs):
    doc: Annotated[DocRef, T] = Field(description=_DOC)
    pagenumber: Annotated[Optional[Page], Rec("page", in_block=False)] = Field(
        None, description="colour mode only (add_vector): 0-based page of the coloured markups"
    )
    annocolor: Annotated[Optional[Colour], Rec("order", in_block=False)] = Field(
        None, description="colour mode only (add_vector): colour of the hand-drawn markups to extract"
    )


class SelectorArgs(ToolArgs):
    doc: Annotated[DocRef, T] = Field(description=_DOC)
    pagenumber: Annotated[Page, PAGE_T] = Field(description=_PAGE)
    clip: Annotated[Clip, T] = Field(description=_CLIP)


class SelectFromDrawingsArgs(ToolArgs):
    doc: Annotated[DocRef, T] = Field(description=_DOC)
    pagenumber: Annotated[Page, PAGE_T] = Field(description=_PAGE)
    cdrawings: Annotated[Selection, T] = Field(
        description="the parent 'drawings' list returned by extractanno.anno()"
    )


class ManipulateTextArgs(ToolArgs):
    doc: Annotated[DocRef, T] = Field(description=_DOC)
    pagenumber: Annotated[Page, PAGE_T] = Field(description=_PAGE)
    clip: Annotated[Clip, T] = Field(description=_CLIP)
    text: Annotated[Optional[Text], Rec(necessary=True)] = Field(
        None, description="the text to write (add_text); refresh/revise set .text from gethortext()"
    )
    font: Annotated[Optional[Font], V] = Field(None, description="font name from the font list, e.g. 'helv'")
    fontsize: Annotated[Optional[FontSize], V] = Field(None, description="font size, an int")
    textcolor: Annotated[Optional[Colour], V] = Field(None, description="text colour: " + _COL)
    rotate: Annotated[Optional[Angle], V] = Field(
        None,
        description="rotation in degrees (add_text), or the orientation of existing text: 0 horizontal, 90 vertical",
    )
    align: Annotated[Optional[TextAlign], V] = Field(
        None, description="fitz.TEXT_ALIGN_LEFT / CENTER / RIGHT / JUSTIFY (0, 1, 2, 3)"
    )
    fill: Annotated[Optional[Colour], V] = Field(
        None, description="text fill colour (accepted as in the original)"
    )


class ExtractTableArgs(ToolArgs):
    doc: Annotated[DocRef, T] = Field(description=_DOC)
    pagenumber: Annotated[Page, PAGE_T] = Field(description=_PAGE)
    clip: Annotated[Clip, T] = Field(description=_CLIP)


class ManipulateTableArgs(ToolArgs):
    doc: Annotated[DocRef, T] = Field(description=_DOC)
    pagenumber: Annotated[Page, PAGE_T] = Field(description=_PAGE)
    clip: Annotated[Clip, T] = Field(description=_CLIP)
    # data's role follows its provenance: transferred from extract_table(...).data, defined when written out.
    data: TableRows = Field(
        description="the table: a list of rows [[cells], ...], or extract_table(...).data"
    )
    arrange: Optional[Arrange] = Field(None, description="[[row heights] or None, [column widths] or None]")
    font: Annotated[Optional[Font], V] = Field(None, description="font name from the font list")
    fontsize: Annotated[Optional[FontSize], Rec("font_size", vague=True)] = Field(
        None, description="font size, an int"
    )
    borderwidth: Annotated[Optional[Width], Rec("border_width", vague=True)] = Field(
        None, description="border line width"
    )
    align: Annotated[Optional[TableAlign], V] = Field(
        None, description="cell alignment: the string 'center', 'left', 'right' or 'justify'"
    )


class DrawDrawerArgs(ToolArgs):
    doc: Annotated[DocRef, T] = Field(description=_DOC)
    pagenumber: Annotated[Page, PAGE_T] = Field(description=_PAGE)
    listofcdraw: Annotated[Selection, Rec("listofdraw", _T)] = Field(
        description="the vectors to delete: " + _SEL
    )


class DeleteArgs(ToolArgs):
    doc: Annotated[DocRef, T] = Field(description=_DOC)
    pagenumber: Annotated[Page, PAGE_T] = Field(description=_PAGE)
    clip: Annotated[Clip, T] = Field(description=_CLIP + "; everything inside is erased")


class RepairerArgs(ToolArgs):
    doc: Annotated[DocRef, T] = Field(description=_DOC)
    pagenumber: Annotated[Page, PAGE_T] = Field(description=_PAGE)
    clip: Annotated[Clip, T] = Field(description=_CLIP)
    cdrawings: Annotated[Selection, T] = Field(description="selector.selected_lines of the same rectangle")
    sel_drawings: Annotated[Optional[Selection], T] = Field(
        None,
        description="all vectors deleted in this rectangle (joined selections); None after delete.applydelete()",
    )


class ManipulateDrawArgs(ToolArgs):
    doc: Annotated[DocRef, T] = Field(description=_DOC)
    pagenumber: Annotated[Page, PAGE_T] = Field(description=_PAGE)
    sel_drawings: Annotated[Selection, T] = Field(
        description="the vectors to restyle or standardise: " + _SEL
    )
    fillcolor: Annotated[Optional[Colour], V] = Field(None, description="fill colour: " + _COL)
    drwcolor: Annotated[Optional[Colour], V] = Field(None, description="stroke colour: " + _COL)
    dashes: Annotated[Optional[Dashes], V] = Field(
        None, description='dash pattern "[n m] p" (whitespace-separated): "[3 3]0" dashed, "[0 0]0" solid'
    )
    closePath: Annotated[Optional[ClosePath], V] = Field(None, description="close the path: True or False")
    lineJoin: Annotated[Optional[JoinCap], V] = Field(
        None, description="line join: 0 sharp, 1 rounded, 2 cut-off"
    )
    lineCap: Annotated[Optional[JoinCap], V] = Field(
        None, description="line cap: 0 sharp, 1 semi-circle, 2 semi-square ends"
    )
    width: Annotated[Optional[Width], V] = Field(None, description="stroke width")


class ProjectorArgs(ToolArgs):
    doc: Annotated[DocRef, T] = Field(description=_DOC)
    pagenumber: Annotated[Page, PAGE_T] = Field(description=_PAGE)
    clip: Annotated[Clip, T] = Field(description=_CLIP)
    move: Annotated[Optional[Move], V] = Field(None, description=_MOVE)
    rotation: Annotated[Optional[Rotation], V] = Field(None, description=_ROT)
    scal: Annotated[Optional[Scale], V] = Field(None, description=_SCAL)


class ProjectDrawArgs(ToolArgs):
    doc: Annotated[DocRef, T] = Field(description=_DOC)
    pagenumber: Annotated[Page, PAGE_T] = Field(description=_PAGE)
    clip: Annotated[Clip, T] = Field(description=_CLIP)
    sel_drawings: Annotated[Selection, T] = Field(description="the vectors to transform: " + _SEL)
    cdrawings: Annotated[Selection, T] = Field(description="selector.selected_lines of the same rectangle")
    move: Annotated[Optional[Move], V] = Field(None, description=_MOVE)
    rotation: Annotated[Optional[Rotation], V] = Field(None, description=_ROT)
    scal: Annotated[Optional[Scale], V] = Field(None, description=_SCAL)


class RecorderArgs(ToolArgs):
    missing_information: Str = Field(
        description="'file-level: <path or missing>, page-level: <n or missing>, order-level: <n, colour or "
        "missing>, base-level: <instruction fragment, missing, or fragment(incomplete)>'"
    )


# ------------------------------------------------------------------------------------------- methods


class GetClipArgs(ToolArgs):
    pagenumber: Annotated[Page, Rec("page")] = Field(description=_PAGE)
    rectangleorder: Annotated[Order, Rec("order")] = Field(
        description="0-based order of the rectangle markup on the page (reading order)"
    )


class DeleteTextArgs(ToolArgs):
    deltex: Optional[DelText] = Field(None, description="the text to delete; nothing deletes all of it")


class ReplaceTextArgs(ToolArgs):
    retext: Optional[Str] = Field(None, description="the text to replace; nothing replaces all of it")
    totext: Str = Field(description="the new text")


class CutTableArgs(ToolArgs):
    delrow: Optional[IndexList] = Field(None, description="1-based rows to delete, e.g. [3, 4]")
    delcolumn: Optional[IndexList] = Field(
        None, description="1-based columns to delete; nothing given deletes the table"
    )


_START = '[row, column], 1-based; ["all", c] is column c, [r, "all"] is row r; alone it means one cell'


class EmptyTableArgs(ToolArgs):
    startcell: Annotated[Optional[Cell], Rec("start_cell")] = Field(
        None, description="first cell to clear: " + _START
    )
    endcell: Annotated[Optional[Cell], Rec("end_cell")] = Field(
        None, description="last cell to clear (inclusive); nothing given clears the whole table"
    )


class ModifyTableArgs(ToolArgs):
    repdata: Annotated[RepData, Rec("rep_data")] = Field(description="the new cells: a list of rows")
    startcell: Annotated[Optional[Cell], Rec("start_cell")] = Field(
        None, description="first cell replaced: " + _START
    )
    endcell: Annotated[Optional[Cell], Rec("end_cell")] = Field(
        None, description="last cell replaced (inclusive); with only repdata the whole table is replaced"
    )


def no_args(name: str, doc: str) -> type[ToolArgs]:
    """An argument model for a method that takes no arguments."""
    model = create_model(name, __base__=ToolArgs)
    model.__doc__ = doc
    return model
