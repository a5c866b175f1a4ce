"""The compact prompt drafterbench-tiny reads: the task type, a newline, the instruction.

The tokenizers carry a chat template that renders each message as ``<|im_start|>{content}<|im_end|>\\n``,
so the local backend's ordinary chat encoding produces exactly the ids the model was trained on.
"""

from __future__ import annotations

from drafterbench.tasktypes import TaskType

#: Renders messages the way the training corpus does; no role names (there is only ever one user turn).
CHAT_TEMPLATE = "{% for m in messages %}<|im_start|>{{ m['content'] }}<|im_end|>\n{% endfor %}"

#: Longest program the model writes, in target tokens (the longest train-split program is ~1,650).
MAX_NEW_TOKENS = 2048


def compact_prompt(task_type: TaskType | str, instruction: str) -> str:
    """``"add_vector\\nThis is about my elevation.pdf. ..."``."""
    name = task_type.value if isinstance(task_type, TaskType) else str(task_type)
    return f"{name}\n{instruction}"
