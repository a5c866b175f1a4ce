"""The DrafterBench task suite: task model, 12 task spaces, generator, phrasing, frozen suite v1.

    from drafterbench.tasks import load_suite, select
    tasks = select(load_suite(), group="Vague", types=["map_table"], limit=10)

Light to import: the suite file is read on the first ``load_suite()`` call and cached.
"""

from __future__ import annotations

from typing import Any

_LAZY = {
    "Task": ("drafterbench.tasks.model", "Task"),
    "Controllers": ("drafterbench.tasks.model", "Controllers"),
    "load_suite": ("drafterbench.tasks.suite", "load_suite"),
    "get_task": ("drafterbench.tasks.suite", "get_task"),
    "suite_version": ("drafterbench.tasks.suite", "suite_version"),
    "suite_hash": ("drafterbench.tasks.suite", "suite_hash"),
    "read_tasks": ("drafterbench.tasks.suite", "read_tasks"),
    "write_tasks": ("drafterbench.tasks.suite", "write_tasks"),
    "select": ("drafterbench.tasks.groups", "select"),
    "GROUPS": ("drafterbench.tasks.groups", "GROUPS"),
    "generate_suite": ("drafterbench.tasks.generator", "generate_suite"),
    "generate_train": ("drafterbench.tasks.generator", "generate_train"),
}

__all__ = [*_LAZY, "SUITE_HASH"]  # noqa: PLE0604 (lazy names)


def __getattr__(name: str) -> Any:
    if name == "SUITE_HASH":
        from drafterbench.tasks.suite import suite_hash

        return suite_hash()
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'drafterbench.tasks' has no attribute {name!r}")
