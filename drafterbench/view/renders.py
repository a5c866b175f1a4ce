"""Drawings for the viewer: an answer re-run exactly as grading runs it, its changed pages rendered as PNGs.

Run logs keep traces, not PDFs, so the viewer runs the answer again through
:func:`drafterbench.grading.execute_answer` (the interpreter, or a tool-mode replay, with the effects on the
task's cached drawings: deterministic, so the same PDFs grading compared) and renders only the pages the
effects changed, with :func:`drafterbench.interpreter._execute.changed_page_pairs`.

Everything lands in a content-addressed cache folder: ``before-<drawing>-p<N>.png`` once per drawing page,
``<key>-<n>-after.png`` and a ``<key>.json`` manifest per distinct answer, where the key digests the render
version, the generator version, the task's drawings, the answer and the resolution. An answer identical to
the reference program (the whole of a reference run) has the reference's key and is rendered once; running
the viewer again renders nothing that is cached.
"""

from __future__ import annotations

import hashlib
import json
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from drafterbench.drawings import write_atomic
from drafterbench.tasks.model import Task

logger = logging.getLogger(__name__)

RENDER_VERSION = 1
MAX_REGIONS = 24  # more separate changes than this are outlined as one box


@dataclass(frozen=True)
class RenderOptions:
    """How pages are rendered and how changes are found on them."""

    dpi: int = 50
    cell_px: int = 6  # changes are found on a grid of cells this wide, then grown into boxes
    threshold: int = 40  # a pixel differs when a channel moves by more than this (0..255)


class PageRender(BaseModel):
    """One changed page: the before and after images and the changed regions (fractions of the page)."""

    model_config = ConfigDict(extra="forbid")

    file: str  # the opened path, as the program named it
    saved: str  # the path the program saved it as
    page: int  # 0-based
    before: str  # image file names inside the cache folder
    after: str
    width: int
    height: int
    regions: list[tuple[float, float, float, float]] = Field(default_factory=list)  # x0, y0, x1, y1 in 0..1


class AnswerRender(BaseModel):
    """What rendering one answer left in the cache (written as ``<key>.json``)."""

    model_config = ConfigDict(extra="forbid")

    version: int = RENDER_VERSION
    key: str
    pages: list[PageRender] = Field(default_factory=list)
    error: str | None = None  # the answer could not be run or rendered (the page says so)


def answer_key(task: Task, program: str | None, tool_calls: list[dict[str, Any]] | None,
               options: RenderOptions) -> str:
    """The cache key of an answer's renders: the same answer on the same drawings renders the same."""
    from drafterbench.drawings import GENERATOR_VERSION

    payload = json.dumps(
        [RENDER_VERSION, GENERATOR_VERSION, [d.model_dump(mode="json") for d in task.drawings],
         program, tool_calls, options.dpi, options.cell_px, options.threshold],
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:24]


def cached(cache: Path, key: str) -> AnswerRender | None:
    """The manifest of ``key`` when it and every image it names are in ``cache``."""
    path = cache / f"{key}.json"
    try:
        render = AnswerRender.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if render.version != RENDER_VERSION or render.key != key:
        return None
    if not all((cache / p.before).exists() and (cache / p.after).exists() for p in render.pages):
        return None
    return render


def render_answer(task: Task, program: str | None, tool_calls: list[dict[str, Any]] | None, cache: Path,
                  options: RenderOptions = RenderOptions()) -> AnswerRender:
    """Run the answer on the task's drawings and render its changed pages into ``cache`` (once per key)."""
    key = answer_key(task, program, tool_calls, options)
    hit = cached(cache, key)
    if hit is not None:
        return hit
    cache.mkdir(parents=True, exist_ok=True)
    try:
        render = _render(task, program or "", tool_calls, cache, key, options)
    except Exception as exc:  # noqa: BLE001 - one answer that cannot be drawn must not stop a whole report
        logger.warning("task %s: rendering failed: %s", task.id, exc)
        render = AnswerRender(key=key, error=f"the drawing could not be rendered: {exc}")
    write_atomic(cache / f"{key}.json", render.model_dump_json().encode())
    return render


def _render(task: Task, program: str, tool_calls: list[dict[str, Any]] | None, cache: Path, key: str,
            options: RenderOptions) -> AnswerRender:
    from drafterbench.drawings import spec_digest
    from drafterbench.grading import execute_answer, task_drawings
    from drafterbench.interpreter._execute import changed_page_pairs

    drawings = task_drawings(task)
    digests = {d.name: spec_digest(d)[:20] for d in task.drawings}
    pages: list[PageRender] = []
    with tempfile.TemporaryDirectory(prefix="drafterbench-view-") as work:
        executed = execute_answer(task, program, Path(work), tool_calls)
        for n, (path, saved, page, before, after) in enumerate(changed_page_pairs(executed, drawings)):
            before_pix = before.get_pixmap(dpi=options.dpi)
            after_pix = after.get_pixmap(dpi=options.dpi)
            before_name = f"before-{digests.get(path, key)}-p{page + 1}.png"
            if not (cache / before_name).exists():
                write_atomic(cache / before_name, before_pix.tobytes("png"))
            after_name = f"{key}-{n}-after.png"
            write_atomic(cache / after_name, after_pix.tobytes("png"))
            pages.append(PageRender(
                file=path, saved=saved, page=page, before=before_name, after=after_name,
                width=after_pix.width, height=after_pix.height,
                regions=changed_regions(before_pix, after_pix, options),
            ))
    if executed.trace.error is not None and not pages:
        return AnswerRender(key=key, error=f"not executable: {executed.trace.error.message}")
    return AnswerRender(key=key, pages=pages)


def changed_regions(before: Any, after: Any, options: RenderOptions = RenderOptions()
                    ) -> list[tuple[float, float, float, float]]:
    """Boxes around the pixels that differ between two renders of a page, as fractions of the page.

    Differences are marked on a grid of ``cell_px`` cells; touching cells (and cells one apart) join into one
    box, so a moved line gives one box, not dozens.
    """
    import numpy as np

    if (before.width, before.height, before.n) != (after.width, after.height, after.n):
        return [(0.0, 0.0, 1.0, 1.0)]
    h, w, n = after.height, after.width, after.n
    a = np.frombuffer(before.samples_mv, dtype=np.uint8)
    b = np.frombuffer(after.samples_mv, dtype=np.uint8)
    # |a - b| in uint8 without overflow; a row of the mask holds w pixels of n channels each.
    mask = ((np.maximum(a, b) - np.minimum(a, b)) > options.threshold).reshape(h, w * n)
    if not mask.any():
        return []
    c = options.cell_px
    gh, gw = -(-h // c), -(-w // c)
    padded = np.zeros((gh * c, gw * c * n), dtype=bool)
    padded[:h, : w * n] = mask
    cells = padded.reshape(gh, c, gw, c * n).any(axis=(1, 3))
    boxes = _components(cells)
    if len(boxes) > MAX_REGIONS:
        rows, cols = np.nonzero(cells)
        boxes = [(int(cols.min()), int(rows.min()), int(cols.max()), int(rows.max()))]
    return [(max(0.0, x0 * c / w), max(0.0, y0 * c / h), min(1.0, (x1 + 1) * c / w), min(1.0, (y1 + 1) * c / h))
            for x0, y0, x1, y1 in boxes]


def _components(cells: Any) -> list[tuple[int, int, int, int]]:
    """Bounding boxes (x0, y0, x1, y1 in cells) of groups of marked cells, joining cells up to one apart."""
    import numpy as np

    seen = np.zeros_like(cells)
    gh, gw = cells.shape
    boxes = []
    for y, x in zip(*np.nonzero(cells)):
        if seen[y, x]:
            continue
        seen[y, x] = True
        stack = [(int(y), int(x))]
        x0, y0, x1, y1 = int(x), int(y), int(x), int(y)
        while stack:
            cy, cx = stack.pop()
            x0, y0, x1, y1 = min(x0, cx), min(y0, cy), max(x1, cx), max(y1, cy)
            for ny in range(max(0, cy - 2), min(gh, cy + 3)):
                for nx in range(max(0, cx - 2), min(gw, cx + 3)):
                    if cells[ny, nx] and not seen[ny, nx]:
                        seen[ny, nx] = True
                        stack.append((ny, nx))
        boxes.append((x0, y0, x1, y1))
    return boxes
