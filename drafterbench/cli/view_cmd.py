"""``drafterbench view RUN [RUN_B]``: a run's static HTML report, or two runs side by side."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import typer
from rich.markup import escape

from drafterbench.cli._common import console, err_console, fail


def register(app: typer.Typer) -> None:
    app.command("view")(view)


def view(
    runs: list[Path] = typer.Argument(..., help="A run directory (or its run.jsonl); give two to compare them."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Report folder (default: <run>/view, or "
                                    "<run A>/compare-<run B> for two runs)."),
    drawings: str = typer.Option("failed", "--drawings", help="Whose drawings to render: failed (answers that "
                                 "lost points or changed the drawing unlike the reference), all, none."),
    task: list[str] = typer.Option([], "--task", "-t", help="Also render this task's drawings (repeatable; "
                                   "wildcards: 'add_text-00*')."),
    workers: int = typer.Option(0, "--workers", min=0, help="Rendering processes (0: one per core)."),
    dpi: int = typer.Option(50, "--dpi", min=20, max=200, help="Resolution of the drawing images."),
    open_page: bool = typer.Option(False, "--open", help="Open the report in the default browser."),
) -> None:
    """Write a static HTML report of a run (or compare two runs): no network, opens from file://."""
    from drafterbench.runlog import RunLogError
    from drafterbench.view.build import DRAWINGS_POLICIES, ViewOptions
    from drafterbench.view.renders import RenderOptions

    if drawings not in DRAWINGS_POLICIES:
        raise fail(f"--drawings {drawings!r}: choose one of {', '.join(DRAWINGS_POLICIES)}")
    if len(runs) > 2:
        raise fail(f"give one run to view or two to compare, not {len(runs)}")
    options = ViewOptions(drawings=drawings, tasks=tuple(task), workers=workers,  # type: ignore[arg-type]
                          render=RenderOptions(dpi=dpi))
    target = out or _default_out(runs)
    try:
        with _Progress() as progress:
            if len(runs) == 1:
                from drafterbench.view.build import build_view

                counts = build_view(runs[0], target, options, progress.update)
            else:
                from drafterbench.view.compare import build_compare

                counts = build_compare(runs[0], runs[1], target, options, progress.update)
    except (RunLogError, ValueError) as exc:
        raise fail(" ".join(str(exc).split())) from None  # pydantic's message spans lines: one line here
    except OSError as exc:
        raise fail(f"cannot write the report to {str(target)!r}: {exc}") from None
    index = (target / "index.html").resolve()
    console.print(f"wrote {escape(str(index))}: {counts.pages} task pages; drawings of "
                  f"{counts.answers_rendered} answers rendered now, {counts.answers_cached} cached"
                  + (f", {counts.render_errors} could not be drawn" if counts.render_errors else ""))
    if open_page:
        webbrowser.open(index.as_uri())


def _default_out(runs: list[Path]) -> Path:
    first = runs[0].parent if runs[0].suffix == ".jsonl" else runs[0]
    if len(runs) == 1:
        return first / "view"
    second = runs[1].parent if runs[1].suffix == ".jsonl" else runs[1]
    return first / f"compare-{second.resolve().name}"


class _Progress:
    """Rich progress bars, one per stage (drawings, pages).

    Refreshed on each update rather than by rich's refresh thread: the rendering workers are forked, and a
    fork is only safe while the parent runs no other thread.
    """

    def __init__(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                                  TimeElapsedColumn(), console=err_console, transient=False,
                                  auto_refresh=False)
        self._bars: dict[str, int] = {}

    def __enter__(self) -> _Progress:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def update(self, stage: str, done: int, total: int) -> None:
        if stage not in self._bars:
            if total == 0:
                return
            self._bars[stage] = self._progress.add_task(stage, total=total)
        self._progress.update(self._bars[stage], completed=done, total=total)
        self._progress.refresh()
