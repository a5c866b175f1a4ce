"""``drafterbench compare``: score one program against a ground truth (or many pairs), and say why.

Both programs are run recording-only through the safe interpreter (never by Python), so programs in the
original's own format (``import testf``, its misspellings) are accepted as they are.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from drafterbench.cli._common import console, fail

_MAX_PAIRS_LINE = 1_000_000  # characters; a longer line is refused, not read into memory twice


def register(app: typer.Typer) -> None:
    app.command("compare")(compare_command)


def compare_command(
    groundtruth: Path | None = typer.Argument(None, help="The ground-truth program (.py text)."),
    prediction: Path | None = typer.Argument(None, help="The predicted program to score against it."),
    mode: str = typer.Option("precise", "--mode", help="Scoring mode: precise or vague."),
    metric: str = typer.Option(
        "drafterbench",
        "--metric",
        help="drafterbench (ours, the default) or original (the published metric).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (one object per pair with --pairs)."),
    pairs: Path | None = typer.Option(
        None,
        "--pairs",
        help="A JSONL file of pairs ({groundtruth, prediction, mode} per line) to score in order.",
    ),
) -> None:
    """Score PREDICTION against GROUNDTRUTH: the score, the six dimensions, executability, diagnostics."""
    from drafterbench.scoring.choose import METRICS, MODES

    if metric not in METRICS:
        raise fail(f"unknown --metric {metric!r}; valid metrics: {', '.join(METRICS)}")
    if mode not in MODES:
        raise fail(f"unknown --mode {mode!r}; valid modes: {', '.join(MODES)}")
    if pairs is not None:
        if groundtruth is not None or prediction is not None:
            raise fail("give either GROUNDTRUTH PREDICTION or --pairs FILE, not both")
        _compare_pairs(pairs, metric, as_json)
        return
    if groundtruth is None or prediction is None:
        raise fail("give GROUNDTRUTH and PREDICTION (two program files), or --pairs FILE")
    from drafterbench.scoring.choose import score_programs

    score = score_programs(_read(groundtruth), _read(prediction), metric=metric, mode=mode, explain=True)
    if as_json:
        print(json.dumps(result_json(score)))
    else:
        _show(score)


def _read(path: Path) -> str:
    from drafterbench.safe_io import FileProblem, read_text

    try:  # a regular file, of bounded size: never a FIFO or a device
        return read_text(path, what="program", limit=10 * 1024 * 1024)
    except FileProblem as exc:
        raise fail(str(exc)) from None


def result_json(score: Any) -> dict[str, Any]:
    """One pair's result: score, executable, dimensions (success/total) and the diagnostics in words."""
    return {
        "score": score.total,
        "executable": score.executable,
        "descriptions_match": score.descriptions_match,
        "metric": score.metric,
        "mode": score.mode,
        "dimensions": {n: {"success": d.success, "total": d.total} for n, d in score.dimensions.items()},
        "diagnostics": [str(d) for d in score.diagnostics],
    }


def _pair_fields(line: str, number: int, source: Path) -> tuple[str, str, str]:
    where = f"{source} line {number}"
    try:
        row = json.loads(line)
    except (ValueError, RecursionError) as exc:
        raise fail(f"{where}: not JSON ({getattr(exc, 'msg', 'nested too deeply or a number too long')})") from None
    if not isinstance(row, dict):
        raise fail(f"{where}: expected an object with groundtruth, prediction, mode")
    for key in ("groundtruth", "prediction"):
        if not isinstance(row.get(key), str):
            raise fail(f"{where}: {key!r} must be the program text (a string)")
    mode = row.get("mode", "precise")
    if mode not in ("precise", "vague"):
        raise fail(f"{where}: unknown mode {mode!r}; valid modes: precise, vague")
    return row["groundtruth"], row["prediction"], mode


def _compare_pairs(source: Path, metric: str, as_json: bool) -> None:
    from drafterbench.safe_io import FileProblem, check_file
    from drafterbench.scoring.choose import score_programs

    try:
        check_file(source, what="pairs file")  # a regular file: a FIFO or a device would never end
        handle = source.open(encoding="utf-8")
    except FileProblem as exc:
        raise fail(str(exc)) from None
    except FileNotFoundError:
        raise fail(f"the pairs file {str(source)!r} does not exist")
    except OSError as exc:
        raise fail(f"cannot read the pairs file {str(source)!r}: {exc}")
    rows: list[tuple[str, str, str]] = []
    with handle:
        try:
            for number, line in enumerate(handle, 1):
                if len(line) > _MAX_PAIRS_LINE:
                    raise fail(f"{source} line {number}: longer than {_MAX_PAIRS_LINE} characters")
                if line.strip():
                    rows.append(_pair_fields(line, number, source))
        except UnicodeDecodeError as exc:
            raise fail(f"the pairs file {str(source)!r} is not UTF-8 text: {exc.reason}")
    if not rows:
        raise fail(f"the pairs file {str(source)!r} holds no pairs")
    for index, (gt, pred, mode) in enumerate(rows):
        score = score_programs(gt, pred, metric=metric, mode=mode, explain=True)
        if as_json:
            print(json.dumps(result_json(score)), flush=True)
        else:
            verdict = "executable" if score.executable else "not executable"
            console.print(f"{index + 1:>5}  {score.total:7.2f}  {mode:<7}  {verdict}")


def _show(score: Any) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_header=False, box=None)
    table.add_row("score", f"[bold]{score.total:.2f}[/]  ({score.metric} metric, {score.mode} mode)")
    table.add_row("executable", "[green]yes[/]" if score.executable else "[red]no[/]")
    match = "yes: the whole 70" if score.descriptions_match else "no: scored on the six dimensions"
    table.add_row("descriptions match", match)
    for name, dim in score.dimensions.items():
        table.add_row(name.replace("_", " "), f"{dim.success:g} / {dim.total:g}")
    console.print(table)
    for diag in score.diagnostics:
        console.print(f"  [yellow]-[/] {escape(str(diag))}")
