"""``drafterbench tools``: the 46 tools, as a table or as function-calling JSON schemas."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("tools")
    def tools(
        as_json: bool = typer.Option(False, "--json", help="Print the 46 function-calling JSON schemas."),
    ) -> None:
        """List the 46 drawing-revision tools: name, kind, arguments (E essential / O optional), task types."""
        import json

        from drafterbench.tools.registry import TOOLS, function_schema

        if as_json:
            typer.echo(json.dumps([function_schema(t) for t in TOOLS], indent=1))
            return
        from rich.table import Table

        from drafterbench.cli._common import console

        table = Table(title=f"{len(TOOLS)} tools", show_lines=False)
        for column in ("name", "kind", "arguments", "task types"):
            table.add_column(column, overflow="fold")
        for spec in TOOLS:
            args = ", ".join(f"{a.name} ({'E' if a.essential else 'O'})" for a in spec.args) or "–"
            types = "all" if len(spec.task_types) == 12 else ", ".join(t.value for t in spec.task_types)
            table.add_row(spec.name, spec.kind, args, types)
        console.print(table)
