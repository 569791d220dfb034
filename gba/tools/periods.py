"""Calendar factors the words do not call for: a check of the calculation role's code.

A tiny model scales a rate by a period nobody mentioned: "7 hours a night ... in a week" ->
`7 * 52`, "28 km a day, on 20 days a month ... in a month" -> `28 * 20 / 12`, "2,400 a month
for 160 hours a month ... per hour" -> `2400 / (160 * 12)`. A calendar factor written in
code (12 months a year, 52 weeks a year, 365 days a year, 7 days a week, 24 hours a day,
30 days a month, 60 minutes an hour...) relates two periods, so code may write one only where
the words (the request, the planner's task and the earlier results) speak of both; a
number the request or a result gives itself ("12 eggs", "24 muffins") is never a factor.

Words count by family: "night", "daily" and "weekday" are days; "born", "old", "age",
"decade" speak of years (an age in days multiplies by 365 without saying "year"); "speed"
speaks of hours (an average speed from minutes divides them by 60).

Only numbers that multiply or divide count (`date(2019, 7, 9)` writes a month, not a factor).

Direction (`turned`): code whose only given number is one rate ("850 euros a month") and
whose other numbers are calendar factors must come out larger for a longer asked period
("How much rent do I pay in a year?": `850 / 12` is refused) and smaller for a shorter one.

Unscaled (`unscaled`): code that only adds, subtracts or restates amounts per one period
("12 euros a month and 8 euros a month" -> `12 + 8`), or multiplies them by the asked span's
count alone (`27.5 * 2` for two years), gives an amount per that period (times the count),
so it is refused when the request asks about another ("in a year", "after two years").

Leaves out direction where the code mixes several given numbers with factors (a fee on
top, two rates), and factors the code computes (`convert(3, "h", "s")`).

>>> unexplained("result = 7 * 52", "How many hours do I sleep in a week? 7 hours a night.")
[(52.0, 'weeks in a year', 'years')]
>>> unexplained("result = 7 * 7", "How many hours do I sleep in a week? 7 hours a night.")
[]
>>> unexplained("result = 24 * 6", "A baker puts 24 muffins on each of 6 trays.")
[]

Two factors that meet in a period the words do not name join the two periods they do name
("39 a month ... each week" -> `39 * 12 / 52`, by way of the year):

>>> unexplained("result = 39 * 12 / 52", "My bill is 39 a month. What is that each week?")
[]
"""

from __future__ import annotations

import ast
import math
import re

from gba.numbers import number_spans, numbers_in, word_spans
from gba.tools.coverage import literals, nodes

FAMILIES = {  # a period, and the words that speak of it
    "seconds": r"seconds?|secs?",
    "minutes": r"minutes?|mins?",
    "hours": r"hours?|hourly|hrs?|h|km/h|kph|mph|speeds?",  # a speed is per hour
    "days": r"days?|daily|nights?|nightly|weekdays?|workdays?|weekends?|everyday",
    "weeks": r"weeks?|weekly|weekdays?|weekends?|fortnights?",
    "months": r"months?|monthly",
    "years": r"years?|yearly|annual|annually|annum|decades?|century|centuries|born|age|aged|"
             r"old|birthdays?|anniversary|lifetime|lived|leap",
}
WORDS = {period: re.compile(rf"\b(?:{words})\b", re.IGNORECASE)
         for period, words in FAMILIES.items()}

FACTORS: dict[float, list[tuple[str, str, str]]] = {  # value -> (what it is, periods it joins)
    7.0: [("days in a week", "days", "weeks")],
    12.0: [("months in a year", "months", "years")],
    52.0: [("weeks in a year", "weeks", "years")],
    365.0: [("days in a year", "days", "years")],
    366.0: [("days in a leap year", "days", "years")],
    24.0: [("hours in a day", "hours", "days"), ("months in two years", "months", "years")],
    30.0: [("days in a month", "days", "months")],
    31.0: [("days in a month", "days", "months")],
    60.0: [("minutes in an hour", "minutes", "hours"),
           ("seconds in a minute", "seconds", "minutes")],
    3600.0: [("seconds in an hour", "seconds", "hours")],
    1440.0: [("minutes in a day", "minutes", "days")],
    86400.0: [("seconds in a day", "seconds", "days")],
}


def names_period(text: str) -> bool:
    """Whether `text` speaks of any period ("2,400 a month": yes; "45 dollars": no)."""
    return any(pattern.search(text) for pattern in WORDS.values())


def unexplained(code: str, words: str, given: list[float] | None = None
                ) -> list[tuple[float, str, str]]:
    """Calendar factors in `code` that no pair of periods in `words` calls for, as (factor,
    what it is, a period the words never name); numbers in `given` (default: those of
    `words`) are the words' own and not factors. Code that does not parse has none."""
    given = numbers_in(words) if given is None else given
    named = {period for period, pattern in WORDS.items() if pattern.search(words)}
    factors = [v for v in dict.fromkeys(scaling(code))
               if v in FACTORS and not any(math.isclose(v, abs(g), rel_tol=1e-9) for g in given)]
    out: list[tuple[float, str, str]] = []
    for value in factors:
        meanings = FACTORS[value]
        if any(a in named and b in named for _, a, b in meanings):
            continue
        if any(_joined(value, other, named) for other in factors if other != value):
            continue
        what, a, b = meanings[0]
        out.append((value, what, b if a in named else a))
    return out


def _joined(value: float, other: float, named: set[str]) -> bool:
    """Whether the factors `value` and `other` meet in one period and lead from it to two
    different periods the words name (12 and 52: months and weeks by way of years)."""
    ends = [(a, b) for _, a, b in FACTORS[value]] + [(b, a) for _, a, b in FACTORS[value]]
    others = [(c, d) for _, c, d in FACTORS[other]] + [(d, c) for _, c, d in FACTORS[other]]
    return any(pivot == meet and end in named and far in named and end != far
               for end, pivot in ends for far, meet in others)


SCALING = (ast.Mult, ast.Div, ast.FloorDiv)


def scaling(code: str) -> list[float]:
    """The numbers `code` multiplies or divides by (or multiplies or divides), in order;
    none when it does not parse.

    >>> scaling("result = (date(2021, 5, 30) - date(2019, 7, 9)).days / 7 + 2")
    [7.0]
    """
    out = []
    for node in nodes(code):
        if isinstance(node, ast.BinOp) and isinstance(node.op, SCALING):
            out += [abs(float(side.value)) for side in (node.left, node.right)
                    if isinstance(side, ast.Constant) and type(side.value) in (int, float)]
    return out


# ---- direction: a rate scaled to a longer period must grow ----------------------------------

ORDER = {period: rank for rank, period in enumerate(FAMILIES)}  # shortest first
PERIOD = r"(second|minute|hour|day|night|weekday|workday|week|fortnight|month|year|decade)s?"
RATE_AFTER = re.compile(r"[^\d.!?;]{0,40}?\b(?:a|an|per|each|every)\s+(?:working\s+|single\s+)?"
                        + PERIOD + r"\b", re.IGNORECASE)
RATE_BEFORE = re.compile(r"\b(hourly|daily|nightly|weekly|monthly|yearly|annual)\b"
                         r"[^\d.!?;]{0,30}$", re.IGNORECASE)
SPAN = re.compile(r"\b(?:in|per|for|over|after|within|each|every|this|next|a|an)\s+"
                  r"((?:(?:a|an|one|the|whole|full|working|single|[\w.,]+)\s+){0,2}?)"
                  + PERIOD + r"\b", re.IGNORECASE)


# A span written as one hyphenated adjective: "a five-day week" is 5 days, "a 3-month trial"
# 3 months, "a 38-week school year" 38 weeks (not "a three-year-old").
HYPHENATED = re.compile(r"\b([\w.]+)-" + PERIOD + r"\b(?!-)", re.IGNORECASE)


def family(word: str) -> str:
    """The period a word speaks of, as FAMILIES names it: "night" and "daily" are days,
    "fortnight" weeks, "decade" and "annual" years.

    >>> [family(w) for w in ("nights", "Monthly", "fortnight", "annual")]
    ['days', 'months', 'weeks', 'years']
    """
    return next(period for period, pattern in WORDS.items() if pattern.fullmatch(word))


def rates(text: str) -> list[tuple[float, str]]:
    """The numbers of `text` stated per a period, with it: "850 euros a month" -> (850,
    'months'), "7 hours a night" -> (7, 'days'), "my monthly rent is 850" -> (850, 'months').

    >>> rates("I have 1,200 dollars now and put 300 aside each month.")
    [(300.0, 'months')]
    """
    out = []
    for value, start, end in sorted(number_spans(text) + word_spans(text), key=lambda s: s[1]):
        if m := RATE_AFTER.match(text, end):
            out.append((value, family(m.group(1))))
        elif m := RATE_BEFORE.search(text[max(0, start - 40):start]):
            out.append((value, family(m.group(1))))
    return out


def asked_span(request: str) -> tuple[str, float | None] | None:
    """The period the request asks about, and how many of it ("in 6 months" -> ('months',
    6.0); "How much rent do I pay in a year?" -> ('years', None)): the last span phrase that
    is not a number's rate ("850 a month" is the rate's, not the question's).

    >>> asked_span("I pay 850 a month. What is that over two years?")
    ('years', 2.0)
    >>> asked_span("I ride 15 km each day. How far is that in a five-day week?")
    ('days', 5.0)
    """
    rated = [m.end() for m in RATE_AFTER.finditer(request)]
    spans = [(m.end(), m.group(1), m.group(2)) for m in SPAN.finditer(request)
             if m.end() not in rated or not re.search(r"\d\s*\S*\s*$", request[:m.start()])]
    spans += [(m.end(), m.group(1), m.group(2)) for m in HYPHENATED.finditer(request)
              if numbers_in(m.group(1))]
    if not spans:
        return None
    _, words, period = max(spans)
    count = numbers_in(words)
    return family(period), (count[0] if count else None)


def turned(code: str, value: float | None, request: str, said: str
           ) -> tuple[float, str, str] | None:
    """A rate scaled the wrong way: code whose only given number is one rate of `said` (the
    request and the user's answers), per a period other than the one the request asks
    about, with nothing but calendar factors, rates per the asked period ("five days a
    week" for a week) and the span's count beside it, whose result
    shrank though the asked period is longer (or grew though it is shorter). As (the rate,
    its period, the asked period); None when the code is not of that form.

    >>> turned("result = 850 / 12", 70.83, "How much rent do I pay in a year?",
    ...        "850 euros a month.")
    (850.0, 'months', 'years')
    >>> turned("result = 850 * 12", 10200.0, "How much rent do I pay in a year?",
    ...        "850 euros a month.")
    """
    span = asked_span(request)
    if span is None or value is None:
        return None
    asked, count = span
    rated = rates(said)
    given = numbers_in(said)
    scaled, others = [], 0  # rates per another period than the asked one; other numbers
    for x in dict.fromkeys(literals(code)):
        per = [p for r, p in rated if math.isclose(r, x, rel_tol=1e-9)]
        if per and per[0] != asked:
            scaled.append((x, per[0]))
        elif per or (count is not None and math.isclose(x, count)):
            continue  # a factor: "five days a week" for a week; the span's count
        elif any(math.isclose(x, g, rel_tol=1e-9) for g in given) or (
                x not in FACTORS and x != 1):
            others += 1  # a given number of another kind ("a 30 EUR sign-up fee")
    if len(scaled) != 1 or others or scaled[0][0] <= 0 or value <= 0:
        return None
    x, per = scaled[0]
    longer = ORDER[asked] > ORDER[per]
    if (longer and value < x * (1 - 1e-9)) or (not longer and value > x * (1 + 1e-9)):
        return x, per, asked
    return None



ADDITIVE = (ast.Module, ast.Assign, ast.Expr, ast.Name, ast.Store, ast.Load, ast.Constant,
            ast.BinOp, ast.UnaryOp, ast.Add, ast.Sub, ast.USub, ast.UAdd)


def unscaled(code: str, request: str, said: str) -> tuple[str, str] | None:
    """Amounts per one period given back for another: code that only adds or subtracts
    (or restates) rates of `said` that are all per one period, or multiplies them by the
    asked span's count alone, when the request asks about another ("12 euros a month and 8
    euros a month ... in a year?" -> `12 + 8`; "27.50 a month ... after two years" ->
    `27.5 * 2`). A sum of
    monthly amounts is monthly; a ratio of them is no amount per any period, so code that
    multiplies or divides is left to `turned` and `unexplained`. As (the rates' period, the
    asked period); None when the code is not of that form.

    >>> unscaled("result = 12 + 8", "What do I spend on streaming in a year?",
    ...          "12 euros a month for one and 8 euros a month for another.")
    ('months', 'years')
    >>> unscaled("result = (12 + 8) * 12", "What do I spend on streaming in a year?",
    ...          "12 euros a month for one and 8 euros a month for another.")
    >>> unscaled("result = 35 + 50", "What does the plan cost in a year?",
    ...          "35 dollars a month plus a one-time fee of 50 dollars.")
    ('months', 'years')
    >>> unscaled("result = 3100 * 8 / 100", "What do I put into my pension over a year?",
    ...          "I put 8% of my salary aside. I earn 3,100 a month.")
    ('months', 'years')
    """
    span = asked_span(request)
    tree = nodes(code)
    if span is None or not tree or not all(isinstance(n, (*ADDITIVE, ast.Mult, ast.Div))
                                           for n in tree):
        return None
    count = span[1]
    written = [x for x in literals(code) if x != 0]
    shares = percents(said)  # "8% of 3,100 a month" is per month too: `3100 * 8 / 100`
    if shares and any(math.isclose(x, 100) for x in written):
        written = [x for x in written if not math.isclose(x, 100)
                   and not any(math.isclose(x, p) for p in shares)]
    elif any(isinstance(n, ast.Div) for n in tree):
        return None
    times = any(isinstance(n, ast.Mult) for n in tree) and len(written) > 1 or (
        count is not None and any(math.isclose(x, count) for x in written))
    if count is not None and times:  # "two years" -> `27.5 * 2`: the span's count alone
        if count in FACTORS or sum(math.isclose(x, count) for x in numbers_in(said)) > 1:
            return None  # "over 7 weeks" at 7 days a week: a factor may be the count
        written = [x for x in written if not math.isclose(x, count)]
    elif times:
        return None
    rated = rates(said)
    per = {p for x in written for r, p in rated if math.isclose(r, x, rel_tol=1e-9)}
    if not written or len(per) != 1 or (times and any(
            not any(math.isclose(r, x, rel_tol=1e-9) for r, _ in rated) for x in written)):
        return None  # a sum may add a one-off amount to a rate: still per the rate's period
    period, asked = per.pop(), span[0]
    return (period, asked) if period != asked else None


def percents(text: str) -> list[float]:
    """The numbers `text` gives as percents ("8%", "15 percent").

    >>> percents("I put 8% aside, 15 percent of it in shares, and 3 euros.")
    [8.0, 15.0]
    """
    return [value for value, _, end in number_spans(text)
            if re.match(r"\s*(?:%|per ?cent\b)", text[end:], re.IGNORECASE)]


def uncounted(code: str, request: str, said: str) -> tuple[float, str] | None:
    """The asked span's count left out: code that scales a rate of `said` (the request and the
    user's answers) for a request about several periods ("after two years", "over 3 weeks")
    but neither multiplies by the count nor writes it times a calendar factor (24 months for
    two years); as (the count, the asked period), or None. A count that is itself a factor ("over 7 weeks") or that
    `said` gives twice is left alone.

    >>> uncounted("result = 27.5 * 12", "I pay 27.50 a month. What is that after two years?",
    ...           "I pay 27.50 a month. What is that after two years?")
    (2.0, 'years')
    >>> uncounted("result = 27.5 * 12 * 2", "I pay 27.50 a month. What after two years?",
    ...           "I pay 27.50 a month. What after two years?")
    >>> uncounted("result = 27.5 * 24", "I pay 27.50 a month. What after two years?",
    ...           "I pay 27.50 a month. What after two years?")
    """
    span = asked_span(request)
    if span is None or span[1] is None or span[1] <= 1 or span[1] in FACTORS:
        return None
    count = span[1]
    if sum(math.isclose(x, count) for x in numbers_in(said)) > 1:
        return None
    written = literals(code)
    if not written or not any(math.isclose(r, x, rel_tol=1e-9)
                              for x in written for r, _ in rates(said)):
        return None
    powers = [float(n.right.value) for n in nodes(code) if isinstance(n, ast.BinOp)
              and isinstance(n.op, ast.Pow) and isinstance(n.right, ast.Constant)
              and type(n.right.value) in (int, float)]
    if any(math.isclose(x, count) for x in scaling(code) + powers) or any(
            x / count in FACTORS for x in written):
        return None  # the count multiplies (`* 2`) or compounds (`** 2`), or is in a factor
    return count, span[0]
