"""From program text to a syntax tree: size cap, the original's known misprints, bounded parsing.

Nothing here runs the program; ``ast.parse`` only builds a tree. The parser itself can exhaust the
C stack or memory on hostile input, so the source is capped first and those errors become a recorded
``limit`` reason instead of a crash.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from drafterbench.interpreter._limits import Limits
from drafterbench.tools.trace import Note, ProgramError

# Full-width punctuation that language models (and one of the original's prompt examples, catalog
# §2.7) emit in place of ASCII. Applied only when the program does not parse as written, so strings in
# a valid program keep their characters.
_FULL_WIDTH = str.maketrans(
    {
        "（": "(",
        "）": ")",
        "［": "[",
        "］": "]",
        "｛": "{",
        "｝": "}",
        "，": ",",
        "：": ":",
        "；": ";",
        "＝": "=",
        "＂": '"',
        "＇": "'",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "\u3000": " ",
    }
)

# The map_vector prompt misprints ``mode1_lines_Window_Cover_Enclosure`` with a hyphen (catalog §2.7);
# as written it parses as a subtraction. Any hyphen inside a selection-mode method name is repaired.
_MODE_MISPRINT = re.compile(
    r"\b(mode[12]_[A-Za-z]+_)(Window|Cross)[-_](Cover|Touch)[-_](Enclosure|Intersect)\b"
)


@dataclass
class Parsed:
    """A parsed program and the notes about what was normalised on the way."""

    tree: ast.Module | None = None
    error: ProgramError | None = None
    notes: list[Note] = field(default_factory=list)


def _line_of(source: str, index: int) -> int:
    return source.count("\n", 0, index) + 1


# A match differs from its repair only when a separator after Window/Cross or Cover/Touch is a hyphen.
_MISPRINT_HINTS = ("Window-", "Cross-", "Cover-", "Touch-")


def _repair_mode_names(source: str, notes: list[Note]) -> str:
    if not any(hint in source for hint in _MISPRINT_HINTS):
        return source  # nothing to repair: every match would be replaced by itself

    def fix(match: re.Match[str]) -> str:
        fixed = f"{match[1]}{match[2]}_{match[3]}_{match[4]}"
        if fixed != match[0]:
            notes.append(
                Note(
                    line=_line_of(source, match.start()),
                    message=f"read the misprinted method name `{match[0]}` as `{fixed}`",
                )
            )
        return fixed

    return _MODE_MISPRINT.sub(fix, source)


def _try_parse(source: str) -> ast.Module:
    return ast.parse(source, filename="<program>", mode="exec")


def parse_program(source: str, limits: Limits) -> Parsed:
    """Parse ``source`` after the size check and the documented normalisations (see docs/interpreter.md)."""
    out = Parsed()
    if not isinstance(source, str):
        out.error = ProgramError(kind="type", message=f"a program must be text, not {type(source).__name__}")
        return out
    size = len(source.encode("utf-8", errors="replace"))
    if size > limits.max_source_bytes:
        out.error = ProgramError(
            kind="limit",
            message=f"the program is {size} bytes, more than the limit of {limits.max_source_bytes}",
        )
        return out
    source = _repair_mode_names(source, out.notes)
    try:
        out.tree = _try_parse(source)
        return out
    except SyntaxError as first:
        widened = source.translate(_FULL_WIDTH)
        if widened != source:
            try:
                out.tree = _try_parse(widened)
                out.notes.append(Note(line=first.lineno, message="read full-width punctuation as ASCII"))
                return out
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                pass
        out.error = ProgramError(kind="syntax", message=f"syntax error: {first.msg}", line=first.lineno)
    except ValueError as exc:  # e.g. a NUL byte in the source
        out.error = ProgramError(kind="syntax", message=f"syntax error: {exc}")
    except (RecursionError, MemoryError):
        out.error = ProgramError(kind="limit", message="the program is too deeply nested to parse")
    return out
