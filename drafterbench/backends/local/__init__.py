"""The local backend: transformers models decoded by drafterbench's speculative engine.

``LocalBackend`` is exported lazily; nothing here imports torch until a model is used.
"""

from __future__ import annotations

from typing import Any

__all__ = ["LocalBackend"]


def __getattr__(name: str) -> Any:
    if name == "LocalBackend":
        from drafterbench.backends.local.backend import LocalBackend

        return LocalBackend
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
