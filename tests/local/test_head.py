"""FastHead: the CPU head computes linear's product, and a model decodes the same text with it."""

from __future__ import annotations

import torch

from drafterbench.backends.local import engine
from drafterbench.backends.local.head import FastHead, use_fast_head
from drafterbench.backends.local.vocabtrim import VocabTrimDrafter
from tests.local.tiny_models import build_pair, random_prompts


def test_the_fast_head_computes_linears_product_for_every_position_count_and_batch_shape():
    torch.manual_seed(0)
    linear = torch.nn.Linear(32, 700, bias=True)
    fast = FastHead(linear)
    with torch.no_grad():
        for shape in [(1, 1, 32), (1, 5, 32), (3, 4, 32), (32,), (9, 32)]:
            x = torch.randn(*shape)
            out = fast(x)
            assert out.shape == linear(x).shape
            torch.testing.assert_close(out, linear(x), rtol=1e-5, atol=1e-5)


def test_a_trainable_head_still_learns_through_the_fast_head():
    torch.manual_seed(0)
    fast = FastHead(torch.nn.Linear(8, 20, bias=False))
    fast(torch.randn(3, 8)).sum().backward()
    assert fast.weight.grad is not None and fast.weight.grad.abs().sum() > 0


def test_use_fast_head_swaps_only_a_cpu_fp32_linear_head_and_shares_its_weight():
    target, drafter = build_pair("llama", seed=4)
    weight = target.get_output_embeddings().weight
    assert use_fast_head(target)
    head = target.get_output_embeddings()
    assert isinstance(head, FastHead) and head.weight is weight
    assert not use_fast_head(target)  # already swapped: left alone
    assert not use_fast_head(drafter.to(torch.float64))


def test_greedy_decoding_and_vocabtrim_give_the_same_tokens_with_the_fast_head():
    target, drafter = build_pair("qwen2", seed=5)
    prompts = random_prompts(4, seed=7)
    keep = list(range(0, 512, 2))
    before = [engine.generate(target, p, None, max_new_tokens=20).tokens for p in prompts]
    trimmed = [engine.generate(target, p, VocabTrimDrafter(drafter, keep), max_new_tokens=20, gamma=4).tokens
               for p in prompts]
    assert use_fast_head(target) and use_fast_head(drafter)
    after = [engine.generate(target, p, None, max_new_tokens=20).tokens for p in prompts]
    trimmed_after = [engine.generate(target, p, VocabTrimDrafter(drafter, keep), max_new_tokens=20, gamma=4).tokens
                     for p in prompts]
    assert after == before and trimmed_after == trimmed == before
