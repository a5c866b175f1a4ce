"""Fixtures for the interpreter tests: a tool session (the real one when it exists) and a value probe."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fake_tools import FakeSession

from drafterbench.interpreter import Limits, run_program
from drafterbench.tools.trace import Trace


def real_session() -> Any | None:
    """A recording-only ToolSession, or None while drafterbench.tools.session is not there."""
    try:
        from drafterbench.tools.session import ToolSession
    except ImportError:
        return None
    return ToolSession()


@pytest.fixture
def session() -> Any:
    """The real recording session when available, otherwise the fake with the same contract."""
    return real_session() or FakeSession()


@pytest.fixture
def run_fake() -> Callable[..., Trace]:
    """Run a program against the fake tools (exact, simple recording of the values a program passes)."""

    def run(source: str, limits: Limits = Limits()) -> Trace:
        return run_program(source, FakeSession(), limits=limits)

    return run


PREAMBLE = 'import fitz\ndoc = fitz.open("a.pdf")\n'


@pytest.fixture
def value_of(run_fake: Callable[..., Trace]) -> Callable[[str], Any]:
    """The value a program computes: ``setup`` lines, then ``x = <expr>`` handed to a fake tool."""

    def probe(expr: str, setup: str = "") -> Any:
        trace = run_fake(f"{PREAMBLE}{setup}\nx = {expr}\nt = fitz.manipulate_text(doc=doc, text=x)\n")
        assert trace.error is None, trace.error
        block = trace.files[0].blocks[0]
        return block.argument("text").value

    return probe
