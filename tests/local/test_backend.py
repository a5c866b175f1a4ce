"""LocalBackend end to end on saved tiny models: chat template, stats with every completion, stop strings."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest

from drafterbench.backends.base import BackendError, GenerationParams, Message
from drafterbench.backends.local import LocalBackend
from drafterbench.backends.local.methods import parse_spec
from drafterbench.backends.local.vocabtrim import TokenMap

MSGS = [Message(role="system", content="You revise drawings."), Message(role="user", content="Add a line.")]


def test_import_drafterbench_does_not_import_torch():
    code = ("import sys, drafterbench, drafterbench.backends.local, drafterbench.cli.bench_cmd;"
            "bad = [m for m in ('torch', 'transformers') if m in sys.modules]; print(bad); sys.exit(bool(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stdout + out.stderr


def test_spec_parsing_and_errors():
    assert parse_spec("vocabtrim:k=64, token_map=m.json") == ("vocabtrim", {"k": "64", "token_map": "m.json"})
    with pytest.raises(ValueError, match="choose one of: none, draft"):
        LocalBackend("hf/x", spec="medusa")
    with pytest.raises(ValueError, match="needs --draft-model"):
        LocalBackend("hf/x", spec="draft")
    with pytest.raises(ValueError, match="key=value"):
        parse_spec("draft:adaptive")


def test_missing_model_is_a_clear_error(tmp_path):
    backend = LocalBackend(f"hf/{tmp_path / 'nope'}")
    with pytest.raises(BackendError, match="cannot load model"):
        asyncio.run(backend.generate(MSGS, GenerationParams(max_tokens=4)))


@pytest.fixture(scope="module")
def token_map(saved_pair, tmp_path_factory):
    from drafterbench.backends.local import models
    from drafterbench.backends.local.vocabtrim import calibrate

    target_dir, _ = saved_pair
    tok = models.load_tokenizer(str(target_dir))
    target = models.load_model(str(target_dir))
    prompts = [models.encode_chat(tok, [Message(role="user", content=c)]) for c in ("hi", "draw a box")]
    tm = calibrate(target, prompts, k=64, max_new_tokens=16, always_keep=tok.all_special_ids)
    path = tmp_path_factory.mktemp("map") / "map.json"
    tm.save(path)
    return path


def test_every_method_gives_the_plain_text_and_stats(saved_pair, token_map):
    target_dir, drafter_dir = saved_pair
    params = GenerationParams(max_tokens=24)
    plain = asyncio.run(LocalBackend(f"hf/{target_dir}").generate(MSGS, params))
    assert plain.decoding.method == "none" and plain.decoding.new_tokens == plain.usage.completion_tokens > 0
    assert plain.decoding.prompt_tokens == plain.usage.prompt_tokens and plain.decoding.ttft_s > 0
    for spec in ("draft", "prompt-lookup", f"vocabtrim:token_map={token_map}", "easyspec:group_size=2"):
        backend = LocalBackend(f"hf/{target_dir}", draft_model=f"hf/{drafter_dir}", spec=spec, gamma=3)
        out = asyncio.run(backend.generate(MSGS, params))
        assert out.text == plain.text, spec
        assert out.decoding.method == spec.split(":")[0]
        assert out.decoding.rounds > 0 and out.decoding.target_forwards == out.decoding.rounds + 1
    assert TokenMap.load(token_map).k == 64


def test_stop_string_and_concurrency(saved_pair):
    target_dir, drafter_dir = saved_pair
    backend = LocalBackend(f"hf/{target_dir}", draft_model=f"hf/{drafter_dir}", spec="draft")
    full = asyncio.run(backend.generate(MSGS, GenerationParams(max_tokens=24))).text
    stop = full[8:10]
    assert stop and stop not in full[:8]

    async def both():
        p = GenerationParams(max_tokens=24, stop=(stop,))
        return await asyncio.gather(backend.generate(MSGS, p), backend.generate(MSGS, p))

    a, b = asyncio.run(both())
    assert a.text == b.text == full[: full.index(stop)] and a.finish_reason == "stop"
