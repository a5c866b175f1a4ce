"""Compare a predicted trace with the reference's: greedy matching, per dimension, with diagnostics.

Follows the original's ``file_compare`` / ``call_compare`` / ``tool_compare`` / ``plan_compare``
(catalog §7.2), on named arguments instead of zipped positions. Every point gained or lost goes with a
:class:`~drafterbench.scoring.models.Diagnostic` when it is a loss, so a user can read why a score is 71.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields

from drafterbench.tools.trace import Argument, Block, BlockRole, FileTrace, ToolCall, Trace

from .counts import Counts, block_counts, counts_open, ground_counts, trace_counts
from .models import Diagnostic, DiagnosticKind
from .prepare import ROLES, counts, is_set, recorder_fields, values_equal

#: Returns True when two recorder action texts count as the same (similarity ≥ 0.90).
SameText = Callable[[str, str], bool]

_PLAN_ROLES = (BlockRole.CHANGE_MAKER, BlockRole.RECORDER)


def _exact_text(a: str, b: str) -> bool:
    return a == b


@dataclass
class Comparison:
    """Successes, the extra denominators raised by the prediction, and what went wrong."""

    success: Counts = field(default_factory=Counts)
    extra_total: Counts = field(default_factory=Counts)
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass
class _Ctx:
    vague_mode: bool
    vague: frozenset[str]
    same_text: SameText
    out: Comparison
    file: str = ""

    def diag(self, kind: DiagnosticKind, message: str, line: int | None = None) -> None:
        self.out.diagnostics.append(Diagnostic(kind=kind, message=message, file=self.file, line=line))

    def is_vague(self, arg: Argument) -> bool:
        return self.vague_mode and (arg.vague_capable or arg.name in self.vague)


def _page_of(block: Block, call: ToolCall | None = None) -> object:
    for args in ((call.arguments if call else []), block.arguments):
        for arg in args:
            if arg.name in ("pagenumber", "page") and arg.value is not None:
                return arg.value
    return None


def _where(block: Block, file: str, call: ToolCall | None = None) -> str:
    page = _page_of(block, call)
    return f"{file} page {page}" if page is not None else file


def _short(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# ----------------------------------------------------------------------------------------- arguments


def _arg_matches(ga: Argument, pa: Argument | None, ctx: _Ctx, *, ignore_spaces: bool = False) -> bool:
    if pa is None or not is_set(pa):
        return False
    if ga.name == "action" and isinstance(ga.value, str) and isinstance(pa.value, str):
        return ctx.same_text(ga.value, pa.value)
    if ctx.is_vague(ga):
        return pa.valid  # a vague instruction: any valid value will do
    return pa.valid and values_equal(ga.value, pa.value, ignore_spaces=ignore_spaces)


def compare_arguments(
    gargs: list[Argument],
    pargs: list[Argument],
    ctx: _Ctx,
    where: str,
    line: int | None,
    *,
    same_tool: bool = True,
) -> None:
    """Credit each reproduced reference argument; debit each one the reference leaves unset."""
    pmap = {a.name: a for a in pargs}
    known = {a.name for a in gargs}
    if same_tool:
        # An argument of the same tool that the reference's trace does not even list: as good as unset.
        gargs = gargs + [pa.model_copy(update={"value": None}) for pa in pargs if pa.name not in known]
    for ga in gargs:
        pa = pmap.get(ga.name)
        if counts(ga):
            if _arg_matches(ga, pa, ctx):
                ctx.out.success.credit(ga)
            elif ga.name == "action":
                got = pa.value if pa is not None else None
                ctx.diag(
                    DiagnosticKind.RECORDER_TEXT,
                    f"recorder text differs in {where}: expected {_short(ga.value)}, got {_short(got)}",
                    line,
                )
            elif pa is None or not is_set(pa):
                ctx.diag(
                    DiagnosticKind.MISSING_VALUE,
                    f"missing value for {ga.name} in {where}: expected {_short(ga.value)}",
                    line,
                )
            else:
                ctx.diag(
                    DiagnosticKind.WRONG_VALUE,
                    f"wrong value for {ga.name} in {where}: expected "
                    f"{_short(ga.value)}, got {_short(pa.value)}",
                    line,
                )
        elif pa is not None and is_set(pa) and bool(pa.value):
            # Fixed sign: an argument the reference does not set costs, whether defined or transferred.
            # As in the original, an empty value (0, "", []) counts as not given.
            ctx.out.success.credit(ga, -1.0)
            ctx.diag(
                DiagnosticKind.EXTRA_VALUE,
                f"extra value for {ga.name} in {where}: {_short(pa.value)} (the reference leaves it unset)",
                line,
            )


def _valid(args: list[Argument]) -> bool:
    return all(a.valid for a in args if a.necessary or is_set(a))


# ----------------------------------------------------------------------------------------- tool calls


def _align(g: list[str], p: list[str]) -> list[tuple[int | None, int | None]]:
    """Order-preserving alignment of two name sequences: LCS pairs, then leftovers zipped per gap."""
    n, m = len(g), len(p)
    lcs = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            lcs[i][j] = lcs[i + 1][j + 1] + 1 if g[i] == p[j] else max(lcs[i + 1][j], lcs[i][j + 1])
    pairs: list[tuple[int | None, int | None]] = []
    i = j = 0
    gap_g: list[int] = []
    gap_p: list[int] = []

    def flush() -> None:
        for k in range(max(len(gap_g), len(gap_p))):
            pairs.append((gap_g[k] if k < len(gap_g) else None, gap_p[k] if k < len(gap_p) else None))
        gap_g.clear()
        gap_p.clear()

    while i < n and j < m:
        if g[i] == p[j]:
            flush()
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif lcs[i + 1][j] >= lcs[i][j + 1]:
            gap_g.append(i)
            i += 1
        else:
            gap_p.append(j)
            j += 1
    gap_g.extend(range(i, n))
    gap_p.extend(range(j, m))
    flush()
    return pairs


def compare_calls(gb: Block, pb: Block, ctx: _Ctx) -> None:
    """``tool_compare``: method calls of a matched pair of tool objects."""
    gnames = [c.tool for c in gb.calls]
    pnames = [c.tool for c in pb.calls]
    for gi, pi in _align(gnames, pnames):
        if gi is not None and pi is not None:
            gc, pc = gb.calls[gi], pb.calls[pi]
            where = f"{gc.tool} on {_where(gb, ctx.file, gc)}"
            if gc.tool != pc.tool:
                ctx.diag(
                    DiagnosticKind.WRONG_TOOL,
                    f"wrong tool on {_where(gb, ctx.file, gc)}: expected {gc.tool}, got {pc.tool}",
                    pc.line,
                )
            compare_arguments(gc.arguments, pc.arguments, ctx, where, pc.line, same_tool=gc.tool == pc.tool)
            if _valid(pc.arguments):
                ctx.out.success.function_calling += 1
        elif gi is not None:
            gc = gb.calls[gi]
            ctx.diag(DiagnosticKind.MISSING_CALL, f"missing call {gc.tool} on {_where(gb, ctx.file, gc)}")
        elif pi is not None:
            pc = pb.calls[pi]
            ctx.out.success.function_calling -= 1
            ctx.diag(
                DiagnosticKind.EXTRA_CALL, f"extra call {pc.tool} on {_where(pb, ctx.file, pc)}", pc.line
            )
    if gnames == pnames:
        if len(gnames) == 1:
            ctx.out.success.single_tool += 1
        elif len(gnames) > 1:
            ctx.out.success.multi_tool += 1
    elif sorted(gnames) == sorted(pnames):
        ctx.diag(
            DiagnosticKind.WRONG_ORDER,
            f"calls on {gb.cls} in {_where(gb, ctx.file)} in another order: expected {gnames}, got {pnames}",
            pb.line,
        )


# ----------------------------------------------------------------------------------------- blocks


def _match_key(gb: Block, pb: Block) -> tuple[int, int, int]:
    """How well a predicted block fits a reference block, for the greedy pairing (exact values only)."""
    pmap = {a.name: a for a in pb.arguments}
    same_args = sum(
        1 for a in gb.arguments if (p := pmap.get(a.name)) is not None and values_equal(a.value, p.value)
    )
    same_calls = len({c.tool for c in gb.calls} & {c.tool for c in pb.calls})
    return (int(gb.cls == pb.cls), same_args, same_calls)


def _label(block: Block, file: str) -> str:
    if block.role is BlockRole.RECORDER:
        fields_ = recorder_fields(block)
        page = fields_["page"]
        return f"recorder for {fields_['doc'] or file}" + (f" page {page}" if page is not None else "")
    return f"{block.cls} on {_where(block, file)}"


def _penalty(block: Block) -> Counts:
    out = block_counts(block)
    out.plan_execution = 0.0  # extra plan steps raise the denominator instead (plan_compare)
    return out


def compare_blocks(
    gblocks: list[Block], pblocks: list[Block], ctx: _Ctx
) -> tuple[list[tuple[Block, Block]], list[Block]]:
    """``call_compare``: pair each reference block with its best remaining predicted block."""
    remaining = list(pblocks)
    pairs: list[tuple[Block, Block]] = []
    for gb in gblocks:
        if not remaining:
            kind = (
                DiagnosticKind.MISSING_RECORDER
                if gb.role is BlockRole.RECORDER
                else DiagnosticKind.MISSING_BLOCK
            )
            ctx.diag(kind, f"missing {_label(gb, ctx.file)}")
            continue
        pb = max(remaining, key=lambda p: _match_key(gb, p))  # max keeps the first of equals
        remaining.remove(pb)
        pairs.append((gb, pb))
        where = _label(gb, ctx.file)
        if gb.cls != pb.cls:
            ctx.diag(
                DiagnosticKind.WRONG_TOOL,
                f"wrong tool on {_where(gb, ctx.file)}: expected {gb.cls}, got {pb.cls}",
                pb.line,
            )
        compare_arguments(gb.arguments, pb.arguments, ctx, where, pb.line, same_tool=gb.cls == pb.cls)
        if gb.cls == pb.cls and _valid(pb.arguments):
            ctx.out.success.function_calling += 1
        compare_calls(gb, pb, ctx)
    for pb in remaining:
        ctx.out.success -= _penalty(pb)
        kind = DiagnosticKind.EXTRA_RECORDER if pb.role is BlockRole.RECORDER else DiagnosticKind.EXTRA_BLOCK
        ctx.diag(kind, f"extra {_label(pb, ctx.file)}", pb.line)
    return pairs, remaining


def _exact(gb: Block, pb: Block, ctx: _Ctx) -> bool:
    """``plan_compare``'s exact match: same tool, every value (spaces ignored), same calls, same saving."""
    if gb.cls != pb.cls or gb.saved != pb.saved:
        return False

    def same_args(gargs: list[Argument], pargs: list[Argument]) -> bool:
        pmap = {a.name: a for a in pargs}
        gnames = {a.name for a in gargs}
        if any(is_set(pa) for pa in pargs if pa.name not in gnames):
            return False
        for ga in gargs:
            pa = pmap.get(ga.name)
            if is_set(ga) != (pa is not None and is_set(pa)):
                return False
            if not is_set(ga):
                continue
            if not ga.valid:  # the reference's own value is one the tool rejects: the same value is the plan
                if not values_equal(ga.value, pa.value if pa is not None else None, ignore_spaces=True):
                    return False
            elif not _arg_matches(ga, pa, ctx, ignore_spaces=True):
                return False
        return True

    if not same_args(gb.arguments, pb.arguments) or len(gb.calls) != len(pb.calls):
        return False
    return all(
        gc.tool == pc.tool and gc.saved == pc.saved and same_args(gc.arguments, pc.arguments)
        for gc, pc in zip(gb.calls, pb.calls)
    )


def compare_plan(
    gfile: FileTrace, leftover: dict[BlockRole, list[Block]], pfile: FileTrace, ctx: _Ctx
) -> None:
    """``plan_compare``: half a step per exact change, half per right repair decision, one per recorder.

    As in the original, a reference step is exact when *any* remaining predicted object of its kind
    reproduces it (not only the one it was paired with), and the repairs left unreproduced decide the
    second half-step of each change.
    """
    for role in _PLAN_ROLES:
        ctx.out.extra_total.plan_execution += len(leftover[role])
    unmatched: dict[BlockRole, list[Block]] = {}
    for role, credit in (
        (BlockRole.CHANGE_MAKER, 0.5),
        (BlockRole.POST_CHANGE_MAKER, 0.5),
        (BlockRole.RECORDER, 1.0),
    ):
        remaining = list(pfile.blocks_in(role))
        for g in gfile.blocks_in(role):
            same = next((p for p in remaining if _exact(g, p, ctx)), None)
            if same is not None:
                ctx.out.success.plan_execution += credit
                remaining.remove(same)
        unmatched[role] = remaining
    n_change = len(gfile.blocks_in(BlockRole.CHANGE_MAKER))
    n_post = len(gfile.blocks_in(BlockRole.POST_CHANGE_MAKER))
    extra_post = (
        unmatched[BlockRole.POST_CHANGE_MAKER] if n_post else pfile.blocks_in(BlockRole.POST_CHANGE_MAKER)
    )
    ctx.out.success.plan_execution += 0.5 * max(n_change - n_post - len(extra_post), 0)
    # (Extra and missing repairs are already reported as extra/missing blocks.)


# ----------------------------------------------------------------------------------------- files


def _valid_save_paths(file: FileTrace) -> list[object]:
    return list(dict.fromkeys(s.path for s in file.saves if s.valid))


def compare_file(gfile: FileTrace, pfile: FileTrace, ctx: _Ctx) -> None:
    """``file_compare`` for one matched pair of files."""
    s = ctx.out.success
    if counts_open(gfile):
        if gfile.path == pfile.path:
            s.argument_definition += 1
        else:
            ctx.diag(DiagnosticKind.WRONG_FILE, f"wrong file: expected {gfile.path!r}, got {pfile.path!r}")
        if pfile.opened and pfile.path_valid:
            s.function_calling += 1
        else:
            ctx.diag(DiagnosticKind.MISSING_OPEN, f"missing open of {gfile.path}")
    elif counts_open(pfile):
        s.argument_definition -= 1
        s.function_calling -= 1
        ctx.diag(
            DiagnosticKind.EXTRA_OPEN, f"extra open of {pfile.path} (the reference changes nothing in it)"
        )

    psaves = _valid_save_paths(pfile)
    if gfile.saves:
        gpaths = [sv.path for sv in gfile.saves]
        hit = next((p for p in psaves if p in gpaths), None)
        if hit is not None:
            s.argument_definition += 1
        elif psaves:
            ctx.diag(
                DiagnosticKind.WRONG_SAVE_PATH,
                f"wrong save path for {gfile.path}: expected {gpaths[0]!r}, got {psaves[0]!r}",
            )
        else:
            ctx.diag(DiagnosticKind.MISSING_SAVE, f"missing save of {gfile.path}")
        if psaves:
            s.function_calling += 1
        for extra in [p for p in psaves if p != (hit if hit is not None else psaves[0])]:
            s.function_calling -= 1
            ctx.diag(DiagnosticKind.EXTRA_SAVE, f"extra save of {pfile.path} as {extra!r}")
    else:
        for sv in pfile.saves:
            s.argument_definition -= 1
            s.function_calling -= 1
            ctx.diag(DiagnosticKind.EXTRA_SAVE, f"extra save of {pfile.path}", sv.line)

    leftover: dict[BlockRole, list[Block]] = {}
    for role in ROLES:
        _, leftover[role] = compare_blocks(gfile.blocks_in(role), pfile.blocks_in(role), ctx)
    compare_plan(gfile, leftover, pfile, ctx)


def _file_match_score(
    gfile: FileTrace, pfile: FileTrace, mode_vague: bool, vague: frozenset[str], totals: Counts
) -> tuple[float, bool]:
    """How well ``pfile`` reproduces ``gfile``: the partial grade it would earn, as the original ranked
    candidate files (a same path counts through the points it earns, not ahead of them; a tie goes to the
    same path)."""
    trial = _Ctx(vague_mode=mode_vague, vague=vague, same_text=_exact_text, out=Comparison(), file="")
    compare_file(gfile, pfile, trial)
    grade = 0.0
    for f in fields(Counts):
        total = getattr(totals, f.name) + getattr(trial.out.extra_total, f.name)
        grade += getattr(trial.out.success, f.name) / total if total > 0 else 1.0
    return (grade, gfile.path == pfile.path)


def _missing_file(gfile: FileTrace, ctx: _Ctx) -> None:
    recorders = gfile.blocks_in(BlockRole.RECORDER)
    if recorders and len(recorders) == len(gfile.blocks):
        for block in recorders:  # a file the reference only records: say which recorders are missing
            ctx.diag(DiagnosticKind.MISSING_RECORDER, f"missing {_label(block, ctx.file)}")
    else:
        ctx.diag(DiagnosticKind.MISSING_FILE, f"missing file {gfile.path}: nothing was done to it")


def compare_traces(
    reference: Trace,
    predicted: Trace,
    *,
    vague_mode: bool = False,
    vague: frozenset[str] = frozenset(),
    same_text: SameText = _exact_text,
) -> Comparison:
    """Match files greedily (each reference file to its best remaining predicted file) and compare them."""
    out = Comparison()
    totals = trace_counts(reference)
    remaining = list(predicted.files)
    for gfile in reference.files:
        ctx = _Ctx(vague_mode=vague_mode, vague=vague, same_text=same_text, out=out, file=str(gfile.path))
        if not remaining:
            _missing_file(gfile, ctx)
            continue
        pfile = max(remaining, key=lambda p: _file_match_score(gfile, p, vague_mode, vague, totals))
        remaining.remove(pfile)
        compare_file(gfile, pfile, ctx)
    for pfile in remaining:
        extra = ground_counts(pfile)
        out.extra_total.plan_execution += extra.plan_execution
        extra.plan_execution = 0.0
        out.success -= extra
        out.diagnostics.append(
            Diagnostic(
                kind=DiagnosticKind.EXTRA_FILE, message=f"extra file {pfile.path}", file=str(pfile.path)
            )
        )
    return out
