"""Yes/no ``--spec`` options are parsed, not passed to ``bool`` (``bool("false")`` is True)."""

from __future__ import annotations

import pytest

from drafterbench.backends.local import draft_model
from drafterbench.backends.local.drafter import DrafterContext
from drafterbench.backends.local.methods import flag, parse_spec


@pytest.mark.parametrize(("text", "expected"), [("false", False), ("0", False), ("no", False), ("OFF", False),
                                                ("true", True), ("1", True), ("yes", True)])
def test_flag_reads_the_words(text: str, expected: bool) -> None:
    assert flag({"adaptive": text}, "adaptive", not expected) is expected


def test_flag_keeps_bools_and_defaults_and_refuses_other_words() -> None:
    assert flag({"fuzzy": False}, "fuzzy", True) is False
    assert flag({}, "fuzzy", True) is True
    with pytest.raises(ValueError, match="adaptive='maybe' is not a yes/no value"):
        flag({"adaptive": "maybe"}, "adaptive", False)


def test_spec_draft_adaptive_false_really_turns_adaptation_off() -> None:
    _, options = parse_spec("draft:adaptive=false")
    drafter = draft_model.build(DrafterContext(target=object(), drafter=object(), options=options))
    assert drafter.adaptive is False
    _, options = parse_spec("draft:adaptive=true")
    assert draft_model.build(DrafterContext(target=object(), drafter=object(), options=options)).adaptive is True
