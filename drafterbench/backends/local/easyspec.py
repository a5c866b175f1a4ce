"""``--spec easyspec``: layer-parallel ("fuzzy") drafting with bonus calibration.

EasySpec (arXiv 2502.02493). Inside the drafter, the attention sublayers of each group of N consecutive
middle layers all read the group's input hidden state instead of waiting for the previous layer; their
outputs are then added to the residual stream one layer at a time, each followed by that layer's MLP (MLPs
stay sequential). The first and last layers are never grouped. On one device a group's attention sublayers
run as one batched computation (stacked weights, one bmm per projection, one attention call with the group
as the batch); with several ``devices`` the group's layers are placed round-robin across them.

"Bonus calibration": drafted positions carry approximate KV entries, so after each verification they are
discarded and the accepted tokens plus the target's next token are run through the drafter once, exactly
(sequential layers). That pass also yields the first draft token of the round, so it costs about one step.

Supports the Llama-style decoder layout shared by Llama, Qwen2, Mistral and relatives: ``self_attn.{q,k,v,o}
_proj``, ``input_layernorm``/``post_attention_layernorm`` (RMSNorm), ``mlp``, a rotary embedding on the base
model. The drafter's KV cache is owned here (preallocated per group), not by transformers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import torch
import torch.nn.functional as F

from drafterbench.backends.local.drafter import DecodeState, Draft, DrafterContext
from drafterbench.backends.local.drafting import DraftLength, choose_token
from drafterbench.backends.local.options import EasySpecOptions, parse_options


def _stack(mods: Sequence[torch.nn.Linear], device: Any) -> tuple[torch.Tensor, torch.Tensor | None]:
    w = torch.stack([m.weight.detach() for m in mods]).to(device)  # (N, out, in)
    if mods[0].bias is None:
        return w, None
    return w, torch.stack([m.bias.detach() for m in mods]).to(device)[:, None, :]  # (N, 1, out)


def _proj(x: torch.Tensor, w: torch.Tensor, b: torch.Tensor | None) -> torch.Tensor:
    """Batched linear: x (N, t, in) @ w (N, out, in)^T (+ b) -> (N, t, out)."""
    out = torch.bmm(x, w.transpose(1, 2))
    return out if b is None else out + b


@dataclass
class _Part:
    """Layers of one group placed on one device: stacked attention weights and one KV buffer
    (n_layers, kv_heads, capacity, head_dim). On a single device a whole group is one part."""

    layers: list[Any]  # the HF decoder layers (their MLPs and post-attention norms are used as they are)
    device: torch.device
    wq: torch.Tensor
    bq: torch.Tensor | None
    wk: torch.Tensor
    bk: torch.Tensor | None
    wv: torch.Tensor
    bv: torch.Tensor | None
    wo: torch.Tensor
    bo: torch.Tensor | None
    ln: torch.Tensor  # (n, 1, H) input RMSNorm weights
    eps: float
    keys: torch.Tensor | None = None
    values: torch.Tensor | None = None


def _part(layers: list[Any], device: torch.device) -> _Part:
    a = [layer.self_attn for layer in layers]
    wq, bq = _stack([m.q_proj for m in a], device)
    wk, bk = _stack([m.k_proj for m in a], device)
    wv, bv = _stack([m.v_proj for m in a], device)
    wo, bo = _stack([m.o_proj for m in a], device)
    ln = torch.stack([layer.input_layernorm.weight.detach() for layer in layers]).to(device)[:, None, :]
    eps = getattr(layers[0].input_layernorm, "variance_epsilon", 1e-6)
    return _Part(layers, device, wq, bq, wk, bk, wv, bv, wo, bo, ln, eps)


@dataclass
class _Group:
    """N consecutive layers; ``where[j]`` = (part index, index inside the part) of the group's j-th layer."""

    layers: list[Any]
    parts: list[_Part]
    where: list[tuple[int, int]]


class LayerParallelDecoder:
    """A Llama-style causal LM run layer by layer with its own KV cache; ``fuzzy=True`` groups attention.

    Embeddings, norms, MLPs and the head stay on the model's device; with several ``devices`` the attention
    sublayers of each group (weights and KV cache) are placed round-robin across them.
    """

    def __init__(self, model: Any, *, group_size: int = 4, devices: Sequence[str] = ()) -> None:
        if group_size < 1:
            raise ValueError(f"group_size must be >= 1, got {group_size}")
        base = model.base_model
        layers = list(base.layers)
        attn = layers[0].self_attn
        if not all(hasattr(attn, n) for n in ("q_proj", "k_proj", "v_proj", "o_proj")):
            raise ValueError(f"easyspec supports Llama-style attention layers; {type(model).__name__} has none")
        self.model, self.base = model, base
        self.devices = tuple(torch.device(d) for d in devices) or (model.device,)
        cfg = model.config
        self.n_heads = cfg.num_attention_heads
        self.n_kv = getattr(cfg, "num_key_value_heads", None) or self.n_heads
        self.head_dim = getattr(cfg, "head_dim", None) or cfg.hidden_size // self.n_heads
        # First and last layers alone; the middle ones in groups of group_size (a trailing remainder too).
        spans = [[0]]
        middle = list(range(1, len(layers) - 1))
        spans += [middle[i : i + group_size] for i in range(0, len(middle), group_size)]
        if len(layers) > 1:
            spans.append([len(layers) - 1])
        self.groups = [self._group([layers[i] for i in span]) for span in spans]
        self.length = 0  # cached positions

    def _group(self, layers: list[Any]) -> _Group:
        if len(layers) == 1 or len(self.devices) == 1:
            return _Group(layers, [_part(layers, self.model.device)], [(0, j) for j in range(len(layers))])
        by_device: dict[int, list[int]] = {}
        for j in range(len(layers)):
            by_device.setdefault(j % len(self.devices), []).append(j)
        parts, where = [], [(0, 0)] * len(layers)
        for d, idx in by_device.items():
            for local, j in enumerate(idx):
                where[j] = (len(parts), local)
            parts.append(_part([layers[j] for j in idx], self.devices[d]))
        return _Group(layers, parts, where)

    # -- cache --------------------------------------------------------------------------------------------
    def reset(self) -> None:
        for g in self.groups:
            for part in g.parts:
                part.keys = part.values = None
        self.length = 0

    def crop(self, length: int) -> None:
        self.length = min(self.length, length)

    def _reserve(self, part: _Part, total: int) -> None:
        cap = 0 if part.keys is None else part.keys.shape[2]
        if total <= cap:
            return
        new_cap = max(total, 2 * cap, 64)
        shape = (len(part.layers), self.n_kv, new_cap, self.head_dim)
        k = part.wq.new_zeros(shape)
        v = part.wq.new_zeros(shape)
        if part.keys is not None:
            k[:, :, : self.length] = part.keys[:, :, : self.length]
            v[:, :, : self.length] = part.values[:, :, : self.length]
        part.keys, part.values = k, v

    def cached_kv(self) -> list[tuple[torch.Tensor, torch.Tensor]]:
        """Per layer, in order: (kv_heads, length, d) keys and values the cache holds now (for tests)."""
        out = []
        for g in self.groups:
            for p, j in g.where:
                part = g.parts[p]
                out.append((part.keys[j, :, : self.length], part.values[j, :, : self.length]))
        return out

    # -- forward ------------------------------------------------------------------------------------------
    def _attention(self, part: _Part, x: torch.Tensor, sel: slice, pos: Any, start: int) -> torch.Tensor:
        """Attention sublayers ``sel`` of ``part`` on inputs x (n, t, H) -> outputs (n, t, H); writes KV."""
        from transformers.models.llama.modeling_llama import apply_rotary_pos_emb

        n, t, _ = x.shape
        # RMSNorm in float32 as transformers does, then each layer's own weight.
        xf = x.float()
        xn = (xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + part.eps)).to(x.dtype) * part.ln[sel]

        def sub(b: torch.Tensor | None) -> torch.Tensor | None:
            return None if b is None else b[sel]

        q = _proj(xn, part.wq[sel], sub(part.bq)).view(n, t, self.n_heads, self.head_dim).transpose(1, 2)
        k = _proj(xn, part.wk[sel], sub(part.bk)).view(n, t, self.n_kv, self.head_dim).transpose(1, 2)
        v = _proj(xn, part.wv[sel], sub(part.bv)).view(n, t, self.n_kv, self.head_dim).transpose(1, 2)
        cos, sin = (c.to(x.device) for c in pos)
        q, k = apply_rotary_pos_emb(q, k, cos, sin)
        part.keys[sel, :, start : start + t] = k
        part.values[sel, :, start : start + t] = v
        keys, values = part.keys[sel, :, : start + t], part.values[sel, :, : start + t]
        mask = None
        if t > 1:  # query i sits at position start + i and sees keys up to there
            mask = torch.ones(t, start + t, dtype=torch.bool, device=x.device).tril(start)
        o = F.scaled_dot_product_attention(q, keys, values, attn_mask=mask, enable_gqa=self.n_kv != self.n_heads)
        o = o.transpose(1, 2).reshape(n, t, self.n_heads * self.head_dim)
        return _proj(o, part.wo[sel], sub(part.bo))

    def _group_forward(self, g: _Group, h: torch.Tensor, pos: Any, start: int, fuzzy: bool) -> torch.Tensor:
        if fuzzy and len(g.layers) > 1:
            # Every attention sublayer reads the group input h: each part (one per device) runs its layers as
            # one batched computation; on GPUs the parts' kernels are queued back to back and overlap.
            outs: list[torch.Tensor] = []
            for part in g.parts:
                x = h.to(part.device)[None].expand(len(part.layers), -1, -1)
                outs.append(self._attention(part, x, slice(0, len(part.layers)), pos, start))
            attn = [outs[p][j].to(h.device) for p, j in g.where]
            for j, layer in enumerate(g.layers):  # residual adds and MLPs stay sequential
                h = h + attn[j]
                h = h + layer.mlp(layer.post_attention_layernorm(h))
            return h
        for layer, (p, j) in zip(g.layers, g.where):  # exact: each attention reads the previous layer's output
            part = g.parts[p]
            h = h + self._attention(part, h.to(part.device)[None], slice(j, j + 1), pos, start)[0].to(h.device)
            h = h + layer.mlp(layer.post_attention_layernorm(h))
        return h

    @torch.inference_mode()
    def forward(self, ids: Sequence[int], *, fuzzy: bool) -> torch.Tensor:
        """Append ``ids`` at the current cache length; logits (len(ids), V). ``fuzzy`` groups attention."""
        t = len(ids)
        start = self.length
        x = torch.tensor(list(ids), dtype=torch.long, device=self.model.device)
        h = self.base.embed_tokens(x)  # (t, H)
        position_ids = torch.arange(start, start + t, device=h.device)[None]
        pos = self.base.rotary_emb(h[None], position_ids)
        for g in self.groups:
            for part in g.parts:
                self._reserve(part, start + t)
        for g in self.groups:
            h = self._group_forward(g, h, pos, start, fuzzy)
        self.length = start + t
        return self.model.get_output_embeddings()(self.base.norm(h))


class EasySpecDrafter:
    """Drafts with fuzzy (grouped) steps; the first step of each round is the exact bonus-calibration pass."""

    name = "easyspec"

    def __init__(
        self, model: Any, *, group_size: int = 4, devices: Sequence[str] = (), fuzzy: bool = True,
        adaptive: bool = False, max_gamma: int = 16,
    ) -> None:
        self.model = model
        self.length = DraftLength(max_gamma, adaptive=adaptive)
        self.decoder = LayerParallelDecoder(model, group_size=group_size, devices=devices)
        self.fuzzy = fuzzy
        self.exact_len = 0  # cached positions computed exactly; later ones came from fuzzy steps
        self.calibrated_tokens = 0
        self.rounds = 0

    def calibrate(self, tokens: Sequence[int]) -> torch.Tensor:
        """Bonus calibration: drop approximate entries, run the rest of ``tokens`` exactly; last logits (V,)."""
        self.decoder.crop(self.exact_len)
        feed = list(tokens[self.exact_len :])
        self.calibrated_tokens += len(feed)
        logits = self.decoder.forward(feed, fuzzy=False)[-1]
        self.exact_len = len(tokens)
        return logits

    def begin(self, state: DecodeState) -> None:
        self.decoder.reset()
        self.length.reset()
        self.exact_len = 0
        self.calibrated_tokens = self.rounds = 0
        self.calibrate(state.tokens[:-1])

    def propose(self, state: DecodeState) -> Draft:
        self.rounds += 1
        tokens: list[int] = []
        rows: list[torch.Tensor] = []
        logits = self.calibrate(state.tokens)
        for i in range(self.length.this_round(state)):
            if i > 0:
                logits = self.decoder.forward([tokens[-1]], fuzzy=self.fuzzy)[-1]
            token, q = choose_token(logits, state)
            tokens.append(token)
            if q is not None:
                rows.append(q)
        return Draft(tokens, torch.stack(rows) if rows else None)

    def on_verified(self, state: DecodeState, accepted: int, next_token: int) -> None:
        self.decoder.crop(self.exact_len)  # fuzzy entries of the drafts are never reused
        self.length.update(state, accepted)

    def extra_stats(self) -> dict[str, float]:
        return {"calibrated_tokens_per_round": self.calibrated_tokens / self.rounds if self.rounds else 0.0}


def build(ctx: DrafterContext) -> EasySpecDrafter:
    if ctx.drafter is None:
        raise ValueError("--spec easyspec needs a drafter model (--draft-model)")
    options: EasySpecOptions = parse_options("easyspec", ctx.options)
    return EasySpecDrafter(
        ctx.drafter,
        group_size=options.group_size,
        devices=tuple(ctx.devices) if len(ctx.devices) > 1 else (),
        fuzzy=options.fuzzy,
        adaptive=options.adaptive,
        max_gamma=ctx.gamma,
    )
