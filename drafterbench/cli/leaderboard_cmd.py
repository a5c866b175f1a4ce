"""``drafterbench leaderboard add RUN`` and ``drafterbench leaderboard build``."""

from __future__ import annotations

from pathlib import Path

import typer

from drafterbench.cli._common import console, fail, safe

leaderboard_app = typer.Typer(help="Maintain leaderboard/leaderboard.json and its static page.",
                              no_args_is_help=True)

_BOARD = typer.Option(Path("leaderboard/leaderboard.json"), "--board",
                      help="The leaderboard JSON file (relative to the current directory).")


def register(app: typer.Typer) -> None:
    app.add_typer(leaderboard_app, name="leaderboard")


def _page_for(board_path: Path) -> Path:
    return board_path.parent / "index.html"


@leaderboard_app.command("add")
def add(
    run_dir: Path = typer.Argument(..., help="A run directory or its run.jsonl."),
    board: Path = _BOARD,
    price_in: float | None = typer.Option(None, "--price-in", min=0, help="USD per 1M prompt tokens."),
    price_out: float | None = typer.Option(None, "--price-out", min=0, help="USD per 1M completion tokens."),
    allow_partial: bool = typer.Option(False, "--allow-partial", help="Add a run with errored or missing tasks."),
    notes: str | None = typer.Option(None, "--notes", help="What a reader should know about the entry, shown "
                                     "beside it (e.g. \"trained on generated tasks; not comparable with "
                                     "zero-shot models\")."),
    force: bool = typer.Option(False, "--force", help="Replace an index.html beside the board that this "
                               "command did not write."),
    bench: Path | None = typer.Option(None, "--bench", help="A `drafterbench bench --json` report on the same "
                                      "model: its speed-up, τ and α per method go into the entry."),
) -> None:
    """Add (or replace) a run's entry, then rebuild the page (index.html beside the board)."""
    from drafterbench import leaderboard as lb
    from drafterbench.leaderboard_page import build_page
    from drafterbench.report import build_report
    from drafterbench.runlog import RunLogError, read_run

    if (price_in is None) != (price_out is None):
        raise fail("give both --price-in and --price-out, or neither")
    price = lb.Price(input_per_mtok=price_in, output_per_mtok=price_out) if price_in is not None else None
    new_board = not board.exists()
    try:
        _check_targets(board, _page_for(board), force=force)
        # One board ranks runs under one metric (ours); each entry also carries the original metric's reward.
        log = read_run(run_dir)
        report = build_report(log, "drafterbench")
        entry = lb.entry_from_report(report, price=price, allow_partial=allow_partial, notes=notes)
        if bench is not None:
            entry = entry.model_copy(update={"decoding_bench": lb.bench_figures(_read_bench(bench), entry.model)})
        weights = log.header.config.tiny_weights
        if weights is not None and weights.source != "shipped":  # never listed as the shipped model
            entry = entry.model_copy(update={"model": f"{entry.model} (retrained: target "
                                                      f"{weights.target_sha256[:12]})"})
        updated = lb.add(_load(board), entry)
        _write(lambda: (lb.save(updated, board), build_page(updated, _page_for(board))), board)
    except (RunLogError, ValueError) as exc:
        raise fail(str(exc)) from None
    rank = next(i for i, e in enumerate(updated.entries, 1) if e.id == entry.id)
    # The default board is relative to the working directory: name the file in full, and say when it is new,
    # so an add from the wrong directory is noticed.
    where = f"a new leaderboard {board.resolve()}" if new_board else str(board.resolve())
    console.print(f"added {safe(entry.model)} ({safe(entry.id)}) at rank {rank} of {len(updated.entries)}: "
                  f"{safe(where)}; page {safe(_page_for(board).resolve())}")


def _read_bench(path: Path) -> object:
    """A bench report (bounded read of a regular file); ValueError naming the file when it is not one."""
    from pydantic import ValidationError

    from drafterbench.benchmarking.report import BenchReport
    from drafterbench.safe_io import FileProblem, read_text

    try:
        return BenchReport.model_validate_json(read_text(path, what="bench report"))
    except FileProblem as exc:
        raise ValueError(f"--bench: {exc}") from None
    except ValidationError as exc:
        raise ValueError(f"--bench {str(path)!r} is not a `drafterbench bench --json` report: "
                         f"{exc.errors()[0]['msg']}") from None


def _check_targets(board: Path, page: Path | None, *, force: bool) -> None:
    """Refuse a board path that is a folder or lies under a file, and a page that would replace a file this
    command did not write (``--force`` allows it)."""
    from drafterbench.leaderboard_page import is_our_page
    from drafterbench.safe_io import FileProblem, check_output_file

    check_output_file(board, what="leaderboard file", force=True)
    if page is None:
        return
    if page.is_dir():
        raise FileProblem(f"the page {page} is a directory")
    if page.exists() and not force and not is_our_page(page):
        raise FileProblem(f"{page} exists and is not a leaderboard page; pass --force to replace it, or "
                          "choose another --board (the page is written beside it) or --html")


def _write(action, where: Path) -> None:  # type: ignore[no-untyped-def]
    try:
        action()
    except OSError as exc:
        raise ValueError(f"cannot write beside {where}: {exc.strerror or exc}") from None


def _load(board: Path):  # type: ignore[no-untyped-def]
    """The leaderboard at ``board``; a damaged file is an error that names it."""
    from drafterbench import leaderboard as lb

    try:
        return lb.load(board)
    except ValueError as exc:
        if str(board) in str(exc):
            raise
        raise ValueError(f"{board} is not a leaderboard file: {exc}") from exc


@leaderboard_app.command("build")
def build(
    board: Path = _BOARD,
    html: Path | None = typer.Option(None, "--html", help="Page to write (default: index.html beside it)."),
    force: bool = typer.Option(False, "--force", help="Replace a page this command did not write."),
) -> None:
    """Rebuild the static page from the leaderboard JSON."""
    from drafterbench.leaderboard_page import build_page

    if not board.is_file():
        raise fail(f"no leaderboard at {board.resolve()} (add a run first with `drafterbench leaderboard add RUN`, "
                   "or pass --board FILE)")
    target = html or _page_for(board)
    try:
        _check_targets(board, target, force=force)
        data = _load(board)
        _write(lambda: build_page(data, target), target)
    except ValueError as exc:
        raise fail(str(exc)) from None
    console.print(f"wrote {safe(target)} ({len(data.entries)} entries)")
