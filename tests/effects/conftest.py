"""A real generated drawing, opened with PyMuPDF, for every effect test (the spec: ``drawing.py``)."""

from __future__ import annotations

import pymupdf
import pytest

from drafterbench.drawings import render
from tests.effects.drawing import SPEC


@pytest.fixture(scope="session")
def pdf_bytes() -> bytes:
    return render(SPEC)


@pytest.fixture
def page(pdf_bytes):
    doc = pymupdf.open(stream=pdf_bytes)
    yield doc[0]
    doc.close()
