"""The 12 DrafterBench task types (shared by tools, tasks, scoring and reports)."""

from __future__ import annotations

from enum import Enum


class TaskType(str, Enum):
    ADD_TEXT = "add_text"
    ADD_TABLE = "add_table"
    ADD_VECTOR = "add_vector"
    DELETE_VECTOR = "delete_vector"
    MAP_TABLE = "map_table"
    MAP_TEXT = "map_text"
    MAP_VECTOR = "map_vector"
    REFRESH_TABLE = "refresh_table"
    REFRESH_TEXT = "refresh_text"
    REFRESH_VECTOR = "refresh_vector"
    REVISE_TABLE = "revise_table"
    REVISE_TEXT = "revise_text"

    @classmethod
    def parse(cls, value: str) -> "TaskType":
        """``TaskType`` from its name, or a ValueError that lists the valid names."""
        try:
            return cls(value)
        except ValueError:
            valid = ", ".join(t.value for t in cls)
            raise ValueError(f"unknown task type {value!r}; valid types: {valid}") from None
