"""``drafterbench exec``: run one program against drawings and show what it did."""

from __future__ import annotations

from pathlib import Path

import typer

from drafterbench.cli._common import console, fail, safe


def register(app: typer.Typer) -> None:
    app.command("exec")(exec_command)


def exec_command(
    program: Path = typer.Argument(..., help="The program to run (Python text in the original's style)."),
    drawing: list[Path] = typer.Option(
        [], "--drawing", "-d", help="A PDF the program may open; matched by file name (repeatable)."
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Folder for the revised PDFs and before/after PNGs of changed pages."
    ),
    trace: Path | None = typer.Option(None, "--trace", help="Write the trace JSON here."),
    no_effects: bool = typer.Option(False, "--no-effects", help="Record only; do not edit the drawings."),
    dpi: int = typer.Option(72, "--dpi", min=10, max=600, help="Resolution of the before/after images."),
    force: bool = typer.Option(False, "--force", help="Allow --out to be the folder of a --drawing (a save "
                               "may then replace it) and --trace to replace a file."),
    metric: str = typer.Option(
        "drafterbench", "--metric", help="Whose executability rule to report: drafterbench or original."
    ),
) -> None:
    """Run PROGRAM through the safe interpreter (never executed by Python) and summarise its trace."""
    from drafterbench.interpreter import execute
    from drafterbench.interpreter._execute import render_before_after
    from drafterbench.safe_io import FileProblem, check_file, check_output_file, ensure_dir, read_text
    from drafterbench.scoring.choose import METRICS

    if metric not in METRICS:
        raise fail(f"unknown --metric {metric!r}; valid metrics: {', '.join(METRICS)}")

    try:
        # A program is refused past the interpreter's 100 KB anyway; reading more would only cost memory.
        source = read_text(program, what="program", limit=10 * 1024 * 1024)
        drawings: dict[str, Path] = {}
        for path in drawing:
            if path.suffix.lower() != ".pdf":
                raise FileProblem(f"the drawing {path} is not a .pdf file")
            check_file(path, what="drawing", limit=1 << 30)
            if path.name in drawings:
                raise FileProblem(f"two drawings are named {path.name!r} ({drawings[path.name]} and {path}); "
                                  "rename one")
            drawings[path.name] = path
        if out is not None:
            ensure_dir(out, what="output folder")
            inputs = [p for p in drawings.values() if p.resolve().parent == out.resolve()]
            if inputs and not force:
                raise FileProblem(f"the output folder {out} holds the input drawing {inputs[0].name}: a program "
                                  "saving under that name would replace it; choose another --out or pass --force")
        if trace is not None:
            check_output_file(trace, what="trace file", force=force)
    except FileProblem as exc:
        raise fail(str(exc)) from None

    result = execute(source, drawings=drawings, out_dir=out, effects=not no_effects)
    images = render_before_after(result, drawings, out, dpi=dpi) if out is not None else []
    if trace is not None:
        try:
            trace.write_text(result.trace.model_dump_json(indent=2), encoding="utf-8")
        except OSError as exc:
            raise fail(f"cannot write the trace to {trace}: {exc.strerror or exc}") from None
    _summarise(result, images, drawings, out, trace, metric)
    if result.trace.error is not None:
        raise typer.Exit(1)


def _summarise(result, images, drawings, out, trace_path, metric) -> None:  # type: ignore[no-untyped-def]
    from rich.table import Table

    from drafterbench.interpreter._execute import source_of
    from drafterbench.scoring.choose import is_executable

    tr = result.trace
    calls = sum(len(b.calls) + 1 for f in tr.files for b in f.blocks) + sum(len(f.saves) for f in tr.files)
    opened = sum(1 for f in tr.files if f.opened)
    invalid = [
        (owner, arg)
        for f in tr.files
        for b in f.blocks
        for owner, args in [(b, b.arguments), *[(c, c.arguments) for c in b.calls]]
        for arg in args
        if not arg.valid
    ]
    table = Table(show_header=False, box=None)
    # The scorer's verdict (the 30 points), not only whether the interpreter reached the end.
    runs, reasons = is_executable(tr, metric)
    table.add_row("executable", ("[green]yes[/]" if runs else "[red]no[/]") + f" [dim]({metric} metric)[/]")
    table.add_row("files", f"{opened} opened, {len(tr.files) - opened} named by a recorder")
    table.add_row("tool calls", str(calls))
    table.add_row("invalid arguments", str(len(invalid)))
    table.add_row("warnings", str(len(tr.warnings)))
    console.print(table)
    if tr.error is not None:
        console.print(f"[bold red]not executable[/] ({tr.error.kind}): {safe(tr.error.message)}")
    elif not runs:
        for reason in reasons[:5]:
            console.print(f"[bold red]not executable[/]: {safe(reason)}")
    for owner, arg in invalid[:10]:
        where = f"line {owner.line}: " if owner.line else ""
        error = str(arg.error)
        text = error if error.startswith(f"{arg.name}:") else f"{arg.name}: {error}"
        console.print(f"  [yellow]invalid[/] {where}{safe(text)}")
    for note in tr.warnings[:10]:
        where = f"line {note.line}: " if note.line else ""
        console.print(f"  [dim]warning[/] {where}{safe(note.message)}")
    if len(tr.warnings) > 10:
        console.print(f"  ... and {len(tr.warnings) - 10} more warnings (see --trace)")
    for path in result.unmatched:
        console.print(
            f"  [yellow]no drawing[/] for {safe(repr(path))}: recorded only (pass it with --drawing)"
        )
    if not drawings and opened:
        console.print("  [dim]no --drawing: recorded only, no drawing was edited "
                      "(`drafterbench tasks show ID --drawings DIR` writes a task's drawings)[/]")
    if drawings and out is None:
        console.print("  [dim]no --out: the revised drawings were not written[/]")
    for path, written in result.outputs.items():
        pages = ", ".join(str(p + 1) for p in result.changed_pages.get(source_of(result, path), []))
        console.print(f"  wrote {safe(written)}" + (f" (changed page {pages})" if pages else " (no page changed)"))
    for image in images:
        console.print(f"  wrote {safe(image)}")
    if trace_path is not None:
        console.print(f"  wrote {safe(trace_path)}")
