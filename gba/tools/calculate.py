"""`calculate_number`: the model writes a short Python program for the task, the sandbox runs it.

The code runs in `gba.tools.sandbox` (no imports, files, network, processes or dunder access;
time and memory limits). Refused or broken code is shown to the model once with the error
for a repair; if that fails too, the observation says plainly why, and the agent goes on.

Grounding: every number written in the code must come from the request or an earlier step's
result (a search, the user's answer, a calculation), or be a constant anyone may use
(gba.numbers.CONSTANTS: small counts, 60, 365, 100, unit factors...; a conversion through `convert(3.2, "mi", "km")`, gba.tools.units, needs no
factor). The local engine decodes the code under a pattern that admits only those numbers
(`literal_pattern`: '4.5' cannot come out as '45'); code from a backend that does not enforce
it and brings its own figure ("a taxi fare of 80") is refused like broken code, so a made-up
number never reaches the answer; the repair prompt says which number. The planner's task
does not count: it is the planner's own text, and a figure only it states ("a bill of
3000") is one no tool returned; an amount it states ("3.00 euros a day") is refused even when
it is a small constant (`planner_only`), while a bare count stays free. Units are read off
the words the same way: a conversion that reads a given number in another unit than the one
written after it, or never reaches a unit the request asks for, or converts a value nobody
stated (`convert(16, "km", "mi")`: a small count is otherwise free), is refused with the fix
in one line (gba.tools.conversions). Code that compares or combines numbers the words give in
different units of one kind (`max(3180, 2341)` for "3,180 km" and "2,341 mi") is run with
the second converted to the first's unit (`matched_units`; data["written"] keeps the
model's code), since the words settle both units. So is one subtraction for a distance
("how many years apart", gba.tools.operations.as_distance): as its absolute value.

Examples: the prompt shows two solved tasks as earlier turns. With a bank of solved tasks
(gba.tools.examples; `AgentConfig.solved_examples`, on by default since the v18 adapter was
trained on such prompts, README "wave21") they are the two nearest to the task, so a word
problem about minutes and speeds is preceded by solved ones like it; without, the two fixed
EXAMPLES the adapters before v18 were trained with.

Comparisons: code whose one `min` or `max` picks the other extreme than the request's word
("the last to die" -> `min`) is run with the other function (data["written"] keeps the
model's code); code that picks among years when the request compares lives is refused with
the fix in one line (gba.tools.extremes).

Operations: code that never divides for "how many times", answers a question of amount with
one min or max call, subtracts one difference from another for a total, or comes out below
zero for an amount no word lets be negative ("How many trees are there now?" -> -91), is
refused with the fix in one line (gba.tools.operations). So is code that cancels a number
the request gives once (`5 * 3 * 12 / 12`: `self_cancelling`).

Trips: code that uses once a number the user gives for one way ("23 km each way") is
refused with the fix in one line (gba.tools.trips).

Calendar factors: code that scales by a period nobody named (`7 * 52` for "7 hours a night
... in a week"), turns a rate the wrong way (`850 / 12` for a year of "850 euros a
month") or leaves out the asked span's count (`27.5 * 12` for two years) is refused like
broken code, with the fix in one line (gba.tools.periods).

Kinds, years and shares: code whose result, by the units of its numbers, is another kind of
quantity than the request asks for (gba.tools.dimensions), that uses a period's start for its
end (gba.tools.spans), a decade as a year or a year moved by a count nobody gave
(gba.tools.decades), a percent as a whole number (gba.tools.percents), or that averages over
the wrong count, multiplies by the count something is shared among or gives back a year for
an age (gba.tools.operations) is refused the same way.

Second tries: code that is refused or fails even after its repair, or runs but leaves out a
number the user gave (gba.tools.coverage), gets other prompts, once each: the next-nearest
solved tasks, the fixed examples, then (for a left-out number) the code itself with the
numbers it left out named (COVER_PROMPT), then `samples` codes (the default agent's: SAMPLES)
sampled from the first prompt (SAMPLE_TEMPERATURE, seeds 1, 2, ...; data["sampled"]): a tiny
model that writes `27.5 * 2` greedily for two years of a monthly 27.50 often writes `27.5 *
24` when sampled, and the checks tell them apart. The first code that passes every check and
uses them all is kept, else the first outcome (`cover=False` turns this off; README "wave22",
"wave26").

Leaves out the sandbox's rules and limits (sandbox.py).

>>> from gba.client.fake import FakeClient
>>> tool = CalculateNumber(FakeClient([{"code": "result = 17 * 23"}]))
>>> tool("What is 17*23?", "Multiply 17 by 23.", []).text
'result = 391 (code: result = 17 * 23)'
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field

from gba.client.base import LLMClient, Message, Usage
from gba.errors import InvalidOutputError
from gba.grammar import constrained
from gba.numbers import (
    CONSTANTS,
    IMPLIED,
    MONEY,
    UNIT_FACTORS,
    as_number,
    forms,
    name_numbers,
    number_spans,
    numbers_in,
    shown_result,
    with_digits,
)
from gba.text import SENTENCE, clip, clip_tail
from gba.tools.base import Tool, ToolResult, format_steps
from gba.tools.conversions import (
    matched_units,
    misread_units,
    mixed_units,
    unsourced_conversion,
)
from gba.tools.coverage import (
    CALCULATE,
    answered_numbers,
    left_out,
    literals,
    overused,
    required_numbers,
    user_texts,
)
from gba.tools.decades import decade_only, year_moved
from gba.tools.dimensions import in_asked_unit, wrong_kind
from gba.tools.examples import SHOWN, ExampleBank
from gba.tools.extremes import picked_right, unasked_pick, years_for_lives
from gba.tools.operations import (
    as_distance,
    counted_average,
    difference_for_total,
    extreme_for_amount,
    miscounted_average,
    negative_amount,
    ratio_missing,
    shared_not_divided,
    unexplained_scale,
    year_for_age,
)
from gba.tools.percents import whole_percent
from gba.tools.periods import (
    ORDER,
    asked_span,
    names_period,
    turned,
    uncounted,
    unexplained,
    unscaled,
)
from gba.tools.sandbox import SandboxResult, run_code
from gba.tools.search.life_years import other_events
from gba.tools.spans import wrong_ends
from gba.tools.trips import once
from gba.tools.units import starts_with_unit
from gba.trajectory import Step

SYSTEM_PROMPT = """You turn a task into Python code. Use * to multiply, / to divide, ** for
powers. sqrt, log, exp, sin, pi, round, sum, min, max, date and timedelta are ready; do not
import anything. Convert units with convert(value, "from", "to"), e.g.
convert(3.2, "mi", "km"). Store the answer in a variable named result."""

EXAMPLES = [  # (task, code) shown as earlier turns: tiny models copy a format they have seen
    ("Multiply 12 by 7.", "result = 12 * 7"),
    ("What is 15% of 80?", "result = 80 * 15 / 100"),
]

PROMPT = """Request: {request}
Earlier results:
{steps}
Task: {task}"""

STEP_OBSERVATION_CHARS = 400  # each earlier observation in the prompt
CODE_SHOWN_CHARS = 300  # the code, as the observation repeats it
SAMPLES = 3  # sampled tries after every other try failed (the default agent's; the tool's: 0)
SAMPLE_TEMPERATURE = 0.7
PRINTED_CHARS = 500  # what the code printed, as the observation shows it

REPAIR_PROMPT = """That code failed: {error}
Write corrected code for the same task. Store the answer in a variable named result."""

COVER_PROMPT = """That code leaves out {numbers}, which the task or the user gives. Write code for the
same task that uses every number given. Store the answer in a variable named result."""

RESULT_PREFIX = "result = "  # how an observation of a calculation begins


def calculation_messages(request: str, task: str, previous_steps: list[Step],
                         max_context_chars: int = 1500,
                         examples: list[tuple[str, str]] | None = None) -> list[Message]:
    """The calculate_number role's prompt (inference and training examples alike): the
    solved `examples` as earlier turns (default: the two fixed EXAMPLES the adapters were
    trained with; the tool shows the nearest solved tasks of gba.tools.examples instead).
    Numbers in words are written in digits (gba.numbers.with_digits: "a thirty-day month").

    >>> calculation_messages("r", "Add 2 and 3.", [])[-1].content.splitlines()[-1]
    'Task: Add 2 and 3.'
    """
    steps = clip_tail(format_steps(previous_steps, max_chars=STEP_OBSERVATION_CHARS),
                      max_context_chars)
    messages = [Message(role="system", content=SYSTEM_PROMPT)]
    for example_task, example_code in EXAMPLES if examples is None else examples:
        messages += [Message(role="user", content=f"Task: {example_task}"),
                     Message(role="assistant",
                             content=CalculationCode(code=example_code).model_dump_json())]
    messages.append(Message(role="user", content=PROMPT.format(
        request=with_digits(request), steps=with_digits(steps), task=with_digits(task))))
    return messages


class CalculationCode(BaseModel):
    code: str = Field(description="a Python expression or short program; the answer goes in `result`",
                      max_length=300)


class CalculateNumber(Tool):
    """Computes a number by having the model write code that runs in the sandbox."""

    name = "calculate_number"
    description = ("Compute a number with a short Python program: arithmetic, percentages, "
                   "unit conversions, math functions. Say what to compute and give the numbers "
                   "(it can also use numbers found in earlier steps). Not for looking things up.")

    def __init__(self, client: LLMClient, *, timeout_s: float = 2.0, memory_mb: int = 256,
                 max_tokens: int = 200, max_context_chars: int = 1500, repairs: int = 1,
                 constrain_numbers: bool = True, examples: ExampleBank | None = None,
                 shown: int = SHOWN, cover: bool = True, samples: int = 0):
        self.client = client
        self.examples = examples  # solved tasks to show, the nearest `shown` (else EXAMPLES)
        self.shown = shown
        self.cover = cover  # second tries: refused code, or a user's number left out
        self.samples = samples  # then sampled tries (SAMPLE_TEMPERATURE, seeds 1, 2, ...)
        self.constrain_numbers = constrain_numbers
        self.timeout_s = timeout_s
        self.memory_mb = memory_mb
        self.max_tokens = max_tokens
        self.max_context_chars = max_context_chars
        self.repairs = repairs

    def run(self, request: str, task: str, previous_steps: list[Step]) -> ToolResult:
        near = self.examples.nearest(task, 2 * self.shown) if self.examples is not None else None
        shown = near[-self.shown:] if near else None  # the nearest, the nearest last
        messages = calculation_messages(request, task, previous_steps, self.max_context_chars,
                                        shown)
        grounds = grounds_for(request, task, previous_steps)
        schema = (constrained(CalculationCode, "code",
                              literal_pattern(grounds.given, grounds.refused))
                  if self.constrain_numbers else CalculationCode)

        def solve(messages: list[Message], repairs: int, **sampled: Any) -> ToolResult:
            return self._solve(messages, schema, grounds, repairs, **sampled)

        first = solve(messages, self.repairs)
        if not self.cover:
            return first
        required = required_for(request, task, previous_steps)
        missing = [] if first.error else left_out(first.data["code"], required, previous_steps)
        if not first.error and not missing:
            return first
        # code refused or failing even after its repair, or leaving out a number the user
        # gave: other prompts, once each
        usage = first.usage
        tries = [calculation_messages(request, task, previous_steps, self.max_context_chars,
                                      other) for other in ([near[:-self.shown], None] if near
                                                           and len(near) > self.shown else [])]
        if missing:
            tries.append(messages + cover_turns(first.data["code"], missing))
        sampled = [(messages, {"temperature": SAMPLE_TEMPERATURE, "seed": seed})
                   for seed in range(1, self.samples + 1)]
        for number, (other, how) in enumerate([(t, {}) for t in tries] + sampled, 1):
            again = solve(other, 0, **how)
            usage = usage + again.usage
            if again.error is None and not left_out(again.data["code"], required,
                                                    previous_steps):
                again.data["second_try"] = number
                if how:
                    again.data["sampled"] = how["seed"]
                return again.model_copy(update={"usage": usage})
        first.data["second_try"] = 0  # no other prompt did better: the first outcome stands
        return first.model_copy(update={"usage": usage})

    def _solve(self, messages: list[Message], schema: Any, grounds: Grounds,
               repairs: int, **sampled: Any) -> ToolResult:
        """Decode code for `messages` and run it; refused or broken code is shown to the
        model with the error for up to `repairs` more tries."""
        usage = Usage()
        code, outcome = "", None
        for attempt in range(1, repairs + 2):
            try:
                completion = self.client.complete(messages, schema, max_tokens=self.max_tokens,
                                                  **sampled)
            except InvalidOutputError as exc:
                if outcome is not None:  # keep the earlier, more useful failure
                    break
                return _failure(f"the model did not write valid code ({exc})", code, usage, attempt)
            usage = usage + completion.usage
            written = completion.parsed.code
            code = picked_right(written, grounds.request)  # min for "the last": max
            code = matched_units(code, grounds.stated)  # "3,180 km" against "2,341 mi"
            code = as_distance(code, grounds.request)  # "years apart": abs(1828 - 1860)
            code = counted_average(code, grounds.request, grounds.stated)  # 4 scores: / 4
            code = in_asked_unit(code, grounds.request, grounds.stated)  # hours -> minutes
            outcome = self._run(code, grounds)
            if outcome.error is None:
                done = _success(code, outcome, usage, attempt)
                if code != written:
                    done.data["written"] = written
                return done
            # a new list: the client may keep the old one
            messages = messages + repair_turns(completion.text, outcome.error or "")
        return _failure(outcome.error or "no result", code, usage, attempt, outcome)

    def _run(self, code: str, grounds: Grounds) -> SandboxResult:
        return check_and_run(code, grounds, lambda c: run_code(
            c, timeout_s=self.timeout_s, memory_mb=self.memory_mb))


@dataclass(frozen=True)
class Grounds:
    """What a calculation's code is checked against: the request, the numbers it may use
    and those refused (`given_numbers`, `planner_only`), what the request and the earlier
    steps state, the articles the searches found, and the planner's tasks (this step's and
    the earlier ones')."""

    request: str
    given: list[float]
    refused: frozenset[float]
    stated: str
    titles: list[str]
    task: str = ""
    answers: tuple[str, ...] = ()  # the user's answers to ask_user ("850 euros a month.")
    asked: str = ""  # earlier tasks whose answer names no period ("Ask the user for their
    # monthly phone bill." -> "45 dollars"); an answer's own period ("2,400 a month") stands

    @property
    def words(self) -> str:
        """The text whose periods a calendar factor must join: what is stated, the earlier
        steps' tasks and this one."""
        return f"{self.stated} {self.asked} {self.task}"

    @property
    def said(self) -> str:
        """What the user wrote: the request and the answers."""
        return " ".join((self.request, *self.answers))


OTHER_EVENT = ("the code uses {year}, which the searches give as {title}'s {event} year, but "
               "the request asks about {asked}: use the {asked_one} year")

UNSOURCED = ("the code converts {number}, which neither the request nor an earlier step states: "
             "convert a value they give")

RATIO = ("the request asks how many times one thing goes into another: divide one number by "
         "the other")

PICKED = ("the request asks how many, not which: compute the amount (a difference, a sum) "
          "instead of picking one number with min() or max()")

TOTAL = "the request asks for the total: add the amounts, do not subtract one from the other"

DECADE = ("the code uses {year} as a year, but the words give only a decade (the {year}s): "
          "ask the user for the exact year")
AGE_YEAR = ("the request asks for an age or a number of years, but the code gives back the "
            "year {year}: subtract the earlier year from the later one")
MOVED = ("the code moves the year {year} by {count}, but nothing here gives {count}: an age "
         "or a span of years is the difference of two years; find the other year first")
WHOLE_PERCENT = ("the code multiplies by {number}, but {number} is a percent: multiply by "
                 "{number} / 100")
SHARED = ("the request shares among {count}, but the code never divides by {count}: divide "
          "what is shared by {count}")
AVERAGE_COUNT = ("the code adds {terms} numbers but divides by {divisor}: an average divides "
                 "the sum by how many numbers it adds ({terms})")
KIND = ("with the units of its numbers the code comes out in {have}, but the request asks for "
        "{want}: check which numbers multiply and which divide")
WRONG_END = ("{year} is the year it {role}, but the request asks when it {asked}: use the year "
             "it {asked}; if no result gives it, search for the year it {asked}")
LIVES = ("the request compares how long they lived: compute each life's length (death year "
         "minus birth year) and compare those, not the years")

UNEXPLAINED = ("the code uses {number} ({what}), but nothing here is counted in {period}: "
               "scale only between the periods the request and the results name")

SCALE = ("the code uses {number}, but nothing here is a percentage, a hundred or a thousand: "
         "use only the numbers the task gives, the way it gives them")

ONCE = ("the code uses {number} once, but it is given for one way: a trip there and back "
        "counts it twice (multiply it by 2)")

UNSCALED = ("the code gives an amount per {per}, but the request asks about a {asked}: scale "
            "it from a {per} to a {asked}")
UNCOUNTED = ("the request asks about {count} {asked}, but the code never counts them: scale "
             "the amount to one {one}, then multiply by {count}")

OVERUSED = ("the code uses {number} more often than the user gave it: use each of the user's "
            "numbers once, in its place")

TURNED = ("the code turns {rate} a {per} into {value} for a {asked}, but a {asked} is {than} "
          "than a {per}: the amount must come out {way} ({op} by the {per}s in a {asked})")


SELF_CANCELLING = ("the code cancels {number} out (takes it from itself, or multiplies and "
                   "divides by it), so the result does not depend on it: use each number once, "
                   "the way the task needs it; if a second value is missing, look it up or ask")
NEGATIVE = ("the result is {value}, below zero, but the request asks for an amount that "
            "cannot be negative: check which number is taken from which, and use each number "
            "the way the task says")
PERCENT_WORDS = re.compile(r"%|\bper ?cent", re.IGNORECASE)
# factors the words imply once beside a number stated once: "18% of 100" (100), "at 60 km/h,
# how many minutes" (60 minutes an hour), "a quarter of 4 rows" (4)
WORDS_IMPLY = [(100.0, PERCENT_WORDS),
           (60.0, re.compile(r"(?=.*\bminutes?\b)(?=.*(?:\bhours?\b|km/h|mph|\ban hour\b))",
                             re.IGNORECASE | re.DOTALL)),
           (24.0, re.compile(r"(?=.*\bhours?\b)(?=.*\bdays?\b)", re.IGNORECASE | re.DOTALL)),
           (12.0, re.compile(r"(?=.*\bmonths?\b)(?=.*\byears?\b)", re.IGNORECASE | re.DOTALL)),
           (2.0, re.compile(r"\bhalf\b", re.IGNORECASE)),
           (3.0, re.compile(r"\bthirds?\b", re.IGNORECASE)),
           (4.0, re.compile(r"\bquarters?\b", re.IGNORECASE)),
           (5.0, re.compile(r"\bfifths?\b", re.IGNORECASE))]


def check_and_run(code: str, grounds: Grounds,
                  run: Callable[[str], SandboxResult] = run_code) -> SandboxResult:
    """Every check of the code against `grounds`, then `run` (the sandbox) and the checks of
    its value: the first refusal comes back as an error with its fix in one line, the words
    the repair prompt shows (the training's repair turns too: gba.simulation.repairs).

    >>> g = grounds_for("What is 6 times 7?", "Multiply 6 by 7.", [])
    >>> check_and_run("result = 6 * 7", g).value, check_and_run("result = 6 * 71", g).ok
    ('42', False)
    """
    if made_up := ungrounded(code, grounds.given, grounds.refused):
        return SandboxResult(ok=False, error=UNGROUNDED.format(
            numbers=", ".join(f"{n:g}" for n in made_up)))
    if (made_up := unsourced_conversion(code, grounds.given)) is not None:
        return SandboxResult(ok=False, error=UNSOURCED.format(number=f"{made_up:g}"))
    if misread := misread_units(code, grounds.stated, grounds.request):
        return SandboxResult(ok=False, error=misread)
    if mixed := mixed_units(code, grounds.stated):
        return SandboxResult(ok=False, error=mixed)
    if (decade := decade_only(code, grounds.stated)) is not None:
        return SandboxResult(ok=False, error=DECADE.format(year=decade))
    if (year := year_for_age(code, grounds.request)) is not None:
        return SandboxResult(ok=False, error=AGE_YEAR.format(year=year))
    if moved := year_moved(code, grounds.stated):
        return SandboxResult(ok=False, error=MOVED.format(year=moved[0], count=moved[1]))
    if (percent := whole_percent(code, grounds.stated)) is not None:
        return SandboxResult(ok=False, error=WHOLE_PERCENT.format(number=f"{percent:g}"))
    if (count := shared_not_divided(code, grounds.request)) is not None:
        return SandboxResult(ok=False, error=SHARED.format(count=f"{count:g}"))
    if counted := miscounted_average(code, grounds.request, grounds.stated):
        return SandboxResult(ok=False, error=AVERAGE_COUNT.format(
            terms=counted[0], divisor=f"{counted[1]:g}"))
    if kinds := wrong_kind(code, grounds.request, grounds.stated):
        return SandboxResult(ok=False, error=KIND.format(want=kinds[0], have=kinds[1]))
    if factors := unexplained(code, grounds.words, grounds.given + numbers_in(grounds.task)):
        value, what, period = factors[0]
        return SandboxResult(ok=False, error=UNEXPLAINED.format(
            number=f"{value:g}", what=what, period=period))
    if (scale := unexplained_scale(code, grounds.words)) is not None:
        return SandboxResult(ok=False, error=SCALE.format(number=f"{scale:g}"))
    if twice := overused(code, grounds.request, grounds.answers):
        return SandboxResult(ok=False, error=OVERUSED.format(number=f"{twice[0]:g}"))
    if cancelled := self_cancelling(code, grounds.stated):
        return SandboxResult(ok=False, error=SELF_CANCELLING.format(number=f"{cancelled[0]:g}"))
    years = [int(x) for x in literals(code) if x == int(x) and 100 <= x <= 2100]
    if other := other_events(years, grounds.request, grounds.stated, grounds.titles):
        year, title, event = other[0]
        return SandboxResult(ok=False, error=OTHER_EVENT.format(
            year=year, title=title, event="death" if event == "died" else "birth",
            asked="births" if event == "died" else "deaths",
            asked_one="birth" if event == "died" else "death"))
    if wrong := wrong_ends(years, grounds.request, grounds.stated):
        year, role = wrong[0]
        return SandboxResult(ok=False, error=WRONG_END.format(
            year=year, role="began" if role == "start" else "ended",
            asked="ended" if role == "start" else "began"))
    if years_for_lives(code, grounds.request):
        return SandboxResult(ok=False, error=LIVES)
    if ratio_missing(code, grounds.request):
        return SandboxResult(ok=False, error=RATIO)
    if extreme_for_amount(code, grounds.request) or unasked_pick(code, grounds.request):
        return SandboxResult(ok=False, error=PICKED)
    if difference_for_total(code, grounds.request):
        return SandboxResult(ok=False, error=TOTAL)
    outcome = run(code)
    if outcome.ok and outcome.value is None and not outcome.stdout.strip():
        outcome.ok = False
        outcome.error = "the code produced no value (store the answer in `result`)"
    if outcome.ok and (wrong_way := turned(code, as_number(outcome.value), grounds.request,
                                           grounds.said)):
        rate, per, asked = wrong_way
        longer = ORDER[asked] > ORDER[per]
        outcome.ok = False
        outcome.error = TURNED.format(
            rate=f"{rate:g}", per=per[:-1], asked=asked[:-1], value=outcome.value,
            than="longer" if longer else "shorter", way="more" if longer else "less",
            op="multiply" if longer else "divide")
    if outcome.ok and negative_amount(as_number(outcome.value), grounds.request):
        outcome.ok = False
        outcome.error = NEGATIVE.format(value=outcome.value)
    if outcome.ok and (single := once(code, grounds.said, grounds.request)):
        outcome.ok = False
        outcome.error = ONCE.format(number=f"{single[0]:g}")
    if outcome.ok and (flat := unscaled(code, grounds.request, grounds.said)):
        per, asked = flat
        outcome.ok = False
        outcome.error = UNSCALED.format(per=per[:-1], asked=asked[:-1])
        if (span := asked_span(grounds.request)) and span[1] and span[1] > 1:  # two years
            outcome.error += f", then multiply by {span[1]:g} for {span[1]:g} {asked}"
    if outcome.ok and (span := uncounted(code, grounds.request, grounds.said)):
        count, asked = span
        outcome.ok = False
        outcome.error = UNCOUNTED.format(count=f"{count:g}", asked=asked, one=asked[:-1])
    return outcome


def grounds_for(request: str, task: str, previous_steps: list[Step]) -> Grounds:
    """What code for `task` is checked against (Grounds), from the request and the steps."""
    said = sources(request, previous_steps)
    return Grounds(
        request=request, given=numbers_in(said),  # given_numbers(request, previous_steps)
        refused=planner_only(task, said) | frozenset(name_numbers(said)),
        stated=sources(request, [s for s in previous_steps if s.tool != CALCULATE]),  # no code
        titles=list(dict.fromkeys(t for s in previous_steps if not s.error for t in s.sources)),
        task=task, answers=tuple(user_texts(request, previous_steps)[1:]),
        asked=" ".join(s.task for s in previous_steps if not names_period(s.observation)))


def required_for(request: str, task: str, previous_steps: list[Step]) -> list[float]:
    """The numbers code for `task` must use: the user's in the task, then in their answers."""
    required = required_numbers(task, request, previous_steps)
    return required + [x for x in answered_numbers(previous_steps) if x not in required]


def repair_turns(written: str, error: str) -> list[Message]:
    """The turns after code the checks refused: the model's code, then the error to mend."""
    return [Message(role="assistant", content=written),
            Message(role="user", content=REPAIR_PROMPT.format(error=error))]


def cover_turns(code: str, missing: list[float]) -> list[Message]:
    """The turns after code that left out numbers the user gave: the code, then which."""
    return [Message(role="assistant", content=CalculationCode(code=code).model_dump_json()),
            Message(role="user", content=COVER_PROMPT.format(
                numbers=", ".join(f"{x:g}" for x in missing)))]


def _chain(node: ast.expr, sign: int, ops: tuple[type, type]) -> list[tuple[int, ast.expr]]:
    """The terms of a sum (ops Add, Sub) or the factors of a product (Mult, Div), signed."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ops):
        flip = -sign if isinstance(node.op, ops[1]) else sign
        return _chain(node.left, sign, ops) + _chain(node.right, flip, ops)
    return [(sign, node)]


def self_cancelling(code: str, stated: str) -> list[float]:
    """Numbers one sum both adds and subtracts, or one product both multiplies and divides by
    (`1881 - 1881`, `5 * 3 * 12 / 12`), that the `stated` text (request and observations)
    gives only once (a sentence repeated counts once): a calculation with one of two values
    missing ("years after Hugo's birth was Bartok born" when only Bartok's year was found), or
    a rate used both ways. Two people born in one year state it twice; "18% of 100" states 100
    once for `100 * 18 / 100` and implies it once (WORDS_IMPLY: minutes beside hours imply 60, a
    quarter 4). Code that does not parse has none.

    >>> found = "Béla Bartók was born in 1881. Béla Bartók was born in 1881."
    >>> self_cancelling("result = 1881 - 1881", found), self_cancelling("result = 2 * 3 - 2 * 3", "")
    ([1881.0], [])
    >>> self_cancelling("result = 1881 - 1881", found + " Joe Smith was born in 1881.")
    []
    >>> paint = "1 litre covers 12 square metres. How many litres for a wall 5 m by 3 m?"
    >>> self_cancelling("result = (5 * 3) * 12 / 12", paint), self_cancelling("result = 5 * 3 / 12", paint)
    ([12.0], [])
    >>> self_cancelling("result = 100 * 18 / 100", "What is 18% of 100?")
    []
    >>> self_cancelling("result = 30 / 60 * 60", "At 60 km/h, how many minutes for 30 km?")
    []
    """
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return []
    stated_numbers = [x for sentence in set(SENTENCE.split(stated)) for x in numbers_in(sentence)]
    implied = {value for value, words in WORDS_IMPLY if words.search(stated)}
    found: set[float] = set()
    for node in ast.walk(tree):
        for ops in ((ast.Add, ast.Sub), (ast.Mult, ast.Div)):
            if not (isinstance(node, ast.BinOp) and isinstance(node.op, ops)):
                continue
            signed = {(sign, float(term.value)) for sign, term in _chain(node, 1, ops)
                      if isinstance(term, ast.Constant) and type(term.value) in (int, float)}
            for sign, value in signed:
                times = stated_numbers.count(value) + (value in implied)
                if sign > 0 and (-1, value) in signed and times < 2:
                    found.add(abs(value))
    return sorted(found)


UNGROUNDED = ("the code uses {numbers}, which neither the request nor an earlier result "
              "gives; use only given or found numbers (a missing value must be asked or "
              "looked up)")


FACTOR_ROUNDING = 0.005  # relative: a unit factor written to three or four digits


def given_numbers(request: str, previous_steps: list[Step]) -> list[float]:
    """The numbers a calculation may use: the request's and those of the earlier steps that
    worked (a user's answer, a search result, an earlier calculation). Not the task's: the
    planner writes the task, and a figure only it states ("a bill of 3000") is one no tool
    returned; the constants (gba.numbers.CONSTANTS) stay allowed through `allowed_numbers`."""
    return numbers_in(sources(request, previous_steps))


def sources(request: str, previous_steps: list[Step]) -> str:
    """The request and the observations of the earlier steps that worked, as one text."""
    return " ".join([request, *(s.observation for s in previous_steps if not s.error)])


def planner_only(task: str, source: str) -> frozenset[float]:
    """Amounts the planner's `task` states that the `source` text (request and observations)
    does not give: numbers written with decimals, a currency or a unit ("3.00 euros a day",
    "2 km") that are not among the source's numbers (as a percent too) nor what a request's
    wording implies (gba.numbers.IMPLIED: 7 days, 12 months). They are refused even where
    they are constants anyone may use, since a made-up "3.00 euros a day" must not become
    `3.0 * 22`. A bare small count stays allowed: the wording often implies one without
    writing it (an average of three cities, a quarter's 3 months, "the cube of").

    >>> sorted(planner_only("Multiply 3.00 euros a day by 22 days, 7 days a week.", "22 days"))
    [3.0]
    >>> planner_only("Compute 925 * 3, then (72 + 49 + 62) / 3.", "925 a month; 72, 49, 62")
    frozenset()
    """
    sourced = _derived(numbers_in(source)) | IMPLIED
    out = set()
    for value, start, end in number_spans(task):
        written = task[start:end]
        amount = ("." in written or task[max(0, start - 1):start] in ("€", "$", "£")
                  or MONEY.match(task, end) is not None or starts_with_unit(task[end:]))
        if amount and not any(math.isclose(abs(value), a, rel_tol=1e-9, abs_tol=1e-12)
                              for a in sourced):
            out.add(abs(value))
    return frozenset(out)


def _derived(given: list[float]) -> set[float]:
    """The given numbers as written, and a percent as a fraction, a growth or a discount."""
    return set().union(*(forms(x) for x in given))


def allowed_numbers(given: list[float], refused: frozenset[float] = frozenset()) -> set[float]:
    """The exact values a calculation may write: the given numbers (as written, and a percent
    as a fraction, a growth or a discount factor) and gba.numbers.CONSTANTS, less those
    `refused` (`planner_only`) that no source gives. Unit factors may also be rounded
    (FACTOR_ROUNDING); `ungrounded` and `literal_pattern` both allow that."""
    return (set(CONSTANTS) - refused) | _derived(given)


def ungrounded(code: str, given: list[float],
               refused: frozenset[float] = frozenset()) -> list[float]:
    """Numbers written in `code` that `allowed_numbers(given, refused)` does not hold, nor a
    rounded unit factor. Code that does not parse has none (the sandbox reports its syntax
    error).

    >>> ungrounded("result = 80 * 15 / 100", [15.0])
    [80.0]
    >>> ungrounded("result = 2_400 * 0.15 + 3", [2400.0, 15.0])
    []
    >>> ungrounded("result = 3.0 * 22", [22.0], frozenset([3.0]))
    [3.0]
    """
    allowed = allowed_numbers(given, refused)
    factors = list(UNIT_FACTORS.values())
    out: list[float] = []
    for value in literals(code):
        if any(math.isclose(value, a, rel_tol=1e-9, abs_tol=1e-12) for a in allowed):
            continue
        if any(math.isclose(value, f, rel_tol=FACTOR_ROUNDING) for f in factors):
            continue  # a unit factor rounded (0.6214 for 0.621371): knowledge, not a fact
        if value not in out:
            out.append(value)
    return out


def _literals(x: float) -> set[str]:
    """How code may write `x`, as regular expressions: '4.5' (or '4.50'), '2400' (or '2400.0',
    '2_400'), and from 1000 up in scientific notation too ('2.5e6', '1e6')."""
    if not 0 <= x < 1e15:
        return set()
    if x != int(x):
        return {re.escape(f"{x:.12g}") + "0*"}
    n = int(x)
    forms = {re.escape(str(n)) + r"(?:\.0*)?"}
    if n >= 1000:
        forms.add(f"{n:_}")
        exponent = len(str(n)) - 1
        mantissa = f"{n / 10 ** exponent:.12g}"
        forms.add(re.escape(mantissa) + f"[eE]\\+?0?{exponent}")
    return forms


IDENTIFIER = r"[A-Za-z_][A-Za-z0-9_]*"  # digits inside a name ('x2', "km2") are not numbers


def literal_pattern(given: list[float], refused: frozenset[float] = frozenset()) -> str:
    """A regular expression for code whose every number `ungrounded` would accept: digits
    only inside names or as an allowed literal, which no digit, letter or decimal point may
    follow (so '4.5' cannot come out as '45', nor '3' as '30'). Decoding under it makes a
    made-up number impossible rather than refused afterwards. (A decimal point right after
    a name or bracket is free, so '.7' gets through; `ungrounded` still refuses it.)

    >>> import re
    >>> pattern = literal_pattern([4.5])
    >>> [bool(re.fullmatch(pattern, c)) for c in ["result = 4.5 * 14", "result = 45 * 14"]]
    [True, False]
    >>> bool(re.fullmatch(pattern, 'result = convert(4.5, "km2", "mi2") * 0.3861'))
    True
    """
    forms: set[str] = set()
    for x in allowed_numbers(given, refused):
        forms |= _literals(x)
    for factor in UNIT_FACTORS.values():
        for digits in range(2, 8):
            written = f"{factor:.{digits}g}"
            if math.isclose(float(written), factor, rel_tol=FACTOR_ROUNDING):
                forms |= _literals(float(written))
    number = "(?:" + "|".join(sorted(forms)) + ")"
    return rf"^(?:{IDENTIFIER}|[^0-9A-Za-z_]|{number}[^0-9A-Za-z_.])*{number}?$"


def _show(code: str, limit: int = CODE_SHOWN_CHARS) -> str:
    """Code for the observation: one line when it has no indented blocks."""
    code = code.strip()
    lines = [line for line in code.splitlines() if line.strip()]
    if not any(line[:1].isspace() for line in lines):
        code = "; ".join(lines)
    return clip(code, limit)


def _data(code: str, attempts: int, outcome: SandboxResult | None) -> dict[str, Any]:
    return {"code": code, "attempts": attempts,
            "value": outcome.value if outcome else None,
            "stdout": outcome.stdout if outcome else "",
            "error": outcome.error if outcome else None}


def _success(code: str, outcome: SandboxResult, usage: Usage, attempts: int) -> ToolResult:
    printed = clip(outcome.stdout.strip(), PRINTED_CHARS)
    if outcome.value is None:
        text = f"printed: {printed} (code: {_show(code)})"
    else:
        # shown as the simulation shows it (rounded); data["value"] keeps every digit
        text = f"{RESULT_PREFIX}{shown_result(outcome.value)} (code: {_show(code)})"
        text += f"; printed: {printed}" if printed else ""
    return ToolResult(text=text, usage=usage, data=_data(code, attempts, outcome))


def _failure(error: str, code: str, usage: Usage, attempts: int,
             outcome: SandboxResult | None = None) -> ToolResult:
    tried = f" after {attempts} attempts" if attempts > 1 else ""
    shown = f" (code: {_show(code)})" if code else ""
    text = f"calculate_number could not compute this{tried}: {error}{shown}"
    return ToolResult(text=text, usage=usage, error=error, data=_data(code, attempts, outcome))
