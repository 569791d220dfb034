"""What every planner shares: history formatting, context fitting and the plan call.

A planner turns (request, previous steps) into a `PlanRecord`. Subclasses decide only how
the prompt looks (`build_prompt`); `plan` fits the prompt into the model's context by
trimming the oldest observations first, then calls the model under the plan schema.

Leaves out the prompt's wording (zero_shot.py, fine_tuned.py) and running tools (gba.agent).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass

from gba.client.base import Completion, LLMClient, Prompt
from gba.errors import ContextOverflowError
from gba.planner.schema import forced_plan_model, plan_model
from gba.text import clip
from gba.trajectory import PlanRecord, Step

TRIMMED_OBSERVATION_CHARS = 200  # what is left of an old observation when the prompt is too long


@dataclass
class Turn:
    """An earlier request and its answer (conversational mode)."""

    request: str
    answer: str


class Planner(ABC):
    """Base planner. `tool_names` are the names the planner may select."""

    name = "planner"

    def __init__(self, client: LLMClient, tool_names: list[str], *, max_tokens: int = 640,
                 temperature: float = 0.0):
        self.client = client
        self.tool_names = tuple(tool_names)
        self.schema = plan_model(self.tool_names)
        self.max_tokens = max_tokens
        self.temperature = temperature

    @abstractmethod
    def build_prompt(self, request: str, steps: list[Step], history: list[Turn] | None = None) -> Prompt:
        """The prompt for planning the next step."""

    def plan(self, request: str, steps: list[Step], history: list[Turn] | None = None,
             tool: str | None = None) -> tuple[PlanRecord, Completion]:
        """Plan the next step (with `tool`: a step with that tool, its reason set by
        gba.planner.schema.forced_plan_model). Raises gba errors (client, context, invalid
        output)."""
        prompt = self.fit_prompt(request, steps, history)
        schema = self.schema if tool is None else forced_plan_model(self.tool_names, tool)
        completion = self.client.complete(prompt, schema, max_tokens=self.max_tokens,
                                          temperature=self.temperature)
        return PlanRecord.model_validate(completion.parsed.model_dump()), completion

    def fit_prompt(self, request: str, steps: list[Step], history: list[Turn] | None = None) -> Prompt:
        """Build the prompt, trimming old observations until it fits the context window.

        Trimming order: shorten the oldest observations to a short head, then drop the
        oldest steps (their numbers stay, so the gap shows), then drop conversation history,
        and last shorten the newest observation, which the next plan depends on most.
        """
        n_ctx = self.client.n_ctx
        if n_ctx is None:
            return self.build_prompt(request, steps, history)
        budget = n_ctx - self.max_tokens
        for trimmed_steps, trimmed_history in _trimmed(steps, history):
            prompt = self.build_prompt(request, trimmed_steps, trimmed_history)
            needed = self.client.count_tokens(prompt)
            if needed <= budget:
                return prompt
        raise ContextOverflowError(
            f"the planner prompt needs {needed} tokens even after trimming, but only {budget} "
            f"fit (n_ctx={n_ctx}, max_tokens={self.max_tokens}). Use a shorter request or a "
            "model with a larger context.", prompt_tokens=needed, n_ctx=n_ctx)


def _trimmed(steps: list[Step], history: list[Turn] | None, head: int = TRIMMED_OBSERVATION_CHARS
             ) -> Iterator[tuple[list[Step], list[Turn] | None]]:
    """Ever shorter versions of (steps, history), the untouched one first."""
    yield steps, history
    steps = [s.model_copy(deep=True) for s in steps]

    def shorten(step: Step) -> bool:
        if len(step.observation) <= head:
            return False
        step.observation = clip(step.observation, head)
        return True

    for step in steps[:-1]:  # old observations, oldest first
        if shorten(step):
            yield steps, history
    while len(steps) > 1:  # then the oldest steps
        steps = steps[1:]
        yield steps, history
    if history:
        yield steps, None
    if steps and shorten(steps[-1]):
        yield steps, None
