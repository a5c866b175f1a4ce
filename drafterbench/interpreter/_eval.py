"""The tree walker: evaluates an already-checked program statement by statement against a tool session.

Only tool objects are ever asked for attributes, and only for names their class exposes
(``type(obj).resolve_attr``); everything else is plain data handled by the size-checked operators of
``_values``. Nothing in the program is compiled or executed by Python itself.
"""

from __future__ import annotations

import ast
import builtins
import logging
import time
from typing import Any

from drafterbench.interpreter import _values as V
from drafterbench.interpreter._limits import LimitExceeded, Limits, measure
from drafterbench.tools.base import ToolObject, ToolOutputTooLarge, ToolUsageError
from drafterbench.tools.trace import Note, ProgramError

logger = logging.getLogger(__name__)

# Catalog §5.6 / §8.3: the original ground truth defines `miss_information` and passes
# `missing_information`; either name falls back to the other when only the other is bound.
_RECORDER_ALIASES = {"missing_information": "miss_information", "miss_information": "missing_information"}

_TIME_CHECK_EVERY = 64  # steps between wall-clock checks: perf_counter is cheap but not free


class Stop(Exception):
    """Ends the run; carries the reason the program is not executable."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message


class Evaluator:
    """Walks one program. ``run`` never raises: every failure becomes ``trace.error``."""

    def __init__(self, session: Any, limits: Limits, notes: list[Note]):
        self.session = session
        self.limits = limits
        self.notes = notes
        self.env: dict[str, Any] = {}
        self.builtins = V.make_builtins(limits)
        self.modules: dict[str, ToolObject] = dict(session.modules)
        self.imported: set[str] = set()
        self.steps = 0
        self.deadline = 0.0
        self.line: int | None = None
        self._expr = {
            ast.Constant: self._constant,
            ast.Name: self._name,
            ast.List: self._list,
            ast.Tuple: self._tuple,
            ast.Set: self._set,
            ast.Dict: self._dict,
            ast.Attribute: self._attribute,
            ast.Call: self._call,
            ast.Subscript: self._subscript,
            ast.BinOp: self._binop,
            ast.UnaryOp: self._unaryop,
            ast.JoinedStr: self._joinedstr,
        }
        self._binops = {
            ast.Add: V.add,
            ast.Sub: V.sub,
            ast.Mult: V.mul,
            ast.Div: V.div,
            ast.FloorDiv: lambda a, b, lim: V.div(a, b, lim, floor=True),
            ast.Mod: V.mod,
            ast.Pow: V.power,
        }

    # --- driver ------------------------------------------------------------------------------------

    def run(self, tree: ast.Module, started: float | None = None) -> ProgramError | None:
        """Walk ``tree``; ``started`` (a ``perf_counter`` time) lets parsing and checking count too."""
        self.deadline = (time.perf_counter() if started is None else started) + self.limits.timeout_s
        try:
            for stmt in tree.body:
                self.line = stmt.lineno
                self.session.current_line = stmt.lineno
                self._statement(stmt)
        except Stop as stop:
            return self._error(stop.kind, stop.message)
        except V.ForbiddenOperation as exc:
            return self._error("forbidden", str(exc))
        except V.ProgramValueError as exc:
            return self._error("type", str(exc))
        except LimitExceeded as exc:
            return self._error("limit", f"limit exceeded: {exc}")
        except (RecursionError, MemoryError) as exc:
            return self._error("limit", f"the program exhausted the interpreter ({type(exc).__name__})")
        except (ArithmeticError, ValueError, TypeError, LookupError) as exc:
            # Python refusing an operation on the program's values (a float too large to format, an
            # infinite float rounded, an unhashable key): the program's error, said as Python says it.
            return self._error("type", f"{type(exc).__name__}: {V.clip(str(exc))}")
        except Exception as exc:  # a bug of ours must not crash a benchmark run; the reason is recorded
            logger.debug("interpreter failure at line %s", self.line, exc_info=True)
            return self._error("type", f"{type(exc).__name__}: {V.clip(str(exc))}")
        return None

    def _error(self, kind: str, message: str) -> ProgramError:
        where = f"line {self.line}: " if self.line is not None else ""
        return ProgramError(kind=kind, message=f"{where}{message}", line=self.line)

    def _tick(self) -> None:
        self.steps += 1
        if self.steps > self.limits.max_steps:
            raise Stop("limit", f"the program ran past {self.limits.max_steps} steps (max_steps)")
        if self.steps % _TIME_CHECK_EVERY == 0 and time.perf_counter() > self.deadline:
            raise Stop("limit", f"the program ran past {self.limits.timeout_s} s (timeout_s)")

    def _note(self, message: str) -> None:
        self.notes.append(Note(line=self.line, message=message))

    # --- statements --------------------------------------------------------------------------------

    def _statement(self, stmt: ast.stmt) -> None:
        self._tick()
        if isinstance(stmt, ast.Expr):
            self.eval(stmt.value)
        elif isinstance(stmt, ast.Assign):
            value = self.eval(stmt.value)
            for target in stmt.targets:
                self._assign(target, value)
        elif isinstance(stmt, ast.AugAssign):
            name = stmt.target.id  # the checker allows plain names only
            current = self._lookup(name)
            self.env[name] = self._binops[type(stmt.op)](current, self.eval(stmt.value), self.limits)
        elif isinstance(stmt, ast.Import):
            for alias in stmt.names:
                self.imported.add(alias.name)
                self.env[alias.asname or alias.name] = self.modules[alias.name]
        elif isinstance(stmt, ast.ImportFrom):
            module = self.modules[stmt.module]
            self.imported.add(stmt.module)
            for alias in stmt.names:
                self.env[alias.asname or alias.name] = self._read_attr(module, alias.name, stmt.module)
        elif isinstance(stmt, ast.Pass):
            pass
        else:  # the checker refuses every other statement; this guards against a checker gap
            raise Stop("forbidden", f"`{type(stmt).__name__}` statements are not allowed")

    def _assign(self, target: ast.expr, value: Any) -> None:
        if isinstance(target, ast.Name):
            self.env[target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            if not isinstance(value, (list, tuple)):
                raise V.ProgramValueError(f"cannot unpack {V.describe(value)} into {len(target.elts)} names")
            if len(value) != len(target.elts):
                raise V.ProgramValueError(f"cannot unpack {len(value)} values into {len(target.elts)} names")
            for sub_target, item in zip(target.elts, value):
                self._assign(sub_target, item)
        elif isinstance(target, ast.Attribute):
            obj = self.eval(target.value)
            if not isinstance(obj, ToolObject):
                raise V.ForbiddenOperation(f"cannot set `.{target.attr}` on {V.describe(obj)}")
            canonical = type(obj).resolve_set(target.attr)
            if canonical is None:
                settable = ", ".join(sorted(type(obj).settable)) or "none"
                raise V.ForbiddenOperation(
                    f"`{target.attr}` of {V.describe(obj)} cannot be assigned; settable names: {settable}"
                )
            self._tool_call(f"setting .{canonical}", setattr, obj, canonical, value)
        elif isinstance(target, ast.Subscript):
            container = self.eval(target.value)
            key = self.eval(target.slice)
            if type(container) is dict:
                hash_check(key)
                container[key] = value
                measure(container, self.limits)
            elif type(container) is list and isinstance(key, int) and not isinstance(key, bool):
                try:
                    container[key] = value
                except IndexError:
                    raise V.ProgramValueError(
                        f"index {key} is out of range for a list of {len(container)}"
                    ) from None
                measure(container, self.limits)
            else:
                raise V.ForbiddenOperation(
                    f"cannot assign an item of {V.describe(container)} with {V.describe(key)}"
                )
        else:  # pragma: no cover - refused by the checker
            raise Stop("forbidden", f"assigning to a {type(target).__name__} is not allowed")

    # --- expressions -------------------------------------------------------------------------------

    def eval(self, node: ast.expr) -> Any:
        # _tick's common case inlined (this runs once per expression node); _tick does the checks.
        steps = self.steps + 1
        if steps > self.limits.max_steps or steps % _TIME_CHECK_EVERY == 0:
            self._tick()
        else:
            self.steps = steps
        handler = self._expr.get(type(node))
        if handler is None:  # the checker refuses these; guard against a checker gap
            raise Stop("forbidden", f"`{type(node).__name__}` is not allowed")
        return handler(node)

    def _constant(self, node: ast.Constant) -> Any:
        return node.value

    def _lookup(self, name: str) -> Any:
        env = self.env
        if name in env:
            return env[name]
        alias = _RECORDER_ALIASES.get(name)
        if alias is not None and alias in env:
            self._note(
                f"`{name}` is not defined; used `{alias}` (a known defect of the original ground truth)"
            )
            return env[alias]
        if name in self.modules and self.imported:
            # Catalog §8.2: the ground truth imports testf and still writes PDFbf.manipulate_draw.
            self._note(
                f"`{name}` was not imported; resolved to the {name} module as the original harness did"
            )
            return self.modules[name]
        if name in self.builtins:
            return self.builtins[name]
        if hasattr(builtins, name):
            allowed = ", ".join(sorted(self.builtins))
            raise Stop(
                "forbidden", f"the builtin `{name}` is not available; a program may call only {allowed}"
            )
        if name in self.modules:
            raise Stop("name", f"name `{name}` is not defined (missing `import {name}`?)")
        raise Stop("name", f"name `{name}` is not defined")

    def _name(self, node: ast.Name) -> Any:
        return self._lookup(node.id)

    def _list(self, node: ast.List) -> list[Any]:
        result = [self.eval(e) for e in node.elts]
        measure(result, self.limits)
        return result

    def _tuple(self, node: ast.Tuple) -> tuple[Any, ...]:
        result = tuple(self.eval(e) for e in node.elts)
        measure(result, self.limits)
        return result

    def _set(self, node: ast.Set) -> set[Any]:
        items = [self.eval(e) for e in node.elts]
        for item in items:
            hash_check(item)
        return set(items)

    def _dict(self, node: ast.Dict) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in zip(node.keys, node.values):
            key = self.eval(key_node)
            hash_check(key)
            result[key] = self.eval(value_node)
        measure(result, self.limits)
        return result

    def _read_attr(self, obj: Any, attr: str, owner: str) -> Any:
        if not isinstance(obj, ToolObject):
            raise V.ForbiddenOperation(
                f"reading `.{attr}` of {V.describe(obj)} is not allowed; only tool objects have attributes"
            )
        canonical = type(obj).resolve_attr(attr)
        if canonical is None:
            raise V.ForbiddenOperation(f"{V.describe(obj)} has no `{attr}`; it offers: {_offer(obj)}")
        value = self._tool_call(f"{owner}.{canonical}", getattr, obj, canonical)
        if callable(value) and not isinstance(value, ToolObject):
            return V.ToolCallable(f"{owner}.{canonical}", value)
        return value

    def _attribute(self, node: ast.Attribute) -> Any:
        obj = self.eval(node.value)
        if isinstance(obj, dict) and node.attr == "get":
            raise V.ForbiddenOperation("`.get` of a dict may only be called directly: `d.get(key)`")
        return self._read_attr(obj, node.attr, _owner_name(node.value, obj))

    def _call(self, node: ast.Call) -> Any:
        func = node.func
        if isinstance(func, ast.Attribute):
            obj = self.eval(func.value)
            if isinstance(obj, dict) and func.attr == "get":
                return self._dict_get(obj, node)
            if not isinstance(obj, ToolObject):
                raise V.ForbiddenOperation(
                    f"calling `.{func.attr}()` on {V.describe(obj)} is not allowed; "
                    "only tool objects have methods (and dicts have `.get`)"
                )
            target = self._read_attr(obj, func.attr, _owner_name(func.value, obj))
        else:
            target = self.eval(func)
        args = [self.eval(a) for a in node.args]
        kwargs = {kw.arg: self.eval(kw.value) for kw in node.keywords}
        if isinstance(target, V.Builtin):
            return target.fn(*args, **kwargs)
        if isinstance(target, V.ToolCallable):
            result = self._tool_call(target.name, target.fn, *args, **kwargs)
            if callable(result) and not isinstance(result, ToolObject):
                return V.ToolCallable(f"{target.name}(...)", result)
            return result
        raise V.ProgramValueError(f"{V.describe(target)} is not callable")

    def _dict_get(self, obj: dict[Any, Any], node: ast.Call) -> Any:
        if node.keywords or not 1 <= len(node.args) <= 2:
            raise V.ProgramValueError("`.get` takes a key and an optional default: `d.get(key, default)`")
        key = self.eval(node.args[0])
        hash_check(key)
        default = self.eval(node.args[1]) if len(node.args) == 2 else None
        return obj.get(key, default)

    def _tool_call(self, name: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Call into the tools; their failures end the run as kind ``tool``.

        Time spent inside a tool (opening, editing and saving a real PDF) does not count against
        ``timeout_s``: the deadline bounds the program's own work, so whether a program is executable never
        depends on how fast the effect layer or the machine is. Tool calls are bounded by ``max_steps``.
        """
        started = time.perf_counter()
        try:
            result = fn(*args, **kwargs)
            if isinstance(result, (str, list, tuple, dict)):
                measure(result, self.limits)  # what a tool hands the program is a value like any other
            return result
        except ToolOutputTooLarge as exc:
            raise Stop("limit", f"{name}: limit exceeded: {exc}") from None
        except ToolUsageError as exc:
            raise Stop("tool", f"{name}: {exc}") from None
        except TypeError as exc:  # wrong arity or an unknown keyword the tool did not catch itself
            raise Stop("tool", f"{name}: {exc}") from None
        except MemoryError:
            raise Stop("limit", f"{name} ran out of memory") from None
        except Exception as exc:
            logger.debug("tool %s failed", name, exc_info=True)
            raise Stop("tool", f"{name} failed: {type(exc).__name__}: {V.clip(str(exc))}") from None
        finally:
            self.deadline += time.perf_counter() - started

    def _subscript(self, node: ast.Subscript) -> Any:
        container = self.eval(node.value)
        if isinstance(node.slice, ast.Slice):
            if not isinstance(container, (str, list, tuple)):
                raise V.ProgramValueError(f"cannot slice {V.describe(container)}")
            parts = [
                None if p is None else self.eval(p)
                for p in (node.slice.lower, node.slice.upper, node.slice.step)
            ]
            if any(p is not None and not isinstance(p, int) for p in parts) or parts[2] == 0:
                raise V.ProgramValueError("slice bounds must be ints (and the step not 0)")
            part = container[slice(*parts)]
            measure(part, self.limits)  # a slice is a new value like any other: it is measured
            return part
        key = self.eval(node.slice)
        if isinstance(container, (str, list, tuple)):
            if not isinstance(key, int):
                raise V.ProgramValueError(
                    f"{V.describe(container)} is indexed by an int, not {V.describe(key)}"
                )
            try:
                return container[key]
            except IndexError:
                raise V.ProgramValueError(
                    f"index {key} is out of range for {V.describe(container)} of {len(container)}"
                ) from None
        if isinstance(container, dict):
            hash_check(key)
            if key not in container:
                raise V.ProgramValueError(f"key {V.short(key)} is not in the dict; keys: {_keys(container)}")
            return container[key]
        if isinstance(container, ToolObject):
            raise V.ForbiddenOperation(f"indexing {V.describe(container)} is not allowed")
        raise V.ProgramValueError(f"cannot index {V.describe(container)}")

    def _binop(self, node: ast.BinOp) -> Any:
        left = self.eval(node.left)
        right = self.eval(node.right)
        return self._binops[type(node.op)](left, right, self.limits)

    def _unaryop(self, node: ast.UnaryOp) -> Any:
        operand = self.eval(node.operand)
        return (
            V.negate(operand, self.limits) if isinstance(node.op, ast.USub) else V.plus(operand, self.limits)
        )

    def _joinedstr(self, node: ast.JoinedStr) -> str:
        parts: list[str] = []
        total = 0
        for value in node.values:
            if isinstance(value, ast.Constant):
                text = value.value
            else:  # FormattedValue; the checker allows only constant format specs
                spec = "".join(v.value for v in value.format_spec.values) if value.format_spec else ""
                text = V.to_text(self.eval(value.value), self.limits, value.conversion, spec)
            total += len(text)
            if total > self.limits.max_value_size:
                raise LimitExceeded(
                    f"a string longer than {self.limits.max_value_size} characters (max_value_size)"
                )
            parts.append(text)
        return "".join(parts)


def hash_check(key: Any) -> None:
    try:
        hash(key)  # also a tuple holding a list
    except TypeError:
        raise V.ProgramValueError(f"{V.describe(key)} cannot be a dict key or set item") from None


def _keys(container: dict[Any, Any]) -> str:
    keys = [V.short(k, 30) for k in list(container)[:10]]
    return ", ".join(keys) + (" ..." if len(container) > 10 else "")


def _offer(obj: ToolObject) -> str:
    names = sorted(type(obj).exposed)
    shown = ", ".join(names[:30])
    return (shown + (" ..." if len(names) > 30 else "")) or "nothing"


def _owner_name(node: ast.expr, obj: Any) -> str:
    if isinstance(node, ast.Name):
        return node.id
    return type(obj).__name__
