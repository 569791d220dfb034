"""A percent used as a whole number: a check of the calculation role's code.

"I put 8 percent of my 3,100 monthly pay into my pension" came out as `8 * 3100`: the percent
multiplied as it is written. Code that multiplies by a number the words state only as a
percent ("8 percent", "15%", "15 per cent") and never divides by 100 (nor writes the
percent as a fraction, 0.08, or a factor, 1.08 or 0.92, which `gba.numbers.forms` allows)
is refused with the fix in one line.

Leaves out a percent the words also state as a plain number, and code that divides by 100
anywhere (`x * 15 / 100` is the percent, whichever way it is grouped).

>>> whole_percent("result = 8 * 3100", "I pay in 8 percent of 3,100 a month.")
8.0
>>> whole_percent("result = 8 / 100 * 3100", "I pay in 8 percent of 3,100 a month.")
"""

from __future__ import annotations

import ast
import math
import re

from gba.numbers import number_spans, word_spans
from gba.tools.coverage import nodes

PERCENT_AFTER = re.compile(r"\s*(?:%|per ?cent\b|percent\b)", re.IGNORECASE)


def percents(text: str) -> tuple[set[float], set[float]]:
    """The numbers `text` states as a percent, and those it states otherwise."""
    as_percent, plain = set(), set()
    for value, _start, end in number_spans(text) + word_spans(text):
        (as_percent if PERCENT_AFTER.match(text, end) else plain).add(value)
    return as_percent, plain


def whole_percent(code: str, said: str) -> float | None:
    """A number `code` multiplies by that `said` gives only as a percent, in code that
    never divides by 100; None when there is none."""
    as_percent, plain = percents(said)
    if not as_percent:
        return None
    tree = nodes(code)
    if any(isinstance(n, ast.BinOp) and isinstance(n.op, (ast.Div, ast.FloorDiv))
           and isinstance(n.right, ast.Constant) and n.right.value == 100 for n in tree):
        return None
    for n in tree:
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mult):
            for side in (n.left, n.right):
                if (isinstance(side, ast.Constant) and type(side.value) in (int, float)
                        and any(math.isclose(side.value, p) for p in as_percent)
                        and not any(math.isclose(side.value, p) for p in plain)):
                    return float(side.value)
    return None
