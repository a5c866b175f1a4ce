"""``--spec none``: plain autoregressive decoding by the engine's own loop (no drafter).

The engine runs the same verify step with an empty draft, so the baseline and every speculative method share
one code path; this is the reference every method's output is compared with.
"""

from __future__ import annotations

from drafterbench.backends.local.drafter import DrafterContext


def build(ctx: DrafterContext) -> None:
    """Plain decoding has no drafter."""
    return None
