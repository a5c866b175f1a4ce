"""The run log: one append-only JSONL file per run, safe to kill at any moment and resume.

Line 1 is a :class:`RunHeader` (schema version, config, model, suite hash, git revision, the planned
task ids). Every later line is a :class:`TaskRecord` for one (task, trial). Each line is written with a
single ``write`` on an ``O_APPEND`` descriptor, then ``fsync``-ed, so a killed run leaves at worst one
half-written last line. :func:`read_run` ignores such a tail and :class:`RunLogWriter` cuts it off before
appending, so a resumed run neither loses nor duplicates a finished task.

A record with ``status == "error"`` is *not* a zero score: the task did not get an answer (backend down,
agent crash) and can be run again with ``--retry-errors``, which appends a new record for it; when a log
holds several records for one (task, trial), the last one counts.
"""

from __future__ import annotations

import fcntl
import logging
import os
import stat
import subprocess
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from drafterbench import records_v1
from drafterbench.backends.base import DecodingStats, ToolCallRequest, Usage
from drafterbench.run_settings import MAX_TRIALS, RunConfig
from drafterbench.safe_io import FileProblem, describe_invalid, ensure_dir, read_file
from drafterbench.scoring.models import TaskScore
from drafterbench.scoring.state import StateMatch
from drafterbench.tools.trace import Trace

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 2
#: The schemas this version reads: 1 stored a task's score as a number, a JSON detail and strings (see
#: :mod:`drafterbench.records_v1`), 2 stores the typed score and state check once.
READABLE_SCHEMAS = (1, 2)
LOG_NAME = "run.jsonl"

#: Bounds on what a run may plan (a header from elsewhere is held to them too): far above any real run,
#: far below what would exhaust memory just planning it.
MAX_TASKS = 100_000
MAX_TASK_RUNS = 1_000_000  # trials x tasks
#: The largest run log read back (a whole 1920-task suite with effects logs a few tens of MB).
MAX_LOG_BYTES = 1 << 30


class RunHeader(BaseModel):
    """The first line of a run log: everything needed to rebuild or resume the run."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["header"] = "header"
    schema_version: int = SCHEMA_VERSION
    run_id: str = Field(max_length=1000)
    created: str = Field(max_length=100)
    model: str = Field(max_length=1000)
    backend: str = Field(max_length=100)
    # What the run was started with, typed and bounded (see run_settings.RunConfig); a resume obeys it only
    # after the checks of run_config.
    config: RunConfig = Field(default_factory=RunConfig)
    suite_hash: str = Field("", max_length=200)
    suite_version: str = Field("", max_length=200)
    tasks_hash: str = Field("", max_length=200)  # digest of the selected tasks: a resume refuses tasks that changed
    git_revision: str | None = Field(None, max_length=200)
    drafterbench_version: str = Field("", max_length=100)
    task_ids: list[str] = Field(default_factory=list, max_length=MAX_TASKS)
    trials: int = Field(1, ge=1, le=MAX_TRIALS)
    rescored_from: str | None = Field(None, max_length=4096)  # set by ``drafterbench score``; shown, never opened

    @model_validator(mode="after")
    def _bounded(self) -> RunHeader:
        if len(self.task_ids) * self.trials > MAX_TASK_RUNS:
            raise ValueError(f"{len(self.task_ids)} tasks x {self.trials} trials is more than "
                             f"{MAX_TASK_RUNS} task runs")
        if len(set(self.task_ids)) != len(self.task_ids):
            raise ValueError("task_ids repeats a task id")
        return self


class TaskRecord(BaseModel):
    """One attempt at one (task, trial): the answer, what it did, how it scored, what it cost."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["task"] = "task"
    task_id: str
    trial: int = 0
    type: str
    controllers: dict[str, Any] = Field(default_factory=dict)
    status: Literal["ok", "error"]
    error_kind: str | None = None  # "connection", "rate_limit", "timeout", "agent", "grading", ...
    error: str | None = None
    response: str | None = None
    program: str | None = None
    cut: dict[str, int] = Field(default_factory=dict)  # a text stored cut short -> its full length
    tool_calls: list[ToolCallRequest] | None = None  # a tool-mode answer (graded by replaying these calls)
    trace: Trace | None = None
    task_score: TaskScore | None = None  # the scorer's verdict under ``metric``, with diagnostics; None when errored
    metric: str = "drafterbench"  # which metric gave ``task_score`` ("drafterbench", "original")
    # The same answer under the other metrics (without diagnostics), for reports of both.
    other_metrics: dict[str, TaskScore] = Field(default_factory=dict)
    state: StateMatch | None = None  # revised-PDF comparison with the reference, effects on only
    usage: Usage = Field(default_factory=Usage)
    latency_s: float = 0.0  # model time
    wall_s: float = 0.0  # the whole task: model, queueing, execution, scoring
    grade_s: float = 0.0  # execution and scoring alone, in the grading worker
    decoding: DecodingStats | None = None
    finished: str = ""

    @property
    def key(self) -> tuple[str, int]:
        return (self.task_id, self.trial)

    @property
    def score(self) -> float | None:
        """The task's score (0..100) under ``metric``; None when errored."""
        return None if self.task_score is None else self.task_score.total

    @property
    def diagnostics(self) -> list[str]:
        """What the scorer found wrong, in words."""
        return [] if self.task_score is None else [str(d) for d in self.task_score.diagnostics]

    @model_validator(mode="before")
    @classmethod
    def _schema_1(cls, data: Any) -> Any:
        return records_v1.upgraded(data)


#: The most characters of a model's reply (and of the program taken from it) a task record keeps; the
#: interpreter refuses programs far shorter than this, so a cut program grades as the whole one did.
MAX_LOGGED_TEXT = 256 * 1024


def bounded_texts(**texts: str | None) -> dict[str, Any]:
    """``texts`` cut to :data:`MAX_LOGGED_TEXT`, with ``cut`` saying which were cut and from what length."""
    out: dict[str, Any] = {}
    cut: dict[str, int] = {}
    for name, text in texts.items():
        if text is not None and len(text) > MAX_LOGGED_TEXT:
            cut[name] = len(text)
            text = text[:MAX_LOGGED_TEXT]
        out[name] = text
    if cut:
        out["cut"] = cut
    return out


class RunLogError(ValueError):
    """The file is not a run log this version can read."""


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def git_revision(start: Path | None = None) -> str | None:
    """The checkout's commit (with ``-dirty`` when modified), or None outside a git checkout."""
    try:
        where = str(start or Path(__file__).resolve().parent)
        rev = subprocess.run(
            ["git", "-C", where, "describe", "--always", "--dirty", "--abbrev=12"],
            capture_output=True, text=True, timeout=5, check=True,
        ).stdout.strip()
        return rev or None
    except (OSError, subprocess.SubprocessError):
        return None


def log_path(run: str | Path) -> Path:
    """``run`` may name the run directory or its ``run.jsonl``."""
    path = Path(run)
    return path / LOG_NAME if path.is_dir() else path


class RunLog(BaseModel):
    """A run log as read back: the header and the records, in file order."""

    header: RunHeader
    records: list[TaskRecord]
    path: Path
    ignored_tail: bool = False  # a half-written last line was found and skipped

    def latest(self) -> dict[tuple[str, int], TaskRecord]:
        """The record that counts for each (task, trial): the last one written."""
        out: dict[tuple[str, int], TaskRecord] = {}
        for record in self.records:
            out[record.key] = record
        return out

    def finished_keys(self) -> set[tuple[str, int]]:
        return {k for k, r in self.latest().items() if r.status == "ok"}

    def errored_keys(self) -> set[tuple[str, int]]:
        return {k for k, r in self.latest().items() if r.status == "error"}

    def planned_keys(self) -> list[tuple[str, int]]:
        return [(t, k) for k in range(self.header.trials) for t in self.header.task_ids]


def read_run(run: str | Path) -> RunLog:
    """Read a run log, skipping a half-written last line (a run killed mid-write)."""
    path = log_path(run)
    if not path.exists():
        raise RunLogError(f"no run log at {path}")
    data = read_file(path, what="run log", limit=MAX_LOG_BYTES, error=RunLogError)
    lines = data.split(b"\n")
    tail = lines.pop()  # after the last newline: b"" for a cleanly ended file
    ignored_tail = bool(tail.strip())
    if ignored_tail:
        logger.warning("%s: ignoring a half-written last line (%d bytes)", path, len(tail))
    if not lines:
        raise RunLogError(f"{path} has no header line")
    try:
        header = RunHeader.model_validate_json(lines[0])
    except ValidationError as exc:
        raise RunLogError(f"{path}: the first line is not a run header: {describe_invalid(exc)}") from None
    if header.schema_version not in READABLE_SCHEMAS:
        raise RunLogError(
            f"{path}: run log schema {header.schema_version}, this drafterbench reads "
            + " and ".join(map(str, READABLE_SCHEMAS))
        )
    records = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        try:
            records.append(TaskRecord.model_validate_json(line))
        except ValidationError as exc:
            raise RunLogError(f"{path}:{number}: not a task record: {describe_invalid(exc)}") from None
    return RunLog(header=header, records=records, path=path, ignored_tail=ignored_tail)


class RunLogWriter:
    """Appends lines durably. Use :meth:`create` for a new log, :meth:`reopen` to resume one.

    The writer holds an exclusive lock on the log (``flock``) while it is open, so two runs can never append
    to one log at once (the lock goes with the process, even when it is killed).
    """

    def __init__(self, path: Path, *, new: bool = False) -> None:
        self.path = path
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | (os.O_EXCL if new else 0)
        try:
            self._fd = os.open(path, flags, 0o644)
        except FileExistsError:
            raise RunLogError(f"{path} already exists; resume it with --resume or choose another --out") from None
        except OSError as exc:
            raise RunLogError(f"cannot write the run log {path}: {exc.strerror or exc}") from None
        try:
            if not stat.S_ISREG(os.fstat(self._fd).st_mode):
                raise RunLogError(f"{path} is not a regular file")
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._fd)
            raise RunLogError(f"{path} is being written by another drafterbench run; wait for it to end") from None
        except BaseException:
            os.close(self._fd)
            raise

    @classmethod
    def create(cls, path: Path, header: RunHeader) -> RunLogWriter:
        try:
            ensure_dir(path.parent, what="run directory")
        except FileProblem as exc:
            raise RunLogError(str(exc)) from None
        if path.is_dir():
            raise RunLogError(f"{path} is a directory, not a run log")
        if path.exists() and not path.stat().st_size:
            path.unlink()  # an empty file left by a run killed before its header: nothing to keep
        writer = cls(path, new=True)
        writer._append(header.model_dump_json())
        return writer

    @classmethod
    def reopen(cls, path: Path) -> RunLogWriter:
        """Open an existing log for appending (locked), first cutting off a half-written last line."""
        writer = cls(path)
        size = os.fstat(writer._fd).st_size
        with open(path, "rb") as f:
            f.seek(max(0, size - (1 << 20)))
            tail = f.read()
        if tail and not tail.endswith(b"\n"):
            cut = tail.rfind(b"\n")
            keep = size - len(tail) + cut + 1 if cut >= 0 else 0
            logger.warning("%s: truncating a half-written last line (%d bytes)", path, size - keep)
            os.ftruncate(writer._fd, keep)
            os.fsync(writer._fd)
        return writer

    def write(self, record: TaskRecord) -> None:
        self._append(record.model_dump_json())

    def _append(self, line: str) -> None:
        if "\n" in line:  # JSON escapes newlines inside strings, so this cannot happen for valid JSON
            raise RunLogError("a run log line must not contain a raw newline")
        payload = (line + "\n").encode()
        # One write on an O_APPEND descriptor: a kill leaves either the whole line or a prefix of it.
        written = os.write(self._fd, payload)
        while written < len(payload):
            written += os.write(self._fd, payload[written:])
        os.fsync(self._fd)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> RunLogWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

