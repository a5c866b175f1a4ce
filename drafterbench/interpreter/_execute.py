"""``execute``: one call from program text and drawings to a trace, revised PDFs and before/after images."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafterbench.interpreter._limits import Limits
from drafterbench.tools.trace import Trace

logger = logging.getLogger(__name__)

_DEFAULT_LIMITS = Limits()
#: The most before/after images :func:`render_before_after` writes.
MAX_IMAGES = 64


@dataclass
class ExecResult:
    """What running a program produced."""

    trace: Trace
    outputs: dict[str, Path] = field(default_factory=dict)
    """Saved path (``"beam_updated.pdf"``) -> the revised PDF written into ``out_dir``."""
    changed_pages: dict[str, list[int]] = field(default_factory=dict)
    """Program path -> 0-based pages an applied effect changed."""
    unmatched: list[str] = field(default_factory=list)
    """Paths the program opened that no given drawing matches (recorded, effects off for them)."""


def execute(
    source: str,
    *,
    drawings: Mapping[str, Path] | None = None,
    out_dir: Path | None = None,
    effects: bool = True,
    limits: Limits = _DEFAULT_LIMITS,
) -> ExecResult:
    """Run ``source`` against fresh tools, with ``drawings`` (program path -> PDF) attached.

    Effects apply only to opened paths found in ``drawings``; revised PDFs are written into ``out_dir``
    (and nowhere else) when the program saves them. Never raises for a bad program: see ``trace.error``.
    """
    from drafterbench.interpreter._run import run_program
    from drafterbench.tools.session import ToolSession

    drawings = dict(drawings or {})
    session = ToolSession(drawings, effects=effects, out_dir=out_dir)
    try:
        trace = run_program(source, session, limits=limits)
    finally:
        session.close()
    opened = [f.path for f in trace.files if f.opened]
    return ExecResult(
        trace=trace,
        outputs=dict(session.saved_files),
        changed_pages={path: sorted(pages) for path, pages in session.changed_pages.items()},
        unmatched=[p for p in opened if isinstance(p, str) and p not in drawings] if drawings else [],
    )


def source_of(result: Any, saved: str) -> str:
    """The opened path (``"beam.pdf"``) whose document was saved as ``saved`` (``"beam_updated.pdf"``).

    ``changed_pages`` and the drawings are keyed by the opened path, ``outputs`` by the saved one; the trace
    links them. A path no recorded save names is its own source.
    """
    for f in result.trace.files:
        if isinstance(f.path, str) and any(s.path == saved for s in f.saves):
            return f.path
    return saved


def changed_page_pairs(
    result: Any, drawings: Mapping[str, Path]
) -> Iterator[tuple[str, str, int, Any, Any]]:
    """``(opened path, saved path, 0-based page, before page, after page)`` for every changed page of every
    saved file of ``result`` (an :class:`ExecResult`, or anything with ``trace``, ``outputs`` and
    ``changed_pages``); the PyMuPDF pages are valid until the next item is asked for."""
    import pymupdf

    for saved, after_pdf in result.outputs.items():
        path = source_of(result, saved)
        pages = result.changed_pages.get(path, [])
        before_pdf = drawings.get(path)
        if not pages or before_pdf is None:
            continue
        with pymupdf.open(before_pdf) as before, pymupdf.open(after_pdf) as after:
            for page in pages:
                if 0 <= page < len(before) and page < len(after):
                    yield path, saved, page, before[page], after[page]


def render_before_after(
    result: ExecResult, drawings: Mapping[str, Path], out_dir: Path, *, dpi: int = 72
) -> list[Path]:
    """Write ``<name>-p<N>-before.png`` and ``-after.png`` for every changed page of every saved file.

    Pages are numbered from 1 in the file names, as a drafter would say them. At most ``MAX_IMAGES``
    images are written (a program saving many drawings must not fill the disk with renders).
    """
    from drafterbench.tools.session import safe_file_name

    written: list[Path] = []
    for path, _saved, page, before, after in changed_page_pairs(result, drawings):
        stem = Path(path).stem
        for label, pdf_page in (("before", before), ("after", after)):
            if len(written) >= MAX_IMAGES:
                return written
            target = out_dir / safe_file_name(f"{stem}-p{page + 1}-{label}.png")
            pdf_page.get_pixmap(dpi=dpi).save(target)
            written.append(target)
    return written
