"""OmniDraft's learned parts: the acceptance head (adaptive draft length) and online hybrid distillation."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from drafterbench.backends.local.engine import generate
from drafterbench.backends.local.omnidraft import OmniDraftConfig, OmniDraftDrafter
from drafterbench.backends.local.omnidraft.acceptance_head import (
    N_SCALARS,
    AcceptanceHead,
    HeadTrainer,
    should_stop,
    weighted_bce,
)
from drafterbench.backends.local.omnidraft.distill import OnlineDistiller, hybrid_loss
from drafterbench.backends.local.omnidraft.lora import LoRALinear, apply_lora
from tests.local.small_vocab import HIDDEN, small_cache, small_models

# -- acceptance head -----------------------------------------------------------------------------------


def _synthetic_batch(n: int = 2048, seed: int = 0):
    """Acceptance depends on the drafter's confidence (scalar 0 = log q(x)) and on one hidden direction."""
    torch.manual_seed(seed)  # the head's own initialisation
    g = torch.Generator().manual_seed(seed)
    hidden = torch.randn(n, HIDDEN, generator=g)
    scalars = torch.zeros(n, N_SCALARS)
    scalars[:, 0] = -3.0 * torch.rand(n, generator=g)
    scalars[:, 1] = torch.rand(n, generator=g)
    accept = ((scalars[:, 0] > -1.0) & (hidden[:, 0] > -1.0)).float()
    return hidden, scalars, accept


def test_weighted_bce_upweights_rejections():
    logits = torch.zeros(4)
    target = torch.tensor([1.0, 1.0, 1.0, 0.0])
    assert float(weighted_bce(logits, target)) > float(weighted_bce(logits, target, neg_weight=1.0))


def test_head_loss_goes_down_on_a_fixed_batch():
    hidden, scalars, accept = _synthetic_batch()
    trainer = HeadTrainer(AcceptanceHead(HIDDEN), lr=1e-2, batch_size=256, buffer_size=len(accept))
    for h, s, y in zip(hidden, scalars, accept, strict=True):
        trainer.add(h, s, float(y))
    g = torch.Generator().manual_seed(0)
    first = trainer.step(g)
    for _ in range(150):
        last = trainer.step(g)
    assert last < 0.5 * first
    with torch.no_grad():
        pred = torch.sigmoid(trainer.head(hidden, scalars))
    assert float(((pred > 0.5).float() == accept).float().mean()) > 0.95


def test_stop_rule_shortens_drafts_where_acceptance_is_predicted_low():
    hidden, scalars, accept = _synthetic_batch()
    trainer = HeadTrainer(AcceptanceHead(HIDDEN), lr=1e-2, batch_size=256, buffer_size=len(accept))
    for h, s, y in zip(hidden, scalars, accept, strict=True):
        trainer.add(h, s, float(y))
    g = torch.Generator().manual_seed(1)
    for _ in range(150):
        trainer.step(g)

    def draft_length(confidence: float, gamma: int = 6) -> int:
        probs: list[float] = []
        for i in range(gamma):
            s = torch.zeros(N_SCALARS)
            s[0], s[1], s[3] = confidence, 0.5, i / 8.0
            h = torch.randn(HIDDEN, generator=torch.Generator().manual_seed(i))
            h[0] = 1.0
            probs.append(trainer.predict(h, s))
            if should_stop(probs, threshold=0.5):
                return i + 1
        return gamma

    assert draft_length(-0.1) == 6  # confident: the whole budget
    assert draft_length(-2.5) <= 2  # unconfident: stop at once (or after one more)
    assert should_stop([0.9, 0.9, 0.9], 0.2) and not should_stop([0.9], 0.2)


def test_drafter_drafts_shorter_once_its_head_learns_rejections():
    target, drafter_model, tv, dv = small_models()
    prompt = [0, 4, 2, 3, 1, 8, 5, 2, 9, 0]
    lengths = {}
    for name, label in (("optimist", 1.0), ("pessimist", 0.0)):
        drafter = OmniDraftDrafter(drafter_model, tv, dv, OmniDraftConfig(gamma=4, threshold=0.5))
        h = torch.zeros(HIDDEN)
        for i in range(64):  # teach the head a prior from past rounds
            drafter.trainer.add(h + 0.01 * i, torch.zeros(N_SCALARS), label)
        for _ in range(60):
            drafter.trainer.step(torch.Generator().manual_seed(0))
        drafter.trainer.add = lambda *a, **k: None  # freeze it for this generation  # type: ignore[method-assign]
        drafter.trainer.step = lambda *a, **k: float("nan")  # type: ignore[method-assign]
        out = generate(target, prompt, drafter, max_new_tokens=24, gamma=4)
        lengths[name] = out.stats.extra["mean_draft_len"]
        plain = generate(target, prompt, None, max_new_tokens=24)
        assert out.tokens == plain.tokens
    # (a walk that reaches no target token also ends a draft, so the mean can fall below min_draft)
    assert lengths["pessimist"] <= 1.5, lengths
    assert lengths["optimist"] >= 2.0, lengths


# -- online hybrid distillation ------------------------------------------------------------------------


def test_lora_starts_as_identity_and_trains_only_adapters():
    _, drafter, _, _ = small_models()
    ids = torch.tensor([[0, 4, 2, 3, 1]])
    with torch.no_grad():
        before = drafter(input_ids=ids).logits.clone()
    base = {k: v.clone() for k, v in drafter.state_dict().items()}
    params = apply_lora(drafter, last_layers=1, rank=4)
    assert params and all(p.requires_grad for p in params)
    assert sum(isinstance(m, LoRALinear) for m in drafter.modules()) == 7
    with torch.no_grad():
        assert torch.allclose(drafter(input_ids=ids).logits, before)
    assert not any(p.requires_grad for n, p in drafter.named_parameters() if "lora_" not in n)
    assert all(torch.equal(base[k], v) for k, v in drafter.state_dict().items() if k in base)


def test_hybrid_loss_weights_ngram_by_lambda():
    logits = torch.randn(5, 8)
    p = torch.softmax(torch.randn(2, 8), -1)
    loss, l_dm, l_ng = hybrid_loss(logits, [0, 1], p, [2, 3], [4, 2], lam=0.2)
    assert float(loss) == pytest.approx(l_dm + 0.2 * l_ng, rel=1e-5)
    assert l_dm > 0 and l_ng > 0


@pytest.mark.parametrize("mode", ["lora", "last"])
def test_distillation_loss_goes_down_on_a_fixed_batch(mode):
    _, drafter, _, _ = small_models(seed=1)
    cache = small_cache()
    distiller = OnlineDistiller(drafter, cache, mode=mode, rank=4, lr=1e-2, buffer=4)
    # target tokens: "abc" (n-gram: ab,c), "a" (direct), "bca" (n-gram: bc,a), "dd" (n-gram), "b" (direct)
    ex = distiller.make_example([0, 1, 2, 3], [5, 0, 8, 9, 1])
    assert ex is not None and ex.dm_pos and ex.ngram_pos
    assert ex.ids == [0, 1, 2, 3, 4, 2, 0, 5, 0, 3, 3, 1]
    assert ex.ngram_labels == [4, 2, 5, 0, 3, 3] and ex.dm_labels == [0, 1]
    distiller.add(ex)
    distiller.add(distiller.make_example([3, 2, 1], [6, 4, 7]))  # "abcd" (3 pieces), "ab", EOS
    first = distiller.step()
    for _ in range(40):
        distiller.step()
    loss, l_dm, l_ng = distiller.history[-1]
    assert loss < 0.5 * first
    assert l_ng < distiller.history[0][2] and l_dm < distiller.history[0][1]


def test_online_adapt_keeps_greedy_output_identical():
    target, drafter_model, tv, dv = small_models(seed=2)
    drafter = OmniDraftDrafter(
        drafter_model, tv, dv, OmniDraftConfig(gamma=3, online_adapt=True, adapt_every=2, lora_rank=4)
    )
    for prompt in ([0, 4, 2, 3, 1, 8], [5, 5, 2, 9, 0, 1, 4]):
        plain = generate(target, prompt, None, max_new_tokens=20)
        out = generate(target, prompt, drafter, max_new_tokens=20, gamma=3)
        assert out.tokens == plain.tokens
    assert drafter.distiller is not None and drafter.distiller.steps > 0
    assert out.stats.extra["distill_steps"] > 0
