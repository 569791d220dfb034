"""The agent loop: plan -> tool -> observation, until `final_answer` or the step limit.

Every run yields a `Trajectory`. Tool exceptions become observations and the loop goes on;
model or server failures end the run with status `error` and a message. Long observations
are summarized once, when they arrive, so the planner prompt keeps an unchanged prefix from
step to step (the local backend then reuses its KV cache) and stays inside the context.
A plan that repeats a step that worked (the same tool on the same task) is not run again:
the same call would return the same result, so the agent reuses it (a user is never asked
the same question twice), and the third time answers from what the steps found instead of
looping until the step limit; the step's `note` says so. A plan that searches for the user's
own facts, or computes a request about them that gives no number before the user was asked,
is planned again as a question to the user (gba.own_facts; the note says so); a calculation
for such a request that guessed a count nobody gave, or a kind of quantity no number given is
(whether its code ran or was refused), is reported as failed and followed by the question
`OTHER_NUMBERS`, written by the agent (once per request). An answer planned for a
question of years (an age, a lifespan) before any calculation, after searches found two or
more years, is planned again as a calculation (gba.tools.operations.uncalculated); a search planned for
one end of a life whose length is asked ("How old did Robert Boyle get?" -> "Look up Robert
Boyle's birth year.") searches both (gba.tools.operations.life_task).

With `answer_when_done` (the default agent's setting; off for the simulation, whose planner
turns are training data), a calculation that worked on a task quoting the whole request
("Calculate: <request>") is followed by the final answer without a planner call
(`answers_whole`): in every such case of the simulation's 12,000 training requests and of the
stored development runs the planner chose the final answer next, with the task it is always
trained to give it, so the call only cost time.

Leaves out what plans and observations say (gba.planner, gba.tools) and running many
requests (gba.batch).

>>> from gba.client.fake import FakeClient
>>> from gba.planner import ZeroShotPlanner
>>> from gba.tools.final_answer import FinalAnswer
>>> fake = FakeClient([
...     {"context_information_summary": "", "thoughts": "", "task": "Greet.",
...      "selected_tool": "final_answer"},
...     {"answer": "Hello!"}])
>>> tools = [FinalAnswer(fake)]
>>> agent = Agent(ZeroShotPlanner(fake, tools), tools)
>>> agent.run("Say hello").final_answer
'Hello!'
"""

from __future__ import annotations

import time
from collections.abc import Callable

from gba.client.base import Completion, Usage
from gba.errors import GBAError
from gba.own_facts import (
    ASK_USER,
    GUESSED,
    OTHER_NUMBERS,
    SEARCH,
    guessed,
    needs_asking,
    personal_task,
    searched_in_vain,
)
from gba.planner.base import Planner, Turn
from gba.planner.schema import REASONS
from gba.text import clip
from gba.tools.base import Tool, ToolResult
from gba.tools.coverage import CALCULATE
from gba.tools.final_answer import ANSWER_TASK, answers_whole
from gba.tools.operations import life_task, uncalculated
from gba.tools.summarize import Summarizer
from gba.trajectory import PlanRecord, Request, Step, Trajectory, request_text

StepCallback = Callable[[Step], None]
REPEATS_BEFORE_ANSWER = 2  # a call that worked, planned again this often, ends the run


def same_calls(steps: list[Step], tool: str, task: str) -> list[Step]:
    """The earlier steps that worked running `tool` on `task` (compared without case and
    surrounding space).

    >>> from gba.trajectory import PlanRecord
    >>> plan = PlanRecord(task="Calculate 2 + 2.", selected_tool="calculate_number")
    >>> done = [Step(index=0, plan=plan, tool="calculate_number", observation="result = 4")]
    >>> len(same_calls(done, "calculate_number", " calculate 2 + 2.")), same_calls(done, "x", "")
    (1, [])
    """
    key = task.strip().casefold()
    return [s for s in steps
            if s.tool == tool and s.error is None and s.task.strip().casefold() == key]


class Agent:
    """Runs a planner and tools on requests.

    aliases: map the planner's tool names to real tool names where they differ (a
    fine-tuned planner's learned names). summarizer: condenses observations longer than its
    `max_chars`; without one, long observations are cut at `max_observation_chars`.
    """

    def __init__(
        self,
        planner: Planner,
        tools: list[Tool],
        *,
        max_steps: int = 10,
        aliases: dict[str, str] | None = None,
        summarizer: Summarizer | None = None,
        max_observation_chars: int = 1500,
        conversational: bool = False,
        ask_own_facts: bool = True,
        answer_when_done: bool = False,
    ):
        self.planner = planner
        self.answer_when_done = answer_when_done  # `answers_whole`: the final answer unplanned
        self.ask_own_facts = ask_own_facts  # gba.own_facts: the user is asked, not searched
        self.tools = {t.name: t for t in tools}
        self.max_steps = max_steps
        self.aliases = aliases or {}
        self.summarizer = summarizer
        self.max_observation_chars = max_observation_chars
        self.conversational = conversational
        self.history: list[Turn] = []

    def resolve_tool(self, name: str) -> Tool | None:
        return self.tools.get(self.aliases.get(name, name))

    def run(self, request: str | Request, *, on_step: StepCallback | None = None) -> Trajectory:
        """Run the agent on one request and return its trajectory (never raises for model,
        server or tool failures: those end up in the record). An empty or whitespace-only
        request, or one that is not valid UTF-8, raises InvalidRequestError."""
        req = request if isinstance(request, Request) else Request(text=request)
        text = request_text(req.text)  # an empty or undecodable request is refused (raises)
        if text != req.text:
            req = req.model_copy(update={"text": text})
        traj = Trajectory(request=req, planner=self.planner.name)
        started = time.perf_counter()
        history = self.history if self.conversational else None
        try:
            for index in range(self.max_steps):
                step, final = self._step(req.text, traj.steps, index, history)
                traj.steps.append(step)
                if on_step is not None:
                    on_step(step)
                if final:
                    traj.final_answer = step.observation
                    traj.status = "completed"
                    break
            else:
                traj.status = "step_limit"
        except GBAError as exc:
            traj.status, traj.error = "error", f"{type(exc).__name__}: {exc}"
        except KeyboardInterrupt:
            traj.status, traj.error = "interrupted", "interrupted by the user (Ctrl-C)"
        except Exception as exc:  # a bug or an unexpected library failure: record, don't crash
            traj.status, traj.error = "error", f"unexpected {type(exc).__name__}: {exc}"
        traj.duration_s = time.perf_counter() - started
        if self.conversational and traj.final_answer is not None:
            self.history.append(Turn(request=req.text, answer=traj.final_answer))
        return traj

    def _step(self, request: str, steps: list[Step], index: int,
              history: list[Turn] | None) -> tuple[Step, bool]:
        t0 = time.perf_counter()
        if steps and (steps[-1].result or {}).get("guessed") and ASK_USER in self.tools:
            return self._ask_other_numbers(request, steps, index), False
        asked = None
        if self.answer_when_done and answers_whole(request, steps) and "final_answer" in self.tools:
            plan = PlanRecord(thoughts=REASONS["final_answer"],
                              task=ANSWER_TASK.format(r=request), selected_tool="final_answer")
            completion = Completion(text="", parsed=plan)
            asked = "the calculation answered the whole request: the final answer, not planned"
        else:
            plan, completion = self.planner.plan(request, steps, history)
        if self._must_ask(request, plan, steps):  # the user's own facts: ask (gba.own_facts)
            first = plan.selected_tool
            plan, again = self.planner.plan(request, steps, history, tool=ASK_USER)
            completion = again.model_copy(update={"usage": completion.usage + again.usage})
            asked = f"planned {first} for the user's own facts: asked the user instead"
        elif (plan.selected_tool == "final_answer" and CALCULATE in self.tools
              and uncalculated(request, steps)):  # years found, none computed
            plan, again = self.planner.plan(request, steps, history, tool=CALCULATE)
            completion = again.model_copy(update={"usage": completion.usage + again.usage})
            asked = "planned the answer to a question of years before any calculation: calculated"
        elif plan.selected_tool == SEARCH and (wider := life_task(request, plan.task)) != plan.task:
            plan = plan.model_copy(update={"task": wider})  # a life's length needs both ends
            asked = "searched one end of a life whose length is asked: searched both"
        planner_s = time.perf_counter() - t0
        tool = self.resolve_tool(plan.selected_tool)
        task, note = plan.task, asked
        answer = self.tools.get("final_answer")
        same = same_calls(steps, tool.name, plan.task) if tool not in (None, answer) else []
        if same and tool is not None:
            if len(same) < REPEATS_BEFORE_ANSWER or answer is None:
                # The same call returns the same result: reuse it (the user is not asked the
                # same question twice) and let the planner go on from it.
                return Step(
                    index=index, plan=plan, tool=tool.name, observation=same[-1].observation,
                    sources=same[-1].sources, result=same[-1].result,
                    note=f"the same call as step {same[-1].index + 1}: its result is reused",
                    planner_usage=completion.usage, planner_s=planner_s), False
            note = f"the same {tool.name} call a third time: answered instead"
            tool, task = answer, ANSWER_TASK.format(r=request)
        t1 = time.perf_counter()
        if tool is None:
            known = ", ".join(sorted(self.tools))
            result = ToolResult(
                text=f"There is no tool named '{plan.selected_tool}'. Available: {known}.",
                error=f"unknown tool {plan.selected_tool}")
            tool_name = plan.selected_tool
        else:
            tool_name = tool.name
            result = self._run_tool(tool, request, task, steps)
            if tool_name == CALCULATE and self.ask_own_facts and ASK_USER in self.tools and (
                    made_up := guessed(request, str(result.data.get("code") or ""), steps)):
                # worked or not: a failed try may need what only the user knows, too
                note = "the calculation needs a number only the user knows: the user is asked"
                result = ToolResult(
                    text=GUESSED.format(what="; ".join(made_up)),
                    error="needs a number only the user knows",
                    data={**result.data, "guessed": made_up}, usage=result.usage)
        observation, usage = result.text, result.usage
        if not result.is_final:
            observation, extra = self._condense(observation, plan.task)
            usage = usage + extra
        step = Step(
            index=index, plan=plan, tool=tool_name, observation=observation,
            sources=result.sources, result=result.data, error=result.error, note=note,
            planner_usage=completion.usage,
            tool_usage=usage, planner_s=planner_s, tool_s=time.perf_counter() - t1,
        )
        return step, result.is_final and result.error is None

    def _ask_other_numbers(self, request: str, steps: list[Step], index: int) -> Step:
        """The question `OTHER_NUMBERS` after a calculation that needed a number only the user
        knows, planned here (gba.own_facts.guessed): the planner would ask again for what it
        already has."""
        plan = PlanRecord(context_information_summary=steps[-1].plan.context_information_summary,
                          thoughts=REASONS[ASK_USER], task=OTHER_NUMBERS, selected_tool=ASK_USER)
        t1 = time.perf_counter()
        result = self._run_tool(self.tools[ASK_USER], request, OTHER_NUMBERS, steps)
        return Step(index=index, plan=plan, tool=ASK_USER, observation=result.text,
                    result=result.data, error=result.error,
                    note="asked by the agent: the calculation needs a number only the user knows",
                    tool_s=time.perf_counter() - t1)

    def _must_ask(self, request: str, plan: PlanRecord, steps: list[Step]) -> bool:
        """Whether `plan` looks up or computes what only the user knows (gba.own_facts)."""
        if ASK_USER not in self.tools or not self.ask_own_facts:
            return False
        chosen = self.aliases.get(plan.selected_tool, plan.selected_tool)
        if chosen == SEARCH:
            return personal_task(plan.task, request) or searched_in_vain(request, steps)
        return chosen == CALCULATE and needs_asking(request, steps)

    def _run_tool(self, tool: Tool, request: str, task: str, steps: list[Step]) -> ToolResult:
        try:
            return tool(request, task, steps)
        except GBAError as exc:
            if tool.name == "final_answer":
                raise  # no answer can be written: the run cannot end well
            return ToolResult(text=f"The tool {tool.name} failed: {exc}", error=str(exc))
        except Exception as exc:
            return ToolResult(text=f"The tool {tool.name} failed: {type(exc).__name__}: {exc}",
                              error=f"{type(exc).__name__}: {exc}")

    def _condense(self, text: str, focus: str) -> tuple[str, Usage]:
        if len(text) <= self.max_observation_chars:
            return text, Usage()
        if self.summarizer is not None:
            try:
                return self.summarizer.summarize(text, focus)
            except GBAError:
                pass  # fall back to cutting
        return clip(text, self.max_observation_chars), Usage()

    def reset(self) -> None:
        """Forget the conversation history."""
        self.history.clear()
