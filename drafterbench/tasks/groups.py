"""Task groups for ``--task-group`` (named as in the original's evaluate.py) and selection by type."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import zip_longest

from drafterbench.tasks.model import Completeness, Count, Detail, Language, Task
from drafterbench.tasktypes import TaskType

GROUPS: dict[str, Callable[[Task], bool]] = {
    "Structured": lambda t: t.controllers.language is Language.STRUCTURED,
    "Unstructured": lambda t: t.controllers.language is Language.UNSTRUCTURED,
    "Precise": lambda t: t.controllers.detail is Detail.PRECISE,
    "Vague": lambda t: t.controllers.detail is Detail.VAGUE,
    "Complete": lambda t: t.controllers.completeness is Completeness.COMPLETE,
    "Error": lambda t: t.controllers.completeness is Completeness.INCOMPLETE,
    "Single_Object": lambda t: t.controllers.objects is Count.SINGLE,
    "Multiple_Objects": lambda t: t.controllers.objects is Count.MULTIPLE,
    "Single_Operation": lambda t: t.controllers.operations is Count.SINGLE,
    "Multiple_Operations": lambda t: t.controllers.operations is Count.MULTIPLE,
}
# The original generator's singular spellings, and a few obvious variants, name the same groups.
ALIASES = {
    "Multiple_Object": "Multiple_Objects", "Multiple_Operation": "Multiple_Operations",
    "Single_Objects": "Single_Object", "Single_Operations": "Single_Operation", "Incomplete": "Error",
}


def parse_group(name: str) -> str:
    """The canonical group name for ``name`` (case-insensitive); ValueError listing the valid names."""
    lookup = {g.lower(): g for g in GROUPS} | {a.lower(): g for a, g in ALIASES.items()}
    key = name.strip().lower()
    if key == "all":
        return "All"
    if key not in lookup:
        raise ValueError(f"unknown task group {name!r}; valid groups: All, {', '.join(GROUPS)}")
    return lookup[key]


def select(tasks: Iterable[Task], group: str | None = None, types: Iterable[str | TaskType] | None = None,
           limit: int | None = None) -> list[Task]:
    """The tasks in ``group`` (see :data:`GROUPS`) and of ``types``, at most ``limit`` of them.

    Without a limit the tasks keep the suite's order. With one, they are taken in turn from each selected
    type (the first of every type, then the second, ...), so ``--limit 24`` is a small sample of all 12
    types rather than 24 tasks of the first one.
    """
    wanted = {TaskType.parse(t) if isinstance(t, str) else t for t in types} if types else None
    predicate = None
    if group is not None:
        canonical = parse_group(group)
        predicate = None if canonical == "All" else GROUPS[canonical]
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be >= 0, got {limit}")
    out = [t for t in tasks if (wanted is None or t.type in wanted) and (predicate is None or predicate(t))]
    if limit is None or limit >= len(out):
        return out
    by_type: dict[TaskType, list[Task]] = {}
    for task in out:
        by_type.setdefault(task.type, []).append(task)
    rounds = zip_longest(*by_type.values())
    return [task for row in rounds for task in row if task is not None][:limit]



# Language, detail, completeness: the first four cells are a half fraction (every value of each controller
# twice in four tasks), the last four complete the full factorial.
_DESIGN = (("structured", "precise", "complete"), ("unstructured", "vague", "complete"),
           ("structured", "vague", "incomplete"), ("unstructured", "precise", "incomplete"),
           ("unstructured", "precise", "complete"), ("structured", "vague", "complete"),
           ("unstructured", "vague", "incomplete"), ("structured", "precise", "incomplete"))


def spread(tasks: Iterable[Task], per_type: int) -> list[Task]:
    """``per_type`` tasks of every type spread over the controllers: cells of language × detail ×
    completeness are visited in a balanced order (any four tasks of a type cover each value twice), and
    within a cell the picks are evenly spaced, so the objects and operations counts vary too.

    Deterministic: the same suite gives the same sample. Types keep the suite's order.
    """
    if per_type < 1:
        raise ValueError(f"per_type must be >= 1, got {per_type}")
    by_type: dict[TaskType, list[Task]] = {}
    for task in tasks:
        by_type.setdefault(task.type, []).append(task)
    out: list[Task] = []
    for group in by_type.values():
        cells: dict[tuple[str, str, str], list[Task]] = {}
        for t in group:
            c = t.controllers
            cells.setdefault((c.language.value, c.detail.value, c.completeness.value), []).append(t)
        order = [k for k in _DESIGN if k in cells] + [k for k in cells if k not in _DESIGN]
        wanted = min(per_type, len(group))
        counts = {k: 0 for k in order}
        while sum(counts.values()) < wanted:
            for k in order:
                if sum(counts.values()) < wanted and counts[k] < len(cells[k]):
                    counts[k] += 1
        picks = {k: [cells[k][((2 * i + 1) * len(cells[k])) // (2 * n)] for i in range(n)] for k, n in counts.items() if n}
        rounds = zip_longest(*picks.values())
        out.extend(t for row in rounds for t in row if t is not None)
    return out
