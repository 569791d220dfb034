"""A decade is not a year: a check of the calculation role's code.

"My great-grandfather was born in the 1890s. What age was he when World War I ended?" came
out as `1918 - 1890`: the number of "the 1890s" read as his birth year, and the answer off
by up to nine years. Code that writes a year the words give only as a decade ("1890s",
"the 1890's") is refused, and the message says that only the user (or a search) can give
the year itself.

Leaves out decades written in words ("the nineties") and a year the words also give on its
own ("born in 1890, in the 1890s").

>>> decade_only("result = 1918 - 1890", "He was born in the 1890s.")
1890
>>> decade_only("result = 1918 - 1896", "He was born in the 1890s. He was born in 1896.")
"""

from __future__ import annotations

import re

from gba.tools.coverage import literals

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
