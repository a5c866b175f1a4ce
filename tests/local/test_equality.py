"""fp32 greedy: every method's output is token-identical to plain decoding, with acceptance AND rejection."""

from __future__ import annotations

import pytest
import torch

from drafterbench.backends.local import engine
from drafterbench.backends.local.draft_model import DraftModelDrafter
from drafterbench.backends.local.easyspec import EasySpecDrafter
from drafterbench.backends.local.prompt_lookup import PromptLookupDrafter
from drafterbench.backends.local.vocabtrim import VocabTrimDrafter, calibrate
from tests.local.tiny_models import build_pair, random_prompts

NEW = 24


@pytest.fixture(scope="module")
def deep_pair(family):
    """EasySpec needs middle layers to group: a 6-layer target and its first 4 layers as drafter."""
    return build_pair(family, layers=6, draft_layers=4, seed=3)


_PLAIN: dict[tuple[int, int], list[int]] = {}


def _plain(target, prompts):
    """Plain decoding outputs, computed once per (model, prompt) for the whole module."""
    for p in prompts:
        key = (id(target), hash(tuple(p)))
        if key not in _PLAIN:
            _PLAIN[key] = engine.generate(target, p, None, max_new_tokens=NEW).tokens
    return [_PLAIN[(id(target), hash(tuple(p)))] for p in prompts]


def _check(target, prompts, make_drafter, gamma=4):
    plain = _plain(target, prompts)
    accepted = drafted = 0
    for p, ref in zip(prompts, plain):
        g = engine.generate(target, p, make_drafter(), max_new_tokens=NEW, gamma=gamma)
        assert g.tokens == ref, f"output differs from plain decoding for prompt {p}"
        assert g.stats.new_tokens == NEW and g.finish_reason == "length"
        assert g.stats.target_forwards == 1 + g.stats.rounds
        assert sum(g.stats.accepted_per_position) == g.stats.accepted
        accepted += g.stats.accepted
        drafted += g.stats.drafted
    assert accepted > 0, "no draft token was ever accepted: the check does not exercise acceptance"
    assert accepted < drafted, "every draft token was accepted: the check does not exercise rejection"
    return accepted / drafted


def test_plain_matches_transformers_generate(pair, prompts):
    target, _ = pair
    ours = _plain(target, prompts[:5])
    for p, mine in zip(prompts[:5], ours):
        hf = target.generate(torch.tensor([p]), max_new_tokens=NEW, do_sample=False, min_new_tokens=NEW)
        assert hf[0, len(p) :].tolist() == mine
    assert len({tuple(o) for o in ours}) == 5 and all(len(set(o)) > NEW // 3 for o in ours)  # varied output


def test_draft_model(pair, prompts):  # the one equality check of the fast loop
    target, drafter = pair
    _check(target, prompts, lambda: DraftModelDrafter(drafter, max_gamma=4))


@pytest.mark.slow
def test_draft_model_adaptive(pair, prompts):
    target, drafter = pair
    _check(target, prompts, lambda: DraftModelDrafter(drafter, max_gamma=8, adaptive=True), gamma=8)


def test_prompt_lookup(pair, prompts):
    target, _ = pair
    _check(target, prompts, lambda: PromptLookupDrafter(max_ngram=3, min_ngram=1))


@pytest.mark.slow
def test_vocabtrim(pair, prompts):
    target, drafter = pair
    # Calibrate on other prompts than the ones checked, as a user would.
    token_map = calibrate(target, random_prompts(8, seed=99), k=96, max_new_tokens=32)
    _check(target, prompts, lambda: VocabTrimDrafter(drafter, token_map.token_ids))


@pytest.mark.slow
@pytest.mark.parametrize("fuzzy", [True, False])
def test_easyspec(deep_pair, prompts, fuzzy):
    target, drafter = deep_pair
    _check(target, prompts, lambda: EasySpecDrafter(drafter, group_size=2, fuzzy=fuzzy))


def test_eos_and_stop(pair, prompts):
    target, drafter = pair
    p = prompts[1]
    ref = engine.generate(target, p, None, max_new_tokens=NEW).tokens
    eos = ref[7]
    cut = ref[: ref.index(eos) + 1]
    for d in (None, DraftModelDrafter(drafter), PromptLookupDrafter()):
        g = engine.generate(target, p, d, max_new_tokens=NEW, eos_ids=[eos])
        assert g.tokens == cut and g.finish_reason == "stop"
    stop_at = ref[10]
    g = engine.generate(target, p, DraftModelDrafter(drafter), max_new_tokens=NEW, stop=lambda t: stop_at in t)
    assert g.finish_reason == "stop" and stop_at in g.tokens and g.tokens == ref[: len(g.tokens)]
    g = engine.generate(target, p, DraftModelDrafter(drafter), max_new_tokens=5)
    assert g.tokens == ref[:5] and g.finish_reason == "length"
