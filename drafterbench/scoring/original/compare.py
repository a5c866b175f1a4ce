"""The original metric's comparison of two information matrices: ``file_compare``, ``call_compare``,
``tool_compare`` and ``plan_compare``, with their known quirks kept (this module exists for comparability):

* blocks are paired greedily, each reference block taking the remaining predicted block whose partial
  score (under the running denominators) is highest, the first on ties;
* arguments are compared by *position* (the two ``arguments_value`` lists zipped), so blocks of two
  different classes compare unrelated values;
* a transferred argument the reference leaves unset earns +1 when the prediction sets it;
* a recorder's text earns its cosine similarity as partial credit below 0.90, and 1 from 0.90 up;
* the plan's extra-step denominators are added on the *running* totals for every candidate file tried,
  so they accumulate over the candidates up to the one chosen;
* predicted lists the reference's record does not have are never compared (nor penalised).

``Rules.dev`` names deviations (:mod:`.deviations`) that follow our metric instead, for measurement only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..similarity import THRESHOLD
from .checks import SKIP, Vec, add, call_valid, ground_check, zeros

Similarity = Callable[[str, str], float]
_UNSET = ("", (None, False))


@dataclass
class Rules:
    """How to compare: the mode, the sentence similarity, the deviations switched on, the pairs made."""

    mode: str  # "precise", or anything else for the original's vague branch
    sim: Similarity
    dev: frozenset[str] = frozenset()
    paired: dict[int, dict] = field(default_factory=dict)  # id(reference block) -> its predicted block

    def on(self, name: str) -> bool:
        return name in self.dev


def task_grade(totals: Vec, sub: Vec) -> float:
    """The partial score that ranks candidates (a dimension without total counts 1; never below 0)."""
    return max(sum(y / x if x != 0 else 1.0 for x, y in zip(totals, sub)) * 70 / 6, 0.0)


def _similarity(rules: Rules, a: Any, b: Any) -> float:
    if not (isinstance(a, str) and isinstance(b, str)):
        return 0.0
    score = rules.sim(a, b)
    if score >= THRESHOLD:
        return 1.0
    return 0.0 if rules.on("recorder-threshold") else score


def _zipped(g: dict, p: dict, rules: Rules) -> list[tuple[tuple, tuple]]:
    if not rules.on("by-name"):
        return list(zip(g["arguments_value"], p["arguments_value"]))
    named = dict(p["arguments_value"])
    return [(x, (x[0], named.get(x[0], _UNSET[1]))) for x in g["arguments_value"]]


def _unset_penalty(gtools: list[dict], ptools: list[dict]) -> float:
    """Ours: a call argument the reference leaves unset (or invalid) that the same-named call sets costs 1."""
    unused, cost = list(ptools), 0.0
    for g in gtools:
        same = next((t for t in unused if t["tool_name"] == g["tool_name"]), None)
        if same is None:
            continue
        unused.remove(same)
        named = dict(same["arguments_value"])
        cost += sum(1 for name, pair in g["arguments_value"] if not pair[1] and named.get(name, (None,))[0])
    return cost


def tool_compare(gtools: list[dict], ptools: list[dict], rules: Rules) -> Vec:
    out = zeros()
    if rules.on("call-unset-penalty"):
        out[0] -= _unset_penalty(gtools, ptools)
    pre = list(ptools)
    if len(gtools) == 1:
        g = gtools[0]
        if len(pre) == 1:
            out[3] += g["tool_name"] == pre[0]["tool_name"]
            out[0] += sum(1 for arg in g["arguments_value"] if arg[1][1] and arg in pre[0]["arguments_value"])
            out[2] += call_valid(pre[0])
        else:
            if g in pre:
                out[0] += sum(1 for arg in g["arguments_value"] if arg[1][1])
                pre.remove(g)
            out[2] -= len(pre)
        return out
    if gtools and [t["tool_name"] for t in gtools] == [t["tool_name"] for t in pre]:
        out[4] += 1
    unused = list(pre)
    for g in gtools:
        if rules.on("multi-call-args"):  # each reproduced argument of the same-named call counts
            same = next((t for t in unused if t["tool_name"] == g["tool_name"]), None)
            if same is not None:
                unused.remove(same)
                out[0] += sum(
                    1 for arg in g["arguments_value"] if arg[1][1] and arg in same["arguments_value"]
                )
        elif g in pre:
            out[0] += sum(1 for arg in g["arguments_value"] if arg[1][1])
    n_valid = sum(1 for t in pre if call_valid(t))
    out[2] += min(n_valid, len(gtools)) - max(n_valid - len(gtools), 0)
    return out


def _block_score(g: dict, p: dict, rules: Rules) -> Vec:
    out = zeros()
    defined, transferred = g["first_defined_arguments"], g["transfered_arguments"]
    for x, y in _zipped(g, p, rules):
        name = x[0]
        if x[1][1]:
            if name == "action":
                out[0] += _similarity(rules, x[1][0], y[1][0])
                same = False
            elif rules.mode != "precise" and name in g["vaguly_defined_arguments"]:
                same = bool(y[1][1])
            else:
                same = x[1][0] == y[1][0]
            if name in defined:
                out[0] += same
            if name in transferred:
                out[1] += same
        else:
            given = y[1][0] is not None if rules.on("empty-is-set") else bool(y[1][0])
            if name in defined and given:
                out[0] -= 1
            if name in transferred and y[1][0]:
                out[1] += -1 if rules.on("transfer-sign") else 1  # the original's sign: +1
    if not (rules.on("class-mismatch-no-call") and g["operation"] != p["operation"]):
        out[2] += call_valid(p)
    return add(out, tool_compare(g["tool_callings"], p["tool_callings"], rules))


def _match_key(g: dict, p: dict) -> tuple[int, int, int]:
    """Our pairing: same class first, then how many values are equal, then how many calls are shared."""
    named = dict(p["arguments_value"])
    same_args = sum(1 for name, pair in g["arguments_value"] if name in named and named[name][0] == pair[0])
    calls = {t["tool_name"] for t in g["tool_callings"]} & {t["tool_name"] for t in p["tool_callings"]}
    return (int(g["operation"] == p["operation"]), same_args, len(calls))


def call_compare(gblocks: list[dict], totals: Vec, pblocks: list[dict], rules: Rules) -> Vec:
    out = zeros()
    pre = list(pblocks)
    for g in gblocks:
        if not pre:
            continue
        scores = [_block_score(g, p, rules) for p in pre]
        if rules.on("pairing"):
            keys = [_match_key(g, p) for p in pre]
            index = keys.index(max(keys))
        else:
            grades = [task_grade(totals, c) for c in scores]
            index = grades.index(max(grades))
        out = add(out, scores[index])
        rules.paired[id(g)] = pre.pop(index)
    for p in pre:  # predicted blocks left over cost their call, arguments and tool counts
        out[2] -= 1
        for name, pair in p["arguments_value"]:
            if pair[1]:
                out[0] -= name in p["first_defined_arguments"]
                out[1] -= name in p["transfered_arguments"]
        n = len(p["tool_callings"])
        if n == 1:
            out[2] -= 1
            out[3] -= 1
        elif n > 1:
            out[2] -= n
            out[4] -= 1
    return out


def _same_plan_step(g: dict, p: dict, rules: Rules) -> bool:
    if rules.on("plan-saved") and g.get("save") != p.get("save"):
        return False
    for x, y in _zipped(g, p, rules):
        if rules.mode != "precise" and x[0] in g["vaguly_defined_arguments"]:
            a_ok, b_ok = x[1][1], y[1][1]
            if rules.on("vague-plan-validity") and isinstance(a_ok, tuple):  # a transform's nested pair
                a_ok, b_ok = bool(a_ok and a_ok[1]), bool(b_ok and b_ok[1])
            if a_ok != b_ok:
                return False
            continue
        a, b = x[1][0], y[1][0]
        if rules.on("invalid-never-exact") and a is not None and not x[1][1]:
            return False
        if x[0] == "action" and rules.on("recorder-threshold") and x[1][1]:
            if _similarity(rules, a, b) < 1.0:
                return False
        elif type(a) is str and type(b) is str:
            if a.replace(" ", "") != b.replace(" ", ""):
                return False
        elif a != b:
            return False
    return g["tool_callings"] == p["tool_callings"]


def plan_compare(gfile: dict, totals: Vec, pfile: dict, rules: Rules) -> Vec:
    """Plan points; raises ``totals`` (in place, as the original did) for extra change makers and recorders."""
    out = zeros()
    gcm, gpm, grec = (gfile.setdefault(k, []) for k in ("change_maker", "post_change_maker", "recorder"))
    pcm, ppm, prec = (
        list(pfile.setdefault(k, [])) for k in ("change_maker", "post_change_maker", "recorder")
    )
    totals[5] += max(len(pcm) - len(gcm), 0) + max(len(prec) - len(grec), 0)

    def estimate(glist: list[dict], plist: list[dict], credit: float) -> None:
        for g in glist:
            if rules.on("plan-greedy-pair"):  # only the block it was paired with
                mate = rules.paired.get(id(g))
                if mate is not None and mate in plist and _same_plan_step(g, mate, rules):
                    out[5] += credit
                    plist.remove(mate)
                continue
            for p in plist:
                if _same_plan_step(g, p, rules):
                    out[5] += credit
                    plist.remove(p)
                    break

    if gcm:
        estimate(gcm, pcm, 0.5)
    if gpm:
        estimate(gpm, ppm, 0.5)
    out[5] += max(len(gcm) - len(gpm) - len(ppm), 0) * 0.5
    if grec:
        estimate(grec, prec, 1.0)
    return out


def _save_score(gfile: dict, pfile: dict, rules: Rules) -> Vec:
    out = zeros()
    g_opens = gfile["filepath"][0] != "missing" and bool(gfile.setdefault("change_maker", []))
    if pfile.setdefault("change_maker", []):
        if rules.on("extra-open") and not g_opens:
            out[0] -= 1
            out[2] -= 1
        else:
            if pfile["filepath"] == gfile["filepath"] and gfile["filepath"][0] != "missing":
                out[0] += 1
            if pfile["filepath"][1] and pfile["filepath"][0] != "missing":
                out[2] += 1
    gsaves, psaves = gfile.setdefault("save", []), pfile.setdefault("save", [])
    if gsaves:
        first = gsaves[0]["save_path"][0]
        hit = any(s and s["save_path"][0] == first for s in psaves)
        if hit:
            out[0] += 1
        valid_paths = list(dict.fromkeys(s["save_path"][0] for s in psaves if s["save_path"][1]))
        if rules.on("missing-save-call"):
            out[2] += bool(valid_paths)
        else:
            validity = [s["save_path"][1] for s in gsaves]
            out[2] += min(validity.count(True), 1) - validity.count(False)
        if rules.on("extra-save"):
            out[2] -= max(len(valid_paths) - 1, 0)
    elif psaves:
        out[0] -= len(psaves)
        out[2] -= len(psaves)
    return out


def file_compare(gt: list[dict], totals: Vec, pred: list[dict], rules: Rules) -> tuple[Vec, Vec]:
    """Each reference record takes its best remaining predicted record; leftovers are subtracted."""
    details = zeros()
    remaining = list(pred)
    for gfile in gt:
        steps = [k for k in gfile if k not in SKIP]
        if not remaining:
            continue
        candidates: list[Vec] = []
        running: list[Vec] = []
        for pfile in remaining:
            # The original raised the running totals in place for every candidate tried.
            work = list(totals) if rules.on("running-totals") else totals
            sub = _save_score(gfile, pfile, rules)
            extra = [k for k in pfile if k not in SKIP and k not in steps] if rules.on("extra-lists") else []
            for step in [*steps, *extra]:
                sub = add(sub, call_compare(gfile.get(step, []), work, pfile.setdefault(step, []), rules))
            sub = add(sub, plan_compare(gfile, work, pfile, rules))
            candidates.append(sub)
            running.append(list(work))
        grades = [task_grade(t, c) for c, t in zip(candidates, running)]
        index = grades.index(max(grades))
        details = add(details, candidates[index])
        remaining.pop(index)
        totals = running[index]
    if remaining:
        leftover = ground_check(remaining)
        if rules.on("extra-plan-denominator"):
            totals = [*totals[:5], totals[5] + leftover[5]]
            leftover[5] = 0.0
        details = [d - x for d, x in zip(details, leftover)]
    return details, totals
