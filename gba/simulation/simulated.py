"""Tools played by an LLM teacher, and a user played by an LLM (or scripted answers).

Each `SimulatedTool` carries its real counterpart's name and description (what the planner
reads) and asks the teacher for an observation in that tool's style (prompts/tools.json:
"answer (Sources: Title)" for search_wikipedia, "result = 425 (code: ...)" for
calculate_number, ...). Failure injection works like the scripted world's: with probability
`rate` a call of a failing tool fails; half of those failures (`partial_share`) return a
partial observation the teacher writes without the asked-for value, the rest the real tool's
no-answer text, with no model call. The random draws are seeded per request, so reruns fail
at the same steps.

Leaves out checking the simulated facts (the judge rates trajectories afterwards).

>>> import random
>>> from gba.client.fake import FakeClient
>>> fake = FakeClient([{"observation": "Rome has 2.8 million people. (Sources: Rome)"}])
>>> tool = SimulatedTool("search_wikipedia", fake, random.Random(0))
>>> result = tool("How big is Rome?", "Find the population of Rome.", [])
>>> result.text, result.sources
('Rome has 2.8 million people. (Sources: Rome)', ['Rome'])
"""

from __future__ import annotations

import random
import re

from pydantic import BaseModel, Field

from gba.client.base import LLMClient, Message
from gba.simulation.teacher_requests import prompt_text, tool_styles
from gba.tools.ask_user import AskUser, ScriptedAnswers
from gba.tools.base import Tool, ToolResult, format_steps
from gba.trajectory import Step

SOURCES = re.compile(r"\(Sources?:\s*([^)]*)\)\s*$")
FAILING_TOOLS = ("search_wikipedia", "search_internet")


class FailureInjection(BaseModel):
    """How often simulated tools fail (the scripted world's default: 15% of searches)."""

    rate: float = Field(default=0.15, ge=0.0, le=1.0)
    partial_share: float = Field(default=0.5, ge=0.0, le=1.0,
                                 description="share of failures that give a partial answer")
    tools: list[str] = Field(default_factory=lambda: list(FAILING_TOOLS))


class Observation(BaseModel):
    """What a simulated tool returns (the teacher's structured output)."""

    observation: str = Field(min_length=1, max_length=600,
                             description="the tool's output, in its usual style")


class UserReply(BaseModel):
    """What the simulated user answers."""

    answer: str = Field(min_length=1, max_length=300, description="the user's short reply")


def sources_in(text: str) -> list[str]:
    """Titles or URLs cited as '(Sources: a; b)' at the end of an observation.

    >>> sources_in("Paris is the capital. (Sources: Paris; France)")
    ['Paris', 'France']
    """
    match = SOURCES.search(text.strip())
    if not match:
        return []
    parts = re.split(r";|,\s+(?=https?://)", match.group(1))
    return [p.strip() for p in parts if p.strip()]


class SimulatedTool(Tool):
    """A tool whose observations the teacher writes in the real tool's style."""

    def __init__(self, name: str, client: LLMClient, rng: random.Random, *,
                 failure: FailureInjection | None = None, max_tokens: int = 300,
                 temperature: float = 0.3):
        styles = tool_styles()
        if name not in styles:
            raise ValueError(f"no simulated tool named {name!r}; known: {', '.join(styles)}")
        self.name, self.client, self.rng = name, client, rng
        self.style = styles[name]
        self.description = self.style["description"]
        self.failure = failure or FailureInjection(rate=0.0)
        self.max_tokens, self.temperature = max_tokens, temperature

    def messages(self, request: str, task: str, steps: list[Step], partial: bool = False
                 ) -> list[Message]:
        """The teacher's prompt for one observation."""
        system = prompt_text("tool.system.txt").format(
            name=self.name, description=self.description, style=self.style["style"],
            example=self.style["example"],
            mode=prompt_text("tool.partial.txt").rstrip() if partial else "")
        user = prompt_text("tool.user.txt").format(
            request=request, steps=format_steps(steps, max_chars=400), name=self.name, task=task)
        return [Message(role="system", content=system), Message(role="user", content=user)]

    def run(self, request: str, task: str, previous_steps: list[Step]) -> ToolResult:
        failing = self.name in self.failure.tools and self.rng.random() < self.failure.rate
        partial = failing and self.rng.random() < self.failure.partial_share
        if failing and not partial:
            text = self.style["no_answer"].format(task=task.strip())
            return ToolResult(text=text, data={"simulated": True, "injected": "no_answer"})
        completion = self.client.complete(self.messages(request, task, previous_steps, partial),
                                          Observation, max_tokens=self.max_tokens,
                                          temperature=self.temperature)
        text = " ".join(completion.parsed.observation.split())
        data = {"simulated": True, **({"injected": "partial"} if partial else {})}
        return ToolResult(text=text, sources=sources_in(text), usage=completion.usage, data=data)


class SimulatedUser(AskUser):
    """`ask_user` answered by the teacher playing the person who sent the request."""

    def __init__(self, client: LLMClient, *, max_tokens: int = 120, temperature: float = 0.7):
        super().__init__(input_fn=lambda question: "")
        self.client, self.max_tokens, self.temperature = client, max_tokens, temperature

    def run(self, request: str, task: str, previous_steps: list[Step]) -> ToolResult:
        messages = [Message(role="system", content=prompt_text("user.system.txt")),
                    Message(role="user", content=prompt_text("user.user.txt").format(
                        request=request, question=task))]
        completion = self.client.complete(messages, UserReply, max_tokens=self.max_tokens,
                                          temperature=self.temperature)
        return ToolResult(text=completion.parsed.answer.strip() or "(the user gave no answer)",
                          usage=completion.usage, data={"simulated": True})


def scripted_user(answers: dict[str, str] | list[str] | None = None,
                  default: str = "I'd rather not say; use a typical value.") -> AskUser:
    """`ask_user` with scripted answers (a dict of question keywords, or a list in order)."""
    return AskUser(ScriptedAnswers(answers or {}, default=default))
