"""The output projection (LM head) on a CPU: the same matrix product, computed with the faster fp32 kernel.

A model with a large vocabulary spends most of a CPU decode step in its head, a (positions × hidden) by
(hidden × vocabulary) product. PyTorch's ``linear`` picks a poor kernel for the few positions decoding and
verification use: on the project's 2-core CPU (151,936 × 256 head, fp32) one position took 19 ms, two 43 ms,
seven 58 ms, while the same products written as ``x @ Wᵀ`` with ``Wᵀ`` stored contiguously (one position)
or ``W @ xᵀ`` (several) took 7, 6 and 23 ms. ``benchmarks/cpu_head.py`` prints this table for the machine
it runs on.

:func:`use_fast_head` swaps a CPU fp32 model's ``nn.Linear`` head for :class:`FastHead`, which computes the
same product with those kernels. Every decoding method and every transformers ``generate`` variant that runs
the model gets it, so speed-ups stay ratios of equal footing. Different kernels may round the last bit
differently, as ``linear`` itself does between position counts; the bench checks that greedy outputs are
identical to plain decoding.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn


class FastHead(nn.Module):
    """``linear(x, weight, bias)`` computed as ``x @ weightᵀ`` for one position and ``(weight @ xᵀ)ᵀ`` for more.

    ``weight`` is the original head's parameter (shared, so code that reads or trims it sees the model's own
    matrix); the transposed copy is a buffer made once, at swap time, so the head is meant to stay fixed. A
    forward that could train it (gradients on, weight trainable) runs ``linear`` itself.
    """

    def __init__(self, linear: nn.Linear) -> None:
        super().__init__()
        self.in_features, self.out_features = linear.in_features, linear.out_features
        self.weight = linear.weight
        self.bias = linear.bias
        self.register_buffer("weight_t", linear.weight.detach().t().contiguous(), persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if torch.is_grad_enabled() and self.weight.requires_grad:
            return nn.functional.linear(x, self.weight, self.bias)
        rows = x.reshape(-1, x.shape[-1])
        if rows.shape[0] == 1:
            out = rows @ self.weight_t
        else:
            out = torch.mm(self.weight, rows.t()).t()
        if self.bias is not None:
            out = out + self.bias
        return out.reshape(*x.shape[:-1], self.out_features)


def use_fast_head(model: Any) -> bool:
    """Give ``model`` a :class:`FastHead` if it runs fp32 on a CPU with a plain ``nn.Linear`` head (else leave
    it as it is). Returns whether the head was swapped. Do it after moving the model: the copy is made here."""
    head = model.get_output_embeddings()
    if type(head) is not nn.Linear or head.weight.device.type != "cpu" or head.weight.dtype != torch.float32:
        return False
    model.set_output_embeddings(FastHead(head))
    return True
