"""``--spec`` options become each method's typed options once; yes/no words are parsed, not passed to ``bool``
(``bool("false")`` is True); a bad key or value is one line naming it and the valid choices."""

from __future__ import annotations

import dataclasses

import pytest

from drafterbench.backends.local import draft_model
from drafterbench.backends.local.drafter import DrafterContext
from drafterbench.backends.local.methods import MethodSpec, flag, parse_spec, read_spec
from drafterbench.backends.local.options import (
    OPTIONS,
    DraftOptions,
    EasySpecOptions,
    OmniDraftOptions,
    PlainOptions,
    PromptLookupOptions,
    VocabTrimOptions,
)


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


def test_every_method_has_a_frozen_options_class() -> None:
    from drafterbench.backends.local.methods import METHODS

    assert set(OPTIONS) == set(METHODS)
    for cls in OPTIONS.values():
        assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen


def test_spec_text_becomes_typed_options() -> None:
    assert read_spec("draft:adaptive=false") == MethodSpec("draft", DraftOptions(adaptive=False))
    assert read_spec("easyspec:group_size=2,fuzzy=false").options == EasySpecOptions(group_size=2, fuzzy=False)
    trim = read_spec("vocabtrim:k=64,token_map=m.json,adaptive=no").options
    assert trim == VocabTrimOptions(k=64, token_map="m.json", adaptive=False)
    omni = read_spec("omnidraft:threshold=0.6,online-adapt=yes,adapt_mode=last").options
    assert omni == OmniDraftOptions(threshold=0.6, online_adapt=True, adapt_mode="last")
    assert read_spec("prompt-lookup:max_ngram=4").options == PromptLookupOptions(max_ngram=4)
    assert read_spec("none").options == PlainOptions()
    # Python values (LocalBackend's spec_options) go through the same conversion and win over the text.
    assert read_spec("easyspec:group_size=2", {"fuzzy": False}).options == EasySpecOptions(group_size=2, fuzzy=False)
    assert read_spec("easyspec:group_size=3", EasySpecOptions(fuzzy=False)).options == EasySpecOptions(3, False)


@pytest.mark.parametrize(("spec", "message"), [
    ("draft:adaptiv=false", "--spec draft: unknown option 'adaptiv'; valid options: adaptive"),
    ("easyspec:fuzzy=maybe", "--spec easyspec option fuzzy='maybe' is not a yes/no value; use one of: true"),
    ("easyspec:group_size=two", "--spec easyspec option group_size='two' is not an integer"),
    ("easyspec:group_size=0", "--spec easyspec: group_size must be >= 1, got 0"),
    ("omnidraft:adapt_mode=full", "--spec omnidraft option adapt_mode='full' is not valid; choose one of: lora, last"),
    ("omnidraft:threshold=high", "--spec omnidraft option threshold='high' is not a number"),
    ("prompt-lookup:min_ngram=5", "--spec prompt-lookup: need 1 <= min_ngram <= max_ngram, got 5, 3"),
    ("none:gamma=2", "--spec none: unknown option 'gamma'"),
])
def test_bad_options_are_one_line_naming_the_value_and_the_choices(spec: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        read_spec(spec)
    assert str(info.value).startswith(message) and "\n" not in str(info.value)


def test_local_backend_refuses_bad_options_before_loading_a_model(tmp_path) -> None:
    from drafterbench.backends.local import LocalBackend

    missing = f"hf/{tmp_path / 'no-such-model'}"
    with pytest.raises(ValueError, match="unknown option 'adaptiv'"):
        LocalBackend(missing, draft_model=missing, spec="draft:adaptiv=false")
    with pytest.raises(ValueError, match="unknown dtype 'float8'"):
        LocalBackend(missing, dtype="float8")
    backend = LocalBackend(missing, draft_model=missing, spec="easyspec:fuzzy=off", spec_options={"group_size": 2})
    assert backend.options == EasySpecOptions(group_size=2, fuzzy=False)


def test_draft_length_schedule_is_shared_not_inherited() -> None:
    from drafterbench.backends.local.draft_model import DraftModelDrafter
    from drafterbench.backends.local.drafter import DecodeState
    from drafterbench.backends.local.drafting import DraftLength
    from drafterbench.backends.local.easyspec import EasySpecDrafter
    from drafterbench.backends.local.sampling import SamplingConfig

    assert not issubclass(EasySpecDrafter, DraftModelDrafter)
    state = DecodeState(tokens=[1], prompt_len=1, sampling=SamplingConfig(), vocab_size=8, max_draft=8)
    length = DraftLength(8, adaptive=True)
    length.reset()
    assert length.this_round(state) == 4
    length.update(state, accepted=4)  # a full accept: +2
    assert length.gamma == 6
    length.update(state, accepted=2)  # a rejection: -1
    assert length.gamma == 5
    fixed = DraftLength(8)
    fixed.reset()
    fixed.update(state, accepted=0)
    assert fixed.gamma == 8
