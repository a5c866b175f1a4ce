"""A tiny tool surface for interpreter tests that must not depend on the real tools' recording rules.

It follows the ToolSession contract the interpreter codes against (``modules``, ``current_line``,
``trace``) and records calls into a real :class:`Trace`, with simplified roles and no validity rules.
"""

from __future__ import annotations

from typing import Any

from drafterbench.tools.base import ToolObject, ToolUsageError
from drafterbench.tools.trace import Argument, Block, BlockRole, FileTrace, ToolCall, Trace


class FakeDoc(ToolObject):
    exposed = frozenset({"save"})

    def __init__(self, session: FakeSession, path: str) -> None:
        self.session, self.path = session, path
        self.file = FileTrace(path=path, path_valid=path.endswith(".pdf"))
        session.trace.files.append(self.file)

    def save(self, path: Any) -> None:
        from drafterbench.tools.trace import SaveRecord

        self.file.saves.append(
            SaveRecord(path=path, valid=isinstance(path, str), line=self.session.current_line)
        )


class FakeRect(ToolObject):
    def __init__(self, tag: str) -> None:
        self.tag = tag


class FakeExtractor(ToolObject):
    exposed = frozenset({"getclip_rfpoint"})

    def __init__(self, doc: FakeDoc) -> None:
        self.doc = doc

    def getclip_rfpoint(self, pagenumber: Any, rectangleorder: Any) -> tuple[FakeRect, FakeRect]:
        tag = f"{self.doc.path}-{pagenumber}-{rectangleorder}"
        return FakeRect(tag), FakeRect(tag)


class FakeTextManipulator(ToolObject):
    exposed = frozenset({"addtext", "gethortext", "text"})
    settable = frozenset({"text"})
    aliases = {"gethorrtext": "gethortext"}

    def __init__(self, session: FakeSession, doc: FakeDoc, **kwargs: Any) -> None:
        self.session, self.doc, self.text = session, doc, kwargs.get("text")
        self.block = Block(
            cls="manipulate_text",
            role=BlockRole.CHANGE_MAKER,
            arguments=[Argument(name=k, value=_enc(v)) for k, v in kwargs.items()],
            line=session.current_line,
        )
        doc.file.blocks.append(self.block)

    def gethortext(self) -> str:
        return "horizontal_text"

    def addtext(self) -> FakeDoc:
        self.block.calls.append(
            ToolCall(
                tool="addtext",
                arguments=[Argument(name="text", value=_enc(self.text))],
                line=self.session.current_line,
            )
        )
        return self.doc


class FakeRecorder(ToolObject):
    exposed = frozenset({"recording"})

    def __init__(self, session: FakeSession, missing_information: Any) -> None:
        self.session, self.info = session, missing_information

    def recording(self) -> None:
        file = FileTrace(path=str(self.info), path_valid=False, opened=False)
        file.blocks.append(Block(cls="recorder", role=BlockRole.RECORDER, line=self.session.current_line))
        self.session.trace.files.append(file)


class FakeModule(ToolObject):
    exposed = frozenset(
        {"open", "extractanno", "manipulate_text", "recorder", "TEXT_ALIGN_LEFT", "TEXT_ALIGN_CENTER"}
    )

    def __init__(self, session: FakeSession) -> None:
        self.session = session
        self.TEXT_ALIGN_LEFT, self.TEXT_ALIGN_CENTER = 0, 1

    def open(self, path: Any) -> FakeDoc:
        return FakeDoc(self.session, path)

    def extractanno(self, doc: Any) -> FakeExtractor:
        return FakeExtractor(doc)

    def manipulate_text(self, doc: Any = None, **kwargs: Any) -> FakeTextManipulator:
        if doc is None:
            raise ToolUsageError("manipulate_text needs `doc`")
        return FakeTextManipulator(self.session, doc, **kwargs)

    def recorder(self, missing_information: Any) -> FakeRecorder:
        return FakeRecorder(self.session, missing_information)


class FakeSession:
    """``modules``, ``current_line`` and ``trace``: what the interpreter needs of a ToolSession."""

    def __init__(self) -> None:
        self.trace = Trace()
        self.current_line: int | None = None
        module = FakeModule(self)
        self.modules = {"fitz": module, "PDFbf": module, "testf": module}


def _enc(value: Any) -> Any:
    if isinstance(value, FakeRect):
        return value.tag
    if isinstance(value, FakeDoc):
        return value.path
    if isinstance(value, (list, tuple)):
        return [_enc(v) for v in value]
    return value
