"""Fine-tuned planner: a minimal prompt with no tool list, since the tools are learned.

`planner_prompt` is the one function that builds this prompt, for inference here and for
the training examples that dataset packaging writes later, so the two match byte for byte.
The prompt is a raw string in ChatML form (the chat format SmolLM2 and many small models use),
sent as is rather than through a server-side template.

Leaves out the tool list (the model learned its tools) and the plan schema (schema.py).

>>> print(planner_prompt("What is 2+2?", []))  # doctest: +NORMALIZE_WHITESPACE
<|im_start|>user
Request: What is 2+2?
Previous steps: none
Plan the next step.<|im_end|>
<|im_start|>assistant
<BLANKLINE>
"""

from __future__ import annotations

from gba.client.base import LLMClient
from gba.planner.base import Planner, Turn
from gba.trajectory import Step

INSTRUCTION = "Plan the next step."
END_OF_TURN = "<|im_end|>"  # ChatML's end of a turn: it closes every target in training too


def format_steps_compact(steps: list[Step]) -> str:
    if not steps:
        return "none"
    return "".join(
        f"\n{s.index + 1}. [{s.plan.selected_tool}] {s.plan.task}\n-> {s.observation}"
        for s in steps
    )


def planner_prompt(request: str, steps: list[Step], history: list[Turn] | None = None) -> str:
    """The fine-tuned planner's prompt (training and inference). Append the plan JSON and
    `END_OF_TURN` to get a training example."""
    lines = []
    for turn in history or []:
        lines.append(f"Earlier request: {turn.request}\nEarlier answer: {turn.answer}")
    lines.append(f"Request: {request}")
    lines.append(f"Previous steps: {format_steps_compact(steps)}")
    lines.append(INSTRUCTION)
    body = "\n".join(lines)
    return f"<|im_start|>user\n{body}{END_OF_TURN}\n<|im_start|>assistant\n"


class FineTunedPlanner(Planner):
    """Planner for a model fine-tuned on simulated trajectories. `tool_names` are the names it
    learned; the agent maps them to real tools with aliases where they differ."""

    name = "fine-tuned"

    def __init__(self, client: LLMClient, tool_names: list[str], **kwargs):
        super().__init__(client, tool_names, **kwargs)

    def build_prompt(self, request: str, steps: list[Step], history: list[Turn] | None = None) -> str:
        return planner_prompt(request, steps, history)
