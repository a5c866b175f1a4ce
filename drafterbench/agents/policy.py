"""The one policy for revisions, vague values and missing information, shared by both prompt modes.

The task generator, the reference programs and the scorer follow exactly this policy; the value conventions
at its end are read from :mod:`drafterbench.conventions`, the table the reference renderer and the scorer
read too, so the prompt cannot state one rule while the references follow another.
"""

from __future__ import annotations

from drafterbench.conventions import prompt_lines

_POLICY = """\
Revisions, vague values and missing information
- Each task type below says what ONE revision is (for most types: everything asked for one rectangle, or \
one marker colour, with all its operations; for add text: each text string).
- A revision needs four levels: the file (file-level), the page (page-level), the rectangle or, where the \
type says so, the marker colour (order-level), and its necessary details (base-level, listed per type).
- A value given only vaguely ("a suitable font size", "move it a little to the left", "a professional \
typeface") is NOT missing: perform the revision and pass a sensible concrete value of your choice (any \
valid value is accepted), keeping every direction the engineer gives.
- A level or necessary detail that the instruction does not give at all IS missing. Then do NOT perform that \
revision (none of its operations); record it instead and carry on with the other revisions.
- Optional values the instruction does not mention are left out (leaving them out and passing None are the \
same). Do not add values nobody asked for.

Recording a revision you cannot perform
    recorder0 = PDFbf.recorder(missing_information="file-level: beam.pdf, page-level: 3, order-level: missing, base-level: add the text \\"GRID A\\"")
    recorder0.recording()
- Format: `file-level: <file name, or missing>, page-level: <the page as the engineer numbers it \
(1-based), or missing>, order-level: <the rectangle as the engineer numbers it (1-based), or the marker \
colour, or missing>, base-level: <the revision, or missing>`.
- The base-level describes the revision in a short phrase of your own words, naming every value the \
instruction gives for it (numbers, texts in quotes, colours, fonts, classes, directions) and nothing else; \
wording does not matter, content does. Add `(incomplete)` right after it when the missing part is one of \
its necessary details (not when only the file, page or order is missing).
- One recorder per revision. A file whose revisions are all recorded is neither opened nor saved.
"""


def policy_text() -> str:
    """The policy section, ending with the value conventions the checker applies."""
    conventions = "\n".join(f"- {line}" for line in prompt_lines())
    return f"{_POLICY}\nHow values are compared\n{conventions}\n"
