"""The ``drafterbench`` command. Each sub-command lives in its own module with a ``register(app)``.

Command modules import heavy dependencies inside their command functions, so ``drafterbench --help``
stays fast.
"""

from __future__ import annotations

import importlib
import importlib.util
import os

import typer

app = typer.Typer(
    name="drafterbench",
    help="DrafterBench: LLM agents revising technical drawings, scored by their operation chains.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Module names under drafterbench.cli, in help order.
_COMMAND_MODULES = (
    "run_cmd",  # run, score, report
    "tasks_cmd",  # tasks list|show|stats|generate|import
    "tools_cmd",  # tools
    "exec_cmd",  # exec
    "compare_cmd",  # compare
    "leaderboard_cmd",  # leaderboard add|build
    "view_cmd",  # view
    "bench_cmd",  # bench, calibrate
    "train_cmd",  # train (drafterbench-tiny)
)


def _register_all() -> None:
    for name in _COMMAND_MODULES:
        qualified = f"{__name__}.{name}"
        if importlib.util.find_spec(qualified) is None:
            continue
        importlib.import_module(qualified).register(app)


_register_all()


def main() -> None:
    """The console script: the app, with anything it did not foresee said in one line, not a traceback
    (``DRAFTERBENCH_DEBUG=1`` shows the traceback)."""
    try:
        app()
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one clear line, non-zero exit
        if os.environ.get("DRAFTERBENCH_DEBUG"):
            raise
        from drafterbench.cli._common import fail

        message = f"unexpected {type(exc).__name__}: {str(exc)[:500]} (DRAFTERBENCH_DEBUG=1 shows where)"
        raise SystemExit(fail(message, code=1).exit_code) from None
