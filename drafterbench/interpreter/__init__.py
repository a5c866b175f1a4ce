"""Runs an agent's Python program against the tools without executing it.

The program is parsed (``ast.parse``), checked against a small straight-line language (imports of
fitz/PDFbf/testf, assignments, calls and attributes of tool objects, literals, ``dict(...)``, ``.get``,
``+`` on lists and strings, slicing, f-strings), and walked node by node. Python never compiles or runs
it, so there is no ``eval``/``exec`` to escape from: a construct outside the language is a recorded
"not executable" reason (``trace.error``), never a crash. See ``docs/interpreter.md``.

    from drafterbench.interpreter import run_program
    trace = run_program(source, session)        # session: drafterbench.tools.session.ToolSession
    trace.runs, trace.error                      # executable? if not, why and where

``execute`` is the one-call convenience behind ``drafterbench exec``: it builds the session, attaches
drawings, runs, and writes the revised PDFs.
"""

from __future__ import annotations

from typing import Any

from drafterbench.interpreter._limits import LimitExceeded, Limits
from drafterbench.interpreter._run import DEFAULT_LIMITS, run_program

__all__ = ["DEFAULT_LIMITS", "ExecResult", "LimitExceeded", "Limits", "execute", "run_program"]


def __getattr__(name: str) -> Any:
    # `execute` pulls in the tool session and the effect layer (PyMuPDF); load it only when asked.
    if name in ("execute", "ExecResult"):
        from drafterbench.interpreter import _execute

        return getattr(_execute, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
