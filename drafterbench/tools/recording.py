"""The recorder: the Trace of one program run and the drawings it edits, filled by the tool classes.

:class:`Recording` is what every tool class and the ``fitz`` / ``PDFbf`` modules call to record a call: it binds
the arguments to the tool's registry entry, records each one (encoded value, validity, provenance), files the
block under its document, and runs the call's effect on the real drawing when there is one. It knows the tools
only through :mod:`drafterbench.tools.registry`; the modules a program imports are composed on top of it by
:class:`drafterbench.tools.session.ToolSession`.

Recording never raises on a bad *value*: the argument is recorded invalid (with an error naming the value and
the valid choices), the effect of that call is skipped with a warning, and the program goes on. Only a call
that cannot be made at all (an unknown keyword, too many positional arguments) raises ``ToolUsageError``.
With ``effects=True`` and a drawing given for a path, calls also edit that PDF (``drafterbench.tools.effects``);
any failure there becomes an ``EffectStatus.FAILED`` call with a warning, never an exception.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from drafterbench.interpreter._limits import LimitExceeded, Limits, measure
from drafterbench.tools.base import ToolUsageError
from drafterbench.tools.bridge import fx
from drafterbench.tools.handles import Doc, encode_value, is_handle_value, not_json_scalar
from drafterbench.tools.registry import BY_NAME, ToolSpec
from drafterbench.tools.trace import (
    ArgRole,
    Argument,
    Block,
    BlockRole,
    EffectStatus,
    FileTrace,
    Note,
    Provenance,
    SaveRecord,
    ToolCall,
    Trace,
)

log = logging.getLogger(__name__)

_SAVED_ROLES = (BlockRole.CHANGE_MAKER, BlockRole.POST_CHANGE_MAKER, BlockRole.RECORDER)
_UNKNOWN_FILE = "Unknown"
_ABSENT = object()  # an argument not given at all (None may be given explicitly)
_PLAIN_SCALARS = frozenset({str, int, float, bool, type(None)})
#: The most distinct drawings one program run writes (a task saves one or two; a program saving thousands
#: would fill the disk with PDFs and the before/after images made of them).
MAX_SAVED_FILES = 32
#: The largest argument a trace records (elements or characters); a task's table or text is far smaller.
MAX_RECORDED_SIZE = 10_000
_RECORD_LIMITS = Limits(max_value_size=MAX_RECORDED_SIZE, max_depth=1_000)


def safe_file_name(path: str) -> str:
    """The last component of a program's save path, as a file name that cannot leave its folder or carry
    control characters (a NUL, an escape sequence); ``drawing.pdf`` when nothing usable is left."""
    name = Path(path.replace("\\", "/")).name
    name = "".join("_" if ord(c) < 32 or ord(c) == 127 else c for c in name)[-200:]
    return name if name not in ("", ".", "..") else "drawing.pdf"


def clip(text: str, width: int = 200) -> str:
    """``text`` cut to ``width`` characters, for notes quoting a program's values."""
    return text if len(text) <= width else text[: width - 3] + "..."


def _too_large_to_record(value: Any) -> bool:
    """True for an argument larger than :data:`MAX_RECORDED_SIZE`: the trace keeps a copy of every argument of
    every call, so one large value passed to thousands of calls would otherwise fill memory."""
    if isinstance(value, str):
        return len(value) > MAX_RECORDED_SIZE
    if not isinstance(value, (list, tuple, dict)):
        return False
    try:
        measure(value, _RECORD_LIMITS)
    except LimitExceeded:
        return True
    return False


def bind(spec: ToolSpec, args: tuple, kwargs: dict) -> dict[str, Any]:
    """Map positional and keyword arguments onto the tool's argument names, in the original's order."""
    if not args and spec.arg_name_set.issuperset(kwargs):
        return dict(kwargs)  # the usual call: known keywords only (the loop below would copy them in order)
    names = spec.arg_names
    if len(args) > len(names):
        raise ToolUsageError(
            f"{spec.name}() takes at most {len(names)} positional argument(s) ({', '.join(names) or 'none'}), "
            f"got {len(args)}"
        )
    values = dict(zip(names, args))
    for key, value in kwargs.items():
        if key not in names:
            valid = ", ".join(names) if names else "it takes no arguments"
            raise ToolUsageError(
                f"{spec.name}() got an unknown keyword argument {key!r}; valid keywords: {valid}"
            )
        if key in values:
            raise ToolUsageError(f"{spec.name}() got multiple values for argument {key!r}")
        values[key] = value
    return values


def record_argument(spec_arg: Any, values: Mapping[str, Any]) -> Argument:
    """The trace record of one argument: encoded value, validity (with error), provenance, declarations."""
    value = values.get(spec_arg.name, _ABSENT)
    given = value is not _ABSENT
    if not given:
        value = None
    if _too_large_to_record(value):
        return Argument(
            name=spec_arg.record, value=f"<a {type(value).__name__} too large to record>", valid=False,
            provenance=Provenance.LITERAL, necessary=spec_arg.necessary, role=spec_arg.role,
            vague_capable=spec_arg.vague,
            error=f"{spec_arg.name}: a value of more than {MAX_RECORDED_SIZE:,} elements or characters is "
                  "too large to record",
        )  # fmt: skip
    error = spec_arg.check(value)
    if type(value) in _PLAIN_SCALARS and not not_json_scalar(value):  # the usual literal: its own encoding
        encoded, plain = value, True
    else:
        encoded, plain = encode_value(value)
    if not plain and error is None:
        error = f"{spec_arg.name}: {encoded} is not plain data or a tool result"
    if not given or (value is None and not spec_arg.essential):
        provenance = Provenance.DEFAULT
    elif is_handle_value(value):
        provenance = Provenance.TRANSFERRED
    else:
        provenance = Provenance.LITERAL
    role = spec_arg.role
    if spec_arg.record == "data":  # table data: transferred from an extractor, or defined as a literal
        role = ArgRole.TRANSFERRED if provenance is Provenance.TRANSFERRED else ArgRole.DEFINED
    return Argument(
        name=spec_arg.record, value=encoded, valid=error is None, provenance=provenance,
        necessary=spec_arg.necessary, role=role, vague_capable=spec_arg.vague, error=error,
    )  # fmt: skip


class Recording:
    """The Trace of one program run (and optionally the real drawings it edits): what the tools record into."""

    def __init__(
        self,
        drawings: Mapping[str, str | Path] | None = None,
        *,
        effects: bool = True,
        out_dir: Path | None = None,
    ) -> None:
        self.trace = Trace()
        self.current_line: int | None = None
        self.drawings: dict[str, Path] = {str(k): Path(v) for k, v in (drawings or {}).items()}
        self.effects = effects
        self.out_dir = Path(out_dir) if out_dir is not None else None
        self.changed_pages: dict[str, set[int]] = {}
        self.saved_files: dict[str, Path] = {}  # program path -> written file
        self._pdfs: dict[str, Any] = {}
        # The vectors of a page, read once and re-read only after a change to that page (reading is the
        # slow part of a selection).
        self._page_vectors: dict[tuple[int, int], list] = {}
        self._opens = 0  # ordinals of open() calls and recorders (each is a file record of its own)

    # ------------------------------------------------------------------------------------------- files

    def file_for(self, path: Any, *, opened: bool, valid: bool) -> FileTrace:
        """The FileTrace of ``path``, created on first use (``opened`` is set when a program opens it)."""
        for f in self.trace.files:
            if f.path == path:
                if opened and not f.opened:
                    f.opened = True
                return f
        f = FileTrace(path=path, path_valid=valid, opened=opened)
        self.trace.files.append(f)
        return f

    def next_open(self) -> int:
        """A new ordinal for an ``open`` (or a recorder, which the original filed as a file of its own)."""
        self._opens += 1
        return self._opens - 1

    def file_of_doc(self, doc: Any) -> FileTrace:
        """Where a block goes: the opened file of a Doc, else a placeholder file for the bad value."""
        if isinstance(doc, Doc):
            return doc.file
        encoded, _ = encode_value(doc)
        key = encoded if isinstance(encoded, str) else _UNKNOWN_FILE
        return self.file_for(key, opened=False, valid=False)

    def open(self, args: tuple, kwargs: dict) -> Doc:
        """``fitz.open(filepath)``."""
        spec = BY_NAME["fitz.open"]
        values = bind(spec, args, kwargs)
        path = values.get("filepath")
        error = spec.args[0].check(path)
        encoded, plain = encode_value(path)
        if not plain and error is None:  # nan, a lone surrogate: not a value a trace can hold as it is
            error = f"filepath: {encoded} is not plain data"
        file = self.file_for(encoded, opened=True, valid=error is None)
        ordinal = self.next_open()
        file.opens.append(ordinal)
        if error:
            self.note(f"fitz.open: {error}")
        pdf = None
        if error is None and self.effects and path in self.drawings:
            pdf = self._pdfs.get(path)
            if pdf is None:
                try:
                    import pymupdf

                    pdf = pymupdf.open(self.drawings[path])
                    self._pdfs[path] = pdf
                except Exception as exc:  # noqa: BLE001 - a broken drawing must not stop the program
                    self.note(f"fitz.open({path!r}): the drawing could not be opened: {exc}")
                    pdf = None
        return Doc(self.save, encoded, file, pdf, ordinal)

    def save(self, doc: Doc, args: tuple, kwargs: dict) -> None:
        """``doc.save(path)``: record; mark blocks saved; write the revised PDF into ``out_dir``."""
        spec = BY_NAME["doc.save"]
        values = bind(spec, args, kwargs)
        path = values.get("path")
        error = spec.args[0].check(path)
        encoded, plain = encode_value(path)
        if not plain and error is None:
            error = f"path: {encoded} is not plain data"
        doc.file.saves.append(
            SaveRecord(path=encoded, valid=error is None, line=self.current_line, open=doc.open)
        )
        if error:
            self.note(f"doc.save: {error}")
            return
        for block in doc.file.blocks:
            if block.role in _SAVED_ROLES:
                block.saved = True
                for call in block.calls:
                    call.saved = True
        if doc.pdf is not None and self.out_dir is not None:
            target = self.out_dir / safe_file_name(path)  # never outside out_dir
            if path not in self.saved_files and len(self.saved_files) >= MAX_SAVED_FILES:
                self.note(f"doc.save({clip(repr(path))}): not written: a program writes at most "
                          f"{MAX_SAVED_FILES} drawings")
                return
            try:
                self.out_dir.mkdir(parents=True, exist_ok=True)
                doc.pdf.save(target, garbage=3, deflate=True)
                self.saved_files[path] = target
            except Exception as exc:  # noqa: BLE001 - a failed write is reported, the program goes on
                self.note(f"doc.save({clip(repr(path))}): writing the revised drawing failed: {clip(str(exc))}")

    # ----------------------------------------------------------------------------------------- records

    def note(self, message: str) -> None:
        self.trace.warnings.append(Note(line=self.current_line, message=message))

    def new_block(self, spec: ToolSpec, args: tuple, kwargs: dict) -> tuple[Block, dict[str, Any]]:
        """Record a constructor call as a new block of the document's file."""
        values = bind(spec, args, kwargs)
        arguments = [record_argument(a, values) for a in spec.args if a.in_block]
        doc = values.get("doc")
        block = Block(
            cls=spec.short, role=spec.role, arguments=arguments, line=self.current_line,
            open=doc.open if isinstance(doc, Doc) else None,
        )  # fmt: skip
        self.file_of_doc(doc).blocks.append(block)
        return block, values

    def new_call(
        self, block: Block, spec: ToolSpec, args: tuple, kwargs: dict, *, tool: str | None = None
    ) -> tuple[ToolCall, dict[str, Any]]:
        """Record a method call on a block."""
        values = bind(spec, args, kwargs)
        call = ToolCall(
            tool=tool or spec.short,
            arguments=[record_argument(a, values) for a in spec.args],
            line=self.current_line,
        )
        block.calls.append(call)
        return call, values

    # ----------------------------------------------------------------------------------------- effects

    def effect(
        self, call: ToolCall, block: Block, doc: Any, page: Any, fn: Callable[[Any], Any], *, change: bool
    ) -> Any:
        """Run ``fn(pymupdf_page)`` for ``call`` unless an argument is invalid or no drawing is attached.

        Returns ``fn``'s result, or None when the effect was skipped, off or failed (then ``call.effect`` and
        ``call.warning`` say why, and the warning is in ``trace.warnings``).
        """
        # A read needs only where to look (doc, page, clip, selections); a change needs every value.
        args = block.arguments if change else [a for a in block.arguments if a.role is ArgRole.TRANSFERRED]
        invalid = [a for a in (*args, *call.arguments) if not a.valid]
        if invalid:
            reasons = "; ".join(f"{a.name}: {a.error}" for a in invalid)
            return self._warn(
                call, EffectStatus.SKIPPED, f"{block.cls}.{call.tool}: effect skipped ({reasons})"
            )
        pdf = doc.pdf if isinstance(doc, Doc) else None
        if pdf is None:
            call.effect = EffectStatus.OFF
            return None
        try:
            result = fn(pdf[page])
        except Exception as exc:  # the drawing did not allow it; the program goes on
            log.debug("effect %s failed", call.tool, exc_info=True)
            return self._warn(call, EffectStatus.FAILED, f"{block.cls}.{call.tool}: effect failed: {exc}")
        call.effect = EffectStatus.APPLIED if change else EffectStatus.NONE
        if change:
            self.changed_pages.setdefault(doc.path, set()).add(page)
            self._page_vectors.pop((id(pdf), page), None)
        return result

    def page_vectors(self, page: Any) -> list:
        """The vectors of a PyMuPDF page (cached until the next change to that page)."""
        key = (id(page.parent), page.number)
        cached = self._page_vectors.get(key)
        if cached is None:
            cached = self._page_vectors[key] = list(fx("page_vectors")(page))
        return cached

    def _warn(self, call: ToolCall, status: EffectStatus, message: str) -> None:
        call.effect = status
        call.warning = message
        self.note(message)

    def read(self, doc: Any, page: Any, fn: Callable[[Any], Any], what: str) -> Any:
        """A read of the drawing outside any recorded call (``extract_table.data``); None when unavailable."""
        pdf = doc.pdf if isinstance(doc, Doc) else None
        if pdf is None or type(page) is not int:
            return None
        try:
            return fn(pdf[page])
        except Exception as exc:  # noqa: BLE001 - a drawing the reader cannot parse is a warning
            self.note(f"{what}: reading the drawing failed: {exc}")
            return None

    def close(self) -> None:
        """Close the opened drawings (the trace stays)."""
        for pdf in self._pdfs.values():
            try:
                pdf.close()
            except Exception:  # noqa: BLE001 # pragma: no cover - closing twice is harmless
                pass
        self._pdfs.clear()


__all__ = ["MAX_SAVED_FILES", "Recording", "bind", "record_argument", "safe_file_name"]
