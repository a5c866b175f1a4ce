"""``LocalBackend``: transformers models behind the ChatBackend interface, decoded by the speculative engine.

Every completion carries its ``DecodingStats``. Generation is CPU/GPU-bound, so it runs in a worker thread
(``asyncio.to_thread``); one lock per backend instance (it owns its target and drafter) serialises requests
to the same models, while other backends keep running.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import threading
import time
from typing import Any

from drafterbench._optional import check_installed
from drafterbench.backends.base import BackendError, ChatBackend, Completion, GenerationParams, Message, Usage
from drafterbench.backends.local.methods import NEEDS_DRAFTER, read_spec, unusable_with
from drafterbench.backends.local.models import DTYPES
from drafterbench.backends.local.options import MethodOptions

log = logging.getLogger(__name__)


class LocalBackend(ChatBackend):
    """A local target model (``hf/<path-or-name>``) with an optional drafter and a ``spec`` method.

    ``spec``: none | draft | prompt-lookup | vocabtrim | easyspec | omnidraft, optionally with options after a
    colon (``"vocabtrim:k=8192,token_map=map.json"``). ``gamma`` is the draft length; ``spec_options`` (a
    mapping, or the method's options object from ``options.py``) overrides those options. Options are parsed
    here, once, into ``self.options`` (e.g. ``VocabTrimOptions``): a bad method, key or value raises one
    ValueError line before any model loads.
    ``devices`` lists devices for easyspec's layer groups. Models load on first use. VocabTrim without a
    token map calibrates one at load time from the suite's instructions (greedy target generations).
    """

    name = "local"

    def __init__(
        self,
        model: str,
        *,
        draft_model: str | None = None,
        spec: str = "none",
        gamma: int = 4,
        spec_options: dict[str, Any] | MethodOptions | None = None,
        device: str = "cpu",
        devices: tuple[str, ...] | None = None,
        dtype: str = "float32",
        allow_download: bool = False,
    ) -> None:
        check_installed("torch", "transformers")
        method = read_spec(spec, spec_options)
        spec = self.spec = method.name
        self.options: MethodOptions = method.options
        if spec in NEEDS_DRAFTER and not draft_model:
            raise ValueError(f"--spec {spec} needs --draft-model")
        if gamma < 1:
            raise ValueError(f"gamma (draft length) must be >= 1, got {gamma}")
        if dtype not in DTYPES:
            raise ValueError(f"unknown dtype {dtype!r}; choose one of: {', '.join(DTYPES)}")
        self.model_name, self.draft_model_name = model, draft_model
        self.gamma = gamma
        self.device, self.devices = device, tuple(devices or (device,))
        self.dtype, self.allow_download = dtype, allow_download
        self.name = f"local:{spec}"
        self._lock = threading.Lock()
        self._loaded: dict[str, Any] | None = None

    @property
    def lock(self) -> threading.Lock:
        """Held while this backend's models decode (one request at a time per backend)."""
        return self._lock

    # -- loading --------------------------------------------------------------------------------------------
    def load(self) -> dict[str, Any]:
        """Load target, tokenizer, drafter and the method's drafter (once); returns them."""
        if self._loaded is not None:
            return self._loaded
        from drafterbench.backends.local import models
        from drafterbench.backends.local.drafter import DrafterContext
        from drafterbench.backends.local.methods import build_drafter

        kw = dict(device=self.device, dtype=self.dtype, allow_download=self.allow_download)
        target = models.load_model(self.model_name, **kw)
        tokenizer = models.load_tokenizer(self.model_name, allow_download=self.allow_download)
        drafter = d_tok = None
        if self.draft_model_name and self.spec in NEEDS_DRAFTER:
            drafter = models.load_model(self.draft_model_name, **kw)
            d_tok = models.load_tokenizer(self.draft_model_name, allow_download=self.allow_download)
            if unusable_with([self.spec], same_tokenizer=models.same_vocabulary(tokenizer, d_tok)):
                raise ValueError(
                    f"{self.draft_model_name!r} has a different tokenizer from {self.model_name!r}; "
                    "--spec draft/vocabtrim/easyspec need the same one (use --spec omnidraft)"
                )
        if self.spec == "vocabtrim" and not self.options.token_map and self.options.token_ids is None:
            token_ids = _calibrate_from_suite(target, tokenizer, self.options)
            self.options = dataclasses.replace(self.options, token_ids=tuple(token_ids))
        ctx = DrafterContext(
            target=target, target_tokenizer=tokenizer, drafter=drafter, drafter_tokenizer=d_tok,
            gamma=self.gamma, options=self.options, devices=self.devices,
        )
        self._loaded = {
            "target": target, "tokenizer": tokenizer, "drafter": build_drafter(self.spec, ctx),
            "eos": models.eos_ids(tokenizer, target),
        }
        return self._loaded

    # -- generation -----------------------------------------------------------------------------------------
    async def generate(self, messages: list[Message], params: GenerationParams) -> Completion:
        # A cancelled request (Ctrl-C, a run shutting down) must not keep the models busy: its thread cannot
        # be interrupted, so it is told to stop at its next decoding round, or not to start at all.
        cancelled = threading.Event()
        try:
            return await asyncio.to_thread(self.generate_sync, messages, params, cancelled)
        except asyncio.CancelledError:
            cancelled.set()
            raise
        except (ValueError, RuntimeError, OSError) as exc:
            raise BackendError(f"local generation failed: {exc}", kind="local") from exc

    def generate_sync(self, messages: list[Message], params: GenerationParams,
                      cancelled: threading.Event | None = None) -> Completion:
        """Blocking generation (the async ``generate`` runs this in a worker thread); ``cancelled``, once set,
        ends it at the next decoding round (or before it starts) with finish reason "cancelled"."""
        from drafterbench.backends.local import engine, models
        from drafterbench.backends.local.sampling import SamplingConfig

        with self._lock:
            if cancelled is not None and cancelled.is_set():
                return Completion(text="", usage=Usage(), latency_s=0.0, finish_reason="cancelled")
            m = self.load()  # once; not part of any request's latency
            t0 = time.perf_counter()
            tok = m["tokenizer"]
            prompt = models.encode_chat(tok, messages)
            stops = tuple(s for s in params.stop if s)

            def stop(new: list[int]) -> bool:
                if cancelled is not None and cancelled.is_set():
                    return True
                return bool(stops) and any(s in tok.decode(new, skip_special_tokens=True) for s in stops)

            gen = engine.generate(
                m["target"], prompt, m["drafter"],
                sampling=SamplingConfig(params.temperature, params.top_p),
                max_new_tokens=params.max_tokens, gamma=self.gamma, eos_ids=m["eos"],
                stop=stop if stops or cancelled is not None else None, seed=params.seed, method=self.spec,
            )
            text = tok.decode(gen.tokens, skip_special_tokens=True)
            for s in stops:  # the reply ends before the stop string, as OpenAI-compatible servers do
                if s in text:
                    text = text[: text.index(s)]
            return Completion(
                text=text,
                usage=Usage(prompt_tokens=len(prompt), completion_tokens=len(gen.tokens)),
                latency_s=time.perf_counter() - t0,
                finish_reason="cancelled" if cancelled is not None and cancelled.is_set() else gen.finish_reason,
                decoding=gen.stats,
            )

    async def aclose(self) -> None:
        self._loaded = None


def _calibrate_from_suite(target: Any, tokenizer: Any, options: Any) -> list[int]:
    """A VocabTrim token map from the target's own greedy replies to the suite's first instructions."""
    from drafterbench.backends.local import models
    from drafterbench.backends.local.vocabtrim import calibrate_for

    try:
        from drafterbench.tasks.suite import load_suite
    except ImportError as exc:
        raise ValueError("vocabtrim needs a token map: run `drafterbench calibrate` and pass token_map=PATH") from exc
    n = options.calibration_prompts
    prompts = [models.encode_chat(tokenizer, [Message(role="user", content=t.instruction)]) for t in load_suite()[:n]]
    log.warning("vocabtrim: no token map given; calibrating on %d suite instructions (slow once)", n)
    return calibrate_for(target, tokenizer, prompts, k=options.k, max_new_tokens=options.calibration_tokens).token_ids
