"""A fast page painter: PDF content-stream operators written directly, one stream per page.

PyMuPDF's ``Shape`` and ``insert_text`` are convenient but spend most of their time in Python-level
bookkeeping (tens of microseconds per point); a sheet has hundreds of points and dozens of labels, and the
task suite renders thousands of pages. This painter takes page coordinates (y down, as PyMuPDF uses),
writes the equivalent operators (PDF y up) and installs them as the page's content stream in one go.
Every path is painted on its own, so each vector stays a separate path for ``page.get_drawings()``.
Text uses the base-14 fonts with WinAnsi encoding; anything outside it is handed back to PyMuPDF.
"""

from __future__ import annotations

import pymupdf

KAPPA = 0.5522847498  # Bézier control distance for a quarter circle

# resource name -> PostScript base font
BASE_FONTS = {"helv": "Helvetica", "hebo": "Helvetica-Bold", "tiro": "Times-Roman", "cour": "Courier"}


def _n(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))


class Canvas:
    """Collects operators for one page; :meth:`commit` writes them as the page's /Contents."""

    def __init__(self, page: pymupdf.Page, font_xrefs: dict[str, int]):
        self.page = page
        self.height = page.rect.height
        self.font_xrefs = font_xrefs  # shared per document: one font object per base font
        self.ops: list[str] = []
        self.fonts_used: set[str] = set()
        self.fallback: list[tuple] = []  # texts the WinAnsi fast path cannot encode

    # -- paths --
    def path(self, points, *, closed=False, width=1.0, colour=(0, 0, 0), fill=None, dashes=None, cap=0):
        """A polyline through ``points`` (page coordinates), closed when asked, stroked and maybe filled."""
        h = self.height
        parts = [self._style(width, colour, fill, dashes, cap)]
        x, y = points[0]
        parts.append(f"{_n(x)} {_n(h - y)} m")
        parts.extend(f"{_n(x)} {_n(h - y)} l" for x, y in points[1:])
        if closed:
            parts.append("h")
        parts.append(("B" if fill is not None else "S") if closed else "S")
        self.ops.append("q " + " ".join(parts) + " Q")

    def circle(self, centre, r, *, width=1.0, colour=(0, 0, 0), fill=None):
        """A closed circle made of four Bézier curves."""
        cx, cy = centre[0], self.height - centre[1]
        k = KAPPA * r
        seq = [
            f"{_n(cx + r)} {_n(cy)} m",
            f"{_n(cx + r)} {_n(cy + k)} {_n(cx + k)} {_n(cy + r)} {_n(cx)} {_n(cy + r)} c",
            f"{_n(cx - k)} {_n(cy + r)} {_n(cx - r)} {_n(cy + k)} {_n(cx - r)} {_n(cy)} c",
            f"{_n(cx - r)} {_n(cy - k)} {_n(cx - k)} {_n(cy - r)} {_n(cx)} {_n(cy - r)} c",
            f"{_n(cx + k)} {_n(cy - r)} {_n(cx + r)} {_n(cy - k)} {_n(cx + r)} {_n(cy)} c",
            "h",
            "B" if fill is not None else "S",
        ]
        self.ops.append("q " + self._style(width, colour, fill, None, 0) + " " + " ".join(seq) + " Q")

    @staticmethod
    def _style(width, colour, fill, dashes, cap) -> str:
        s = f"{_n(width)} w {cap} J 0 j {' '.join(_n(c) for c in colour)} RG"
        if fill is not None:
            s += f" {' '.join(_n(c) for c in fill)} rg"
        if dashes:
            s += f" {dashes} d"
        return s

    # -- text --
    def text(self, point, text: str, *, font="helv", size=9.0, colour=(0, 0, 0), rotate=0):
        """``text`` with its baseline starting at ``point``; rotate 90 reads bottom to top."""
        try:
            raw = text.encode("cp1252")
        except UnicodeEncodeError:
            self.fallback.append((point, text, font, size, colour, rotate))
            return
        esc = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)").decode("latin-1")
        x, y = point[0], self.height - point[1]
        m = "1 0 0 1" if rotate == 0 else "0 1 -1 0"
        self.fonts_used.add(font)
        self.ops.append(
            f"BT /{font} {_n(size)} Tf {' '.join(_n(c) for c in colour)} rg "
            f"{m} {_n(x)} {_n(y)} Tm ({esc}) Tj ET"
        )

    def commit(self) -> None:
        doc = self.page.parent
        fonts = []
        for font in sorted(self.fonts_used):
            if font not in self.font_xrefs:
                xref = doc.get_new_xref()
                doc.update_object(
                    xref, f"<</Type/Font/Subtype/Type1/BaseFont/{BASE_FONTS[font]}/Encoding/WinAnsiEncoding>>"
                )
                self.font_xrefs[font] = xref
            fonts.append(f"/{font} {self.font_xrefs[font]} 0 R")
        # A fresh page: its resources are ours to set (later PyMuPDF insertions add to them).
        doc.xref_set_key(self.page.xref, "Resources", f"<</Font<<{''.join(fonts)}>>>>")
        xref = doc.get_new_xref()
        doc.update_object(xref, "<<>>")
        doc.update_stream(xref, "\n".join(self.ops).encode("latin-1"))
        doc.xref_set_key(self.page.xref, "Contents", f"{xref} 0 R")
        for point, text, font, size, colour, rotate in self.fallback:
            self.page.insert_text(point, text, fontname=font, fontsize=size, color=colour, rotate=rotate)
