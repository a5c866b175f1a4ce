"""``drafterbench tasks``: list, show, count, generate and import tasks."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import typer

from drafterbench.cli._common import console, fail, plain, safe

tasks_app = typer.Typer(help="The task suite: list, show, stats, generate, import.", no_args_is_help=True)

_CONTROLLERS = ("language", "detail", "completeness", "objects", "operations")


def register(app: typer.Typer) -> None:
    app.add_typer(tasks_app, name="tasks")


def _load(file: Path | None):
    from drafterbench.tasks.suite import load_suite, read_tasks

    if file is None:
        return load_suite()
    try:
        return read_tasks(file)
    except (OSError, ValueError) as exc:
        raise fail(str(exc)) from None


def _check_out(out: Path, force: bool) -> None:
    """Refuse an ``--out`` that exists (unless ``--force``), is a folder, or lies under a file."""
    from drafterbench.safe_io import FileProblem, check_output_file

    try:
        check_output_file(out, what="output file", force=force)
    except FileProblem as exc:
        raise fail(str(exc)) from None


def _select(tasks, group, types, limit):
    from drafterbench.tasks.groups import select

    try:
        return select(tasks, group=group, types=types or None, limit=limit)
    except ValueError as exc:
        raise fail(str(exc))


_FILE = typer.Option(None, "--file", "-f", help="A task JSONL(.gz) file instead of the packaged suite v1.")
_JSON = typer.Option(False, "--json", help="Print JSON for scripts.")


@tasks_app.command("list")
def list_command(
    group: str | None = typer.Option(None, "--task-group", "-g", help="Structured, Vague, Error, ..."),
    task_type: list[str] = typer.Option([], "--type", "-t", help="A task type (repeatable)."),
    limit: int | None = typer.Option(None, "--limit", "-n", min=0, help="At most this many tasks, taken from each selected type in turn."),
    file: Path | None = _FILE,
    as_json: bool = _JSON,
) -> None:
    """List tasks: id, controllers and the start of the instruction."""
    tasks = _select(_load(file), group, task_type, limit)
    if as_json:
        rows = [{"id": t.id, "type": t.type.value, "controllers": t.controllers.model_dump(mode="json"),
                 "instruction": t.instruction} for t in tasks]
        typer.echo(json.dumps(rows, indent=2))
        return
    from rich.table import Table

    table = Table("id", "controllers", "instruction", show_lines=False)
    for t in tasks:
        c = t.controllers
        tags = " ".join(v.value[:4] for v in (c.language, c.detail, c.completeness, c.objects, c.operations))
        text = t.instruction.replace("\n", " ")
        table.add_row(safe(t.id), tags, safe(text if len(text) <= 90 else text[:87] + "..."))
    console.print(table)
    console.print(f"{len(tasks)} task(s)")


@tasks_app.command("show")
def show_command(
    task_id: str = typer.Argument(..., help="A task id, e.g. refresh_text-0042."),
    drawings: Path | None = typer.Option(None, "--drawings", help="Write the task's drawings (PDF) here."),
    file: Path | None = _FILE,
    as_json: bool = _JSON,
    force: bool = typer.Option(False, "--force", help="Replace drawings of the same name in --drawings."),
) -> None:
    """Show one task: controllers, instruction, drawings and the reference program."""
    tasks = {t.id: t for t in _load(file)}
    if task_id not in tasks:
        sample = ", ".join(list(tasks)[:: max(1, len(tasks) // 4)][:4])
        raise fail(f"no task {task_id!r}; ids look like {sample} (see `drafterbench tasks list`)")
    task = tasks[task_id]
    written = []
    if drawings is not None:
        from drafterbench.drawings import render
        from drafterbench.safe_io import FileProblem, check_output_file, ensure_dir
        from drafterbench.tools.session import safe_file_name

        try:
            ensure_dir(drawings, what="drawings folder")
            pdfs = {drawings / safe_file_name(spec.name): render(spec) for spec in task.drawings}
            for path, data in pdfs.items():
                # The same drawing again (another task of the same sheet) replaces nothing that differs.
                same = path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data
                if not same:
                    check_output_file(path, what="drawing", force=force)
            for path, data in pdfs.items():
                path.write_bytes(data)
                written.append(str(path))
        except FileProblem as exc:
            raise fail(str(exc)) from None
        except OSError as exc:
            raise fail(f"cannot write the drawings into {drawings}: {exc.strerror or exc}") from None
    if as_json:
        data = task.model_dump(mode="json")
        if written:
            data["written_drawings"] = written
        typer.echo(json.dumps(data, indent=2))
        return
    from rich.syntax import Syntax

    c = task.controllers
    console.print(f"[bold]{safe(task.id)}[/]  type={task.type.value}  " + "  ".join(
        f"{k}={getattr(c, k).value}" for k in _CONTROLLERS))
    console.print(f"scoring: {task.scoring.mode}" + (
        f" (vague: {', '.join(task.scoring.vague_arguments)})" if task.scoring.vague_arguments else ""))
    console.print("\n[bold]Instruction[/]")
    console.print(plain(task.instruction), markup=False)
    console.print("\n[bold]Drawings[/]")
    for spec in task.drawings:
        console.print(f"  {safe(spec.name)}: {len(spec.pages)} page(s), boxes per page "
                      f"{[len(p.boxes) for p in spec.pages]}")
    for path in written:
        console.print(f"  written: {safe(path)}")
    console.print("\n[bold]Reference program[/]")
    console.print(Syntax(plain(task.reference_program), "python", word_wrap=True))


def stats_of(tasks) -> dict:
    """Counts per type and per controller value (overall and per type)."""
    out: dict = {"total": len(tasks), "per_type": {}, "per_controller": {}}
    for name in _CONTROLLERS:
        out["per_controller"][name] = dict(sorted(Counter(getattr(t.controllers, name).value for t in tasks).items()))
    by_type: dict[str, list] = {}
    for t in tasks:
        by_type.setdefault(t.type.value, []).append(t)
    for ttype, group in by_type.items():
        entry = {"total": len(group)}
        for name in _CONTROLLERS:
            entry[name] = dict(sorted(Counter(getattr(t.controllers, name).value for t in group).items()))
        out["per_type"][ttype] = entry
    return out


@tasks_app.command("stats")
def stats_command(file: Path | None = _FILE, as_json: bool = _JSON) -> None:
    """Counts per type and per controller value."""
    from drafterbench.tasks.suite import suite_version

    stats = stats_of(_load(file))
    if file is None:
        stats["suite_version"] = suite_version()
    if as_json:
        typer.echo(json.dumps(stats, indent=2))
        return
    from rich.table import Table

    values = {name: sorted(stats["per_controller"][name]) for name in _CONTROLLERS}
    table = Table("type", "total", *[f"{name}\n{' / '.join(values[name])}" for name in _CONTROLLERS],
                  title=stats.get("suite_version"))

    def cells(entry: dict) -> list[str]:
        return [" / ".join(str(entry[name].get(v, 0)) for v in values[name]) for name in _CONTROLLERS]

    for ttype, entry in stats["per_type"].items():
        table.add_row(ttype, str(entry["total"]), *cells(entry))
    table.add_row("[bold]all[/]", str(stats["total"]), *cells(stats["per_controller"]))
    console.print(table)


@tasks_app.command("generate")
def generate_command(
    split: str = typer.Option("train", "--split", help="train (new seeds) or suite (regenerate suite v1)."),
    n: int = typer.Option(120, "--n", min=1, help="How many training tasks."),
    seed: int = typer.Option(1, "--seed", help="Training seed (never the suite's)."),
    out: Path = typer.Option(..., "--out", "-o", help="Output JSONL file (.gz for gzip)."),
    as_json: bool = _JSON,
    force: bool = typer.Option(False, "--force", help="Replace --out if it exists."),
) -> None:
    """Generate a training split disjoint from the suite, or regenerate the suite itself."""
    from drafterbench.tasks.generator import generate_suite, generate_train
    from drafterbench.tasks.suite import load_suite, write_tasks

    if split not in ("train", "suite"):
        raise fail(f"unknown split {split!r}; valid splits: train, suite")
    _check_out(out, force)
    if split == "suite":
        tasks = generate_suite()
    elif split == "train":
        exclude = {t.instruction for t in load_suite()}
        tasks = list(generate_train(n, seed=seed, exclude=exclude))
    else:
        raise fail(f"unknown split {split!r}; valid splits: train, suite")
    try:
        digest = write_tasks(tasks, out)
    except OSError as exc:
        raise fail(f"cannot write {out}: {exc.strerror or exc}") from None
    if as_json:
        typer.echo(json.dumps({"split": split, "count": len(tasks), "out": str(out), "sha256": digest}))
    else:
        console.print(f"wrote {len(tasks)} {split} task(s) to {safe(out)} (sha256 {digest[:12]})")


@tasks_app.command("import")
def import_command(
    file: Path = typer.Argument(..., help="Rows in the original's format (JSON or JSONL)."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write the imported tasks here (JSONL)."),
    as_json: bool = _JSON,
    force: bool = typer.Option(False, "--force", help="Replace --out if it exists."),
) -> None:
    """Import original-format rows; each ground truth runs through the interpreter (recording only)."""
    from drafterbench.tasks.importer import import_file
    from drafterbench.tasks.suite import write_tasks

    if out is not None:
        _check_out(out, force)
    try:
        report = import_file(file)
    except (OSError, ValueError) as exc:
        raise fail(str(exc)) from None
    if out is not None and report.tasks:
        try:
            write_tasks(report.tasks, out)
        except OSError as exc:
            raise fail(f"cannot write {out}: {exc.strerror or exc}") from None
    if as_json:
        typer.echo(json.dumps({"imported": [t.id for t in report.tasks],
                               "rejected": [{"row": r, "reason": why} for r, why in report.rejected],
                               "out": str(out) if out else None}, indent=2))
    else:
        console.print(f"imported {len(report.tasks)} task(s)" + (f" into {safe(out)}" if out and report.tasks else ""))
        for row, why in report.rejected:
            console.print(f"[yellow]rejected[/] {safe(row)}: {safe(why)}", markup=True)
    if not report.tasks:
        raise typer.Exit(1)
