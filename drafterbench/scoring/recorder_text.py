"""A recorder's base-level text compared by what it says, not by its wording (drafterbench metric).

The base level of a recorder describes the revision that could not be made. A model writes it in its own
words; the reference writes one canonical phrase. Sentence similarity alone rejects faithful paraphrases
("take out everything" for "delete everything") and accepts a dropped value ("move 22 right" for "move 22
right and 19 down" scores high). So two base levels count as the same when they name the same
**content**: the same numbers (digits, number words, ordinals, "double"/"half"), the same
quoted or value-like strings ("T12", "10kN", "GRID A"), and the same salient words — colours, fonts, vector
classes, selection modes, directions, join/cap/alignment/dash words, fill/border. No sentence model is
involved: the score never depends on one, and a text that names the same things in other words (even in a
single verb: "formalise the sketch" for "redraw") is the same. Operation verbs are not compared — within a
task type a revision's kind follows from its values; the one case it does not ("clear row 2" for "delete
rows [2]") is a known limit.

Location words ("page 3", "box 2", "the third rectangle", file names), units ("pt", "degrees") and
``(incomplete)`` are not content: pages, boxes and completeness are compared as the recorder's own levels.
docs/metrics.md gives the rule with examples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafterbench.conventions import canonical
from drafterbench.tools.effects.colours import COLOURS

_SEPARATORS = re.compile(r"\s*[|;/]\s*|,\s+")
_INCOMPLETE = re.compile(r"\(\s*incomplete\s*\)", re.IGNORECASE)
_QUOTED = re.compile(r"\"([^\"]+)\"|'([^']+)'|“([^”]+)”|‘([^’]+)’")
_FILE = re.compile(r"\b[\w.-]+\.pdf\b", re.IGNORECASE)
_PHRASES = (
    # Words that name the kind of result, not a class: "redraw as standard drawings", "repair the lines".
    (re.compile(r"\b(?:standard|proper|real|official)\s+(?:drawing|vector|stroke|line)s?(?:\s+items?)?\b"),
     " standard "),
    (re.compile(r"\bdrawn\s+items?\b"), " drawings "),
    # Saying what is missing is not content: "text not given", "vector class not given", "one more remark".
    (re.compile(r"\b(?:\w+\s+){0,2}(?:is\s+|are\s+|was\s+)?(?:not\s+(?:given|specified|stated|named|provided)"
                r"|unspecified|unknown)\b"), " "),
    (re.compile(r"\b(?:one|a)\s+(?:more|other|further)\b"), " another "),
    (re.compile(r"\bfull\s+(?:justification|alignment)\b"), " justify "),
    (re.compile(r"\br(\d+)c(\d+)\b"), r" row \1 column \2 "),  # "cell R3C3"
    (re.compile(r"\bsolid\s+(?:line|stroke)s?(?:\s+(?:type|style|pattern)s?)?\b|\bno\s+dash(?:es|ing)?\b"
                r"|\bwithout\s+dash(?:es)?\b|\bundashed\b"), " solid "),
    # A repair is one flag, however it is worded: the rest of its clause ("reconnect the cut lines",
    # "repair (reconnect) the lines that got cut") names no class.
    (re.compile(r"\b(?:repair|reconnect|fix(?:\s+up)?|mend|rejoin)\b[^;]*"), " repair "),
    (re.compile(r"\b(?:line|stroke)\s+(?:type|style|pattern)s?\b"), " dash "),  # "a common line type"
    (re.compile(r"\b(?:line|stroke|drawing|text)\s+(?=colou?r|weight|width|type|style|pattern|ends?|caps?|joins?)"),
     " "),
    (re.compile(r"(\d)\s*[x×](?![\w.])"), r"\1 "),  # "0.5x" is the factor 0.5
    (re.compile(r"counter[\s-]*clockwise|anti[\s-]*clockwise|\bccw\b"), " ccw "),
    (re.compile(r"\bclockwise\b|\bcw\b"), " cw "),
    (re.compile(r"semi[\s-]*circ\w*"), " round "),
    (re.compile(r"semi[\s-]*square|projecting\s+square"), " square "),
    (re.compile(r"cut[\s-]*off"), " cutoff "),
    (re.compile(r"font[\s-]*size|text\s+size"), " fontsize "),
    (re.compile(r"\bweight\b|thickness"), " width "),
    (re.compile(r"\bdegrees?\b|°"), " deg "),
)
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "double": 2, "twice": 2, "doubled": 2, "triple": 3, "tripled": 3, "half": 0.5, "halve": 0.5,
}  # fmt: skip
_ORDINAL_SUFFIX = re.compile(r"^(\d+)(st|nd|rd|th)$")
_PAGES = frozenset({"page", "pg", "p"})
_LOCATION = _PAGES | frozenset({"box", "rectangle", "rect", "area", "boxes", "rectangles"})
_PREPOSITIONS = frozenset({"in", "at", "of", "on", "for", "from"})
_CONCEPTS = {
    # directions and turning
    "right": "right", "rightward": "right", "rightwards": "right",
    "left": "left", "leftward": "left", "leftwards": "left",
    "up": "up", "upward": "up", "upwards": "up", "down": "down", "downward": "down", "downwards": "down",
    "cw": "cw", "ccw": "ccw",
    "larger": "larger", "bigger": "larger", "enlarge": "larger",
    "smaller": "smaller", "shrink": "smaller", "compact": "smaller",
    # vector classes and selection modes
    "rebar": "rebar", "rebars": "rebar", "reinforcement": "rebar", "line": "line", "lines": "line",
    "drawing": "drawing", "drawings": "drawing", "vector": "drawing", "vectors": "drawing",
    "everything": "everything",
    "covered": "mode1", "enclosed": "mode1", "within": "mode1", "inside": "mode1", "window": "mode1",
    "intersected": "mode2", "intersecting": "mode2", "touching": "mode2", "touch": "mode2", "cross": "mode2",
    "crossing": "mode2", "overlapping": "mode2",
    # formats
    "fill": "fill", "border": "border", "dash": "dash", "dashes": "dash", "dashed": "dash", "solid": "solid",
    "sharp": "sharp", "mitred": "sharp", "mitered": "sharp", "miter": "sharp", "pointed": "sharp",
    "butt": "sharp", "flat": "sharp", "round": "round", "rounded": "round", "semicircular": "round",
    "cutoff": "cutoff", "bevel": "cutoff", "bevelled": "cutoff", "beveled": "cutoff", "chamfered": "cutoff",
    "square": "square", "closed": "closed", "open": "open",
    "center": "center", "centre": "center", "centred": "center", "centered": "center",
    "justify": "justify", "justified": "justify",
    "bold": "bold", "italic": "italic", "oblique": "italic",
}  # fmt: skip
_FONT_FAMILIES = {
    "arial": "arial", "helvetica": "helvetica", "helv": "helvetica", "times": "times", "tiro": "times",
    "courier": "courier", "cour": "courier", "tahoma": "tahoma", "georgia": "georgia", "verdana": "verdana",
    "calibri": "calibri", "lucida": "lucida", "symbol": "symbol", "zapfdingbats": "zapfdingbats",
}  # fmt: skip
# "column" is a vector class, unless the text speaks of a table ("delete row 2 and column 3").
_TABLE_WORDS = frozenset({"row", "rows", "cell", "cells", "table"})
_DIRECTIONS = frozenset({"left", "right", "up", "down", "cw", "ccw"})
_FILL_OBJECTS = frozenset({"the", "in", "it", "them", "cell", "cells", "row", "column", "with", "out", "up"})
# Quoted words that are notation, not values ("[4, 'all']" is all of row 4).
_NOTATION = frozenset({"", "all", "r", "sc"})
_UNITS = frozenset({"pt", "pts", "points", "point", "units", "unit", "px", "deg"})


@dataclass(frozen=True)
class Content:
    """What a base-level text says: numbers, strings and salient words (see the module doc)."""

    numbers: frozenset[float]
    strings: frozenset[str]
    words: frozenset[str]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def _strip_quoted(text: str, strings: set[str]) -> str:
    for s in sorted(strings, key=len, reverse=True):
        text = re.sub(r"(?<!\w)" + re.escape(s) + r"(?!\w)", " ", text)
    return text


def quoted(text: str) -> set[str]:
    """The quoted strings of ``text``, lower-cased with single spaces; a quoted list ("150mm | S275") gives
    its items."""
    found = {_squash(piece) for m in _QUOTED.finditer(text)
             for piece in _SEPARATORS.split(next(g for g in m.groups() if g is not None))}
    return found - _NOTATION


def content(text: str, strings: set[str] | None = None) -> Content:
    """The content of one base-level text; ``strings`` are quoted strings to take out first (both texts')."""
    text = _INCOMPLETE.sub(" ", text)
    text = _FILE.sub(" ", text).lower()
    own = quoted(text)
    strings = own | (strings or set())
    text = _QUOTED.sub(" ", text)
    text = _strip_quoted(" " + _squash(text) + " ", strings)
    for rx, repl in _PHRASES:
        text = rx.sub(repl, text)
    tokens = re.findall(r"\d+(?:\.\d+)?[a-z]*|[a-z]+", text)
    table = bool(_TABLE_WORDS & set(tokens))
    numbers: set[float] = set()
    values: set[str] = set()
    words: set[str] = set()
    skip = False
    for i, tok in enumerate(tokens):
        if skip:
            skip = False
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        before = tokens[i - 1] if i else ""
        after = tokens[i + 2] if i + 2 < len(tokens) else ""
        numbered = (nxt[:1].isdigit() or nxt in _WORD_NUMBERS) and after not in _UNITS
        if numbered and (tok in _PAGES or (tok in _LOCATION and (not before or before in _PREPOSITIONS))):
            skip = True  # "page 3", "in box two": a location, compared as the recorder's own level
            continue
        if nxt in _LOCATION and (tok in _WORD_NUMBERS or _ORDINAL_SUFFIX.match(tok)):
            continue  # "the third box"
        if tok in _UNITS:
            continue
        if m := _ORDINAL_SUFFIX.match(tok):
            numbers.add(float(m.group(1)))
        elif re.fullmatch(r"\d+(?:\.\d+)?", tok):
            numbers.add(float(tok))
        elif any(c.isdigit() for c in tok):
            values.add(tok)  # "10kn", "300x600"
        elif tok in _WORD_NUMBERS:
            numbers.add(float(_WORD_NUMBERS[tok]))
        elif tok in ("column", "columns"):
            # A vector class, unless the text speaks of a table: "row 2 and column 3", "column 2", "the second
            # column" (the number is read as a number either way). In "move columns 44 left" the number is a
            # distance and the columns a class.
            indexed = (nxt[:1].isdigit() or nxt in _WORD_NUMBERS) and _CONCEPTS.get(after) not in _DIRECTIONS
            positional = indexed or before in _WORD_NUMBERS
            if not (table or positional):
                words.add("column")
        elif tok == "fill" and nxt in _FILL_OBJECTS:
            continue  # "fill the cell with 150mm": the verb, not a fill colour
        elif tok in _CONCEPTS:
            words.add(_CONCEPTS[tok])
        elif tok in _FONT_FAMILIES:
            words.add("font:" + _FONT_FAMILIES[tok])
        elif (colour := canonical("textcolor", tok)) in COLOURS:
            words.add("colour:" + colour)
    if "everything" in words:  # all of a rectangle: "inside" or "touching" says nothing more
        words -= {"mode1", "mode2"}
    return Content(frozenset(numbers), frozenset(own | values), frozenset(words))


def _strings_agree(a: str, b: str, sa: set[str], sb: set[str]) -> bool:
    """Every string one text quotes appears (quoted or not) in the other."""
    ta, tb = " " + _squash(_QUOTED.sub(lambda m: f" {m.group(0)[1:-1]} ", a)) + " ", \
        " " + _squash(_QUOTED.sub(lambda m: f" {m.group(0)[1:-1]} ", b)) + " "
    return all(re.search(r"(?<!\w)" + re.escape(s) + r"(?!\w)", tb) for s in sa) and all(
        re.search(r"(?<!\w)" + re.escape(s) + r"(?!\w)", ta) for s in sb
    )


def same_content(a: str, b: str) -> bool:
    """Whether two base-level texts name the same numbers, strings and salient words."""
    sa, sb = quoted(a), quoted(b)
    if not _strings_agree(a, b, sa, sb):
        return False
    ca, cb = content(a, sa | sb), content(b, sa | sb)
    # Quoted strings were checked above (in either quoting); compare the rest of the value tokens.
    return (ca.numbers, ca.words, ca.strings - sa - sb) == (cb.numbers, cb.words, cb.strings - sa - sb)


def same_text(reference: str, predicted: str) -> bool:
    """The recorder-text test of the drafterbench metric: the same content (see the module doc)."""
    a_, b_ = _squash(_INCOMPLETE.sub(" ", reference)), _squash(_INCOMPLETE.sub(" ", predicted))
    return a_ == b_ or same_content(reference, predicted)
