"""What to do, in words: one phrase per operation, in a structured or an unstructured style.

:func:`op_phrase` returns a head (a clause for the structured style, a sentence for the unstructured one)
and detail pieces (formats, magnitudes). The composer appends the details to the head in the structured style
and scatters them over extra sentences in the unstructured one. Each head has at least 8 templates per style.
"""

from __future__ import annotations

import random
from typing import Any

from drafterbench.tasks.model import Operation, TargetObject
from drafterbench.tasks.phrasing import words as W
from drafterbench.tasktypes import TaskType

_LABEL = {
    "font": ("font", "typeface"), "fontsize": ("font size", "text size"), "textcolor": ("text colour", "colour"),
    "align": ("alignment", "justification"), "borderwidth": ("border width", "border thickness"),
    "row_height": ("row height",), "column_width": ("column width",),
    "drwcolor": ("stroke colour", "line colour", "drawing colour"), "fillcolor": ("fill colour", "fill"),
    "width": ("stroke width", "line weight", "line width"), "dashes": ("dash pattern", "line type"),
    "lineJoin": ("line join", "join style"), "lineCap": ("line cap", "end cap style"),
}


def _piece(rng: random.Random, key: str, value: Any, vague: dict[str, str]) -> str:
    """One format detail: ``font Times-Bold``, ``in grey``, ``a suitable font size``."""
    label = W.pick(rng, _LABEL.get(key, (key,)))
    if key in vague:
        return W.vague_noun(rng, vague[key], label)
    if key in ("textcolor", "drwcolor", "fillcolor"):
        c = W.colour(rng, value)
        return W.pick(rng, (f"{label} {c}", f"{c} {label}", f"{label}: {c}"))
    if key == "align":
        a = W.align(rng, value)
        base = {"center": "centre", "justify": "fully justified"}.get(value, value)
        return W.pick(rng, (f"{a} alignment", f"{base}-aligned" if value != "justify" else base, f"aligned {a}"))
    if key == "rotate":
        return W.pick(rng, (f"rotated {value} degrees", f"turned {value}°", f"at a {value} degree angle"))
    if key == "dashes":
        if value == "[0 0] 0":
            return W.pick(rng, ("solid lines", "a solid line type", "no dashes"))
        return W.pick(rng, (f"dashed, pattern {value}", f"dash pattern {value}", f"dashes {value}"))
    if key == "closePath":
        return W.pick(rng, ("closed paths", "paths closed")) if value else W.pick(rng, ("open paths", "paths left open"))
    if key == "lineJoin":
        return f"{W.join(rng, value)} joins"
    if key == "lineCap":
        return f"{W.line_cap(rng, value)} {W.pick(rng, ('caps', 'line ends'))}"
    if key in ("fontsize", "width", "borderwidth", "row_height", "column_width"):
        return W.pick(rng, (f"{label} {value}", f"{label} of {value}", f"{label} = {value}"))
    return W.pick(rng, (f"{label} {value}", f"{label}: {value}", f"{value} {label}"))


def pieces(rng: random.Random, args: dict[str, Any], vague: dict[str, str], keys) -> list[str]:
    out = [_piece(rng, k, args[k], vague) for k in keys if k in args]
    rng.shuffle(out)
    return out


def _t(rng: random.Random, style: str, structured: tuple[str, ...], unstructured: tuple[str, ...], **kw) -> str:
    return W.pick(rng, structured if style == "s" else unstructured).format(**kw)


# ---------------------------------------------------------------------------------------------------------

_ADD_TEXT_S = ('add the text "{t}"', 'insert "{t}"', 'write "{t}"', 'add text "{t}"', 'place the note "{t}"',
               'type in "{t}"', 'put the words "{t}"', 'enter the text "{t}"')
_ADD_TEXT_U = ('Could you add a note that says "{t}"?', 'I need the words "{t}" written in there.',
               'Please put in the text "{t}".', 'The note should read "{t}".', 'We want it to say "{t}".',
               'Can you type "{t}" into it?', 'Drop in a line reading "{t}", please.',
               'It is missing the remark "{t}", so please add it.')
_ADD_TEXT_MISSING_S = ("add some text", "insert a note", "write a remark", "add text", "put a label there",
                       "place a note", "type something in", "enter some text")
_ADD_TEXT_MISSING_U = ("Could you add some text there?", "It needs a note of some kind.",
                       "Please write something in it.", "I want a remark added there.",
                       "Some text should go in there.", "Can you put a label in it?",
                       "There should be a short note in it.", "Add a bit of text to it, please.")


def _table_text(rng: random.Random, data: list[list[str]], style: str) -> str:
    sep_cell, sep_row = W.pick(rng, ((", ", "; "), (" | ", " / "), (" / ", "; ")))
    rows = [sep_cell.join(r) for r in data]
    if style == "s":
        return W.pick(rng, (sep_row.join(rows), "header " + rows[0] + ", rows " + sep_row.join(rows[1:]) if
                            len(rows) > 1 else rows[0]))
    if len(rows) == 1:
        return f"just the header {rows[0]}"
    return (f"a header row of {rows[0]} followed by the rows " + W.listing(rows[1:], "and then")
            if rng.random() < 0.5 else "these rows: " + sep_row.join(rows))


_ADD_TABLE_S = ("add a table: {d}", "insert a table with {d}", "create a table ({d})", "add the table {d}",
                "place a table: {d}", "draw a table containing {d}", "put in a table, data {d}",
                "add a table with the data {d}")
_ADD_TABLE_U = ("Could you put a table in there with {d}?", "I need a small table in it, with {d}.",
                "Please add a table; it should have {d}.", "We want a table there, holding {d}.",
                "The schedule table is missing, so add one with {d}.", "Can you draw up a table with {d}?",
                "There should be a table in it with {d}.", "Make a table there, using {d}.")
_ADD_TABLE_MISSING_S = ("add a table", "insert a table", "create a table", "place a table", "draw a table",
                        "put in a table", "add the table", "add a new table")
_ADD_TABLE_MISSING_U = ("Could you put a table in there?", "I need a table in it.", "Please add a table.",
                        "We want a table there.", "A table should go in it.", "Can you draw up a table there?",
                        "There should be a table in it.", "Make a table there, please.")

_CLASS_WORDS = {
    "lines": ("lines", "line work"), "rebars": ("rebars", "reinforcement bars"), "columns": ("columns",),
    "drawings": ("drawings", "strokes", "sketched vectors"), "rebars and columns": ("rebars and columns",),
}


def cls_word(rng: random.Random, cls: str) -> str:
    return W.pick(rng, _CLASS_WORDS[cls])


_ADD_VECTOR_S = ("convert the {c} into standard drawings", "turn the {c} into standard strokes",
                 "redraw the {c} as standard vectors", "make the {c} standard drawing strokes",
                 "standardise the {c}", "replace the sketched {c} with standard ones", "formalise the {c}",
                 "add standard {c} in place of the markups")
_ADD_VECTOR_U = ("Could you turn the {c} I sketched into proper drawing strokes?",
                 "The {c} I drew by hand need to become real drawing lines.",
                 "Please make the hand-drawn {c} into standard vectors.",
                 "I'd like the {c} in those markups redrawn properly.",
                 "Those {c} are only temporary sketches, so convert them to standard ones.",
                 "Can you formalise the sketched {c}?", "Redraw the {c} from my sketch as standard drawings, please.",
                 "We need the marked-up {c} turned into the real thing.")
_ADD_VECTOR_MISSING_S = ("convert the markups into standard drawings", "turn the markups into standard strokes",
                         "standardise the markups", "redraw the markups", "formalise the sketch",
                         "make the markups standard", "convert the sketch", "add standard vectors")
_ADD_VECTOR_MISSING_U = ("Could you turn my sketch into proper drawing strokes?", "The markups need redrawing.",
                         "Please make the hand-drawn stuff standard.", "I'd like my sketch formalised.",
                         "Those are only temporary sketches, so convert them.", "Can you redraw the markups?",
                         "Turn the sketch into something proper, please.", "We need the markups turned into lines.")

_MODE_WORDS = {
    1: ("covered by the rectangle", "fully inside the box", "enclosed by the rectangle", "entirely within the box"),
    2: ("intersected by the rectangle", "touching the box", "crossing the rectangle", "that touch the box"),
}


def selection(rng: random.Random, args: dict[str, Any]) -> str:
    cls = cls_word(rng, args["cls"])
    mode = args.get("mode")
    return f"{cls} {W.pick(rng, _MODE_WORDS[mode])}" if mode else f"the {cls}"


_DELETE_S = ("delete {s}", "remove {s}", "erase {s}", "take out {s}", "clear {s}", "get rid of {s}",
             "delete all {s}", "wipe {s}")
_DELETE_U = ("Could you delete {s}?", "I need {s} removed.", "Please get rid of {s}.", "{S} should go.",
             "We don't want {s} any more, so erase them.", "Can you take out {s}?", "Remove {s}, please.",
             "{S} have to be deleted.")
_EVERYTHING = ("everything", "all the content", "everything inside", "all of it")
_DELETE_MISSING_S = ("delete", "remove things", "delete stuff", "erase", "clear out", "take things out",
                     "delete some of it", "remove some items")
_DELETE_MISSING_U = ("Could you delete stuff in there?", "Some of it needs removing.", "Please delete some things.",
                     "Things in there should go.", "We need to clear some of it.", "Can you erase some of it?",
                     "Remove a few things there, please.", "Part of it has to be deleted.")
_REPAIR = ("then repair the drawing", "and repair the remaining lines", "then fix up the cut lines",
           "and reconnect the lines afterwards")


def _transform_pieces(rng: random.Random, args: dict[str, Any], vague: dict[str, str], style: str) -> list[str]:
    out = []
    if "move" in args:
        if args["move"] is None:
            out.append(W.pick(rng, ("move it", "shift it", "relocate it")))
        else:
            dx, dy = args["move"]
            amount = (lambda v: vague["move"]) if "move" in vague else (lambda v: W.distance(rng, v, style))
            parts = ([f"{amount(dx)} {W.horizontal(rng, dx)}"] if dx else []) + \
                    ([f"{amount(dy)} {W.vertical(rng, dy)}"] if dy else [])
            out.append(W.pick(rng, ("move it ", "shift it ", "translate it ")) + " and ".join(parts))
    if "rotation" in args:
        r = args["rotation"]
        if r is None:
            out.append(W.pick(rng, ("rotate it", "turn it", "spin it round")))
        else:
            amount = vague.get("rotation") or W.pick(rng, (f"{abs(r)} degrees", f"{abs(r)}°", f"by {abs(r)} degrees"))
            out.append(f"{W.pick(rng, ('rotate it', 'turn it'))} {amount} {W.turn(rng, r)}")
    if "scal" in args:
        s = args["scal"]
        if s is None:
            out.append(W.pick(rng, ("resize it", "scale it", "change its size")))
        elif "scal" in vague:
            out.append(f"{W.pick(rng, ('make it', 'scale it'))} {vague['scal']} {W.bigger(rng, s[0] > 1)}")
        elif s[0] == s[1]:
            out.append(W.pick(rng, (f"scale it by {s[0]}", f"scale it {s[0]}x", f"resize it by a factor of {s[0]}")))
        else:
            out.append(W.pick(rng, (f"scale it by {s[0]} in x and {s[1]} in y",
                                    f"scale it {s[0]} horizontally and {s[1]} vertically",
                                    f"stretch it by {s[0]} (x) and {s[1]} (y)")))
    rng.shuffle(out)
    return out


_MAP_S = ("{n}: {p}", "for {n}, {p}", "take {n} and {p}", "{n} — {p}", "transform {n}: {p}", "with {n}, {p}",
          "select {n}, then {p}", "{n}, {p}")
_MAP_U = ("Could you take {n} and {p}?", "I need {n} adjusted: {p}.", "Please grab {n} and {p}.",
          "{N} is in the wrong spot, so {p}.", "We have to fix {n}: {p}.", "Can you {p}? I mean {n}.",
          "For {n}, {p}, please.", "{N} needs work: {p}.")

_REFRESH_S = ("set {n} to {p}", "reformat {n}: {p}", "change {n} format ({p})", "update {n}: {p}",
              "restyle {n} with {p}", "apply {p} to {n}", "format {n} as {p}", "{n} format: {p}")
_REFRESH_U = ("Could you reformat {n} with {p}?", "I'd like {n} to have {p}.", "Please change {n} to {p}.",
              "{N} looks off, so give it {p}.", "We want {p} for {n}.", "Can you update {n} to {p}?",
              "Restyle {n} with {p}, please.", "{N} should use {p}.")
_REFRESH_MISSING_S = ("update {n} format", "refresh {n}", "reformat {n}", "restyle {n}", "change {n} format",
                      "fix the format of {n}", "tidy up {n}", "update {n}")
_REFRESH_MISSING_U = ("Could you update {n}?", "{N} needs a refresh.", "Please reformat {n}.",
                      "{N} looks off, can you fix it?", "We need {n} updated.", "Can you tidy up {n}?",
                      "Restyle {n}, please.", "{N} should be refreshed.")


def _cell(rng: random.Random, cell: list, style: str) -> str:
    r, c = cell
    if r == "all":
        return W.pick(rng, (f"column {c}", f"all of column {c}") if style == "s"
                      else (f"the {W.ordinal(c)} column", f"column {c}"))
    if c == "all":
        return W.pick(rng, (f"row {r}", f"all of row {r}") if style == "s" else (f"the {W.ordinal(r)} row", f"row {r}"))
    return W.pick(rng, (f"cell ({r}, {c})", f"row {r} column {c}", f"cell R{r}C{c}") if style == "s"
                  else (f"the cell in row {r}, column {c}", f"the {W.ordinal(r)} row's {W.ordinal(c)} cell"))


def _scope(rng: random.Random, args: dict[str, Any], style: str) -> str:
    if "startcell" not in args:
        return W.pick(rng, ("the whole table", "the entire table", "all cells"))
    if "endcell" in args:
        return f"{W.pick(rng, ('cells', 'the range'))} {_cell(rng, args['startcell'], 's')} to {_cell(rng, args['endcell'], 's')}"
    return _cell(rng, args["startcell"], style)


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
        return _t(rng, style, ("delete {x}", "remove {x}", "cut {x}", "drop {x}", "delete {x} from the table",
                               "strike out {x}", "take out {x}", "eliminate {x}"),
                  ("Could you delete {x}?", "{X} should be removed.", "Please cut {x}.", "I don't need {x} any more.",
                   "Drop {x}, please.", "Can you take out {x}?", "Get rid of {x}.", "{X} has to go."),
                  x=target, X=W.cap(target))
    scope = _scope(rng, a, style)
    if op.action == "clean table":
        return _t(rng, style, ("clear {x}", "empty {x}", "blank out {x}", "wipe {x}", "clear the contents of {x}",
                               "erase the values in {x}", "make {x} empty", "clean {x}"),
                  ("Could you clear {x}?", "{X} should be emptied.", "Please blank out {x}.", "I want {x} left empty.",
                   "Empty {x}, please.", "Can you wipe {x}?", "The values in {x} have to go.", "Clean out {x}."),
                  x=scope, X=W.cap(scope))
    if "repdata" not in a:
        return _t(rng, style, ("replace {x}", "overwrite {x}", "change {x}", "update the values in {x}",
                               "put new values in {x}", "rewrite {x}", "swap out {x}", "replace the contents of {x}"),
                  ("Could you replace {x}?", "{X} needs new values.", "Please overwrite {x}.", "I want {x} changed.",
                   "Change {x}, please.", "Can you put something new in {x}?", "{X} has to be rewritten.",
                   "Swap out {x}."), x=scope, X=W.cap(scope))
    data = _rows_text(rng, a["repdata"])
    return _t(rng, style, ("replace {x} with {d}", "overwrite {x} with {d}", "set {x} to {d}", "change {x} to {d}",
                           "put {d} in {x}", "fill {x} with {d}", "update {x}: {d}", "replace {x} by {d}"),
              ("Could you replace {x} with {d}?", "{X} should read {d}.", "Please overwrite {x} with {d}.",
               "I want {x} changed to {d}.", "Put {d} into {x}, please.", "Can you fill {x} with {d}?",
               "{X} has to become {d}.", "Swap {x} for {d}."), x=scope, X=W.cap(scope), d=data)


def _revise_text(rng: random.Random, op: Operation, style: str) -> str:
    a = op.args
    if op.action == "delete text":
        if "deltex" not in a:
            return _t(rng, style, ("delete all the text", "remove the whole text", "erase all of the text",
                                   "clear the text", "delete the text", "wipe the text", "remove all words",
                                   "delete the entire note"),
                      ("Could you delete all the text?", "The whole note should go.", "Please erase the text.",
                       "I don't need any of that text.", "Clear the text out, please.", "Can you wipe the note?",
                       "All of the wording has to go.", "Remove the text entirely."))
        return _t(rng, style, ('delete "{w}"', 'remove the word "{w}"', 'erase "{w}"', 'cut "{w}"',
                               'drop the word "{w}"', 'strike "{w}"', 'take out "{w}"', 'delete the word "{w}"'),
                  ('Could you delete "{w}"?', 'The word "{w}" should go.', 'Please remove "{w}".',
                   'I don\'t want "{w}" in there.', 'Drop "{w}", please.', 'Can you take out "{w}"?',
                   '"{w}" has to be removed.', 'Get rid of the word "{w}".'), w=a["deltex"])
    old = f'"{a["retext"]}"' if "retext" in a else W.pick(rng, ("the whole text", "the entire note"))
    if "totext" not in a:
        return _t(rng, style, ("replace {o}", "change {o}", "reword {o}", "swap out {o}", "rewrite {o}",
                               "update {o}", "edit {o}", "substitute {o}"),
                  ("Could you replace {o}?", "{O} should be changed.", "Please reword {o}.", "I want {o} changed.",
                   "Swap out {o}, please.", "Can you rewrite {o}?", "{O} has to be edited.", "Change {o}."),
                  o=old, O=W.cap(old))
    return _t(rng, style, ('replace {o} with "{n}"', 'change {o} to "{n}"', 'swap {o} for "{n}"',
                           'reword {o} as "{n}"', 'substitute "{n}" for {o}', 'rewrite {o} as "{n}"',
                           'update {o} to "{n}"', 'put "{n}" instead of {o}'),
              ('Could you replace {o} with "{n}"?', '{O} should say "{n}" instead.', 'Please change {o} to "{n}".',
               'I want "{n}" where {o} is.', 'Swap {o} for "{n}", please.', 'Can you reword {o} as "{n}"?',
               '{O} has to become "{n}".', 'Put "{n}" in place of {o}.'), o=old, O=W.cap(old), n=a["totext"])


def op_phrase(ttype: TaskType, op: Operation, obj: TargetObject, rng: random.Random,
              style: str) -> tuple[str, list[str]]:
    """The head phrase of ``op`` and its detail pieces."""
    a, vg = op.args, op.vague
    if ttype is TaskType.ADD_TEXT:
        head = (_t(rng, style, _ADD_TEXT_S, _ADD_TEXT_U, t=a["text"]) if "text" in a
                else W.pick(rng, _ADD_TEXT_MISSING_S if style == "s" else _ADD_TEXT_MISSING_U))
        return head, pieces(rng, a, vg, ("font", "fontsize", "textcolor", "rotate", "align"))
    if ttype is TaskType.ADD_TABLE:
        head = (_t(rng, style, _ADD_TABLE_S, _ADD_TABLE_U, d=_table_text(rng, a["data"], style)) if "data" in a
                else W.pick(rng, _ADD_TABLE_MISSING_S if style == "s" else _ADD_TABLE_MISSING_U))
        return head, pieces(rng, a, vg, ("row_height", "column_width", "font", "fontsize"))
    if ttype is TaskType.ADD_VECTOR:
        head = (_t(rng, style, _ADD_VECTOR_S, _ADD_VECTOR_U, c=cls_word(rng, a["cls"])) if "cls" in a
                else W.pick(rng, _ADD_VECTOR_MISSING_S if style == "s" else _ADD_VECTOR_MISSING_U))
        return head, pieces(rng, a, vg, ("drwcolor", "width"))
    if ttype is TaskType.DELETE_VECTOR:
        if "cls" not in a:
            return W.pick(rng, _DELETE_MISSING_S if style == "s" else _DELETE_MISSING_U), []
        sel = W.pick(rng, _EVERYTHING) if a["cls"] == "everything" else selection(rng, a)
        return _t(rng, style, _DELETE_S, _DELETE_U, s=sel, S=W.cap(sel)), []
    if ttype in (TaskType.MAP_TABLE, TaskType.MAP_TEXT, TaskType.MAP_VECTOR):
        if ttype is TaskType.MAP_VECTOR:
            noun = selection(rng, a) if "cls" in a else W.pick(rng, ("the vectors", "the drawing items"))
        else:
            noun = "the table" if ttype is TaskType.MAP_TABLE else W.pick(rng, ("the text", "the note"))
        parts = _transform_pieces(rng, a, vg, style)
        head = _t(rng, style, _MAP_S, _MAP_U, n=noun, N=W.cap(noun), p=W.listing(parts[:1]))
        return head, parts[1:]
    if ttype in (TaskType.REFRESH_TABLE, TaskType.REFRESH_TEXT, TaskType.REFRESH_VECTOR):
        if ttype is TaskType.REFRESH_TABLE:
            noun, keys = "the table", ("row_height", "column_width", "font", "fontsize", "borderwidth", "align")
        elif ttype is TaskType.REFRESH_TEXT:
            noun = "the vertical text" if obj.orientation == "vertical" else W.pick(rng, ("the text", "the note"))
            keys = ("font", "fontsize", "textcolor", "align")
        else:
            noun = selection(rng, a) if "cls" in a else W.pick(rng, ("the vectors", "the drawing items"))
            keys = ("fillcolor", "drwcolor", "dashes", "closePath", "lineJoin", "lineCap", "width")
        parts = pieces(rng, a, vg, keys)
        if not parts:
            return _t(rng, style, _REFRESH_MISSING_S, _REFRESH_MISSING_U, n=noun, N=W.cap(noun)), []
        return _t(rng, style, _REFRESH_S, _REFRESH_U, n=noun, N=W.cap(noun), p=parts[0]), parts[1:]
    if ttype is TaskType.REVISE_TABLE:
        return _revise_table(rng, op, style), []
    return _revise_text(rng, op, style), []
