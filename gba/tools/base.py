"""What a tool is: a name, a description the planner reads, and `run(request, task, steps)`.

A tool turns the planner's informal task into a concrete action (often with its own LLM
call under a schema) and returns an observation. Raising is allowed: the agent turns any
exception into an observation and keeps going.

Leaves out the tools themselves and condensing long observations (gba.agent).

>>> class Echo(Tool):
...     name = "echo"
...     description = "Repeats the task."
...     def run(self, request, task, previous_steps):
...         return ToolResult(text=task)
>>> Echo()("req", "hello", []).text
'hello'
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from pydantic import BaseModel, Field

from gba.client.base import Usage
from gba.text import clip
from gba.trajectory import Step


class ToolResult(BaseModel):
    """An observation plus what produced it."""

    text: str
    sources: list[str] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    data: dict[str, Any] = Field(default_factory=dict, description="tool-specific details")
    is_final: bool = Field(default=False, description="True ends the run (final answer)")
    error: str | None = None


class Tool(ABC):
    """Base class of all tools. Subclasses set `name` and `description` and implement `run`."""

    name: str = ""
    description: str = ""

    @abstractmethod
    def run(self, request: str, task: str, previous_steps: list[Step]) -> ToolResult | str:
        """Carry out `task` (written by the planner) for `request`, given earlier steps."""

    def __call__(self, request: str, task: str, previous_steps: list[Step]) -> ToolResult:
        out = self.run(request, task, previous_steps)
        return out if isinstance(out, ToolResult) else ToolResult(text=str(out))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


def format_steps(steps: list[Step], max_chars: int | None = None) -> str:
    """Previous steps as plain text (task, then observation) for tool prompts."""
    lines = []
    for step in steps:
        obs = step.observation if max_chars is None else clip(step.observation, max_chars)
        lines.append(f"Step {step.index + 1} ({step.tool}): {step.plan.task}\nResult: {obs}")
    return "\n".join(lines) if lines else "(none)"
