"""Tool mode end to end over the real loopback HTTP server: scripted tool-call replies, the tool-mode agent,
the OpenAI-compatible backend, replay grading with the real tools, scorer and (optionally) drawings."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from typer.testing import CliRunner

from drafterbench.agents.build import build_agent
from drafterbench.agents.tool_mode import ToolModeAgent
from drafterbench.backends.base import ChatBackend, Completion, GenerationParams
from drafterbench.backends.openai_compat import OpenAICompatBackend, RetryPolicy
from drafterbench.backends.registry import BackendOptions
from drafterbench.cli import app
from drafterbench.run import RunOptions, aevaluate
from drafterbench.runlog import read_run
from tests.backends.loopback import LoopbackServer
from tests.golden.damaged import CLIP, FINISH, OPEN, PERFECT, TEXT, golden_tasks, tool_call

FAST = RetryPolicy(max_retries=3, base_delay_s=0.005, max_delay_s=0.05)


# A first manipulator with a font outside the font list; the model reads the tool error and makes a second.
RETRY = [OPEN, CLIP, [tool_call("PDFbf__manipulate_text", **{**TEXT, "font": "Comic Sans"})],
         [tool_call("PDFbf__manipulate_text", **TEXT), tool_call("manipulate_text__addtext", object="text_manipulator1")],
         FINISH]


class Scripted:
    """The loopback server's responder: turn k of the chosen script, checking the tool results came back."""

    def __init__(self, scripts: dict[str, list[list[dict]]]) -> None:
        self.scripts = scripts
        self.tool_results: dict[str, list[list[dict]]] = {name: [] for name in scripts}

    def __call__(self, messages: list[dict]):
        instruction = next(m["content"] for m in messages if m["role"] == "user")
        name = instruction[1:instruction.index("]")]
        script = self.scripts[name]
        turn = sum(1 for m in messages if m["role"] == "assistant")
        if turn:
            # The previous turn's calls must each have come back as a tool message with its call id.
            asked = [m for m in messages if m["role"] == "assistant"][-1]["tool_calls"]
            results = messages[-len(asked):]
            assert [r["role"] for r in results] == ["tool"] * len(asked)
            assert [r["tool_call_id"] for r in results] == [c["id"] for c in asked]
            self.tool_results[name].append([json.loads(r["content"]) for r in results])
        if turn >= len(script):
            return {"content": "All revisions are done.", "tool_calls": []}
        return {"content": None, "tool_calls": [{**c, "id": f"call_{turn}_{i}"} for i, c in enumerate(script[turn])]}


def _tasks(*names: str):
    return [t.model_copy(update={"id": f"golden-{name}", "instruction": f"[{name}]" + t.instruction.split("]", 1)[1]})
            for name, t in zip(names, golden_tasks())]


async def _run(url, tasks, out, execute):
    backend = OpenAICompatBackend("loopback-model", base_url=url, retry=FAST, timeout_s=5.0)
    try:
        with ThreadPoolExecutor(2) as pool:
            return await aevaluate(ToolModeAgent(backend), tasks, out=out, model="openai/loopback-model",
                                   options=RunOptions(execute=execute, max_connections=2), executor=pool)
    finally:
        await backend.aclose()


@pytest.mark.parametrize("execute", [False, True])
async def test_add_text_solved_with_function_calls_scores_100(tmp_path, execute):
    responder = Scripted({"perfect": PERFECT})
    with LoopbackServer(responder) as server:
        report = await _run(server.url, _tasks("perfect"), tmp_path / "run", execute)
        sent = server.seen
    record = read_run(tmp_path / "run").latest()[("golden-perfect", 0)]
    assert record.status == "ok" and record.score == 100.0, record.diagnostics
    assert [c.name for c in record.tool_calls] == [c["name"] for turn in PERFECT for c in turn]
    assert record.program.startswith('fitz__open({"filepath": "beam.pdf"})\n')
    assert report.perfect == 1
    # Every request carried the 46 schemas; the results the model saw named the objects by id.
    assert all(len(body["tools"]) == 46 for body in sent) and len(sent) == len(PERFECT) + 1
    seen = responder.tool_results["perfect"]
    assert seen[0] == [{"status": "ok", "returned": "doc0"}, {"status": "ok", "returned": "annoextractor0"}]
    assert seen[1] == [{"status": "ok", "returned": ["rectangle0", "rfpoint0"]}]
    assert record.usage.prompt_tokens > 0 and record.latency_s > 0
    if execute:  # the replay revised the drawing as the reference program does
        assert record.state.match is True


async def test_an_invalid_value_comes_back_as_a_tool_error_and_the_retry_still_scores(tmp_path):
    responder = Scripted({"perfect": PERFECT, "wrong_page": RETRY})
    tasks = _tasks("perfect", "wrong_page")
    with LoopbackServer(responder) as server:
        await _run(server.url, tasks, tmp_path / "run", False)
    feedback = responder.tool_results["wrong_page"][2][0]
    assert feedback["status"] == "invalid" and feedback["returned"] == "text_manipulator0"
    assert feedback["invalid"][0].startswith("font: font 'Comic Sans' is not in the font list; valid fonts:")
    record = read_run(tmp_path / "run").latest()[("golden-wrong_page", 0)]
    blocks = record.trace.files[0].blocks
    assert [b.cls for b in blocks] == ["extractanno", "manipulate_text", "manipulate_text", "recorder"]
    assert not blocks[1].argument("font").valid and blocks[2].argument("font").valid
    # The abandoned first manipulator stays in the trace, as it would in code mode: the metric sees every
    # recorded call, like the original's dual functions. Its invalid font makes the answer not executable by
    # the original's executable_check (any rejected argument value), which costs the 30 executable points;
    # the modification descriptions still match the reference's (the invalid manipulator never wrote
    # anything; the corrected one wrote GOOD in Arial 12 red), which is worth the full 70. So a retry keeps
    # the revision's 70 points but not the 30: a model is not paid for its first, invalid attempt.
    assert record.score == 70.0
    assert record.task_score.executable is False and record.task_score.descriptions_match is True
    kinds = {d.split(":")[0] for d in record.diagnostics}
    assert any("invalid value for font in manipulate_text: 'Comic Sans'" in d for d in record.diagnostics), kinds
    perfect = read_run(tmp_path / "run").latest()[("golden-perfect", 0)]
    assert perfect.score == 100.0


class _NoTools(ChatBackend):
    name = "plain"

    async def generate(self, messages, params):  # the code-mode signature, as langchain/hf keep it
        return Completion(text="")


def test_tool_mode_needs_a_backend_that_calls_tools():
    with pytest.raises(ValueError, match="tool mode needs an OpenAI-compatible backend"):
        ToolModeAgent(_NoTools())
    with pytest.raises(ValueError, match="--agent tool needs an OpenAI-compatible backend"):
        build_agent("langchain/openai:gpt-4o", [], GenerationParams(), BackendOptions(), agent="tool")
    with pytest.raises(ValueError, match="unknown --agent 'tools'; valid: code, tool"):
        build_agent("reference", [], GenerationParams(), BackendOptions(), agent="tools")
    agent, _ = build_agent("reference", [], GenerationParams(), BackendOptions(), agent="tool")
    assert agent.name == "reference"  # the reference agent ignores --agent


def test_cli_agent_tool_is_stored_and_resume_rebuilds_it(tmp_path):
    calls_seen: list[int] = []

    def reply(messages):  # a model that opens a file, then stops
        calls_seen.append(len(messages))
        if any(m["role"] == "tool" for m in messages):
            return {"content": "Done.", "tool_calls": []}
        return {"content": None, "tool_calls": [tool_call("fitz__open", filepath="beam.pdf")]}

    runner = CliRunner()
    out = tmp_path / "run"
    with LoopbackServer(reply) as server:
        res = runner.invoke(app, ["run", "--model", "openai/loopback", "--base-url", server.url, "--agent", "tool",
                                  "--types", "add_text", "--limit", "2", "--no-execute", "--workers", "1",
                                  "--out", str(out)])
        assert res.exit_code == 0, res.output
        bodies = list(server.seen)
    log = read_run(out)
    assert log.header.config.agent == "tool"
    assert all("tools" in b for b in bodies) and len(bodies) == 4
    assert [[c.name for c in r.tool_calls] for r in log.records] == [["fitz__open"]] * 2
    assert all(r.score is not None and r.score < 100 for r in log.records)
    # --resume reads the stored configuration back (nothing left to do here, but the agent is rebuilt).
    from drafterbench.cli.run_cmd import _agent

    agent, _ = _agent(log.header.config, [])
    assert isinstance(agent, ToolModeAgent)
    res = runner.invoke(app, ["run", "--resume", str(out)])
    assert res.exit_code == 0 and "nothing to run (every planned task is done)" in " ".join(res.output.split())
    # Re-scoring replays the stored calls instead of reading the transcript as a program (which would not run).
    res = runner.invoke(app, ["score", str(out), "--workers", "1", "--out", str(tmp_path / "again")])
    assert res.exit_code == 0, res.output
    again = read_run(tmp_path / "again")
    assert [r.score for r in again.records] == [r.score for r in log.records]
    assert all(r.trace.error is None and r.trace.files[0].path == "beam.pdf" for r in again.records)
