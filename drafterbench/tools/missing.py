"""Parsing the recorder's ``missing_information`` string (catalog §1 item 6, §5.6, §7.1).

Both spellings in the wild are accepted: the prompts' ``'file-level: a.pdf, page-level: 3, order-level:
missing, base-level: ...'`` and the ground truth's ``'file-level:a.pdf,page-level:Missing,...'``. The words
"missing" / "incomplete" in any case become ``"missing"``, so the two spellings record the same values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from drafterbench.tools.effects.colours import is_colour

LEVELS = ("file", "page", "order", "base")
_LABEL = re.compile(r"(file|page|order|base)[ _-]?level\s*:", re.IGNORECASE)
_INCOMPLETE = re.compile(r"\(\s*incomplete\s*\)", re.IGNORECASE)
MISSING = "missing"
_MISSING_WORDS = {"missing", "incomplete", "none", "unknown", ""}


@dataclass(frozen=True)
class Field:
    """One parsed level: its value and, when it is not acceptable, why."""

    value: Any
    error: str | None = None


@dataclass(frozen=True)
class MissingInfo:
    doc: Field
    page: Field
    clip: Field
    action: Field
    complete: Field


def _is_missing(text: str) -> bool:
    return text.strip().strip("'\"").lower() in _MISSING_WORDS


def _number_or_missing(text: str, what: str, allow_colour: bool) -> Field:
    text = text.strip().strip("'\"")
    if _is_missing(text):
        return Field(MISSING)
    if re.fullmatch(r"[+-]?\d+", text):
        return Field(int(text))
    if allow_colour and is_colour(text):
        return Field(text.lower())
    kind = "a number, a colour or 'missing'" if allow_colour else "a number or 'missing'"
    return Field(text, f"{what} {text!r} is not valid; expected {kind}")


def parse_missing_information(text: str) -> MissingInfo:
    """The four levels of ``text``; a level that is absent is recorded as None with an error."""
    found: dict[str, str] = {}
    matches = list(_LABEL.finditer(text))
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        level = m.group(1).lower()
        raw = text[m.end() : end]
        found.setdefault(level, raw if level == "base" else raw.strip().rstrip(",;").strip())

    def absent(level: str) -> Field:
        return Field(None, f"missing_information has no {level}-level; expected 'file-level: ..., page-level: "
                     "..., order-level: ..., base-level: ...'")  # fmt: skip

    if "file" in found:
        f = found["file"].strip("'\"")
        if _is_missing(f):
            doc = Field(MISSING)
        elif f.lower().endswith(".pdf"):
            doc = Field(f)
        else:
            doc = Field(f, f"file-level {f!r} is not valid; expected a path ending in '.pdf' or 'missing'")
    else:
        doc = absent("file")
    page = _number_or_missing(found["page"], "page-level", False) if "page" in found else absent("page")
    clip = _number_or_missing(found["order"], "order-level", True) if "order" in found else absent("order")
    if "base" in found:
        base = found["base"].strip()
        incomplete = bool(_INCOMPLETE.search(base))
        base = _INCOMPLETE.sub("", base).strip().rstrip(",").strip()
        action = Field(MISSING if _is_missing(base) else base)
        # No "(incomplete)" marker is a legitimate answer (the base level is simply missing), not an
        # invalid value: recording it as invalid cost every recorder a function-calling point.
        complete = Field("non_complete" if incomplete else None)
    else:
        action, complete = absent("base"), Field(None, "complete: no base-level")
    return MissingInfo(doc, page, clip, action, complete)
