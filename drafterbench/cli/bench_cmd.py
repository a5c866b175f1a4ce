"""``drafterbench bench`` (speculative methods vs plain decoding vs transformers) and ``drafterbench calibrate``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import typer

from drafterbench.cli._common import console, fail

ALL_METHODS = ("draft", "prompt-lookup", "vocabtrim", "easyspec", "omnidraft")
#: drafterbench-tiny's defaults (``drafterbench.benchmarking.tiny``; repeated here so --help stays light).
TINY_N, TINY_NEW_TOKENS = 12, 256


def register(app: typer.Typer) -> None:
    app.command("bench")(bench)
    app.command("calibrate")(calibrate)


def _load_prompts(source: str, n: int, offset: int = 0) -> tuple[list[str], list[str] | None]:
    """(instruction texts, their task types or None): the suite's (``suite``), or a file's.

    Suite prompts are spread over the 12 task types (``tasks.select`` takes them from each type in turn), so
    ``--n 24`` benches two prompts of every type; ``offset`` skips the first prompts of that same order (the
    held-out VocabTrim calibration prompts). A file (one prompt per line, or JSONL with "prompt") has no types.
    """
    if source == "suite":
        try:
            from drafterbench.tasks import load_suite, select
        except ImportError as exc:
            raise fail("the task suite is not available in this install; pass --prompts FILE") from exc
        tasks = select(load_suite(), limit=offset + n)[offset:]
        picked = [(t.instruction, t.type.value) for t in tasks if t.instruction]
        if not picked:
            raise fail(f"--prompts {source!r} gave no prompts (offset {offset}, n {n})")
        return [p[0] for p in picked], [p[1] for p in picked]
    from drafterbench.safe_io import FileProblem, read_text

    try:
        text = read_text(Path(source), what="prompts file")
    except FileProblem as exc:
        raise fail(f"--prompts: {exc} (use 'suite' or a text/JSONL file)") from None
    texts = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if line.lstrip().startswith("{"):
            try:
                obj = json.loads(line)
            except (ValueError, RecursionError) as exc:
                raise fail(f"--prompts {source!r}, line {number}: not JSON: {str(exc)[:200]}") from None
            if not isinstance(obj, dict):
                raise fail(f"--prompts {source!r}, line {number}: not a JSON object")
            texts.append(str(obj.get("prompt") or obj.get("instruction") or ""))
        else:
            texts.append(line)
    texts = [t for t in texts[offset : offset + n] if t]
    if not texts:
        raise fail(f"--prompts {source!r} gave no prompts (offset {offset}, n {n})")
    return texts, None


def _encode(tokenizer: Any, texts: list[str]) -> list[list[int]]:
    from drafterbench.backends.base import Message
    from drafterbench.backends.local.models import encode_chat

    return [encode_chat(tokenizer, [Message(role="user", content=t)]) for t in texts]


def _methods(spec: str, has_drafter: bool) -> list[str]:
    from drafterbench.backends.local.methods import METHODS, NEEDS_DRAFTER

    names = list(ALL_METHODS) if spec == "all" else [s.strip() for s in spec.split(",") if s.strip()]
    for name in names:
        if name not in METHODS:
            raise fail(f"unknown method {name!r} in --spec; choose 'all' or from: {', '.join(METHODS)}")
    if not has_drafter:
        skipped = [m for m in names if m in NEEDS_DRAFTER]
        if skipped and spec != "all":
            raise fail(f"--spec {','.join(skipped)} needs --draft-model")
        names = [m for m in names if m not in NEEDS_DRAFTER]
    return names


def _check_online_adapt(spec: str) -> None:
    """``--online-adapt`` needs omnidraft among the benched methods; fail early (before loading models)."""
    names = ALL_METHODS if spec == "all" else [s.strip() for s in spec.split(",") if s.strip()]
    if "omnidraft" not in names:
        raise fail(f"--online-adapt applies to omnidraft only; --spec {spec!r} does not bench it "
                   "(use --spec omnidraft or add it to the list)")


def bench(
    model: str = typer.Option(..., "--model", "-m", help="Target: hf/<path-or-name>, or drafterbench-tiny "
                              "(its shipped drafters, one per method)."),
    draft_model: Optional[str] = typer.Option(None, "--draft-model", help="Drafter: hf/<path-or-name>."),
    spec: str = typer.Option("all", "--spec", help="'all' or a comma list of methods."),
    prompts: str = typer.Option("suite", "--prompts", help="'suite' or a file (lines or JSONL)."),
    n: Optional[int] = typer.Option(None, "--n", min=1, help="Prompts to run (default 20; drafterbench-tiny: "
                                    "12, one per task type)."),
    max_new_tokens: Optional[int] = typer.Option(None, "--max-new-tokens", min=1, help="Tokens generated per "
                                                 "prompt (default 64; drafterbench-tiny: 256)."),
    gamma: Optional[int] = typer.Option(None, "--gamma", min=1, help="Draft length (ours and transformers'; "
                                        "default 4; drafterbench-tiny: each method's own)."),
    token_map: Optional[Path] = typer.Option(None, "--token-map", help="VocabTrim map (else calibrated "
                                             "here on other prompts than the benched ones)."),
    trim_k: list[int] = typer.Option([], "--trim-k", help="k values for the VocabTrim head probe."),
    group_size: int = typer.Option(4, "--group-size", min=1, help="EasySpec attention group size."),
    devices: Optional[str] = typer.Option(None, "--devices", help="EasySpec: comma list (cuda:0,cuda:1)."),
    device: str = typer.Option("cpu", "--device", help="Torch device (cpu, cuda, cuda:1...)."),
    dtype: str = typer.Option("float32", "--dtype", help="Weights' dtype: float32, float16 or bfloat16."),
    repeats: int = typer.Option(1, "--repeats", min=1, help="Runs per prompt; each keeps its fastest."),
    threads: Optional[int] = typer.Option(None, "--threads", min=1, help="torch intra-op threads (CPU)."),
    online_adapt: bool = typer.Option(False, "--online-adapt", help="OmniDraft: distil the drafter online "
                                      "while decoding (applies to omnidraft only)."),
    hf: bool = typer.Option(True, "--hf/--no-hf", help="Also run transformers generate anchors."),
    allow_download: bool = typer.Option(False, "--allow-download", help="Let transformers download models."),
    by_type: bool = typer.Option(True, "--by-type/--no-by-type", help="With suite prompts, also print the "
                                 "per task type table (speed-up, τ, α, identity per method × type)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    out: Optional[Path] = typer.Option(None, "--out", help="Also write the JSON report here."),
) -> None:
    """Speed-up, τ, α, MBSU and output identity of every method against plain decoding, same process."""
    from drafterbench.backends.local import models
    from drafterbench.backends.local.methods import unusable_with
    from drafterbench.backends.local.options import EasySpecOptions, OmniDraftOptions

    # Every argument is checked before a model loads (loading takes seconds to minutes).
    tiny = models.is_tiny(model)
    if tiny and draft_model:
        raise fail(f"{model} brings its own drafters (one per method); drop --draft-model")
    n = n or (TINY_N if tiny else 20)
    max_new_tokens = max_new_tokens or (TINY_NEW_TOKENS if tiny else 64)
    if not tiny:
        gamma = gamma or 4
    if online_adapt:
        _check_online_adapt(spec)
    methods = _methods(spec, draft_model is not None or tiny)
    if online_adapt and "omnidraft" not in methods:
        raise fail("--online-adapt: omnidraft is not benched here (it needs --draft-model)")
    if dtype not in models.DTYPES:
        raise fail(f"unknown --dtype {dtype!r}; choose one of: {', '.join(models.DTYPES)}")
    if token_map is not None and "vocabtrim" in methods and not token_map.is_file():
        raise fail(f"--token-map {str(token_map)!r} not found; write one with `drafterbench calibrate`")
    texts, types = _load_prompts(prompts, n)
    options: dict[str, Any] = {"easyspec": EasySpecOptions(group_size=group_size)}
    if online_adapt:
        options["omnidraft"] = OmniDraftOptions(online_adapt=True)
    from drafterbench.benchmarking import decoding as B  # torch: imported once the arguments are known good

    if threads:
        import torch

        torch.set_num_threads(threads)
    if tiny:
        from drafterbench.benchmarking.tiny import tiny_setup

        setup = tiny_setup(texts, types, device=device, dtype=dtype, options=options,
                           token_map=str(token_map) if token_map else None, per_method_gamma=gamma is None)
        tiny_notes = [f"draft length per method: {', '.join(f'{m} {g}' for m, g in setup.gammas.items())} "
                      "(γ above: the transformers anchors')"] if setup.gammas else []
        from drafterbench.tiny.weights import override_note

        if note := override_note():
            tiny_notes.append(note)
        gamma = gamma or 4
        _bench_and_print(setup, methods, tiny_notes, max_new_tokens, gamma, hf, trim_k, group_size, repeats, out,
                         as_json, by_type)
        return
    try:
        kw = dict(device=device, dtype=dtype, allow_download=allow_download)
        target = models.load_model(model, **kw)
        tok = models.load_tokenizer(model, allow_download=allow_download)
        drafter = models.load_model(draft_model, **kw) if draft_model else None
        d_tok = models.load_tokenizer(draft_model, allow_download=allow_download) if draft_model else None
    except ValueError as exc:
        raise fail(str(exc)) from exc
    notes = []
    if drafter is not None:
        dropped = unusable_with(methods, same_tokenizer=models.same_vocabulary(tok, d_tok))
        methods = [m for m in methods if m not in dropped]
        if dropped:
            notes.append(f"skipped {', '.join(dropped)}: the drafter's tokenizer differs from the target's")
    setup = B.BenchSetup(
        target=target, tokenizer=tok, prompts=_encode(tok, texts), types=types, eos=models.eos_ids(tok, target),
        drafter=drafter, drafter_tokenizer=d_tok, model_name=model, draft_model_name=draft_model, options=options,
        devices=tuple(d.strip() for d in devices.split(",")) if devices else (),
    )
    if "vocabtrim" in methods:
        options["vocabtrim"] = _vocabtrim_options(setup, prompts, n, token_map, trim_k, max_new_tokens, notes)
    _bench_and_print(setup, methods, notes, max_new_tokens, gamma, hf, trim_k, group_size, repeats, out, as_json,
                     by_type)


def _bench_and_print(setup: Any, methods: list[str], notes: list[str], max_new_tokens: int, gamma: int, hf: bool,
                     trim_k: list[int], group_size: int, repeats: int, out: Path | None, as_json: bool,
                     by_type: bool) -> None:
    from drafterbench.benchmarking import decoding as B

    with console.status("benchmarking…"):
        report = B.bench(
            setup, methods, max_new_tokens=max_new_tokens, gamma=gamma,
            hf=B.HF_METHODS if hf else (), trim_ks=trim_k, group_size=group_size, repeats=repeats,
        )
    report.notes = notes + report.notes
    if out is not None:
        out.write_text(report.model_dump_json(indent=1) + "\n")
    if as_json:
        typer.echo(report.model_dump_json(indent=1))
    else:
        _print_report(report)
        if by_type and report.by_type:
            _print_by_type(report)


def _vocabtrim_options(
    setup: Any, prompts: str, n: int, token_map: Path | None, trim_k: list[int], max_new_tokens: int, notes: list[str]
) -> Any:
    """The bench's VocabTrim map: ``--token-map``, else one calibrated on prompts that are not benched."""
    from drafterbench.backends.local.options import VocabTrimOptions
    from drafterbench.backends.local.vocabtrim import calibrate_for

    if token_map is not None:
        return VocabTrimOptions(token_map=str(token_map))
    try:
        held_out = _encode(setup.tokenizer, _load_prompts(prompts, 16, offset=n)[0])
    except typer.Exit:
        held_out = setup.prompts
        notes.append("vocabtrim calibrated on the benched prompts (no held-out prompts)")
    calibrated = calibrate_for(setup.target, setup.tokenizer, held_out, k=trim_k[0] if trim_k else None,
                               max_new_tokens=max_new_tokens)
    return VocabTrimOptions(token_ids=tuple(calibrated.token_ids))


def _fmt(x: float | None, spec: str = ".2f") -> str:
    return "-" if x is None else format(x, spec)


def _print_report(report: Any) -> None:
    from rich.table import Table

    table = Table(title=f"{report.model} ← {report.draft_model or 'no drafter'} · {report.prompts} prompts · "
                  f"{report.max_new_tokens} new tokens · γ={report.gamma} · {report.device} {report.dtype}")
    for col in ("method", "speed-up", "τ", "α", "MBSU", "tok/s", "same", "α by position"):
        table.add_column(col, justify="left" if col in ("method", "α by position") else "right",
                         no_wrap=col == "method")
    for r in report.results:
        same = "yes" if r.identical else f"no@{r.first_divergence}"
        pos = " ".join(f"{a:.2f}" for a in r.accepted_per_position[:6])
        table.add_row(r.method, f"{r.speedup:.2f}×", _fmt(r.tau), _fmt(r.alpha), _fmt(r.mbsu),
                      f"{r.tokens_per_s:.1f}", same, pos)
    console.print(table)
    rows = {r.method: r for r in report.results}
    for ours, theirs in (("none", "hf-plain"), ("draft", "hf-assisted"), ("prompt-lookup", "hf-prompt-lookup")):
        if ours in rows and theirs in rows:
            console.print(f"wall {ours} / {theirs}: {rows[ours].wall_s / rows[theirs].wall_s:.3f} (below 1: ours faster)")
    if report.vocabtrim:
        full = max(report.vocabtrim, key=lambda p: p.k)
        t = Table(title="VocabTrim: drafter cost by head size k")
        for col in ("k", "k/V", "head ms", "head / full", "draft ms/token"):
            t.add_column(col, justify="right")
        for p in report.vocabtrim:
            t.add_row(str(p.k), f"{p.k / full.k:.3f}", f"{p.head_ms:.3f}", f"{p.head_ms / full.head_ms:.3f}",
                      f"{p.draft_ms_per_token:.3f}")
        console.print(t)
    if report.easyspec is not None:
        e = report.easyspec
        console.print(
            f"EasySpec (group {e.group_size}): drafter step {e.grouped_step_ms:.3f} ms grouped vs "
            f"{e.exact_step_ms:.3f} ms exact (ratio {e.grouped_step_ms / e.exact_step_ms:.2f}; transformers "
            f"forward {e.hf_step_ms:.3f} ms); α {e.alpha_grouped:.3f} grouped vs {e.alpha_exact:.3f} exact"
        )
    for note in report.notes:
        console.print(f"[yellow]note:[/] {note}")


def _print_by_type(report: Any) -> None:
    """Speed-up, τ, α and identity per task type × method (rows grouped by type, plain first)."""
    from rich.table import Table

    table = Table(title="Per task type", caption="speed-up = summed plain wall / summed method wall on the "
                  "type's prompts (as above); tok/s = mean of per-prompt tokens/s")
    for col in ("type (prompts)", "method", "speed-up", "τ", "α", "tok/s", "same"):
        table.add_column(col, justify="left" if col in ("type (prompts)", "method") else "right",
                         no_wrap=col != "type (prompts)", min_width=4)
    types = list(dict.fromkeys(r.type for r in report.by_type))
    for t in types:
        rows = [r for r in report.by_type if r.type == t]
        for i, r in enumerate(rows):
            ratio = f"{r.speedup:.2f}×"
            if r.method != "none" and r.speedup < 1:
                ratio = f"[red]{ratio}[/]"  # slower than plain decoding on this type: say so plainly
            table.add_row(f"{t} ({r.prompts})" if i == 0 else "", r.method, ratio, _fmt(r.tau),
                          _fmt(r.alpha), f"{r.tokens_per_s:.1f}", "yes" if r.identical else f"no@{r.first_divergence}")
        if t != types[-1]:
            table.add_section()
    console.print(table)


def calibrate(
    model: str = typer.Option(..., "--model", "-m", help="Target: hf/<path-or-name>."),
    out: Path = typer.Option(..., "--out", help="Where to write the token map (JSON)."),
    k: Optional[int] = typer.Option(None, "--k", min=1, help="Tokens to keep (default: V/4, at most 32768)."),
    prompts: str = typer.Option("suite", "--prompts", help="'suite' or a file (lines or JSONL)."),
    n: int = typer.Option(64, "--n", min=1, help="Calibration prompts."),
    max_new_tokens: int = typer.Option(128, "--max-new-tokens", min=1, help="Tokens generated per prompt."),
    device: str = typer.Option("cpu", "--device", help="Torch device (cpu, cuda, cuda:1...)."),
    allow_download: bool = typer.Option(False, "--allow-download", help="Let transformers download models."),
) -> None:
    """Write a VocabTrim token map from the target's own (greedy, deterministic) replies to the prompts."""
    from drafterbench.backends.local import models
    from drafterbench.backends.local.vocabtrim import calibrate_for

    texts = _load_prompts(prompts, n)[0]  # a bad --prompts fails before the model loads
    try:
        target = models.load_model(model, device=device, allow_download=allow_download)
        tok = models.load_tokenizer(model, allow_download=allow_download)
    except ValueError as exc:
        raise fail(str(exc)) from exc
    vocab = models.head_rows(target)
    token_map = calibrate_for(target, tok, _encode(tok, texts), k=k, max_new_tokens=max_new_tokens, model_name=model)
    token_map.save(out)
    console.print(f"wrote {out}: {len(token_map.token_ids)} of {vocab} tokens "
                  f"({token_map.calibration_tokens} calibration tokens from {token_map.calibration_prompts} prompts)")
