"""The latency gain of a local backend's method over plain decoding, measured on a few prompts.

Both decodings run back to back in this process on the backend's own loaded models, greedily, on the same
prompts (plain first, then the method; each after one warm-up). Greedy speculative decoding must produce the
same tokens as plain decoding, so the probe also says whether it did.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SpeedupSample:
    """Wall seconds of plain decoding and of the method on the same prompts, and the tokens they wrote."""

    method: str
    prompts: int
    tokens: int
    plain_s: float
    method_s: float
    identical: bool

    @property
    def speedup(self) -> float:
        return self.plain_s / self.method_s if self.method_s > 0 else float("nan")


def measure(backend: Any, messages: Sequence[Sequence[Any]], max_new_tokens: int) -> SpeedupSample:
    """Plain decoding vs ``backend``'s method on each chat of ``messages`` (a list of Message lists)."""
    from drafterbench.backends.local import engine, models

    m = backend.load()
    prompts = [models.encode_chat(m["tokenizer"], list(chat)) for chat in messages]

    def decode(drafter: Any, prompt: list[int]) -> list[int]:
        return engine.generate(m["target"], prompt, drafter, max_new_tokens=max_new_tokens, gamma=backend.gamma,
                               eos_ids=m["eos"], method=backend.spec if drafter is not None else "none").tokens

    walls: dict[str, float] = {}
    outs: dict[str, list[list[int]]] = {}
    with backend.lock:
        for name, drafter in (("plain", None), ("method", m["drafter"])):
            decode(drafter, prompts[0][:32])  # warm-up: first calls pay allocation and kernel selection
            start, outs[name] = time.perf_counter(), [decode(drafter, p) for p in prompts]
            walls[name] = time.perf_counter() - start
    return SpeedupSample(backend.spec, len(prompts), sum(len(o) for o in outs["plain"]), walls["plain"],
                         walls["method"], outs["plain"] == outs["method"])
