"""Hostile programs: each is refused quickly with a recorded reason, and nothing is written anywhere."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from drafterbench.interpreter import Limits, run_program

OPEN = "import fitz\ndoc = fitz.open('a.pdf')\n"

HOSTILE: list[tuple[str, str, str]] = [
    # (id, program, expected kind)
    ("import-os", "import os\nos.system('touch pwned')\n", "forbidden"),
    ("import-sys", "import sys\n", "forbidden"),
    ("import-subprocess", "import subprocess\nsubprocess.run(['touch', 'pwned'])\n", "forbidden"),
    ("import-builtins", "import builtins\n", "forbidden"),
    ("from-os", "from os import system\nsystem('touch pwned')\n", "forbidden"),
    ("from-fitz-star", "from fitz import *\n", "forbidden"),
    ("relative-import", "from . import fitz\n", "forbidden"),
    ("dotted-import", "import fitz.os\n", "forbidden"),
    ("__import__", "__import__('os').system('touch pwned')\n", "forbidden"),
    ("class-bases", "x = ().__class__.__bases__[0].__subclasses__()\n", "forbidden"),
    ("tool-dict", "import fitz\nx = fitz.__dict__\n", "forbidden"),
    ("private-attr", OPEN + "x = doc._save\n", "forbidden"),
    ("unexposed-attr", OPEN + "x = doc.session\n", "forbidden"),
    ("unexposed-saver", OPEN + "x = doc.saver\n", "forbidden"),
    ("saver-call", OPEN + "doc.saver(doc, (), {})\n", "forbidden"),
    ("dunder-keyword", "import fitz\nfitz.open(__x=1)\n", "forbidden"),
    ("open", "f = open('pwned.txt', 'w')\n", "forbidden"),
    ("getattr", "import fitz\ng = getattr(fitz, 'open')\n", "forbidden"),
    ("type", "import fitz\nt = type(fitz)\n", "forbidden"),
    ("vars", "v = vars()\n", "forbidden"),
    ("eval", "x = eval('1 + 1')\n", "forbidden"),
    ("exec", "exec('import os')\n", "forbidden"),
    ("compile", "c = compile('1', 'x', 'exec')\n", "forbidden"),
    ("breakpoint", "breakpoint()\n", "forbidden"),
    ("str-repeat", "x = 'a' * 10**9\n", "limit"),
    ("list-repeat", "x = [0] * 10**9\n", "limit"),
    ("pow-tower", "x = 2 ** 10 ** 10\n", "limit"),
    ("big-mult", "x = 10 ** 1000\ny = x * x * x * x * x\n", "limit"),
    ("shared-list-blowup", "x = [0] * 50000\ny = [x, x, x]\n", "limit"),
    ("fstring-blowup", "x = 'a' * 50000\ny = f'{x}{x}{x}'\n", "limit"),
    ("str-of-deep-value", "a = []\n" + "a = [a]\n" * 60 + "s = str(a)\n", "limit"),
    ("doubling", "x = 'ab'\n" + "x = x + x\n" * 40, "limit"),
    ("while-true", "while True:\n    pass\n", "forbidden"),
    ("for", "for i in [1, 2]:\n    x = i\n", "forbidden"),
    ("if", "if True:\n    x = 1\n", "forbidden"),
    ("lambda-recursion", "f = lambda g: g(g)\nf(f)\n", "forbidden"),
    ("def-recursion", "def f():\n    return f()\nf()\n", "forbidden"),
    ("class", "class A:\n    pass\n", "forbidden"),
    ("with", "with open('pwned') as f:\n    pass\n", "forbidden"),
    ("try", "try:\n    x = 1\nexcept Exception:\n    pass\n", "forbidden"),
    ("del", "x = 1\ndel x\n", "forbidden"),
    ("global", "global x\n", "forbidden"),
    ("comprehension", "x = [i for i in [1, 2]]\n", "forbidden"),
    ("generator", "x = list(i for i in [1])\n", "forbidden"),
    ("walrus", "x = (y := 5)\n", "forbidden"),
    ("starred-call", "print(*[1, 2])\n", "forbidden"),
    ("kwargs-unpack", "x = dict(**{'a': 1})\n", "forbidden"),
    ("dict-unpack", "x = {**{'a': 1}}\n", "forbidden"),
    ("conditional", "x = 1 if True else 2\n", "forbidden"),
    ("compare", "x = 'a' < 'b'\n", "forbidden"),
    ("boolop", "x = 1 and 2\n", "forbidden"),
    ("bitshift", "x = 1 << 100000\n", "forbidden"),
    ("bytes", "x = b'abc'\n", "forbidden"),
    ("complex", "x = 1j\n", "forbidden"),
    ("async", "async def f():\n    await g()\n", "forbidden"),
    ("fstring-dunder", "x = 1\ny = f'{x.__class__}'\n", "forbidden"),
    ("fstring-width", "x = 1\ny = f'{x:>999999999}'\n", "forbidden"),
    ("fstring-nested-spec", "w = 10**9\ny = f'{1:{w}}'\n", "forbidden"),
    ("percent-format", "x = '%999999999d' % 1\n", "type"),
    ("str-join", "x = ''.join(['a', 'b'])\n", "forbidden"),
    ("str-method", "x = 'abc'.upper()\n", "forbidden"),
    ("list-method", "x = [1]\nx.append(2)\n", "forbidden"),
    ("dict-method", "d = dict(a=1)\nk = d.keys()\n", "forbidden"),
    ("dict-get-reference", "d = dict(a=1)\ng = d.get\n", "forbidden"),
    ("dunder-method", "x = 'a'\ny = x.__len__()\n", "forbidden"),
    ("set-unsettable", OPEN + "doc.path = '/etc/passwd'\n", "forbidden"),
    ("set-on-data", "x = 'a'\nx.y = 1\n", "forbidden"),
    ("index-tool", "import fitz\nx = fitz[0]\n", "forbidden"),
    ("int-digits", "x = int('9' * 5000)\n", "type"),
    ("round-digits", "x = round(1.5, 10**9)\n", "type"),
    ("deep-brackets", "x = " + "[" * 10_000 + "]" * 10_000 + "\n", "syntax"),
    ("deep-unary", "x = " + "-" * 100_000 + "1\n", "limit"),
    ("deep-attribute", "import fitz\nx = fitz" + ".a" * 5_000 + "\n", "limit"),
    ("deep-calls", "x = abs" + "(abs" * 60 + "(1" + ")" * 61 + "\n", "limit"),
    ("giant-source", "x = 1\n" * 200_000, "limit"),
    ("many-steps", "x = [1, 1, 1, 1, 1, 1, 1, 1, 1]\n" * 2_500, "limit"),
    ("nul-byte", "x = 1\x00\n", "syntax"),
]


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """Run inside an empty folder; report every path created there or in the repository root."""
    repo = Path.cwd()
    monkeypatch.chdir(tmp_path)

    def listing() -> set[str]:
        return {str(p) for p in tmp_path.rglob("*")} | set(os.listdir(repo))

    before = listing()
    yield
    assert listing() == before


def test_at_least_thirty_hostile_programs():
    assert len(HOSTILE) >= 30


@pytest.mark.parametrize(("program", "kind"), [(p, k) for _, p, k in HOSTILE], ids=[i for i, _, _ in HOSTILE])
def test_hostile_program_is_refused(session, sandbox, program, kind):
    # A one-second budget, so that even on a loaded CI machine every refusal lands well inside 2 s.
    start = time.perf_counter()
    trace = run_program(program, session, limits=Limits(timeout_s=1.0))
    elapsed = time.perf_counter() - start
    assert elapsed < 2.0
    assert trace.error is not None, "the program ran to its end"
    assert trace.error.kind == kind, trace.error
    assert trace.error.message


def test_a_refused_construct_anywhere_stops_the_whole_program(session):
    trace = run_program(OPEN + "for i in [1]:\n    pass\n", session)
    assert trace.error.kind == "forbidden" and trace.error.line == 3
    assert trace.files == []  # nothing ran: the check precedes execution


def test_refusals_name_the_construct_and_line(session):
    trace = run_program("x = 1\nimport os\n", session)
    assert trace.error.line == 2
    assert "`os`" in trace.error.message and "fitz" in trace.error.message
    trace = run_program("x = 1\n\nwhile True:\n    pass\n", session)
    assert "line 3" in trace.error.message and "`while` loops" in trace.error.message
    trace = run_program("x = open('f')\n", session)
    assert "`open`" in trace.error.message and "len" in trace.error.message  # names the allowed builtins


def test_wall_clock_deadline(session):
    trace = run_program("x = 1\n" * 500, session, limits=Limits(timeout_s=0.0, max_steps=10**6))
    assert trace.error.kind == "limit" and "timeout_s" in trace.error.message
