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

Leaves out whether a factor that is called for goes the right way (`850 / 12` for a year
of 850-a-month rent passes) and factors the code computes (`convert(3, "h", "s")`).

>>> unexplained("result = 7 * 52", "How many hours do I sleep in a week? 7 hours a night.")
[(52.0, 'weeks in a year', 'years')]
>>> unexplained("result = 7 * 7", "How many hours do I sleep in a week? 7 hours a night.")
[]
>>> unexplained("result = 24 * 6", "A baker puts 24 muffins on each of 6 trays.")
[]
"""

from __future__ import annotations

import ast
import math
import re

from gba.numbers import numbers_in

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
    out: list[tuple[float, str, str]] = []
    for value in dict.fromkeys(scaling(code)):
        meanings = FACTORS.get(value)
        if not meanings or any(math.isclose(value, abs(g), rel_tol=1e-9) for g in given):
            continue
        if any(a in named and b in named for _, a, b in meanings):
            continue
        what, a, b = meanings[0]
        out.append((value, what, b if a in named else a))
    return out


SCALING = (ast.Mult, ast.Div, ast.FloorDiv)


def scaling(code: str) -> list[float]:
    """The numbers `code` multiplies or divides by (or multiplies or divides), in order;
    none when it does not parse.

    >>> scaling("result = (date(2021, 5, 30) - date(2019, 7, 9)).days / 7 + 2")
    [7.0]
    """
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return []
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, SCALING):
            out += [abs(float(side.value)) for side in (node.left, node.right)
                    if isinstance(side, ast.Constant) and type(side.value) in (int, float)]
    return out
