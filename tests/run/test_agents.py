"""Program extraction, prompts, and the code-mode agent over a scripted backend."""

from __future__ import annotations

from drafterbench.agents.base import Agent, TaskPrompt
from drafterbench.agents.code_mode import CodeModeAgent, extract_program
from drafterbench.agents.prompts import build_messages, system_prompt
from drafterbench.backends.base import ChatBackend, Completion, GenerationParams, Usage
from drafterbench.tasktypes import TaskType


def test_python_fence_is_taken_and_prose_dropped():
    reply = "Sure! Here it is:\n```python\nimport fitz\ndoc = fitz.open('a.pdf')\n```\nHope this helps."
    assert extract_program(reply) == "import fitz\ndoc = fitz.open('a.pdf')\n"


def test_several_python_blocks_are_joined_and_other_languages_ignored():
    reply = "```bash\npip install x\n```\n```python\nimport fitz\n```\ntext\n```py\nimport PDFbf\n```"
    assert extract_program(reply) == "import fitz\nimport PDFbf\n"


def test_untagged_fence_then_bare_text():
    assert extract_program("```\nx = 1\n```") == "x = 1\n"
    assert extract_program("import fitz\nx = 1") == "import fitz\nx = 1"


def test_truncated_fence_keeps_the_rest():
    assert extract_program("Here:\n```python\nimport fitz\ndoc = fi") == "import fitz\ndoc = fi"


def test_every_type_has_its_own_prompt_with_the_conventions():
    for t in TaskType:
        text = system_prompt(t)
        assert "0-based" in text and "file-level:" in text and "```python" in text
    assert "annocolor" in system_prompt(TaskType.ADD_VECTOR)
    assert "cuttable" in system_prompt(TaskType.REVISE_TABLE)
    assert "cuttable" not in system_prompt(TaskType.ADD_TEXT)
    msgs = build_messages(TaskType.MAP_TEXT, "move the text")
    assert [m.role for m in msgs] == ["system", "user"] and msgs[1].content == "move the text"


class Scripted(ChatBackend):
    name = "scripted"

    def __init__(self, reply: str) -> None:
        self.reply = reply
        self.seen = []

    async def generate(self, messages, params):
        self.seen.append((messages, params))
        return Completion(text=self.reply, usage=Usage(prompt_tokens=10, completion_tokens=3), latency_s=0.1)


async def test_code_mode_agent_returns_program_response_and_usage():
    backend = Scripted("```python\nimport fitz\n```")
    agent = CodeModeAgent(backend, GenerationParams(temperature=0.5))
    assert isinstance(agent, Agent)
    prompt = TaskPrompt(task_id="t1", type=TaskType.ADD_TEXT, instruction="do it")
    result = await agent.solve(prompt)
    assert result.program == "import fitz\n"
    assert result.response == "```python\nimport fitz\n```"
    assert result.usage.total_tokens == 13 and result.latency_s == 0.1
    assert backend.seen[0][1].temperature == 0.5
    assert backend.seen[0][0] == build_messages(TaskType.ADD_TEXT, "do it")  # the agent builds its own chat


def test_the_prompts_example_programs_run_in_the_interpreter():
    # A prompt that teaches a program the interpreter refuses would cost every model points.
    from drafterbench.interpreter import execute

    examples = 0
    for t in TaskType:
        text = system_prompt(t)
        if "```python\nimport" not in text:
            continue
        program = extract_program(text[text.index("```python\nimport"):])
        trace = execute(program, effects=False).trace
        assert trace.error is None, (t, trace.error)
        assert trace.files and trace.files[0].saves, t
        examples += 1
    assert examples >= 1
