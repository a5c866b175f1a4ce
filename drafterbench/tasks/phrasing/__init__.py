"""A deterministic phrasing grammar: task descriptions → instructions, structured or unstructured.

Structured instructions are concise, imperative and list-like ("beam.pdf, page 2, box 3: delete the rebars
covered by the rectangle."). Unstructured ones are conversational and indirect, with the location and the
details scattered over several sentences in a varied order. No LLM is involved: the wording is drawn from
template lists (at least 8 per operation per style, see ``ops.py``) with the task's own ``random.Random``.
A level the task leaves out (file, page, rectangle or colour) is simply never mentioned.
"""

from __future__ import annotations

import random

from drafterbench.tasks.model import Language, TaskDescription
from drafterbench.tasks.phrasing import words as W
from drafterbench.tasks.phrasing.ops import op_phrase, pieces
from drafterbench.tasktypes import TaskType

__all__ = ["phrase"]

_REPAIR = ("then repair the drawing", "and repair the remaining lines afterwards", "then reconnect the cut lines",
           "and fix up the lines after deleting")
_REPAIR_U = ("Afterwards, please repair the drawing.", "Once that's done, reconnect the lines that got cut.",
             "And fix up the remaining lines after deleting.", "Please repair the drawing when you're done.")
# Details are noun phrases; {it}/{It} agree with what the operation acts on ("Give them a line width of 2.").
_DETAIL_U = ("Give {it} {d}.", "Use {d}.", "Oh, and {d}.", "{It} should have {d}.", "Go with {d}.",
             "I'd like {d} for that.", "Also, {d}.", "I'd go with {d}.", "Let's use {d}.",
             "I was thinking {d} for {it}.")
# Transform details are verb phrases ("rotate it 30 degrees clockwise"), so they get their own frames.
_ACTION_U = ("Also, {d}.", "Then {d}.", "And {d}.", "After that, {d}.", "On top of that, {d}.",
             "Could you {d} as well?", "Next, {d}.", "Oh, and {d}.", "I'd also like you to {d}.",
             "If you could also {d}, that would be great.")
_ACTION_S = (", then {d}", "; {d}", ", and {d}", "; then {d}")
_MAP_TYPES = (TaskType.MAP_TABLE, TaskType.MAP_TEXT, TaskType.MAP_VECTOR)
_FORMAT_U = ("While you're at it, apply {d}.", "For the new format, use {d}.", "Also give it {d}.",
             "Oh, and use {d} for the result.")
_OPENERS = ("", "", "Hi! ", "Hello, ", "Quick request: ", "So, ", "Hey, ", "Okay, ",
            "I was thinking maybe we could fix a few things. ", "Not urgent, but ", "When you get a chance: ",
            "Sorry to bother you again. ", "Small favour: ", "If it's not too much trouble, ")
_CLOSERS = ("", "", " Thanks!", " Thanks a lot.", " Let me know when it's done.", " Cheers.",
            " Appreciate it.", " That's all for now.", " No rush.", " I think that covers it.")
_CONNECT_U = ("Also, ", "Next, ", "Another thing: ", "On top of that, ", "One more: ", "Then, ", "Besides that, ",
              "And ")


def _file_s(rng, name):
    return name if name is None else W.pick(rng, (name, f"file {name}", name))


def _target_s(rng, target, ttype):
    if ttype is TaskType.ADD_VECTOR:
        if target is None:
            return W.pick(rng, ("the hand-drawn markups", "the sketched markups"))
        c = W.colour(rng, target)
        return W.pick(rng, (f"the {c} markups", f"the {c} annotations", f"the {c} sketch", f"the {c} strokes"))
    if target is None:
        return W.pick(rng, ("a rectangle", "one of the boxes", "a marked box"))
    return W.pick(rng, (f"rectangle {target}", f"box {target}", f"the {W.ordinal(target)} rectangle",
                        f"marked area {target}", f"annotation box {target}"))


def _page_s(rng, number):
    return None if number is None else W.pick(rng, (f"page {number}", f"p. {number}", f"page {number}", f"pg {number}"))


def _loc_s(rng, file, page, obj, ttype) -> str:
    f, p, t = _file_s(rng, file.name), _page_s(rng, page.number), _target_s(rng, obj.target, ttype)
    if rng.random() < 0.5:
        return ", ".join(x for x in (f, p, t) if x)
    out = t
    if p:
        out += f" on {p}"
    if f:
        out += f" of {f}" if p else f" in {f}"
    return out


def _ops_s(rng, ttype, obj) -> str:
    phrases = []
    for op in obj.operations:
        head, details, _ = op_phrase(ttype, op, obj, rng, "s")
        if details and ttype in _MAP_TYPES:
            head += "".join(W.pick(rng, _ACTION_S).format(d=d) for d in details)
        elif details:
            joins = (", " + ", ".join(details), " (" + "; ".join(details) + ")", " with " + W.listing(details))
            # A head that already says "with" ("restyle the text with …") takes its details in another form.
            head += W.pick(rng, joins[:2] if " with " in head else joins)
        phrases.append(head)
    text = "; ".join(phrases) if len(phrases) < 3 or rng.random() < 0.5 else \
        " ".join(f"({i + 1}) {p}" for i, p in enumerate(phrases))
    if ttype is TaskType.REVISE_TEXT and obj.orientation == "vertical":
        text = f"in the vertical text, {text}"
    if obj.format:
        fmt = pieces(rng, obj.format, obj.format_vague, ("font", "fontsize", "borderwidth", "textcolor", "align"))
        text += W.pick(rng, ("; then apply ", "; new format: ", "; also use ")) + ", ".join(fmt)
    if obj.repair:
        text += ", " + W.pick(rng, _REPAIR)
    return text


_SINGLE_S = ("{L}: {o}.", "{O} ({l}).", "In {l}: {o}.", "Target {l}. Action: {o}.", "{O} — {l}.", "{L} → {o}.",
             "For {l}: {o}.", "{L}. {O}.")


def _structured(rng: random.Random, ttype: TaskType, desc: TaskDescription) -> str:
    items = [(f, p, o) for f in desc.files for p in f.pages for o in p.objects]
    lines = []
    for f, p, o in items:
        loc, ops = _loc_s(rng, f, p, o, ttype), _ops_s(rng, ttype, o)
        lines.append(W.pick(rng, _SINGLE_S).format(l=loc, L=W.cap(loc), o=ops, O=W.cap(ops)))
    if len(lines) == 1:
        if rng.random() < 0.2:  # the list layout
            f, p, o = items[0]
            parts = [f"- File: {f.name}" if f.name else None, f"- Page: {p.number}" if p.number else None,
                     f"- Target: {_target_s(rng, o.target, ttype)}", f"- Action: {_ops_s(rng, ttype, o)}"]
            return "\n".join(x for x in parts if x)
        return lines[0]
    style = rng.randrange(3)
    if style == 0:
        return "\n".join(f"{i + 1}. {line}" for i, line in enumerate(lines))
    if style == 1:
        return "\n".join(f"- {line}" for line in lines)
    return " ".join(lines)


# ---------------------------------------------------------------------------------------------------------


def _file_u(rng, name):
    if name is None:
        return None
    stem = name[:-4]
    return W.pick(rng, (name, f"the {stem} drawing ({name})", f"the file {name}", f"{name}", f"my {name}"))


def _page_u(rng, number):
    if number is None:
        return None
    return W.pick(rng, (f"page {W.number(rng, number, 'u')}", f"the {W.ordinal(number)} page",
                        f"page number {number}"))


def _target_u(rng, target, ttype):
    if ttype is TaskType.ADD_VECTOR:
        if target is None:
            return W.pick(rng, ("the stuff I sketched by hand", "my hand-drawn markups"))
        c = W.colour(rng, target)
        return W.pick(rng, (f"the {c} markups", f"what I sketched in {c}", f"the {c} hand-drawn strokes",
                            f"my {c} annotations"))
    if target is None:
        return W.pick(rng, ("one of the boxes I marked", "a box I drew", "one of the rectangles"))
    return W.pick(rng, (f"the {W.ordinal(target)} box", f"rectangle {target}", f"the {W.ordinal(target)} marked area",
                        f"box number {W.number(rng, target, 'u')}", f"the {W.ordinal(target)} rectangle I drew"))


_LOC_BEFORE = ("I'm working on {f}.", "This is about {f}.", "Take a look at {f}.", "Open up {f}.",
               "There's something in {f} I need changed.", "I've been reviewing {f}.")
# Frames that read the same for one box and for several markups ("Find the red markups on page 2.").
_WHERE_BEFORE = ("On {p}, look at {t}.", "Go to {p} and find {t}.", "Look for {t} on {p}.",
                 "It concerns {t} on {p}.", "Find {t} on {p}.", "What I mean is {t} on {p}.")
_WHERE_NO_PAGE = ("It concerns {t}.", "Look at {t}.", "What I mean is {t}.", "It's about {t}.")
_LOC_AFTER = ("For reference: {t} on {p} of {f}.", "(I mean {t}, {p}, in {f}.)",
              "This is all for {t} on {p} of {f}.", "The place to look is {t} on {p} of {f}.",
              "The location: {f}, {p}, {t}.", "Just so you know, this is about {t} on {p} in {f}.")


def _location_u(rng, file, page, obj, ttype, before: bool) -> list[str]:
    f, p, t = _file_u(rng, file.name), _page_u(rng, page.number), _target_u(rng, obj.target, ttype)
    if not before and f and p:
        return [W.pick(rng, _LOC_AFTER).format(f=f, p=p, t=t)]
    out = [W.pick(rng, _LOC_BEFORE).format(f=f)] if f else []
    if p:
        out.append(W.pick(rng, _WHERE_BEFORE).format(p=p, t=t))
    else:
        out.append(W.pick(rng, _WHERE_NO_PAGE).format(t=t))
    return out


def _ops_u(rng, ttype, obj) -> list[str]:
    sentences = []
    for op in obj.operations:
        head, details, plural = op_phrase(ttype, op, obj, rng, "u")
        sentences.append(head)
        if details and ttype in _MAP_TYPES:
            sentences.extend(W.pick(rng, _ACTION_U).format(d=d) for d in details)
        elif details:
            # Scatter: some details in their own sentences, the rest joined.
            if len(details) > 1 and rng.random() < 0.5:
                sentences.extend(W.pick(rng, _DETAIL_U).format(d=d, **W.agree(plural)) for d in details)
            else:
                sentences.append(W.pick(rng, _DETAIL_U).format(d=W.listing(details), **W.agree(plural)))
    if ttype is TaskType.REVISE_TEXT and obj.orientation == "vertical":
        sentences.insert(0, W.pick(rng, ("The text there runs vertically.", "Note the text in it is vertical.")))
    if obj.format:
        fmt = pieces(rng, obj.format, obj.format_vague, ("font", "fontsize", "borderwidth", "textcolor", "align"))
        sentences.append(W.pick(rng, _FORMAT_U).format(d=W.listing(fmt)))
    if obj.repair:
        sentences.append(W.pick(rng, _REPAIR_U))
    return sentences


def _lower_first(text: str) -> str:
    """Lower-case the first letter after a connector, except for "I" and quoted or named words."""
    first = text.split(" ", 1)[0]
    if first in ("I", "I'm", "I've", "I'd") or not first[:1].isalpha() or "." in first:
        return text
    return text[0].lower() + text[1:]


def _unstructured(rng: random.Random, ttype: TaskType, desc: TaskDescription) -> str:
    paragraphs = []
    items = [(f, p, o) for f in desc.files for p in f.pages for o in p.objects]
    for i, (f, p, o) in enumerate(items):
        before = rng.random() < 0.6
        loc, ops = _location_u(rng, f, p, o, ttype, before), _ops_u(rng, ttype, o)
        sentences = loc + ops if before else ops + loc
        text = " ".join(sentences)
        if i > 0:
            text = W.pick(rng, _CONNECT_U) + _lower_first(text)
        paragraphs.append(text)
    body = "\n\n".join(paragraphs)  # one paragraph per object keeps scattered details attributable
    opener = W.pick(rng, _OPENERS)
    if opener and not body.startswith('"'):
        # An opener that ends a sentence ("Hi! ", "Sorry to bother you again. ") keeps the capital.
        body = opener + (body if opener.endswith((". ", "! ")) else _lower_first(body))
    return W.typo(rng, body + W.pick(rng, _CLOSERS))


def phrase(ttype: TaskType, desc: TaskDescription, language: Language, rng: random.Random) -> str:
    """The instruction for ``desc`` in the given style."""
    if language is Language.STRUCTURED:
        return _structured(rng, ttype, desc)
    return _unstructured(rng, ttype, desc)
