"""VocabTrim: deterministic token maps, EOS/specials always kept, a k-row head, q = 0 outside the map."""

from __future__ import annotations

from collections import Counter

import pytest
import torch

from drafterbench.backends.local import engine
from drafterbench.backends.local.drafter import DecodeState
from drafterbench.backends.local.sampling import SamplingConfig
from drafterbench.backends.local.vocabtrim import TokenMap, VocabTrimDrafter, calibrate, select_tokens
from tests.local.tiny_models import build_pair, random_prompts


@pytest.fixture(scope="module")
def qwen_pair():
    return build_pair("qwen2")


def test_select_tokens_ranks_by_count_then_id_and_keeps_specials():
    counts = Counter({5: 10, 9: 10, 7: 3, 2: 1, 11: 50})
    assert select_tokens(counts, 3, always_keep=[], vocab_size=20) == [5, 9, 11]  # 5 before 9 on ties
    assert select_tokens(counts, 3, always_keep=[0, 1], vocab_size=20) == [0, 1, 11]
    assert select_tokens(counts, 2, always_keep=[0, 1, 19], vocab_size=20) == [0, 1, 19]  # specials win
    with pytest.raises(ValueError, match="k must be"):
        select_tokens(counts, 0, always_keep=[], vocab_size=20)


def test_calibration_is_deterministic_and_round_trips(qwen_pair, tmp_path):
    target, _ = qwen_pair
    prompts = random_prompts(4, seed=5)
    a = calibrate(target, prompts, k=40, max_new_tokens=24, eos_ids=[3], always_keep=[0], model_name="t")
    b = calibrate(target, prompts, k=40, max_new_tokens=24, eos_ids=[3], always_keep=[0], model_name="t")
    assert a == b and len(a.token_ids) == 40 and {0, 3} <= set(a.token_ids)
    generated = Counter(t for p in prompts for t in engine.generate(target, p, max_new_tokens=24).tokens)
    top = [t for t, _ in sorted(generated.items(), key=lambda kv: (-kv[1], kv[0]))][:10]
    assert set(top) <= set(a.token_ids)  # the most frequent generated tokens made it in
    a.save(tmp_path / "map.json")
    assert TokenMap.load(tmp_path / "map.json") == a
    with pytest.raises(FileNotFoundError, match="drafterbench calibrate"):
        TokenMap.load(tmp_path / "missing.json")


def test_trimmed_head_has_k_rows_and_zero_mass_outside(qwen_pair):
    _, drafter = qwen_pair
    keep = list(range(0, 512, 4))  # 128 of 512
    d = VocabTrimDrafter(drafter, keep)
    assert tuple(d.weight.shape) == (128, drafter.config.hidden_size)
    state = DecodeState(tokens=[1, 2, 3, 4, 5], prompt_len=4, sampling=SamplingConfig(1.0), vocab_size=512,
                        generator=torch.Generator().manual_seed(0), max_draft=4)
    d.begin(state)
    draft = d.propose(state)
    assert len(draft.tokens) == 4 and all(t in keep for t in draft.tokens)
    assert draft.probs.shape == (4, 512)
    outside = torch.ones(512, dtype=torch.bool)
    outside[keep] = False
    assert float(draft.probs[:, outside].sum()) == 0.0
    assert torch.allclose(draft.probs.sum(-1), torch.ones(4))
    # The kept rows' logits equal the full head's logits on those rows.
    full = drafter(torch.tensor([[1, 2, 3, 4]])).logits[0, -1]
    d.begin(state)
    trimmed = d.step_logits([5])
    assert torch.allclose(trimmed, drafter(torch.tensor([[1, 2, 3, 4, 5]])).logits[0, -1][keep], atol=1e-4)
    assert full.shape == (512,)


def test_out_of_range_ids_are_rejected(qwen_pair):
    _, drafter = qwen_pair
    with pytest.raises(ValueError, match="outside the drafter's vocabulary"):
        VocabTrimDrafter(drafter, [1, 2, 10_000])
