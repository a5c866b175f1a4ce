"""Reading and writing the user's files without surprises: bounded reads of regular files only, gzip
decompressed within a bound, and outputs that never replace an existing file unless asked.

Every failure is a :class:`FileProblem` (a ``ValueError``) whose message names the path and what is wrong,
so a command can print it as one line.
"""

from __future__ import annotations

import os
import stat
import zlib
from pathlib import Path

from pydantic import ValidationError

#: The largest input file read (task files, programs, rows to import, leaderboards); far above any real one.
MAX_INPUT_BYTES = 256 * 1024 * 1024


class FileProblem(ValueError):
    """A path that cannot be used as asked; the message names it."""


def _open_regular(path: Path, what: str, limit: int, error: type[Exception]) -> int:
    """A read descriptor on ``path`` once it is known to be a regular file of at most ``limit`` bytes."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not block the open
    except FileNotFoundError:
        raise error(f"cannot read the {what}: the {what} {str(path)!r} does not exist") from None
    except IsADirectoryError:
        raise error(f"{path} is a directory, not a {what}") from None
    except NotADirectoryError:
        raise error(f"no {what} at {path} (a part of the path is a file)") from None
    except OSError as exc:
        raise error(f"cannot read the {what} {path}: {exc.strerror or exc}") from None
    info = os.fstat(fd)
    problem = None
    if stat.S_ISDIR(info.st_mode):
        problem = f"{path} is a directory, not a {what}"
    elif not stat.S_ISREG(info.st_mode):
        problem = f"{path} is not a regular file (a device, pipe or socket); a {what} must be a file"
    elif info.st_size > limit:
        problem = f"the {what} {path} is {info.st_size:,} bytes, more than the {limit:,} allowed"
    if problem is not None:
        os.close(fd)
        raise error(problem)
    return fd


def check_file(path: str | Path, *, what: str, limit: int = MAX_INPUT_BYTES,
               error: type[Exception] = FileProblem) -> Path:
    """Refuse ``path`` unless it is a readable regular file of at most ``limit`` bytes (see :func:`read_file`)."""
    os.close(_open_regular(Path(path), what, limit, error))
    return Path(path)


def read_file(path: str | Path, *, what: str, limit: int = MAX_INPUT_BYTES,
              error: type[Exception] = FileProblem) -> bytes:
    """The bytes of ``path``, refusing what is not a regular file (a directory, a FIFO, ``/dev/zero``) and
    anything larger than ``limit`` bytes, with an ``error`` that names the path and calls it ``what``."""
    path = Path(path)
    fd = _open_regular(path, what, limit, error)
    try:
        chunks, total = [], 0
        while chunk := os.read(fd, 1 << 20):
            total += len(chunk)
            if total > limit:  # a file that grew while being read
                raise error(f"the {what} {path} is more than the {limit:,} bytes allowed")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise error(f"cannot read the {what} {path}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def read_text(path: str | Path, *, what: str, limit: int = MAX_INPUT_BYTES) -> str:
    """:func:`read_file` decoded as UTF-8 (a file that is not is named)."""
    data = read_file(path, what=what, limit=limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileProblem(f"the {what} {path} is not UTF-8 text (byte {exc.start})") from None


def gunzip(data: bytes, *, where: str, limit: int = MAX_INPUT_BYTES) -> bytes:
    """``data`` (gzip) decompressed, refusing more than ``limit`` bytes out (a gzip bomb) or a damaged
    stream, naming ``where``."""
    inflater = zlib.decompressobj(wbits=31)
    try:
        out = inflater.decompress(data, limit + 1)
        if len(out) > limit:
            raise FileProblem(f"{where} decompresses to more than the {limit:,} bytes allowed")
        if not inflater.eof:
            raise FileProblem(f"{where} is a damaged gzip file (it ends before its data does)")
    except zlib.error as exc:
        raise FileProblem(f"{where} is a damaged gzip file ({exc})") from None
    return out


def read_maybe_gzip(path: str | Path, *, what: str, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The contents of ``path``, decompressed when it is gzip (by its magic bytes), both bounded."""
    raw = read_file(path, what=what, limit=limit)
    return gunzip(raw, where=f"the {what} {path}", limit=limit) if raw[:2] == b"\x1f\x8b" else raw


def check_output_file(path: str | Path, *, what: str, force: bool = False) -> Path:
    """Make ready to write ``path``: its folder is created; an existing file is refused unless ``force``
    (a directory, or a path under a file, always). Returns ``path``."""
    path = Path(path)
    if path.is_dir():
        raise FileProblem(f"the {what} {path} is a directory; give a file name")
    if path.exists() or path.is_symlink():
        if not force:
            raise FileProblem(f"the {what} {path} already exists; pass --force to replace it")
        if not path.is_file():
            raise FileProblem(f"the {what} {path} is not a regular file")
    ensure_dir(path.parent, what=f"folder of the {what}")
    return path


def ensure_dir(path: str | Path, *, what: str) -> Path:
    """Create the folder ``path`` (and its parents); a file in the way is named."""
    path = Path(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = next((p for p in [path, *path.parents] if p.exists() and not p.is_dir()), path)
        raise FileProblem(f"cannot create the {what} {path}: {blocker} is a file") from None
    except OSError as exc:
        raise FileProblem(f"cannot create the {what} {path}: {exc.strerror or exc}") from None
    return path


def describe_invalid(exc: ValidationError, limit: int = 3) -> str:
    """A pydantic error as one short line: where each wrong field is and what is wrong (no input echo)."""
    parts = [f"{'.'.join(map(str, e['loc'])) or 'the line'}: {e['msg']}" for e in exc.errors()[:limit]]
    more = exc.error_count() - limit
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")
