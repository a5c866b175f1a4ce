"""The direct argument checks give exactly the pydantic adapter's verdict and message, for every argument.

Recording calls each argument's check function directly (``ArgSpec.fast``) instead of going through
pydantic; this compares the two on valid and invalid values of every shape the tools meet.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from drafterbench.tools.handles import Rect, RfPoint, SelectionEntry, TableData, TextValue
from drafterbench.tools.registry import TOOLS, ArgSpec


def _adapter_verdict(spec: ArgSpec, value: object) -> str | None:
    if value is None:
        return f"missing essential argument {spec.name!r}" if spec.necessary else None
    try:
        spec.adapter.validate_python(value)
    except ValidationError as exc:
        return exc.errors()[0]["msg"].removeprefix("Value error, ")
    return None


def _values(session) -> list[object]:
    doc = session.modules["fitz"].open("beam.pdf")
    bad_doc = session.modules["fitz"].open("beam.txt")
    rect = Rect("beam.pdf", 0, 1)
    rf = RfPoint(rect)
    entry = SelectionEntry("mode1_lines", "beam.pdf", 0, "beam.pdf-0-1")
    return [
        None, 0, 1, 2, 3, 4, -1, 12, 12.5, 0.0, -0.5, True, False, "", "red", "Red", "light gray", "RED ",
        "helv", "Comic Sans", "center", "left", "justify", "[3 3]0", "[0 0]0", " [3  3] 0", "[3,3]0", "3 3",
        "beam.pdf", "beam.PDF", ".pdf", "beam.txt", "all", "1", "missing", [], [1], [1, 2], [0, 2], ["all", 2],
        [2, "all"], [[1, 2], [3, 4]], [["a", None, 1.5]], [[object()]], [None, [10, 20]], [[10], [20, "30"]],
        [["x"], None], (1, 2), [5, 5, rf], (5.0, -2, rf), [5, 5, "rf"], ["r", 30, rf], ["r", "30", rf],
        ["sc", [2, 2], rf], ["sc", (1, 0.5), rf], ["sc", 2, rf], [entry], [entry, entry], [entry, 1], doc,
        bad_doc, rect, Rect(None, 0, 1), rf, entry, TableData("beam.pdf", 0, "c"), TextValue(False),
        {"a": 1}, {1, 2}, object(), b"bytes",
    ]  # fmt: skip


@pytest.mark.parametrize("tool", TOOLS, ids=lambda t: t.name)
def test_fast_check_matches_the_adapter(tool, session):
    values = _values(session)
    for spec in tool.args:
        assert spec.fast is not None, f"{tool.name}.{spec.name} lost its fast path"
        for value in values:
            assert spec.check(value) == _adapter_verdict(spec, value), (tool.name, spec.name, value)


def test_an_argument_without_a_plain_check_keeps_the_adapter(session):
    from typing import Annotated, Any

    from pydantic import AfterValidator, BeforeValidator, TypeAdapter

    from drafterbench.tools.registry import _plain_check
    from drafterbench.tools.values import check_page

    assert _plain_check(Annotated[Any, BeforeValidator(check_page)]) is check_page
    assert _plain_check(int) is None
    assert _plain_check(Annotated[int, BeforeValidator(check_page)]) is None
    assert _plain_check(Annotated[Any, BeforeValidator(check_page), AfterValidator(check_page)]) is None
    assert _plain_check(Annotated[Any, BeforeValidator(lambda v, info: v)]) is None
    spec = ArgSpec("n", "n", True, True, TOOLS[0].args[0].role, False, True, "", TypeAdapter(int))
    assert spec.check("x") is not None and spec.check(3) is None
