"""How the test tree is laid out: shared helpers live in helper modules, golden data in ``tests/golden/``.

A test module importing another test module (or a conftest) runs that module's tests' imports and makes the
two change together; pytest may also import a conftest twice under different names. Helpers go into a
helper module (``tests/<area>/<name>.py``, not ``test_*``) or stay fixtures in conftest.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).parent
ROOT = TESTS.parent


def _imported_modules(path: Path) -> list[str]:
    """Every module ``path`` imports, relative imports resolved against its package."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(p for p in (base, node.module or "") if p)
            out += [module] + [f"{module}.{a.name}" for a in node.names]
    return out


def test_no_module_imports_a_test_module_or_a_conftest():
    offenders = []
    for path in sorted([*TESTS.rglob("*.py"), *ROOT.glob("benchmarks/*.py"), *ROOT.glob("docs/*.py")]):
        for module in _imported_modules(path):
            last = module.rsplit(".", 1)[-1]
            if module.startswith("tests.") and (last.startswith("test_") or last == "conftest"):
                offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not offenders, "\n".join(offenders)


def test_golden_data_has_one_home():
    stray = [p for p in TESTS.rglob("*golden*") if TESTS / "golden" not in p.parents and p != TESTS / "golden"
             and "__pycache__" not in p.parts]
    assert not stray, stray
