"""Real runs for the viewer's tests: suite tasks, real grading with the effects on, a few kinds of answers."""

from __future__ import annotations

import asyncio
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from drafterbench.agents.base import AgentResult
from drafterbench.backends.base import BackendError, Usage
from drafterbench.run import RunOptions, aevaluate

XSS = "<script>alert(1)</script>"
IDS = ["add_text-0000", "delete_vector-0003", "revise_text-0000", "map_table-0000", "add_table-0000"]


def suite_tasks():
    from drafterbench.tasks.suite import load_suite

    by_id = {t.id: t for t in load_suite()}
    return [by_id[i] for i in IDS]


class MixedAgent:
    """The reference program, except: one task answered on the wrong rectangle, one reply carrying a script
    tag (with the reference program), one task whose backend is down."""

    name = f"mixed {XSS}"  # the model name is shown on every page: it must be escaped too

    def __init__(self, tasks, *, wrong: str | None = "delete_vector-0003", down: str | None = "map_table-0000"):
        self.programs = {t.id: t.reference_program for t in tasks}
        self.wrong, self.down = wrong, down

    async def solve(self, prompt) -> AgentResult:
        program = self.programs[prompt.task_id]
        if prompt.task_id == self.down:
            raise BackendError("connection refused", kind="connection")
        if prompt.task_id == self.wrong:
            program = program.replace("rectangleorder=4", "rectangleorder=2")
        reply = f"Here it is {XSS}\n```python\n{program}```" if prompt.task_id == "add_text-0000" else None
        return AgentResult(program=program, response=reply, usage=Usage(prompt_tokens=100, completion_tokens=50),
                           latency_s=0.5)


class _Reference(MixedAgent):
    name = "reference answers"

    def __init__(self, tasks):
        super().__init__(tasks, wrong=None, down=None)


def make_run(out: Path, agent) -> Path:
    async def go():
        with ThreadPoolExecutor(2) as pool:
            await aevaluate(agent, suite_tasks(), out=out, model=agent.name, options=RunOptions(), executor=pool)

    asyncio.run(go())
    return out


@pytest.fixture(scope="session")
def runs(tmp_path_factory) -> dict[str, Path]:
    """``mixed`` (see MixedAgent) and ``reference`` runs of the same five tasks."""
    root = tmp_path_factory.mktemp("view-runs")
    tasks = suite_tasks()
    return {
        "mixed": make_run(root / "mixed", MixedAgent(tasks)),
        "reference": make_run(root / "reference", _Reference(tasks)),
    }


@pytest.fixture
def mixed(runs, tmp_path) -> Path:
    """A private copy of the mixed run (tests may write into it)."""
    return Path(shutil.copytree(runs["mixed"], tmp_path / "mixed"))
