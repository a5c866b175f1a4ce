"""The resumable trainer behind ``drafterbench train``.

Parts train one after another (target, then the drafters distilled from it). Each part checkpoints its
model, optimizer and step every ``checkpoint_every`` steps (written to a temporary file, then renamed), and
a finished part writes ``<part>.safetensors`` and ``<part>.json``; re-running the command skips finished
parts and resumes an unfinished one at its last checkpoint. Everything random is a function of the recipe's
seed and the step (batch order per epoch, replaced prompt tokens, initial weights), so a resumed run and a
fresh one take the same steps.
"""

from __future__ import annotations

import json
import logging
import math
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from drafterbench.tiny.corpus import Compaction, Example, Speller, batches, qwen_example, split_tasks
from drafterbench.tiny.shapes import SHAPES, Recipe, TrainSettings

log = logging.getLogger(__name__)

#: progress(part, step, steps, loss)
Progress = Callable[[str, int, int, float], None]


@dataclass
class Corpus:
    """One vocabulary's examples in compact rows."""

    vocab: str
    compaction: Compaction
    train: list[Example]
    heldout: list[Example]
    eos: int  # compact row of <|endoftext|>


@dataclass
class PartReport:
    """What ``<part>.json`` records."""

    part: str
    shape: dict[str, Any]
    settings: dict[str, Any]
    rows: list[int]
    steps: int
    seconds: float
    loss_curve: list[tuple[int, float]]
    heldout: dict[str, float] = field(default_factory=dict)


def prepare(recipe: Recipe, vocabs: Sequence[str] = ("qwen", "cl100k")) -> dict[str, Corpus]:
    """The corpora of ``vocabs`` (seconds; recomputed on every run, deterministically)."""
    from drafterbench.tiny.tokenizers import ROWS, hf_tokenizer

    tok = hf_tokenizer("qwen")
    train_tasks, held_tasks = split_tasks(recipe.train_tasks, recipe.heldout_tasks, recipe.seed)
    q_train = [qwen_example(t, tok) for t in train_tasks]
    q_held = [qwen_example(t, tok) for t in held_tasks]
    sources = {"qwen": (q_train, q_held, 151643)}
    if "cl100k" in vocabs:
        speller = Speller()
        sources["cl100k"] = ([speller.example(e) for e in q_train], [speller.example(e) for e in q_held], 100256)
    out = {}
    for vocab in vocabs:
        tr, he, eos = sources[vocab]
        comp = Compaction.of(tr, always=(eos,))
        table = comp.table(ROWS[vocab])
        out[vocab] = Corpus(vocab, comp, [comp.compact(e, table) for e in tr], [comp.compact(e, table) for e in he],
                            table[eos])
    return out


def build_model(part: str, size: int, seed: int) -> Any:
    import torch
    from transformers import LlamaForCausalLM

    torch.manual_seed(seed * 100 + list(SHAPES).index(part))
    return LlamaForCausalLM(SHAPES[part].llama_config(size))


def load_compact(out_dir: Path, part: str) -> Any:
    """A finished part's compact model (fp32, eval mode)."""
    from safetensors.torch import load_file

    report = json.loads((out_dir / f"{part}.json").read_text())
    model = build_model(part, len(report["rows"]) + 1, 0)
    model.load_state_dict(load_file(str(out_dir / f"{part}.safetensors")))
    return model.eval()


def _collate(examples: Sequence[Example], pad: int, unk: int, unk_rate: float, gen: Any) -> tuple[Any, Any, Any]:
    """Padded ids, attention mask, and the mask of positions whose *next* token is learned."""
    import torch

    longest = max(len(e) for e in examples)
    ids = torch.full((len(examples), longest), pad, dtype=torch.long)
    attn = torch.zeros((len(examples), longest), dtype=torch.long)
    learn = torch.zeros((len(examples), longest - 1), dtype=torch.bool)
    for b, e in enumerate(examples):
        p = torch.tensor(e.prompt)
        if unk_rate > 0 and len(p) > 2:  # never the chat markers at either end
            hit = torch.rand(len(p) - 2, generator=gen) < unk_rate
            p[1:-1][hit] = unk
        n = len(e)
        ids[b, : len(p)] = p
        ids[b, len(p): n] = torch.tensor(e.answer)
        attn[b, :n] = 1
        learn[b, len(p) - 1: n - 1] = True
    return ids, attn, learn


def _losses(model: Any, teacher: Any, ids: Any, attn: Any, learn: Any) -> tuple[Any, Any]:
    """(loss, top-1 agreement) at learned positions: cross-entropy on the references, or KL to ``teacher``."""
    import torch
    import torch.nn.functional as F

    logits = model(input_ids=ids, attention_mask=attn, use_cache=False).logits[:, :-1][learn]
    if teacher is None:
        gold = ids[:, 1:][learn]
        return F.cross_entropy(logits, gold), (logits.argmax(-1) == gold).float().mean()
    with torch.no_grad():
        t_logits = teacher(input_ids=ids, attention_mask=attn, use_cache=False).logits[:, :-1][learn]
    t_logp = F.log_softmax(t_logits, -1)
    loss = F.kl_div(F.log_softmax(logits, -1), t_logp, log_target=True, reduction="batchmean")
    return loss, (logits.argmax(-1) == t_logits.argmax(-1)).float().mean()


def _lr(step: int, s: TrainSettings) -> float:
    """Linear warm-up, cosine decay to a tenth; then each warm restart the same again from its own peak."""
    peak, start, length = s.lr, 0, s.steps
    for begin, (n, lr) in zip(s.phase_starts(), s.restarts, strict=True):
        if step >= begin:
            peak, start, length = lr, begin, n
    r, warm = step - start, min(s.warmup, length)
    if r < warm:
        return peak * (r + 1) / warm
    frac = (r - warm) / max(1, length - warm)
    return peak * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, frac))))


def train_part(part: str, recipe: Recipe, corpus: Corpus, out_dir: Path, *, teacher: Any = None,
               progress: Progress | None = None, checkpoint_every: int = 50) -> PartReport:
    """Train (or resume, or skip when finished) one part; returns its report."""
    import torch
    from safetensors.torch import save_file

    s = recipe.settings(part)
    total = s.total_steps
    done = out_dir / f"{part}.json"
    finished = _read_report(done) if done.is_file() else None
    if finished is not None and finished.steps >= total:
        if progress:
            progress(part, finished.steps, finished.steps, finished.loss_curve[-1][1] if finished.loss_curve else 0.0)
        return finished
    model = build_model(part, corpus.compaction.size, recipe.seed)
    if part == "draft" and teacher is not None:  # start from the target's embeddings, first layers and head
        model.load_state_dict(_shallow_copy(teacher.state_dict(), SHAPES["draft"].layers), strict=True)

    def new_optimizer(lr: float) -> Any:
        return torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=s.weight_decay, betas=(0.9, 0.98))

    optim = new_optimizer(s.lr)
    ckpt = out_dir / f"{part}.checkpoint.pt"
    step, curve, seconds = 0, [], 0.0
    if finished is not None and not ckpt.is_file():  # the finished schedule goes on with the next restart
        from safetensors.torch import load_file

        model.load_state_dict(load_file(str(out_dir / f"{part}.safetensors")))
        step, curve, seconds = finished.steps, [tuple(x) for x in finished.loss_curve], finished.seconds
    if ckpt.is_file():
        state = torch.load(ckpt, weights_only=True)
        model.load_state_dict(state["model"])
        optim.load_state_dict(state["optim"])
        step, curve, seconds = int(state["step"]), [tuple(x) for x in state["curve"]], float(state["seconds"])
        log.info("%s: resuming at step %d of %d", part, step, total)
    unk, pad = corpus.compaction.unused, corpus.eos
    epoch_batches: dict[int, list[list[int]]] = {}
    n_batches = len(batches(corpus.train, s.batch_tokens, recipe.seed))
    model.train()
    started, recent = time.perf_counter() - seconds, []
    restart_at = dict(zip(s.phase_starts(), (lr for _, lr in s.restarts), strict=True))
    while step < total:
        if step in restart_at:  # a warm restart: a fresh optimizer from these weights
            optim = new_optimizer(restart_at[step])
        epoch, index = divmod(step, n_batches)
        if epoch not in epoch_batches:
            epoch_batches = {epoch: batches(corpus.train, s.batch_tokens, recipe.seed * 1000 + epoch)}
        chunk = [corpus.train[i] for i in epoch_batches[epoch][index]]
        gen = torch.Generator().manual_seed(recipe.seed * 1_000_003 + step)
        ids, attn, learn = _collate(chunk, pad, unk, s.unk_rate, gen)
        for g in optim.param_groups:
            g["lr"] = _lr(step, s)
        loss, _ = _losses(model, teacher, ids, attn, learn)
        optim.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optim.step()
        step += 1
        recent.append(loss.item())
        if step % 10 == 0 or step == total:
            curve.append((step, sum(recent) / len(recent)))
            recent = []
        if progress:
            progress(part, step, total, recent[-1] if recent else curve[-1][1])
        if step % checkpoint_every == 0 or step == total:
            tmp = ckpt.with_suffix(".tmp")
            torch.save({"model": model.state_dict(), "optim": optim.state_dict(), "step": step, "curve": curve,
                        "seconds": time.perf_counter() - started}, tmp)
            os.replace(tmp, ckpt)
    model.eval()
    seconds = time.perf_counter() - started
    report = PartReport(part, asdict(SHAPES[part]), asdict(s), list(corpus.compaction.rows), step, seconds, curve,
                        heldout=evaluate_heldout(model, teacher, corpus))
    tensors = {k: v.detach().contiguous() for k, v in model.state_dict().items()}
    save_file(tensors, str(out_dir / f"{part}.safetensors"))
    tmp = done.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(report), indent=1) + "\n")
    os.replace(tmp, done)
    ckpt.unlink(missing_ok=True)
    return report


def _read_report(path: Path) -> PartReport:
    report = PartReport(**json.loads(path.read_text()))
    report.loss_curve = [(int(a), float(b)) for a, b in report.loss_curve]
    return report


def _shallow_copy(state: dict[str, Any], layers: int) -> dict[str, Any]:
    """The target's tensors a ``layers``-deep model of the same width has (embeddings, first layers, norm, head)."""
    keep = {}
    for k, v in state.items():
        if k.startswith("model.layers."):
            if int(k.split(".")[2]) >= layers:
                continue
        keep[k] = v.clone()
    return keep


def evaluate_heldout(model: Any, teacher: Any, corpus: Corpus, batch_tokens: int = 8192) -> dict[str, float]:
    """Held-out loss and top-1 accuracy (or agreement with the teacher), averaged over learned tokens."""
    import torch

    total = n = agree = 0.0
    with torch.no_grad():
        for idx in batches(corpus.heldout, batch_tokens, 0):
            chunk = [corpus.heldout[i] for i in idx]
            ids, attn, learn = _collate(chunk, corpus.eos, corpus.compaction.unused, 0.0, None)
            loss, acc = _losses(model, teacher, ids, attn, learn)
            k = int(learn.sum())
            total, agree, n = total + float(loss) * k, agree + float(acc) * k, n + k
    key = "agreement_with_target" if teacher is not None else "token_accuracy"
    return {"loss": total / n, key: agree / n, "tokens": n}


def exact_programs(model: Any, corpus: Corpus, n: int = 12) -> float:
    """Share of the first ``n`` held-out programs the compact model writes exactly, greedily."""
    import torch

    right = 0
    with torch.no_grad():
        for ex in corpus.heldout[:n]:
            out = model.generate(torch.tensor([ex.prompt]), attention_mask=torch.ones(1, len(ex.prompt), dtype=torch.long),
                                 max_new_tokens=len(ex.answer) + 8, do_sample=False, eos_token_id=corpus.eos,
                                 pad_token_id=corpus.eos)
            right += tuple(out[0, len(ex.prompt):].tolist()) == ex.answer
    return right / max(1, n)


def train(out_dir: str | Path, recipe: Recipe = Recipe(), *, parts: Sequence[str] = ("target", "draft", "easyspec", "cl100k"),
          progress: Progress | None = None, checkpoint_every: int = 50) -> dict[str, PartReport]:
    """Train every part of ``parts`` into ``out_dir`` (resuming where a previous run stopped)."""
    import torch

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "recipe.json").write_text(json.dumps(asdict(recipe), indent=1) + "\n")
    torch.manual_seed(recipe.seed)
    corpora = prepare(recipe, tuple(dict.fromkeys(SHAPES[p].vocab for p in parts)))
    reports: dict[str, PartReport] = {}
    for part in parts:
        teacher = None
        corpus = corpora[SHAPES[part].vocab]
        if recipe.settings(part).distill:
            teacher = load_compact(out_dir, "target")
            for p in teacher.parameters():
                p.requires_grad_(False)
        reports[part] = train_part(part, recipe, corpus, out_dir, teacher=teacher, progress=progress,
                                   checkpoint_every=checkpoint_every)
        if part == "target" and recipe.exact_programs and "exact_programs" not in reports[part].heldout:
            reports[part].heldout["exact_programs"] = exact_programs(load_compact(out_dir, "target"), corpus,
                                                                     recipe.exact_programs)
            (out_dir / "target.json").write_text(json.dumps(asdict(reports[part]), indent=1) + "\n")
    return reports
