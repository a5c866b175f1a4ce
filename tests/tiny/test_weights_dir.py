"""$DRAFTERBENCH_TINY_DIR: a retrained export loaded under the same name, recorded by runs, checked on resume."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from drafterbench.cli import app
from drafterbench.run_config import check_tiny_weights
from drafterbench.run_settings import RunConfig, TinyWeights
from drafterbench.runlog import RunLogError
from drafterbench.tiny import weights


def _export(folder: Path, target: bytes) -> Path:
    folder.mkdir()
    (folder / "manifest.json").write_text("{}\n")
    (folder / "target.safetensors").write_bytes(target)
    return folder


def test_without_the_variable_the_package_files_are_used(monkeypatch):
    monkeypatch.delenv(weights.WEIGHTS_ENV, raising=False)
    assert weights.weights_dir() == weights.shipped_dir()
    assert weights.weights_identity()["source"] == "shipped"
    assert weights.override_note() is None


def test_the_variable_names_the_folder_every_file_is_read_from(monkeypatch, tmp_path):
    folder = _export(tmp_path / "retrained", b"other weights")
    monkeypatch.setenv(weights.WEIGHTS_ENV, str(folder))
    assert weights.weights_dir() == folder
    assert weights.vocabtrim_map_path() == folder / "vocabtrim-map.json"
    assert weights.shipped_parts() == ["target"]
    assert weights.weights_identity() == {"source": str(folder.resolve()),
                                          "target_sha256": hashlib.sha256(b"other weights").hexdigest()}
    assert weights.override_note() == f"weights from {folder.resolve()} (DRAFTERBENCH_TINY_DIR), not the shipped ones"


def test_a_folder_that_is_not_an_export_is_one_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv(weights.WEIGHTS_ENV, str(tmp_path))
    with pytest.raises(ValueError, match="DRAFTERBENCH_TINY_DIR=.*no manifest.json"):
        weights.weights_dir()
    res = CliRunner().invoke(app, ["run", "--model", "drafterbench-tiny", "--out", str(tmp_path / "r")])
    text = " ".join(res.output.split())
    assert res.exit_code == 2 and "no manifest.json" in text and "Traceback" not in text
    assert not (tmp_path / "r").exists()


def test_a_resume_must_find_the_weights_the_run_started_with(monkeypatch, tmp_path):
    first = _export(tmp_path / "first", b"first weights")
    second = _export(tmp_path / "second", b"second weights")
    log = SimpleNamespace(path=tmp_path / "run" / "run.jsonl")
    monkeypatch.setenv(weights.WEIGHTS_ENV, str(first))
    config = RunConfig(model="drafterbench-tiny", tiny_weights=TinyWeights(**weights.weights_identity()))
    check_tiny_weights(log, config)  # the same weights: fine
    shutil.copyfile(first / "target.safetensors", second / "target.safetensors")
    monkeypatch.setenv(weights.WEIGHTS_ENV, str(second))
    check_tiny_weights(log, config)  # the same file in another folder is the same model
    (second / "target.safetensors").write_bytes(b"retrained again")
    with pytest.raises(RunLogError, match="point DRAFTERBENCH_TINY_DIR at the run's weights"):
        check_tiny_weights(log, config)
    monkeypatch.delenv(weights.WEIGHTS_ENV)
    with pytest.raises(RunLogError, match="'shipped'"):
        check_tiny_weights(log, config)
    check_tiny_weights(log, RunConfig(model="drafterbench-tiny"))  # logged before weights were recorded
