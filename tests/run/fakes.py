"""Small stand-ins for the orchestration tests: hand-built tasks, a scripted grading job and a flaky agent.

The end-to-end tests (test_run_e2e.py) use the real suite, interpreter and scorer; these keep the
orchestration tests (concurrency, errors, resume bookkeeping) fast and independent of them.
"""

from __future__ import annotations

from drafterbench.agents.base import AgentResult, TaskPrompt
from drafterbench.backends.base import BackendError
from drafterbench.drawings.spec import BoxSpec, DrawingSpec, PageSpec
from drafterbench.grade_types import Graded, GradeRequest
from drafterbench.scoring.models import Dimensions, DimensionScore, TaskScore
from drafterbench.scoring.state import StateMatch
from drafterbench.tasks.model import (
    Controllers,
    FileTarget,
    Operation,
    PageTarget,
    Scoring,
    TargetObject,
    Task,
    TaskDescription,
)
from drafterbench.tasktypes import TaskType
from drafterbench.tools.trace import Trace


def make_task(i: int, type_: TaskType = TaskType.ADD_TEXT) -> Task:
    return Task(
        id=f"{type_.value}-{i:04d}",
        type=type_,
        controllers=Controllers(language="structured", detail="precise", completeness="complete",
                                objects="single", operations="single"),
        instruction=f"task number {i}: write GOOD in box 1 on page 1 of beam.pdf",
        drawings=[DrawingSpec(name="beam.pdf", seed=i, pages=[PageSpec(boxes=[BoxSpec(content="empty")])])],
        reference_program=f"GOOD {i}",
        scoring=Scoring(mode="precise"),
        description=TaskDescription(files=[FileTarget(name="beam.pdf", pages=[PageTarget(number=1, objects=[
            TargetObject(target=1, operations=[Operation(action="add text", args={"text": "GOOD"})])])])]),
    )


def score(total: float) -> TaskScore:
    full = DimensionScore(success=1, total=1)
    return TaskScore(executable=total >= 30, total=total, descriptions_match=total == 100,
                     dimensions=Dimensions(argument_definition=full, variable_transfer=full,
                                           function_calling=full, single_tool=full, multi_tool=full,
                                           plan_execution=full))


def scripted_grade_job(request: GradeRequest) -> Graded:
    """100 when the program is the reference program, else 30; raises on the word CRASH."""
    program = getattr(request.answer, "program", "")
    if "CRASH" in program:
        raise RuntimeError("grader blew up")
    same = program == request.task.reference_program
    state = StateMatch(score=1.0 if same else 0.0) if request.execute else None
    return Graded(trace=Trace(), task_score=score(100.0 if same else 30.0), state=state)


class FlakyAgent:
    """Answers with the reference program, except: tasks in ``down`` raise a backend error."""

    name = "flaky"

    def __init__(self, down: set[str] = frozenset(), wrong: set[str] = frozenset()) -> None:
        self.down = set(down)
        self.wrong = set(wrong)
        self.calls: list[str] = []

    async def solve(self, prompt: TaskPrompt) -> AgentResult:
        self.calls.append(prompt.task_id)
        if prompt.task_id in self.down:
            raise BackendError("connection refused", kind="connection")
        program = "something else" if prompt.task_id in self.wrong else f"GOOD {int(prompt.task_id[-4:])}"
        return AgentResult(program=program, response=program)
