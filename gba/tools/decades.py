"""A decade is not a year: a check of the calculation role's code.

"My great-grandfather was born in the 1890s. What age was he when World War I ended?" came
out as `1918 - 1890`: the number of "the 1890s" read as his birth year, and the answer off
by up to nine years. Code that writes a year the words give only as a decade ("1890s",
"the 1890's") is refused, and the message says that only the user (or a search) can give
the year itself.

Leaves out decades written in words ("the nineties") and a year the words also give on its
own ("born in 1890, in the 1890s").

A year moved by a count nobody gave is no year either: "How old did Robert Boyle get?",
after a search found only his birth year, came out as `1627 - 18` (18 is among the small
numbers code may write, gba.numbers.CONSTANTS). `year_moved` finds a year plus or minus a
whole number from 2 to 99 that the words do not give.

>>> decade_only("result = 1918 - 1890", "He was born in the 1890s.")
1890
>>> decade_only("result = 1918 - 1896", "He was born in the 1890s. He was born in 1896.")
>>> year_moved("result = 1627 - 18", "Robert Boyle was born in 1627.")
(1627, 18)
>>> year_moved("result = 1809 + 50", "Darwin was born in 1809. When did he turn 50?")
"""

from __future__ import annotations

import ast
import math
import re

from gba.numbers import numbers_in
from gba.tools.coverage import literals, nodes

DECADE = re.compile(r"(?<![\d,.])(1\d{2}0|20[0-9]0)['’]?s\b")
YEAR = re.compile(r"(?<![\d,.])(1\d{3}|20\d{2})(?![\d,]|['’]?s\b)")


def decade_only(code: str, said: str) -> int | None:
    """A year `code` writes that `said` gives only as a decade ("1890s"), or None."""
    decades = {int(m.group(1)) for m in DECADE.finditer(said)}
    years = {int(m.group(1)) for m in YEAR.finditer(said)}
    for value in literals(code):
        if value == int(value) and int(value) in decades - years:
            return int(value)
    return None


def year_moved(code: str, said: str) -> tuple[int, int] | None:
    """(year, count) for a year (1000 to 2100) of `code` that it adds a whole number from 2
    to 99 to, or takes one from, that `said` does not give; None otherwise."""
    given = numbers_in(said)
    for node in nodes(code):
        if not (isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub))):
            continue
        sides = [side.value for side in (node.left, node.right)
                 if isinstance(side, ast.Constant) and type(side.value) is int]
        if len(sides) != 2:
            continue
        year, count = max(sides), min(sides)
        if (1000 <= year <= 2100 and 2 <= count <= 99
                and not any(math.isclose(count, g) for g in given)):
            return year, count
    return None
