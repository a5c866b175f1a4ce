"""The runner, reports and CLI stay light: no SDK, no torch until a backend or the scorer needs it."""

import subprocess
import sys


def test_runner_modules_import_no_heavy_dependency():
    code = (
        "import sys\n"
        "import drafterbench.run, drafterbench.report, drafterbench.leaderboard, drafterbench.cli\n"
        "import drafterbench.backends.registry, drafterbench.agents.code_mode, drafterbench.agents.reference\n"
        "heavy = ('openai', 'langchain_core', 'torch', 'transformers', 'httpx', 'pymupdf')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_backends_never_import_agents():
    """Agents sit above backends: build_agent lives in drafterbench.agents, not in the backend registry."""
    import ast
    from pathlib import Path

    import drafterbench.backends

    offenders = []
    for path in Path(drafterbench.backends.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else (
                [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            offenders += [f"{path.name}: {n}" for n in names if n.startswith("drafterbench.agents")]
    assert offenders == []
