"""The LangChain backend with langchain-core's own fake chat models (real BaseChatModels, no network)."""

from __future__ import annotations

import pytest

pytest.importorskip("langchain_core")

from langchain_core.language_models.fake_chat_models import (
    FakeListChatModel,
    GenericFakeChatModel,
    ParrotFakeChatModel,
)
from langchain_core.messages import AIMessage

from drafterbench.backends.base import BackendError, GenerationParams, Message
from drafterbench.backends.langchain import LangChainBackend, from_spec

MSGS = [Message(role="system", content="sys"), Message(role="user", content="hello there")]


async def test_replies_in_order_with_usage():
    replies = iter(
        [
            AIMessage(content="first", usage_metadata={"input_tokens": 11, "output_tokens": 2, "total_tokens": 13}),
            AIMessage(content="second"),
        ]
    )
    backend = LangChainBackend(GenericFakeChatModel(messages=replies))
    a = await backend.generate(MSGS, GenerationParams())
    b = await backend.generate(MSGS, GenerationParams())
    assert (a.text, b.text) == ("first", "second")
    assert (a.usage.prompt_tokens, a.usage.completion_tokens) == (11, 2)
    assert b.usage.total_tokens == 0
    assert backend.name == "langchain/GenericFakeChatModel"


async def test_messages_reach_the_model_with_their_roles():
    # The parrot model answers with the last message it was given.
    backend = LangChainBackend(ParrotFakeChatModel())
    out = await backend.generate(MSGS, GenerationParams())
    assert out.text == "hello there"


async def test_model_failure_becomes_backend_error():
    # FakeListChatModel raises once its replies run out.
    backend = LangChainBackend(FakeListChatModel(responses=["only one"]))
    assert (await backend.generate(MSGS, GenerationParams())).text == "only one"
    backend.model.responses = []
    with pytest.raises(BackendError) as info:
        await backend.generate(MSGS, GenerationParams())
    assert info.value.kind == "langchain"


def test_not_a_chat_model_is_rejected():
    with pytest.raises(TypeError, match="BaseChatModel"):
        LangChainBackend(object())


def test_spec_needs_provider_and_model():
    with pytest.raises(ValueError, match="<provider>:<model>"):
        from_spec("gpt-4o", GenerationParams())


async def test_a_langchain_model_runs_the_benchmark(tmp_path):
    # A real LangChain chat model (scripted) behind the code-mode agent, through the runner and the scorer.
    from concurrent.futures import ThreadPoolExecutor

    from drafterbench.agents.code_mode import CodeModeAgent
    from drafterbench.run import RunOptions, aevaluate
    from tests.golden.damaged import DAMAGED, golden_tasks

    tasks = golden_tasks()[:3]
    replies = iter(AIMessage(content=f"```python\n{DAMAGED[t.id.removeprefix('golden-')][0]}```",
                             usage_metadata={"input_tokens": 100, "output_tokens": 50, "total_tokens": 150})
                   for t in tasks)
    agent = CodeModeAgent(LangChainBackend(GenericFakeChatModel(messages=replies), max_connections=1))
    with ThreadPoolExecutor(1) as pool:
        report = await aevaluate(agent, tasks, out=tmp_path / "run", options=RunOptions(execute=False,
                                 max_connections=1), executor=pool)
    assert report.done == 3 and report.prompt_tokens == 300 and report.completion_tokens == 150
    expected = sum(DAMAGED[t.id.removeprefix("golden-")][1] for t in tasks) / 3
    assert report.scores.per_type["add_text"] == pytest.approx(expected)


def test_langchain_openai_provider_through_the_cli_against_a_loopback_server(tmp_path, monkeypatch):
    # `langchain/openai:<model>` builds langchain-openai's ChatOpenAI with init_chat_model; --base-url sends it
    # to a real OpenAI-compatible server on loopback that answers with each task's reference program.
    pytest.importorskip("langchain_openai")
    from typer.testing import CliRunner

    from drafterbench.cli import app
    from drafterbench.runlog import read_run
    from drafterbench.tasks import load_suite, select
    from tests.backends.loopback import LoopbackServer

    monkeypatch.setenv("OPENAI_API_KEY", "dummy")
    programs = {t.instruction: t.reference_program for t in select(load_suite(), limit=2)}
    out = tmp_path / "run"
    with LoopbackServer(lambda m: "```python\n" + programs[m[-1]["content"]] + "```") as server:
        res = CliRunner().invoke(app, [
            "run", "--model", "langchain/openai:loopback", "--base-url", server.url, "--limit", "2",
            "--no-execute", "--workers", "1", "--out", str(out),
        ])  # fmt: skip
        assert server.served == 2
    assert res.exit_code == 0, res.output
    records = read_run(out).latest().values()
    assert [r.status for r in records] == ["ok", "ok"]
    assert [r.score for r in records] == [100.0, 100.0]
