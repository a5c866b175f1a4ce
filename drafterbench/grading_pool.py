"""Grading workers that one answer cannot hang or exhaust: a per-task wall-clock and memory budget,
enforced from outside the job.

The pool is a :class:`concurrent.futures.Executor` (so ``loop.run_in_executor`` drives it) made of:

- a **supervisor** process, forked when the pool is made (while the caller still runs one thread), that
  owns the workers. It is single-threaded, so it can fork a replacement worker at any time safely, which
  the caller — by then running an event loop, resolver threads and this module's reader thread — could not.
- **workers**, forked by the supervisor, each with an address-space limit (``RLIMIT_AS``). A job past its
  wall-clock deadline is killed with its worker (``SIGKILL``: a tool call stuck in C code cannot dodge it)
  and the worker is replaced; a job that runs out of memory gets a ``MemoryError`` (or its worker dies)
  and the worker is replaced too. Either way the job's future fails with :class:`BudgetExceeded`, which
  names the limit, and every other job goes on.

Everything dies with the caller: the supervisor stops when its connection to the caller closes (the
kernel closes it even on ``SIGKILL``), kills its workers and removes the folders it was asked to clean;
the workers are also tied to the supervisor by ``PR_SET_PDEATHSIG`` on Linux.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import shutil
import signal
import sys
import threading
import time
from collections import deque
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from multiprocessing.connection import Connection, Pipe, wait
from typing import Any

logger = logging.getLogger(__name__)

_MIB = 1024 * 1024


@dataclass(frozen=True)
class GradeBudget:
    """What grading one answer may use. The defaults are far above any reference program (a suite task
    grades in well under a second and a few hundred MB), and far below what could stall a run or a host."""

    timeout_s: float = 120.0
    """Wall-clock seconds for one task's grading (its reference, the answer, the effects, the scoring)."""
    memory_mb: int = 4096
    """Address space of a grading worker (``RLIMIT_AS``), in MiB."""

    def __post_init__(self) -> None:
        if not self.timeout_s > 0:
            raise ValueError(f"the grading timeout must be > 0 s, got {self.timeout_s}")
        if self.memory_mb < 256:
            raise ValueError(f"the grading memory budget must be >= 256 MB, got {self.memory_mb}")


class BudgetExceeded(Exception):
    """A grading job went past its budget. ``limit`` is ``"timeout"`` or ``"memory"``."""

    def __init__(self, limit: str, message: str) -> None:
        super().__init__(message)
        self.limit = limit


class GradingPool(Executor):
    """``workers`` budgeted grading processes (see the module docstring).

    ``cleanup`` names folders the supervisor removes when it stops, however the caller ended. ``preload``:
    the supervisor imports the grading modules before it forks workers, so replacements start warm.
    """

    def __init__(self, workers: int, budget: GradeBudget = GradeBudget(), *, cleanup: tuple[str, ...] = (),
                 preload: bool = True) -> None:
        if workers < 1:
            raise ValueError(f"workers must be >= 1, got {workers}")
        self.workers = workers  # the runner sizes its queue by it
        self.budget = budget
        self._conn, child = Pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the supervisor
            code = 0
            try:
                self._conn.close()
                _close_inherited(keep=child.fileno())
                _Supervisor(child, workers, budget, cleanup).serve(preload)
            except BaseException:  # noqa: BLE001 - nothing of the caller's may run in this process
                code = 1
            os._exit(code)
        child.close()
        self._futures: dict[int, Future] = {}
        self._next = 0
        self._lock = threading.Lock()
        self._closed = False
        self._reader = threading.Thread(target=self._read, name="grading-pool-reader", daemon=True)
        self._reader.start()

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        payload = pickle.dumps((fn, args, kwargs))
        with self._lock:
            if self._closed:
                raise RuntimeError("the grading pool is shut down")
            job = self._next
            self._next += 1
            self._futures[job] = future
            self._conn.send(("job", job, payload))
        return future

    def _read(self) -> None:
        while True:
            try:
                kind, job, value = self._conn.recv()
            except (EOFError, OSError):
                break
            future = self._futures.pop(job, None)
            if future is None or not future.set_running_or_notify_cancel():
                continue
            try:
                if kind == "done":
                    future.set_result(pickle.loads(value))
                elif kind == "raised":
                    future.set_exception(pickle.loads(value))
                else:
                    future.set_exception(BudgetExceeded(kind, value))
            except Exception as exc:  # noqa: BLE001 - a reply that does not load fails its job, not the reader
                future.set_exception(RuntimeError(f"a grading reply could not be read: {type(exc).__name__}: {exc}"))
        with self._lock:  # the supervisor is gone: nothing more will come
            pending, self._futures = self._futures, {}
        for future in pending.values():
            if future.set_running_or_notify_cancel():
                future.set_exception(RuntimeError("the grading supervisor stopped"))

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            if cancel_futures:
                for future in self._futures.values():
                    future.cancel()
            with contextlib.suppress(OSError):
                self._conn.send(("stop", -1, wait and not cancel_futures))
        if wait:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self._pid, 0)
            self._reader.join(timeout=5)
        self._conn.close()


# ---------------------------------------------------------------------------------------------------------
# The supervisor and its workers (child processes only).


def _close_inherited(keep: int) -> None:
    """Close every descriptor the fork copied from the caller but ``keep`` (and stdin/out/err): the caller's
    open run log (and its lock), sockets and files must not live on in the grading processes."""
    import resource

    limit = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    limit = limit if limit != resource.RLIM_INFINITY and limit > 0 else 65536
    os.closerange(3, keep)
    os.closerange(keep + 1, limit)


def _die_with_parent(sig: int) -> None:
    """Ask Linux to send ``sig`` to this process when its parent dies (no-op elsewhere)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, sig, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _stop_once(*_: object) -> None:
    """SIGTERM in the supervisor: stop (through the clean-up), and ignore any further SIGTERM."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise SystemExit(0)


@dataclass
class _Worker:
    pid: int
    conn: Connection
    job: int | None = None
    deadline: float = 0.0


class _Supervisor:
    def __init__(self, conn: Connection, workers: int, budget: GradeBudget, cleanup: tuple[str, ...]) -> None:
        self.conn = conn
        self.size = workers
        self.budget = budget
        self.cleanup = cleanup
        self.workers: list[_Worker] = []
        self.queue: deque[tuple[int, bytes]] = deque()

    def serve(self, preload: bool) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the caller's to handle
        signal.signal(signal.SIGTERM, _stop_once)
        _die_with_parent(signal.SIGTERM)
        if preload:
            _preload()
        try:
            self.workers = [self._spawn() for _ in range(self.size)]
            self._loop()
        finally:
            # The caller's death arrives twice (end of file here, and SIGTERM): the second must not cut
            # the clean-up short.
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            for w in self.workers:
                self._kill(w)
            for path in self.cleanup:
                shutil.rmtree(path, ignore_errors=True)

    def _loop(self) -> None:
        draining = False
        while True:
            self._dispatch()
            busy = [w for w in self.workers if w.job is not None]
            if draining and not busy and not self.queue:
                return
            now = time.monotonic()
            timeout = max(0.0, min((w.deadline for w in busy), default=now + 60) - now)
            ready = wait([self.conn, *(w.conn for w in busy)], timeout=timeout)
            if self.conn in ready:
                try:
                    kind, job, payload = self.conn.recv()
                except (EOFError, OSError):
                    return  # the caller is gone
                if kind == "stop":
                    if not payload:
                        return
                    draining = True
                else:
                    self.queue.append((job, payload))
            for w in busy:
                if w.conn in ready:
                    self._collect(w)
            now = time.monotonic()
            for w in [w for w in self.workers if w.job is not None and now >= w.deadline]:
                self._reply("timeout", w.job, f"grading took longer than the {self.budget.timeout_s:g} s budget "
                            "(--grade-timeout); the worker was stopped")
                self._replace(w)

    def _dispatch(self) -> None:
        for w in self.workers:
            if not self.queue:
                return
            if w.job is None:
                job, payload = self.queue.popleft()
                try:
                    w.conn.send_bytes(payload)
                except OSError:
                    self.queue.appendleft((job, payload))
                    self._replace(w)
                    continue
                w.job, w.deadline = job, time.monotonic() + self.budget.timeout_s

    def _collect(self, w: _Worker) -> None:
        try:
            kind, value, recycle = pickle.loads(w.conn.recv_bytes())
        except (EOFError, OSError):
            self._reply("memory", w.job, self._death(w))
            self._replace(w)
            return
        self._reply(kind, w.job, value)
        w.job = None
        if recycle:
            self._replace(w)

    def _death(self, w: _Worker) -> str:
        status = self._kill(w)
        how = f"was killed by signal {-status}" if status < 0 else f"exited with status {status}"
        return (f"the grading worker {how}, most likely past the {self.budget.memory_mb} MB memory budget "
                "(--grade-memory)")

    def _reply(self, kind: str, job: int | None, value: Any) -> None:
        if job is None:
            return
        try:
            self.conn.send((kind, job, value))
        except OSError:
            raise SystemExit(0) from None  # the caller is gone

    def _replace(self, w: _Worker) -> None:
        self._kill(w)
        self.workers[self.workers.index(w)] = self._spawn()

    def _kill(self, w: _Worker) -> int:
        """Stop ``w`` (if it still runs) and reap it; its exit status (``-signal`` when killed)."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(w.pid, signal.SIGKILL)
        w.conn.close()
        try:
            _, status = os.waitpid(w.pid, 0)
        except ChildProcessError:
            return 0
        return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)

    def _spawn(self) -> _Worker:
        mine, theirs = Pipe()
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                mine.close()
                self.conn.close()
                for other in self.workers:
                    other.conn.close()
                _work(theirs, self.budget)
            except BaseException:  # noqa: BLE001
                code = 1
            os._exit(code)
        theirs.close()
        return _Worker(pid=pid, conn=mine)


#: Imported by the supervisor before it forks any worker, so that a replacement worker starts warm.
_PRELOAD = ("pymupdf", "drafterbench.grading", "drafterbench.interpreter._eval", "drafterbench.tools.session",
            "drafterbench.tools.effects", "drafterbench.scoring", "drafterbench.drawings")


def _preload() -> None:
    import importlib

    for name in _PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001, S112 - an optional speed-up; the job imports what it needs itself
            continue


def _work(conn: Connection, budget: GradeBudget) -> None:
    """A worker: run jobs until the connection closes, inside the memory budget."""
    import faulthandler
    import resource

    faulthandler.disable()  # a crash is reported by the supervisor, once; not as a dump on the caller's stderr
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent(signal.SIGKILL)
    limit = budget.memory_mb * _MIB
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    logging.getLogger().handlers.clear()  # the caller's handlers (a progress bar, a file) are not ours
    logging.getLogger().addHandler(logging.NullHandler())
    while True:
        try:
            payload = conn.recv_bytes()
        except (EOFError, OSError):
            return
        recycle = False
        try:
            fn, args, kwargs = pickle.loads(payload)
            reply: tuple[str, Any, bool] = ("done", pickle.dumps(fn(*args, **kwargs)), False)
        except MemoryError:
            reply = ("memory", f"grading ran out of memory (the {budget.memory_mb} MB budget, --grade-memory)",
                     True)
        except BaseException as exc:  # noqa: BLE001 - the caller decides what a failed job means
            reply = ("raised", _pickled_exception(exc), False)
        # A worker that came near its budget gives its memory back by being replaced.
        recycle = reply[2] or _peak_mb() > budget.memory_mb / 2
        try:
            conn.send_bytes(pickle.dumps((reply[0], reply[1], recycle)))
        except (OSError, MemoryError):
            return
        if recycle:
            return


def _pickled_exception(exc: BaseException) -> bytes:
    try:
        return pickle.dumps(exc)
    except Exception:  # noqa: BLE001 - an exception that does not pickle still says what it was
        return pickle.dumps(RuntimeError(f"{type(exc).__name__}: {str(exc)[:1000]}"))


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
