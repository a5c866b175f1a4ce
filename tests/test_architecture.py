"""The package's structure: no import circle, the layers of ``drafterbench/tools/``, one home per tool fact.

The import graph is read from the source with :mod:`ast` (nothing is imported to build it). Its rule:

* every ``import x`` and ``from x import y`` naming a ``drafterbench`` module is an edge, wherever it stands:
  at module level, inside a function (a lazy import is still a dependency, only a later one), and under
  ``if TYPE_CHECKING:`` (a type the module names is a module it needs to be read);
* ``from pkg import name`` is an edge to ``pkg.name`` when that is a module, else to ``pkg``; relative imports
  are resolved against the importing module;
* an edge goes to the module named, not to its parent packages (importing ``a.b.c`` runs ``a/__init__`` too,
  but a package re-exporting its children would otherwise be a circle with each of them; import-linter's
  graph, grimp, counts imports the same way);
* an import through ``importlib`` with a computed name is not seen: the package has two, the lazy public API in
  ``drafterbench/__init__.py`` and the effect-function lookup in ``tools/bridge.py``, and both point down.

See docs/architecture.md ("Layers") for what the layers are and how to add a tool.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from drafterbench.tools import registry
from drafterbench.tools.modules import CLASSES
from drafterbench.tools.trace import BlockRole

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "drafterbench"


# --------------------------------------------------------------------------------------- the graph


def package_modules(root: Path, package: str = PACKAGE) -> dict[str, tuple[Path, bool]]:
    """Dotted module name -> (source file, is a package ``__init__``)."""
    out = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        is_pkg = parts[-1] == "__init__"
        if is_pkg:
            parts.pop()
        out[".".join(parts)] = (path, is_pkg)
    return out


def _nearest_module(name: str, modules: dict) -> str | None:
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_graph(root: Path, package: str = PACKAGE) -> dict[str, set[str]]:
    """Module -> the package's modules it imports, by the rule in this module's docstring."""
    modules = package_modules(root, package)
    graph: dict[str, set[str]] = {}
    for name, (path, is_pkg) in modules.items():
        here = name if is_pkg else name.rpartition(".")[0]
        targets: set[str | None] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                targets.update(_nearest_module(a.name, modules) for a in node.names
                               if a.name.split(".")[0] == package)  # fmt: skip
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here
                    for _ in range(node.level - 1):
                        base = base.rpartition(".")[0]
                    source = f"{base}.{node.module}" if node.module else base
                else:
                    source = node.module or ""
                if source.split(".")[0] != package:
                    continue
                for alias in node.names:
                    full = f"{source}.{alias.name}"
                    targets.add(full if full in modules else _nearest_module(source, modules))
        graph[name] = {t for t in targets if t is not None and t != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as ``[a, b, ..., a]``, or None when the graph has none."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state:
            found = visit(start)
            if found:
                return found
    return None


def circles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The sets of modules that import each other in a circle (strongly connected, more than one module)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[frozenset[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            members = set()
            while True:
                member = stack.pop()
                members.add(member)
                if member == node:
                    break
            if len(members) > 1:
                out.append(frozenset(members))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return out


#: Import circles the package still has, each with why it is there. The test fails on any other circle, and
#: on a listed one that is gone (then delete its line).
KNOWN_CIRCLES: dict[frozenset[str], str] = {}


def test_the_package_has_no_import_circle():
    graph = import_graph(ROOT)
    found = circles(graph)
    new = []
    for members in found:
        if members not in KNOWN_CIRCLES:
            sub = {m: graph[m] & members for m in members}
            new.append(" -> ".join(find_cycle(sub) or sorted(members)))
    assert not new, "import circle(s):\n" + "\n".join(new)
    gone = [sorted(k) for k in KNOWN_CIRCLES if k not in found]
    assert not gone, f"no longer a circle, remove from KNOWN_CIRCLES: {gone}"


def test_the_cycle_check_finds_a_lazy_import_circle(tmp_path):
    pkg = tmp_path / "demo"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from demo.sub import b\n")
    (pkg / "sub" / "b.py").write_text("def f():\n    from .. import c\n")
    (pkg / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import demo.a\n")
    graph = import_graph(tmp_path, "demo")
    assert graph["demo.a"] == {"demo.sub.b"} and graph["demo.sub.b"] == {"demo.c"}
    assert find_cycle(graph) == ["demo.a", "demo.sub.b", "demo.c", "demo.a"]
    assert circles(graph) == [frozenset({"demo.a", "demo.sub.b", "demo.c"})]
    (pkg / "c.py").write_text("import os\n")
    assert find_cycle(import_graph(tmp_path, "demo")) is None
    assert circles(import_graph(tmp_path, "demo")) == []


# ------------------------------------------------------------------------------- the tools' layers

#: The layers of drafterbench/tools/, lowest first: a module imports only from layers below its own.
#: ``effects`` is the PyMuPDF package as a whole (it knows nothing of traces or tools).
TOOL_LAYERS: list[set[str]] = [
    {"trace", "base", "effects"},
    {"handles"},
    {"values", "missing", "tabledata", "textops"},
    {"signatures"},
    {"registry"},
    {"bridge"},  # the calls into the effect layer
    {"recording"},  # the recorder the tool classes call
    {"classes"},  # the tool classes that find things
    {"editors"},  # the tool classes that change a drawing
    {"modules"},  # fitz, PDFbf
    {"session"},  # ToolSession = the recorder + the modules
    {"toolmode"},  # the tools as function calls
]
#: What drafterbench/tools/ may import from the rest of the package: the task types (a tool's task types are
#: one of its facts) and the interpreter's value-size rules (a leaf module, bounding what a trace records).
TOOLS_MAY_IMPORT = {"drafterbench.tasktypes", "drafterbench.interpreter._limits"}


def _tools_unit(module: str) -> str | None:
    """The layer unit of a module of drafterbench/tools/ (its name; ``effects`` for the effects package)."""
    prefix = f"{PACKAGE}.tools."
    if not module.startswith(prefix):
        return None
    return module[len(prefix):].split(".")[0]


def test_every_tools_module_has_a_layer():
    layered = set().union(*TOOL_LAYERS)
    units = {_tools_unit(m) for m in package_modules(ROOT) if _tools_unit(m)}
    assert units == layered, f"place these in TOOL_LAYERS: {sorted(units - layered)}; gone: {sorted(layered - units)}"


def test_tools_modules_import_only_from_layers_below():
    level = {unit: i for i, layer in enumerate(TOOL_LAYERS) for unit in layer}
    wrong = []
    for module, targets in import_graph(ROOT).items():
        unit = _tools_unit(module)
        if unit is None:
            continue
        for target in targets:
            other = _tools_unit(target)
            if other is None:
                if target not in TOOLS_MAY_IMPORT:
                    wrong.append(f"{module} -> {target} (outside drafterbench.tools)")
            elif other != unit and level[other] >= level[unit]:
                wrong.append(f"{module} (layer {level[unit]}) -> {target} (layer {level[other]})")
    assert not wrong, "imports not going down the layers:\n" + "\n".join(sorted(wrong))


# --------------------------------------------------------------------------- one home per tool fact

#: Where per-tool facts may be written out: the registry (their home) and the signatures (argument fields);
#: and scoring/original/, the published metric reproduced with its own tables keyed by the original's names,
#: kept as the original wrote them so they can be read against its code (a new tool is no part of it).
FACT_HOMES = ("drafterbench/tools/registry.py", "drafterbench/tools/signatures.py",
              "drafterbench/scoring/original/")  # fmt: skip
#: Where a class body may declare what a program may use (``exposed`` ...): the contract, the handles and the
#: modules, which are no tools, and the registry entry's own fields. A tool class reads these from its entry.
EXPOSURE_HOMES = ("drafterbench/tools/base.py", "drafterbench/tools/handles.py", "drafterbench/tools/modules.py",
                  "drafterbench/tools/registry.py")
_TOOL_NAMES = frozenset(t.short for t in registry.TOOLS if t.kind in ("constructor", "method"))
_FORMAT = frozenset(registry.DRAW_FORMAT)


def fact_tables(source: str) -> list[str]:
    """Collection literals in ``source`` that write out per-tool facts: a tuple, list, set or dict (its keys)
    naming two or more tools, or a tuple, list or set naming three or more of the drawing-format keys."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            items = node.elts
        elif isinstance(node, ast.Dict):
            items = [k for k in node.keys if k is not None]
        else:
            continue
        words = {e.value for e in items if isinstance(e, ast.Constant) and isinstance(e.value, str)}
        if len(words & _TOOL_NAMES) >= 2:
            found.append(f"line {node.lineno}: tools {sorted(words & _TOOL_NAMES)}")
        elif not isinstance(node, ast.Dict) and len(words & _FORMAT) >= 3:
            found.append(f"line {node.lineno}: format keys {sorted(words & _FORMAT)}")
    return found


def exposure_declarations(source: str) -> list[str]:
    """Class bodies in ``source`` assigning ``exposed``, ``settable`` or ``aliases``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef):
            for stmt in node.body:
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [getattr(stmt, "target", None)]
                names = {t.id for t in targets if isinstance(t, ast.Name)}
                for name in sorted(names & {"exposed", "settable", "aliases"}):
                    found.append(f"line {stmt.lineno}: {node.name}.{name}")
    return found


def _sources(skip: tuple[str, ...]) -> list[tuple[str, str]]:
    out = []
    for path, _ in package_modules(ROOT).values():
        rel = path.relative_to(ROOT).as_posix()
        if not rel.startswith(skip):
            out.append((rel, path.read_text(encoding="utf-8")))
    return out


def test_no_per_tool_fact_is_written_out_outside_the_registry():
    found = [f"{rel} {hit}" for rel, source in _sources(FACT_HOMES) for hit in fact_tables(source)]
    assert not found, "read these from drafterbench.tools.registry:\n" + "\n".join(found)


def test_tool_classes_read_what_a_program_may_use_from_the_registry():
    found = [f"{rel} {hit}" for rel, source in _sources(EXPOSURE_HOMES) for hit in exposure_declarations(source)]
    assert not found, "set these on the class's registry entry:\n" + "\n".join(found)


def test_the_fact_checks_flag_what_they_are_for():
    assert fact_tables('APPLY = {"manipulate_text": "addtext", "delete": "applydelete"}')
    assert fact_tables('KEYS = ["fillcolor", "drwcolor", "width"]')
    assert not fact_tables('LABELS = {"fillcolor": "fill", "drwcolor": "stroke", "width": "width"}')
    assert not fact_tables('if call.tool == "addtext": pass')
    assert exposure_declarations('class C:\n    exposed = frozenset({"x"})\n')
    assert not exposure_declarations('class C:\n    cls_name = "x"\n')


# ------------------------------------------------------------------------ the registry is complete


def test_every_class_has_one_tool_class_and_implements_its_entries():
    assert set(CLASSES) == set(registry.CONSTRUCTORS)
    for name, cls in CLASSES.items():
        spec = registry.CONSTRUCTORS[name]
        assert spec.var, name
        for method in registry.methods_of(name):
            assert callable(getattr(cls, method, None)), f"{name}.{method} has no method on {cls.__name__}"
        for attr in spec.attributes:
            assert isinstance(getattr(cls, attr, None), property), f"{name}.{attr} is not a property"
        assert cls.exposed == registry.exposed_names(name)


def test_method_facts_are_consistent():
    changers = {BlockRole.CHANGE_MAKER, BlockRole.POST_CHANGE_MAKER}
    for spec in registry.TOOLS:
        if spec.kind != "method" or spec.owner == "doc":
            continue
        owner = registry.CONSTRUCTORS[spec.owner]
        if spec.applies:
            assert owner.role in changers, spec.name
        if spec.assigns is not None:
            assert spec.assigns in owner.settable, spec.name
        assert not spec.edits or spec.assigns is not None, spec.name
    for spec in registry.CONSTRUCTORS.values():
        if spec.role in changers:
            assert any(m.applies for m in registry.methods_of(spec.short).values()), spec.name


@pytest.mark.parametrize("cls", sorted(c for c, s in registry.CONSTRUCTORS.items() if s.format_fields))
def test_format_fields_are_arguments_of_the_class(cls):
    spec = registry.CONSTRUCTORS[cls]
    assert set(spec.format_fields) <= set(spec.arg_names)
    assert registry.CONSTRUCTORS["manipulate_draw"].format_fields == registry.DRAW_FORMAT
