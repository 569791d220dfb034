"""The oracle planner: writes natural, varied plans from a request's known decomposition.

It follows the reference steps, reading each observation: a step whose observation holds
the expected value counts as done, and so does a lookup right after it whose fact that
observation already states (one search answered about two entities); a failed step is
retried once with other words; after two failures it gives up and answers that it could
not find out (such runs end incorrect and are filtered out of training). Summaries carry
the facts learned so far and tasks carry every value the tool needs, so a planner trained
on these plans learns to pass values on.

Leaves out: any language model. It plans only requests that carry a `GroundTruth`.

>>> from gba.simulation.world import World
>>> from gba.simulation.requests import make_requests
>>> req = make_requests(World.generate(0), "train", 1, seed=1)[0]
>>> plan, _ = OraclePlanner(req).plan(req.text, [])
>>> plan.selected_tool in ("calculate_number", "search_wikipedia", "ask_user", "final_answer",
...                        "create_event")
True
"""

from __future__ import annotations

import json
import random

from gba.client.base import Completion
from gba.planner.base import Planner, Turn
from gba.planner.schema import MAX_CHARS
from gba.simulation.records import GroundTruth
from gba.simulation.tools import normalize, oracle_steps
from gba.text import clip
from gba.tools.final_answer import ANSWER_TASK
from gba.trajectory import PlanRecord, Request, Step

WHY = {  # short: every plan pays these tokens; each names why this tool comes next
    "search_wikipedia": ["I need a fact from Wikipedia.", "A fact is missing; I search."],
    "calculate_number": ["I have the numbers; I calculate.", "Now I can compute it."],
    "given": ["The request gives every number; I calculate.",
              "All numbers are in the request."],
    "ask_user": ["Only the user knows this; I ask.", "I need the user's own number."],
    "send_email": ["I have what the email needs."],
    "create_event": ["The request gives the event details."],
    "final_answer": ["I can answer now.", "Nothing is missing."],
    "retry": ["That failed; I rephrase.", "No answer yet; other words."],
    "give_up": ["I could not find it."],
    "direct": ["No tool is needed."],
}
FINAL_TASKS = [ANSWER_TASK]  # the final_answer tool reads every step
NOTHING_KNOWN = ["Nothing yet."]


def _clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters in all, "..." included."""
    return text if len(text) <= limit else clip(text, limit - 3, marker="...", at_word=True)


class OraclePlanner(Planner):
    """Plans `request` (which must carry a ground truth) like a careful expert would."""

    name = "oracle"

    def __init__(self, request: Request, *, seed: int = 0, tool_names: list[str] | None = None):
        truth = GroundTruth.from_request_dict(request.ground_truth)
        if truth is None:
            raise ValueError(f"request {request.id} has no ground truth; the oracle needs one")
        self.truth = truth
        self.steps = oracle_steps(truth)
        self.rng = random.Random(f"gba-oracle-{request.id}-{seed}")
        names = tool_names or sorted({s.tool for s in self.steps} | {"final_answer"})
        super().__init__(client=None, tool_names=names)  # type: ignore[arg-type]

    def build_prompt(self, request: str, steps: list[Step], history: list[Turn] | None = None):
        return ""  # the oracle reads the ground truth, not a prompt

    def plan(self, request: str, steps: list[Step], history: list[Turn] | None = None
             ) -> tuple[PlanRecord, Completion]:
        done, failures, known = 0, 0, []
        for step in steps:
            if done < len(self.steps) and step.tool == self.steps[done].tool and (
                    normalize(self.steps[done].check) in normalize(step.observation)):
                known.append(self.steps[done].known)
                done, failures = done + 1, 0
                # One search may answer the next lookups too ("Look up: <a request naming
                # two people>"): a lookup whose fact is already observed is not repeated.
                while (done < len(self.steps) and self.steps[done].tool == step.tool
                       == "search_wikipedia" and self.steps[done].known
                       and normalize(self.steps[done].known) in normalize(step.observation)):
                    known.append(self.steps[done].known)
                    done += 1
            else:
                failures += 1
        if done == len(self.steps):
            tool = "final_answer"
            why = "direct" if not self.steps else "final_answer"
            answer = self.truth.details.get("answer_text") or self.truth.answer
            task = self.rng.choice(FINAL_TASKS).format(r=request, a=answer)
        elif failures >= 2:
            tool, why = "final_answer", "give_up"
            task = "Tell the user that the needed information could not be found."
        else:
            target = self.steps[done]
            tool, why = target.tool, "retry" if failures else target.tool
            if why == "calculate_number" and not known:
                why = "given"
            options = target.tasks
            if failures:  # rephrase on a retry: the step's other words, never the same task
                last = steps[-1].plan.task
                options = [t for t in (target.retry_tasks or options) if t != last] or options
            task = self.rng.choice(options)
        while len(" ".join(known)) > MAX_CHARS["context_information_summary"] and len(known) > 1:
            known = known[1:]  # the newest facts matter most for the next step
        summary = " ".join(known) if known else self.rng.choice(NOTHING_KNOWN)
        plan = PlanRecord(
            context_information_summary=_clip(summary, MAX_CHARS["context_information_summary"]),
            thoughts=_clip(self.rng.choice(WHY[why]), MAX_CHARS["thoughts"]),
            task=_clip(task, MAX_CHARS["task"]), selected_tool=tool)
        return plan, Completion(text=json.dumps(plan.model_dump(), ensure_ascii=False))
