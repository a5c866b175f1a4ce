"""The tool classes that find things: extractanno, selector, select_from_drawings, extract_table, recorder.

Each instance is one recorded block; its methods append recorded calls to that block. The classes that change
the drawing are in :mod:`drafterbench.tools.editors`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from drafterbench.tools import bridge
from drafterbench.tools.base import ToolObject
from drafterbench.tools.handles import (
    UNKNOWN_CLIP,
    Doc,
    Rect,
    RfPoint,
    SelectionEntry,
    TableData,
    clip_string,
)
from drafterbench.tools.missing import MissingInfo, parse_missing_information
from drafterbench.tools.recording import Recording, bind, record_argument
from drafterbench.tools.registry import (
    BY_NAME,
    CONSTRUCTORS,
    ToolSpec,
    exposed_names,
    method_spec,
    methods_of,
)
from drafterbench.tools.trace import Argument, Block, EffectStatus, ToolCall


class ToolInstance(ToolObject):
    """One instance of a PDFbf class: a block of the trace plus the raw values it was built with.

    What a program may use on it (``exposed``, ``settable``, ``aliases``) is read from the class's registry
    entry when the class is defined; the class itself supplies the methods.
    """

    cls_name: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "cls_name" in cls.__dict__:  # a tool class (not a shared base such as the settable manipulators)
            spec = CONSTRUCTORS[cls.cls_name]
            cls.exposed = exposed_names(cls.cls_name)
            cls.settable = frozenset(spec.settable)
            cls.aliases = dict(spec.aliases)

    def __init__(self, session: Recording, block: Block, values: dict[str, Any]) -> None:
        self._session = session
        self._block = block
        self._values = values

    @classmethod
    def construct(cls, session: Recording, args: tuple, kwargs: dict) -> ToolInstance:
        block, values = session.new_block(BY_NAME[f"PDFbf.{cls.cls_name}"], args, kwargs)
        return cls(session, block, values)

    # the raw values, for the effect layer
    @property
    def _doc(self) -> Any:
        return self._values.get("doc")

    @property
    def _page(self) -> Any:
        return self._values.get("pagenumber")

    @property
    def _path(self) -> Any:
        doc = self._doc
        return doc.path if isinstance(doc, Doc) else None

    def _rect(self) -> Any:
        clip = self._values.get("clip")
        return bridge.need(clip.rect if isinstance(clip, Rect) else None, "the clip rectangle")

    def _clip_point(self) -> Any:
        rect = self._rect()
        return (rect.tl + rect.br) / 2

    def _call(
        self, method: str, args: tuple, kwargs: dict, spec: ToolSpec | None = None
    ) -> tuple[ToolCall, dict]:
        spec = spec or BY_NAME[f"{self.cls_name}.{method}"]
        return self._session.new_call(self._block, spec, args, kwargs, tool=method)

    def _effect(self, call: ToolCall, fn: Any, *, change: bool = True) -> Any:
        return self._session.effect(call, self._block, self._doc, self._page, fn, change=change)

    def __repr__(self) -> str:
        return f"<{self.cls_name} block>"


class ExtractAnno(ToolInstance):
    """``PDFbf.extractanno(doc, pagenumber=None, annocolor=None)``."""

    cls_name = "extractanno"

    def getclip_rfpoint(self, *args: Any, **kwargs: Any) -> tuple[Rect, RfPoint]:
        """The rectangle markup at (pagenumber, rectangleorder), and its reference point."""
        call, values = self._call("getclip_rfpoint", args, kwargs)
        page, order = values.get("pagenumber"), values.get("rectangleorder")
        ok = self._block.arguments[0].valid and all(a.valid for a in call.arguments)
        rect = Rect(self._path if ok else None, page, order)
        point = RfPoint(rect)
        found = self._session.effect(
            call, self._block, self._doc, page, lambda p: bridge.rect_and_point(p, order), change=False
        )
        if found is not None:
            rect.rect, point.point = found
        return rect, point

    def anno(self, *args: Any, **kwargs: Any) -> list:
        """The hand-drawn vectors of the constructor's colour on the constructor's page (``drawings``)."""
        call, _ = self._call("anno", args, kwargs)
        # The original records the constructor's page and colour on this call; both are needed here.
        ctor = BY_NAME["PDFbf.extractanno"]
        call.arguments = [record_argument(a, self._values) for a in ctor.args if not a.in_block]
        for a in call.arguments:
            if a.value is None:
                a.valid, a.error = False, f"anno() needs the extractor's {a.name} (pagenumber / annocolor)"
        page, colour = self._page, self._values.get("annocolor")
        vectors = self._effect(call, lambda p: bridge.colour_vectors(p, colour), change=False)
        clip = clip_string(self._path, page, colour) if self._block.arguments[0].valid else UNKNOWN_CLIP
        return [SelectionEntry("drawings", self._path, page, clip, vectors)]


def _selection_method(name: str, mode: int, kind: str) -> Any:
    def method(self: Selector, *args: Any, **kwargs: Any) -> list:
        return self._select(name, mode, kind, args, kwargs)

    method.__name__ = name
    method.__doc__ = f"Select {kind} by mode {mode} (1 window, 2 crossing); returns a list of one selection."
    return method


class Selector(ToolInstance):
    """``PDFbf.selector(doc, pagenumber, clip)``: the 8 selection methods, and ``selected_lines``."""

    cls_name = "selector"

    def _clip_str(self) -> str:
        clip = self._values.get("clip")
        return clip.encode() if isinstance(clip, Rect) else UNKNOWN_CLIP

    def _select(self, name: str, mode: int, kind: str, args: tuple, kwargs: dict) -> list:
        call, _ = self._call(name, args, kwargs)
        vectors = self._effect(
            call,
            lambda p: bridge.select(self._session.page_vectors(p), self._rect(), kind, mode),
            change=False,
        )
        return [SelectionEntry(f"mode{mode}_{kind}", self._path, self._page, self._clip_str(), vectors)]

    @property
    def selected_lines(self) -> list:
        """All lines around the rectangle (``cdrawings`` of the repairer and of project_draw)."""
        vectors = self._session.read(
            self._doc,
            self._page,
            lambda p: bridge.select(self._session.page_vectors(p), self._rect(), "lines", 2),
            "selector.selected_lines",
        )
        return [SelectionEntry("all_lines", self._path, self._page, self._clip_str(), vectors)]


#: The selection methods (registry entries with a ``selection``): name -> (mode, kind).
SELECTIONS: dict[str, tuple[int, str]] = {
    name: spec.selection for name, spec in methods_of("selector").items() if spec.selection is not None
}
for _name, (_mode, _kind) in SELECTIONS.items():
    setattr(Selector, _name, _selection_method(_name, _mode, _kind))


class SelectFromDrawings(ToolInstance):
    """``PDFbf.select_from_drawings(doc, pagenumber, cdrawings)``: child classes of the anno() drawings.

    As in the original, all 8 selector mode methods are accepted (the mode makes no difference here: the
    parent list is already the selection); the prompts offer the three mode-2 ones and ``get_rebar_column``.
    """

    cls_name = "select_from_drawings"

    def _from_parent(
        self, method: str, data_name: str, kinds: tuple[str, ...], args: tuple, kwargs: dict
    ) -> list:
        call, _ = self._call(method, args, kwargs, method_spec(self.cls_name, method))
        parent = self._values.get("cdrawings")
        clip = (
            parent[0].clip
            if isinstance(parent, list) and parent and isinstance(parent[0], SelectionEntry)
            else UNKNOWN_CLIP
        )
        vectors = self._effect(
            call,
            lambda p: bridge.classify(bridge.need(bridge.vectors_of(parent), "the parent drawings"), kinds),
            change=False,
        )
        return [SelectionEntry(data_name, self._path, self._page, clip, vectors)]

    def get_rebar_column(self, *args: Any, **kwargs: Any) -> list:
        """The rebars and columns among the parent drawings."""
        return self._from_parent(
            "get_rebar_column", "rebars_and_columns", ("rebars", "columns"), args, kwargs
        )


def _child_method(name: str, mode: int, kind: str) -> Any:
    def method(self: SelectFromDrawings, *args: Any, **kwargs: Any) -> list:
        return self._from_parent(name, f"mode{mode}_{kind}", (kind,), args, kwargs)

    method.__name__ = name
    method.__doc__ = f"The {kind} among the parent drawings."
    return method


for _name, (_mode, _kind) in SELECTIONS.items():
    setattr(SelectFromDrawings, _name, _child_method(_name, _mode, _kind))


class ExtractTable(ToolInstance):
    """``PDFbf.extract_table(doc, pagenumber, clip)``; the attribute ``data`` is the table read."""

    cls_name = "extract_table"

    @property
    def data(self) -> TableData:
        """The extracted rows (a reference in the trace; the real cells when a drawing is attached)."""
        clip = self._values.get("clip")
        clip_str = clip.encode() if isinstance(clip, Rect) else UNKNOWN_CLIP
        layout = None
        if all(a.valid for a in self._block.arguments):
            def find(page: Any) -> Any:
                return bridge.need(bridge.fx("find_table")(page, self._rect()), "a table in the clip")

            layout = self._session.read(self._doc, self._page, find, "extract_table.data")
        rows = [list(r) for r in layout.data] if layout is not None else None
        return TableData(self._path, self._page, clip_str, rows, layout)


class Recorder(ToolInstance):
    """``PDFbf.recorder(missing_information)``: a task that misses necessary information."""

    cls_name = "recorder"

    @classmethod
    def construct(cls, session: Recording, args: tuple, kwargs: dict) -> Recorder:
        spec = BY_NAME["PDFbf.recorder"]
        values = bind(spec, args, kwargs)
        text = values.get("missing_information")
        error = spec.args[0].check(text)
        info = parse_missing_information(text) if error is None else None
        arguments = _recorder_arguments(info, error)
        doc = arguments[0]
        file = session.file_for(
            doc.value if doc.value is not None else "missing", opened=False, valid=doc.valid
        )
        block = Block(
            cls="recorder", role=spec.role, arguments=arguments, line=session.current_line,
            open=session.next_open(), text=text if isinstance(text, str) else None,
        )  # fmt: skip
        file.blocks.append(block)
        return cls(session, block, values)

    def recording(self, *args: Any, **kwargs: Any) -> None:
        """Record the missing information (no effect on any drawing)."""
        call, _ = self._call("recording", args, kwargs)
        call.effect = EffectStatus.NONE


def _recorder_arguments(info: MissingInfo | None, error: str | None) -> list[Argument]:
    names = ("doc", "page", "clip", "action", "complete")
    if info is None:
        return [Argument(name=n, value=None, valid=False, necessary=True, error=error) for n in names]
    fields = (info.doc, info.page, info.clip, info.action, info.complete)
    return [
        Argument(name=n, value=f.value, valid=f.error is None, necessary=True, error=f.error)
        for n, f in zip(names, fields)
    ]
