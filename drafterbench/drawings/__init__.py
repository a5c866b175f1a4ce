"""Seeded synthetic structural drawings: a :class:`DrawingSpec` in, a deterministic PDF out.

``render(spec)`` returns the PDF bytes (the same spec always gives byte-identical bytes);
``cached_path(spec)`` renders once into a content-addressed cache and returns the file path.
The cache lives in ``$DRAFTERBENCH_CACHE/drawings`` or ``~/.cache/drafterbench/drawings``.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from drafterbench.drawings import render as _render_module  # noqa: F401  (see render.py: keeps `render` a function)
from drafterbench.drawings.render import render_pdf
from drafterbench.drawings.spec import BoxSpec, DrawingSpec, MarkupSpec, PageSpec

__all__ = ["BoxSpec", "DrawingSpec", "MarkupSpec", "PageSpec", "cached_path", "render", "spec_digest",
           "write_atomic"]

# Bump when the generator's output changes, so cached files from an older generator are not reused.
GENERATOR_VERSION = 2


def render(spec: DrawingSpec) -> bytes:
    """The PDF for ``spec`` as bytes; deterministic in the spec (and the generator version)."""
    return render_pdf(spec)


def spec_digest(spec: DrawingSpec) -> str:
    """A hex digest of the spec's canonical JSON and the generator version (the cache key)."""
    payload = f"{GENERATOR_VERSION}\n{spec.model_dump_json()}".encode()
    return hashlib.sha256(payload).hexdigest()


def default_cache_dir() -> Path:
    root = os.environ.get("DRAFTERBENCH_CACHE")
    base = Path(root) if root else Path.home() / ".cache" / "drafterbench"
    return base / "drawings"


def cached_path(spec: DrawingSpec, cache_dir: str | Path | None = None) -> Path:
    """Path of the rendered PDF for ``spec``, rendering it first when it is not cached yet.

    The file is written to a temporary name and renamed, so concurrent workers never see half a file.
    """
    directory = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{spec_digest(spec)}.pdf"
    if path.exists():
        return path
    write_atomic(path, render_pdf(spec))
    return path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary name beside ``path``, then rename: a reader (a concurrent worker, a
    resumed process) never sees half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
