"""Model sizes and training settings of drafterbench-tiny (frozen: one place to read them)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Shape:
    """A Llama-architecture decoder over ``vocab`` ("qwen" or "cl100k")."""

    part: str
    vocab: str
    hidden: int
    layers: int
    heads: int
    kv_heads: int
    ffn: int

    def llama_config(self, vocab_size: int, **extra: object) -> object:
        from transformers import LlamaConfig

        return LlamaConfig(
            vocab_size=vocab_size, hidden_size=self.hidden, intermediate_size=self.ffn,
            num_hidden_layers=self.layers, num_attention_heads=self.heads, num_key_value_heads=self.kv_heads,
            max_position_embeddings=4096, tie_word_embeddings=False, rms_norm_eps=1e-6, **extra,
        )


#: The target and its three drafters. ``draft`` starts from the target's first two layers.
SHAPES = {
    "target": Shape("target", "qwen", hidden=256, layers=6, heads=4, kv_heads=2, ffn=688),
    "draft": Shape("draft", "qwen", hidden=256, layers=2, heads=4, kv_heads=2, ffn=688),
    "easyspec": Shape("easyspec", "qwen", hidden=128, layers=6, heads=4, kv_heads=2, ffn=352),
    "cl100k": Shape("cl100k", "cl100k", hidden=64, layers=2, heads=2, kv_heads=1, ffn=176),
}


@dataclass(frozen=True)
class TrainSettings:
    """How one part is trained. ``steps`` optimizer steps of about ``batch_tokens`` tokens each."""

    steps: int
    batch_tokens: int = 4096
    lr: float = 2e-3
    warmup: int = 60
    weight_decay: float = 0.01
    unk_rate: float = 0.02  # prompt tokens replaced by the "unused" row, so unseen input tokens are handled
    distill: bool = False  # learn the target's distributions (same vocabulary) instead of the references
    #: then warm restarts, in order: (steps, peak learning rate), each a fresh optimizer from the trained weights
    restarts: tuple[tuple[int, float], ...] = ()

    @property
    def total_steps(self) -> int:
        return self.steps + sum(n for n, _ in self.restarts)

    def phase_starts(self) -> list[int]:
        """The step at which each warm restart begins."""
        starts, at = [], self.steps
        for n, _ in self.restarts:
            starts.append(at)
            at += n
        return starts


@dataclass(frozen=True)
class Recipe:
    """The whole training run: data, seed, and each part's settings."""

    seed: int = 0
    train_tasks: int = 16_000  # from the train split (disjoint from the suite)
    heldout_tasks: int = 240  # further train-split tasks, for held-out loss and accuracy
    exact_programs: int = 12  # held-out programs the target writes greedily after training (0: skip)
    parts: tuple[tuple[str, TrainSettings], ...] = (
        ("target", TrainSettings(steps=700, restarts=((1300, 2e-3), (1200, 1.5e-3)))),
        ("draft", TrainSettings(steps=400, distill=True, unk_rate=0.0)),
        ("easyspec", TrainSettings(steps=200, distill=True, unk_rate=0.0)),
        ("cl100k", TrainSettings(steps=300, unk_rate=0.0, lr=3e-3)),
    )

    def settings(self, part: str) -> TrainSettings:
        return dict(self.parts)[part]
