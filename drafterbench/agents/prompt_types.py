"""The per-type part of our prompts: each type's task, its necessary details, its tools and a short example.

Tool names, argument names and formats follow the original benchmark (catalog §1–2); the wording and the
examples are ours.
"""

from __future__ import annotations

from drafterbench.tasktypes import TaskType

_ALIGN = (
    "`align` for text is one of fitz.TEXT_ALIGN_LEFT, fitz.TEXT_ALIGN_CENTER, fitz.TEXT_ALIGN_RIGHT, "
    "fitz.TEXT_ALIGN_JUSTIFY."
)
_TABLE_ALIGN = 'For tables `align` is a plain string: "left", "center", "right" or "justify".'
_TRANSFORMS = """\
Transform formats (rfpoint is the rectangle's reference point from getclip_rfpoint):
- move = [dx, dy, rfpoint]: dx > 0 moves right, dx < 0 left; dy > 0 moves UP, dy < 0 down.
- rotation = ['r', degrees, rfpoint]: positive is clockwise, negative counter-clockwise.
- scal = ['sc', [fx, fy], rfpoint]: zoom factors in x and y.
Leave out (or pass None for) the transforms the engineer does not ask for."""
_SELECT = """\
Vector classes and selection: create `selector0 = PDFbf.selector(doc=doc0, pagenumber=2, clip=rectangle0)` \
once per rectangle, then select with one of these methods (no arguments, each returns a list):
  mode1_drawings_Window_Cover_Enclosure()  mode2_drawings_Cross_Touch_Intersect()
  mode1_lines_Window_Cover_Enclosure()     mode2_lines_Cross_Touch_Intersect()
  mode1_rebars_Window_Cover_Enclosure()    mode2_rebars_Cross_Touch_Intersect()
  mode1_columns_Window_Cover_Enclosure()   mode2_columns_Cross_Touch_Intersect()
Mode 1 takes vectors entirely inside the rectangle ("covered", "enclosed", "within"); mode 2 takes vectors \
that touch or cross it ("intersected", "touching"). Use mode 2 when no mode is said. "drawings" (also \
"drawn items") means every vector; lines, rebars and columns are its sub-classes. Words such \
as "some items" or "certain things" name no class: that group's class is missing. Lists of several selections are joined with `+`. \
`selector0.selected_lines` is every vector of the rectangle."""


def _section(title: str, body: str) -> str:
    return f"Task type: {title}\n{body.strip()}\n"


TYPE_SECTIONS: dict[TaskType, str] = {
    TaskType.ADD_TEXT: _section("add text", f"""
Write new text into marked rectangles. Each text string is one revision.
Necessary: file, page, rectangle, and the text itself. Format values the instruction does not mention are \
left out.
Tools:
- text_manipulator = PDFbf.manipulate_text(doc=, pagenumber=, clip=, text=, font=, fontsize=, textcolor=, \
rotate=, align=); necessary: doc, pagenumber, clip, text. font is a font name ("Arial", "helv", \
"Times-Roman"...), fontsize an int, textcolor a colour name ("red"), rotate an int angle in degrees.
- doc0 = text_manipulator.addtext()
{_ALIGN}
Example (page 1, box 2 of beam.pdf, red 12-pt "SEE NOTE 4"):
```python
import fitz
import PDFbf
doc0 = fitz.open("beam.pdf")
annoextractor0 = PDFbf.extractanno(doc=doc0)
rectangle0, rfpoint0 = annoextractor0.getclip_rfpoint(pagenumber=0, rectangleorder=1)
argument0 = dict(clip=rectangle0, text="SEE NOTE 4", fontsize=12, textcolor="red")
text_manipulator0 = PDFbf.manipulate_text(doc=doc0, pagenumber=0, clip=argument0.get("clip"), \
text=argument0.get("text"), fontsize=argument0.get("fontsize"), textcolor=argument0.get("textcolor"))
doc0 = text_manipulator0.addtext()
doc0.save("beam_updated.pdf")
```"""),
    TaskType.ADD_TABLE: _section("add table", f"""
Put a new table into a marked rectangle. Each table (one rectangle) is one revision.
Necessary: file, page, rectangle, and the table content.
Tools:
- table_manipulator = PDFbf.manipulate_table(doc=, pagenumber=, clip=, data=, arrange=, font=, fontsize=); \
necessary: doc, pagenumber, clip, data.
- doc0 = table_manipulator.addtable()
data is a list of rows, each a list of cell strings: [["Mark", "Size"], ["B1", "300x600"]].
arrange is [[row heights], [column widths]]; use None for the part not given: [None, [50, 50]]. One value \
for the whole table is repeated for every row or column ("column width 50" on 3 columns -> [None, [50, 50, 50]]).
{_TABLE_ALIGN}
Example: `table_manipulator0 = PDFbf.manipulate_table(doc=doc0, pagenumber=3, clip=rectangle0, \
data=[["Mark", "Size"], ["B1", "300x600"]], arrange=[[20, 20], None], fontsize=10)` then \
`doc0 = table_manipulator0.addtable()`."""),
    TaskType.ADD_VECTOR: _section("add vector", """
The drafter sketched temporary strokes in a marker colour; redraw a class of them as standard strokes. \
Adding one class in one colour is one revision. There is NO rectangle in this type: the order-level is the \
marker colour (record `order-level: missing` when no colour is named).
Necessary: file, page, marker colour, and the vector class: lines, rebars, columns, rebars and columns, or \
drawings (also "drawn items": every stroke of the colour). A request that speaks only of \
"the markups" or "the sketch" names no \
class: the class is missing.
Unlike the other types, the annotation extractor here is made per page and colour (not once per file).
Tools:
- annoextractor = PDFbf.extractanno(doc=, pagenumber=, annocolor=) then `red_0_drawings = annoextractor.anno()` \
(all strokes of that colour on that page).
- For a sub-class: `selector = PDFbf.select_from_drawings(doc=, pagenumber=, cdrawings=red_0_drawings)` then \
`red_0_rebars = selector.mode2_rebars_Cross_Touch_Intersect()` (also mode2_lines_..., mode2_columns_..., \
mode2_drawings_..., and get_rebar_column() for "rebars and columns").
- vector_manipulator = PDFbf.manipulate_draw(doc=, pagenumber=, sel_drawings=, drwcolor=, width=); \
necessary: doc, pagenumber, sel_drawings. drwcolor is a colour name, width an int.
- doc0 = vector_manipulator.add_standrawing()
Example for blue rebars on page 3 of beam.pdf, stroke width 2:
```python
doc0 = fitz.open("beam.pdf")
annoextractor0 = PDFbf.extractanno(doc=doc0, pagenumber=2, annocolor="blue")
blue_drawings = annoextractor0.anno()
selector0 = PDFbf.select_from_drawings(doc=doc0, pagenumber=2, cdrawings=blue_drawings)
blue_rebars = selector0.mode2_rebars_Cross_Touch_Intersect()
vector_manipulator0 = PDFbf.manipulate_draw(doc=doc0, pagenumber=2, sel_drawings=blue_rebars, width=2)
doc0 = vector_manipulator0.add_standrawing()
doc0.save("beam_updated.pdf")
```"""),
    TaskType.DELETE_VECTOR: _section("delete vector", f"""
Delete vectors inside marked rectangles. Everything deleted at one rectangle (with its repair) is one \
revision.
Necessary: file, page, rectangle, and the class(es) to delete ("everything" is allowed). A bare "delete \
here" with no class is recorded with `base-level: delete(incomplete)`.
{_SELECT}
Tools:
- drawing_manipulator = PDFbf.draw_drawer(doc=, pagenumber=, listofcdraw=<selected list>); \
doc0 = drawing_manipulator.delete_draw()
- For "everything": cleaner = PDFbf.delete(doc=, pagenumber=, clip=); doc0 = cleaner.applydelete()
- Only when a repair is asked for: repairer = PDFbf.repairer(doc=, pagenumber=, clip=, \
cdrawings=selector0.selected_lines, sel_drawings=<the total selected list, or None after the cleaner>); \
doc0 = repairer.del_repair()
Example: `sel0 = selector0.mode1_rebars_Window_Cover_Enclosure() + selector0.mode2_lines_Cross_Touch_Intersect()` \
then `drawing_manipulator0 = PDFbf.draw_drawer(doc=doc0, pagenumber=0, listofcdraw=sel0)`."""),
    TaskType.MAP_TABLE: _section("map table", f"""
Move, rotate and/or scale the table inside a marked rectangle. One rectangle with all its transforms is \
one revision.
Necessary: file, page, rectangle, and for each transform its direction (which way to move, which way to \
turn, bigger or smaller). A transform asked for without a direction ("rotate it", "move it") makes the whole \
revision incomplete: record it, with the transforms as asked, and perform none of them. A vague amount ("a \
bit to the left") is not missing: choose a value.
Tools:
- projector = PDFbf.Projector(doc=, pagenumber=, clip=, move=, rotation=, scal=); doc0 = projector.project()
{_TRANSFORMS}
Example: move 10 left and 5 down, turn 30 degrees counter-clockwise: \
`projector0 = PDFbf.Projector(doc=doc0, pagenumber=1, clip=rectangle0, move=[-10, -5, rfpoint0], \
rotation=['r', -30, rfpoint0])`."""),
    TaskType.MAP_TEXT: _section("map text", f"""
Move, rotate and/or scale the text inside a marked rectangle. One rectangle with all its transforms is \
one revision.
Necessary: file, page, rectangle, and for each transform its direction (which way to move, which way to \
turn, bigger or smaller). A transform asked for without a direction ("rotate it", "resize it") makes the \
whole revision incomplete: record it, with the transforms as asked, and perform none of them. A vague amount \
("a bit larger") is not missing: choose a value.
Tools:
- projector = PDFbf.Projector(doc=, pagenumber=, clip=, move=, rotation=, scal=); doc0 = projector.project()
{_TRANSFORMS}
Example: double the size: `projector0 = PDFbf.Projector(doc=doc0, pagenumber=0, clip=rectangle0, \
scal=['sc', [2, 2], rfpoint0])`."""),
    TaskType.MAP_VECTOR: _section("map vector", f"""
Move, rotate and/or scale selected vectors inside a marked rectangle. Everything asked for one rectangle \
(every class with its transforms) is one revision.
Necessary: file, page, rectangle, the vector class of each group, and for each transform its direction. A \
group without a class, or a transform without a direction ("rotate them"), makes the whole revision \
incomplete: record it and perform none of it. A vague amount is not missing: choose a value.
{_SELECT}
Tools:
- vector_projector = PDFbf.project_draw(doc=, pagenumber=, clip=, sel_drawings=<selected list>, \
cdrawings=selector0.selected_lines, move=, rotation=, scal=); doc0 = vector_projector.project()
{_TRANSFORMS}"""),
    TaskType.REFRESH_TABLE: _section("refresh table", f"""
Change the format of the table inside a marked rectangle: arrange, font, font size, alignment, border width. \
One rectangle is one revision.
Necessary: file, page, rectangle, and at least one format attribute (a vague value is not missing: choose \
one). "Update the table in box 6" with no attribute is recorded with `base-level: missing`.
Tools:
- table_extractor = PDFbf.extract_table(doc=, pagenumber=, clip=); table_data0 = table_extractor.data
- table_manipulator = PDFbf.manipulate_table(doc=, pagenumber=, clip=, data=table_data0, arrange=, font=, \
fontsize=, borderwidth=, align=); doc0 = table_manipulator.addtable()
arrange is [[row heights], [column widths]] with None for the part not given; one size for every column \
is `[None, [66]]` (the table's column count need not be known). borderwidth is an int.
{_TABLE_ALIGN}"""),
    TaskType.REFRESH_TEXT: _section("refresh text", f"""
Change the format of existing text inside a marked rectangle: font, font size, alignment, text colour. \
One rectangle is one revision.
Necessary: file, page, rectangle, and at least one attribute (a vague value is not missing: choose one). "Update the text in \
box 6" with no attribute is recorded with `base-level: missing`.
Tools:
- text_manipulator = PDFbf.manipulate_text(doc=, pagenumber=, clip=, font=, fontsize=, textcolor=, rotate=, \
align=); rotate gives the orientation of the existing text: leave it out for horizontal text, 90 when the \
engineer says the text is vertical.
- Read the text back: `text_manipulator0.text = text_manipulator0.gethortext()` (horizontal) or \
`text_manipulator0.text = text_manipulator0.getvertext()` (vertical, with rotate=90).
- doc0 = text_manipulator0.addtext()
{_ALIGN}"""),
    TaskType.REFRESH_VECTOR: _section("refresh vector", f"""
Change the format of selected vectors inside a marked rectangle. Everything asked for one rectangle is one \
revision.
Necessary: file, page, rectangle, the vector class of each group, and at least one attribute (a vague value \
is not missing: choose one).
{_SELECT}
Tools:
- vector_manipulator = PDFbf.manipulate_draw(doc=, pagenumber=, sel_drawings=<selected list>, fillcolor=, \
drwcolor=, dashes=, closePath=, lineJoin=, lineCap=, width=); doc0 = vector_manipulator.update_draw()
Formats: fillcolor, drwcolor: colour names. dashes: a string "[dash gap]phase" with spaces, e.g. \
"[3 3]0" for a dashed line with no numbers given, "[0 0]0" for solid. closePath: True/False. lineJoin: \
0 sharp, 1 rounded, 2 cut-off. lineCap: 0 sharp ends, 1 semi-circle ends, 2 semi-square ends. width: an int."""),
    TaskType.REVISE_TABLE: _section("revise table", f"""
Edit the content of the table inside a marked rectangle: delete rows/columns, clear cells, replace cells. \
Font, font size, alignment and border width may be set as well. \
Everything asked for one rectangle is one revision.
Necessary: file, page, rectangle, and each operation's necessary details (replacing needs the new data).
Tools:
- table_extractor = PDFbf.extract_table(doc=, pagenumber=, clip=); table_data0 = table_extractor.data
- table_manipulator0 = PDFbf.manipulate_table(doc=, pagenumber=, clip=, data=table_data0, font=, fontsize=, \
borderwidth=, align=)
- then, in the order asked, each as `table_manipulator0.data = table_manipulator0.<op>(...)`:
  cuttable(delrow=[...], delcolumn=[...]) deletes rows/columns (no arguments: the whole table);
  emptytable(startcell=[r, c], endcell=[r, c]) clears cells (startcell alone: one cell; no arguments: all);
  modifytable(repdata=[[...], ...], startcell=[r, c], endcell=[r, c]) replaces cells (repdata alone: the \
whole table).
  Row, column and cell numbers here are 1-based, as the engineer says them; ["all", 3] is all of column 3, \
[7, "all"] all of row 7.
- finally, once: doc0 = table_manipulator0.addtable()
{_TABLE_ALIGN}"""),
    TaskType.REVISE_TEXT: _section("revise text", f"""
Edit the content of existing text inside a marked rectangle: delete words or replace text. Font, font size, \
alignment, text colour may be set as well. Everything asked for one rectangle is one revision.
Necessary: file, page, rectangle, and the operation's necessary details (replacing needs the new text).
Tools:
- text_manipulator0 = PDFbf.manipulate_text(doc=, pagenumber=, clip=, font=, fontsize=, textcolor=, \
rotate=, align=); rotate is the orientation of the existing text: left out when horizontal, 90 when the \
engineer says it is vertical.
- read it: `text_manipulator0.text = text_manipulator0.gethortext()` (or `.getvertext()` when vertical)
- then, in order: `text_manipulator0.text = text_manipulator0.deletetext(deltex="word")` (no argument \
deletes all; delete several words with several calls), or \
`text_manipulator0.text = text_manipulator0.replacetext(retext="old", totext="new")` (no retext: replace all).
- finally, once: doc0 = text_manipulator0.addtext()
{_ALIGN}"""),
}
