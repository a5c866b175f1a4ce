"""A missing optional dependency is named together with the extra that installs it."""

from __future__ import annotations

import subprocess
import sys

import pytest

# Each case hides one package (``sys.modules[name] = None`` makes its import fail as if it were absent),
# then asks for the feature that needs it.
CASES = [
    (
        "openai",
        "from drafterbench.backends.openai_compat import OpenAICompatBackend\n"
        "OpenAICompatBackend('m', base_url='http://127.0.0.1:9/v1')",
        "pip install 'drafterbench[openai]'",
    ),
    (
        "transformers",
        "from drafterbench.backends.local import LocalBackend\nLocalBackend('hf/some-model')",
        "pip install 'drafterbench[local]'",
    ),
    (
        "langchain_core",
        "from drafterbench.backends.langchain import LangChainBackend\nLangChainBackend(object())",
        "pip install 'drafterbench[langchain]'",
    ),
]


@pytest.mark.parametrize(("hidden", "code", "hint"), CASES, ids=[c[0] for c in CASES])
def test_missing_extra_is_named(hidden: str, code: str, hint: str) -> None:
    program = (
        f"import sys\nsys.modules[{hidden!r}] = None\n"
        "from drafterbench._optional import MissingDependency\n"
        f"try:\n" + "".join(f"    {line}\n" for line in code.splitlines()) +
        "except MissingDependency as exc:\n    print(exc)\nelse:\n    print('no error')\n"
    )
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert hint in out.stdout and hidden in out.stdout, out.stdout
