"""Font names the tools accept (catalog §7.3 font list) mapped to PDF base-14 fonts.

Only the 14 standard fonts are used, so nothing is embedded and every machine renders the same:
Arial, Helvetica, Verdana, Tahoma, Calibri and "helv" become Helvetica (helv / hebo / heit / hebi by weight
and slant); Times, Times New Roman, Georgia and "tiro" become Times (tiro / tibo / tiit / tibi); Courier,
Courier New, Lucida Console and "cour" become Courier (cour / cobo / coit / cobi); Symbol and ZapfDingbats
keep their own. Unknown names fall back to Helvetica.
"""

from __future__ import annotations

_FAMILIES = {
    "helv": ("helv", "hebo", "heit", "hebi"),
    "tiro": ("tiro", "tibo", "tiit", "tibi"),
    "cour": ("cour", "cobo", "coit", "cobi"),
}
_FAMILY_OF = {
    "arial": "helv",
    "helvetica": "helv",
    "helv": "helv",
    "verdana": "helv",
    "tahoma": "helv",
    "calibri": "helv",
    "he": "helv",
    "times": "tiro",
    "timesroman": "tiro",
    "timesnewroman": "tiro",
    "georgia": "tiro",
    "tiro": "tiro",
    "ti": "tiro",
    "courier": "cour",
    "couriernew": "cour",
    "lucidaconsole": "cour",
    "cour": "cour",
    "co": "cour",
}
_SHORT = {
    "heit": "heit",
    "hebo": "hebo",
    "hebi": "hebi",
    "tibo": "tibo",
    "tiit": "tiit",
    "tibi": "tibi",
    "coit": "coit",
    "cobo": "cobo",
    "cobi": "cobi",
    "symb": "symb",
    "symbol": "symb",
    "zadb": "zadb",
    "zapfdingbats": "zadb",
}
# PDF BaseFont names (as get_text reports them) back to the short code
PDF_NAMES = {
    "Helvetica": "helv",
    "Helvetica-Bold": "hebo",
    "Helvetica-Oblique": "heit",
    "Helvetica-BoldOblique": "hebi",
    "Times-Roman": "tiro",
    "Times-Bold": "tibo",
    "Times-Italic": "tiit",
    "Times-BoldItalic": "tibi",
    "Courier": "cour",
    "Courier-Bold": "cobo",
    "Courier-Oblique": "coit",
    "Courier-BoldOblique": "cobi",
    "Symbol": "symb",
    "ZapfDingbats": "zadb",
}
BASE14_NAME = {v: k for k, v in PDF_NAMES.items()}


def base14(font: str | None, default: str = "helv") -> str:
    """The PyMuPDF base-14 code ("helv", "tibo", ...) for a font name from the font list."""
    if not font:
        return default
    raw = font.strip().lower().replace("_", "-")
    if raw in _SHORT:
        return _SHORT[raw]
    parts = raw.replace(" ", "-").split("-")
    family = _FAMILY_OF.get(
        "".join(
            p
            for p in parts
            if p not in ("bold", "italic", "oblique", "light", "bolditalic", "boldoblique", "roman", "mt")
        )
    )
    if family is None:
        family = _FAMILY_OF.get(raw.replace(" ", "").replace("-", ""), default)
    if family not in _FAMILIES:
        return family
    flat = raw.replace(" ", "").replace("-", "")
    bold = "bold" in flat
    slant = "italic" in flat or "oblique" in flat
    return _FAMILIES[family][(1 if bold else 0) + (2 if slant else 0)]


def from_pdf_font(name: str) -> str:
    """The base-14 code for a font name as found in a PDF span ("Times-Roman", "ABCDEF+Arial-Bold")."""
    name = name.split("+", 1)[-1]
    return PDF_NAMES.get(name) or base14(name)
