"""A tokenizer seen as bytes: what OmniDraft needs to relate two vocabularies.

Every id maps to the exact byte string it stands for (``None`` for ids that stand for no text, e.g. padding
rows of an embedding table), special tokens map to their names, and any byte string can be encoded. Both
adapters here are exact for byte-level BPE tokenizers (tiktoken encodings, GPT-2-style Hugging Face
tokenizers); SentencePiece byte-fallback tokenizers are handled on a best-effort basis (``▁`` is a space,
``<0xNN>`` a byte).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class TokenVocab:
    """One tokenizer's vocabulary as bytes.

    token_bytes[i]: the bytes id ``i`` decodes to (``None`` if it is a special token or no token at all).
    specials: special-token name -> id (matched by name across vocabularies: ``<|endoftext|>`` etc.).
    encode_bytes: canonical tokenisation of a byte string (never adds special tokens).
    """

    name: str
    token_bytes: Sequence[bytes | None]
    specials: dict[str, int]
    encode_bytes: Callable[[bytes], list[int]] = field(repr=False, compare=False)

    @property
    def size(self) -> int:
        return len(self.token_bytes)

    def id_of_bytes(self) -> dict[bytes, int]:
        """Reverse table bytes -> id (the first id wins if a tokenizer has duplicates)."""
        out: dict[bytes, int] = {}
        for i, b in enumerate(self.token_bytes):
            if b is not None and b not in out:
                out[b] = i
        return out


def from_tiktoken(encoding: Any, *, size: int | None = None, name: str | None = None) -> TokenVocab:
    """Wrap a ``tiktoken.Encoding``; ``size`` pads the table to a model's (larger) embedding size."""
    n = max(encoding.n_vocab, size or 0, encoding.max_token_value + 1)
    table: list[bytes | None] = [None] * n
    specials = {name: encoding.encode_single_token(name) for name in encoding.special_tokens_set}
    special_ids = set(specials.values())
    for i in range(encoding.max_token_value + 1):
        if i in special_ids:
            continue
        try:
            table[i] = encoding.decode_single_token_bytes(i)
        except KeyError:  # holes in the id space
            table[i] = None

    def encode(b: bytes) -> list[int]:
        # _encode_bytes runs the BPE on raw bytes, so partial UTF-8 sequences round-trip exactly; tiktoken has
        # no public equivalent (its public encoders take str, which a partial UTF-8 sequence is not).
        return list(encoding._encode_bytes(b))

    return TokenVocab(name or encoding.name, table, specials, encode)


def _gpt2_byte_decoder() -> dict[str, int]:
    """The printable-character alphabet byte-level BPE tokenizers use for raw bytes (GPT-2's scheme)."""
    bs = (
        list(range(ord("!"), ord("~") + 1))
        + list(range(ord("¡"), ord("¬") + 1))
        + list(range(ord("®"), ord("ÿ") + 1))
    )
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {chr(c): b for b, c in zip(bs, cs, strict=True)}


def from_hf_tokenizer(tokenizer: Any, *, size: int | None = None) -> TokenVocab:
    """Wrap a Hugging Face tokenizer (byte-level BPE exactly; SentencePiece best effort)."""
    vocab: dict[str, int] = tokenizer.get_vocab()
    n = max(len(vocab), size or 0, max(vocab.values()) + 1)
    table: list[bytes | None] = [None] * n
    special_ids = set(getattr(tokenizer, "all_special_ids", []) or [])
    specials = {t: i for t, i in vocab.items() if i in special_ids}
    for tok in getattr(tokenizer, "added_tokens_decoder", {}).values():
        if getattr(tok, "special", False):
            specials[str(tok)] = vocab.get(str(tok), specials.get(str(tok), -1))
    byte_decoder = _gpt2_byte_decoder()
    byte_level = all(ch in byte_decoder for t in list(vocab)[:2000] if t not in specials for ch in t)
    for tok, i in vocab.items():
        if tok in specials:
            continue
        if byte_level:
            if all(ch in byte_decoder for ch in tok):
                table[i] = bytes(byte_decoder[ch] for ch in tok)
        elif len(tok) == 6 and tok.startswith("<0x") and tok.endswith(">"):
            table[i] = bytes([int(tok[3:5], 16)])
        else:
            table[i] = tok.replace("\u2581", " ").encode("utf-8")
    by_bytes = {b: i for i, b in enumerate(table) if b is not None and len(b) == 1}

    def encode(b: bytes) -> list[int]:
        try:
            return list(tokenizer.encode(b.decode("utf-8"), add_special_tokens=False))
        except UnicodeDecodeError:
            # A partial UTF-8 sequence has no text form: fall back to one token per byte.
            return [by_bytes[x] for x in b if x in by_bytes]

    return TokenVocab(getattr(tokenizer, "name_or_path", "hf"), table, specials, encode)
