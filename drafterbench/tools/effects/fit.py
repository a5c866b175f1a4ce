"""Shrink-to-fit in bounded time: the text box size descent of :mod:`.text` and :mod:`.table`.

The rule (docs/tools.md) is a descent in 0.5 pt steps from the asked size down to 3 pt. Walked literally, a
size of ``10**300`` never moves (``size - 0.5 == size`` for floats past 2**53) and ``1000000`` takes two
million layout calls. So the descent starts at the first step that could fit at all (no line taller than the
box fits it), walks at most :data:`LINEAR_STEPS` steps as before, and past them bisects the remaining
steps on a scratch page. Sizes a sane program asks for give exactly the old results.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pymupdf

MIN_SIZE = 3.0
STEP = 0.5
LINEAR_STEPS = 40
_HUGE = 1e6  # past this the 0.5 pt grid is meaningless: start at the cap itself


def first_size(size: float, cap: float) -> float:
    """The first size of the descent ``size, size - 0.5, ...`` that is not above ``cap``."""
    cap = max(MIN_SIZE, cap)
    if not math.isfinite(size) or size > _HUGE:
        return min(max(MIN_SIZE, size), cap) if math.isfinite(size) else cap
    if size <= cap:
        return size
    return max(MIN_SIZE, size - STEP * math.ceil((size - cap) / STEP))


def descend(size: float, fits: Callable[[float], bool], probe: Callable[[float], bool]) -> tuple[float, bool]:
    """Walk the descent from ``size`` with ``fits`` (which writes when it fits) for at most
    :data:`LINEAR_STEPS` steps; then bisect the steps left with ``probe`` (which writes nothing).

    Returns the size reached and whether ``fits`` already wrote at it.
    """
    for _ in range(LINEAR_STEPS):
        if fits(size) or size <= MIN_SIZE:
            return size, True
        size = max(MIN_SIZE, size - STEP)
    lo, hi = 0, int((size - MIN_SIZE) / STEP)  # steps below ``size``: hi reaches MIN_SIZE (or just above)
    # Invariant: size - hi*STEP is the smallest candidate; find the fewest steps down that fit.
    while lo < hi:
        mid = (lo + hi) // 2
        if probe(size - mid * STEP):
            hi = mid
        else:
            lo = mid + 1
    return max(MIN_SIZE, size - lo * STEP), False


def fit_textbox(page: pymupdf.Page, box: pymupdf.Rect, text: str, size: float, **kwargs: Any) -> float:
    """Write ``text`` into ``box`` at the largest size of the descent from ``size`` that fits; the size used.

    ``insert_textbox`` writes nothing when the text does not fit, and says so with a negative result.
    """
    start = first_size(size, max(box.width, box.height))

    def fits(s: float) -> bool:
        return page.insert_textbox(box, text, fontsize=s, **kwargs) >= 0

    def probe(s: float) -> bool:
        with pymupdf.open() as scratch:
            return scratch.new_page(width=page.rect.width, height=page.rect.height).insert_textbox(
                box, text, fontsize=s, **kwargs) >= 0

    used, written = descend(start, fits, probe)
    if not written:
        fits(used)
    return used
