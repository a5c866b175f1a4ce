"""The shipped weights: compact storage, and expansion to one well-defined full-vocabulary model.

A part is stored with only the vocabulary rows its training corpus uses (``rows``) plus one shared row, the
*unused* row, in float16. Loading builds a Llama model over the whole vocabulary (151,936 rows for Qwen2.5,
100,277 for cl100k) in float32 where:

- row ``rows[i]`` of the input embedding and of the LM head is compact row ``i``;
- every other id's input embedding is the unused row's: training replaced a share of prompt tokens with it,
  so it is the model's learned "unknown token";
- every other id's LM-head row is the unused row's output row: no training target ever used it, so its
  logit is learned to be low, and greedy decoding never picks it (``tests/tiny`` checks that greedy
  outputs of the compact and the expanded model are the same tokens).

Everything else (layers, norms) is stored as trained, rounded to float16; the loaded model *is* the shipped
model, so its scores are the published ones.

``$DRAFTERBENCH_TINY_DIR``, when set, names another folder of these files (written by ``drafterbench train
--export``): every command then loads that retrained model under the same name, and a run records which
weights it used (:func:`weights_identity`).
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib import resources
from pathlib import Path
from typing import Any

from drafterbench.tiny import NAME, PARTS
from drafterbench.tiny.shapes import SHAPES
from drafterbench.tiny.tokenizers import ROWS, hf_tokenizer

#: Where the shipped files live inside the package.
PACKAGE_DIR = "drafterbench.tiny.shipped"
#: Names another folder of exported files to load instead (a retrained model).
WEIGHTS_ENV = "DRAFTERBENCH_TINY_DIR"
EMBED, HEAD = "model.embed_tokens.weight", "lm_head.weight"
#: Which drafter each decoding method uses.
DRAFTER_OF = {"draft": "draft", "vocabtrim": "draft", "easyspec": "easyspec", "omnidraft": "cl100k"}


def parse_name(name: str) -> str | None:
    """``drafterbench-tiny`` -> "target", ``drafterbench-tiny/draft`` -> "draft"; None for other names.

    Raises ValueError naming the valid parts for ``drafterbench-tiny/<unknown>``.
    """
    base, _, part = name.partition("/")
    if base != NAME:
        return None
    part = part or "target"
    if part not in PARTS:
        raise ValueError(f"unknown part {name!r}; choose one of: {', '.join(f'{NAME}/{p}' for p in PARTS)}")
    return part


def shipped_dir() -> Path:
    """The package's own files."""
    return Path(str(resources.files(PACKAGE_DIR)))


def weights_dir() -> Path:
    """Where the files are read from: ``$DRAFTERBENCH_TINY_DIR`` if set (a retrained export), else the package.

    Raises ValueError if the variable names a folder that ``drafterbench train --export`` did not write.
    """
    override = os.environ.get(WEIGHTS_ENV)
    if not override:
        return shipped_dir()
    path = Path(override)
    if not (path / "manifest.json").is_file():
        raise ValueError(f"{WEIGHTS_ENV}={override!r} is not a folder written by `drafterbench train --export` "
                         "(it has no manifest.json); unset it to use the shipped files")
    return path


def _source(directory: Path) -> str:
    return "shipped" if directory == shipped_dir() else str(directory.resolve())


def weights_identity() -> dict[str, str]:
    """Which weights ``drafterbench-tiny`` means here: ``shipped`` or the override folder, and the sha256 of
    the target's file (what a run records, and what its resume must find again)."""
    directory = weights_dir()
    target = directory / "target.safetensors"
    digest = hashlib.sha256(target.read_bytes()).hexdigest() if target.is_file() else ""
    return {"source": _source(directory), "target_sha256": digest}


def override_note() -> str | None:
    """The line that says the weights are a retrained export, not the shipped ones (None when shipped)."""
    source = _source(weights_dir())
    return None if source == "shipped" else f"weights from {source} ({WEIGHTS_ENV}), not the shipped ones"


def shipped_parts() -> list[str]:
    """The parts whose weights this install (or ``$DRAFTERBENCH_TINY_DIR``) has."""
    return [p for p in PARTS if (weights_dir() / f"{p}.safetensors").is_file()]


def vocabtrim_map_path() -> Path:
    """The VocabTrim token map (calibrated on the target's own text for train-split prompts)."""
    return weights_dir() / "vocabtrim-map.json"


def manifest() -> dict[str, Any]:
    """``manifest.json``: shapes, sizes, checksums and training figures of the parts."""
    return json.loads((weights_dir() / "manifest.json").read_text())


def compact_tensors(part: str, directory: Path | None = None) -> tuple[dict[str, Any], list[int]]:
    """The stored (compact) tensors of ``part`` and its ``rows``."""
    from safetensors.torch import load_file

    path = (directory or weights_dir()) / f"{part}.safetensors"
    if not path.is_file():
        raise ValueError(f"{NAME}: {path} is missing; train and export it with `drafterbench train --export`")
    tensors = load_file(str(path))
    rows = tensors.pop("rows").tolist()
    return tensors, rows


def expand(tensors: dict[str, Any], rows: list[int], full_size: int) -> dict[str, Any]:
    """Compact embedding and head matrices -> full-vocabulary ones (see the module docstring)."""
    import torch

    out = {k: v.float() for k, v in tensors.items()}
    index = torch.tensor(rows, dtype=torch.long)
    for key in (EMBED, HEAD):
        compact = out[key]
        full = compact[-1:].expand(full_size, -1).clone()  # the unused row everywhere...
        full[index] = compact[:-1]  # ...except the rows the corpus uses
        out[key] = full
    return out


def build(part: str, tensors: dict[str, Any], vocab_size: int) -> Any:
    """A Llama model of ``part``'s shape over ``vocab_size`` rows holding ``tensors`` (fp32, eval mode)."""
    from transformers import LlamaForCausalLM

    tok = hf_tokenizer(SHAPES[part].vocab)
    eos = tok.eos_token_id if tok.eos_token_id < vocab_size else None  # a compact model numbers rows its own way
    config = SHAPES[part].llama_config(vocab_size, eos_token_id=eos)
    model = LlamaForCausalLM(config)
    model.load_state_dict(tensors, strict=True)
    model.generation_config.eos_token_id = eos
    model.generation_config.pad_token_id = eos
    return model.eval()


def load_model(name: str, directory: Path | None = None) -> Any:
    """A new full-vocabulary model for ``drafterbench-tiny[/part]`` (new each call: OmniDraft's online
    adaptation changes its drafter's weights, so models are never shared between backends)."""
    part = parse_name(name)
    if part is None:
        raise ValueError(f"{name!r} is not a {NAME} model")
    size = ROWS[SHAPES[part].vocab]
    tensors, rows = compact_tensors(part, directory)
    return build(part, expand(tensors, rows, size), size)


def load_tokenizer(name: str) -> Any:
    part = parse_name(name)
    if part is None:
        raise ValueError(f"{name!r} is not a {NAME} model")
    return hf_tokenizer(SHAPES[part].vocab)


def load_compact(part: str, directory: Path | None = None) -> tuple[Any, list[int]]:
    """The compact model as stored (its vocabulary is ``rows`` + the unused row) and its rows."""
    tensors, rows = compact_tensors(part, directory)
    return build(part, {k: v.float() for k, v in tensors.items()}, len(rows) + 1), rows
