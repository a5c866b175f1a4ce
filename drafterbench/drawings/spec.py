"""What a synthetic drawing must contain, page by page: the contract between tasks and the generator.

A :class:`DrawingSpec` names the file, the seed and the pages. Each page lists its boxes (the numbered
rectangle markups a task targets, in the order the tools find them: ``boxes[i]`` is ``rectangleorder=i``)
and its hand-drawn coloured markups (the targets of ``extractanno(doc, pagenumber, annocolor)``).
Everything not named here (title block, grid, beams, dimensions, notes) is background chosen by the seed.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from drafterbench.tools.effects.colours import COLOURS, is_colour

SCHEMA_VERSION = 1

VectorKind = Literal["lines", "rebars", "columns"]
BoxContent = Literal["empty", "text", "vtext", "table", "vectors"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class BoxSpec(_Frozen):
    """One rectangle markup and what lies inside it.

    ``empty``   nothing (a place to add text or a table);
    ``text``    horizontal text ``text``;
    ``vtext``   vertical text ``text`` (rotated 90 degrees, read bottom to top);
    ``table``   a ruled table with the cells ``table`` (rows of strings, all rows the same length);
    ``vectors`` structural line art of the kinds ``vectors`` (lines, rebars, columns).
    ``size`` scales the box region: "small" is about half a grid cell, "large" fills the cell.
    """

    content: BoxContent
    text: str | None = None
    table: list[list[str]] | None = None
    vectors: list[VectorKind] = Field(default_factory=lambda: ["lines", "rebars", "columns"])
    size: Literal["small", "medium", "large"] = "medium"

    @model_validator(mode="after")
    def _check(self) -> BoxSpec:
        if self.content in ("text", "vtext") and not self.text:
            raise ValueError(f"a {self.content!r} box needs a non-empty text")
        if self.content == "table":
            if not self.table or not self.table[0]:
                raise ValueError("a 'table' box needs a non-empty table (a list of rows of strings)")
            ncols = len(self.table[0])
            if any(len(row) != ncols for row in self.table):
                raise ValueError(f"table rows must all have {ncols} cells: {[len(r) for r in self.table]}")
        if self.content == "vectors" and not self.vectors:
            raise ValueError("a 'vectors' box needs at least one vector kind (lines, rebars, columns)")
        return self


class MarkupSpec(_Frozen):
    """Hand-drawn markups in one colour, of the given kinds (lines: open strokes, rebars: small closed
    loops, columns: closed rectangles). They are Ink annotations with stroke colour ``colour``."""

    colour: str
    kinds: list[VectorKind] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> MarkupSpec:
        if not is_colour(self.colour):
            raise ValueError(f"unknown markup colour {self.colour!r}; valid colours: {', '.join(COLOURS)}")
        return self


class PageSpec(_Frozen):
    """One page: its boxes in rectangle order, and its coloured markups (at most one entry per colour)."""

    boxes: list[BoxSpec] = Field(default_factory=list)
    markups: list[MarkupSpec] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> PageSpec:
        if len(self.boxes) > 12:
            raise ValueError(f"at most 12 boxes per page, got {len(self.boxes)}")
        colours = [m.colour.lower() for m in self.markups]
        if len(set(colours)) != len(colours):
            raise ValueError(f"markup colours must be distinct on a page: {colours}")
        return self


class DrawingSpec(_Frozen):
    """A whole drawing file: ``name`` (a file name such as "beam.pdf"), ``seed`` and its pages."""

    schema_version: int = SCHEMA_VERSION
    name: str
    seed: int
    pages: list[PageSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> DrawingSpec:
        if not self.name.lower().endswith(".pdf") or "/" in self.name or "\\" in self.name:
            raise ValueError(f"drawing name must be a bare file name ending in .pdf, got {self.name!r}")
        return self
