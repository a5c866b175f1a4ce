"""Write ``docs/examples.md``: 24 suite tasks (2 per type, one in each style) with before/after renders.

    python -m drafterbench.tasks.examples [--out docs]

For each type it takes the first complete single-object task in each style (two different base tasks), runs
its reference program with effects on its drawing, and writes small PNG crops (80 dpi) of the changed region,
before and after, into ``<out>/examples/``.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
from pathlib import Path

from drafterbench.tasks.model import Task
from drafterbench.tasktypes import TaskType

logger = logging.getLogger(__name__)
DPI = 80
PAD = 36  # points around the target box
PAD_MAP = 140  # more for the map types, so moved, rotated or scaled content stays in view


def pick_examples(tasks: list[Task]) -> list[Task]:
    """Two tasks per type: the first complete single-object one in each style, from different base tasks."""
    chosen = []
    for ttype in TaskType:
        used_programs = set()
        for language in ("structured", "unstructured"):
            for t in tasks:
                c = t.controllers
                if (t.type is ttype and c.language.value == language and c.completeness.value == "complete"
                        and c.objects.value == "single" and t.reference_program not in used_programs):
                    chosen.append(t)
                    used_programs.add(t.reference_program)
                    break
    return chosen


def _region(task: Task, page) -> object:
    """The clip to render: the target box (or the markups of the target colour), padded."""
    import pymupdf

    from drafterbench.tools.effects.markups import colour_markups, rect_markups

    obj = task.description.files[0].pages[0].objects[0]
    if isinstance(obj.target, str):
        boxes = [pymupdf.Rect(v.bbox) for v in colour_markups(page, obj.target)]
        rect = boxes[0]
        for b in boxes[1:]:
            rect |= b
    else:
        rect = pymupdf.Rect(rect_markups(page)[obj.target - 1])
    pad = PAD_MAP if task.type.value.startswith("map_") else PAD
    return (rect + (-pad, -pad, pad, pad)) & page.rect


def render_example(task: Task, images: Path, cache: Path) -> tuple[str, str]:
    """Run ``task``'s program with effects and write its before/after crops; returns the two file names."""
    import pymupdf

    from drafterbench.drawings import cached_path
    from drafterbench.interpreter import execute

    drawings = {d.name: cached_path(d, cache) for d in task.drawings}
    name = task.description.files[0].name
    page_no = task.description.files[0].pages[0].number - 1
    with tempfile.TemporaryDirectory() as out:
        result = execute(task.reference_program, drawings=drawings, out_dir=Path(out))
        saved = result.outputs.get(name[:-4] + "_updated.pdf")  # keyed by the saved path
        if result.trace.error is not None or saved is None:
            raise RuntimeError(f"{task.id}: the reference program did not produce {name}")
        names = []
        with pymupdf.open(drawings[name]) as before, pymupdf.open(saved) as after:
            clip = _region(task, before[page_no])
            for label, doc in (("before", before), ("after", after)):
                file = f"{task.id}-{label}.png"
                doc[page_no].get_pixmap(clip=clip, dpi=DPI).save(images / file)
                names.append(file)
    return names[0], names[1]


def write_examples(out: Path) -> Path:
    """Write ``out/examples.md`` and ``out/examples/*.png``; returns the markdown path."""
    from drafterbench.tasks.suite import load_suite, suite_version

    images = out / "examples"
    images.mkdir(parents=True, exist_ok=True)
    lines = [f"# Examples: 24 tasks of {suite_version().split('+')[0]}", "",
             (f"Two tasks per type from `{suite_version()}` (one structured, one unstructured; complete, single "
              "object), each with its reference program and the drawing region before and after running it with "
              "effects. Regenerate with `python -m drafterbench.tasks.examples`."), ""]
    with tempfile.TemporaryDirectory() as cache:
        for task in pick_examples(load_suite()):
            before, after = render_example(task, images, Path(cache))
            c = task.controllers
            lines += [f"## {task.id}", "",
                      (f"*{task.type.value} · {c.language.value} · {c.detail.value} · "
                       f"{c.operations.value} operation(s)*"), "",
                      "**Instruction**", "", *[f"> {line}" if line else ">" for line in task.instruction.split("\n")],
                      "", "**Reference program**", "", "```python", task.reference_program.rstrip(), "```", "",
                      "| before | after |", "|---|---|", f"| ![before](examples/{before}) | ![after](examples/{after}) |",
                      ""]
    path = out / "examples.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description="Write docs/examples.md with before/after renders.")
    parser.add_argument("--out", type=Path, default=Path("docs"), help="the docs folder (default: docs)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    logger.info("wrote %s", write_examples(args.out))


if __name__ == "__main__":
    main()
