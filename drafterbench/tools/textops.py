"""Pure text edits behind ``manipulate_text.deletetext`` / ``replacetext`` (no PDF involved)."""

from __future__ import annotations

import re

from drafterbench.tools.base import check_output_size

_SPACES = re.compile(r"[ \t]{2,}")


def delete_text(text: str, deltex: str | None = None) -> str:
    """``text`` without every occurrence of ``deltex``; no ``deltex`` (None or empty) deletes all of it.

    Deleting a word leaves no double space behind ("a temporary note" minus "temporary" -> "a note").
    """
    if not deltex:
        return ""
    out = text.replace(deltex, "")
    return _SPACES.sub(" ", out).strip()


def replace_text(text: str, retext: str | None = None, totext: str = "") -> str:
    """``text`` with every occurrence of ``retext`` replaced by ``totext``; no ``retext`` replaces all of it."""
    if retext is None or retext == "":
        return totext
    count = text.count(retext)
    check_output_size(len(text) + count * (len(totext) - len(retext)), "characters")
    return text.replace(retext, totext)
