"""Table and text edits (1-based rows/columns/cells, "all", no-argument forms) and recorder parsing."""

from __future__ import annotations

from drafterbench.tools.missing import parse_missing_information
from drafterbench.tools.tabledata import cut_table, empty_table, modify_table
from drafterbench.tools.textops import delete_text, replace_text

T = [["h1", "h2", "h3"], ["a", "b", "c"], ["d", "e", "f"]]


def test_cut_table():
    assert cut_table(T, delrow=[2]) == [["h1", "h2", "h3"], ["d", "e", "f"]]
    assert cut_table(T, delcolumn=[1, 3]) == [["h2"], ["b"], ["e"]]
    assert cut_table(T, delrow=[3], delcolumn=[2]) == [["h1", "h3"], ["a", "c"]]
    assert cut_table(T) == []
    assert cut_table(T, delrow=[9]) == T
    assert T[1] == ["a", "b", "c"]  # input untouched


def test_empty_table():
    assert empty_table(T, [2, 2]) == [["h1", "h2", "h3"], ["a", "", "c"], ["d", "e", "f"]]
    assert empty_table(T, ["all", 3]) == [["h1", "h2", ""], ["a", "b", ""], ["d", "e", ""]]
    assert empty_table(T, [3, "all"]) == [["h1", "h2", "h3"], ["a", "b", "c"], ["", "", ""]]
    assert empty_table(T, [2, 2], [3, 3]) == [["h1", "h2", "h3"], ["a", "", ""], ["d", "", ""]]
    assert empty_table(T) == [["", "", ""]] * 3


def test_modify_table():
    assert modify_table(T, [["x", "y"]]) == [["x", "y"]]
    assert modify_table(T, [["x"]], [2, 2]) == [["h1", "h2", "h3"], ["a", "x", "c"], ["d", "e", "f"]]
    assert modify_table(T, [["x", "y", "z"]], [3, "all"])[2] == ["x", "y", "z"]
    assert [r[0] for r in modify_table(T, ["p", "q", "r"], ["all", 1])] == ["p", "q", "r"]
    assert modify_table(T, [["1", "2"], ["3", "4"]], [2, 2], [3, 3]) == [
        ["h1", "h2", "h3"], ["a", "1", "2"], ["d", "3", "4"],
    ]  # fmt: skip
    assert modify_table(T, [["1", "2"], ["3", "4"]], [2, 2])[1:] == [["a", "1", "2"], ["d", "3", "4"]]


def test_text_ops():
    assert delete_text("a temporary and text note", "temporary and text") == "a note"
    assert delete_text("anything") == ""
    assert replace_text("old words here", "old", "new") == "new words here"
    assert replace_text("old words here", None, "assignment") == "assignment"


def test_recorder_both_formats():
    gt = parse_missing_information(
        "file-level:slab.pdf,page-level:Missing,order-level:2,base-level:action refresh vector format,"
        "vector type requiring revise None(incomplete)"
    )
    assert (gt.doc.value, gt.page.value, gt.clip.value) == ("slab.pdf", "missing", 2)
    assert gt.action.value == "action refresh vector format,vector type requiring revise None"
    assert gt.complete.value == "non_complete" and gt.complete.error is None
    pr = parse_missing_information(
        "file-level: a.pdf, page-level: 3, order-level: missing, base-level: add 'x'"
    )
    assert (pr.doc.value, pr.page.value, pr.clip.value, pr.action.value) == ("a.pdf", 3, "missing", "add 'x'")
    assert pr.complete.value is None and pr.complete.error is None  # no marker: complete, and valid
    colour = parse_missing_information(
        "file-level: incomplete, page-level: 1, order-level: Red, base-level: missing"
    )
    assert (colour.doc.value, colour.clip.value, colour.action.value) == ("missing", "red", "missing")
    bad = parse_missing_information("nothing useful")
    assert bad.doc.value is None and "file-level" in bad.doc.error


def test_recorder_attaches_to_its_file(session, fitz, pdfbf):
    doc = fitz.open("beam.pdf")
    pdfbf.recorder(
        missing_information="file-level:beam.pdf,page-level:2,order-level:Missing,base-level:x"
    ).recording()
    pdfbf.recorder(
        "file-level: slab.pdf, page-level: missing, order-level: 1, base-level: y (incomplete)"
    ).recording()
    pdfbf.recorder(missing_information=42).recording()
    beam, slab = session.trace.file("beam.pdf"), session.trace.file("slab.pdf")
    assert beam.opened and beam.blocks[0].cls == "recorder"
    rec = {a.name: a for a in beam.blocks[0].arguments}
    assert [rec[n].value for n in ("doc", "page", "clip", "action", "complete")] == [
        "beam.pdf",
        2,
        "missing",
        "x",
        None,
    ]
    assert not slab.opened and slab.path_valid
    assert [a.value for a in slab.blocks[0].arguments] == ["slab.pdf", "missing", 1, "y", "non_complete"]
    assert slab.blocks[0].calls[0].tool == "recording"
    assert all(not a.valid for a in session.trace.file("missing").blocks[0].arguments)
    doc.save("beam_updated.pdf")
    assert beam.blocks[0].saved and not slab.blocks[0].saved
