"""The static check: every construct of the program is in the allowed language, before anything runs.

A program with a forbidden construct anywhere is not executable as a whole (the original would have run
a loop or a ``def``; we refuse it rather than partly run it). The check walks the tree iteratively, so a
pathologically deep tree is refused by depth without exhausting the stack.
"""

from __future__ import annotations

import ast
from collections.abc import Collection

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

_ALLOWED = (
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
    ast.expr_context,
    ast.operator,
    ast.unaryop,
)

_BINOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow)
_AUGOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div)
_UNARYOPS = (ast.USub, ast.UAdd)
_CONSTANTS = (str, int, float, bool, type(None))
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


def _is_dunder(name: str | None) -> bool:
    return bool(name) and name.startswith("__")


def _check_names(node: ast.AST) -> None:
    """Dunder identifiers are refused wherever they appear: they are the usual way out of a sandbox."""
    names: list[str | None] = []
    if isinstance(node, ast.Name):
        names.append(node.id)
    elif isinstance(node, ast.Attribute):
        names.append(node.attr)
    elif isinstance(node, ast.keyword):
        names.append(node.arg)
    elif isinstance(node, ast.alias):
        names.extend([node.name, node.asname])
    for name in names:
        if _is_dunder(name):
            raise _refuse(node, f"the name `{name}` is not allowed", "double-underscore names are never available")


def _check_node(node: ast.AST, modules: Collection[str]) -> None:
    allowed_modules = ", ".join(sorted(modules))
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name not in modules:
                raise _refuse(
                    node,
                    f"importing `{alias.name}` is not allowed",
                    f"a program may import only {allowed_modules}",
                )
    elif isinstance(node, ast.ImportFrom):
        if node.level or node.module not in modules:
            raise _refuse(
                node,
                f"importing from `{'.' * node.level}{node.module or ''}` is not allowed",
                f"a program may import only {allowed_modules}",
            )
        if any(a.name == "*" for a in node.names):
            raise _refuse(node, f"`from {node.module} import *` is not allowed", "import the names you use")
    elif isinstance(node, ast.Constant) and not isinstance(node.value, _CONSTANTS):
        raise _refuse(node, f"{type(node.value).__name__} literals are not allowed", "use str, int, float or bool")
    elif isinstance(node, ast.BinOp) and not isinstance(node.op, _BINOPS):
        raise _refuse(node, f"the operator `{_op_word(node.op)}` is not allowed", "operators: + - * / // % **")
    elif isinstance(node, ast.UnaryOp) and not isinstance(node.op, _UNARYOPS):
        raise _refuse(node, f"the operator `{_op_word(node.op)}` is not allowed", "unary operators: - +")
    elif isinstance(node, ast.AugAssign):
        if not isinstance(node.target, ast.Name):
            raise _refuse(node, "augmented assignment to anything but a plain name is not allowed")
        if not isinstance(node.op, _AUGOPS):
            raise _refuse(node, "only `+=`, `-=`, `*=` and `/=` are allowed")
    elif isinstance(node, ast.keyword) and node.arg is None:
        raise _refuse(node, "`**` unpacking in calls is not allowed", "pass keyword arguments by name")
    elif isinstance(node, ast.Dict) and any(k is None for k in node.keys):
        raise _refuse(node, "`**` unpacking in dict literals is not allowed", "write the keys out")
    elif isinstance(node, ast.FormattedValue) and node.format_spec is not None:
        spec = node.format_spec
        if not (isinstance(spec, ast.JoinedStr) and all(isinstance(v, ast.Constant) for v in spec.values)):
            raise _refuse(node, "computed format specifications in f-strings are not allowed", "write the spec out")
    elif isinstance(node, ast.Assign):
        for target in node.targets:
            _check_target(target)


def _check_target(target: ast.AST) -> None:
    if isinstance(target, (ast.Tuple, ast.List)):
        for item in target.elts:
            _check_target(item)
    elif not isinstance(target, (ast.Name, ast.Attribute, ast.Subscript)):
        raise _refuse(target, f"assigning to a {type(target).__name__} is not allowed")


def check_program(tree: ast.Module, modules: Collection[str], limits: Limits) -> ProgramError | None:
    """The first construct outside the allowed language, as a ProgramError, or None when all is allowed."""
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    try:
        while stack:
            node, depth = stack.pop()
            if depth > limits.max_depth:
                raise _refuse(
                    node,
                    f"the program nests deeper than {limits.max_depth} levels",
                    "write intermediate values to variables",
                    kind="limit",
                )
            forbidden = _FORBIDDEN.get(type(node))
            if forbidden is not None:
                raise _refuse(node, f"{forbidden} are not allowed")
            if not isinstance(node, _ALLOWED):
                raise _refuse(node, f"`{type(node).__name__}` is not allowed")
            _check_names(node)
            _check_node(node, modules)
            # Reversed, so nodes are visited in source order and the first refusal is the earliest one.
            stack.extend((child, depth + 1) for child in reversed(list(ast.iter_child_nodes(node))))
    except Refusal as refusal:
        return refusal.error
    return None
