"""Named counters, the reference's denominators (``ground_check``) and the executable check.

A :class:`Counts` holds one number per dimension. :func:`ground_counts` gives, for one file of a trace,
how many things the metric can credit in it — the denominators when applied to the reference, and the
penalty when applied to a predicted file or block that matches nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from drafterbench.tools.trace import ArgRole, Argument, Block, BlockRole, FileTrace, ToolCall, Trace

from .models import Diagnostic, DiagnosticKind
from .prepare import counts, is_missing_path, is_set


@dataclass
class Counts:
    """One number per dimension (successes or totals)."""

    argument_definition: float = 0.0
    variable_transfer: float = 0.0
    function_calling: float = 0.0
    single_tool: float = 0.0
    multi_tool: float = 0.0
    plan_execution: float = 0.0

    def __iadd__(self, other: Counts) -> Counts:  # noqa: PYI034
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self

    def __isub__(self, other: Counts) -> Counts:  # noqa: PYI034
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) - getattr(other, f.name))
        return self

    def total(self) -> float:
        return sum(getattr(self, f.name) for f in fields(self))

    def credit(self, arg: Argument, sign: float = 1.0) -> None:
        """Add (or with ``sign=-1`` take away) one for the dimension an argument belongs to."""
        if arg.role is ArgRole.TRANSFERRED:
            self.variable_transfer += sign
        else:
            self.argument_definition += sign


def counts_open(file: FileTrace) -> bool:
    """Whether a file's ``open`` is something the metric counts: a real path with a change made on it."""
    return file.opened and not is_missing_path(file.path) and bool(file.blocks_in(BlockRole.CHANGE_MAKER))


def _argument_counts(args: list[Argument], out: Counts) -> None:
    for arg in args:
        if counts(arg):
            out.credit(arg)


def call_counts(call: ToolCall) -> Counts:
    out = Counts(function_calling=1.0)
    _argument_counts(call.arguments, out)
    return out


def block_counts(block: Block) -> Counts:
    """What one tool object (constructor, its arguments and its method calls) can earn."""
    out = Counts(function_calling=1.0)
    _argument_counts(block.arguments, out)
    n = len(block.calls)
    if n == 1:
        out.single_tool += 1
    elif n > 1:
        out.multi_tool += 1
    for call in block.calls:
        out += call_counts(call)
    if block.role in (BlockRole.CHANGE_MAKER, BlockRole.RECORDER):
        out.plan_execution += 1
    return out


def ground_counts(file: FileTrace) -> Counts:
    """The original's ``ground_check`` for one file."""
    out = Counts()
    if counts_open(file):
        out.argument_definition += 1
        out.function_calling += 1
    if file.saves:
        out.argument_definition += 1
        out.function_calling += 1
    for block in file.blocks:
        out += block_counts(block)
    return out


def trace_counts(trace: Trace) -> Counts:
    out = Counts()
    for file in trace.files:
        out += ground_counts(file)
    return out


def _bad(arg: Argument) -> bool:
    # The original only objects to an invalid value that is also truthy: a None or empty optional
    # argument is "not given", not wrong.
    return not arg.valid and bool(arg.value)


def executable(trace: Trace) -> tuple[bool, list[Diagnostic]]:
    """The original's ``executable_check``, plus the interpreter's own verdict.

    Not executable when the program stopped with an error, a file or save path is invalid, or any
    constructor or method argument holds a (truthy) value the tool rejects.
    """
    diags: list[Diagnostic] = []
    if trace.error is not None:
        diags.append(
            Diagnostic(
                kind=DiagnosticKind.NOT_EXECUTABLE,
                message=f"program stopped: {trace.error.kind} error: {trace.error.message}",
                line=trace.error.line,
            )
        )
    for file in trace.files:
        label = str(file.path)
        if file.opened and not file.path_valid:
            diags.append(
                Diagnostic(kind=DiagnosticKind.INVALID_VALUE, message=f"invalid file path: {file.path!r}")
            )
        for save in file.saves:
            if not save.valid:
                diags.append(
                    Diagnostic(
                        kind=DiagnosticKind.INVALID_VALUE,
                        message=f"invalid save path: {save.path!r}",
                        file=label,
                        line=save.line,
                    )
                )
        for block in file.blocks:
            for arg in block.arguments:
                if _bad(arg):
                    diags.append(_invalid(arg, block.cls, label, block.line))
            for call in block.calls:
                for arg in call.arguments:
                    if _bad(arg):
                        diags.append(_invalid(arg, f"{block.cls}.{call.tool}", label, call.line))
    return not diags, diags


def _invalid(arg: Argument, where: str, file: str, line: int | None) -> Diagnostic:
    reason = f" ({arg.error})" if arg.error else ""
    return Diagnostic(
        kind=DiagnosticKind.INVALID_VALUE,
        message=f"invalid value for {arg.name} in {where}: {arg.value!r}{reason}",
        file=file,
        line=line,
    )


__all__ = ["Counts", "block_counts", "call_counts", "counts_open", "executable", "ground_counts", "is_set"]
