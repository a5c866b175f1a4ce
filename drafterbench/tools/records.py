"""Building the trace records of a call (Argument, ToolCall, Block) without validating them again.

Recording a 40-call program builds about 120 of these records, and pydantic's ``__init__`` validates
every field of each (2 to 3 µs a record, a fifth of the recording time), although every value comes
from the tools with its final type already: names and errors are ``str``, flags ``bool``, roles and
provenances enum members, lines ``int | None``, and ``value`` is ``Any``. The builders here produce the
object ``Model(**fields)`` would (same ``__dict__`` in field order, same fields-set, no extra, no
private state), the way ``BaseModel.model_construct`` does but without its generic per-field loop.

That shortcut is only sound for models without validators, private attributes, extra fields or
post-init hooks, and it relies on how pydantic lays out an instance; both are checked once at import
against real validated samples, and any difference switches back to the validating constructors.
``tests/tools/test_records.py`` checks the same on every kind of record the tools write.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import BaseModel

from drafterbench.tools.trace import (
    ArgRole,
    Argument,
    Block,
    BlockRole,
    EffectStatus,
    Provenance,
    ToolCall,
)

log = logging.getLogger(__name__)

_new = object.__new__
_set = object.__setattr__
_ARGUMENT_FIELDS = frozenset(Argument.model_fields)
_CALL_GIVEN = frozenset({"tool", "arguments", "line"})
_BLOCK_GIVEN = frozenset({"cls", "role", "arguments", "line"})


def _argument(
    name: str,
    value: Any,
    valid: bool,
    provenance: Provenance,
    necessary: bool,
    role: ArgRole,
    vague_capable: bool,
    error: str | None,
) -> Argument:
    arg = _new(Argument)
    _set(arg, "__dict__", {
        "name": name, "value": value, "valid": valid, "provenance": provenance, "necessary": necessary,
        "role": role, "vague_capable": vague_capable, "error": error,
    })  # fmt: skip
    _set(arg, "__pydantic_fields_set__", set(_ARGUMENT_FIELDS))
    _set(arg, "__pydantic_extra__", None)
    _set(arg, "__pydantic_private__", None)
    return arg


def _call(tool: str, arguments: list[Argument], line: int | None) -> ToolCall:
    call = _new(ToolCall)
    _set(call, "__dict__", {
        "tool": tool, "arguments": arguments, "line": line, "saved": False, "effect": EffectStatus.OFF,
        "warning": None,
    })  # fmt: skip
    _set(call, "__pydantic_fields_set__", set(_CALL_GIVEN))
    _set(call, "__pydantic_extra__", None)
    _set(call, "__pydantic_private__", None)
    return call


def _block(cls: str, role: BlockRole, arguments: list[Argument], line: int | None) -> Block:
    block = _new(Block)
    _set(block, "__dict__", {
        "cls": cls, "role": role, "arguments": arguments, "calls": [], "line": line, "saved": False,
    })  # fmt: skip
    _set(block, "__pydantic_fields_set__", set(_BLOCK_GIVEN))
    _set(block, "__pydantic_extra__", None)
    _set(block, "__pydantic_private__", None)
    return block


def _validated_argument(
    name: str,
    value: Any,
    valid: bool,
    provenance: Provenance,
    necessary: bool,
    role: ArgRole,
    vague_capable: bool,
    error: str | None,
) -> Argument:
    return Argument(
        name=name, value=value, valid=valid, provenance=provenance, necessary=necessary, role=role,
        vague_capable=vague_capable, error=error,
    )  # fmt: skip


def _validated_call(tool: str, arguments: list[Argument], line: int | None) -> ToolCall:
    return ToolCall(tool=tool, arguments=arguments, line=line)


def _validated_block(cls: str, role: BlockRole, arguments: list[Argument], line: int | None) -> Block:
    return Block(cls=cls, role=role, arguments=arguments, line=line)


def _plain_model(cls: type[BaseModel]) -> bool:
    """No validators, private attributes, extra fields or hooks: validation only checks the types."""
    decorators = cls.__pydantic_decorators__
    return not (
        decorators.validators
        or decorators.field_validators
        or decorators.root_validators
        or decorators.model_validators
        or cls.__private_attributes__
        or cls.__pydantic_post_init__
        or cls.__pydantic_root_model__
        or cls.model_config.get("extra") == "allow"
    )


def same_record(a: BaseModel, b: BaseModel) -> bool:
    """Two instances hold the same state: fields (in order), fields-set, extra and private parts."""
    return (
        type(a) is type(b)
        and list(a.__dict__.items()) == list(b.__dict__.items())
        and a.__pydantic_fields_set__ == b.__pydantic_fields_set__
        and a.__pydantic_extra__ == b.__pydantic_extra__
        and a.__pydantic_private__ == b.__pydantic_private__
        and a.model_dump_json() == b.model_dump_json()
    )


def _shortcut_holds() -> bool:
    if not all(_plain_model(m) for m in (Argument, ToolCall, Block)):
        return False
    sample = ("pagenumber", [1, {"a": None}], False, Provenance.LITERAL, True, ArgRole.TRANSFERRED, True, "e")
    arg, ref = _argument(*sample), _validated_argument(*sample)
    return (
        same_record(arg, ref)
        and same_record(_call("update_draw", [arg], 7), _validated_call("update_draw", [ref], 7))
        and same_record(
            _block("selector", BlockRole.SELECTOR, [arg], None),
            _validated_block("selector", BlockRole.SELECTOR, [ref], None),
        )
    )


FAST = _shortcut_holds()
if FAST:
    new_argument, new_call, new_block = _argument, _call, _block
else:  # pragma: no cover - a pydantic release that lays instances out differently
    log.info("trace records are built by their validating constructors (the shortcut does not hold)")
    new_argument, new_call, new_block = _validated_argument, _validated_call, _validated_block

__all__ = ["FAST", "new_argument", "new_block", "new_call", "same_record"]
