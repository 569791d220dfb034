"""Numbers the user gave that a calculation leaves out: the check behind the calculation
role's second try.

A tiny model often writes code that runs but drops one of the user's numbers ("3 boxes of
48 crayons, 20 to each of her 4 cousins" -> `3 * 48 - 20`; "I have 250 dollars and buy 3
shirts at 38 dollars" -> `250 - 250 * 38`). When the planner's task repeats numbers the user
wrote (in the request or in an answer to ask_user), code for it should use each of them;
code that does not is suspect, and gba.tools.calculate then tries other prompts, keeping
the first code that uses them all (else its first code).

Required (`required_numbers`) are the task's numbers that the user wrote, less 0 and 1 ("a
one-time fee"), bare years ("how old was she in 1900": a year may only pick a fact) and
numbers inside names ("the Apollo 11 crew", "2 Stovzias 140s"). A number counts as used
(`left_out`) when the code writes it, a percent form of it (gba.numbers.forms), or it
times a unit step ("2 years" as 24 months; only a literal that is no required number
itself), or when an earlier calculation of the same request did.

The user's answers count on their own too (`answered_numbers`): a planner's task may keep
one of two amounts the user answered ("12 euros a month for one service and 8 for another"
-> "Calculate 12 euros a month over a year"), so an answered number no calculation of the
request has used yet is required as well, with the same exceptions.

Leaves out whether code that uses every number is right (it may still be wrong), and
numbers a search returned (a search result often holds more numbers than the question needs).

>>> task = "Calculate: Sara has 3 boxes of 48 crayons and gives 20 to each of her 4 cousins."
>>> need = required_numbers(task, task[len("Calculate: "):], [])
>>> need, left_out("result = 3 * 48 - 20", need), left_out("result = 3 * 48 - 20 * 4", need)
([3.0, 48.0, 20.0, 4.0], [4.0], [])
"""

from __future__ import annotations

import ast
import math
import re
from collections import Counter

from gba.numbers import IMPLIED, MONEY, forms, number_spans, numbers_in, word_spans
from gba.tools.units import starts_with_unit
from gba.trajectory import Step

ASK_USER = "ask_user"  # the tool whose answers are the user's own words (gba.tools.ask_user)
CALCULATE = "calculate_number"  # whose earlier code may already have used a number
SEARCH = "search_wikipedia"  # the search tool (gba.tools.search.wikipedia)
STEPS = (7.0, 12.0, 24.0, 52.0, 60.0, 100.0, 365.0, 1000.0)  # "2 years" written as 24 months
NAME_BEFORE = re.compile(r"(?:^|[^.!?:]\s)[A-Z][\w'-]*\s$")  # "... the Apollo " (not "I ")


def user_texts(request: str, previous_steps: list[Step]) -> list[str]:
    """What the user wrote: the request and the answers to ask_user."""
    return [request, *(s.observation for s in previous_steps
                       if s.tool == ASK_USER and not s.error)]


def user_numbers(request: str, previous_steps: list[Step]) -> list[float]:
    """The numbers the user wrote: the request's and those of the answers to ask_user."""
    return [x for text in user_texts(request, previous_steps) for x in numbers_in(text)]


def required_numbers(task: str, request: str, previous_steps: list[Step]) -> list[float]:
    """The numbers in `task` that the user wrote and code for it should use (see above).

    >>> required_numbers("Using she was born in 1879, calculate: her age in 1900?", "in 1900", [])
    []
    >>> required_numbers("Calculate: the cost of 2 Stovzias 140s at $1,770.70", "2 Stovzias 140s", [])
    [2.0]
    """
    wrote = user_numbers(request, previous_steps)
    out: list[float] = []
    spans = [(v, s, e, True) for v, s, e in number_spans(task)]
    spans += [(v, s, e, False) for v, s, e in word_spans(task)]
    for value, start, end, digits in sorted(spans, key=lambda span: span[1]):
        value = abs(value)
        if value in (0.0, 1.0) or value in out:
            continue
        if not any(math.isclose(value, w, rel_tol=1e-9) for w in map(abs, wrote)):
            continue  # the planner's own figure or a search's: not the user's
        if digits and (_in_name(task, start, end) or _year(task, start, end, value)):
            continue
        out.append(value)
    return out


def answered_numbers(previous_steps: list[Step]) -> list[float]:
    """The numbers of the user's answers to ask_user that code should use (as in
    `required_numbers`: no 0 or 1, bare years, numbers in names).

    >>> from gba.trajectory import PlanRecord
    >>> answered_numbers([Step(index=0, plan=PlanRecord(task="t", selected_tool=ASK_USER),
    ...     tool=ASK_USER, observation="I was born in 1975 and pay 12 and 8 euros a month.")])
    [12.0, 8.0]
    """
    out: list[float] = []
    for step in previous_steps:
        if step.tool == ASK_USER and not step.error:
            out += [x for x in required_numbers(step.observation, "", previous_steps)
                    if x not in out]
    return out


def _in_name(text: str, start: int, end: int) -> bool:
    """A number glued to letters ("140s", "3rd") or after a capitalised word that does not
    begin a sentence ("Apollo 11")."""
    return (end < len(text) and text[end].isalpha()) or bool(NAME_BEFORE.search(text[:start]))


def _year(text: str, start: int, end: int, value: float) -> bool:
    """A bare year: a whole number from 1000 to 2100 written without a comma, no amount or
    unit after it."""
    written = text[start:end]
    return (value == int(value) and 1000 <= value <= 2100 and "," not in written
            and text[max(0, start - 1):start] not in ("€", "$", "£")
            and MONEY.match(text, end) is None and not starts_with_unit(text[end:]))


def nodes(code: str) -> list[ast.AST]:
    """Every node of `code`'s syntax tree (none when it does not parse: the sandbox says why)."""
    try:
        return list(ast.walk(ast.parse(code)))
    except (SyntaxError, ValueError):
        return []


def literals(code: str) -> list[float]:
    """The numbers written in `code` (none when it does not parse)."""
    return [abs(float(node.value)) for node in nodes(code)
            if isinstance(node, ast.Constant) and type(node.value) in (int, float)]


def left_out(code: str, required: list[float], previous_steps: list[Step] = ()) -> list[float]:
    """The `required` numbers that neither `code` nor an earlier calculation's code uses."""
    written = literals(code)
    for step in previous_steps:
        if step.tool == CALCULATE and not step.error:
            written += literals(str(step.result.get("code") or ""))
    direct = [w for w in written if any(_close(w, f) for x in required for f in forms(x))]
    scaled = [w for w in written if w not in direct]  # a literal that is a given number is it
    return [x for x in required
            if not any(_close(w, f) for w in direct for f in forms(x))
            and not any(_close(w, x * step) for w in scaled for step in STEPS)]


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def overused(code: str, request: str, answers: tuple[str, ...] | list[str]) -> list[float]:
    """Numbers from the user's `answers` to ask_user that `code` writes more often than the
    request and the answers together do (`2400 / (160 * 160)` for "I work 160 hours a
    month"), less the constants a wording implies (100, 12, 7...: "2% of my €100" writes 100
    twice). A word problem's square (`45 * 45` for a square field) is the request's number,
    not an answer's, and is left alone.

    >>> overused("result = 2400 / (160 * 160)", "Pay per hour?", ["2,400 a month for 160 hours."])
    [160.0]
    >>> overused("result = 2400 / 160", "Pay per hour?", ["2,400 a month for 160 hours."])
    []
    """
    answered = [x for text in answers for x in numbers_in(text)]
    written = answered + numbers_in(request)
    out = []
    for value, times in Counter(literals(code)).items():
        if (times > 1 and value not in IMPLIED and any(_close(value, a) for a in answered)
                and times > sum(_close(w, value) for w in written)):
            out.append(value)
    return out


# Counts a wording implies without writing them, beside IMPLIED (7, 12, 52, ...): the number
# and a pattern for the words that give it. 2 is implied only by such words here ("each way",
# "half"): "split evenly" with nobody saying how many ways is `/ 2` guessed.
WORDED_COUNTS: dict[float, str] = {
    2.0: r"\beach way|\bthere and back|\bround trip|\breturn|\bcommut|\btwice|\bboth|\bhalf|"
         r"\bhalve|\bpair|\bcouple|\btwo\b|\bdouble|\bevery other|\bback and forth|\bbiweekly",
    3.0: r"\bquarter|\bthird|\btriple|\bthrice|\btriangle|\bcub(?:e|ic)",
    4.0: r"\bquarter|\bsquare|\bfour|\bquadruple",
    5.0: r"\bweekdays?\b|\bworking week|\bwork(?:ing)? ?week|\bschool week|\bfive",
    6.0: r"\bhalf a year|\bsix months|\bhalf-year",
    10.0: r"\bdecade|\bten\b|\btenth",
    14.0: r"\bfortnight",
    20.0: r"\bscore\b",
    28.0: r"\bfour weeks|\bfour-week|\bFebruary",
    30.0: r"\bmonth",
    31.0: r"\bmonth",
}


def guessed_counts(code: str, said: str) -> list[float]:
    """Whole numbers from 2 to 31 that `code` writes and nothing `said` (the request and the
    steps' results) gives: not as a number, not as one a wording implies (IMPLIED; "a
    fortnight" for 14, "weekdays" for 5, "each way" for 2: WORDED_COUNTS) and not as the count of
    the terms an average sums. A tiny model writes one for a count only the user knows ("a
    drink for everyone at the table" -> `4.8 * 10`). Numbers inside a call (`date(1990, 3,
    4)`, `round(x, 3)`) and exponents (`x ** 3`, `x ** (1 / 3)`) are left alone.

    >>> guessed_counts("result = 4.8 * 10", "Each drink is 4.80.")
    [10.0]
    >>> guessed_counts("result = 4.8 * 7", "Each drink is 4.80. There are seven of us.")
    []
    >>> guessed_counts("result = (3 + 5 + 10) / 3", "Scores 3, 5 and 10: the average?")
    []
    >>> guessed_counts("result = 12 * 14", "12 euros a day over a fortnight")
    []
    >>> guessed_counts("result = 186 / 2", "The bill is 186 euros; the flat splits it evenly.")
    [2.0]
    """
    given = {f for x in numbers_in(said) for f in forms(x)}
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return []
    skipped: set[int] = set()
    averaged: set[float] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            skipped |= {id(n) for a in node.args for n in ast.walk(a)}
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            skipped |= {id(n) for n in ast.walk(node.right)}
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            terms, left = 1, node.left
            while isinstance(left, ast.BinOp) and isinstance(left.op, ast.Add):
                terms, left = terms + 1, left.left
            averaged.add(float(terms))
    out: list[float] = []
    for node in ast.walk(tree):
        if (id(node) in skipped or not isinstance(node, ast.Constant)
                or type(node.value) not in (int, float)):
            continue
        value = abs(float(node.value))
        if (value != int(value) or not 2 <= value <= 31
                or (value in IMPLIED and value not in WORDED_COUNTS) or value in averaged
                or any(_close(value, g) for g in given)
                or re.search(WORDED_COUNTS.get(value, r"(?!)"), said, re.IGNORECASE)):
            continue
        if value not in out:
            out.append(value)
    return out
