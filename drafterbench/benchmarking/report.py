"""What ``drafterbench bench`` writes: the per-method table, the per-type breakdown and the probes (schema-versioned).

Pydantic models only (no torch), so a saved report can be read back anywhere.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

SCHEMA_VERSION = 1


class MethodResult(BaseModel):
    """One row of the bench table."""

    method: str
    engine: str  # "drafterbench" | "transformers"
    wall_s: float
    new_tokens: int
    tokens_per_s: float  # mean over prompts of per-prompt tokens/s (Spec-Bench)
    speedup: float  # our plain wall / this wall
    tau: float | None = None
    alpha: float | None = None
    mbsu: float | None = None
    identical: bool  # every output token-identical to our plain decoding
    first_divergence: int | None = None  # index of the first differing token over the prompts (if any)
    accepted_per_position: list[float] = Field(default_factory=list)
    extra: dict[str, float] = Field(default_factory=dict)


class TypeResult(BaseModel):
    """One method on the prompts of one task type (``BenchReport.by_type``).

    ``speedup`` follows the overall table's rule: summed plain wall / summed method wall on these prompts, so
    the overall speed-up is the wall-weighted combination of the per-type ones. The counts (``wall_s``,
    ``new_tokens``, ``rounds``, ``drafted``, ``accepted``) add up to the method's totals.
    """

    method: str
    engine: str
    type: str
    prompts: int
    wall_s: float
    plain_wall_s: float
    new_tokens: int
    tokens_per_s: float  # mean over these prompts of per-prompt tokens/s
    speedup: float  # plain_wall_s / wall_s
    tau: float | None = None
    alpha: float | None = None
    rounds: int = 0
    drafted: int = 0
    accepted: int = 0
    identical: bool
    first_divergence: int | None = None  # over this type's prompts, in order


class TrimProbe(BaseModel):
    k: int
    head_ms: float  # the LM-head matmul alone
    draft_ms_per_token: float  # one full drafter step (layers + head + choice)


class EasySpecProbe(BaseModel):
    group_size: int
    hf_step_ms: float  # transformers forward of the drafter, one token
    exact_step_ms: float  # our layer-by-layer forward, sequential
    grouped_step_ms: float  # our forward with grouped attention
    alpha_grouped: float
    alpha_exact: float


class BenchReport(BaseModel):
    schema_version: int = SCHEMA_VERSION
    model: str
    draft_model: str | None
    device: str
    dtype: str
    torch_version: str
    transformers_version: str
    prompts: int
    max_new_tokens: int
    gamma: int
    param_ratio: float | None  # c = drafter params / target params
    results: list[MethodResult]
    by_type: list[TypeResult] = Field(default_factory=list)  # empty when the prompts carry no task type
    vocabtrim: list[TrimProbe] = Field(default_factory=list)
    easyspec: EasySpecProbe | None = None
    notes: list[str] = Field(default_factory=list)
