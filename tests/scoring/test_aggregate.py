"""Run aggregates: per-type means, average tasks, comprehensive reward, groups, errored tasks, trials."""

from __future__ import annotations

import pytest

from drafterbench.scoring import Controllers, ScoredTask, across_trials, aggregate
from drafterbench.scoring.models import DIMENSIONS, Dimensions, DimensionScore, TaskScore
from drafterbench.tasktypes import TaskType


def _score(total: float, executable: bool = True) -> TaskScore:
    full = DimensionScore(success=1, total=1)
    return TaskScore(executable=executable, total=total, descriptions_match=total == 100,
                     dimensions=Dimensions(**{d: full for d in DIMENSIONS}))  # fmt: skip


def _task(i: int, type_: TaskType, total: float | None, *, language="structured", detail="precise",
          completeness="complete", objects="multiple", operations="single") -> ScoredTask:  # fmt: skip
    return ScoredTask(
        task_id=f"t{i}",
        type=type_,
        controllers=Controllers(
            language=language,
            detail=detail,
            completeness=completeness,
            objects=objects,
            operations=operations,
        ),
        score=None if total is None else _score(total),
    )


def test_comprehensive_reward_and_errored_tasks() -> None:
    # add_text: 100 and 80 -> 90 (the errored third task is excluded); map_table: 60.
    # average = (90 + 60) / 2 = 75; comprehensive = 75 - (100 - 60) / 12 = 71.667.
    results = [
        _task(1, TaskType.ADD_TEXT, 100),
        _task(2, TaskType.ADD_TEXT, 80, language="unstructured", detail="vague"),
        _task(3, TaskType.ADD_TEXT, None),
        _task(4, TaskType.MAP_TABLE, 60, completeness="incomplete", objects="single", operations="multiple"),
    ]
    run = aggregate(results)
    assert run.per_type == {"add_text": 90, "map_table": 60}
    assert run.average_tasks == pytest.approx(75)
    assert run.comprehensive_reward == pytest.approx(75 - 40 / 12)
    assert (run.counts.tasks, run.counts.scored, run.counts.errored) == (4, 3, 1)
    assert run.counts.per_type == {"add_text": 3, "map_table": 1}
    # Group means are over tasks: Structured = (100 + 60) / 2, Unstructured = 80.
    assert run.groups["Structured"] == pytest.approx(80)
    assert run.groups["Unstructured"] == pytest.approx(80)
    assert run.groups["Vague"] == pytest.approx(80)
    assert run.groups["Precise"] == pytest.approx(80)
    assert run.groups["Error"] == pytest.approx(60)
    assert run.groups["Complete"] == pytest.approx(90)
    assert run.groups["Multiple_Objects"] == pytest.approx(90)  # the plural spelling matches
    assert run.groups["Single_Object"] == pytest.approx(60)
    assert run.groups["Multiple_Operations"] == pytest.approx(60)
    assert run.dimensions["plan_execution"] == 1.0


def test_empty_groups_and_all_errored() -> None:
    run = aggregate([_task(1, TaskType.ADD_TABLE, None)])
    assert run.average_tasks is None and run.comprehensive_reward is None
    assert run.groups["Vague"] is None
    assert run.counts.errored == 1


def test_bad_controller_names_the_choices() -> None:
    with pytest.raises(ValueError, match="valid values: structured, unstructured"):
        Controllers(language="semi", detail="precise", completeness="complete", objects="single",
                    operations="single")  # fmt: skip


def test_across_trials_mean_and_std() -> None:
    a = aggregate([_task(1, TaskType.ADD_TEXT, 100), _task(2, TaskType.MAP_TEXT, 80)])
    b = aggregate([_task(1, TaskType.ADD_TEXT, 90), _task(2, TaskType.MAP_TEXT, 70)])
    summary = across_trials([a, b])
    assert summary.trials == 2
    assert summary.average_tasks.mean == pytest.approx(85)
    assert summary.average_tasks.std == pytest.approx(7.0710678)  # sample std of 90 and 80
    assert summary.per_type["add_text"].mean == pytest.approx(95)
    assert str(summary.per_type["map_text"]) == "75.00 ± 7.07"
    assert across_trials([a]).average_tasks.std == 0.0
    with pytest.raises(ValueError):
        across_trials([])
