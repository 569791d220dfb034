"""Which end of a period a year is: a check of the calculation role's code.

"How old was my grandfather when the League of Nations was wound up?" was computed as
`1920 - 1911` after a search answered "The League of Nations was created in 1920.": the
planner had asked for the year it was created, and nothing caught the start of a period used
for its end. `wrong_ends` reads each year of the code where the steps state it: after a word
of beginning ("created", "founded", "began", "broke out", "from" in "from 1914 to 1918") it is
a start, after a word of ending ("ended", "dissolved", "until", "to" in "from 1914 to 1918") an
end; a year of a life ("lived from 1733 to 1804", "born in 1911") or after any other word is
neither. Code for a request that asks about ends alone ("when it was wound up") may not use a
year the steps give only as a start, and the other way round.

Leaves out requests that ask about both ends or about neither ("How long did it last?"), and
years the steps give in other words ("In 1920 the League met for the first time").

>>> said = "The League of Nations was created in 1920. Grandpa was born in 1911."
>>> wrong_ends([1920, 1911], "How old was grandpa when the League was wound up?", said)
[(1920, 'start')]
>>> wrong_ends([1946, 1911], "How old was grandpa when the League was wound up?",
...            "The League of Nations lasted from 1920 to 1946. Grandpa was born in 1911.")
[]
>>> wrong_ends([1918, 1939], "How many years after the First World War ended did the Second "
...            "begin?", "It lasted from 1914 to 1918. It began in 1939.")
[]
"""

from __future__ import annotations

import re

from gba.numbers import numbers_in
from gba.text import SENTENCE

START_WORDS = (r"began|begins?|beginning|started|starts?|founded|foundation|established|"
               r"created|creation|formed|formation|opened|launched|inaugurated|set up|"
               r"(?:broke|breaks?) out|outbreak|erupted|built|constructed|erected")
END_WORDS = (r"ended|ends?|ending|finished|dissolved|dissolution|wound up|abolished|"
             r"abolition|disbanded|collapsed|collapse|concluded|closed|ceased|defunct|"
             r"(?:came|come|comes|torn|pulled|brought) down|demolished|dismantled")
START = re.compile(rf"\b(?:{START_WORDS})\b", re.IGNORECASE)
END = re.compile(rf"\b(?:{END_WORDS})\b", re.IGNORECASE)
# the last word before a year that says which end it is ("founded in 1920", "ended in 1946");
# "lived", "born" and "died" make it a year of a life
MARK = re.compile(rf"\b(?:(?P<start>{START_WORDS})|(?P<end>{END_WORDS})|"
                  r"(?P<life>lived|lives?|born|died|death|birth|aged?))\b", re.IGNORECASE)
# a range: "from 1914 to 1918", "between 1914 and 1918", "1914–1918", "until 1991"
RANGE_START = re.compile(r"\b(?:from|between|since)\s+(?:about\s+|c\.\s*)?$", re.IGNORECASE)
RANGE_END = re.compile(r"(?:\b(?:to|until|till|and)\s+(?:about\s+|c\.\s*)?|\d\s*[–—-]\s*)$",
                       re.IGNORECASE)
YEAR = re.compile(r"(?<![\d.,])(\d{3,4})(?![\d.,]\d)")


def asked_end(request: str) -> str | None:
    """'start' or 'end' when the request asks about one end of a period alone, else None.

    >>> asked_end("What age was I when the League of Nations was wound up?")
    'end'
    >>> asked_end("How long did the Great Depression last?")
    """
    starts, ends = START.search(request), END.search(request)
    if bool(starts) == bool(ends):
        return None
    return "start" if starts else "end"


def roles(year: int, said: str) -> set[str]:
    """What `said` gives `year` as, one role for each time it states it: 'start', 'end',
    'life' or 'other' (by the last telling word before it in its sentence).

    >>> roles(1918, "Spanish flu lasted from 1918 to 1920.")
    {'start'}
    >>> roles(1733, "Joseph Priestley lived from 1733 to 1804.")
    {'life'}
    """
    out = set()
    for sentence in SENTENCE.split(said):
        for m in YEAR.finditer(sentence):
            if int(m.group(1)) != year:
                continue
            before = sentence[:m.start()]
            marks = list(MARK.finditer(before))
            if marks and marks[-1].lastgroup == "life":
                out.add("life")  # "born in 1911", "lived from 1733 to 1804"
            elif RANGE_START.search(before):
                out.add("start")
            elif RANGE_END.search(before):
                out.add("end")
            else:
                out.add(marks[-1].lastgroup if marks else "other")
    return out


def wrong_ends(years: list[int], request: str, said: str) -> list[tuple[int, str]]:
    """(year, what it is) for each of `years` that `said` gives only as the other end of a
    period than the one the request asks about; [] when it asks about both or neither. The
    request's own years are the user's ("counting from 1933"), never a period's end.

    >>> wrong_ends([1933, 814], "Counting from 1933, how many years ago did it end?",
    ...            "Counting from 1933, how many years ago did it end? It lasted to 814.")
    []
    """
    asked = asked_end(request)
    if asked is None:
        return []
    other = "end" if asked == "start" else "start"
    own = set(numbers_in(request))  # "counting from 1933": the user's year, not a period's
    return [(y, other) for y in dict.fromkeys(years)
            if y not in own and roles(y, said) == {other}]
