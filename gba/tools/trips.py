"""A distance, time or fare given "each way", used once: a check of the calculation role's code.

"I drive 23 km each way", "the fare is 2.60 each way", "45 minutes one way": a day's commute
is there and back, so a total over days, weeks or months counts each such number twice. A
tiny model writes `23 * 5` for a working week of it. Code that uses a number the user's words
give each way (`each_way`) must double it: write it beside a factor 2 (`23 * 2 * 5`) or
doubled (`46`); otherwise the check names it (`once`; `6 * 3 * 6` squares it: no doubling).

Leaves out requests that ask about one way themselves ("How long is my commute each way in
miles?") and numbers given for the round trip ("40 km there and back").

>>> once("result = 23 * 5", "How far do I drive in a working week? I drive 23 km each way.")
[23.0]
>>> once("result = 23 * 2 * 5", "How far do I drive in a working week? I drive 23 km each way.")
[]
"""

from __future__ import annotations

import math
import re

from gba.numbers import number_spans, word_spans
from gba.tools.coverage import literals

EACH_WAY = re.compile(r"[^\d.!?;]{0,30}?\b(?:each way|one way|in each direction|each direction|"
                      r"per trip|a trip|per journey|a journey|per ride|a ride)\b", re.IGNORECASE)
ONE_WAY_BEFORE = re.compile(r"\b(?:each|a|one|per|every|single) (?:way|ride|trip|journey|fare|"
                            r"ticket)\b[^\d.!?;]{0,20}$", re.IGNORECASE)
ASKS_ONE_WAY = re.compile(r"\b(?:each way|one way|each direction|one trip|a single trip|"
                          r"per trip|a trip|per ride|a ride|one ride|per journey)\b", re.IGNORECASE)
ROUND_TRIP = re.compile(r"\b(?:and back|to work and home|to the office and back|both ways|"
                        r"round trip|return trip|there and back|twice a day|two trips a day|"
                        r"each way|one way)\b", re.IGNORECASE)


def each_way(said: str) -> list[float]:
    """The numbers `said` gives for one way of a trip that is made there and back: "23 km
    each way", "2.60 per ride" when the words say the rides go "to the office and back".

    >>> each_way("I drive 23 km each way."), each_way("Each ride is 2.60; I go to work and back.")
    ([23.0], [2.6])
    """
    if not ROUND_TRIP.search(said):
        return []
    return [value for value, start, end in sorted(number_spans(said) + word_spans(said),
                                                   key=lambda span: span[1])
            if EACH_WAY.match(said, end) or ONE_WAY_BEFORE.search(said[max(0, start - 40):start])]


def once(code: str, said: str, request: str = "") -> list[float]:
    """The each-way numbers of `said` (the request and the user's answers) that `code` uses
    once and undoubled, unless the `request` asks about one way itself."""
    question = request or said
    if ASKS_ONE_WAY.search(_question(question)):
        return []
    written = literals(code)
    out = []
    for x in each_way(said):
        used = any(math.isclose(w, x, rel_tol=1e-9) for w in written)
        doubled = any(math.isclose(w, 2 * x, rel_tol=1e-9) for w in written)
        if used and not doubled and 2.0 not in written:
            out.append(x)
    return out


def _question(text: str) -> str:
    """The last sentence that asks (ends with "?"), else the whole text."""
    asked = [s for s in re.split(r"(?<=[.!?])\s+", text) if s.rstrip().endswith("?")]
    return asked[-1] if asked else text
