"""Temporary folders for a run's revised PDFs, and the removal of those a killed run left behind."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def new_work_dir(kind: str) -> str:
    """A temporary folder for a run's revised PDFs, named after this process (``drafterbench-<kind>-<pid>-…``).

    The grading supervisor removes it when the run ends, however it ends; only when the whole process group
    was killed at once (``kill -9 -PGID``) is nobody left to do so, so the folders of runs whose process is
    gone are removed here, before a new one is made (only this user's, only ours by name).
    """
    root = Path(tempfile.gettempdir())
    for stale in root.glob("drafterbench-*-*-*"):
        parts = stale.name.split("-")
        if len(parts) < 4 or not parts[2].isdigit() or parts[1] not in ("run", "rescore"):
            continue
        try:
            if stale.stat().st_uid != os.getuid() or _pid_alive(int(parts[2])):
                continue
        except OSError:
            continue
        shutil.rmtree(stale, ignore_errors=True)
    return tempfile.mkdtemp(prefix=f"drafterbench-{kind}-{os.getpid()}-")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
