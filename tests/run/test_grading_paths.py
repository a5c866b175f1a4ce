"""Grading writes every revised PDF under its work directory, whatever a custom task's id says."""

from __future__ import annotations

from drafterbench.grade_types import GradeRequest, ProgramAnswer
from drafterbench.grading import grade
from drafterbench.tasks import load_suite


def test_a_task_id_with_path_parts_stays_inside_the_work_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTERBENCH_CACHE", str(tmp_path / "cache"))
    task = load_suite()[0].model_copy(update={"id": "../../outside"})
    work = tmp_path / "a" / "b" / "work"
    work.mkdir(parents=True)
    # A copy of the reference that is not the same text, so the agent's side runs as well.
    graded = grade(GradeRequest(task, ProgramAnswer(task.reference_program + "\n"), execute=True, work_dir=work))
    assert graded.score == 100.0 and graded.state.match is True
    assert sorted(p.name for p in (tmp_path / "a" / "b").iterdir()) == ["work"]
    written = [p.relative_to(work) for p in work.rglob("*.pdf")]
    assert written and all(p.parts[0] == "reference" for p in written), written
