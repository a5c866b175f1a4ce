"""Every construct of the allowed language does what Python would do with it."""

from __future__ import annotations

import pytest

from drafterbench.interpreter import Limits


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("'abc'", "abc"),
        ("12", 12),
        ("-2.5", -2.5),
        ("+3", 3),
        ("True", True),
        ("None", None),
        ("[1, 'a', None]", [1, "a", None]),
        ("(1, 2)", [1, 2]),  # tuples travel as lists in the trace
        ("{'k': [1, 2]}", {"k": [1, 2]}),
        ("'ab' + 'cd'", "abcd"),
        ("[1] + [2, 3]", [1, 2, 3]),
        ("(1,) + (2,)", [1, 2]),
        ("7 - 10", -3),
        ("6 * 7", 42),
        ("1.5 * 2", 3.0),
        ("7 / 2", 3.5),
        ("7 // 2", 3),
        ("7 % 4", 3),
        ("2 ** 10", 1024),
        ("'ab' * 3", "ababab"),
        ("3 * [0]", [0, 0, 0]),
        ("'beam.pdf'[:-4] + '_updated.pdf'", "beam_updated.pdf"),
        ("'abcdef'[1:5:2]", "bd"),
        ("'abc'[-1]", "c"),
        ("[[1, 2], [3, 4]][1][0]", 3),
        ("{'a': 1}['a']", 1),
        ("dict(clip='c', fontsize=12).get('fontsize')", 12),
        ("dict(clip='c').get('font')", None),
        ("dict(clip='c').get('font', 'Arial')", "Arial"),
        ("dict({'a': 1}, b=2)", {"a": 1, "b": 2}),
        ("len('abcd')", 4),
        ("len([1, 2])", 2),
        ("str(12)", "12"),
        ("str([1, 'a'])", "[1, 'a']"),
        ("int('40')", 40),
        ("int(3.9)", 3),
        ("float('2.5')", 2.5),
        ("list('ab')", ["a", "b"]),
        ("list((1, 2))", [1, 2]),
        ("tuple([1, 2])", [1, 2]),
        ("abs(-3)", 3),
        ("round(2.567, 2)", 2.57),
        ("f'page {3 + 1} of {\"x\"!r}'", "page 4 of 'x'"),
        ("f'{2.5:.2f}|{7:>4}|{\"a\":<3}|'", "2.50|   7|a  |"),
        ("fitz.TEXT_ALIGN_CENTER", 1),
        ("print('hello', 1)", None),
    ],
)
def test_expression_values(value_of, expr, expected):
    assert value_of(expr) == expected


def test_assignments_unpacking_and_augmented(value_of):
    assert value_of("[a, b, c, d]", setup="a, b = 1, 2\n[c, d] = ('x', 'y')") == [1, 2, "x", "y"]
    assert value_of("[a, b, c]", setup="a, (b, c) = 1, [2, 3]") == [1, 2, 3]
    assert value_of("a", setup="a = 'x'\na += 'y'\na += 'z'") == "xyz"
    assert value_of("[a, b]", setup="a = b = 5\na -= 1\nb *= 2") == [4, 10]
    assert value_of("a", setup="a = [1]\na += [2]") == [1, 2]
    assert value_of("d", setup="d = dict(a=1)\nd['b'] = 2") == {"a": 1, "b": 2}
    assert value_of("l", setup="l = [1, 2]\nl[0] = 9") == [9, 2]


def test_import_aliases_and_from_import(run_fake):
    trace = run_fake(
        "import fitz as f\nimport PDFbf as P\nfrom PDFbf import manipulate_text as mt\n"
        "doc = f.open('a.pdf')\nt = mt(doc=doc, text='x')\nP.recorder(missing_information='m').recording()\n"
    )
    assert trace.error is None
    assert trace.files[0].blocks[0].argument("text").value == "x"
    assert trace.files[1].blocks[0].cls == "recorder"


def test_docstrings_comments_pass_and_bare_expressions(run_fake):
    trace = run_fake('"""A program."""\n# a comment\nimport fitz\npass\nfitz\n1 + 1\n')
    assert trace.error is None


def test_current_line_follows_statements(run_fake):
    trace = run_fake(
        "import fitz\n\ndoc = fitz.open('a.pdf')\n\n\nt = fitz.manipulate_text(doc=doc, text='a')\nt.addtext()\n"
    )
    block = trace.files[0].blocks[0]
    assert block.line == 6 and block.calls[0].line == 7


def test_settable_attribute_and_alias(run_fake):
    trace = run_fake(
        "import fitz\ndoc = fitz.open('a.pdf')\nt = fitz.manipulate_text(doc=doc)\n"
        "t.text = t.gethorrtext()\ndoc = t.addtext()\n"
    )
    assert trace.error is None
    assert trace.files[0].blocks[0].calls[0].arguments[0].value == "horizontal_text"


def test_recorder_variable_mismatch_is_accepted_with_a_note(run_fake):
    trace = run_fake(
        "import testf\nmiss_information = '''file-level:a.pdf,page-level:Missing'''\n"
        "recorder0 = testf.recorder(missing_information=missing_information)\nrecorder0.recording()\n"
    )
    assert trace.error is None
    assert trace.files[0].path == "file-level:a.pdf,page-level:Missing"
    assert any("miss_information" in n.message for n in trace.warnings)
    # and the other way round
    trace = run_fake(
        "import testf\nmissing_information = 'x'\ntestf.recorder(missing_information=miss_information)\n"
    )
    assert trace.error is None


def test_unimported_module_resolves_once_another_is_imported(run_fake):
    trace = run_fake(
        "import testf\ndoc = testf.open('a.pdf')\nt = PDFbf.manipulate_text(doc=doc, text='x')\n"
    )
    assert trace.error is None
    assert any("PDFbf" in n.message for n in trace.warnings)
    trace = run_fake("doc = fitz.open('a.pdf')\n")
    assert trace.error.kind == "name" and "import fitz" in trace.error.message


def test_full_width_punctuation_is_normalised(run_fake):
    trace = run_fake("import fitz\ndoc = fitz.open（'a.pdf'）\n")
    assert trace.error is None and trace.files[0].path == "a.pdf"
    assert any("full-width" in n.message for n in trace.warnings)
    # a valid program keeps its full-width characters inside strings
    trace = run_fake("import fitz\ndoc = fitz.open('a（1）.pdf')\n")
    assert trace.files[0].path == "a（1）.pdf" and not trace.warnings


def test_hyphenated_mode_misprint_is_repaired():
    from drafterbench.interpreter._source import parse_program

    parsed = parse_program("s = sel.mode1_lines_Window_Cover-Enclosure()\n", Limits())
    call = parsed.tree.body[0].value
    assert call.func.attr == "mode1_lines_Window_Cover_Enclosure"
    assert "misprinted" in parsed.notes[0].message


@pytest.mark.parametrize(
    ("source", "kind", "words"),
    [
        ("x = y\n", "name", "`y` is not defined"),
        ("x = 'a' + 1\n", "type", "cannot add an int to a str"),
        ("x = 1 / 0\n", "type", "division by zero"),
        ("x = [1][5]\n", "type", "out of range"),
        ("x = dict(a=1)['b']\n", "type", "'b' is not in the dict"),
        ("a, b = [1, 2, 3]\n", "type", "cannot unpack 3 values into 2"),
        ("x = len(5)\n", "type", "`len()` takes one"),
        ("x = int('abc')\n", "type", "int('abc')"),
        ("x = 1\nx()\n", "type", "an int is not callable"),
        ("import fitz\nfitz.nosuch()\n", "forbidden", "has no `nosuch`"),
        ("import fitz\nfitz.manipulate_text(text='a')\n", "tool", "needs `doc`"),
        ("import fitz\nfitz.open('a.pdf', 'b', 'c')\n", "tool", "fitz.open"),
        ("x = (\n", "syntax", "syntax error"),
    ],
)
def test_runtime_errors_are_recorded(run_fake, source, kind, words):
    trace = run_fake(source)
    assert trace.error is not None and trace.error.kind == kind, trace.error
    assert words in trace.error.message
    assert trace.error.line is not None


def test_partial_trace_is_kept_up_to_the_error(run_fake):
    trace = run_fake("import fitz\ndoc = fitz.open('a.pdf')\nx = undefined_name\ndoc2 = fitz.open('b.pdf')\n")
    assert trace.error.kind == "name" and trace.error.line == 3
    assert [f.path for f in trace.files] == ["a.pdf"]


def test_step_limit_is_configurable(run_fake):
    trace = run_fake("a = 1\n" * 50, limits=Limits(max_steps=20))
    assert trace.error.kind == "limit" and "max_steps" in trace.error.message


def test_run_program_never_raises_on_non_text(session):
    from drafterbench.interpreter import run_program

    trace = run_program(b"import fitz", session)  # type: ignore[arg-type]
    assert trace.error is not None and trace.error.kind == "type"


def test_time_inside_tools_does_not_count_against_the_deadline():
    import time as _time

    from fake_tools import FakeSession

    from drafterbench.interpreter import run_program
    from drafterbench.tools.base import ToolObject

    class Slow(ToolObject):
        exposed = frozenset({"wait"})

        def wait(self) -> None:
            _time.sleep(0.05)

    session = FakeSession()
    session.modules = {**session.modules, "fitz": Slow()}
    program = "import fitz\n" + "fitz.wait()\n" * 4 + "x = 1\n" * 100
    trace = run_program(program, session, limits=Limits(timeout_s=0.1))
    assert trace.error is None
