"""What to do, in words: one phrase per operation, in a structured or an unstructured style.

:func:`op_phrase` returns a head (a clause for the structured style, a sentence for the unstructured one)
and detail pieces (formats, magnitudes). The composer appends the details to the head in the structured style
and scatters them over extra sentences in the unstructured one. Each head has at least 8 templates per style.
"""

from __future__ import annotations

import random
from typing import Any, NamedTuple

from drafterbench.tasks.model import Operation, TargetObject
from drafterbench.tasks.phrasing import words as W
from drafterbench.tasktypes import TaskType
from drafterbench.tools.registry import DRAW_FORMAT

_LABEL = {
    "font": ("font", "typeface"), "fontsize": ("font size", "text size"), "textcolor": ("text colour", "colour"),
    "align": ("alignment", "justification"), "borderwidth": ("border width", "border thickness"),
    "row_height": ("row height",), "column_width": ("column width",),
    "drwcolor": ("stroke colour", "line colour", "drawing colour"), "fillcolor": ("fill colour", "fill"),
    "width": ("stroke width", "line weight", "line width"), "dashes": ("dash pattern", "line type"),
    "lineJoin": ("line join", "join style"), "lineCap": ("line cap", "end cap style"),
}


def _piece(rng: random.Random, key: str, value: Any, vague: dict[str, str]) -> str:
    """One format detail as a noun phrase (``font Times-Bold``, ``grey text colour``, ``a suitable font size``).

    Noun phrases fit every frame the composers put them in: "with …", "Give it …", "I'd like …", "apply … to".
    """
    label = W.pick(rng, _LABEL.get(key, (key,)))
    if key in vague:
        return W.vague_noun(rng, vague[key], label)
    if key in ("textcolor", "drwcolor", "fillcolor"):
        c = W.colour(rng, value)
        return f"{c} {label}" if label == "fill" else W.pick(rng, (f"{label} {c}", f"{c} {label}", f"the {label} {c}"))
    if key == "align":
        # Never "right-aligned text": next to "the text" it would read "apply right-aligned text to the text".
        if value == "justify":
            return W.pick(rng, ("justified alignment", "full justification"))
        return f"{W.align(rng, value)} alignment"
    if key == "rotate":
        # Never "a {n}°": the article would depend on how the number is read (a 90°, an 80°).
        return W.pick(rng, (f"a rotation of {value} degrees", f"a rotation of {value}°", f"{value}° of rotation"))
    if key == "dashes":
        if value == "[0 0] 0":
            return W.pick(rng, ("solid lines", "a solid line type", "no dashes"))
        return W.pick(rng, (f"the dash pattern {value}", f"dash pattern {value}", f"dashes {value}"))
    if key == "closePath":
        return W.pick(rng, ("closed paths", "paths that are closed")) if value else W.pick(
            rng, ("open paths", "paths that are left open"))
    if key == "lineJoin":
        return f"{W.join(rng, value)} joins"
    if key == "lineCap":
        return f"{W.line_cap(rng, value)} {W.pick(rng, ('caps', 'line ends'))}"
    if key in ("fontsize", "width", "borderwidth", "row_height", "column_width"):
        return W.pick(rng, (f"{label} {value}", f"a {label} of {value}"))
    return W.pick(rng, (f"{label} {value}", f"{value} {label}", f"the {label} {value}"))


def pieces(rng: random.Random, args: dict[str, Any], vague: dict[str, str], keys) -> list[str]:
    out = [_piece(rng, k, args[k], vague) for k in keys if k in args]
    rng.shuffle(out)
    return out


def _t(rng: random.Random, style: str, structured: tuple[str, ...], unstructured: tuple[str, ...],
       plural: bool = False, **kw) -> str:
    """A template of the style, filled with ``kw`` and the verb and pronoun forms for a noun of that number."""
    return W.pick(rng, structured if style == "s" else unstructured).format(**W.agree(plural), **kw)


# ---------------------------------------------------------------------------------------------------------

_ADD_TEXT_S = ('add the text "{t}"', 'insert "{t}"', 'write "{t}"', 'add text "{t}"', 'place the note "{t}"',
               'type in "{t}"', 'put in the words "{t}"', 'enter the text "{t}"')
_ADD_TEXT_U = ('Could you add a note that says "{t}"?', 'I need the words "{t}" written in there.',
               'Please put in the text "{t}".', 'The note should read "{t}".', 'We want it to say "{t}".',
               'Can you type "{t}" into it?', 'Drop in a line reading "{t}".',
               'It is missing the remark "{t}", so please add it.')
_ADD_TEXT_MISSING_S = ("add some text", "insert a note", "write a remark", "add text", "put a label there",
                       "place a note", "type something in", "enter some text")
# Beside other texts of the same box, an unwritten text must read as one more text, not as an intro to them.
_ADD_TEXT_MORE_S = ("add one more note (its wording not given yet)", "add another text as well, wording to follow",
                    "also add one more remark whose text is still open", "add a further label, text to be decided",
                    "put one more note in, wording pending", "add an extra remark (text not settled)",
                    "insert one more text, to be worded later", "add another note whose wording is open")
_ADD_TEXT_MORE_U = ("There should be one more note in it too, but I don't have its wording yet.",
                    "I also want another remark there; I'll send the text later.",
                    "And one more label should go in, though I haven't decided what it says.",
                    "Another note belongs there as well; its wording is still open.",
                    "Please leave room for one more remark too, I'll tell you the text later.",
                    "One more text should go in there too, but I don't know the words yet.",
                    "There's also a further label to add, once I know what it should say.",
                    "Add one more remark as well; the wording is still being decided.")
_ADD_TEXT_MISSING_U = ("Could you add some text there?", "It needs a note of some kind.",
                       "Please write something in it.", "I want a remark added there.",
                       "Some text should go in there.", "Can you put a label in it?",
                       "There should be a short note in it.", "Add a bit of text to it.")


def _table_text(rng: random.Random, data: list[list[str]], style: str) -> str:
    """The table's contents as a noun phrase ("the rows …", "a header row of … followed by …")."""
    sep_cell, sep_row = W.pick(rng, ((", ", "; "), (" | ", " / "), (" / ", "; ")))
    rows = [sep_cell.join(r) for r in data]
    if style == "s":
        if len(rows) == 1:
            return W.pick(rng, (f"the single row {rows[0]}", f"just the header row {rows[0]}"))
        return W.pick(rng, ("the rows " + sep_row.join(rows),
                            f"the header row {rows[0]} and the rows " + sep_row.join(rows[1:])))
    if len(rows) == 1:
        return f"just the header row {rows[0]}"
    return (f"a header row of {rows[0]} followed by the rows " + W.listing(rows[1:], "and then")
            if rng.random() < 0.5 else "these rows: " + sep_row.join(rows))


_ADD_TABLE_S = ("add a table: {d}", "insert a table with {d}", "create a table ({d})", "add a table holding {d}",
                "place a table: {d}", "draw a table containing {d}", "put in a table with {d}",
                "add a new table containing {d}")
_ADD_TABLE_U = ("Could you put a table in there with {d}?", "I need a small table in it, with {d}.",
                "Please add a table; it should have {d}.", "We want a table there, holding {d}.",
                "The schedule table is missing, so add one with {d}.", "Can you draw up a table with {d}?",
                "There should be a table in it with {d}.", "Make a table there, using {d}.")
_ADD_TABLE_MISSING_S = ("add a table", "insert a table", "create a table", "place a table", "draw a table",
                        "put in a table", "add the table", "add a new table")
_ADD_TABLE_MISSING_U = ("Could you put a table in there?", "I need a table in it.", "Please add a table.",
                        "We want a table there.", "A table should go in it.", "Can you draw up a table there?",
                        "There should be a table in it.", "Make a table there.")

_CLASS_WORDS = {
    "lines": ("lines", "line work"), "rebars": ("rebars", "reinforcement bars"), "columns": ("columns",),
    # Never "vectors" or "strokes" alone: beside "standard" they read as the result, not as a class.
    "drawings": ("drawings", "drawn items"), "rebars and columns": ("rebars and columns",),
}
_MASS_NOUNS = ("line work",)  # singular in form: "the line work is", "move it"


def cls_word(rng: random.Random, cls: str) -> str:
    return W.pick(rng, _CLASS_WORDS[cls])


def is_plural(noun: str) -> bool:
    """Whether a class word (or a phrase led by one) takes plural verbs and pronouns."""
    return not noun.removeprefix("the ").startswith(_MASS_NOUNS)


_ADD_VECTOR_S = ("convert the {c} into standard drawings", "turn the {c} into proper vectors",
                 "redraw the {c} as standard vectors", "redraw the {c} properly",
                 "standardise the {c}", "replace the sketched {c} with standard ones", "formalise the {c}",
                 "put standard strokes in place of the sketched {c}")
_ADD_VECTOR_U = ("Could you turn the {c} I sketched into proper vector drawings?",
                 "The {c} I drew by hand need{_s} to become real drawing lines.",
                 "Please make the {c} I marked up into standard vectors.",
                 "I'd like the {c} in those markups redrawn properly.",
                 "The {c} {is} only sketched for now, so convert {it} to standard drawings.",
                 "Can you formalise the sketched {c}?", "Redraw the {c} from my sketch as standard drawings.",
                 "We need the marked-up {c} turned into the real thing.")
# No class word and no word that reads as one ("strokes", "lines", "drawings", "vectors"): the class is absent.
_ADD_VECTOR_MISSING_S = ("standardise the markups", "formalise the sketch", "make the markups standard",
                         "convert the sketch", "clean up the sketch", "tidy up the markups",
                         "make the sketch official", "formalise the markups")
_ADD_VECTOR_MISSING_U = ("Could you make my sketch official?", "The markups need formalising.",
                         "Please make the hand-drawn stuff standard.", "I'd like my sketch formalised.",
                         "Those are only temporary sketches, so convert them.", "Can you tidy up the markups?",
                         "Turn the sketch into something proper.", "I was hoping you could clean up my sketch.")

# Participles only, so they fit a singular ("line work touching the box") and a plural noun alike.
_MODE_WORDS = {
    1: ("covered by the rectangle", "fully inside the box", "enclosed by the rectangle", "entirely within the box"),
    2: ("intersected by the rectangle", "touching the box", "crossing the rectangle", "overlapping the box"),
}


def selection(rng: random.Random, args: dict[str, Any]) -> str:
    cls = cls_word(rng, args["cls"])
    mode = args.get("mode")
    return f"{cls} {W.pick(rng, _MODE_WORDS[mode])}" if mode else f"the {cls}"


_DELETE_S = ("delete {s}", "remove {s}", "erase {s}", "take out {s}", "clear {s}", "get rid of {s}",
             "strip out {s}", "wipe {s}")
_DELETE_U = ("Could you delete {s}?", "I need {s} removed.", "Please get rid of {s}.", "{S} should go.",
             "We don't want {s} any more, so erase {it}.", "Can you take out {s}?", "Remove {s}.",
             "{S} {has} to be deleted.")
_EVERYTHING = ("everything", "all the content", "everything inside", "all of it")
_DELETE_MISSING_S = ("delete some items", "remove things", "delete some content", "erase some of it",
                     "clear some of it out", "take things out", "delete some of it", "remove some items")
# Beside named classes, a deletion without a class must read as one more deletion, not as an intro to them.
_DELETE_MORE_S = ("delete one more kind of item there (which kind is not given)", "remove another kind of item too",
                  "also clear out one other kind of item", "delete a further kind of item, to be confirmed",
                  "remove one more type of element (type not given)", "take out another kind of item as well",
                  "erase one other type of element too", "clear away a further kind of item")
_DELETE_MORE_U = ("One other kind of item in there has to go too, but I'm not sure which yet.",
                  "There's another kind of item to remove as well; I'll confirm which.",
                  "Something else in there needs deleting too, I just don't know what yet.",
                  "A further type of element should also be removed; I'll say which later.",
                  "One more kind of item has to be erased there, but I haven't checked which.",
                  "Also, another type of element there should go; which one is still open.",
                  "There's a further kind of item to take out too, to be confirmed.",
                  "And one other kind of item must be deleted as well, I'll let you know which.")
_DELETE_MISSING_U = ("Could you delete stuff in there?", "Some of it needs removing.", "Please delete some things.",
                     "Things in there should go.", "We need to clear some of it.", "Can you erase some of it?",
                     "Remove a few things there.", "Part of it has to be deleted.")


def _magnitude(word: str) -> str:
    """A magnitude word as an adverb: "a little", "slightly"; "some" alone would not read ("move it some left")."""
    return "by some amount" if word == "some" else word


def _transform_pieces(rng: random.Random, args: dict[str, Any], vague: dict[str, str], style: str,
                      plural: bool) -> list[str]:
    """Imperative clauses ("move it 5 units up", "rotate them a bit clockwise") for the transforms in ``args``."""
    it, its = W.agree(plural)["it"], W.agree(plural)["its"]
    out = []
    if "move" in args:
        if args["move"] is None:
            out.append(W.pick(rng, (f"move {it}", f"shift {it}", f"relocate {it}")))
        else:
            dx, dy = args["move"]
            if "move" in vague:  # "move it a little to the right", "move it to the right by some amount"
                word = vague["move"]
                amount = (lambda v, d: f"{d} {_magnitude(word)}") if word == "some" else (lambda v, d: f"{word} {d}")
            else:
                amount = lambda v, d: f"{W.distance(rng, v, style)} {d}"  # noqa: E731
            parts = ([amount(dx, W.horizontal(rng, dx))] if dx else []) + \
                    ([amount(dy, W.vertical(rng, dy))] if dy else [])
            out.append(W.pick(rng, (f"move {it} ", f"shift {it} ", f"translate {it} ")) + " and ".join(parts))
    if "rotation" in args:
        r = args["rotation"]
        verb = W.pick(rng, (f"rotate {it}", f"turn {it}"))
        if r is None:
            out.append(W.pick(rng, (f"rotate {it}", f"turn {it}", f"spin {it} round")))
        elif "rotation" in vague:
            out.append(f"{verb} {_magnitude(vague['rotation'])} {W.turn(rng, r)}")
        else:
            amount = W.pick(rng, (f"{abs(r)} degrees", f"{abs(r)}°", f"by {abs(r)} degrees"))
            out.append(f"{verb} {amount} {W.turn(rng, r)}")
    if "scal" in args:
        s = args["scal"]
        if s is None:
            out.append(W.pick(rng, (f"resize {it}", f"scale {it}", f"change {its} size")))
        elif "scal" in vague:
            word, comparative = vague["scal"], W.bigger(rng, s[0] > 1)  # "make it a bit smaller"
            out.append(f"make {it} {comparative} by some amount" if word == "some" else f"make {it} {word} {comparative}")
        elif s[0] == s[1]:
            out.append(W.pick(rng, (f"scale {it} by {s[0]}", f"scale {it} {s[0]}x",
                                    f"resize {it} by a factor of {s[0]}")))
        else:
            out.append(W.pick(rng, (f"scale {it} by {s[0]} in x and {s[1]} in y",
                                    f"scale {it} {s[0]} horizontally and {s[1]} vertically",
                                    f"stretch {it} by {s[0]} (x) and {s[1]} (y)")))
    rng.shuffle(out)
    return out


_MAP_S = ("adjust {n} and {p}", "for {n}, {p}", "take {n} and {p}", "{n} — {p}", "transform {n}: {p}", "grab {n} and {p}",
          "select {n}, then {p}", "pick {n} and {p}")
_MAP_U = ("Could you take {n} and {p}?", "I need {n} adjusted: {p}.", "Please grab {n} and {p}.",
          "{N} {is} in the wrong spot, so {p}.", "We have to fix {n}: {p}.", "Can you {p}? I'm talking about {n}.",
          "For {n}, {p}.", "{N} need{_s} work: {p}.")

_REFRESH_S = ("restyle {n}: {p}", "reformat {n}: {p}", "update the format of {n}: {p}", "set {p} on {n}",
              "restyle {n} with {p}", "apply {p} to {n}", "format {n} with {p}", "new format for {n}: {p}")
_REFRESH_U = ("Could you reformat {n} with {p}?", "I'd like {n} to have {p}.", "Please apply {p} to {n}.",
              "{N} look{_s} off, so give {it} {p}.", "We want {p} for {n}.", "Can you update {n} with {p}?",
              "Restyle {n} with {p}.", "{N} should use {p}.")
_REFRESH_MISSING_S = ("update the format of {n}", "refresh {n}", "reformat {n}", "restyle {n}",
                      "change the format of {n}", "fix the format of {n}", "tidy up {n}", "update {n}")
_REFRESH_MISSING_U = ("Could you update {n}?", "{N} need{_s} a refresh.", "Please reformat {n}.",
                      "{N} look{_s} off; can you fix {it}?", "We need {n} updated.", "Can you tidy up {n}?",
                      "Restyle {n}.", "{N} should be refreshed.")


def _cell(rng: random.Random, cell: list, style: str) -> str:
    r, c = cell
    if r == "all":
        return W.pick(rng, (f"column {c}", f"all of column {c}") if style == "s"
                      else (f"the {W.ordinal(c)} column", f"column {c}"))
    if c == "all":
        return W.pick(rng, (f"row {r}", f"all of row {r}") if style == "s" else (f"the {W.ordinal(r)} row", f"row {r}"))
    return W.pick(rng, (f"cell ({r}, {c})", f"the cell at row {r}, column {c}", f"cell R{r}C{c}") if style == "s"
                  else (f"the cell in row {r}, column {c}", f"the {W.ordinal(r)} row's {W.ordinal(c)} cell"))


def _scope(rng: random.Random, args: dict[str, Any], style: str) -> tuple[str, bool]:
    """The cells an operation works on, and whether the phrase is plural."""
    if "startcell" not in args:
        return W.pick(rng, (("the whole table", False), ("the entire table", False), ("all cells", True)))
    if "endcell" in args:
        (r1, c1), (r2, c2) = args["startcell"], args["endcell"]
        return W.pick(rng, ((f"cells ({r1}, {c1}) to ({r2}, {c2})", True),
                            (f"the range from cell ({r1}, {c1}) to cell ({r2}, {c2})", False),
                            (f"the cells from row {r1}, column {c1} to row {r2}, column {c2}", True),
                            (f"the range R{r1}C{c1} to R{r2}C{c2}", False)))
    return _cell(rng, args["startcell"], style), False


def _rows_text(rng: random.Random, data: list[list[str]]) -> str:
    sep_cell, sep_row = W.pick(rng, ((", ", "; "), (" | ", " / ")))
    return sep_row.join(sep_cell.join(r) for r in data)


def _revise_table(rng: random.Random, op: Operation, style: str) -> str:
    a = op.args
    if op.action == "prun table":
        bits = []
        if "delrow" in a:
            bits.append(f"row{'s' if len(a['delrow']) > 1 else ''} {W.listing([str(x) for x in a['delrow']])}")
        if "delcolumn" in a:
            bits.append(f"column{'s' if len(a['delcolumn']) > 1 else ''} "
                        f"{W.listing([str(x) for x in a['delcolumn']])}")
        target = W.listing(bits) if bits else W.pick(rng, ("the whole table", "the entire table"))
        plural = len(bits) > 1 or any(b.startswith(("rows", "columns")) for b in bits)
        return _t(rng, style, ("delete {x}", "remove {x}", "cut {x}", "drop {x}", "delete {x} from the table",
                               "strike out {x}", "take out {x}", "eliminate {x}"),
                  ("Could you delete {x}?", "{X} should be removed.", "Please cut {x}.", "I don't need {x} any more.",
                   "Drop {x}.", "Can you take out {x}?", "Get rid of {x}.", "{X} {has} to go."),
                  plural, x=target, X=W.cap(target))
    scope, plural = _scope(rng, a, style)
    if op.action == "clean table":
        return _t(rng, style, ("clear {x}", "empty {x}", "blank out {x}", "wipe {x}", "clear the contents of {x}",
                               "erase the values in {x}", "make {x} empty", "clean {x}"),
                  ("Could you clear {x}?", "{X} should be emptied.", "Please blank out {x}.", "I want {x} left empty.",
                   "Empty {x}.", "Can you wipe {x}?", "The values in {x} have to go.", "Clean out {x}."),
                  plural, x=scope, X=W.cap(scope))
    if "repdata" not in a:
        return _t(rng, style, ("replace {x}", "overwrite {x}", "change {x}", "update the values in {x}",
                               "put new values in {x}", "rewrite {x}", "swap out {x}", "replace the contents of {x}"),
                  ("Could you replace {x}?", "{X} need{_s} new values.", "Please overwrite {x}.", "I want {x} changed.",
                   "Change {x}.", "Can you put something new in {x}?", "{X} {has} to be rewritten.",
                   "Swap out {x}."), plural, x=scope, X=W.cap(scope))
    data = _rows_text(rng, a["repdata"])
    return _t(rng, style, ("replace {x} with {d}", "overwrite {x} with {d}", "replace {x} by {d}", "change {x} to {d}",
                           "put {d} in {x}", "fill {x} with {d}", "update {x}: {d}", "write {d} into {x}"),
              ("Could you replace {x} with {d}?", "{X} should read {d}.", "Please overwrite {x} with {d}.",
               "I want {x} changed to {d}.", "Put {d} into {x}.", "Can you fill {x} with {d}?",
               "{X} {has} to become {d}.", "Swap {x} for {d}."), plural, x=scope, X=W.cap(scope), d=data)


def _revise_text(rng: random.Random, op: Operation, style: str) -> str:
    a = op.args
    if op.action == "delete text":
        if "deltex" not in a:
            return _t(rng, style, ("delete all the text", "remove the whole text", "erase all of the text",
                                   "clear the text", "delete the text", "wipe the text", "remove all words",
                                   "delete the entire note"),
                      ("Could you delete all the text?", "The whole note should go.", "Please erase the text.",
                       "I don't need any of that text.", "Clear the text out.", "Can you wipe the note?",
                       "All of the wording has to go.", "Remove the text entirely."))
        return _t(rng, style, ('delete "{w}"', 'remove the word "{w}"', 'erase "{w}"', 'cut "{w}"',
                               'drop the word "{w}"', 'strike "{w}"', 'take out "{w}"', 'delete the word "{w}"'),
                  ('Could you delete "{w}"?', 'The word "{w}" should go.', 'Please remove "{w}".',
                   'I don\'t want "{w}" in there.', 'Drop "{w}".', 'Can you take out "{w}"?',
                   '"{w}" has to be removed.', 'Get rid of the word "{w}".'), w=a["deltex"])
    old = f'"{a["retext"]}"' if "retext" in a else W.pick(rng, ("the whole text", "the entire note"))
    if "totext" not in a:
        return _t(rng, style, ("replace {o}", "change {o}", "reword {o}", "swap out {o}", "rewrite {o}",
                               "update {o}", "edit {o}", "substitute {o}"),
                  ("Could you replace {o}?", "{O} should be changed.", "Please reword {o}.", "I want {o} changed.",
                   "Swap out {o}.", "Can you rewrite {o}?", "{O} has to be edited.", "Change {o}."),
                  o=old, O=W.cap(old))
    return _t(rng, style, ('replace {o} with "{n}"', 'change {o} to "{n}"', 'swap {o} for "{n}"',
                           'reword {o} as "{n}"', 'substitute "{n}" for {o}', 'rewrite {o} as "{n}"',
                           'update {o} to "{n}"', 'put "{n}" instead of {o}'),
              ('Could you replace {o} with "{n}"?', '{O} should say "{n}" instead.', 'Please change {o} to "{n}".',
               'I want "{n}" where {o} is.', 'Swap {o} for "{n}".', 'Can you reword {o} as "{n}"?',
               '{O} has to become "{n}".', 'Put "{n}" in place of {o}.'), o=old, O=W.cap(old), n=a["totext"])


class OpPhrase(NamedTuple):
    """One operation in words: the head, its detail pieces, and whether the thing it acts on is plural.

    ``plural`` lets the composer frame the details with the right pronoun ("Give them …", "It should have …").
    """

    head: str
    details: list[str]
    plural: bool = False


def _vector_noun(rng: random.Random, a: dict[str, Any]) -> str:
    # No class named: words that name no class ("the vectors" would read as all vectors, i.e. drawings).
    return selection(rng, a) if "cls" in a else W.pick(rng, ("some of the items there", "certain things in it"))


def op_phrase(ttype: TaskType, op: Operation, obj: TargetObject, rng: random.Random, style: str) -> OpPhrase:
    """The head phrase of ``op``, its detail pieces and the number of the noun they describe."""
    a, vg = op.args, op.vague
    if ttype is TaskType.ADD_TEXT:
        missing = (_ADD_TEXT_MISSING_S if style == "s" else _ADD_TEXT_MISSING_U) if len(obj.operations) == 1 \
            else (_ADD_TEXT_MORE_S if style == "s" else _ADD_TEXT_MORE_U)  # beside other texts: clearly another
        head = _t(rng, style, _ADD_TEXT_S, _ADD_TEXT_U, t=a["text"]) if "text" in a else W.pick(rng, missing)
        return OpPhrase(head, pieces(rng, a, vg, ("font", "fontsize", "textcolor", "rotate", "align")))
    if ttype is TaskType.ADD_TABLE:
        head = (_t(rng, style, _ADD_TABLE_S, _ADD_TABLE_U, d=_table_text(rng, a["data"], style)) if "data" in a
                else W.pick(rng, _ADD_TABLE_MISSING_S if style == "s" else _ADD_TABLE_MISSING_U))
        return OpPhrase(head, pieces(rng, a, vg, ("row_height", "column_width", "font", "fontsize")))
    if ttype is TaskType.ADD_VECTOR:
        if "cls" not in a:  # "the markups", "my sketch": the details are about the new strokes
            head = W.pick(rng, _ADD_VECTOR_MISSING_S if style == "s" else _ADD_VECTOR_MISSING_U)
            return OpPhrase(head, pieces(rng, a, vg, ("drwcolor", "width")), True)
        word = cls_word(rng, a["cls"])
        head = _t(rng, style, _ADD_VECTOR_S, _ADD_VECTOR_U, is_plural(word), c=word)
        return OpPhrase(head, pieces(rng, a, vg, ("drwcolor", "width")), is_plural(word))
    if ttype is TaskType.DELETE_VECTOR:
        if "cls" not in a:
            missing = (_DELETE_MISSING_S if style == "s" else _DELETE_MISSING_U) if len(obj.operations) == 1 \
                else (_DELETE_MORE_S if style == "s" else _DELETE_MORE_U)  # beside named classes: another one
            return OpPhrase(W.pick(rng, missing), [])
        sel = W.pick(rng, _EVERYTHING) if a["cls"] == "everything" else selection(rng, a)
        plural = a["cls"] != "everything" and is_plural(sel)
        return OpPhrase(_t(rng, style, _DELETE_S, _DELETE_U, plural, s=sel, S=W.cap(sel)), [], plural)
    if ttype in (TaskType.MAP_TABLE, TaskType.MAP_TEXT, TaskType.MAP_VECTOR):
        if ttype is TaskType.MAP_VECTOR:
            noun = _vector_noun(rng, a)
        else:
            noun = "the table" if ttype is TaskType.MAP_TABLE else W.pick(rng, ("the text", "the note"))
        plural = ttype is TaskType.MAP_VECTOR and is_plural(noun)
        parts = _transform_pieces(rng, a, vg, style, plural)
        head = _t(rng, style, _MAP_S, _MAP_U, plural, n=noun, N=W.cap(noun), p=W.listing(parts[:1]))
        return OpPhrase(head, parts[1:], plural)
    if ttype in (TaskType.REFRESH_TABLE, TaskType.REFRESH_TEXT, TaskType.REFRESH_VECTOR):
        if ttype is TaskType.REFRESH_TABLE:
            noun, keys = "the table", ("row_height", "column_width", "font", "fontsize", "borderwidth", "align")
        elif ttype is TaskType.REFRESH_TEXT:
            noun = "the vertical text" if obj.orientation == "vertical" else W.pick(rng, ("the text", "the note"))
            keys = ("font", "fontsize", "textcolor", "align")
        else:
            noun = _vector_noun(rng, a)
            keys = DRAW_FORMAT
        plural = ttype is TaskType.REFRESH_VECTOR and is_plural(noun)
        parts = pieces(rng, a, vg, keys)
        if not parts:
            return OpPhrase(_t(rng, style, _REFRESH_MISSING_S, _REFRESH_MISSING_U, plural, n=noun, N=W.cap(noun)),
                            [], plural)
        head = _t(rng, style, _REFRESH_S, _REFRESH_U, plural, n=noun, N=W.cap(noun), p=parts[0])
        return OpPhrase(head, parts[1:], plural)
    if ttype is TaskType.REVISE_TABLE:
        return OpPhrase(_revise_table(rng, op, style), [])
    return OpPhrase(_revise_text(rng, op, style), [])
