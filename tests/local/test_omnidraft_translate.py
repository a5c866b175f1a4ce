"""OmniDraft's translation maths on small hand-made vocabularies with a tabular drafter.

The drafter is a lookup table path -> distribution, so the tests exercise the real cache, trie walk and
translated distribution without a model, and are cheap enough for tens of thousands of samples.
"""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from drafterbench.backends.local.omnidraft.ngram_cache import CrossVocabCache
from drafterbench.backends.local.omnidraft.translate import (
    inner_paths,
    translated_distribution,
    walk,
)
from drafterbench.backends.local.omnidraft.vocab import TokenVocab
from drafterbench.backends.local.sampling import verify_sampling
from tests.local.small_vocab import DRAFTER, TARGET, longest_match, small_cache

N_SAMPLES = 24_000


class TabularDrafter:
    """q(· | path) from a seeded table; ``step`` walks it like a model would."""

    def __init__(self, size: int, seed: int = 0, concentration: float = 0.4) -> None:
        self.size, self.seed, self.conc = size, seed, concentration
        self.table: dict[tuple[int, ...], torch.Tensor] = {}

    def dist(self, path: tuple[int, ...]) -> torch.Tensor:
        if path not in self.table:
            g = torch.Generator().manual_seed(hash((self.seed, path)) % 2**31)
            x = torch.rand(self.size, generator=g) ** (1.0 / self.conc) + 1e-3  # skewed, never zero
            self.table[path] = x / x.sum()
        return self.table[path]

    def walker(self, cache: CrossVocabCache, generator: torch.Generator, min_first: float = 0.0):
        def one():
            path: list[int] = []

            def step(d: int) -> torch.Tensor:
                path.append(d)
                return self.dist(tuple(path))

            return walk(self.dist(()), step, cache, greedy=False, generator=generator, min_first=min_first)

        return one


def test_cache_pairs_and_trie():
    cache = small_cache()
    # direct twins both ways, specials by name
    assert cache.direct_target(4) == 4 and cache.t2d[4] == 4  # "ab"
    assert cache.direct_target(7) == 10
    assert cache.direct_target(5) is None  # "bc" has no target twin ...
    assert (
        cache.first_target(5) == 1 and cache.first_target(6) == 2
    )  # ... so it proposes "b"; "ca" proposes "c"
    assert cache.first_target(8) is None  # a drafter special the target lacks proposes nothing
    assert cache.entries[5] == (4, 2)  # "abc" -> "ab","c"
    assert cache.entries[6] == (4, 2, 3)  # "abcd" nests under "abc"
    assert cache.entries[8] == (5, 0)  # "bca" -> "bc","a"
    assert cache.terminal((4, 2)) == 5 and cache.terminal((4, 2, 3)) == 6 and cache.terminal((5,)) == 1
    assert set(inner_paths(cache)) == {(4,), (4, 2), (2,), (5,), (3,)}
    assert cache.n_entries == 5 and cache.n_bytes == 4 * (3 + 4 + 3 + 3 + 3)


def test_hit_rate_counts_generated_tokens():
    cache = CrossVocabCache(
        TokenVocab("t", TARGET, {}, longest_match(TARGET)),
        TokenVocab("d", DRAFTER, {}, longest_match(DRAFTER)),
    )
    for t in [0, 5, 5, 8, 5, 1]:  # a, abc (miss), abc (hit), bca (miss), abc (hit), b
        cache.to_drafter(t, count=True)
    assert (cache.stats.direct, cache.stats.hits, cache.stats.misses) == (2, 2, 2)
    assert cache.stats.hit_rate == 0.5 and cache.stats.coverage == pytest.approx(4 / 6)


def test_greedy_walk_merges_ngram():
    cache = small_cache()
    table = {(): 4, (4,): 2, (4, 2): 0}  # argmax path: "ab", "c", then "a" (not a continuation of abc)

    def onehot(i: int) -> torch.Tensor:
        return torch.nn.functional.one_hot(torch.tensor(i), len(DRAFTER)).float()

    path: list[int] = []

    def step(d: int) -> torch.Tensor:
        path.append(d)
        return onehot(table[tuple(path)])

    w = walk(onehot(table[()]), step, cache, greedy=True)
    assert w.target == 5 and w.depth == 2 and w.path == [4, 2, 0]  # "abc" merged; the stray "a" dropped


def test_walk_follows_translated_distribution():
    """The real walk's empirical output frequencies match the translated vector (which includes q′)."""
    cache = small_cache()
    drafter = TabularDrafter(len(DRAFTER))
    q = drafter.dist(())
    cond = {p: drafter.dist(p) for p in inner_paths(cache, q)}
    expected, mass = translated_distribution(q, cache, cond, len(TARGET))
    assert 0.0 < mass < 1.0  # drawing <|fim_prefix|> (no target counterpart) emits nothing: a stop event
    one = drafter.walker(cache, torch.Generator().manual_seed(0))
    counts = torch.zeros(len(TARGET))
    stops = 0
    for _ in range(6000):
        w = one()
        if w.target is None:
            stops += 1
        else:
            counts[w.target] += 1
    assert stops / 6000 == pytest.approx(1 - mass, abs=0.02)
    assert (counts / counts.sum() - expected).abs().sum() < 0.05
    # the adjustment q′(d1) = q(d1) − ∏ q(d_j) is visible on "ab": its mass is shared with "abc"/"abcd"
    ab = float(q[4]) * (1 - float(drafter.dist((4,))[2]))
    assert float(expected[4]) * mass == pytest.approx(ab, rel=1e-5)


def _chi2(counts: torch.Tensor, probs: torch.Tensor) -> float:
    expected = probs * counts.sum()
    keep = expected > 0
    return float(((counts[keep] - expected[keep]) ** 2 / expected[keep]).sum())


def _emitted_first_tokens(cache, drafter, p: torch.Tensor, q_rows: torch.Tensor, seed: int) -> torch.Tensor:
    """Run N_SAMPLES independent rounds: the real walk drafts, ``verify_sampling`` decides (vectorised)."""
    one = drafter.walker(cache, torch.Generator().manual_seed(seed))
    walks = [one().target for _ in range(N_SAMPLES)]
    drafted = torch.tensor([w if w is not None else -1 for w in walks])
    has = drafted >= 0
    g = torch.Generator().manual_seed(seed + 1)
    n = int(has.sum())
    pp = p.expand(n, 2, -1)
    accepted, nxt = verify_sampling(pp, q_rows.expand(n, 1, -1), drafted[has][:, None], g)
    first = torch.where(accepted == 1, drafted[has], nxt)
    # A walk that emits nothing ends the draft: the target's own token (from p) comes first.
    own = torch.multinomial(p[0, 0].expand(N_SAMPLES - n, -1), 1, generator=g).squeeze(-1)
    return torch.cat([first, own])


@pytest.mark.slow
def test_sampling_is_lossless_through_translation():
    cache = small_cache()
    drafter = TabularDrafter(len(DRAFTER), seed=3)
    q = drafter.dist(())
    cond = {p: drafter.dist(p) for p in inner_paths(cache, q)}
    q_t, _ = translated_distribution(q, cache, cond, len(TARGET))
    g = torch.Generator().manual_seed(7)
    p_first = torch.softmax(1.5 * torch.randn(len(TARGET), generator=g), -1)
    p = torch.stack([p_first, torch.softmax(torch.randn(len(TARGET), generator=g), -1)])[None]  # (1, 2, V)

    first = _emitted_first_tokens(cache, drafter, p, q_t[None, None], seed=11)
    counts = torch.bincount(first, minlength=len(TARGET)).float()
    # df = 10; chi-square 99.9th percentile is 29.6
    assert _chi2(counts, p_first) < 29.6

    # The same test catches a wrong translation: reporting the untranslated direct q (no q′, no n-grams).
    naive = torch.zeros(len(TARGET))
    mapped = cache.d2t >= 0
    naive.index_add_(0, cache.d2t[mapped], q[mapped])
    naive = naive / naive.sum()
    first = _emitted_first_tokens(cache, drafter, p, naive[None, None], seed=11)
    counts = torch.bincount(first, minlength=len(TARGET)).float()
    assert _chi2(counts, p_first) > 100.0


def test_coarse_drafter_piece_proposes_its_first_target_piece():
    cache = small_cache()
    q = torch.nn.functional.one_hot(torch.tensor(6), len(DRAFTER)).float()  # argmax "ca"
    w = walk(q, lambda d: q, cache, greedy=True)
    assert (w.target, w.depth) == (2, 1)  # "c": the drafter then continues from the spelling of "c"
    assert cache.to_drafter(2) == (2,)


def test_min_first_keeps_walk_and_translation_consistent():
    """Skipping n-gram walks from unlikely first pieces changes the proposal, and the row says so exactly."""
    cache = small_cache()
    drafter = TabularDrafter(len(DRAFTER), seed=4)
    q = drafter.dist(())
    min_first = float(q[4]) + 1e-6  # "ab" is now too unlikely to start a walk towards "abc"/"abcd"
    paths = inner_paths(cache, q, min_first)
    assert (4,) not in paths and (4, 2) not in paths
    cond = {p: drafter.dist(p) for p in paths}
    expected, _ = translated_distribution(q, cache, cond, len(TARGET), min_first)
    assert float(expected[5]) == 0.0 and float(expected[6]) == 0.0  # "abc", "abcd" unreachable
    one = drafter.walker(cache, torch.Generator().manual_seed(2), min_first)
    counts = torch.zeros(len(TARGET))
    for _ in range(4000):
        w = one()
        if w.target is not None:
            counts[w.target] += 1
    assert (counts / counts.sum() - expected).abs().sum() < 0.06


def test_spelling_peeks_without_storing():
    cache = CrossVocabCache(
        TokenVocab("t", TARGET, {}, longest_match(TARGET)),
        TokenVocab("d", DRAFTER, {}, longest_match(DRAFTER)),
    )
    assert cache.spelling(5) == (4, 2) and cache.n_entries == 0 and cache.stats.misses == 0
    assert cache.to_drafter(5, count=True) == (4, 2) and cache.n_entries == 1 and cache.stats.misses == 1
