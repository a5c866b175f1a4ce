"""The static check: every construct of the program is in the allowed language, before anything runs.

A program with a forbidden construct anywhere is not executable as a whole (the original would have run
a loop or a ``def``; we refuse it rather than partly run it). The check walks the tree iteratively, so a
pathologically deep tree is refused by depth without exhausting the stack.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Collection
from typing import Any

from drafterbench.interpreter._limits import Limits
from drafterbench.tools.trace import ProgramError

_STRAIGHT_LINE = "programs are straight-line code: imports, assignments and calls on fitz/PDFbf/testf objects"

# Constructs a program may not use, with the words the refusal names them by.
_FORBIDDEN: dict[type, str] = {
    ast.For: "`for` loops",
    ast.AsyncFor: "`async for` loops",
    ast.While: "`while` loops",
    ast.If: "`if` statements",
    ast.IfExp: "conditional expressions (`x if c else y`)",
    ast.FunctionDef: "function definitions (`def`)",
    ast.AsyncFunctionDef: "function definitions (`async def`)",
    ast.ClassDef: "class definitions",
    ast.Lambda: "`lambda` expressions",
    ast.With: "`with` statements",
    ast.AsyncWith: "`async with` statements",
    ast.Try: "`try` statements",
    ast.Raise: "`raise` statements",
    ast.Assert: "`assert` statements",
    ast.Return: "`return` statements",
    ast.Delete: "`del` statements",
    ast.Global: "`global` statements",
    ast.Nonlocal: "`nonlocal` statements",
    ast.Break: "`break` statements",
    ast.Continue: "`continue` statements",
    ast.ListComp: "list comprehensions",
    ast.SetComp: "set comprehensions",
    ast.DictComp: "dict comprehensions",
    ast.GeneratorExp: "generator expressions",
    ast.Await: "`await` expressions",
    ast.Yield: "`yield` expressions",
    ast.YieldFrom: "`yield from` expressions",
    ast.NamedExpr: "assignment expressions (`:=`)",
    ast.Starred: "starred expressions (`*args`)",
    ast.BoolOp: "`and` / `or` operators",
    ast.Compare: "comparisons",
    ast.AnnAssign: "annotated assignments",
    ast.Match: "`match` statements",
}
if hasattr(ast, "TryStar"):  # Python 3.11+
    _FORBIDDEN[ast.TryStar] = "`try` statements"

_ALLOWED_TYPES = frozenset(
    {
        ast.Module,
        ast.Import,
        ast.ImportFrom,
        ast.alias,
        ast.Assign,
        ast.AugAssign,
        ast.Expr,
        ast.Pass,
        ast.Constant,
        ast.Name,
        ast.List,
        ast.Tuple,
        ast.Dict,
        ast.Set,
        ast.Attribute,
        ast.Call,
        ast.keyword,
        ast.Subscript,
        ast.Slice,
        ast.BinOp,
        ast.UnaryOp,
        ast.JoinedStr,
        ast.FormattedValue,
    }
)

_BINOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow)
_AUGOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div)
_UNARYOPS = (ast.USub, ast.UAdd)
_CONSTANTS = (str, int, float, bool, type(None))
_PLAIN_CONSTANTS = frozenset(_CONSTANTS)  # exact types: the fast path of the walk (others take _constant)
_OP_WORDS = {
    ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^", ast.LShift: "<<", ast.RShift: ">>",
    ast.MatMult: "@", ast.Not: "not", ast.Invert: "~",
}  # fmt: skip


class Refusal(Exception):
    """A construct outside the allowed language; carries the ProgramError to record."""

    def __init__(self, error: ProgramError):
        super().__init__(error.message)
        self.error = error


def _refuse(node: ast.AST, what: str, why: str = _STRAIGHT_LINE, kind: str = "forbidden") -> Refusal:
    line = getattr(node, "lineno", None)
    where = f"line {line}: " if line else ""
    return Refusal(ProgramError(kind=kind, message=f"{where}{what}; {why}", line=line))


def _op_word(op: ast.AST) -> str:
    return _OP_WORDS.get(type(op), type(op).__name__)


def _dunder(node: ast.AST, name: str | None) -> None:
    # Dunder identifiers are refused wherever they appear: they are the usual way out of a sandbox.
    if name and name.startswith("__"):
        raise _refuse(
            node, f"the name `{name}` is not allowed", "double-underscore names are never available"
        )


def _import(node: ast.Import, modules: Collection[str]) -> None:
    for alias in node.names:
        if alias.name not in modules:
            raise _refuse(node, f"importing `{alias.name}` is not allowed", _only(modules))


def _import_from(node: ast.ImportFrom, modules: Collection[str]) -> None:
    if node.level or node.module not in modules:
        name = f"{'.' * node.level}{node.module or ''}"
        raise _refuse(node, f"importing from `{name}` is not allowed", _only(modules))
    if any(a.name == "*" for a in node.names):
        raise _refuse(node, f"`from {node.module} import *` is not allowed", "import the names you use")


def _only(modules: Collection[str]) -> str:
    return f"a program may import only {', '.join(sorted(modules))}"


def _constant(node: ast.Constant, modules: Collection[str]) -> None:
    if not isinstance(node.value, _CONSTANTS):
        raise _refuse(
            node, f"{type(node.value).__name__} literals are not allowed", "use str, int, float or bool"
        )


def _binop(node: ast.BinOp, modules: Collection[str]) -> None:
    if not isinstance(node.op, _BINOPS):
        raise _refuse(
            node, f"the operator `{_op_word(node.op)}` is not allowed", "operators: + - * / // % **"
        )


def _unaryop(node: ast.UnaryOp, modules: Collection[str]) -> None:
    if not isinstance(node.op, _UNARYOPS):
        raise _refuse(node, f"the operator `{_op_word(node.op)}` is not allowed", "unary operators: - +")


def _augassign(node: ast.AugAssign, modules: Collection[str]) -> None:
    if not isinstance(node.target, ast.Name):
        raise _refuse(node, "augmented assignment to anything but a plain name is not allowed")
    if not isinstance(node.op, _AUGOPS):
        raise _refuse(node, "only `+=`, `-=`, `*=` and `/=` are allowed")


def _keyword(node: ast.keyword, modules: Collection[str]) -> None:
    if node.arg is None:
        raise _refuse(node, "`**` unpacking in calls is not allowed", "pass keyword arguments by name")
    _dunder(node, node.arg)


def _dict(node: ast.Dict, modules: Collection[str]) -> None:
    if any(k is None for k in node.keys):
        raise _refuse(node, "`**` unpacking in dict literals is not allowed", "write the keys out")


def _formatted(node: ast.FormattedValue, modules: Collection[str]) -> None:
    spec = node.format_spec
    if spec is not None and not (
        isinstance(spec, ast.JoinedStr) and all(isinstance(v, ast.Constant) for v in spec.values)
    ):
        raise _refuse(
            node, "computed format specifications in f-strings are not allowed", "write the spec out"
        )


def _assign(node: ast.Assign, modules: Collection[str]) -> None:
    for target in node.targets:
        _check_target(target)


def _check_target(target: ast.AST) -> None:
    if isinstance(target, (ast.Tuple, ast.List)):
        for item in target.elts:
            _check_target(item)
    elif not isinstance(target, (ast.Name, ast.Attribute, ast.Subscript)):
        raise _refuse(target, f"assigning to a {type(target).__name__} is not allowed")


def _alias(node: ast.alias, modules: Collection[str]) -> None:
    _dunder(node, node.name)
    _dunder(node, node.asname)


# Per-type checks beyond "the type is allowed"; dispatch by exact type keeps the walk cheap.
_CHECKS: dict[type, Callable[[Any, Collection[str]], None]] = {
    ast.Import: _import,
    ast.ImportFrom: _import_from,
    ast.Constant: _constant,
    ast.BinOp: _binop,
    ast.UnaryOp: _unaryop,
    ast.AugAssign: _augassign,
    ast.keyword: _keyword,
    ast.Dict: _dict,
    ast.FormattedValue: _formatted,
    ast.Assign: _assign,
    ast.alias: _alias,
    ast.Name: lambda node, _: _dunder(node, node.id),
    ast.Attribute: lambda node, _: _dunder(node, node.attr),
}

# Operator and context nodes (Add, Load ...) are judged by their parent; never walked.
_SKIPPED_FIELDS = frozenset({"ctx", "op"})
_FIELDS: dict[type, tuple[str, ...]] = {}


def _child_fields(cls: type) -> tuple[str, ...]:
    fields = _FIELDS.get(cls)
    if fields is None:
        fields = _FIELDS[cls] = tuple(f for f in cls._fields if f not in _SKIPPED_FIELDS)
    return fields


def check_program(tree: ast.Module, modules: Collection[str], limits: Limits) -> ProgramError | None:
    """The first construct outside the allowed language, as a ProgramError, or None when all is allowed."""
    modules = frozenset(modules)
    max_depth = limits.max_depth
    fields_of, checks, allowed = _FIELDS, _CHECKS, _ALLOWED_TYPES
    ast_node, name_cls, const_cls, plain_constants = ast.AST, ast.Name, ast.Constant, _PLAIN_CONSTANTS
    call_cls, keyword_cls, attribute_cls, assign_cls = ast.Call, ast.keyword, ast.Attribute, ast.Assign
    stack: list[tuple[ast.AST | None, int]] = [(tree, 0)]
    pop, push = stack.pop, stack.append
    try:
        while stack:
            node, depth = pop()
            if node is None:  # an absent optional child (a dict key of `**`, a slice bound)
                continue
            cls = type(node)
            if cls not in allowed:
                forbidden = _FORBIDDEN.get(cls)
                raise _refuse(node, f"{forbidden or '`' + cls.__name__ + '`'} are not allowed")
            if depth > max_depth:
                raise _refuse(
                    node,
                    f"the program nests deeper than {max_depth} levels",
                    "write intermediate values to variables",
                    kind="limit",
                )
            # Children are pushed last-first, so nodes are visited in source order and the first
            # refusal is the earliest one. Names, constants, calls, keywords, attributes and assignments
            # are nine in ten nodes of a program: their per-type check and children are inlined (the same
            # as the generic branch at the end would do, without its per-field lookups).
            if cls is name_cls:
                if node.id.startswith("__"):
                    _dunder(node, node.id)
            elif cls is const_cls:
                if type(node.value) not in plain_constants:
                    _constant(node, modules)
            elif cls is call_cls:
                depth += 1
                for item in reversed(node.keywords):
                    push((item, depth))
                for item in reversed(node.args):
                    push((item, depth))
                push((node.func, depth))
            elif cls is keyword_cls:
                _keyword(node, modules)
                push((node.value, depth + 1))
            elif cls is attribute_cls:
                if node.attr.startswith("__"):
                    _dunder(node, node.attr)
                push((node.value, depth + 1))
            elif cls is assign_cls:
                _assign(node, modules)
                depth += 1
                push((node.value, depth))
                for item in reversed(node.targets):
                    push((item, depth))
            else:
                check = checks.get(cls)
                if check is not None:
                    check(node, modules)
                depth += 1
                for field in reversed(fields_of.get(cls) or _child_fields(cls)):
                    value = getattr(node, field, None)
                    if type(value) is list:
                        for item in reversed(value):
                            push((item, depth))
                    elif isinstance(value, ast_node):
                        push((value, depth))
    except Refusal as refusal:
        return refusal.error
    return None
