"""EasySpec: the layer-by-layer forward equals transformers', grouping changes drafts, calibration is exact."""

from __future__ import annotations

import pytest
import torch

from drafterbench.backends.local import engine, kv
from drafterbench.backends.local.easyspec import EasySpecDrafter, LayerParallelDecoder
from tests.local.tiny_models import build_pair, random_prompts


@pytest.fixture(scope="module")
def deep(family):
    return build_pair(family, layers=6, draft_layers=4, seed=3)


def test_exact_forward_matches_transformers(deep):
    _, drafter = deep
    ids = random_prompts(1, seed=4)[0]
    ref = kv.forward(drafter, ids, kv.new_cache(drafter))
    dec = LayerParallelDecoder(drafter, group_size=2)
    out = torch.cat([dec.forward(ids[:5], fuzzy=False), dec.forward(ids[5:], fuzzy=False)])
    assert torch.allclose(out, ref, atol=1e-3, rtol=1e-4)
    # Layer 0 alone, the middle two as one group, the last alone.
    assert [len(g.layers) for g in dec.groups] == [1, 2, 1]


def test_grouped_forward_is_approximate_and_device_spread_matches_batched(deep):
    _, drafter = deep
    ids = random_prompts(1, seed=4)[0]
    exact = LayerParallelDecoder(drafter, group_size=2).forward(ids, fuzzy=False)
    batched = LayerParallelDecoder(drafter, group_size=2).forward(ids, fuzzy=True)
    spread_dec = LayerParallelDecoder(drafter, group_size=2, devices=("cpu", "cpu"))
    assert [len(p.layers) for p in spread_dec.groups[1].parts] == [1, 1]  # one layer per "device"
    spread = spread_dec.forward(ids, fuzzy=True)
    assert not torch.allclose(batched, exact, atol=1e-2)  # grouping really changes the computation
    assert torch.allclose(spread, batched, atol=1e-4)
    spread_exact = LayerParallelDecoder(drafter, group_size=2, devices=("cpu", "cpu")).forward(ids, fuzzy=False)
    assert torch.allclose(spread_exact, exact, atol=1e-4)


def test_bonus_calibration_rebuilds_an_exact_cache(deep):
    target, drafter = deep
    prompt = random_prompts(2, seed=8)[1]
    d = EasySpecDrafter(drafter, group_size=2, max_gamma=4)
    gen = engine.generate(target, prompt, d, max_new_tokens=20)
    assert gen.stats.accepted > 0 and gen.stats.drafted > gen.stats.accepted
    tokens = [*prompt, *gen.tokens]
    # Every round drafted with fuzzy steps; verification dropped those entries, and the next calibration pass
    # recomputed accepted + next tokens exactly. Run the pending calibration for the last round too ...
    assert d.decoder.length == d.exact_len < len(tokens)
    d.calibrate(tokens)
    # ... and the whole cache, built over many rounds, equals a from-scratch exact prefill.
    fresh = LayerParallelDecoder(drafter, group_size=2)
    fresh.forward(tokens, fuzzy=False)
    assert d.decoder.length == len(tokens) == fresh.length
    for (k1, v1), (k2, v2) in zip(d.decoder.cached_kv(), fresh.cached_kv()):
        assert torch.allclose(k1, k2, atol=1e-4) and torch.allclose(v1, v2, atol=1e-4)


def test_without_calibration_the_cache_drifts(deep):
    """The check above bites: fuzzy entries kept in the cache differ from an exact recomputation."""
    _, drafter = deep
    ids = random_prompts(1, seed=9)[0]
    dec = LayerParallelDecoder(drafter, group_size=2)
    dec.forward(ids[:-4], fuzzy=False)
    for t in ids[-4:]:
        dec.forward([t], fuzzy=True)
    fresh = LayerParallelDecoder(drafter, group_size=2)
    fresh.forward(ids, fuzzy=False)
    # Layer 2 is the second layer of the group: under grouping it reads the group's input, not layer 1's
    # output, so its keys at the fuzzy positions are approximate. (Layer 1 reads the exact group input.)
    assert torch.allclose(dec.cached_kv()[1][0], fresh.cached_kv()[1][0], atol=1e-4)
    assert not torch.allclose(dec.cached_kv()[2][0], fresh.cached_kv()[2][0], atol=1e-3)
