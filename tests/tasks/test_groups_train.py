"""Task groups, selection by type, and the training split."""

from __future__ import annotations

import pytest

from drafterbench.tasks.generator import generate_train
from drafterbench.tasks.groups import GROUPS, parse_group, select


def test_groups_split_the_suite_in_complementary_pairs(suite):
    pairs = [("Structured", "Unstructured"), ("Precise", "Vague"), ("Complete", "Error"),
             ("Single_Object", "Multiple_Objects"), ("Single_Operation", "Multiple_Operations")]
    for a, b in pairs:
        ids_a, ids_b = {t.id for t in select(suite, a)}, {t.id for t in select(suite, b)}
        assert ids_a and ids_b and not ids_a & ids_b and len(ids_a | ids_b) == 1920
    assert len(select(suite, "Vague")) == 880
    assert len(select(suite, "Multiple_Operations")) == 480
    assert set(GROUPS) == {x for p in pairs for x in p}


def test_original_spellings_and_case_are_accepted(suite):
    assert parse_group("Multiple_Object") == "Multiple_Objects"
    assert parse_group("multiple_operation") == "Multiple_Operations"
    assert parse_group("error") == "Error"
    assert len(select(suite, "all")) == 1920


def test_bad_names_list_the_valid_choices(suite):
    with pytest.raises(ValueError, match="valid groups: All, Structured"):
        select(suite, "Hard")
    with pytest.raises(ValueError, match="valid types: add_text"):
        select(suite, types=["add_texts"])


def test_select_by_type_group_and_limit(suite):
    chosen = select(suite, group="Error", types=["map_table", "add_vector"], limit=30)
    assert len(chosen) == 30
    assert {t.type.value for t in chosen} <= {"map_table", "add_vector"}
    assert all(t.controllers.completeness.value == "incomplete" for t in chosen)
    assert sum(t.type.value == "map_table" for t in chosen) == 15  # a limit is shared between the types


def test_a_limit_samples_every_type_in_turn(suite):
    chosen = select(suite, limit=24)
    assert [t.type for t in chosen[:12]] == list(dict.fromkeys(t.type for t in suite))
    assert {t.type: sum(c.type is t.type for c in chosen) for t in chosen} == {t.type: 2 for t in chosen}
    assert select(suite, limit=len(suite) + 5) == list(suite)


def test_train_split_is_disjoint_from_the_suite_and_deterministic(suite):
    exclude = {t.instruction for t in suite}
    train = list(generate_train(48, seed=3, exclude=exclude))
    assert len(train) == 48
    assert all(t.id.startswith("train-") for t in train)
    assert not {t.instruction for t in train} & exclude
    assert [t.id for t in train] == [t.id for t in generate_train(48, seed=3, exclude=exclude)]
    assert len({t.type for t in train}) == 12
