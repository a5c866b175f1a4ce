"""A minimal LoRA (Hu et al. 2021, arXiv 2106.09685) for the drafter's last layers, without peft.

``y = W x + (α/r) · B A x`` with A (r × in) random and B (out × r) zero, so an adapted model starts out exactly
equal to the original; only A and B train. :func:`trainable_last_layers` is the other option OmniDraft
mentions: fine-tune the last layers' own weights.
"""

from __future__ import annotations

import math
from typing import Any

import torch
from torch import nn

#: Linear sublayers adapted in Llama/Qwen2-style decoder layers.
DEFAULT_TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


class LoRALinear(nn.Module):
    """A frozen ``nn.Linear`` plus a trainable low-rank update."""

    def __init__(self, base: nn.Linear, rank: int = 8, alpha: float = 16.0) -> None:
        super().__init__()
        if rank < 1:
            raise ValueError(f"LoRA rank must be >= 1, got {rank}")
        self.base = base
        base.weight.requires_grad_(False)
        if base.bias is not None:
            base.bias.requires_grad_(False)
        w = base.weight
        self.lora_a = nn.Parameter(torch.empty(rank, base.in_features, dtype=w.dtype, device=w.device))
        self.lora_b = nn.Parameter(torch.zeros(base.out_features, rank, dtype=w.dtype, device=w.device))
        nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))
        self.scale = alpha / rank

    # transformers code sometimes reads .weight/.bias of a projection (dtype checks): expose the base's.
    @property
    def weight(self) -> torch.Tensor:
        return self.base.weight

    @property
    def bias(self) -> torch.Tensor | None:
        return self.base.bias

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (x @ self.lora_a.t() @ self.lora_b.t()) * self.scale


def decoder_layers(model: Any) -> nn.ModuleList:
    """The list of decoder layers of a transformers causal LM (``model.model.layers`` for Llama/Qwen2)."""
    for path in ("model.layers", "model.decoder.layers", "transformer.h"):
        obj = model
        try:
            for part in path.split("."):
                obj = getattr(obj, part)
        except AttributeError:
            continue
        return obj
    raise ValueError(
        f"cannot find the decoder layers of {type(model).__name__}; supported: Llama/Qwen2-style models"
    )


def apply_lora(
    model: Any,
    *,
    last_layers: int = 1,
    rank: int = 8,
    alpha: float = 16.0,
    targets: tuple[str, ...] = DEFAULT_TARGETS,
) -> list[nn.Parameter]:
    """Freeze ``model`` and put LoRA adapters on the linear ``targets`` of its last ``last_layers`` layers.

    Returns the trainable parameters. Idempotent: already adapted modules are left as they are.
    """
    for p in model.parameters():
        p.requires_grad_(False)
    params: list[nn.Parameter] = []
    layers = decoder_layers(model)
    for layer in list(layers)[-last_layers:]:
        for parent in layer.modules():
            for name, child in list(parent.named_children()):
                if name in targets and isinstance(child, nn.Linear):
                    setattr(parent, name, LoRALinear(child, rank, alpha))
        for m in layer.modules():
            if isinstance(m, LoRALinear):
                m.lora_a.requires_grad_(True)
                m.lora_b.requires_grad_(True)
                params += [m.lora_a, m.lora_b]
    if not params:
        raise ValueError(f"no linear modules named {targets} in the last {last_layers} layers")
    return params


def trainable_last_layers(model: Any, *, last_layers: int = 1) -> list[nn.Parameter]:
    """Freeze ``model`` except its last ``last_layers`` decoder layers; returns their parameters."""
    for p in model.parameters():
        p.requires_grad_(False)
    params = [p for layer in list(decoder_layers(model))[-last_layers:] for p in layer.parameters()]
    for p in params:
        p.requires_grad_(True)
    return params
