"""Scripted tools: the agent's tools played by the world, for one request.

They answer in the same style as the real tools (so a planner trained on them reads real
observations the same way), with optional failure injection (no answer, half the time a
partial one) so the planner learns to retry. What they check is the *planner's* work:
the search tool answers only about entities the task names (of a task naming two, now and
then about the first only, as real retrieval does), the calculator computes only
when the task carries every input number, the scripted user answers only the question
asked, and the final answer states the right result only when the steps gathered it.

Leaves out: arithmetic the request does not need (the calculator knows only the reference
calculations); any real retrieval or code execution (see the real tools for that).

>>> from gba.simulation.world import World
>>> from gba.simulation.requests import make_requests
>>> w = World.generate(0)
>>> req = make_requests(w, "train", 1, seed=3)[0]
>>> sorted(t.name for t in scripted_tools(w, req))[:2]
['ask_user', 'calculate_number']
"""

from __future__ import annotations

import random

from gba.numbers import fmt_value
from gba.simulation.draft import OracleStep, carries
from gba.simulation.records import GroundTruth
from gba.simulation.world import ATTRIBUTE_WORDS, World
from gba.tools.base import Tool, ToolResult
from gba.tools.calculate import RESULT_PREFIX
from gba.tools.function_call import FunctionSpec
from gba.tools.search.answer import SOURCES_DO_NOT_SAY, cite
from gba.trajectory import Request, Step

NOTHING_FOUND = "Wikipedia has no article relevant to: {query}"
ONE_OF_TWO = 0.35  # of searches naming two entities, the share answered about the first only

APP_SPECS = {
    "send_email": FunctionSpec(name="send_email", description="Send an email.", parameters={
        "type": "object", "required": ["to", "subject", "body"], "properties": {
            "to": {"type": "string", "description": "recipient address"},
            "subject": {"type": "string"}, "body": {"type": "string"}}}),
    "create_event": FunctionSpec(
        name="create_event", description="Create a calendar event.", parameters={
            "type": "object", "required": ["title", "date", "time"], "properties": {
                "title": {"type": "string"},
                "date": {"type": "string", "description": "YYYY-MM-DD"},
                "time": {"type": "string", "description": "HH:MM, 24-hour"}}}),
}
USER_KEYWORDS = {"birth_year": ("born", "birth"), "height": ("tall", "height"),
                 "amount": ("amount", "bill", "before tax", "spend", "cost", "total"),
                 "email": ("email", "address")}
def normalize(text: str) -> str:
    return text.lower().replace(",", "")


def oracle_steps(truth: GroundTruth) -> list[OracleStep]:
    return [OracleStep.model_validate(s) for s in truth.details.get("steps", [])]


class ScriptedSearch(Tool):
    name = "search_wikipedia"
    description = "Looks up facts in Wikipedia and answers the task briefly, citing titles."

    def __init__(self, world: World, truth: GroundTruth, rng: random.Random,
                 failure_rate: float = 0.0, one_of_two: float = ONE_OF_TWO):
        self.world, self.rng, self.failure_rate = world, rng, failure_rate
        self.one_of_two = one_of_two
        self.known = {s.entity.lower(): s for s in oracle_steps(truth)
                      if s.tool == "search_wikipedia" and s.entity}

    def run(self, request: str, task: str, previous_steps: list[Step]) -> ToolResult:
        low = task.lower()
        names = sorted({n for n in self.known if n in low} |
                       {e.name.lower() for e in self.world.find(task)}, key=len, reverse=True)
        names = [n for n in names if not any(n != m and n in m for m in names)][:2]
        if not names:
            return ToolResult(text=NOTHING_FOUND.format(query=task.strip()))
        order = list(self.known)  # the reference's lookups first, in their order
        names.sort(key=lambda n: order.index(n) if n in order else len(order))
        if len(names) == 2 and self.rng.random() < self.one_of_two:
            names = names[:1]  # a real search often answers about one of the two
        titles, facts = [], []
        for name in names:
            title, fact = self._fact(name, low)
            titles.append(title)
            facts.append(fact)
        if self.rng.random() < self.failure_rate:
            return ToolResult(text=cite(SOURCES_DO_NOT_SAY, titles), sources=titles,
                              data={"answer": SOURCES_DO_NOT_SAY})
        answer = " ".join(facts)
        return ToolResult(text=cite(answer, titles), sources=titles, data={"answer": answer})

    def _fact(self, name: str, task: str) -> tuple[str, str]:
        entity = self.world.by_name.get(name)
        if entity is None:  # a real article
            step = self.known[name]
            return step.entity or name, step.known or step.passage
        asked = [a for a, words in ATTRIBUTE_WORDS.items()
                 if a in entity.attrs and any(w in task for w in words)]
        reference = self.known.get(name)
        if reference is not None:  # what the request needs of this entity comes first
            asked = list(dict.fromkeys([*reference.attrs, *asked]))
        if not asked:
            return entity.name, self.world.passage(entity)
        return entity.name, " ".join(self.world.fact(entity, a) for a in asked[:2])


class ScriptedCalculator(Tool):
    name = "calculate_number"
    description = "Computes a number with a short Python program."

    def __init__(self, truth: GroundTruth):
        self.calcs = [s for s in oracle_steps(truth) if s.tool == "calculate_number"]

    def run(self, request: str, task: str, previous_steps: list[Step]) -> ToolResult:
        for step in self.calcs:
            if step.value is not None and carries(task, step.inputs, request):
                return ToolResult(text=f"{RESULT_PREFIX}{fmt_value(step.value)} (code: {step.code})",
                                  data={"code": step.code, "value": step.value})
        error = "the task does not give every number the calculation needs"
        return ToolResult(text=f"calculate_number could not compute this: {error}", error=error)


class ScriptedUser(Tool):
    name = "ask_user"
    description = "Asks the user a question."

    def __init__(self, truth: GroundTruth):
        self.facts = truth.user_facts
        self.keywords = {s.question_key: tuple(s.keywords) for s in oracle_steps(truth)
                         if s.tool == "ask_user" and s.question_key and s.keywords}

    def run(self, request: str, task: str, previous_steps: list[Step]) -> ToolResult:
        """Every fact the question asks about, in the user's words."""
        low = task.lower()
        said = [value for key, value in self.facts.items()
                if any(w in low for w in self.keywords.get(key) or USER_KEYWORDS.get(key, (key,)))]
        return ToolResult(text=" ".join(said) if said else "I'm not sure what you mean.")


class ScriptedApp(Tool):
    """An application function: succeeds when the task names every argument value."""

    def __init__(self, name: str, truth: GroundTruth):
        self.name, self.spec = name, APP_SPECS[name]
        self.description = self.spec.description
        self.expected = next((s.args for s in oracle_steps(truth) if s.tool == name), None)

    def run(self, request: str, task: str, previous_steps: list[Step]) -> ToolResult:
        if not self.expected:
            return ToolResult(text=f"{self.name} failed: nothing to do", error="no action")
        missing = [k for k, v in self.expected.items() if normalize(str(v)) not in normalize(task)]
        if missing:
            error = f"missing or wrong arguments: {', '.join(missing)}"
            return ToolResult(text=f"{self.name} failed: {error}", error=error)
        done = {"send_email": "Email sent to {to}.",
                "create_event": "Event '{title}' created on {date} at {time}."}
        return ToolResult(text=done[self.name].format(**self.expected),
                          data={"arguments": self.expected})


class ScriptedFinalAnswer(Tool):
    name = "final_answer"
    description = "Writes the final answer from what earlier steps found."

    def __init__(self, truth: GroundTruth):
        self.truth = truth
        self.checks = [s.check for s in oracle_steps(truth) if s.check]

    def run(self, request: str, task: str, previous_steps: list[Step]) -> ToolResult:
        seen = normalize(" ".join(s.observation for s in previous_steps))
        if all(normalize(c) in seen for c in self.checks):
            text = self.truth.details.get("answer_text") or self.truth.answer
        else:
            text = "I could not find the answer."
        return ToolResult(text=text, is_final=True)


def scripted_tools(world: World, request: Request, *, seed: int = 0,
                   failure_rate: float = 0.0) -> list[Tool]:
    """The scripted tool set for `request` (its ground truth decides the answers)."""
    truth = GroundTruth.from_request_dict(request.ground_truth)
    if truth is None:
        raise ValueError(f"request {request.id} has no ground truth; scripted tools need one")
    rng = random.Random(f"gba-tools-{request.id}-{seed}")
    tools: list[Tool] = [ScriptedUser(truth), ScriptedCalculator(truth),
                         ScriptedSearch(world, truth, rng, failure_rate)]
    tools += [ScriptedApp(name, truth) for name in truth.details.get("app_tools", [])]
    return tools + [ScriptedFinalAnswer(truth)]
