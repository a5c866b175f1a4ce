"""Our metric's deviations from the original, one switch each, to measure what each one changes.

``score_original(..., deviations={"by-name"})`` scores as the original did except for the named rules,
which follow ``--metric drafterbench`` instead. ``benchmarks/bench_differences.py`` turns each switch on
alone over the golden pairs and reports the change (mean and max |Δ| per damage kind): the measured
effects in docs/differences.md. With no switch on, this package is the original metric, unchanged.
"""

from __future__ import annotations

#: name -> what our metric does instead of the original (docs/differences.md gives the reasons).
DEVIATIONS: dict[str, str] = {
    # recording
    "strict-values": "values are checked by our tools' rules (colour names, numeric arrange, rows of scalars, ...)",
    "dashes-invalid": "a dash string the pattern rejects is an invalid value, not a recorded None",
    "data-transferred": "table data from an extractor counts as transferred, not first-defined",
    "unset-transforms": "a move/rotation/scal left None is not an argument to reproduce (the dual counted it)",
    "table-cells-raw": "table cells are compared as written ('341' is not 341), not literal-evaluated",
    "recorder-normalised": "recorder levels are normalised (Missing/missing/incomplete, colour case)",
    "incomplete-file-valid": "a recorder's file-level 'incomplete' is a valid 'missing', not an invalid path",
    # executability
    "call-args-all": "a method call with any invalid (truthy) argument is not executable (not: all invalid)",
    "stopped-partial": "a program that stops is scored on what it did, without the 30 (not: 0)",
    # comparison
    "by-name": "arguments are compared by name, not by zipping the two argument lists",
    "transfer-sign": "a transferred argument the reference leaves unset costs 1 (the original added 1)",
    "call-unset-penalty": "a method-call argument the reference leaves unset (or invalid) costs 1 when set",
    "class-mismatch-no-call": "a paired object of another class earns no function-calling point",
    "extra-open": "opening a file the reference changes nothing in costs a define and a call point",
    "missing-save-call": "a missing save earns no function-calling point (the original counted the reference's)",
    "extra-save": "each extra save (another path) costs a function-calling point",
    "multi-call-args": "on an object with several calls, each reproduced argument counts (not whole calls only)",
    "pairing": "objects are paired by class, equal values and shared calls (not by best partial grade)",
    "extra-lists": "predicted objects of a kind the reference lacks are compared (and penalised), not ignored",
    "running-totals": "extra plan steps of candidate files tried and not chosen do not raise the denominator",
    "extra-plan-denominator": "an extra file raises the plan denominator instead of subtracting its plan steps",
    "vague-plan-validity": "in vague mode a vague transform needs only a valid value for an exact plan step",
    "plan-saved": "an exact plan step also needs the same saved state of the object",
    "recorder-threshold": "recorder text below 0.90 similarity earns 0 (not its cosine); plan match by similarity",
    "cap": "each dimension's ratio is capped at 1 and the total kept within 0-100",
    # modification description
    "all-entries": "every text and table entry of a page is described (not only the last one)",
    "ordered-values": "value lists keep their order in the description (only collections are order-free)",
    "all-selections": "a drawing manipulator is described by all its selections, not the first",
    "applied-only": "a change maker whose applying call was never made describes nothing",
    "page-in-clip": "a rectangle is described by its page and order, not by its order alone",
}


#: Rules ours used to have and now shares with the original (they were merely different, not fixes);
#: the switches stay so the change can be measured again.
FOLLOWED: dict[str, str] = {
    "one-record-per-path": "the same drawing opened twice was one file, not two records",
    "recorders-in-file": "a recorder was filed under the file it names (also when opened), not a record of its own",
    "plan-greedy-pair": "a plan step was exact only against the object it was paired with (not any remaining one)",
    "empty-is-set": "an empty value (0, '') the reference leaves unset cost 1, as any other set value",
    "invalid-never-exact": "a reference value the tool rejects was never reproduced exactly, even by the same value",
}


def check(deviations: frozenset[str]) -> frozenset[str]:
    known = DEVIATIONS.keys() | FOLLOWED.keys()
    unknown = sorted(deviations - known)
    if unknown:
        raise ValueError(f"unknown deviation(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    return deviations
