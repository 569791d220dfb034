"""The plan schema: what a planner writes at each step.

The tool field is an enum of the tools actually available, so even a tiny model under
grammar cannot name a tool that does not exist. Field order matters: the model summarizes
what it knows, thinks, then writes the task, and picks the tool last. Fields, order and
descriptions are those of the stored record (gba.trajectory.PlanRecord).

Leaves out the prompt that asks for a plan (zero_shot.py, fine_tuned.py).

>>> Plan = plan_model(("search_wikipedia", "final_answer"))
>>> Plan.model_json_schema()["properties"]["selected_tool"]["enum"]
['search_wikipedia', 'final_answer']
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from pydantic import BaseModel, Field, create_model

from gba.grammar import constrained
from gba.trajectory import PlanRecord

# The fields, their order and descriptions come from the stored record, so the two cannot
# drift apart; the planner prompt lists FIELD_DOCS.
FIELD_DOCS = {name: field.description for name, field in PlanRecord.model_fields.items()}


# Caps keep a small model from rambling inside one string until max_tokens runs out; the
# grammar enforces them while decoding (JSON schema maxLength).
MAX_CHARS = {"context_information_summary": 200, "thoughts": 150, "task": 200}

# Where a plan decides the next tool: the first tokens of `thoughts` (its reason names the
# tool, "All numbers are in the request.") and the tool's name. Training may weight the loss
# there (TrainConfig.decision_weight): one token among a plan's sixty decides the step.
DECISION_FIELDS = {"thoughts": 3, "selected_tool": 6}  # field -> tokens of its value


@cache
def plan_model(tool_names: tuple[str, ...]) -> type[BaseModel]:
    """A pydantic plan model whose `selected_tool` is restricted to `tool_names`: PlanRecord's
    fields, all required, text capped at MAX_CHARS."""
    if not tool_names:
        raise ValueError("a planner needs at least one tool")
    fields: dict = {}
    for name, field in PlanRecord.model_fields.items():
        if name == "selected_tool":
            fields[name] = (Literal[tool_names], Field(description=field.description))  # type: ignore[valid-type]
        else:
            fields[name] = (field.annotation,
                            Field(description=field.description, max_length=MAX_CHARS[name]))
    return create_model("Plan", **fields)


# The reason a plan gives for a tool when the agent sets the tool (gba.own_facts): one of the
# reasons the simulation trains the planner with (gba.simulation.oracle.WHY), so the task the
# model writes after it is the kind that tool's steps had in training (a question to the user).
REASONS = {"ask_user": "I need the user's own number.", "final_answer": "I can answer now.",
           "calculate_number": "Now I can compute it."}


@cache
def forced_plan_model(tool_names: tuple[str, ...], tool: str) -> type[BaseModel]:
    """`plan_model(tool_names)` with `selected_tool` fixed to `tool` and `thoughts` to its
    REASONS entry (a grammar pattern); the model still writes the summary and the task. It
    shares the plan role's KV cache and prompt prefix (gba.grammar.role_of).

    >>> Forced = forced_plan_model(("search_wikipedia", "ask_user"), "ask_user")
    >>> schema = Forced.model_json_schema()["properties"]
    >>> schema["selected_tool"]["const"], bool(re.fullmatch(schema["thoughts"]["pattern"],
    ...                                                       REASONS["ask_user"]))
    ('ask_user', True)
    """
    base = plan_model(tool_names)
    field = PlanRecord.model_fields["selected_tool"]
    fixed = create_model("Plan", __base__=base, selected_tool=(
        Literal[(tool,)], Field(description=field.description)))  # type: ignore[valid-type]
    variant = constrained(fixed, "thoughts", "^" + re.escape(REASONS[tool]) + "$")
    variant.__gba_role__ = base  # type: ignore[attr-defined]
    return variant
