"""The tool classes that change a drawing (the change makers and the repairer of catalog §7.1).

manipulate_text, manipulate_table, draw_drawer, delete, repairer, manipulate_draw, Projector, project_draw.
Each change method records a call and, when a drawing is attached and every argument is valid, applies the
effect; it returns the document, as the original's methods do (``doc = manipulator.addtext()``).
"""

from __future__ import annotations

from typing import Any

from drafterbench.tools import bridge, tabledata, textops
from drafterbench.tools.classes import ToolInstance
from drafterbench.tools.handles import TableData, TextValue
from drafterbench.tools.recording import record_argument
from drafterbench.tools.registry import BY_NAME, CONSTRUCTORS


class _Settable(ToolInstance):
    """A manipulator whose working value (``text`` / ``data``) a program reads and assigns."""

    _field: str = ""

    def _get(self) -> Any:
        return self._values.get(self._field)

    def _set(self, value: Any) -> None:
        # Assigning updates the recorded constructor argument, as in the original (e.g. .text = gethortext()).
        self._values[self._field] = value
        spec_arg = next(a for a in BY_NAME[f"PDFbf.{self.cls_name}"].args if a.name == self._field)
        new = record_argument(spec_arg, self._values)
        args = self._block.arguments
        for i, arg in enumerate(args):
            if arg.name == new.name:
                args[i] = new
                return
        args.append(new)  # pragma: no cover - every settable field is a block argument


class ManipulateText(_Settable):
    """``PDFbf.manipulate_text(doc, pagenumber, clip, text, font, fontsize, textcolor, rotate, align)``."""

    cls_name = "manipulate_text"
    _field = "text"

    text = property(
        _Settable._get, _Settable._set, doc="The working text (assign the result of a read or edit)."
    )

    def _read(self, method: str, vertical: bool, args: tuple, kwargs: dict) -> TextValue:
        call, _ = self._call(method, args, kwargs)
        content = self._effect(call, lambda p: _read_text(p, self._rect(), vertical), change=False)
        return TextValue(vertical, content)

    def gethortext(self, *args: Any, **kwargs: Any) -> TextValue:
        """The horizontal text in the rectangle."""
        return self._read("gethortext", False, args, kwargs)

    gethorrtext = gethortext

    def getvertext(self, *args: Any, **kwargs: Any) -> TextValue:
        """The vertical text in the rectangle."""
        return self._read("getvertext", True, args, kwargs)

    def _edit(self, method: str, args: tuple, kwargs: dict, fn: Any) -> Any:
        call, values = self._call(method, args, kwargs)
        current = self._get()
        if not all(a.valid for a in call.arguments):
            return current
        if isinstance(current, TextValue):
            return current.with_content(None if current.content is None else fn(current.content, values))
        if isinstance(current, str):
            return fn(current, values)
        return current

    def deletetext(self, *args: Any, **kwargs: Any) -> Any:
        """``.text`` without ``deltex`` (all of it without an argument)."""
        return self._edit("deletetext", args, kwargs, lambda t, v: textops.delete_text(t, v.get("deltex")))

    def replacetext(self, *args: Any, **kwargs: Any) -> Any:
        """``.text`` with ``retext`` replaced by ``totext`` (all of it without ``retext``)."""
        return self._edit(
            "replacetext", args, kwargs, lambda t, v: textops.replace_text(t, v.get("retext"), v["totext"])
        )

    def addtext(self, *args: Any, **kwargs: Any) -> Any:
        """Write ``.text`` into the rectangle (text read from it is covered first)."""
        call, _ = self._call("addtext", args, kwargs)
        v = self._values

        def write(page: Any) -> None:
            bridge.fx("write_text")(
                page, self._rect(), bridge.text_content(v.get("text")),
                font=v.get("font"), fontsize=v.get("fontsize"), color=v.get("textcolor") or v.get("fill"),
                rotate=v.get("rotate"), align=bridge.align_number(v.get("align")),
                erase_first=isinstance(v.get("text"), TextValue),
            )  # fmt: skip

        self._effect(call, write)
        return self._doc


def _read_text(page: Any, clip: Any, vertical: bool) -> str:
    return bridge.fx("read_text")(page, clip, vertical)


class ManipulateTable(_Settable):
    """``PDFbf.manipulate_table(doc, pagenumber, clip, data, arrange, font, fontsize, borderwidth, align)``."""

    cls_name = "manipulate_table"
    _field = "data"

    data = property(_Settable._get, _Settable._set, doc="The working rows (assign the result of an edit).")

    def _edit(self, method: str, args: tuple, kwargs: dict, fn: Any) -> Any:
        call, values = self._call(method, args, kwargs)
        current = self._get()
        if not all(a.valid for a in call.arguments):
            return current
        if isinstance(current, TableData):
            return current.with_rows(None if current.rows is None else fn(current.rows, values))
        if isinstance(current, (list, tuple)) and self._block.argument("data").valid:
            return fn([list(r) for r in current], values)
        return current

    def cuttable(self, *args: Any, **kwargs: Any) -> Any:
        """``.data`` without the given rows/columns (1-based); nothing given deletes the table."""
        return self._edit(
            "cuttable", args, kwargs, lambda d, v: tabledata.cut_table(d, v.get("delrow"), v.get("delcolumn"))
        )

    def emptytable(self, *args: Any, **kwargs: Any) -> Any:
        """``.data`` with the cells from startcell to endcell cleared."""
        return self._edit(
            "emptytable", args, kwargs,
            lambda d, v: tabledata.empty_table(d, v.get("startcell"), v.get("endcell")),
        )  # fmt: skip

    def modifytable(self, *args: Any, **kwargs: Any) -> Any:
        """``.data`` with the cells from startcell to endcell replaced by repdata."""
        return self._edit(
            "modifytable", args, kwargs,
            lambda d, v: tabledata.modify_table(d, v["repdata"], v.get("startcell"), v.get("endcell")),
        )  # fmt: skip

    def addtable(self, *args: Any, **kwargs: Any) -> Any:
        """Draw ``.data`` as a table in the rectangle (an extracted table is replaced)."""
        call, _ = self._call("addtable", args, kwargs)
        v = self._values

        def draw(page: Any) -> None:
            bridge.fx("draw_table")(
                page, self._rect(), bridge.table_rows(v.get("data")), arrange=v.get("arrange"),
                font=v.get("font"), fontsize=v.get("fontsize"), borderwidth=v.get("borderwidth"),
                align=v.get("align"), erase_first=isinstance(v.get("data"), TableData),
            )  # fmt: skip

        self._effect(call, draw)
        return self._doc


class DrawDrawer(ToolInstance):
    """``PDFbf.draw_drawer(doc, pagenumber, listofcdraw)``."""

    cls_name = "draw_drawer"

    def delete_draw(self, *args: Any, **kwargs: Any) -> Any:
        """Delete the listed vectors."""
        call, _ = self._call("delete_draw", args, kwargs)

        def delete(page: Any) -> None:
            vecs = bridge.need(bridge.vectors_of(self._values.get("listofcdraw")), "the selected vectors")
            bridge.fx("delete_vectors")(page, vecs)

        self._effect(call, delete)
        return self._doc


class Delete(ToolInstance):
    """``PDFbf.delete(doc, pagenumber, clip)``: the indiscriminate cleaner."""

    cls_name = "delete"

    def applydelete(self, *args: Any, **kwargs: Any) -> Any:
        """Erase everything inside the rectangle."""
        call, _ = self._call("applydelete", args, kwargs)

        def clean(page: Any) -> None:
            bridge.fx("clean_region")(page, self._rect())

        self._effect(call, clean)
        return self._doc


class Repairer(ToolInstance):
    """``PDFbf.repairer(doc, pagenumber, clip, cdrawings, sel_drawings)``."""

    cls_name = "repairer"

    def del_repair(self, *args: Any, **kwargs: Any) -> Any:
        """Reconnect the lines cut by the deletion in the rectangle."""
        call, _ = self._call("del_repair", args, kwargs)
        sel = self._values.get("sel_drawings")

        def repair(page: Any) -> None:
            deleted = None if not sel else bridge.need(bridge.vectors_of(sel), "the deleted vectors")
            bridge.fx("repair_lines")(page, self._rect(), deleted)

        self._effect(call, repair)
        return self._doc


class ManipulateDraw(ToolInstance):
    """``PDFbf.manipulate_draw(doc, pagenumber, sel_drawings, fillcolor, ..., width)``."""

    cls_name = "manipulate_draw"

    def _format(self) -> dict[str, Any]:
        return {k: self._values.get(k) for k in CONSTRUCTORS[self.cls_name].format_fields}

    def _vectors(self) -> list:
        return bridge.need(bridge.vectors_of(self._values.get("sel_drawings")), "the selected vectors")

    def update_draw(self, *args: Any, **kwargs: Any) -> Any:
        """Give the selected vectors the new format (options left out stay as they are)."""
        call, _ = self._call("update_draw", args, kwargs)

        def restyle(page: Any) -> None:
            bridge.fx("restyle_vectors")(page, self._vectors(), **self._format())

        self._effect(call, restyle)
        return self._doc

    def add_standrawing(self, *args: Any, **kwargs: Any) -> Any:
        """Turn the hand-drawn vectors into standard strokes of drwcolor and width."""
        call, _ = self._call("add_standrawing", args, kwargs)

        def add(page: Any) -> None:
            bridge.fx("add_standard")(
                page, self._vectors(), drwcolor=self._values.get("drwcolor"), width=self._values.get("width")
            )

        self._effect(call, add)
        return self._doc


class Projector(ToolInstance):
    """``PDFbf.Projector(doc, pagenumber, clip, move, rotation, scal)``: moves text or a table."""

    cls_name = "Projector"

    def _transform(self) -> dict[str, Any]:
        v = self._values
        return bridge.transform_args(v.get("move"), v.get("rotation"), v.get("scal"), self._clip_point())

    def project(self, *args: Any, **kwargs: Any) -> Any:
        """Move, rotate and scale what is inside the rectangle about the reference point."""
        call, _ = self._call("project", args, kwargs)
        if all(self._values.get(k) is None for k in ("move", "rotation", "scal")):
            self._session.note(f"{self.cls_name}.project: none of move, rotation, scal given; nothing to do")

        def project(page: Any) -> None:
            what = "table" if bridge.fx("find_table")(page, self._rect()) is not None else "text"
            bridge.fx("project_region")(page, self._rect(), what=what, **self._transform())

        self._effect(call, project)
        return self._doc


class ProjectDraw(Projector):
    """``PDFbf.project_draw(doc, pagenumber, clip, sel_drawings, cdrawings, move, rotation, scal)``."""

    cls_name = "project_draw"

    def project(self, *args: Any, **kwargs: Any) -> Any:
        """Move, rotate and scale the selected vectors about the reference point."""
        call, _ = self._call("project", args, kwargs)

        def project(page: Any) -> None:
            vecs = bridge.need(bridge.vectors_of(self._values.get("sel_drawings")), "the selected vectors")
            bridge.fx("transform_vectors")(page, vecs, **self._transform())

        self._effect(call, project)
        return self._doc
