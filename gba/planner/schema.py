"""The plan schema: what a planner writes at each step.

The tool field is an enum of the tools actually available, so even a tiny model under
grammar cannot name a tool that does not exist. Field order matters: the model summarizes
what it knows, thinks, then writes the task, and picks the tool last.

>>> Plan = plan_model(("search_wikipedia", "final_answer"))
>>> Plan.model_json_schema()["properties"]["selected_tool"]["enum"]
['search_wikipedia', 'final_answer']
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import BaseModel, Field, create_model

FIELD_DOCS = {
    "context_information_summary": "what is known so far from the request and earlier steps, "
    "with the concrete values needed next",
    "thoughts": "brief reasoning about what is still missing and how to get it",
    "task": "the next step as an instruction to the tool, including every input value it needs",
    "selected_tool": "the tool that carries out the task",
}


# Caps keep a small model from rambling inside one string until max_tokens runs out; the
# grammar enforces them while decoding (JSON schema maxLength).
MAX_CHARS = {"context_information_summary": 200, "thoughts": 150, "task": 200}


@cache
def plan_model(tool_names: tuple[str, ...]) -> type[BaseModel]:
    """A pydantic plan model whose `selected_tool` is restricted to `tool_names`."""
    if not tool_names:
        raise ValueError("a planner needs at least one tool")
    return create_model(
        "Plan",
        **{name: (str, Field(description=FIELD_DOCS[name], max_length=limit))
           for name, limit in MAX_CHARS.items()},
        selected_tool=(Literal[tool_names], Field(description=FIELD_DOCS["selected_tool"])),  # type: ignore[valid-type]
    )
