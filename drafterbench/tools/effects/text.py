"""Text inside a box: read it (horizontal or vertical lines), erase it, write it with a given format.

Writing rules (docs/tools.md): the text is laid out by PyMuPDF's text box inside ``clip`` inset by 2 pt,
wrapped at word boundaries, with the asked alignment (0 left, 1 centre, 2 right, 3 justify). When it does
not fit at the asked size, the size is reduced in 0.5 pt steps (down to 3 pt) until it does (in bounded
time: see :mod:`.fit`); the size used is returned. Rotation 0/90/180/270 uses the text box's own rotation (90 reads bottom to top); any other
angle writes the text as one line centred in the box, turned about the box centre by that angle
(counter-clockwise, like 90), shrunk until the turned line fits.
Unset format values are taken from the text being replaced (first span), else Helvetica 11 pt black.
"""

from __future__ import annotations

import logging
import math
from typing import Any

import pymupdf

from drafterbench.tools.effects import fit
from drafterbench.tools.effects.colours import rgb
from drafterbench.tools.effects.fit import fit_textbox
from drafterbench.tools.effects.fonts import base14, from_pdf_font

log = logging.getLogger(__name__)

INSET = 2.0


def _lines(page: pymupdf.Page, clip: pymupdf.Rect) -> list[dict]:
    out = []
    for block in page.get_text("dict", clip=clip)["blocks"]:
        for line in block.get("lines", []):
            text = "".join(s["text"] for s in line["spans"]).strip()
            if text:
                out.append({"dir": line["dir"], "bbox": line["bbox"], "text": text, "spans": line["spans"]})
    return out


def _is_vertical(line: dict) -> bool:
    dx, dy = line["dir"]
    return abs(dy) > abs(dx)


def read_text(page: pymupdf.Page, clip: Any, vertical: bool = False) -> str:
    """The text inside ``clip``: horizontal lines (top to bottom, left to right) or, with ``vertical``,
    vertical lines (left to right). Lines are joined with single spaces. When the box holds no line of the
    asked orientation, all its lines are returned (a reader, not a filter)."""
    lines = _lines(page, pymupdf.Rect(clip))
    chosen = [ln for ln in lines if _is_vertical(ln) == vertical] or lines
    if vertical:
        chosen.sort(key=lambda ln: (round(ln["bbox"][0], 1), -ln["bbox"][3]))
    else:
        chosen.sort(key=lambda ln: (round(ln["bbox"][1], 1), ln["bbox"][0]))
    return " ".join(" ".join(ln["text"].split()) for ln in chosen)


def text_format(page: pymupdf.Page, clip: Any) -> dict[str, Any]:
    """Font code, size and RGB colour of the first span in ``clip`` (empty dict when there is none)."""
    for ln in _lines(page, pymupdf.Rect(clip)):
        s = ln["spans"][0]
        return {
            "font": from_pdf_font(s["font"]),
            "fontsize": float(s["size"]),
            "color": pymupdf.sRGB_to_pdf(s["color"]),
            "vertical": _is_vertical(ln),
        }
    return {}


def erase_text(page: pymupdf.Page, clip: Any) -> None:
    """Remove the text inside ``clip`` (line art, images and annotations stay)."""
    page.add_redact_annot(pymupdf.Rect(clip), fill=False)
    page.apply_redactions(
        images=pymupdf.PDF_REDACT_IMAGE_NONE,
        graphics=pymupdf.PDF_REDACT_LINE_ART_NONE,
        text=pymupdf.PDF_REDACT_TEXT_REMOVE,
    )


def write_text(
    page: pymupdf.Page,
    clip: Any,
    text: str,
    *,
    font: str | None = None,
    fontsize: float | None = None,
    color: str | None = None,
    rotate: int | None = 0,
    align: int | None = 0,
    erase_first: bool = False,
) -> float:
    """Write ``text`` inside ``clip`` (see the module docstring); returns the font size used."""
    rect = pymupdf.Rect(clip)
    old = text_format(page, rect)
    if erase_first:
        erase_text(page, rect)
    fontname = base14(font) if font else old.get("font", "helv")
    size = float(fontsize) if fontsize else old.get("fontsize", 11.0)
    colour = rgb(color) if color else old.get("color", (0.0, 0.0, 0.0))
    angle = int(rotate or 0) % 360
    if not text:
        return size
    box = rect + (INSET, INSET, -INSET, -INSET)
    if angle not in (0, 90, 180, 270):
        return _write_turned(page, box, text, fontname, size, colour, angle)
    kwargs: dict[str, Any] = {
        "fontname": fontname,
        "color": colour,
        "align": int(align or 0),
        "rotate": angle,
    }
    size = fit_textbox(page, box, text, size, **kwargs)
    if size < (float(fontsize) if fontsize else size):
        log.debug("text shrunk to %.1f pt to fit %s", size, rect)
    return size


def _write_turned(
    page: pymupdf.Page, box: pymupdf.Rect, text: str, fontname: str, size: float, colour, angle: int
) -> float:
    """One line centred on the box centre, turned by ``angle`` degrees about it, shrunk until the turned
    line fits the box."""
    line = " ".join(text.split())
    font = pymupdf.Font(fontname)
    th = math.radians(angle)
    # The turned line's extent is linear in the size, so the largest size that fits is known at once.
    unit = font.text_length(line, 1.0)
    cos, sin = abs(math.cos(th)), abs(math.sin(th))
    cap = min(box.width / max(unit * cos + sin, 1e-9), box.height / max(unit * sin + cos, 1e-9))

    def fits(s: float) -> bool:
        w = unit * s
        return abs(w * cos) + abs(s * sin) <= box.width and abs(w * sin) + abs(s * cos) <= box.height

    size, _ = fit.descend(fit.first_size(size, cap + fit.STEP), fits, fits)
    centre = box.tl + (box.br - box.tl) * 0.5
    w = font.text_length(line, size)
    start = centre + (-w / 2, size * 0.35)  # baseline start of the unturned, centred line
    page.insert_text(
        start, line, fontname=fontname, fontsize=size, color=colour, morph=(centre, pymupdf.Matrix(angle))
    )
    return size
