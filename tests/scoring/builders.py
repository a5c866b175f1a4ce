"""Small builders of recorded traces, shaped the way the recording tools write them.

Argument names follow the recorded names of ``drafterbench.tools.signatures`` (``page``, ``order``,
``font_size``, ``listofdraw`` ...); roles and vague flags follow catalog §7.1. Used where a golden case
needs a trace the interpreter cannot produce on its own (and before the tools existed).
"""

from __future__ import annotations

from typing import Any

from drafterbench.tools.trace import (
    ArgRole,
    Argument,
    Block,
    BlockRole,
    FileTrace,
    Provenance,
    SaveRecord,
    ToolCall,
    Trace,
)

D, T = ArgRole.DEFINED, ArgRole.TRANSFERRED


def arg(name: str, value: Any, role: ArgRole = D, *, vague: bool = False, valid: bool = True,
        necessary: bool = False) -> Argument:  # fmt: skip
    prov = Provenance.TRANSFERRED if role is T else Provenance.LITERAL
    return Argument(name=name, value=value, role=role, vague_capable=vague, valid=valid, necessary=necessary,
                    provenance=prov)  # fmt: skip


class FileBuilder:
    def __init__(self, path: str, opened: bool = True) -> None:
        self.file = FileTrace(path=path, path_valid=True, opened=opened)

    def block(self, cls: str, role: BlockRole, *args: Argument) -> BlockBuilder:
        b = Block(cls=cls, role=role, arguments=list(args), line=len(self.file.blocks) + 2)
        self.file.blocks.append(b)
        return BlockBuilder(b)

    def save(self, path: str, valid: bool = True) -> None:
        self.file.saves.append(SaveRecord(path=path, valid=valid))
        if valid and self.file.blocks_in(BlockRole.CHANGE_MAKER):
            for b in self.file.blocks:
                if b.role in (BlockRole.CHANGE_MAKER, BlockRole.POST_CHANGE_MAKER, BlockRole.RECORDER):
                    b.saved = True
                    for c in b.calls:
                        c.saved = True

    # ---- common idioms
    def extractor(self, *rects: tuple[int, int]) -> None:
        b = self.block("extractanno", BlockRole.EXTRACTOR, arg("doc", self.file.path, T, necessary=True))
        for page, order in rects:
            b.call("getclip_rfpoint", arg("page", page, necessary=True), arg("order", order, necessary=True))

    def clip(self, page: int, order: int) -> str:
        return f"{self.file.path}-{page}-{order}"

    def text(self, page: int, order: int, text: str, **fmt: Any) -> BlockBuilder:
        b = self.block(
            "manipulate_text", BlockRole.CHANGE_MAKER,
            arg("doc", self.file.path, T, necessary=True), arg("page", page, T, necessary=True),
            arg("clip", self.clip(page, order), T, necessary=True), arg("text", text, necessary=True),
            *[arg(k, v, vague=True) for k, v in fmt.items()],
        )  # fmt: skip
        b.call("addtext")
        return b

    def selector(self, page: int, order: int, *methods: str) -> None:
        b = self.block(
            "selector",
            BlockRole.SELECTOR,
            arg("doc", self.file.path, T, necessary=True),
            arg("page", page, T, necessary=True),
            arg("clip", self.clip(page, order), T, necessary=True),
        )
        for m in methods:
            b.call(m)

    def selection(self, data_name: str, page: int, order: int) -> dict:
        return {"data_name": data_name, "doc": self.file.path, "page": page, "clip": self.clip(page, order)}

    def recorder(self, info: str) -> None:
        b = self.block("recorder", BlockRole.RECORDER, arg("missing_information", info, necessary=True))
        b.call("recording")


class BlockBuilder:
    def __init__(self, block: Block) -> None:
        self.block = block

    def call(self, tool: str, *args: Argument) -> BlockBuilder:
        self.block.calls.append(ToolCall(tool=tool, arguments=list(args)))
        return self


def trace(*files: FileBuilder) -> Trace:
    return Trace(files=[f.file for f in files])


# ------------------------------------------------------------------------------------ task programs


def add_text(page: int = 0, fontsize: int = 12, font: str = "helv", save: bool = True,
             extra_text: str | None = None) -> FileBuilder:  # fmt: skip
    """open beam.pdf; one rectangle; write 'HELLO' with font and size; save."""
    f = FileBuilder("beam.pdf")
    f.extractor((page, 0))
    f.text(page, 0, "HELLO", font=font, fontsize=fontsize)
    if extra_text is not None:
        f.text(page, 0, extra_text)
    if save:
        f.save("beam_updated.pdf")
    return f


def delete_rebars(method: str = "mode2_rebars_Cross_Touch_Intersect") -> FileBuilder:
    """delete_vector: select rebars in rectangle 0 of page 0 and delete them."""
    f = FileBuilder("beam.pdf")
    f.extractor((0, 0))
    f.selector(0, 0, method)
    name = "_".join(method.split("_")[:2])
    d = f.block(
        "draw_drawer",
        BlockRole.CHANGE_MAKER,
        arg("doc", "beam.pdf", T),
        arg("page", 0, T),
        arg("listofdraw", [f.selection(name, 0, 0)], T),
    )
    d.call("delete_draw")
    f.save("beam_updated.pdf")
    return f


def refresh_lines(dashes: str = "[3 3]0", dashes_valid: bool = True) -> FileBuilder:
    """refresh_vector: lines crossing rectangle 0 get a dash pattern and width 2."""
    f = FileBuilder("beam.pdf")
    f.extractor((0, 0))
    f.selector(0, 0, "mode2_lines_Cross_Touch_Intersect")
    m = f.block(
        "manipulate_draw",
        BlockRole.CHANGE_MAKER,
        arg("doc", "beam.pdf", T),
        arg("page", 0, T),
        arg("sel_drawings", [f.selection("mode2_lines", 0, 0)], T),
        arg("dashes", dashes, vague=True, valid=dashes_valid),
        arg("width", 2, vague=True),
    )
    m.call("update_draw")
    f.save("beam_updated.pdf")
    return f


def slab_recorder(action: str = "add the text north elevation") -> FileBuilder:
    """A task on slab.pdf page 4 (1-based) whose rectangle is missing: only a recorder."""
    f = FileBuilder("slab.pdf", opened=False)
    f.recorder(f"file-level: slab.pdf, page-level: 4, order-level: missing, base-level: {action}")
    return f
