"""Check a task's reference program against its real drawings: the suite's own ground-truth audit.

:func:`check_task` renders the task's drawings (cached), runs the reference program with effects, and
returns the problems found (empty when the task is sound):

* the program does not run, or an effect failed or was skipped;
* a complete task leaves every drawing unchanged;
* a page changed that no executed object is on;
* an incomplete object was touched: its box (or, when the instruction leaves the box out, every box on that
  page that no executed operation names) renders differently afterwards; for add_vector, its coloured
  markups are no longer there. On a page where a vector operation selects by crossing (mode 2) the box check
  is skipped, since a crossing selection legitimately takes long lines that run through other boxes.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from drafterbench.tasks.model import Task
from drafterbench.tasktypes import TaskType


@dataclass
class TaskCheck:
    task_id: str
    problems: list[str] = field(default_factory=list)
    changed_pages: dict[str, list[int]] = field(default_factory=dict)


def _executed(task: Task) -> tuple[dict[tuple[str, int], set], list[tuple[str, int, object]]]:
    """Executed targets per (file, 0-based page), and the incomplete objects with a known file and page."""
    from drafterbench.tasks.render import _executed_ops, object_complete

    executed: dict[tuple[str, int], set] = {}
    untouched: list[tuple[str, int, object]] = []
    for f in task.description.files:
        for p in f.pages:
            for o in p.objects:
                runs = object_complete(f, p, o) and _executed_ops(task.type, o)
                if runs:
                    executed.setdefault((f.name, p.number - 1), set()).add(o.target)
                elif f.name is not None and p.number is not None:
                    untouched.append((f.name, p.number - 1, o.target))
    return executed, untouched


_VECTOR_TYPES = {TaskType.DELETE_VECTOR, TaskType.MAP_VECTOR, TaskType.REFRESH_VECTOR}


def _crossing_on(task: Task, name: str, page: int) -> bool:
    """True when an executed operation on that page selects vectors crossing its rectangle (mode 2)."""
    for f in task.description.files:
        for p in f.pages:
            if f.name != name or p.number is None or p.number - 1 != page:
                continue
            for o in p.objects:
                if o.target is None:
                    continue
                for op in o.operations:
                    if not op.missing and (op.args.get("mode") in (2, None) or op.args.get("cls") == "everything"):
                        return True
    return False


def _clip_png(doc, page: int, rect) -> bytes:
    return doc[page].get_pixmap(clip=rect, dpi=36).tobytes("png")


def check_task(task: Task, cache_dir: str | Path | None = None) -> TaskCheck:
    """Run ``task``'s reference program on its drawings and report what is wrong (see module doc)."""
    import pymupdf

    from drafterbench.drawings import cached_path
    from drafterbench.interpreter import execute
    from drafterbench.tools.effects.markups import colour_markups, rect_markups

    check = TaskCheck(task.id)
    drawings = {d.name: cached_path(d, cache_dir) for d in task.drawings}
    with tempfile.TemporaryDirectory() as out:
        result = execute(task.reference_program, drawings=drawings, out_dir=Path(out))
        check.changed_pages = result.changed_pages
        trace = result.trace
        if trace.error is not None:
            check.problems.append(f"does not run: {trace.error.kind}: {trace.error.message}")
            return check
        for f in trace.files:
            for b in f.blocks:
                for c in b.calls:
                    if c.effect.value in ("failed", "skipped"):
                        check.problems.append(f"{c.tool} {c.effect.value}: {c.warning}")
        if task.controllers.completeness.value == "complete" and not any(result.changed_pages.values()):
            check.problems.append("a complete task changed no drawing")
        executed, untouched = _executed(task)
        for name, pages in result.changed_pages.items():
            stray = [p for p in pages if (name, p) not in executed]
            if stray:
                check.problems.append(f"{name}: pages {stray} changed but no executed object is on them")
        for name, page, target in untouched:
            after_path = result.outputs.get(name[:-4] + "_updated.pdf")  # keyed by the saved path
            if after_path is None or page not in result.changed_pages.get(name, []):
                continue  # the file or page was not changed at all
            with pymupdf.open(drawings[name]) as before, pymupdf.open(after_path) as after:
                if task.type is TaskType.ADD_VECTOR:
                    if isinstance(target, str) and not colour_markups(after[page], target):
                        check.problems.append(f"{name} p{page + 1}: the {target} markups were converted")
                    continue
                rects = rect_markups(before[page])
                named = executed.get((name, page), set())
                orders = [target] if isinstance(target, int) else [i + 1 for i in range(len(rects))
                                                                    if i + 1 not in named]
                if task.type in _VECTOR_TYPES and _crossing_on(task, name, page):
                    # A crossing (mode 2) selection may take a long line that also runs through this box:
                    # a change there is the named operation's reach, not the incomplete object's execution.
                    continue
                for order in orders:
                    if order <= len(rects) and _clip_png(before, page, rects[order - 1]) != \
                            _clip_png(after, page, rects[order - 1]):
                        check.problems.append(f"{name} p{page + 1} box {order}: incomplete object was touched")
    return check
