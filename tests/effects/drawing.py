"""Test support for the effect tests: a real generated drawing (its spec) and ways to read an edited page."""

from __future__ import annotations

import pymupdf

from drafterbench.drawings import BoxSpec, DrawingSpec, MarkupSpec, PageSpec

TABLE = [
    ["Mark", "Size", "Bars"],
    ["B1", "300x600", "4T20"],
    ["B2", "250x500", "3T16"],
    ["C1", "400x400", "8T25"],
]

SPEC = DrawingSpec(
    name="frame.pdf",
    seed=11,
    pages=[
        PageSpec(
            boxes=[
                BoxSpec(content="text", text="Beam B1 to be cast with slab"),
                BoxSpec(content="table", table=TABLE),
                BoxSpec(content="vtext", text="CHECK ON SITE"),
                BoxSpec(content="vectors"),
                BoxSpec(content="empty"),
                BoxSpec(content="vectors", vectors=["lines", "columns"]),
            ],
            markups=[MarkupSpec(colour="blue", kinds=["rebars", "columns", "lines"])],
        ),
    ],
)


def reopen(page: pymupdf.Page) -> pymupdf.Page:
    """Save the edited document to bytes and open it again: what a user of the revised PDF sees."""
    data = page.parent.tobytes(garbage=3, deflate=True)
    return pymupdf.open(stream=data)[page.number]


def spans(page: pymupdf.Page, clip=None) -> list[dict]:
    out = []
    for block in page.get_text("dict", clip=clip)["blocks"]:
        for line in block.get("lines", []):
            for s in line["spans"]:
                if s["text"].strip():
                    out.append({**s, "dir": line["dir"]})
    return out
