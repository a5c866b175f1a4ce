"""From a training folder to the files shipped in the package (``drafterbench/tiny/shipped/``).

Each part becomes ``<part>.safetensors``: its compact tensors in float16 plus ``rows`` (int32). The VocabTrim
token map is calibrated on the target's own greedy programs for train-split prompts (never suite prompts);
``manifest.json`` records shapes, parameter counts, file sizes, checksums and the training report.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from drafterbench.tiny import PARTS
from drafterbench.tiny.prompt import MAX_NEW_TOKENS
from drafterbench.tiny.shapes import SHAPES
from drafterbench.tiny.tokenizers import ROWS, hf_tokenizer

#: Rows kept in the VocabTrim head at most (the programs use far fewer distinct tokens than this).
TRIM_K = 1024
CALIBRATION_PROMPTS = 240  # 20 per task type
CALIBRATION_BATCH = 16


def export(train_dir: str | Path, dest: str | Path, *, calibration_prompts: int = CALIBRATION_PROMPTS,
           calibration_max_tokens: int = MAX_NEW_TOKENS) -> dict[str, Any]:
    """Write the shipped files for the parts trained in ``train_dir`` into ``dest``; returns the manifest."""
    import torch
    from safetensors.torch import load_file, save_file

    train_dir, dest = Path(train_dir), Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    recipe = json.loads((train_dir / "recipe.json").read_text())
    parts: dict[str, Any] = {}
    for part in PARTS:
        report = json.loads((train_dir / f"{part}.json").read_text())
        tensors = {k: v.to(torch.float16).contiguous() for k, v in load_file(str(train_dir / f"{part}.safetensors")).items()}
        tensors["rows"] = torch.tensor(report["rows"], dtype=torch.int32)
        path = dest / f"{part}.safetensors"
        save_file(tensors, str(path))
        body = sum(v.numel() for k, v in tensors.items() if k not in ("rows",))
        full_rows = ROWS[SHAPES[part].vocab]
        hidden = SHAPES[part].hidden
        parts[part] = {
            "shape": report["shape"], "settings": report["settings"], "train_seconds": round(report["seconds"], 1),
            "steps": report["steps"], "heldout": report["heldout"], "final_loss": report["loss_curve"][-1][1],
            "stored_rows": len(report["rows"]) + 1, "full_rows": full_rows,
            "parameters_full": body + 2 * (full_rows - len(report["rows"]) - 1) * hidden,
            "bytes": path.stat().st_size, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        }
    token_map = calibrate_vocabtrim(dest, recipe, calibration_prompts, calibration_max_tokens)
    (dest / "vocabtrim-map.json").write_text(token_map.model_dump_json(indent=1) + "\n")
    manifest = {"schema_version": 1, "recipe": recipe, "parts": parts,
                "vocabtrim": {"k": token_map.k, "calibration_prompts": token_map.calibration_prompts,
                              "calibration_tokens": token_map.calibration_tokens}}
    (dest / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


def calibrate_vocabtrim(dest: Path, recipe: dict[str, Any], n_prompts: int,
                        max_tokens: int = MAX_NEW_TOKENS) -> Any:
    """The VocabTrim map from the shipped target's greedy programs for the first train-split prompts.

    Generation runs on the compact model, whose greedy tokens are the full model's (see ``weights``), in
    left-padded batches; a near-tie that padding rounds the other way changes a count, not the method.
    """
    import torch

    from drafterbench.backends.local.vocabtrim import TokenMap, select_tokens
    from drafterbench.tiny.corpus import Compaction, qwen_example, split_tasks
    from drafterbench.tiny.weights import load_compact

    model, rows = load_compact("target", dest)
    compaction = Compaction(tuple(rows))
    table, unused = compaction.table(ROWS["qwen"]), compaction.unused
    tok = hf_tokenizer("qwen")
    train_tasks, _ = split_tasks(recipe["train_tasks"], recipe["heldout_tasks"], recipe["seed"])
    by_type: dict[str, list[Any]] = {}
    for t in train_tasks:
        by_type.setdefault(t.type.value, []).append(t)
    picked = [by_type[k][i] for i in range(n_prompts) for k in sorted(by_type) if i < len(by_type[k])][:n_prompts]
    counts: Counter[int] = Counter()
    eos_full = int(tok.eos_token_id)
    eos = table[eos_full]
    prompts = [list(compaction.compact(qwen_example(task, tok), table).prompt) for task in picked]
    with torch.no_grad():
        for start in range(0, len(prompts), CALIBRATION_BATCH):  # left-padded batches
            chunk = prompts[start:start + CALIBRATION_BATCH]
            width = max(map(len, chunk))
            ids = torch.tensor([[eos] * (width - len(p)) + p for p in chunk])
            mask = torch.tensor([[0] * (width - len(p)) + [1] * len(p) for p in chunk])
            out = model.generate(ids, attention_mask=mask, max_new_tokens=max_tokens, do_sample=False, eos_token_id=eos,
                                 pad_token_id=eos)
            for row in out[:, width:].tolist():
                body = row[: row.index(eos)] if eos in row else row
                counts.update(rows[i] for i in body if i != unused)
    keep = sorted({eos_full, *tok.all_special_ids})
    ids = select_tokens(counts, min(TRIM_K, len(counts) + len(keep)), keep, ROWS["qwen"])
    return TokenMap(model="drafterbench-tiny", vocab_size=ROWS["qwen"], k=len(ids), token_ids=ids, always_kept=keep,
                    calibration_prompts=len(picked), calibration_tokens=sum(counts.values()))
