"""Sampling verification: the first two emitted tokens follow the target's distribution (20,000 trials).

The trials run the engine's own verification function (``verify_sampling``) batched over precomputed
logits, so the test takes seconds; the drafter's distribution is made clearly different from the target's and
the test checks that skipping verification would fail the same statistic (the test bites).
"""

from __future__ import annotations

import math

import pytest
import torch

from drafterbench.backends.local import engine
from drafterbench.backends.local.draft_model import DraftModelDrafter
from drafterbench.backends.local.easyspec import EasySpecDrafter
from drafterbench.backends.local.prompt_lookup import PromptLookupDrafter
from drafterbench.backends.local.sampling import SamplingConfig, logits_to_probs, sample, verify_sampling
from drafterbench.backends.local.vocabtrim import VocabTrimDrafter

V = 8
N = 20_000


def _chi2_crit(dof: int, z: float = 3.719) -> float:
    """Wilson-Hilferty upper quantile of chi-square(dof); z = 3.719 is the 1e-4 normal quantile."""
    a = 2.0 / (9.0 * dof)
    return dof * (1.0 - a + z * math.sqrt(a)) ** 3


def _chi2(tokens: torch.Tensor, expected_p: torch.Tensor) -> tuple[float, int]:
    """Chi-square of joint counts (N, 2) against (v, v) probabilities; cells expecting < 5 are pooled."""
    v = expected_p.shape[0]
    counts = torch.zeros(v * v, dtype=torch.float64)
    counts.index_add_(0, tokens[:, 0] * v + tokens[:, 1], torch.ones(len(tokens), dtype=torch.float64))
    expected = expected_p.reshape(-1).double() * len(tokens)
    big = expected >= 5
    obs = torch.cat([counts[big], counts[~big].sum()[None]])
    exp = torch.cat([expected[big], expected[~big].sum()[None]])
    keep = exp > 0
    stat = float(((obs[keep] - exp[keep]) ** 2 / exp[keep]).sum())
    return stat, int(keep.sum()) - 1


def _two_tokens(p1, p2, q1, q2, gen, deterministic=False):
    """Emit two tokens by speculative sampling with a 2-token draft, batched over N trials.

    p2[a] / q2[a]: target / drafter distribution of the second token after first token a.
    """
    if deterministic:  # a fixed proposal (prompt lookup): always tokens (3, 5), q one-hot
        d = torch.tensor([3, 5]).expand(N, 2).contiguous()
    else:
        d1 = sample(q1.expand(N, V), gen)
        d = torch.stack([d1, sample(q2[d1], gen)], dim=1)
    p = torch.stack([p1.expand(N, V), p2[d[:, 0]], torch.full((N, V), 1.0 / V)], dim=1)  # 3rd row: bonus
    q = None if deterministic else torch.stack([q1.expand(N, V), q2[d[:, 0]]], dim=1)
    k, nxt = verify_sampling(p, q, d, gen)
    first = torch.where(k == 0, nxt, d[:, 0])
    second = torch.where(k == 1, nxt, d[:, 1])
    # Rejected at position 0: the next round drafts again from the target's new prefix; one more verification.
    redo = k == 0
    if redo.any():
        m = int(redo.sum())
        pr = p2[first[redo]]
        if deterministic:
            dd = torch.full((m, 1), 5)
            k2, n2 = verify_sampling(torch.stack([pr, pr], 1), None, dd, gen)
        else:
            qr = q2[first[redo]]
            dd = sample(qr, gen)[:, None]
            k2, n2 = verify_sampling(torch.stack([pr, pr], 1), qr[:, None], dd, gen)
        second[redo] = torch.where(k2 == 1, dd[:, 0], n2)
    return torch.stack([first, second], dim=1)


@pytest.mark.parametrize("cfg", [SamplingConfig(1.0, 1.0), SamplingConfig(0.7, 0.8)])
@pytest.mark.parametrize("deterministic", [False, True])
def test_first_two_tokens_follow_target(cfg, deterministic):
    g = torch.Generator().manual_seed(1234)
    tl1, tl2 = torch.randn(V, generator=g) * 1.5, torch.randn(V, V, generator=g) * 1.5
    # A drafter that is related to the target but clearly different.
    ql1, ql2 = tl1 * 0.3 + torch.randn(V, generator=g) * 1.5, tl2 * 0.3 + torch.randn(V, V, generator=g) * 1.5
    p1, p2, q1, q2 = (logits_to_probs(x, cfg) for x in (tl1, tl2, ql1, ql2))
    target_joint = p1[:, None] * p2
    out = _two_tokens(p1, p2, q1, q2, g, deterministic)
    stat, dof = _chi2(out, target_joint)
    assert stat < _chi2_crit(dof), f"chi2 {stat:.1f} over {dof} dof: emitted tokens do not follow the target"
    if not deterministic:  # the drafter's own joint must fail the same test, or the test cannot bite
        drafted = torch.stack([sample(q1.expand(N, V), g), torch.zeros(N, dtype=torch.long)], 1)
        drafted[:, 1] = sample(q2[drafted[:, 0]], g)
        bad, bad_dof = _chi2(drafted, target_joint)
        assert bad > 10 * _chi2_crit(bad_dof)


def test_top_p_keeps_the_nucleus():
    probs = logits_to_probs(torch.log(torch.tensor([0.5, 0.3, 0.15, 0.05])), SamplingConfig(1.0, 0.75))
    assert torch.allclose(probs, torch.tensor([0.625, 0.375, 0.0, 0.0]))
    one = logits_to_probs(torch.log(torch.tensor([0.9, 0.1])), SamplingConfig(1.0, 0.5))
    assert one.tolist() == [1.0, 0.0]


def test_sampling_runs_and_repeats_with_a_seed(pair, prompts):
    target, drafter = pair
    cfg = SamplingConfig(temperature=0.8, top_p=0.95)
    makers = (
        lambda: None,
        lambda: DraftModelDrafter(drafter),
        lambda: PromptLookupDrafter(),
        lambda: VocabTrimDrafter(drafter, range(0, 512, 2)),  # pruned tokens: q = 0, still reachable via p
        lambda: EasySpecDrafter(drafter, group_size=2),
    )
    for make in makers:
        a = engine.generate(target, prompts[0], make(), sampling=cfg, max_new_tokens=16, seed=7)
        b = engine.generate(target, prompts[0], make(), sampling=cfg, max_new_tokens=16, seed=7)
        assert a.tokens == b.tokens and len(a.tokens) == 16


@pytest.mark.slow
def test_engine_sampling_end_to_end_matches_target_distribution():
    """Through ``engine.generate`` with a model drafter: tokens 2-3 (both from speculative rounds) follow the
    target's marginal. Fewer trials (1,000 generations, 36 cells) than the batched test, but it checks the
    plumbing: q rows aligned with drafts, cache rollback under sampling, bonus tokens."""
    from tests.local.tiny_models import build_pair

    v, n = 6, 1000
    target, drafter = build_pair("llama", vocab_size=v, seed=11, late_scale=1.0, layers=2, draft_layers=1)
    cfg = SamplingConfig(temperature=1.0)
    prompt = [1, 2, 3]
    with torch.no_grad():
        pairs = torch.cartesian_prod(torch.arange(v), torch.arange(v))  # (t1, t2) for all 36 pairs
        ctx = torch.cat([torch.tensor(prompt).expand(len(pairs), 3), pairs], dim=1)
        p1 = logits_to_probs(target(torch.tensor([prompt])).logits[0, -1], cfg)
        logits = target(ctx).logits
        p2 = logits_to_probs(logits[:, -2], cfg)  # p(t2 | t1), row per pair (depends on t1 only)
        p3 = logits_to_probs(logits[:, -1], cfg)  # p(t3 | t1, t2)
        joint = (p1[pairs[:, 0]] * p2[range(len(pairs)), pairs[:, 1]])[:, None] * p3  # (t1,t2) x t3
        expected = torch.zeros(v, v)  # marginal over t1 of (t2, t3)
        for i, (_, t2) in enumerate(pairs.tolist()):
            expected[t2] += joint[i]
        q_expected = torch.zeros(v, v)  # the drafter's own marginal, for the bite check
        dl = drafter(ctx).logits
        d2, d3 = logits_to_probs(dl[:, -2], cfg), logits_to_probs(dl[:, -1], cfg)
        for i, (t1, t2) in enumerate(pairs.tolist()):
            q_expected[t2] += p1[t1] * d2[i, t2] * d3[i]
    d = DraftModelDrafter(drafter, max_gamma=2)
    out = torch.tensor([engine.generate(target, prompt, d, sampling=cfg, max_new_tokens=3, gamma=2,
                                        seed=s).tokens[1:] for s in range(n)])
    stat, dof = _chi2(out, expected)
    bad, bad_dof = _chi2(out, q_expected)
    assert stat < _chi2_crit(dof), f"chi2 {stat:.1f} over {dof} dof"
    assert bad > _chi2_crit(bad_dof), "the drafter's distribution is too close to the target's to bite"
