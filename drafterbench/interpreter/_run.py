"""``run_program``: one program run against a session's tools, never raising (see the package docstring)."""

from __future__ import annotations

import logging
import time
from typing import Any

from drafterbench.interpreter._limits import Limits
from drafterbench.tools.trace import Note, ProgramError, Trace

logger = logging.getLogger(__name__)

DEFAULT_LIMITS = Limits()


def run_program(source: str, session: Any, *, limits: Limits = DEFAULT_LIMITS) -> Trace:
    """Run ``source`` against ``session``'s tools and return ``session.trace``.

    ``session`` needs ``modules`` (name -> module tool object: "fitz", "PDFbf", "testf"), a writable
    ``current_line`` (set to each statement's line before it runs) and ``trace``. Never raises: a program
    that cannot run to its end leaves ``trace.error`` set (kind syntax, forbidden, name, type, limit or
    tool) with everything recorded before that point kept.
    """
    from drafterbench.interpreter._check import check_program
    from drafterbench.interpreter._eval import Evaluator
    from drafterbench.interpreter._source import parse_program

    started = time.perf_counter()
    trace: Trace = session.trace
    notes: list[Note] = []
    try:
        parsed = parse_program(source, limits)
        notes.extend(parsed.notes)
        error = parsed.error
        if error is None and parsed.tree is not None:
            error = check_program(parsed.tree, session.modules.keys(), limits)
        if error is None and parsed.tree is not None:
            error = Evaluator(session, limits, notes).run(parsed.tree, started)
    except Exception as exc:  # the contract is "never raise": a failure of ours is recorded (and logged)
        logger.debug("interpreter failure", exc_info=True)
        error = ProgramError(kind="type", message=f"internal interpreter error: {type(exc).__name__}: "
                                                  f"{str(exc)[:300]}")
    trace.warnings.extend(notes)
    if error is not None:
        trace.error = error
    return trace
