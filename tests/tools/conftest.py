"""Fixtures for the tool tests: a recording-only session and its modules."""

from __future__ import annotations

import pytest

from drafterbench.tools.session import ToolSession


@pytest.fixture
def session() -> ToolSession:
    return ToolSession(effects=False)


@pytest.fixture
def fitz(session):
    return session.modules["fitz"]


@pytest.fixture
def pdfbf(session):
    return session.modules["PDFbf"]


@pytest.fixture
def opened(session, fitz, pdfbf):
    """An opened document with its first rectangle: (doc, rectangle, rfpoint)."""
    doc = fitz.open("beam.pdf")
    extractor = pdfbf.extractanno(doc=doc)
    rect, rf = extractor.getclip_rfpoint(pagenumber=0, rectangleorder=1)
    return doc, rect, rf
