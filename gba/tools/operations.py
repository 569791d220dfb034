"""The operation a question's words ask for, against the one the code does: a check of the
calculation role's code.

"How many times bigger is Munich than Stuttgart, by population?" asks for a ratio, and a tiny
model subtracts (`1604384 - 613111`); "Comte was born some years after Diderot died. How
many?" asks for a difference, and it picks an extreme (`min(1713, 1798)`). So code for a
request asking "how many times" must divide (`/` or `//`: `ratio_missing`), and code whose
result is one `min` or `max` call may not answer a question of amount ("how many", "how
long", "by how much": `extreme_for_amount`), and code that subtracts one difference from
another may not answer a question of a total ("Combined, how many years did Caravaggio and
Rumi live?" -> `(1610 - 1571) - (1273 - 1207)`: `difference_for_total`); each refusal names
the fix in one line. A request for an age or a number of years ("lived to what age?", "how
many years", "lifespans") that is about to be answered with no calculation at all, after
searches found two or more years, still needs one (`uncalculated`: the agent then plans a
calculation; a tiny planner answers "Darwin lived about 1809." straight from his life years).
A result below zero for an amount no word of the request lets be negative ("7 rows of 16
trees and 3 more rows. How many trees?" -> `7 * (3 - 16)`) is refused too (`negative_amount`),
and so is a factor of 100 or 1000 that no word calls for (`unexplained_scale`: "140 tickets
at 9 euros each" -> `140 * 2 * 9 / 100`). A subtraction for a distance ("how many years
apart") is run as its absolute value (`as_distance`).

Leaves out "3 times as many as" (a product the request states) and amounts that a min or
max inside a larger formula computes (`max(a, b) - min(a, b)`).

>>> ratio_missing("result = 1604384 - 613111", "How many times bigger is Munich than Stuttgart?")
True
>>> extreme_for_amount("result = min(1713, 1798)", "Comte was born after Diderot died. How many years?")
True
"""

from __future__ import annotations

import ast
import math
import re

from gba.numbers import number_spans, numbers_in, word_spans
from gba.tools.coverage import CALCULATE, literals, nodes
from gba.tools.extremes import AMOUNT, WHICH
from gba.tools.periods import FACTORS
from gba.tools.search.life_years import LIFE_ASKED
from gba.trajectory import Step

# "How many times", and "how many of X would match (fit into, cover...) Y": a ratio.
HOW_MANY_TIMES = re.compile(r"\bhow many times\b|\bhow many\b(?:[^?.!]|\.\d)*?\b(?:fits?|"
                            r"go(?:es)? into|(?:would|could|to|it takes? to|does it take to) "
                            r"(?:match|equal|fill|cover|reach|span)|laid end to end)\b",
                            re.IGNORECASE)
YEARS_ASKED = re.compile(r"\b(?:what age|how old|how many years|lifespans?|life spans?|"
                         r"age (?:when|at)|(?:his|her|their|'s) age|how long "
                         r"did\b.{1,80}?\blive)\b", re.IGNORECASE)
YEAR = re.compile(r"(?<![\d,.])(?:1\d{3}|20\d{2})(?![\d,])")


BIRTH_ONLY = [(re.compile(r"\bbirth year\b", re.IGNORECASE), "birth and death years"),
              (re.compile(r"\byear of (?:his |her |their )?birth\b", re.IGNORECASE),
               "years of birth and death"),
              (re.compile(r"\bwas born\b", re.IGNORECASE), "was born and died")]


def life_task(request: str, task: str) -> str:
    """A search task for one end of a life, widened to both when the request asks how long
    the life was ("How old did Robert Boyle get?": "Look up Robert Boyle's birth year." ->
    "Look up Robert Boyle's birth and death years."); `task` unchanged otherwise.

    >>> life_task("How old did Robert Boyle get?", "Look up Robert Boyle's birth year.")
    "Look up Robert Boyle's birth and death years."
    >>> life_task("When was Robert Boyle born?", "Look up Robert Boyle's birth year.")
    "Look up Robert Boyle's birth year."
    """
    if not LIFE_ASKED.search(request) or re.search(r"\b(?:death|died|die|lived?|life)\b",
                                                   task, re.IGNORECASE):
        return task
    for pattern, both in BIRTH_ONLY:
        if pattern.search(task):
            return pattern.sub(both, task, count=1)
    return task


def year_for_age(code: str, request: str) -> int | None:
    """The year `code` gives back as it is (`result = 1627`) for a request that asks for an
    age or a number of years; None otherwise.

    >>> year_for_age("result = 1627", "How old did Robert Boyle get?")
    1627
    >>> year_for_age("result = 1627", "When was Robert Boyle born?")
    """
    if not (YEARS_ASKED.search(request) or LIFE_ASKED.search(request)):
        return None
    tree = nodes(code)
    assigned = [n for n in tree if isinstance(n, ast.Assign)]
    if (len(assigned) == 1 and isinstance(assigned[0].value, ast.Constant)
            and type(assigned[0].value.value) is int and 1000 <= assigned[0].value.value <= 2100):
        return assigned[0].value.value
    return None


def uncalculated(request: str, steps: list[Step]) -> bool:
    """Whether `request` asks for an age or a number of years, no calculation was planned
    yet, and the searches that worked found two or more distinct years.

    >>> from gba.trajectory import PlanRecord
    >>> found = [Step(index=0, plan=PlanRecord(task="t", selected_tool="search_wikipedia"),
    ...               tool="search_wikipedia", observation="He lived from 1809 to 1882.",
    ...               sources=["Charles Darwin"])]
    >>> uncalculated("Charles Darwin lived to what age?", found)
    True
    >>> uncalculated("When was Charles Darwin born?", found)
    False
    >>> uncalculated("I'm looking for Darwin's age when he died.", found)
    True
    """
    if not YEARS_ASKED.search(request) or any(s.tool == CALCULATE for s in steps):
        return False
    return len({y for s in steps if s.sources and not s.error
                for y in YEAR.findall(s.observation)}) >= 2


def ratio_missing(code: str, request: str) -> bool:
    """Whether the request asks "how many times" (or how many of one thing would match, fit
    into, cover another) and the code (that parses) never divides (by anything but 1).

    >>> ratio_missing("result = 3190 + 4", "How many of my 4 km walks would match the Yukon?")
    True
    >>> ratio_missing("result = (1604384 - 613111) / 1", "How many times bigger is Munich?")
    True
    """
    tree = nodes(code)
    return bool(HOW_MANY_TIMES.search(request) and tree and not any(
        isinstance(n, ast.BinOp) and isinstance(n.op, (ast.Div, ast.FloorDiv))
        and not (isinstance(n.right, ast.Constant) and n.right.value == 1) for n in tree))


def extreme_for_amount(code: str, request: str) -> bool:
    """Whether the code's result is one min or max call while the request asks for an amount
    and not which one ("how many years", no "who" or "which")."""
    if not AMOUNT.search(request) or WHICH.search(request):
        return False
    tree = nodes(code)
    assigned = [n.value for n in tree if isinstance(n, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "result" for t in n.targets)]
    return bool(assigned) and all(
        isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id in ("min", "max")
        for v in assigned)


TOTAL = re.compile(r"\b(?:combined|together|in total|altogether|add(?:ed)? up|sum|total)\b",
                   re.IGNORECASE)
DIFFERENCE = re.compile(r"\b(?:than|difference|apart|between|more|less|fewer|longer|shorter|"
                        r"older|younger|left|remain\w*|after|before|minus|outlive\w*)\b",
                        re.IGNORECASE)


def difference_for_total(code: str, request: str) -> bool:
    """Whether the request asks for a total and no difference, and the code's result
    subtracts one difference from another (`(a - b) - (c - d)`).

    >>> difference_for_total("result = (1610 - 1571) - (1273 - 1207)",
    ...                      "Combined, how many years did Caravaggio and Rumi live?")
    True
    >>> difference_for_total("result = (1610 - 1571) + (1273 - 1207)",
    ...                      "Combined, how many years did Caravaggio and Rumi live?")
    False
    """
    if not TOTAL.search(request) or DIFFERENCE.search(request):
        return False
    for node in nodes(code):
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.BinOp)
                and isinstance(node.value.op, ast.Sub)
                and all(isinstance(side, ast.BinOp) and isinstance(side.op, ast.Sub)
                        for side in (node.value.left, node.value.right))):
            return True
    return False


SHARED = re.compile(r"\b(?:shar\w*|split\w*|divid\w*)\b[^.?!;]{0,60}?\b(?:among|amongst|between|"
                    r"into|by)\s+(?:the\s+|all\s+)?", re.IGNORECASE)


def shared_not_divided(code: str, request: str) -> float | None:
    """The count a request shares or splits something among ("shares the rest equally among
    nine pupils", "split between 4 of us") when `code` writes it but never divides by it
    (`60 * 9 / 6`); None otherwise.

    >>> shared_not_divided("result = 60 * 9 / 6", "Keep six, share the rest among nine pupils.")
    9.0
    >>> shared_not_divided("result = (60 - 6) / 9", "Keep six, share the rest among nine pupils.")
    """
    counts = []
    for m in SHARED.finditer(request):
        spans = [s for s in number_spans(request) + word_spans(request) if s[1] == m.end()]
        counts += [value for value, _, _ in spans]
    if not counts:
        return None
    tree = nodes(code)
    divisors = {float(n.value) for d in tree if isinstance(d, ast.BinOp)
                and isinstance(d.op, (ast.Div, ast.FloorDiv)) for n in ast.walk(d.right)
                if isinstance(n, ast.Constant) and type(n.value) in (int, float)}
    written = literals(code)
    for count in counts:
        if count in written and count not in divisors:
            return count
    return None


AVERAGE = re.compile(r"\b(?:average|mean)\b", re.IGNORECASE)


def _miscounted(code: str, request: str, said: str) -> tuple[ast.Constant, int] | None:
    """The divisor of `code`'s miscounted average (see `miscounted_average`) and how many
    numbers its sum adds; None when there is none."""
    if not AVERAGE.search(request):
        return None
    given = numbers_in(said)
    for node in nodes(code):
        if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div)
                and isinstance(node.right, ast.Constant)
                and type(node.right.value) in (int, float)):
            continue
        terms, left = 1, node.left
        while isinstance(left, ast.BinOp) and isinstance(left.op, ast.Add):
            if not isinstance(left.right, ast.Constant):
                break
            terms, left = terms + 1, left.left
        else:
            if terms < 2 or not isinstance(left, ast.Constant):
                continue
            divisor = float(node.right.value)
            if (divisor != terms and divisor not in FACTORS
                    and not any(math.isclose(divisor, g) for g in given)):
                return node.right, terms
    return None


def miscounted_average(code: str, request: str, said: str) -> tuple[int, float] | None:
    """(terms, divisor) when the request asks for an average or mean and the code divides a
    sum of numbers written out (`(132 + 147 + 119 + 158) / 5`) by a number that is not how
    many it adds, that `said` (the request and the results) does not give and that is no
    calendar factor (a year's bills over 12 months); else None.

    >>> miscounted_average("result = (132 + 147 + 119 + 158) / 5", "What's the mean?", "")
    (4, 5.0)
    >>> miscounted_average("result = (132 + 147 + 119 + 158) / 4", "What's the mean?", "")
    """
    found = _miscounted(code, request, said)
    return None if found is None else (found[1], float(found[0].value))


def counted_average(code: str, request: str, said: str) -> str:
    """`code` with a miscounted average's divisor made how many numbers the sum adds, the one
    fix `miscounted_average`'s refusal names (the calculation role's retries rarely make it);
    anything else unchanged.

    >>> counted_average("result = (132 + 147 + 119 + 158) / 5", "What's the mean?", "")
    'result = (132 + 147 + 119 + 158) / 4'
    >>> counted_average("result = (132 + 147) / 12", "The average month?", "")
    'result = (132 + 147) / 12'
    >>> counted_average("total = 'é'; result = (3 + 4) / 3", "The mean?", "")
    "total = 'é'; result = (3 + 4) / 2"
    """
    found = _miscounted(code, request, said)
    if found is None:
        return code
    divisor, terms = found
    lines = code.splitlines()
    if divisor.lineno != divisor.end_lineno or not 0 < divisor.lineno <= len(lines):
        return code
    line = lines[divisor.lineno - 1].encode()  # ast's column offsets count UTF-8 bytes
    lines[divisor.lineno - 1] = (line[:divisor.col_offset] + str(terms).encode()
                                 + line[divisor.end_col_offset:]).decode()
    return "\n".join(lines)


# Words under which a result below zero can be right: a signed change or difference, a
# comparison (its sign picks one), a temperature, a place below sea level, money lost or
# owed, a year before the common era.
SIGNED = re.compile(r"\b(?:differen\w*|chang\w*|compar\w*|(?:how (?:many|much)|\w+er) (?:more|"
                    r"less|fewer)|(?:more|less|fewer) than|which|whose|who|temperatur\w*|"
                    r"degrees?|kelvin|celsius|fahrenheit|colder|warmer|below|beneath|under|"
                    r"deep\w*|depth|sea level|loss\w*|"
                    r"lose|lost|profit\w*|balance|net|debt\w*|owe\w*|overdraw\w*|minus|negative|"
                    r"drop\w*|fell|fall\w*|decreas\w*|declin\w*|shrink\w*|BC|BCE|before|"
                    r"earlier|ago|short\w*)\b|°|%|-\d", re.IGNORECASE)
# not "apart" or "gap": "How many years apart were they born?" asks for a distance
# the money handed back after paying ("How much change should I get?") is no signed change
CHANGE_GIVEN = re.compile(r"\b(?:how much change|change (?:should|do|will|would|did|can) (?:I|"
                          r"we|you|they|she|he) (?:get|receive|be given|expect)|(?:my|the|in|of|"
                          r"what) change (?:back|from|is|will|should|do)|get (?:back )?in "
                          r"change)\b", re.IGNORECASE)


def negative_amount(value: float | None, request: str) -> bool:
    """Whether a calculation's result is below zero while the request asks for an amount no
    word of it lets be negative: a count, a cost, a length, an age ("7 rows of 16 trees and
    3 more rows" -> `7 * (3 - 16)` = -91 trees). A difference, a change, a temperature, a
    depth, a loss, a year BC may be negative (SIGNED); the change handed back after paying
may not (CHANGE_GIVEN).

    >>> negative_amount(-91.0, "7 rows of 16 trees, plant 3 rows. How many trees are there now?")
    True
    >>> negative_amount(-4.0, "What is the temperature change from 12 °C to 8 °C?")
    False
    >>> negative_amount(-32.0, "How many years apart were Tolstoy and Chekhov born?")
    True
    >>> negative_amount(-23.7, "I paid with a twenty. How much change should I get?")
    True
    """
    return value is not None and value < 0 and not SIGNED.search(CHANGE_GIVEN.sub(" ", request))


DISTANCE = re.compile(r"\b(?:apart|gap)\b", re.IGNORECASE)  # how far, not which way


def as_distance(code: str, request: str) -> str:
    """`code` whose result is one subtraction, written as its distance (`abs(...)`) when the
    request asks how far apart two things are ("How many years apart were Tolstoy and Chekhov
    born?" -> `abs(1828 - 1860)`: the order of the names does not say which to subtract from
    which); anything else unchanged.

    >>> as_distance("result = 1828 - 1860", "How many years apart were they born?")
    'result = abs(1828 - 1860)'
    >>> as_distance("result = 1828 - 1860", "How many years after Tolstoy was Chekhov born?")
    'result = 1828 - 1860'
    """
    if not DISTANCE.search(request):
        return code
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code
    last = tree.body[-1] if tree.body else None
    if (len(tree.body) == 1 and isinstance(last, ast.Assign) and isinstance(last.value, ast.BinOp)
            and isinstance(last.value.op, ast.Sub) and code.startswith("result = ")):
        return f"result = abs({code.removeprefix('result = ').strip()})"
    return code


# words that call for a factor of 100 or 1000: percentages, hundreds and thousands, and the
# metric prefixes of units that are not converted through convert() (watts to kWh, grams)
SCALED = re.compile(r"%|\bper ?cent|\bhundred|\bthousand|\b(?:100|1,?000)\b|\b(?:k|c|m)?(?:m|g|l|w)"
                    r"\b|\bkwh\b|kilo|centi|milli|\bcents?\b|\bgrams?\b|\blit(?:re|er)s?\b|"
                    r"\bmet(?:re|er)s?\b|\bwatts?\b", re.IGNORECASE)


def unexplained_scale(code: str, words: str) -> float | None:
    """A factor of 100 or 1000 that `code` multiplies or divides `result` by while no word of
    `words` (the request, the results, the tasks) is a percentage, a hundred or thousand, or
    a unit with a metric prefix: a made-up scale ("140 tickets ... 9 euros each" ->
    `140 * 2 * 9 / 100`); None when there is none.

    >>> unexplained_scale("result = 140 * 2 * 9 / 100", "140 tickets at 9 euros each")
    100.0
    >>> unexplained_scale("result = 80 * 15 / 100", "What is 15% of 80?")
    """
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    if SCALED.search(words):
        return None
    results = [n.value for n in tree.body if isinstance(n, ast.Assign)  # what `result` holds
               and any(isinstance(t, ast.Name) and t.id == "result" for t in n.targets)]
    for node in (sub for r in results for sub in ast.walk(r)):
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.Div)):
            for side in (node.left, node.right):
                if (isinstance(side, ast.Constant) and type(side.value) in (int, float)
                        and side.value in (100, 1000)):
                    return float(side.value)
    return None
