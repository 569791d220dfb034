"""What a request template produces: the request text and its known decomposition.

A `Draft` is one request with its oracle steps: for each step the tool, several natural
phrasings of the task (each carrying every value the tool needs), what a successful
observation must contain, and the fact learned. The oracle planner writes plans from it,
the scripted tools answer from it, and `GroundTruth` stores it.

>>> d = Draft(template="t", kind="arithmetic", request="What is 2 plus 3?", answer="2 plus 3 is 5.",
...           value=5.0, steps=[OracleStep(tool="calculate_number", tasks=["Add 2 and 3."],
...           code="result = 2 + 3", value=5.0, known="2 + 3 = 5")])
>>> d.truth("train").tools
['calculate_number', 'final_answer']
"""

from __future__ import annotations

import random
from typing import Any

from pydantic import BaseModel, Field

from gba.numbers import IMPLIED, fmt_value, numbers_in
from gba.simulation.records import GroundTruth


class OracleStep(BaseModel):
    """One non-final step of the reference decomposition."""

    tool: str
    tasks: list[str]
    retry_tasks: list[str] = Field(default_factory=list,
                                   description="other words for a retry (default: `tasks`)")
    known: str = Field(default="", description="the fact this step adds to what is known")
    check: str = Field(default="", description="text a successful observation contains")
    # search_wikipedia
    entity: str | None = None
    attrs: list[str] = Field(default_factory=list)
    passage: str = ""
    # calculate_number
    code: str | None = None
    value: float | None = None
    inputs: list[float] = Field(default_factory=list)
    # ask_user
    question_key: str | None = None
    keywords: list[str] = Field(default_factory=list,
                                description="words of a question this user fact answers")
    # application tools (function calling)
    args: dict[str, Any] | None = None


class Draft(BaseModel):
    """A request and its reference solution, before it becomes a `Request`."""

    template: str
    kind: str
    request: str
    steps: list[OracleStep]
    answer: str = Field(description="the final answer sentence")
    value: float | None = None
    tolerance: float = Field(default=0.01, description="relative, for numeric answers")
    must_mention: list[str] = Field(default_factory=list)
    entities: list[str] = Field(default_factory=list)
    user_facts: dict[str, str] = Field(default_factory=dict)
    app_tools: list[str] = Field(default_factory=list)

    def truth(self, split: str) -> GroundTruth:
        return GroundTruth(
            answer=self.answer if self.value is None else fmt_value(self.value),
            value=self.value, tolerance=self.tolerance, must_mention=self.must_mention,
            tools=[s.tool for s in self.steps] + ["final_answer"], template=self.template,
            kind=self.kind, entities=self.entities, user_facts=self.user_facts, split=split,
            details={"steps": [s.model_dump(exclude_defaults=True) for s in self.steps],
                     "answer_text": self.answer, "app_tools": self.app_tools})


def fmt_num(rng: random.Random, x: float) -> str:
    """A number as it may appear in a request: '3400' or '3,400' at random for large ints."""
    if abs(x - round(x)) < 1e-9 and abs(x) >= 1000:
        return f"{int(round(x)):,}" if rng.random() < 0.5 else str(int(round(x)))
    return fmt_value(x)


def pick(rng: random.Random, options: list[str], **values: Any) -> str:
    """One phrasing, filled in."""
    return rng.choice(options).format(**values)


def tasks(options: list[str], **values: Any) -> list[str]:
    """Every task phrasing, filled in (the oracle picks one per run)."""
    return [o.format(**values) for o in options]


def comparison_step(values: list[float], smaller: bool) -> OracleStep:
    """The calculation that decides a comparison: the smaller (or larger) of the values found,
    so that the final answer restates a computed value instead of comparing numbers itself.

    >>> comparison_step([1882, 1812], True).code
    'result = min(1882, 1812)'
    """
    fn = "min" if smaller else "max"
    args = ", ".join(fmt_value(v) for v in values)
    value = min(values) if smaller else max(values)
    word = "smaller" if smaller else "larger"
    options = [f"Find the {word} of {args.replace(', ', ' and ')}.", f"Compute {fn}({args})."]
    return OracleStep(tool="calculate_number", tasks=options, code=f"result = {fn}({args})",
                      value=value, inputs=list(values), known=f"{fn}({args}) = {fmt_value(value)}",
                      check=fmt_value(value))


def carries(task: str, inputs: list[float], request: str = "") -> bool:
    """Whether `task` gives every input of a calculation: each is written in the task, or it
    is a number the wording implies (gba.numbers.IMPLIED: 12 months, 365 days, 100 per cent)
    and the task restates the whole `request`, whose wording implies it. The one rule behind
    the simulation's copy tasks and its scripted calculator.

    >>> r = "What does my rent of 900 a month come to over 2 years?"
    >>> carries(f"Calculate: {r}", [900, 12, 2], r), carries("Calculate 900 * 2.", [900, 12, 2], r)
    (True, False)
    """
    given = numbers_in(task)
    implied = bool(request.strip()) and request.strip() in task
    return all(any(abs(g - x) <= 1e-9 + 1e-6 * abs(x) for g in given)
               or (implied and float(x) in IMPLIED) for x in inputs)
