"""Task generation: controllers → structure → drawings → reference program → instructions in two styles.

Every task is a pure function of ``(seed, type, index)``: a ``random.Random`` seeded with a string built from
them drives every choice, so regenerating the suite gives byte-identical data. One *base* task (the
description, drawings and reference program) is phrased twice, structured and unstructured, as in the
original; ids ``<type>-<2b>`` and ``<type>-<2b+1>`` are the two phrasings of base task ``b``.

Balance: for each type the controllers that apply to it (:func:`applicable`) are crossed, and the base tasks
cycle through those combinations, so every applicable controller value gets exactly half of the tasks.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator

from drafterbench.drawings.spec import BoxSpec, DrawingSpec, MarkupSpec, PageSpec
from drafterbench.tasks import values as V
from drafterbench.tasks.model import (
    Completeness,
    Controllers,
    Count,
    Detail,
    FileTarget,
    Language,
    PageTarget,
    Scoring,
    TargetObject,
    Task,
    TaskDescription,
)
from drafterbench.tasks.phrasing import phrase
from drafterbench.tasks.render import render_program
from drafterbench.tasks.spaces import SPACES, ObjectDraft
from drafterbench.tasktypes import TaskType

SUITE_SEED = 20250701
TASKS_PER_TYPE = 160
# Multiple objects: (files, pages per file, objects per page), at most two extra items in all (catalog §4.4).
_LAYOUTS = ((2, 1, 1), (1, 2, 1), (1, 1, 2), (1, 1, 3), (2, 2, 1), (2, 1, 2), (1, 2, 2))
_LEVELS = ("file", "page", "order", "base")
# Tool argument names for description keys that differ from them.
_ARG_NAMES = {"row_height": "arrange", "column_width": "arrange"}


def applicable(ttype: TaskType) -> dict[str, tuple]:
    """The controllers (besides language) that vary for ``ttype``, with their values."""
    space = SPACES[ttype]
    dims: dict[str, tuple] = {
        "objects": (Count.SINGLE, Count.MULTIPLE),
        "completeness": (Completeness.COMPLETE, Completeness.INCOMPLETE),
    }
    dims["detail"] = (Detail.PRECISE, Detail.VAGUE) if space.vague_capable else (Detail.PRECISE,)
    dims["operations"] = (Count.SINGLE, Count.MULTIPLE) if space.multi_operations else (Count.SINGLE,)
    return dims


def combinations(ttype: TaskType) -> list[dict]:
    """Every combination of the applicable controller values, in a fixed order."""
    dims = applicable(ttype)
    keys = sorted(dims)
    return [dict(zip(keys, values)) for values in itertools.product(*(dims[k] for k in keys))]


def _filler_box(rng: random.Random) -> BoxSpec:
    kind = rng.choice(("empty", "text", "table", "vectors"))
    if kind == "text":
        return BoxSpec(content="text", text=V.existing_text(rng))
    if kind == "table":
        return BoxSpec(content="table", table=V.table_data(rng, 3, 3))
    if kind == "vectors":
        return BoxSpec(content="vectors", vectors=sorted(rng.sample(V.VECTOR_CLASSES, rng.randint(1, 3))))
    return BoxSpec(content="empty")


def _drawing(rng: random.Random, name: str, pages: list[PageTarget], drafts: dict[tuple[int, int], ObjectDraft],
             hidden: list[tuple[int, ObjectDraft]]) -> DrawingSpec:
    """The drawing for one file: as many pages as the highest page named, each named box where it is named.

    ``hidden`` holds objects whose rectangle or colour the instruction leaves out: their content is still
    placed on their page (at a free position), so a test can check that nothing touched it.
    """
    n_pages = max([p.number for p in pages if p.number is not None], default=1)
    boxes: dict[int, dict[int, BoxSpec]] = {i: {} for i in range(1, n_pages + 1)}
    markups: dict[int, dict[str, list[str]]] = {i: {} for i in range(1, n_pages + 1)}
    for p, page in enumerate(pages):
        if page.number is None:
            continue
        for o, obj in enumerate(page.objects):
            draft = drafts[(p, o)]
            if draft.box is not None and isinstance(obj.target, int):
                boxes[page.number][obj.target] = draft.box
            elif draft.markup_kinds is not None and isinstance(obj.target, str):
                markups[page.number][obj.target] = draft.markup_kinds
    for page_no, draft in hidden:
        if draft.box is not None:
            free = [i for i in range(1, V.MAX_BOX + 1) if i not in boxes[page_no]]
            boxes[page_no][rng.choice(free)] = draft.box
        else:
            free_colours = [c for c in V.COLOURS if c not in markups[page_no]]
            markups[page_no][rng.choice(free_colours)] = draft.markup_kinds
    page_specs = []
    for number in range(1, n_pages + 1):
        named = boxes[number]
        count = max(named, default=0) + rng.randint(0, 1)
        count = max(count, 1)
        page_boxes = [named.get(i) or _filler_box(rng) for i in range(1, count + 1)]
        page_markups = markups[number]
        if page_markups and rng.random() < 0.5:  # a decoy colour the task does not name
            decoy = rng.choice([c for c in V.COLOURS if c not in page_markups])
            page_markups = {**page_markups, decoy: sorted(rng.sample(V.VECTOR_CLASSES, 2))}
        specs = [MarkupSpec(colour=c, kinds=k) for c, k in sorted(page_markups.items())]
        page_specs.append(PageSpec(boxes=page_boxes, markups=specs))
    return DrawingSpec(name=name, seed=rng.randrange(2**31), pages=page_specs)


def _base(ttype: TaskType, combo: dict, rng: random.Random):
    """The description and drawings of one base task."""
    space = SPACES[ttype]
    n_files, n_pages, n_objs = rng.choice(_LAYOUTS) if combo["objects"] is Count.MULTIPLE else (1, 1, 1)
    incomplete = combo["completeness"] is Completeness.INCOMPLETE
    vague = combo["detail"] is Detail.VAGUE
    levels = _LEVELS
    if vague and ttype in (TaskType.REFRESH_TABLE, TaskType.REFRESH_TEXT):
        # A refresh whose base is missing names no attribute at all, so nothing in it could be vague.
        levels = _LEVELS[:3]
    level = rng.choice(levels) if incomplete else None
    names = V.file_names(rng, n_files)
    files, drafts = [], {}
    hidden: dict[str, list] = {}
    for f, name in enumerate(names):
        pages = []
        for p, number in enumerate(sorted(rng.sample(range(1, V.MAX_PAGE + 1), n_pages))):
            first_page = f == 0 and p == 0
            targets: list = (rng.sample(V.COLOURS, n_objs) if ttype is TaskType.ADD_VECTOR
                             else rng.sample(range(1, V.MAX_BOX + 1), n_objs))
            objects = []
            for o, target in enumerate(targets):
                first = first_page and o == 0
                n_ops = rng.randint(2, 3) if combo["operations"] is Count.MULTIPLE else 1
                draft = space.sample(rng, n_ops, vague, first and level == "base")
                if first and level == "order":
                    hidden.setdefault(name, []).append((number, draft))
                    target = None
                obj = TargetObject(target=target, operations=draft.operations, orientation=draft.orientation,
                                   repair=draft.repair, format=draft.format, format_vague=draft.format_vague)
                drafts[(f, p, o)] = draft
                objects.append(obj)
            pages.append(PageTarget(number=None if first_page and level == "page" else number, objects=objects))
        files.append(FileTarget(name=None if f == 0 and level == "file" else name, pages=pages))
    drawings = [
        _drawing(rng, file.name, file.pages, {k[1:]: v for k, v in drafts.items() if k[0] == f},
                 hidden.get(names[f], []))
        for f, file in enumerate(files) if file.name
    ]
    return TaskDescription(files=files), drawings


def _scoring(desc: TaskDescription, vague: bool) -> Scoring:
    names = set()
    for f in desc.files:
        for p in f.pages:
            for obj in p.objects:
                names.update(_ARG_NAMES.get(k, k) for k in obj.format_vague)
                for op in obj.operations:
                    names.update(_ARG_NAMES.get(k, k) for k in op.vague)
    return Scoring(mode="vague" if vague else "precise", vague_arguments=sorted(names))


def base_tasks(ttype: TaskType, index: int, combo: dict, seed: int | str, prefix: str) -> tuple[Task, Task]:
    """Base task ``index`` of ``ttype`` in both styles (structured first)."""
    rng = random.Random(f"{seed}:{ttype.value}:{index}")
    desc, drawings = _base(ttype, combo, rng)
    by_name = {d.name: d for d in drawings}

    def box_of(file: str, page: int, rect: int):
        spec = by_name.get(file)
        if spec is None or page > len(spec.pages) or rect > len(spec.pages[page - 1].boxes):
            return None
        return spec.pages[page - 1].boxes[rect - 1]

    program = render_program(ttype, desc, box_of)
    scoring = _scoring(desc, combo["detail"] is Detail.VAGUE)
    out = []
    for offset, language in enumerate((Language.STRUCTURED, Language.UNSTRUCTURED)):
        controllers = Controllers(language=language, **combo)
        text = phrase(ttype, desc, language, random.Random(f"{seed}:{ttype.value}:{index}:{language.value}"))
        out.append(Task(id=f"{prefix}{ttype.value}-{2 * index + offset:04d}", type=ttype, controllers=controllers,
                        instruction=text, drawings=drawings, reference_program=program, scoring=scoring,
                        description=desc))
    return out[0], out[1]


def generate_type(ttype: TaskType, n: int = TASKS_PER_TYPE, seed: int | str = SUITE_SEED,
                  prefix: str = "") -> list[Task]:
    """``n`` tasks of one type (``n`` even), balanced over its applicable controllers."""
    combos = combinations(ttype)
    tasks: list[Task] = []
    for b in range(n // 2):
        tasks.extend(base_tasks(ttype, b, combos[b % len(combos)], seed, prefix))
    return tasks


def generate_suite(seed: int | str = SUITE_SEED, per_type: int = TASKS_PER_TYPE) -> list[Task]:
    """The whole suite: ``per_type`` tasks for each of the 12 types, in type order."""
    return [t for ttype in TaskType for t in generate_type(ttype, per_type, seed)]


def generate_train(n: int, seed: int = 1, exclude: set[str] | None = None) -> Iterator[Task]:
    """``n`` training tasks from seeds disjoint from the suite's, skipping any instruction in ``exclude``."""
    exclude = exclude or set()
    made, index = 0, 0
    types = list(TaskType)
    while made < n:
        ttype = types[index % len(types)]
        b = index // len(types)
        combos = combinations(ttype)
        for task in base_tasks(ttype, b, combos[b % len(combos)], f"train-{seed}", "train-"):
            if made < n and task.instruction not in exclude:
                made += 1
                yield task
        index += 1
