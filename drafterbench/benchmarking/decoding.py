"""The harness behind ``drafterbench bench``: every method and plain decoding on the same prompts, in one process, after warm-up.

Also runs Hugging Face ``generate`` on the same models (plain, ``assistant_model``, ``prompt_lookup_num_tokens``,
``assistant_tokenizer``), so a user sees what they would get with the tool they would otherwise pick.
Speed-up = plain wall / method wall (same prompts, same process); τ, α, per-position acceptance from
``DecodingStats``; MBSU = τ / (c·γ + 1) with c = drafter parameters / target parameters (Goel et al. 2024).
Extra probes: VocabTrim drafting time per token for several k, EasySpec grouped vs exact drafter step cost.
When the prompts carry task types (the suite's), every figure is also broken down per method × type
(:class:`TypeResult`): users see speed-ups below 1 where they happen, not averaged away.
"""

from __future__ import annotations

import dataclasses
import logging
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import torch

from drafterbench.backends.local import engine, kv
from drafterbench.backends.local.drafter import DrafterContext
from drafterbench.backends.local.methods import build_drafter
from drafterbench.backends.local.models import parameter_count, same_vocabulary
from drafterbench.backends.local.options import MethodOptions, parse_options
from drafterbench.benchmarking.report import (
    BenchReport,
    EasySpecProbe,
    MethodResult,
    TrimProbe,
    TypeResult,
)

log = logging.getLogger(__name__)

HF_METHODS = ("hf-plain", "hf-assisted", "hf-prompt-lookup", "hf-uag")


@dataclass
class BenchSetup:
    """Loaded models and encoded prompts; ``options``: method name -> its options (defaults where absent);
    ``devices``: EasySpec's devices for its layer groups (default: the target's)."""

    target: Any
    tokenizer: Any
    prompts: list[list[int]]
    eos: list[int]
    types: list[str] | None = None  # each prompt's task type (suite prompts), for the per-type breakdown
    drafter: Any | None = None
    drafter_tokenizer: Any | None = None
    model_name: str = ""
    draft_model_name: str | None = None
    options: dict[str, MethodOptions] = field(default_factory=dict)
    devices: tuple[str, ...] = ()
    #: Per-method drafters (method -> (model, tokenizer)) where methods use different ones (drafterbench-tiny);
    #: a method not named here uses ``drafter``.
    drafters: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    #: Per-method draft lengths; a method not named here uses the bench's ``gamma``.
    gammas: dict[str, int] = field(default_factory=dict)

    def for_method(self, method: str) -> BenchSetup:
        """This setup as ``method`` sees it: its own drafter when it has one."""
        if method not in self.drafters:
            return self
        drafter, tokenizer = self.drafters[method]
        return dataclasses.replace(self, drafter=drafter, drafter_tokenizer=tokenizer)


#: The method whose drafter each transformers anchor uses.
HF_DRAFTER_OF = {"hf-assisted": "draft", "hf-uag": "omnidraft"}


def _first_divergence(outs: Sequence[list[int]], ref: Sequence[list[int]]) -> int | None:
    offset = 0
    for o, r in zip(outs, ref):
        for i, (a, b) in enumerate(zip(o, r)):
            if a != b:
                return offset + i
        if len(o) != len(r):
            return offset + min(len(o), len(r))
        offset += len(r)
    return None


Runner = Callable[[list[int]], tuple[list[int], Any]]  # prompt -> (new tokens, DecodingStats or None)


def ours_runner(setup: BenchSetup, method: str, *, max_new_tokens: int, gamma: int) -> Runner:
    """Generate one prompt with our engine and ``method``."""
    ctx = DrafterContext(
        target=setup.target, target_tokenizer=setup.tokenizer, drafter=setup.drafter,
        drafter_tokenizer=setup.drafter_tokenizer, gamma=gamma, options=parse_options(method, setup.options.get(method)),
        devices=setup.devices or (str(setup.target.device),),
    )
    drafter = build_drafter(method, ctx)

    def run(p: list[int]) -> tuple[list[int], Any]:
        g = engine.generate(setup.target, p, drafter, max_new_tokens=max_new_tokens, gamma=gamma,
                            eos_ids=setup.eos, method=method)
        return g.tokens, g.stats

    return run


def hf_runner(setup: BenchSetup, method: str, *, max_new_tokens: int, gamma: int) -> Runner:
    """One prompt through ``transformers`` ``generate`` (greedy) in the flavour ``method``."""
    kwargs: dict[str, Any] = {"max_new_tokens": max_new_tokens, "do_sample": False}
    kwargs["eos_token_id"] = setup.eos or None
    kwargs["pad_token_id"] = setup.eos[0] if setup.eos else 0
    if method in ("hf-assisted", "hf-uag"):
        # Same draft length as ours, fixed: no schedule, no confidence early-stop (transformers reads these
        # from the assistant's generation config).
        kwargs["assistant_model"] = setup.drafter
        setup.drafter.generation_config.num_assistant_tokens = gamma
        setup.drafter.generation_config.num_assistant_tokens_schedule = "constant"
        setup.drafter.generation_config.assistant_confidence_threshold = 0.0
    if method == "hf-uag":
        kwargs.update(tokenizer=setup.tokenizer, assistant_tokenizer=setup.drafter_tokenizer)
    if method == "hf-prompt-lookup":
        kwargs.update(prompt_lookup_num_tokens=gamma)

    @torch.inference_mode()
    def run(p: list[int]) -> tuple[list[int], Any]:
        ids = torch.tensor([p], device=setup.target.device)
        out = setup.target.generate(ids, attention_mask=torch.ones_like(ids), **kwargs)
        return out[0, len(p):].tolist(), None

    return run


def run_interleaved(
    runners: dict[str, Runner], prompts: list[list[int]], repeats: int = 1
) -> dict[str, tuple[list[list[int]], list[Any], list[float]]]:
    """Every runner on every prompt, interleaved (prompt by prompt, method by method), ``repeats`` rounds.

    Interleaving (in a rotating order) spreads a shared machine's load changes over all methods instead of
    whichever ran during them; each prompt's wall is its fastest repeat. Returns name -> (outputs, stats, walls).
    """
    outs: dict[str, list[Any]] = {m: [None] * len(prompts) for m in runners}
    stats: dict[str, list[Any]] = {m: [None] * len(prompts) for m in runners}
    walls: dict[str, list[float]] = {m: [float("inf")] * len(prompts) for m in runners}
    names = list(runners)
    for rep in range(repeats):
        for i, p in enumerate(prompts):
            shift = (rep * len(prompts) + i) % len(names)  # rotate the order: no method always runs first
            for name in names[shift:] + names[:shift]:
                run = runners[name]
                t0 = time.perf_counter()
                outs[name][i], stats[name][i] = run(p)
                walls[name][i] = min(walls[name][i], time.perf_counter() - t0)
    return {m: (outs[m], stats[m], walls[m]) for m in runners}


def run_ours(
    setup: BenchSetup, method: str, *, max_new_tokens: int, gamma: int, repeats: int = 1
) -> tuple[list[list[int]], list[Any], list[float]]:
    """Generate every prompt with our engine and ``method``; (token lists, stats, walls)."""
    run = ours_runner(setup, method, max_new_tokens=max_new_tokens, gamma=gamma)
    return run_interleaved({method: run}, setup.prompts, repeats)[method]


def method_row(
    method: str, eng: str, outs, walls, ref, plain_wall, stats=None, c: float | None = None, gamma: int = 0
) -> MethodResult:
    """One row of the bench table: ``method``'s outputs and walls against the plain reference ``ref``."""
    new = sum(len(o) for o in outs)
    tps = statistics.mean(len(o) / w for o, w in zip(outs, walls) if w > 0)
    div = _first_divergence(outs, ref)
    row = MethodResult(
        method=method, engine=eng, wall_s=sum(walls), new_tokens=new, tokens_per_s=tps,
        speedup=plain_wall / sum(walls), identical=div is None, first_divergence=div,
    )
    if stats:
        rounds = sum(s.rounds for s in stats)
        acc, drafted = sum(s.accepted for s in stats), sum(s.drafted for s in stats)
        row.tau = 1.0 + acc / rounds if rounds else 1.0
        row.alpha = acc / drafted if drafted else None
        width = max((len(s.drafted_per_position) for s in stats), default=0)
        dp = [sum(s.drafted_per_position[i] for s in stats if i < len(s.drafted_per_position)) for i in range(width)]
        ap = [sum(s.accepted_per_position[i] for s in stats if i < len(s.accepted_per_position)) for i in range(width)]
        row.accepted_per_position = [a / d if d else 0.0 for a, d in zip(ap, dp)]
        if c is not None:
            row.mbsu = row.tau / (c * gamma + 1)
        for key in {k for s in stats for k in s.extra}:
            row.extra[key] = statistics.mean(s.extra[key] for s in stats if key in s.extra)
    return row


def _type_rows(method: str, eng: str, outs, walls, ref, plain_walls, types: Sequence[str], stats=None):
    """Per task type (in first-seen order): speed-up, τ, α and identity of ``method`` on that type's prompts."""
    order: dict[str, list[int]] = {}
    for i, t in enumerate(types):
        order.setdefault(t, []).append(i)
    rows = []
    for t, idx in order.items():
        o, w, r = [outs[i] for i in idx], [walls[i] for i in idx], [ref[i] for i in idx]
        plain = sum(plain_walls[i] for i in idx)
        div = _first_divergence(o, r)
        row = TypeResult(
            method=method, engine=eng, type=t, prompts=len(idx), wall_s=sum(w), plain_wall_s=plain,
            new_tokens=sum(len(x) for x in o),
            tokens_per_s=statistics.mean(len(x) / wi if wi > 0 else 0.0 for x, wi in zip(o, w)),
            speedup=plain / sum(w) if sum(w) > 0 else 0.0, identical=div is None, first_divergence=div,
        )
        if stats:
            st = [stats[i] for i in idx]
            row.rounds, row.drafted = sum(s.rounds for s in st), sum(s.drafted for s in st)
            row.accepted = sum(s.accepted for s in st)
            row.tau = 1.0 + row.accepted / row.rounds if row.rounds else 1.0
            row.alpha = row.accepted / row.drafted if row.drafted else None
        rows.append(row)
    return rows


def method_cost_ratio(setup: BenchSetup, method: str) -> float:
    """c for MBSU: drafter parameters actually used per step / target parameters."""
    if method in ("none", "prompt-lookup") or setup.drafter is None:
        return 0.0
    c = parameter_count(setup.drafter)
    if method == "vocabtrim":
        head = setup.drafter.get_output_embeddings().weight
        kept = len(_trim_ids(setup))
        c -= (head.shape[0] - kept) * head.shape[1]
    return c / parameter_count(setup.target)


def _trim_ids(setup: BenchSetup) -> list[int]:
    from drafterbench.backends.local.vocabtrim import kept_tokens

    return kept_tokens(parse_options("vocabtrim", setup.options.get("vocabtrim")))


def bench(
    setup: BenchSetup,
    methods: Sequence[str],
    *,
    max_new_tokens: int = 64,
    gamma: int = 4,
    hf: Sequence[str] = HF_METHODS,
    trim_ks: Sequence[int] = (),
    group_size: int = 4,
    repeats: int = 1,
) -> BenchReport:
    """Warm up, run our plain decoding, each method and the HF anchors; return the report."""
    import transformers

    if setup.types is not None and len(setup.types) != len(setup.prompts):
        raise ValueError(f"BenchSetup.types has {len(setup.types)} entries for {len(setup.prompts)} prompts")
    notes: list[str] = []
    warm_prompt = setup.prompts[:1]
    runners: dict[str, Runner] = {}
    kinds: dict[str, str] = {}
    for m in ["none", *[m for m in methods if m != "none"]]:
        try:
            run = ours_runner(setup.for_method(m), m, max_new_tokens=max_new_tokens, gamma=setup.gammas.get(m, gamma))
            run(warm_prompt[0])  # warm-up: first calls pay allocation and kernel selection
        except (ImportError, ValueError) as exc:
            notes.append(f"{m}: skipped ({type(exc).__name__}: {exc})")
            continue
        runners[m], kinds[m] = run, "drafterbench"
    for m in hf:
        hf_setup = setup.for_method(HF_DRAFTER_OF.get(m, "none"))
        if m in HF_DRAFTER_OF and hf_setup.drafter is None:
            continue
        same_vocab = same_vocabulary(hf_setup.tokenizer, hf_setup.drafter_tokenizer)
        if (m == "hf-uag") == same_vocab:  # transformers takes assistant_tokenizer only for different tokenizers
            continue
        try:
            run = hf_runner(hf_setup, m, max_new_tokens=max_new_tokens, gamma=gamma)
            run(warm_prompt[0])
        except Exception as exc:  # noqa: BLE001 - an anchor transformers refuses is reported, not fatal
            notes.append(f"{m}: transformers raised {type(exc).__name__}: {exc}")
            continue
        runners[m], kinds[m] = run, "transformers"
    measured = run_interleaved(runners, setup.prompts, repeats)
    ref, _, plain_walls = measured["none"]
    plain_wall = sum(plain_walls)
    results, by_type = [], []
    for m, (outs, stats, walls) in measured.items():
        ours = kinds[m] == "drafterbench"
        if ours:
            results.append(method_row(m, kinds[m], outs, walls, ref, plain_wall, stats,
                                      method_cost_ratio(setup.for_method(m), m), setup.gammas.get(m, gamma)))
        else:
            results.append(method_row(m, kinds[m], outs, walls, ref, plain_wall))
        if setup.types:
            by_type += _type_rows(m, kinds[m], outs, walls, ref, plain_walls, setup.types, stats if ours else None)
    methods = [m for m in methods if m in runners]
    report = BenchReport(
        model=setup.model_name, draft_model=setup.draft_model_name, device=str(setup.target.device),
        dtype=str(setup.target.dtype).removeprefix("torch."), torch_version=torch.__version__,
        transformers_version=transformers.__version__, prompts=len(setup.prompts),
        max_new_tokens=max_new_tokens, gamma=gamma,
        param_ratio=parameter_count(setup.drafter) / parameter_count(setup.target) if setup.drafter is not None else None,
        results=results, by_type=by_type, notes=notes,
    )
    if setup.for_method("vocabtrim").drafter is not None and trim_ks:
        report.vocabtrim = probe_vocabtrim(setup.for_method("vocabtrim"), trim_ks)
    es = setup.for_method("easyspec")
    if es.drafter is not None and "easyspec" in methods:
        report.easyspec = probe_easyspec(es, results, group_size, max_new_tokens, setup.gammas.get("easyspec", gamma))
        if len(es.drafter.base_model.layers) < 4 or group_size < 2:
            report.notes.append("easyspec: the drafter has no group of 2+ middle layers, so grouped == exact")
    return report


def median_ms(fn: Callable[[], Any], reps: int = 30) -> float:
    """Median wall time of ``fn`` in ms over ``reps`` calls, after one warm-up call."""
    fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)


def probe_vocabtrim(setup: BenchSetup, ks: Sequence[int], context: int = 256) -> list[TrimProbe]:
    """Drafting time per token (one drafter step, fixed context) and the head's own cost, for each k."""
    from drafterbench.backends.local.vocabtrim import VocabTrimDrafter

    drafter = setup.drafter
    vocab = drafter.get_output_embeddings().weight.shape[0]
    ctx_ids = (setup.prompts[0] * (context // max(1, len(setup.prompts[0])) + 1))[:context]
    counts: dict[int, int] = {}
    for p in setup.prompts:
        for t in p:
            counts[t] = counts.get(t, 0) + 1
    ranked = sorted(range(vocab), key=lambda t: (-counts.get(t, 0), t))
    out = []
    for k in sorted({min(k, vocab) for k in ks} | {vocab}, reverse=True):
        d = VocabTrimDrafter(drafter, ranked[:k])
        d.cache = kv.new_cache(drafter)
        d.step_logits(ctx_ids)
        hidden = kv.last_hidden(drafter, ctx_ids[-1:], kv.new_cache(drafter))

        def step(d=d) -> None:
            d.step_logits([ctx_ids[-1]])
            kv.rollback(d.cache, context)

        out.append(TrimProbe(
            k=k,
            head_ms=median_ms(lambda d=d, h=hidden: torch.nn.functional.linear(h, d.weight, d.bias), reps=50),
            draft_ms_per_token=median_ms(step),
        ))
    return out


def probe_easyspec(setup: BenchSetup, results: list[MethodResult], group_size: int, max_new_tokens: int,
                   gamma: int, context: int = 256) -> EasySpecProbe:
    """One-token drafter step: transformers forward vs our exact forward vs our grouped forward; and α of both."""
    from drafterbench.backends.local.easyspec import LayerParallelDecoder

    drafter = setup.drafter
    ctx_ids = (setup.prompts[0] * (context // max(1, len(setup.prompts[0])) + 1))[:context]
    cache = kv.new_cache(drafter)
    kv.forward(drafter, ctx_ids, cache)

    def hf_step() -> None:
        kv.forward(drafter, ctx_ids[-1:], cache, last_only=True)
        kv.rollback(cache, context)

    dec = LayerParallelDecoder(drafter, group_size=group_size)
    dec.forward(ctx_ids, fuzzy=False)

    def own_step(fuzzy: bool) -> None:
        dec.forward(ctx_ids[-1:], fuzzy=fuzzy)
        dec.crop(context)

    grouped = next((r.alpha for r in results if r.method == "easyspec"), None)
    exact = dataclasses.replace(parse_options("easyspec", setup.options.get("easyspec")), fuzzy=False)
    exact_setup = dataclasses.replace(setup, options={**setup.options, "easyspec": exact})
    _, stats, _ = run_ours(exact_setup, "easyspec", max_new_tokens=max_new_tokens, gamma=gamma)
    acc, drafted = sum(s.accepted for s in stats), sum(s.drafted for s in stats)
    return EasySpecProbe(
        group_size=group_size,
        hf_step_ms=median_ms(hf_step),
        exact_step_ms=median_ms(lambda: own_step(False)),
        grouped_step_ms=median_ms(lambda: own_step(True)),
        alpha_grouped=grouped or 0.0,
        alpha_exact=acc / drafted if drafted else 0.0,
    )
