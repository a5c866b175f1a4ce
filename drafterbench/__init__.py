"""drafterbench: LLM agents revising technical drawings, scored by their operation chains.

Importing the package is light: torch, transformers, openai and langchain load only where first needed.
The public API is re-exported lazily from here.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "evaluate": ("drafterbench.run", "evaluate"),
    "Trace": ("drafterbench.tools.trace", "Trace"),
    "run_program": ("drafterbench.interpreter", "run_program"),
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'drafterbench' has no attribute {name!r}")
