"""File records as the original kept them: one per ``open``, one per recorder.

Our Trace files everything done to one path together. The original's recording kept a record per
``open`` call (a drawing opened twice is two records, each with its own open and save to count) and a
record of its own for each recorder (never saved: a recorder changes no drawing). The metric matches and
counts records, so both metrics see records in this shape; see docs/differences.md.
"""

from __future__ import annotations

from drafterbench.tools.trace import BlockRole, FileTrace


def _unsaved(block):  # type: ignore[no-untyped-def]
    calls = [c.model_copy(update={"saved": False}) for c in block.calls]
    return block.model_copy(update={"saved": False, "calls": calls})


def split_records(files: list[FileTrace]) -> list[FileTrace]:
    """``files`` as records: one per open of a path (in program order), one per recorder block."""
    keyed: list[tuple[float, int, FileTrace]] = []
    for index, file in enumerate(files):
        recorders = [b for b in file.blocks if b.role is BlockRole.RECORDER]
        others = [b for b in file.blocks if b.role is not BlockRole.RECORDER]
        if len(file.opens) > 1:
            for n, ordinal in enumerate(file.opens):
                first = n == 0  # anything recorded without an ordinal goes with the first open
                record = file.model_copy(
                    update={
                        "opens": [ordinal],
                        "blocks": [b for b in others if b.open == ordinal or (first and b.open is None)],
                        "saves": [s for s in file.saves if s.open == ordinal or (first and s.open is None)],
                    }
                )
                keyed.append((ordinal, index, record))
        elif others or file.saves or file.opened:
            order = file.opens[0] if file.opens else float(index)
            keyed.append((order, index, file.model_copy(update={"blocks": others})))
        for block in recorders:
            record = FileTrace(path=file.path, path_valid=_recorder_path_valid(block, file), opened=False,
                               blocks=[_unsaved(block)])  # fmt: skip
            keyed.append((block.open if block.open is not None else float(index), index, record))
    keyed.sort(key=lambda k: (k[0], k[1]))
    return [record for _, _, record in keyed]


def _recorder_path_valid(block, file: FileTrace) -> bool:  # type: ignore[no-untyped-def]
    doc = block.argument("doc")
    return doc.valid if doc is not None else file.path_valid
