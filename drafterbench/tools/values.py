"""Argument value types of the 46 tools, with the validity rules of the original (catalog §7.1, §7.3).

Each type is an ``Annotated`` pydantic type whose validator only *checks* a value and raises a ``ValueError``
naming the value and the valid choices. The recording layer validates every argument on its own (one
``TypeAdapter`` per argument, built once; for these plain ``Annotated[Any, BeforeValidator(check)]`` types it
calls ``check`` directly, with the same verdict and message, see ``ArgSpec.check``) and records an invalid
value as invalid instead of raising, so a program goes on after a bad value, as the original's dual
functions do.

The font list, the colour names (shared with the effect layer) and the alignment constants live here too.
"""

from __future__ import annotations

import re
import reprlib
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema

from drafterbench.tools.effects.colours import COLOURS, is_colour
from drafterbench.tools.handles import Doc, Rect, RfPoint, SelectionEntry, TableData, TextValue

__all__ = ["COLOURS", "DASHES_RE", "FONTS", "TABLE_ALIGNS", "TEXT_ALIGN"]

# §7.3: the fonts a font argument may name (exact spelling; both cases are listed where the original has them).
FONTS: tuple[str, ...] = (
    "Lucida Console", "lucida console", "Tahoma", "tahoma", "Georgia", "georgia", "Arial", "arial",
    "Verdana", "verdana", "helv", "Times New Roman", "times new roman", "Times-roman", "courier", "Courier",
    "courier-oblique", "Courier-Oblique", "courier-bold", "Courier-Bold", "courier-boldoblique",
    "Courier-BoldOblique", "helvetica", "Helvetica", "helvetica-oblique", "Helvetica-Oblique",
    "helvetica-bold", "Helvetica-Bold", "helvetica-boldoblique", "Helvetica-BoldOblique", "times-roman",
    "Times-Roman", "times-italic", "Times-Italic", "times-bold", "Times-Bold", "times-bolditalic",
    "Times-BoldItalic", "symbol", "Symbol", "zapfdingbats", "ZapfDingbats", "heit", "hebo", "hebi", "cour",
    "coit", "cobo", "cobi", "tiro", "tibo", "tiit", "tibi", "symb", "zadb", "Calibri", "calibri",
    "helv-bold", "helv-light", "Arial Bold", "Courier New",
)  # fmt: skip
_FONT_SET = frozenset(FONTS)

# PyMuPDF's text alignment numbers (fitz.TEXT_ALIGN_*), exposed on the fitz and PDFbf modules.
TEXT_ALIGN: dict[str, int] = {
    "TEXT_ALIGN_LEFT": 0,
    "TEXT_ALIGN_CENTER": 1,
    "TEXT_ALIGN_RIGHT": 2,
    "TEXT_ALIGN_JUSTIFY": 3,
}
# The dual also accepts these words for *text* alignment.
TEXT_ALIGN_WORDS: tuple[str, ...] = ("left", "center", "right", "justify")
TABLE_ALIGNS: tuple[str, ...] = ("center", "left", "right", "justify")

# §7.1: the numbers of a dash pattern are separated by whitespace: "[3 3]0" passes, "[3,3]0" does not.
# The original's rule is "[", spaces, optional digits, at least one space, optional digits, spaces, "]";
# written that way the pattern backtracks in cubic time on "[" and thousands of spaces. This form accepts
# exactly the same strings (and captures the same group) with no ambiguous split, so it runs in linear time:
# either digits come first (then spaces, optional digits), or spaces do (then optional digits).
DASHES_RE = re.compile(r"\s*(\[(?:\s*\d+\s+(?:\d+\s*)?|\s+(?:\d+\s*)?)\]\s*\d*)")

MISSING_WORDS = frozenset({"missing", "incomplete"})


# A message quoting a program's value stays short whatever the value (a list of 100,000 huge ints has a
# repr of 100 MB); values that are short anyway read exactly as their repr.
_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 200
_REPR.maxlong = 100
_REPR.maxlist = _REPR.maxtuple = _REPR.maxset = _REPR.maxfrozenset = 20
_REPR.maxdict = 10
_REPR.maxlevel = 4


def short_repr(value: Any) -> str:
    """``repr(value)``, shortened with ``...`` where it would be long."""
    return _REPR.repr(value)


def _fail(what: str, value: Any, valid: str) -> ValueError:
    return ValueError(f"{what} {short_repr(value)} is not valid; expected {valid}")


def _is_int(v: Any) -> bool:
    return type(v) is int


def _is_number(v: Any) -> bool:
    return type(v) in (int, float)


# --------------------------------------------------------------------------------------------- checks


def check_doc(v: Any) -> Any:
    if not isinstance(v, Doc):
        raise _fail("doc", v, "the document returned by fitz.open(path)")
    if not v.file.path_valid:
        raise ValueError(f"doc {short_repr(v.path)} was opened from an invalid path (a str ending in '.pdf' is needed)")
    return v


def check_pdf_path(v: Any) -> Any:
    if not (isinstance(v, str) and v.lower().endswith(".pdf") and len(v) > 4):
        raise _fail("file path", v, "a str ending in '.pdf'")
    return v


def check_page(v: Any) -> Any:
    if not (_is_int(v) and v >= 0):
        raise _fail("page number", v, "a 0-based int (page one is 0)")
    return v


def check_order(v: Any) -> Any:
    if not (_is_int(v) and v >= 0):
        raise _fail("rectangle order", v, "a 0-based int (the first rectangle on a page is 0)")
    return v


def check_clip(v: Any) -> Any:
    if not isinstance(v, Rect):
        raise _fail("clip", v, "the rectangle returned by extractanno.getclip_rfpoint(...)")
    if v.encode().startswith("Unknown"):
        raise ValueError("clip comes from a getclip_rfpoint call with invalid arguments")
    return v


def check_text(v: Any) -> Any:
    if not isinstance(v, (str, TextValue)):
        raise _fail("text", v, "a str")
    return v


def check_font(v: Any) -> Any:
    if not (isinstance(v, str) and v in _FONT_SET):
        raise ValueError(f"font {short_repr(v)} is not in the font list; valid fonts: {', '.join(FONTS)}")
    return v


def check_font_size(v: Any) -> Any:
    if not _is_int(v):
        raise _fail("font size", v, "an int, e.g. 12")
    return v


def check_colour(v: Any) -> Any:
    # The usual spelling is a key of COLOURS as it stands (keys are already normalised); the rest goes
    # through the case/space-insensitive match.
    if type(v) is str and v in COLOURS:
        return v
    if not is_colour(v):
        raise ValueError(f"colour {short_repr(v)} is not a colour name; valid colours: {', '.join(COLOURS)}")
    return v


def check_angle(v: Any) -> Any:
    if not _is_number(v):
        raise _fail("rotate", v, "an int or float angle in degrees")
    return v


def check_text_align(v: Any) -> Any:
    if _is_int(v) and 0 <= v <= 3 or v in TEXT_ALIGN_WORDS:
        return v
    raise _fail(
        "text align",
        v,
        "fitz.TEXT_ALIGN_LEFT/CENTER/RIGHT/JUSTIFY (0, 1, 2, 3) or one of " + ", ".join(TEXT_ALIGN_WORDS),
    )


def check_table_align(v: Any) -> Any:
    if not (isinstance(v, str) and v in TABLE_ALIGNS):
        raise _fail(
            "table align", v, "one of the strings " + ", ".join(map(repr, TABLE_ALIGNS)) + " (not an int)"
        )
    return v


def check_width(v: Any) -> Any:
    if not (_is_number(v) and v >= 0):
        raise _fail("width", v, "a non-negative int or float")
    return v


def check_dashes(v: Any) -> Any:
    if not (isinstance(v, str) and DASHES_RE.match(v)):
        raise _fail(
            "dashes", v, 'a str "[n m] p" with whitespace-separated numbers, e.g. "[3 3]0" or "[0 0]0"'
        )
    return v


def check_bool(v: Any) -> Any:
    if not isinstance(v, bool):
        raise _fail("closePath", v, "True or False")
    return v


def check_join_cap(v: Any) -> Any:
    if v not in (0, 1, 2) or not isinstance(v, (int, bool)):
        raise _fail("lineJoin/lineCap", v, "0, 1 or 2")
    return v


def _is_selection(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(e, SelectionEntry) for e in v)


def check_selection(v: Any) -> Any:
    if not _is_selection(v):
        raise _fail("selection", v, "a list returned by a selection method (lists may be joined with +)")
    return v


def _check_rfpoint(v: Any, what: str) -> None:
    if not isinstance(v, RfPoint):
        raise _fail(f"{what} reference point", v, "the rfpoint returned by getclip_rfpoint")


def check_move(v: Any) -> Any:
    if not (isinstance(v, (list, tuple)) and len(v) == 3 and _is_number(v[0]) and _is_number(v[1])):
        raise _fail("move", v, "[dx, dy, rfpoint] with numbers dx (right +) and dy (up +)")
    _check_rfpoint(v[2], "move")
    return v


def check_rotation(v: Any) -> Any:
    if not (isinstance(v, (list, tuple)) and len(v) == 3 and v[0] == "r" and _is_number(v[1])):
        raise _fail("rotation", v, "['r', degrees, rfpoint] (clockwise positive)")
    _check_rfpoint(v[2], "rotation")
    return v


def check_scale(v: Any) -> Any:
    ok = isinstance(v, (list, tuple)) and len(v) == 3 and v[0] == "sc"
    ok = ok and isinstance(v[1], (list, tuple)) and len(v[1]) == 2 and all(_is_number(f) for f in v[1])
    if not ok:
        raise _fail("scal", v, "['sc', [fx, fy], rfpoint] with number factors")
    _check_rfpoint(v[2], "scal")
    return v


_CELL_SCALARS = (str, int, float, type(None))


def _is_row(v: Any) -> bool:
    return isinstance(v, (list, tuple)) and all(isinstance(c, _CELL_SCALARS) for c in v)


def check_table_data(v: Any) -> Any:
    if isinstance(v, TableData):
        return v
    if not (isinstance(v, (list, tuple)) and all(_is_row(r) for r in v)):
        raise _fail("data", v, "a list of rows, e.g. [['A', 'B'], ['1', '2']], or extract_table(...).data")
    return v


def check_rep_data(v: Any) -> Any:
    # A list of rows; a flat list of cells counts as one row.
    if isinstance(v, (list, tuple)) and (all(_is_row(r) for r in v) or _is_row(v)):
        return v
    raise _fail("repdata", v, "a list of rows, e.g. [['A', 'B']]")


def _is_size_list(v: Any) -> bool:
    if v is None:
        return True
    if not isinstance(v, (list, tuple)) or not v:
        return False
    return all(_is_number(x) or (isinstance(x, str) and _is_numeric_str(x)) for x in v)


def _is_numeric_str(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def check_arrange(v: Any) -> Any:
    if not (isinstance(v, (list, tuple)) and len(v) == 2 and _is_size_list(v[0]) and _is_size_list(v[1])):
        raise _fail("arrange", v, "[[row heights] or None, [column widths] or None]")
    return v


def check_index_list(v: Any) -> Any:
    if not (isinstance(v, (list, tuple)) and v and all(_is_int(i) and i >= 1 for i in v)):
        raise _fail("row/column list", v, "a list of 1-based ints, e.g. [2, 3]")
    return v


def check_cell(v: Any) -> Any:
    def part(x: Any) -> bool:
        return (_is_int(x) and x >= 1) or x == "all"

    if not (isinstance(v, (list, tuple)) and len(v) == 2 and part(v[0]) and part(v[1])):
        raise _fail("cell", v, '[row, column], 1-based ints or "all", e.g. [2, 3] or ["all", 3]')
    return v


def check_str(v: Any) -> Any:
    if not isinstance(v, str):
        raise _fail("value", v, "a str")
    return v


def check_deltex(v: Any) -> Any:
    if not isinstance(v, str):
        raise _fail("deltex", v, "a str (the text to delete) or nothing to delete all")
    return v


# ---------------------------------------------------------------------------------------------- types

_HANDLE = {"type": "string", "description": "the name of an earlier result"}
_SELECTION = {"type": "array", "items": {"type": "string"}, "description": "earlier selection results"}


def _t(base: Any, check: Any, schema: dict | None = None) -> Any:
    meta: list[Any] = [BeforeValidator(check)]
    if schema is not None:
        meta.append(WithJsonSchema(schema))
    return Annotated[(base, *meta)]


DocRef = _t(Any, check_doc, _HANDLE)
PdfPath = _t(Any, check_pdf_path, {"type": "string", "pattern": r"\.pdf$"})
Page = _t(Any, check_page, {"type": "integer", "minimum": 0})
Order = _t(Any, check_order, {"type": "integer", "minimum": 0})
Clip = _t(Any, check_clip, _HANDLE)
Text = _t(Any, check_text, {"type": "string"})
Font = _t(Any, check_font, {"type": "string", "enum": list(FONTS)})
FontSize = _t(Any, check_font_size, {"type": "integer"})
Colour = _t(Any, check_colour, {"type": "string", "enum": list(COLOURS)})
Angle = _t(Any, check_angle, {"type": "number"})
TextAlign = _t(
    Any,
    check_text_align,
    {"anyOf": [{"type": "integer", "enum": [0, 1, 2, 3]}, {"enum": list(TEXT_ALIGN_WORDS)}]},
)
TableAlign = _t(Any, check_table_align, {"type": "string", "enum": list(TABLE_ALIGNS)})
Width = _t(Any, check_width, {"type": "number", "minimum": 0})
Dashes = _t(Any, check_dashes, {"type": "string", "pattern": DASHES_RE.pattern})
ClosePath = _t(Any, check_bool, {"type": "boolean"})
JoinCap = _t(Any, check_join_cap, {"type": "integer", "enum": [0, 1, 2]})
Selection = _t(Any, check_selection, _SELECTION)
_RF = {"type": "string", "description": "rfpoint from getclip_rfpoint"}
Move = _t(Any, check_move, {"type": "array", "prefixItems": [{"type": "number"}, {"type": "number"}, _RF]})
Rotation = _t(
    Any, check_rotation, {"type": "array", "prefixItems": [{"const": "r"}, {"type": "number"}, _RF]}
)
_FACTORS = {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}
Scale = _t(Any, check_scale, {"type": "array", "prefixItems": [{"const": "sc"}, _FACTORS, _RF]})
_ROWS = {"type": "array", "items": {"type": "array", "items": {"type": ["string", "number", "null"]}}}
TableRows = _t(Any, check_table_data, _ROWS)
RepData = _t(Any, check_rep_data, _ROWS)
_SIZES = {"anyOf": [{"type": "array", "items": {"type": "number"}}, {"type": "null"}]}
Arrange = _t(
    Any, check_arrange, {"type": "array", "prefixItems": [_SIZES, _SIZES], "minItems": 2, "maxItems": 2}
)
IndexList = _t(Any, check_index_list, {"type": "array", "items": {"type": "integer", "minimum": 1}})
_PART = {"anyOf": [{"type": "integer", "minimum": 1}, {"const": "all"}]}
Cell = _t(Any, check_cell, {"type": "array", "prefixItems": [_PART, _PART], "minItems": 2, "maxItems": 2})
Str = _t(Any, check_str, {"type": "string"})
DelText = _t(Any, check_deltex, {"type": "string"})
