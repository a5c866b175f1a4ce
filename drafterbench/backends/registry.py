"""``--model`` strings -> chat backends (the agents around them: :mod:`drafterbench.agents.build`).

    reference                       the reference agent (no backend; replays each task's reference program)
    openai/<name>                   any OpenAI-compatible endpoint (``--base-url`` for vLLM, SGLang, Ollama...)
    langchain/<provider>:<model>    any LangChain chat model, built with ``init_chat_model``
    hf/<path-or-name>               a local transformers model (``--draft-model``, ``--spec``)
    drafterbench-tiny               the shipped specialist, on the local backend (``--spec`` picks the method)

Backends are imported only when chosen, so an unused SDK need not be installed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from drafterbench.backends.base import ChatBackend, GenerationParams

PREFIXES = ("reference", "openai/<name>", "langchain/<provider>:<model>", "hf/<path-or-name>", "drafterbench-tiny")
#: The shipped specialist's ``--model`` name (``drafterbench.tiny.NAME``; repeated here to keep this light).
TINY = "drafterbench-tiny"


@dataclass(frozen=True)
class ModelSpec:
    """A parsed ``--model``: ``kind`` is reference, openai, langchain or hf; ``name`` the rest."""

    kind: str
    name: str

    @property
    def label(self) -> str:
        if self.kind == "tiny":
            return self.name
        return self.kind if self.kind == "reference" else f"{self.kind}/{self.name}"

    @property
    def local(self) -> bool:
        """Whether the model runs on the local backend (``--draft-model``, ``--spec``, ``--device`` apply)."""
        return self.kind in ("hf", "tiny")


def parse_model(model: str) -> ModelSpec:
    """Split ``--model``; a clear error lists the valid forms."""
    text = model.strip()
    if text == "reference":
        return ModelSpec("reference", "")
    if text == TINY:
        return ModelSpec("tiny", TINY)
    kind, sep, name = text.partition("/")
    if sep and name and kind in ("openai", "langchain", "hf"):
        return ModelSpec(kind, name)
    raise ValueError(f"unknown --model {model!r}; valid forms: {', '.join(PREFIXES)}")


@dataclass(frozen=True)
class BackendOptions:
    """Backend settings from the command line (each backend uses the ones that apply to it)."""

    base_url: str | None = None
    max_connections: int = 8
    timeout_s: float = 120.0
    max_retries: int = 6
    draft_model: str | None = None
    spec: str | None = None
    device: str = "cpu"  # local models only


def build_backend(spec: ModelSpec, params: GenerationParams, options: BackendOptions) -> ChatBackend:
    """The chat backend for a non-reference ``--model``."""
    if spec.kind == "openai":
        from drafterbench.backends.openai_compat import OpenAICompatBackend, RetryPolicy

        return OpenAICompatBackend(
            spec.name,
            base_url=options.base_url,
            max_connections=options.max_connections,
            timeout_s=options.timeout_s,
            retry=RetryPolicy(max_retries=options.max_retries),
        )
    if spec.kind == "langchain":
        from drafterbench.backends.langchain import from_spec

        return from_spec(
            spec.name, params, max_connections=options.max_connections, base_url=options.base_url
        )
    if spec.kind == "tiny":
        from drafterbench.backends.local import LocalBackend
        from drafterbench.tiny.serve import backend_kwargs

        if options.draft_model:
            raise ValueError(f"{TINY} brings its own drafters; drop --draft-model (--spec picks the method)")
        return LocalBackend(TINY, device=options.device, **backend_kwargs(options.spec))
    if spec.kind == "hf":
        from drafterbench.backends.local import LocalBackend  # heavy, so imported here

        kwargs: dict[str, Any] = {"device": options.device}
        if options.draft_model:
            kwargs["draft_model"] = options.draft_model
        if options.spec:
            kwargs["spec"] = options.spec
        return LocalBackend(spec.name, **kwargs)
    raise ValueError(f"--model {spec.label!r} has no chat backend; valid forms: {', '.join(PREFIXES)}")
