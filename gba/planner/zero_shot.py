"""Zero-shot planner: any instruct model, with every tool described in the prompt.

Leaves out examples: the prompt only describes the tools and the fields.

>>> from gba.client.fake import FakeClient
>>> from gba.tools.final_answer import FinalAnswer
>>> fake = FakeClient([{"context_information_summary": "", "thoughts": "easy",
...                     "task": "Say hello.", "selected_tool": "final_answer"}])
>>> planner = ZeroShotPlanner(fake, [FinalAnswer(fake)])
>>> planner.plan("Greet me", [])[0].selected_tool
'final_answer'
"""

from __future__ import annotations

from gba.client.base import LLMClient, Message
from gba.planner.base import Planner, Turn
from gba.planner.schema import FIELD_DOCS
from gba.tools.base import Tool
from gba.trajectory import Step

SYSTEM = """You are the planner of an assistant that answers a user's request step by step.
At each step you do not call tools yourself: you write the task for the next step and pick
the tool that will carry it out. The tools are:
{tools}

Answer with a JSON object with these fields:
{fields}
Rules: write the task so the tool can do it without seeing anything else (put names, numbers
and other values into it). Use one step per tool call. When the request can be answered from
what is known, select {final_tool}."""

USER = """{history}Request: {request}

Previous steps:
{steps}

Plan the next step."""


def format_history(history: list[Turn] | None) -> str:
    if not history:
        return ""
    turns = "\n".join(f"User: {t.request}\nAssistant: {t.answer}" for t in history)
    return f"Earlier conversation:\n{turns}\n\n"


def format_plan_steps(steps: list[Step]) -> str:
    if not steps:
        return "(none yet)"
    return "\n".join(
        f"{s.index + 1}. task: {s.plan.task}\n   tool: {s.plan.selected_tool}\n"
        f"   result: {s.observation}" for s in steps
    )


class ZeroShotPlanner(Planner):
    """Planner for a model that was never trained on this format: the prompt explains tools
    and fields."""

    name = "zero-shot"

    def __init__(self, client: LLMClient, tools: list[Tool], final_tool: str = "final_answer",
                 **kwargs):
        super().__init__(client, [t.name for t in tools], **kwargs)
        self.tools = tools
        self.final_tool = final_tool
        self.system = SYSTEM.format(
            tools="\n".join(f"- {t.name}: {t.description}" for t in tools),
            fields="\n".join(f"- {k}: {v}" for k, v in FIELD_DOCS.items()),
            final_tool=final_tool,
        )

    def build_prompt(self, request: str, steps: list[Step], history: list[Turn] | None = None):
        user = USER.format(history=format_history(history), request=request,
                           steps=format_plan_steps(steps))
        return [Message(role="system", content=self.system), Message(role="user", content=user)]
