"""Fuzzing the interpreter and the tools: never an exception out, never a hang, never a write outside out_dir.

Property tests (hypothesis, derandomized so CI is reproducible) over:

* byte/str soup and mutations of the golden programs and of suite reference programs, recording-only;
* structured programs built from allowed and forbidden constructs, names (dunders included) and tool calls
  with hostile JSON-ish values (huge ints, nan/inf, deep lists, long strings, lone surrogates);
* every one of the 46 tools called directly through the real session with random arguments;
* a few effects-on runs of mutated programs against a generated drawing, with out_dir in a tmp dir.

Each run must return a Trace whose error (if any) has a documented kind, finish within the time limit
(plus slack for a loaded CI machine), log no internal failure, and survive a JSON round trip unchanged.
``FUZZ_EXAMPLES=<n>`` scales every test's example count for a longer local hunt. The regression tests for
the bugs the fuzzing found are at the end.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafterbench.interpreter import Limits, run_program
from drafterbench.tools.base import ToolUsageError
from drafterbench.tools.registry import TOOLS
from drafterbench.tools.session import ToolSession
from drafterbench.tools.trace import Trace

KINDS = {"syntax", "forbidden", "name", "type", "limit", "tool"}
LIMITS = Limits()
SLACK_S = 3.0  # a shared 2-core CI machine can stall a run well past the program's own budget
_SCALE = float(os.environ.get("FUZZ_EXAMPLES", "1"))
GOLDEN = Path(__file__).parents[1] / "golden" / "programs"


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=max(1, int(examples * _SCALE)),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


class _Failures(logging.Handler):
    """Collects the warnings our code logs when it catches a failure of its own (a bug, not a refusal)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def _internal_failures():
    handler = _Failures()
    watched = [logging.getLogger(n) for n in ("drafterbench.interpreter", "drafterbench.tools.toolmode")]
    for lg in watched:
        lg.addHandler(handler)
    yield handler
    for lg in watched:
        lg.removeHandler(handler)
    messages = [f"{r.name}: {r.getMessage()}" for r in handler.records]
    assert not messages, f"internal failures logged: {messages}"


def assert_round_trip(trace: Trace) -> None:
    text = trace.model_dump_json()
    assert Trace.model_validate_json(text) == trace, text[:2000]


def check_run(source: Any, session: Any = None, limits: Limits = LIMITS) -> Trace:
    """Run ``source``; assert the contract of ``run_program`` and return the trace."""
    session = session if session is not None else ToolSession(effects=False)
    started = time.perf_counter()
    trace = run_program(source, session, limits=limits)
    elapsed = time.perf_counter() - started
    assert isinstance(trace, Trace)
    assert trace is session.trace
    if trace.error is not None:
        assert trace.error.kind in KINDS, trace.error
        assert "internal interpreter error" not in trace.error.message, trace.error
    assert elapsed < limits.timeout_s + SLACK_S, f"{elapsed:.2f} s for {source!r:.300}"
    assert_round_trip(trace)
    return trace


# --- corpora -----------------------------------------------------------------------------------------


@functools.cache
def golden_programs() -> tuple[str, ...]:
    return tuple(p.read_text(encoding="utf-8") for p in sorted(GOLDEN.glob("*.py")))


@functools.cache
def suite_programs() -> tuple[str, ...]:
    from drafterbench.tasks import load_suite

    suite = load_suite()
    return tuple(t.reference_program for t in suite[:: max(1, len(suite) // 48)])


def corpus() -> tuple[str, ...]:
    return golden_programs() + suite_programs()


def test_corpus_programs_run_clean():
    # The mutations below start from programs that run: a broken corpus would hide what they find.
    assert len(golden_programs()) == 12
    assert len(suite_programs()) >= 40
    for source in corpus():
        trace = check_run(source)
        assert trace.error is None, trace.error


# Fragments a mutation may splice in: the language's edges, forbidden constructs, tool names, hostile values.
TOKENS = (
    [
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        "=",
        ".",
        "'",
        '"',
        '"""',
        "\n",
        "\n    ",
        "#",
        "\\",
        "*",
        "**",
        "-",
        "+",
        "/",
        "//",
        "%",
        "@",
        "|",
        "&",
        "~",
        "<",
        "==",
        ";",
        "f'",
        "f'{",
        "}'",
        "!r",
        ":>999",
        ":>9999",
        "（",
        "）",
        "，",
        "“",
        "\u3000",
        "\x00",
        "\ud800",
        "\\ud800",
        "\\N{BULLET}",
        "é",
        "__class__",
        "__import__",
        "__dict__",
        "_save",
        "session",
        "doc",
        "fitz",
        "PDFbf",
        "testf",
        "import os",
        "import fitz",
        "from PDFbf import manipulate_text",
        "for x in y:",
        "if 1:",
        "lambda: 0",
        "def f():",
        "while 1: pass",
        "x if y else z",
        "[x for x in y]",
        "x := 1",
        "del x",
        "global x",
        "raise",
        "await x",
        "open",
        "eval",
        "exec",
        "getattr",
        "type",
        "print",
        "len",
        "str",
        "int",
        "float",
        "list",
        "dict",
        "round",
        "10**10**10",
        "2**4096",
        "'a'*99999",
        "[0]*99999",
        "[[[[[[[[[[",
        "1e999",
        "-1e999",
        "float('nan')",
        "9" * 400,
        "None",
        "True",
        "0",
        "-1",
        "1.5",
        "''",
        "{}",
        "[]",
        "()",
        ".get(",
        "missing_information",
        "gethorrtext",
        "mode1_lines_Window_Cover-Enclosure",
        "TEXT_ALIGN_RIGHT",
        "save",
        "open(",
        ".pdf",
    ]
    + sorted({t.short for t in TOOLS})
    + sorted({a for t in TOOLS for a in t.arg_names})
)


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[str]) -> str:
    """``base`` with a few character, token and line edits."""
    text = draw(base)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["insert", "delete", "replace", "token", "swap", "dup", "drop_line"]))
        pos = draw(st.integers(0, len(text)))
        if op == "insert":
            text = text[:pos] + draw(st.text(min_size=1, max_size=4)) + text[pos:]
        elif op == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 20)) :]
        elif op == "replace":
            text = text[:pos] + draw(st.characters()) + text[pos + 1 :]
        elif op == "token":
            text = text[:pos] + draw(st.sampled_from(TOKENS)) + text[pos:]
        else:
            lines = text.split("\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            if op == "swap":
                lines[i], lines[j] = lines[j], lines[i]
            elif op == "dup":
                lines.insert(j, lines[i])
            else:
                del lines[i]
            text = "\n".join(lines)
    return text


@given(st.one_of(st.text(max_size=300), st.text(st.characters(codec=None), max_size=60)))
@fuzz_settings(150)
def test_text_soup(source: str):
    check_run(source)


@given(st.binary(max_size=300))
@fuzz_settings(60)
def test_byte_soup(data: bytes):
    check_run(data.decode("utf-8", errors="surrogateescape"))
    check_run(data.decode("latin-1"))
    trace = check_run(data)  # not text at all
    assert trace.error is not None and trace.error.kind == "type"


@given(mutated(st.sampled_from(golden_programs())))
@fuzz_settings(200)
def test_mutated_golden_programs(source: str):
    check_run(source)


@given(mutated(st.sampled_from(suite_programs())))
@fuzz_settings(120)
def test_mutated_suite_programs(source: str):
    check_run(source)


# --- structured programs -----------------------------------------------------------------------------


# JSON-ish values as source text, hostile ones included.
def _literal_texts() -> st.SearchStrategy[str]:
    scalars = st.one_of(
        st.integers(-(10**30), 10**30).map(repr),
        st.sampled_from(
            [
                "9" * 1200,
                "-" + "9" * 1300,
                "2**4095",
                "10**400",
                "1e999",
                "-1e999",
                "float('nan')",
                "float('inf')",
                "float('-inf')",
                "1e-320",
                "0.1",
                "None",
                "True",
                "False",
            ]
        ),
        st.floats(allow_nan=False, allow_infinity=False).map(repr),
        st.text(max_size=30).map(repr),
        st.sampled_from(
            [
                "'x' * 99999",
                "'a.pdf'",
                "'\\ud800.pdf'",
                "'\\udcff'",
                "'../../escape.pdf'",
                "'/tmp/abs.pdf'",
                "'.pdf'",
                "'a\\x00.pdf'",
                "'red'",
                "'hebo'",
                "fitz.TEXT_ALIGN_LEFT",
            ]
        ),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
            st.lists(inner, max_size=3).map(lambda xs: "(" + "".join(x + ", " for x in xs) + ")"),
            st.lists(st.tuples(inner, inner), max_size=3).map(
                lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"
            ),
            st.just("[" * 60 + "]" * 60),
        ),
        max_leaves=8,
    )


LITERALS = _literal_texts()
NAMES = st.sampled_from(
    [
        "doc",
        "fitz",
        "PDFbf",
        "testf",
        "x",
        "y",
        "t",
        "sel",
        "undefined_name",
        "open",
        "eval",
        "print",
        "len",
        "str",
        "dict",
        "list",
        "__builtins__",
        "__import__",
        "missing_information",
        "miss_information",
    ]
)
ATTRS = st.sampled_from(
    sorted({t.short for t in TOOLS})
    + [
        "__class__",
        "__dict__",
        "__globals__",
        "_save",
        "session",
        "trace",
        "pdf",
        "join",
        "get",
        "append",
        "TEXT_ALIGN_CENTER",
        "gethorrtext",
        "text",
        "data",
        "file",
        "path",
    ]
)
ARG_NAMES = st.sampled_from(sorted({a for t in TOOLS for a in t.arg_names}) + ["filename", "x", "__x"])
BINOPS = st.sampled_from(
    ["+", "-", "*", "/", "//", "%", "**", "@", "|", "&", "^", "<<", "<", "==", "and", "or"]
)


def _expressions() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        call_args = st.tuples(
            st.lists(inner, max_size=3),
            st.lists(st.tuples(ARG_NAMES, inner), max_size=4, unique_by=lambda p: p[0]),
        ).map(lambda p: ", ".join([*p[0], *(f"{k}={v}" for k, v in p[1])]))
        return st.one_of(
            st.tuples(inner, ATTRS).map(lambda p: f"({p[0]}).{p[1]}"),
            st.tuples(inner, call_args).map(lambda p: f"({p[0]})({p[1]})"),
            st.tuples(NAMES, ATTRS, call_args).map(lambda p: f"{p[0]}.{p[1]}({p[2]})"),
            st.tuples(inner, BINOPS, inner).map(lambda p: f"({p[0]} {p[1]} {p[2]})"),
            st.tuples(st.sampled_from(["-", "+", "~", "not "]), inner).map("".join),
            st.tuples(inner, inner).map(lambda p: f"({p[0]})[{p[1]}]"),
            st.tuples(inner, inner).map(lambda p: f"({p[0]})[{p[1]}:{p[1]}:-1]"),
            st.tuples(inner, st.sampled_from(["", "!r", "!a", ":>20", ":.3f", ":>9999", ":{x}"])).map(
                lambda p: f"f'{{{p[0]}{p[1]}}}'"
            ),
            st.tuples(inner, inner, inner).map(lambda p: f"({p[0]} if {p[1]} else {p[2]})"),
            inner.map(lambda e: f"[v for v in {e}]"),
            inner.map(lambda e: f"(lambda: {e})()"),
            inner.map(lambda e: f"(x := {e})"),
            inner.map(lambda e: f"*{e}"),
        )

    return st.recursive(st.one_of(LITERALS, NAMES), extend, max_leaves=10)


EXPRESSIONS = _expressions()


def _statements() -> st.SearchStrategy[str]:
    target = st.one_of(
        NAMES,
        st.sampled_from(["a, b", "[a, b]", "doc.path", "t.text", "t.data", "x[0]", "x['k']", "x.y", "f()"]),
    )
    return st.one_of(
        st.tuples(target, EXPRESSIONS).map(lambda p: f"{p[0]} = {p[1]}"),
        EXPRESSIONS,
        st.tuples(NAMES, st.sampled_from(["+=", "-=", "*=", "/=", "**=", "|="]), EXPRESSIONS).map(" ".join),
        st.sampled_from(
            [
                "import fitz",
                "import PDFbf",
                "import testf as PDFbf",
                "import os",
                "import fitz.os",
                "from PDFbf import manipulate_text as mt",
                "from fitz import *",
                "from . import x",
                "pass",
                "del x",
                "global x",
                "for v in x: pass",
                "if x: pass",
                "while 0: pass",
                "def f(): pass",
                "class C: pass",
                "with x: pass",
                "try: pass\nexcept: pass",
                "assert x",
                "raise x",
                "return x",
                "x: int = 1",
                "x = y = []",
                "doc = fitz.open('a.pdf')",
                "t = PDFbf.manipulate_text(doc=doc, pagenumber=0)",
                "doc.save('a_updated.pdf')",
            ]
        ),
    )


PREFIX = "import fitz\nimport PDFbf\ndoc = fitz.open('a.pdf')\nx = {'k': [1, 2]}\n"


@given(st.lists(_statements(), min_size=1, max_size=8), st.booleans())
@fuzz_settings(250)
def test_structured_programs(statements: list[str], with_prefix: bool):
    check_run((PREFIX if with_prefix else "") + "\n".join(statements) + "\n")


# Every class built once with plausible arguments, so generated calls reach every method with live handles.
TOOL_PREFIX = """import fitz
import PDFbf
doc = fitz.open('a.pdf')
extractanno = PDFbf.extractanno(doc=doc)
rect, point = extractanno.getclip_rfpoint(pagenumber=0, rectangleorder=0)
sel = PDFbf.selector(doc=doc, pagenumber=0, clip=rect)
lines = sel.mode1_lines_Window_Cover_Enclosure()
select_from_drawings = PDFbf.select_from_drawings(doc=doc, pagenumber=0, cdrawings=lines)
selector = sel
manipulate_text = PDFbf.manipulate_text(doc=doc, pagenumber=0, clip=rect)
extract_table = PDFbf.extract_table(doc=doc, pagenumber=0, clip=rect)
table = extract_table.data
manipulate_table = PDFbf.manipulate_table(doc=doc, pagenumber=0, clip=rect, data=table)
draw_drawer = PDFbf.draw_drawer(doc=doc, pagenumber=0, listofcdraw=lines)
delete = PDFbf.delete(doc=doc, pagenumber=0, clip=rect)
repairer = PDFbf.repairer(doc=doc, pagenumber=0, clip=rect, cdrawings=lines)
manipulate_draw = PDFbf.manipulate_draw(doc=doc, pagenumber=0, sel_drawings=lines)
Projector = PDFbf.Projector(doc=doc, pagenumber=0, clip=rect, move=[1, 2, point])
project_draw = PDFbf.project_draw(doc=doc, pagenumber=0, clip=rect, sel_drawings=lines, cdrawings=lines)
recorder = PDFbf.recorder(missing_information='x')
"""
HANDLES = ["doc", "rect", "point", "lines", "table", "manipulate_text", "recorder"]
VALUES = st.one_of(
    LITERALS, LITERALS, st.sampled_from(HANDLES), st.sampled_from(HANDLES).map(lambda h: f"[{h}, {h}]")
)


@st.composite
def tool_call_statement(draw: st.DrawFn) -> str:
    spec = draw(st.sampled_from(TOOLS))
    receiver = {"function": "fitz", "constructor": "PDFbf"}.get(spec.kind, spec.owner)
    names = list(spec.arg_names) + ["bogus"] * draw(st.integers(0, 1))
    chosen = draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names))) if names else []
    positional = draw(st.lists(VALUES, max_size=2)) if draw(st.integers(0, 4)) == 0 else []
    args = [*positional, *(f"{n}={draw(VALUES)}" for n in chosen)]
    lhs = draw(st.sampled_from(["r = ", "doc = ", "lines = ", "rect, point = ", ""]))
    return f"{lhs}{receiver}.{spec.short}({', '.join(args)})"


@pytest.mark.slow
@given(st.lists(tool_call_statement(), min_size=1, max_size=6))
@fuzz_settings(250)
def test_generated_tool_calls(statements: list[str]):
    prefix = check_run(TOOL_PREFIX)
    assert prefix.error is None, prefix.error
    check_run(TOOL_PREFIX + "\n".join(statements) + "\n")


# --- the 46 tools called directly ----------------------------------------------------------------------


def _json_values() -> st.SearchStrategy[Any]:
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(-(2**5000), 2**5000),
        st.floats(),
        st.text(max_size=40),
        st.text(st.characters(codec=None), max_size=5),
        st.just("x" * 20_000),
        st.sampled_from(["a.pdf", "red", "hebo", "a_updated.pdf", "../x.pdf", "/tmp/x.pdf", "r", "l"]),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.tuples(inner, inner),
            st.dictionaries(st.one_of(st.text(max_size=5), st.integers()), inner, max_size=3),
        ),
        max_leaves=12,
    )


JSON_VALUES = _json_values()


def _live_objects(session: ToolSession) -> dict[str, Any]:
    """One instance of every class (and the handles their methods need), built through the session."""
    fitz, pdfbf = session.modules["fitz"], session.modules["PDFbf"]
    doc = fitz.open("a.pdf")
    rect, point = pdfbf.extractanno(doc=doc).getclip_rfpoint(pagenumber=0, rectangleorder=0)
    sel = pdfbf.selector(doc=doc, pagenumber=0, clip=rect)
    lines = sel.mode1_lines_Window_Cover_Enclosure()
    objects = {"fitz": fitz, "PDFbf": pdfbf, "doc": doc, "rect": rect, "point": point, "lines": lines}
    common = {
        "doc": doc,
        "pagenumber": 0,
        "clip": rect,
        "cdrawings": lines,
        "sel_drawings": lines,
        "listofcdraw": lines,
        "data": [["a"]],
        "missing_information": "x",
    }
    for spec in TOOLS:
        if spec.kind == "constructor":
            objects[spec.short] = getattr(pdfbf, spec.short)(
                **{n: common[n] for n in spec.arg_names if n in common}
            )
    return objects


@pytest.mark.slow
@given(st.sampled_from(TOOLS), st.data())
@fuzz_settings(400)
def test_every_tool_with_random_arguments(spec, data):
    session = ToolSession(effects=False)
    objects = _live_objects(session)
    receiver = objects[{"function": "fitz", "constructor": "PDFbf"}.get(spec.kind, spec.owner)]
    handles = st.sampled_from([v for k, v in objects.items() if k not in ("fitz", "PDFbf")])
    value = st.one_of(JSON_VALUES, JSON_VALUES, handles)
    names = list(spec.arg_names) + ["bogus"]
    kwargs = data.draw(st.dictionaries(st.sampled_from(names), value, max_size=len(names)))
    args = data.draw(st.lists(value, max_size=3)) if data.draw(st.integers(0, 4)) == 0 else []
    impossible = (
        "bogus" in kwargs
        or len(args) > len(spec.arg_names)
        or bool(set(spec.arg_names[: len(args)]) & set(kwargs))
    )
    calls_before = sum(len(b.calls) + 1 for f in session.trace.files for b in f.blocks)
    try:
        getattr(receiver, spec.short)(*args, **kwargs)
    except ToolUsageError:
        assert impossible, (spec.name, args, kwargs)
    else:
        assert not impossible, (spec.name, args, kwargs)
        calls_after = sum(len(b.calls) + 1 for f in session.trace.files for b in f.blocks)
        saves = sum(len(f.saves) for f in session.trace.files)
        assert calls_after > calls_before or spec.kind == "function" or saves, spec.name  # recorded
    assert_round_trip(session.trace)


@given(
    st.sampled_from(TOOLS),
    st.one_of(
        st.text(max_size=200),
        JSON_VALUES.map(json.dumps),
        st.sampled_from(
            ['{"filepath": 1' + "0" * 5000 + "}", "[" * 5000, '{"filepath": NaN}', '{"filepath": "\\ud800"}']
        ),
    ),
)
@fuzz_settings(200)
def test_tool_mode_never_raises(spec, arguments: str):
    from drafterbench.tools.toolmode import ToolModeSession

    tools = ToolModeSession(ToolSession(effects=False))
    tools.call("fitz__open", '{"filepath": "a.pdf"}')
    result = tools.call(spec.name.replace(".", "__"), arguments)
    json.loads(result.content)
    assert_round_trip(tools.trace)


# --- regressions: the bugs the fuzzing found ---------------------------------------------------------


def test_nan_and_inf_arguments_are_recorded_as_text_and_round_trip():
    # A program could pass float('nan') or 1e999; the trace recorded the float itself, which JSON writes
    # as null, so a stored trace read back differently (and compared differently when re-scored).
    source = (
        "import fitz\nimport PDFbf\ndoc = fitz.open('a.pdf')\n"
        "t = PDFbf.manipulate_text(doc=doc, pagenumber=0, fontsize=float('nan'), rotate=1e999, text=[-1e999])\n"
        "doc.save(1e999)\n"
    )
    trace = check_run(source)
    block = trace.files[0].blocks[0]
    assert block.argument("fontsize").value == "nan" and not block.argument("fontsize").valid
    assert block.argument("rotate").value == "inf" and not block.argument("rotate").valid
    assert block.argument("text").value == ["-inf"]
    assert trace.files[0].saves[0].path == "inf"
    assert check_run("import fitz\nd = fitz.open(float('-inf'))\n").files[0].path == "-inf"


def test_lone_surrogate_strings_are_recorded_escaped():
    # '\ud800' in a string literal made a trace that pydantic could not write as JSON at all.
    trace = check_run("import fitz\nd = fitz.open('\\ud800.pdf')\nd.save('\\udcff')\n")
    assert trace.files[0].path == "'\\ud800.pdf'"
    assert not trace.files[0].path_valid and not trace.files[0].saves[0].valid
    assert check_run("import fitz\nd = fitz.open('é.pdf')\n").files[0].path == "é.pdf"  # non-ASCII is fine
    keyed = check_run("import fitz\nd = fitz.open({'\\ud800.pdf': 0})\n")  # found as a dict key too
    assert keyed.files[0].path == {"'\\ud800.pdf'": 0} and not keyed.files[0].path_valid


def test_tool_mode_refuses_unreadable_json_instead_of_raising():
    # json.loads raises a plain ValueError (not JSONDecodeError) for an int of over 4300 digits, and
    # RecursionError for deep nesting; ToolModeSession.call let both out.
    from drafterbench.tools.toolmode import ToolModeSession

    tools = ToolModeSession(ToolSession(effects=False))
    for arguments in ('{"filepath": 1' + "0" * 5000 + "}", "[" * 100_000 + "]" * 100_000):
        result = tools.call("fitz__open", arguments)
        assert result.error and "arguments cannot be read" in result.error and not result.recorded
    assert tools.call("fitz__open", '{"filepath": NaN}').invalid  # recorded, invalid, and it round-trips
    assert_round_trip(tools.trace)


# --- effects on: nothing written outside out_dir -------------------------------------------------------


@pytest.fixture(scope="module")
def frame_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from drafterbench.drawings import BoxSpec, DrawingSpec, PageSpec
    from drafterbench.drawings.render import render_pdf

    spec = DrawingSpec(name="frame.pdf", seed=7, pages=[PageSpec(boxes=[
        BoxSpec(content="text", text="Note A", vectors=["lines", "rebars", "columns"]),
        BoxSpec(content="table", table=[["a", "b"], ["1", "2"]], vectors=["lines"]),
    ])])  # fmt: skip
    path = tmp_path_factory.mktemp("drawing") / "frame.pdf"
    path.write_bytes(render_pdf(spec))
    return path


def _files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


EFFECT_BASE = TOOL_PREFIX.replace("'a.pdf'", "'frame.pdf'") + "\n".join([
    "manipulate_text.addtext()", "r = manipulate_table.addtable()", "r = delete.applydelete()",
    "r = Projector.project()", "doc.save('frame_updated.pdf')", "doc.save('../../outside.pdf')",
])  # fmt: skip


@given(
    mutated(
        st.sampled_from([EFFECT_BASE] + list(golden_programs())).map(
            lambda s: s.replace('"', "'").replace("'bridge.pdf'", "'frame.pdf'")
        )
    ),
    st.lists(tool_call_statement(), max_size=3),
)
@fuzz_settings(25)
def test_effects_on_write_only_into_out_dir(
    frame_pdf: Path, tmp_path_factory: pytest.TempPathFactory, source: str, extra: list[str]
):
    root = tmp_path_factory.mktemp("run")
    work, out = root / "cwd", root / "out"
    work.mkdir()
    drawing_before = frame_pdf.read_bytes()
    session = ToolSession({"frame.pdf": frame_pdf}, effects=True, out_dir=out)
    cwd = os.getcwd()
    os.chdir(work)  # a relative write would land here
    try:
        check_run(
            source + "\n" + "\n".join(e.replace("'a.pdf'", "'frame.pdf'") for e in extra) + "\n", session
        )
    finally:
        os.chdir(cwd)
    assert _files_under(root) - _files_under(out) == {work, out} & _files_under(root) | {work}
    assert all(p.parent == out for p in _files_under(out)), _files_under(out)
    assert frame_pdf.read_bytes() == drawing_before
    assert _files_under(frame_pdf.parent) == {frame_pdf}


def test_effect_base_program_edits_and_saves_only_into_out_dir(frame_pdf: Path, tmp_path: Path):
    # The fuzzed effects runs start from this program: it must really write, or the check above proves nothing.
    session = ToolSession({"frame.pdf": frame_pdf}, effects=True, out_dir=tmp_path / "out")
    trace = check_run(EFFECT_BASE, session)
    assert trace.error is None, trace.error
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["frame_updated.pdf", "outside.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
