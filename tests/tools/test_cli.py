"""``drafterbench tools`` and ``drafterbench tools --json``."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from drafterbench.cli import app


def test_tools_json_lists_46_schemas():
    result = CliRunner().invoke(app, ["tools", "--json"])
    assert result.exit_code == 0, result.output
    schemas = json.loads(result.output)
    assert len(schemas) == 46
    names = [s["function"]["name"] for s in schemas]
    assert "manipulate_text__addtext" in names and "fitz__open" in names
    text = next(s for s in schemas if s["function"]["name"] == "PDFbf__manipulate_text")
    assert text["function"]["parameters"]["required"] == ["doc", "pagenumber", "clip"]


def test_tools_table(monkeypatch):
    from drafterbench.cli._common import console

    # The shared console measured the terminal when it was first imported (by whichever test ran first).
    monkeypatch.setattr(console, "width", 200)
    result = CliRunner().invoke(app, ["tools"])
    assert result.exit_code == 0, result.output
    assert "46 tools" in result.output
    assert "PDFbf.manipulate_table" in result.output and "data (E)" in result.output
