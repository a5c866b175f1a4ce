"""The frozen suites: reading, writing and identifying ``data/suite-v<N>.jsonl.gz``.

The current version (:data:`SUITE_NAME`) is what runs use by default and what :func:`freeze` regenerates; older
versions stay packaged and loadable (``version="v1"``) so that their run logs can still be re-scored.

The file is gzip with ``mtime=0`` (so its bytes depend only on the content) of canonical JSONL: one
``Task.model_dump_json()`` per line, in suite order. Its identity is the sha256 of the *uncompressed* JSONL,
stored next to it in ``suite-v1.sha256.txt`` and checked by the tests; ``suite_version()`` is what run logs and
leaderboard entries record.
"""

from __future__ import annotations

import gzip
import hashlib
import io
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from drafterbench.safe_io import describe_invalid
from drafterbench.tasks.model import Task

#: Every packaged suite, oldest first; the last is the current one.
VERSIONS: tuple[str, ...] = ("v1", "v2")
SUITE_NAME = f"suite-{VERSIONS[-1]}"
_DATA = "drafterbench.tasks.data"


def canonical_jsonl(tasks: Iterable[Task]) -> bytes:
    """The canonical uncompressed form: one compact JSON object per line, newline-terminated."""
    return b"".join(t.model_dump_json().encode() + b"\n" for t in tasks)


def gzip_bytes(data: bytes) -> bytes:
    """Deterministic gzip: no file name, ``mtime=0``."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9, filename="") as fh:
        fh.write(data)
    return buffer.getvalue()


def write_tasks(tasks: Iterable[Task], path: str | Path) -> str:
    """Write ``tasks`` as JSONL (gzip when the name ends in ``.gz``); returns the content hash."""
    data = canonical_jsonl(tasks)
    path = Path(path)
    path.write_bytes(gzip_bytes(data) if path.suffix == ".gz" else data)
    return hashlib.sha256(data).hexdigest()


def read_tasks(path: str | Path) -> list[Task]:
    """Tasks from a JSONL file written by :func:`write_tasks` (gzip or plain)."""
    from drafterbench.safe_io import read_maybe_gzip

    return _parse(read_maybe_gzip(path, what="task file"), str(path))


def _parse(data: bytes, where: str) -> list[Task]:
    tasks = []
    for n, line in enumerate(data.splitlines(), 1):
        if line.strip():
            try:
                tasks.append(Task.model_validate_json(line))
            except ValidationError as exc:
                raise ValueError(f"{where}, line {n}: not a valid task: {describe_invalid(exc)}") from None
    return tasks


def suite_name(version: str | None = None) -> str:
    """``suite-v2`` for ``"v2"``, ``"suite-v2"`` or ``"suite-v2+<hash>"``; the current suite for None."""
    if version is None:
        return SUITE_NAME
    short = version.split("+", 1)[0].removeprefix("suite-")
    if short not in VERSIONS:
        raise ValueError(f"unknown suite version {version!r}; valid versions: {', '.join(VERSIONS)}")
    return f"suite-{short}"


def suite_file(version: str | None = None) -> Path:
    """Path of a packaged suite file (the current one by default)."""
    return Path(str(resources.files(_DATA).joinpath(f"{suite_name(version)}.jsonl.gz")))


@lru_cache(maxsize=None)
def _load(name: str = SUITE_NAME) -> tuple[Task, ...]:
    raw = resources.files(_DATA).joinpath(f"{name}.jsonl.gz").read_bytes()
    return tuple(_parse(gzip.decompress(raw), name))


def load_suite(version: str | None = None) -> list[Task]:
    """The 1920 tasks of a suite version (the current one by default; parsed once per process)."""
    return list(_load(suite_name(version)))


@lru_cache(maxsize=None)
def suite_hash(version: str | None = None) -> str:
    """The recorded sha256 of a suite's canonical JSONL."""
    return resources.files(_DATA).joinpath(f"{suite_name(version)}.sha256.txt").read_text().strip()


def suite_version(version: str | None = None) -> str:
    """``suite-v2+<first 12 hex digits of the content hash>``, for run logs and leaderboard entries."""
    return f"{suite_name(version)}+{suite_hash(version)[:12]}"


def get_task(task_id: str, version: str | None = None) -> Task:
    """One suite task by id; KeyError naming a few valid ids otherwise."""
    name = suite_name(version)
    for task in _load(name):
        if task.id == task_id:
            return task
    sample = ", ".join(t.id for t in _load(name)[::160][:4])
    raise KeyError(f"no task {task_id!r} in {name}; ids look like {sample}")


def freeze(directory: str | Path | None = None) -> str:
    """Regenerate the current suite from its seed and write the packaged files; returns the hash."""
    from drafterbench.tasks.generator import generate_suite

    directory = Path(directory) if directory else suite_file().parent
    tasks = generate_suite()
    digest = write_tasks(tasks, directory / f"{SUITE_NAME}.jsonl.gz")
    (directory / f"{SUITE_NAME}.sha256.txt").write_text(digest + "\n")
    return digest
