"""Optional dependencies, imported where first needed, with an error that names the extra to install."""

from __future__ import annotations

import importlib
from types import ModuleType

_EXTRA_OF = {
    "torch": "local",
    "transformers": "local",
    "tiktoken": "local",
    "openai": "openai",
    "httpx": "openai",
    "langchain_core": "langchain",
}


class MissingDependency(ImportError):
    """An optional dependency is not installed; the message names the extra that installs it."""


def require(module: str) -> ModuleType:
    """Import ``module`` or raise :class:`MissingDependency` naming ``pip install 'drafterbench[extra]'``."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        top = module.split(".")[0]
        extra = _EXTRA_OF.get(top)
        hint = f"pip install 'drafterbench[{extra}]'" if extra else f"pip install {top}"
        raise MissingDependency(f"{module!r} is needed for this feature but is not installed: {hint}") from exc
