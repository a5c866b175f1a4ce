"""Test support for the viewer's tests (and docs/screenshots.py): suite tasks, agents with a few kinds of
answers, and a real run of them (real grading with the effects on)."""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

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
            # Another rectangle of the same page (an existing one: the one before, or the next).
            def other(m: re.Match) -> str:
                n = int(m.group(1))
                return f"rectangleorder={n - 1 if n > 0 else n + 1}"

            program = re.sub(r"rectangleorder=(\d+)", other, program, count=1)
        reply = f"Here it is {XSS}\n```python\n{program}```" if prompt.task_id == "add_text-0000" else None
        return AgentResult(program=program, response=reply, usage=Usage(prompt_tokens=100, completion_tokens=50),
                           latency_s=0.5)


class ReferenceAnswers(MixedAgent):
    """The reference program for every task."""

    name = "reference answers"

    def __init__(self, tasks):
        super().__init__(tasks, wrong=None, down=None)


def make_run(out: Path, agent) -> Path:
    async def go():
        with ThreadPoolExecutor(2) as pool:
            await aevaluate(agent, suite_tasks(), out=out, model=agent.name, options=RunOptions(), executor=pool)

    asyncio.run(go())
    return out
