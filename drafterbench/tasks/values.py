"""Value domains for generated tasks (catalog §4.3), narrowed where a value must exist in a drawing.

Every sampler takes a ``random.Random`` so the whole suite is a pure function of its seed. Free text
(sentences, table contents) comes from small combinatorial grammars instead of an LLM.
"""

from __future__ import annotations

import random

FILE_WORDS = (
    "beam", "column", "slab", "footing", "girder", "rebar",
    "concrete", "steel", "joint", "section", "elevation", "foundation",
)
COLOURS = ("red", "blue", "green", "yellow", "orange", "purple", "black", "gray", "cyan", "magenta")
# Fonts from the original's font list that PyMuPDF can also write (base-14 names and their short codes).
FONTS = (
    "helv", "Helvetica", "Helvetica-Bold", "Times-Roman", "Times-Bold", "Times-Italic",
    "Courier", "Courier-Bold", "tiro", "cour", "hebo", "tibo",
)
ALIGNS = ("left", "center", "right", "justify")
TEXT_ALIGN_CONST = {a: f"fitz.TEXT_ALIGN_{a.upper()}" for a in ALIGNS}
VAGUE_WORDS = ("suitable", "common", "general", "professional", "appropriate")
MAGNITUDE_WORDS = ("a little", "some", "a bit", "slightly", "somewhat")
LINE_CAPS = ("sharp ends", "semi-circle ends", "semi-square ends")
LINE_JOINS = ("sharp joins", "rounded joins", "cut-off joins")
VECTOR_CLASSES = ("lines", "rebars", "columns")

# Pages and rectangles are drawn from 1..MAX so every named one exists in a small drawing.
MAX_PAGE = 10
MAX_BOX = 8

# Concrete values the reference program uses where the instruction is vague ("a suitable font").
VAGUE_DEFAULTS = {
    "font": "helv",
    "fontsize": 10,
    "textcolor": "black",
    "align": "left",
    "borderwidth": 1,
    "drwcolor": "black",
    "fillcolor": "gray",
    "width": 2,
    "dashes": "[3 3] 0",
    "lineJoin": 1,
    "lineCap": 1,
    "arrange_height": 20,
    "arrange_width": 60,
    "move": 15,
    "rotation": 15,
    "scale_up": 1.5,
    "scale_down": 0.7,
}

_SUBJECTS = (
    "rebar spacing", "concrete cover", "beam depth", "column splice", "anchor length", "slab thickness",
    "footing size", "weld size", "bolt pattern", "stirrup spacing", "lap length", "joint detail",
    "drain slope", "expansion joint", "grout level", "base plate",
)
_VERBS = ("Check", "Verify", "Confirm", "Review", "Inspect", "Revise", "Update", "Coordinate")
_TAILS = (
    "before pouring", "at grid line B", "per the latest RFI", "with the engineer", "at level 2",
    "near the stair core", "on site", "against the schedule", "at the north bay", "after formwork",
)
_NOTE_PREFIX = ("Note", "Typical", "Detail", "Section", "See", "Refer to")


def file_names(rng: random.Random, n: int) -> list[str]:
    """``n`` distinct file names such as ``beam.pdf``."""
    return [f"{w}.pdf" for w in rng.sample(FILE_WORDS, n)]


def sentence(rng: random.Random) -> str:
    """A short civil-engineering note, e.g. ``Verify rebar spacing before pouring``."""
    return f"{rng.choice(_VERBS)} {rng.choice(_SUBJECTS)} {rng.choice(_TAILS)}"


def existing_text(rng: random.Random) -> str:
    """The text already in a box for the text types: a note of 6-10 words with distinct words."""
    while True:
        text = f"{rng.choice(_NOTE_PREFIX)} {sentence(rng)}"
        words = text.split()
        if len(set(words)) == len(words):
            return text


_TABLE_COLUMNS = {
    "Mark": lambda rng, i: f"{rng.choice('BCFGS')}{i + 1}",
    "Size": lambda rng, i: f"{rng.choice((200, 250, 300, 350, 400))}x{rng.choice((400, 450, 500, 600))}",
    "Qty": lambda rng, i: str(rng.randint(1, 12)),
    "Length": lambda rng, i: f"{rng.randint(2, 9)}.{rng.randint(0, 9)}m",
    "Spacing": lambda rng, i: f"{rng.choice((100, 150, 200, 250))}mm",
    "Grade": lambda rng, i: rng.choice(("C25", "C30", "C35", "S275", "S355", "B500")),
    "Level": lambda rng, i: f"+{rng.randint(0, 20)}.{rng.randint(0, 9)}0",
    "Load": lambda rng, i: f"{rng.randint(5, 90)}kN",
    "Bar": lambda rng, i: f"T{rng.choice((10, 12, 16, 20, 25))}",
}


def table_data(rng: random.Random, rows: int, cols: int) -> list[list[str]]:
    """A table with a header row and ``rows - 1`` data rows of ``cols`` cells (all strings)."""
    headers = ["Mark", *rng.sample([h for h in _TABLE_COLUMNS if h != "Mark"], cols - 1)]
    body = [[_TABLE_COLUMNS[h](rng, i) for h in headers] for i in range(rows - 1)]
    return [headers, *body]


def cell_value(rng: random.Random) -> str:
    """One replacement cell value."""
    name = rng.choice([h for h in _TABLE_COLUMNS if h != "Mark"])
    return _TABLE_COLUMNS[name](rng, rng.randint(0, 8))


def dashes(rng: random.Random) -> str:
    """A dash pattern in the valid whitespace form ``"[n m] p"``."""
    return f"[{rng.randint(1, 5)} {rng.randint(1, 5)}] {rng.randint(0, 3)}"
