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
