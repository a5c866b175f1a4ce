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
    err_console.print(f"[bold red]error:[/] {escape(brief(message))}")
    return typer.Exit(code)


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
