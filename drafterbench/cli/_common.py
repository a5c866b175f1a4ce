"""Helpers shared by the command modules: errors printed as messages, not tracebacks."""

from __future__ import annotations

import re

import typer
from rich.console import Console
from rich.markup import escape

console = Console()
err_console = Console(stderr=True)


def fail(message: str, code: int = 2) -> "typer.Exit":
    """Print ``message`` as an error and return the Exit to raise."""
    err_console.print(f"[bold red]error:[/] {safe(brief(message))}")
    return typer.Exit(code)


# Characters that would act on the terminal instead of being shown: C0/C1 controls (escape sequences, bells,
# carriage returns), DEL, and the bidirectional controls that reorder what is displayed.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def plain(text: object) -> str:
    """``text`` with terminal control and bidi characters shown as escapes (``\\x1b``, ``\\u202e``)."""
    return _UNSAFE.sub(lambda m: ascii(m.group())[1:-1], str(text))


def safe(text: object) -> str:
    """Text from a program, a run log, a task file or a model, safe to put in a rich markup string: control
    characters shown as escapes (:func:`plain`) and rich markup escaped."""
    return escape(plain(text))


# Pydantic ends every error with its type, the whole input value and a documentation link; none of it helps a
# user whose file is damaged (the input may be a whole JSON line), and it wraps over many terminal lines.
_PYDANTIC_NOISE = re.compile(
    r"\s*\[type=\w+, input_value=.*?, input_type=\w+\]"
    r"|\n?\s*For further information visit https://errors\.pydantic\.dev\S*",
    re.DOTALL,
)


def brief(message: str) -> str:
    """``message`` without pydantic's error types, input echoes and documentation links."""
    return _PYDANTIC_NOISE.sub("", message).rstrip()
