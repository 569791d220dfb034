"""The other end of a span: a final answer that gives the year something ended when the
request asks when it began (or the reverse).

Searches give events, offices and periods as spans: "The French Revolution lasted from 1789
to 1799.", "Cold War barrier around West Berlin (1961–1989)". A tiny model asked "In which
year did the French Revolution break out?" answered "The French Revolution ended in 1799."
`wrong_end` finds such a reply: the request asks about a start ("begin", "break out",
"found", "open"...) and not an end, or the reverse; the reply states a year that the
searches give only as a span's end (or only as its start) and none of the other kind.

Leaves out births and deaths (gba.tools.search.life_years judges those: a life is a span
too, but its words are "born" and "died"), and requests that ask about both ends or neither.

The same mistake in a calculation (`wrong_ends`, below, a check of gba.tools.calculate): code
for "How old was my grandfather when the League of Nations was wound up?" that uses the year
the steps give as its creation (`1920 - 1911`) is refused.

>>> found = ["The French Revolution lasted from 1789 to 1799. (Sources: French Revolution)"]
>>> wrong_end("In which year did the French Revolution break out?",
...           "The French Revolution ended in 1799.", found)
['1799']
>>> wrong_end("In which year did the French Revolution break out?",
...           "It broke out in 1789.", found)
[]
"""

from __future__ import annotations

import re

from gba.numbers import number_spans, numbers_in
from gba.text import SENTENCE

START = re.compile(r"\b(?:begin|began|begun|beginning|start|started|starts|break out|broke out|"
                   r"outbreak|found|founded|founding|establish|established|open|opened|opening|"
                   r"launch|launched|inaugurated?|commence[ds]?|erupt(?:ed)?|first)\b",
                   re.IGNORECASE)
END = re.compile(r"\b(?:end|ended|ending|ends|finish|finished|over|cease[ds]?|dissolved?|"
                 r"dissolution|collapsed?|fall|fell|came down|abolish(?:ed)?|close|closed|"
                 r"conclude[ds]?|last year|stop|stopped)\b", re.IGNORECASE)
LIVES = re.compile(r"\b(?:born|birth|died|death|die|age|old|lived|life)\b", re.IGNORECASE)
YEAR = r"(\d{3,4})"
RANGES = [re.compile(rf"\bfrom {YEAR} (?:to|until|till) {YEAR}\b", re.IGNORECASE),
          re.compile(rf"\bbetween {YEAR} and {YEAR}\b", re.IGNORECASE),
          re.compile(rf"(?<![\d,.]){YEAR}\s*[–—-]\s*{YEAR}(?![\d,.])")]
BEGAN = re.compile(rf"\b(?:began|started|founded|established|opened|built) in {YEAR}\b",
                   re.IGNORECASE)
ENDED = re.compile(rf"\b(?:ended|finished|ceased|dissolved|collapsed|closed|fell) in {YEAR}\b",
                   re.IGNORECASE)


def asked_end(request: str) -> str | None:
    """'start' or 'end' when the request asks about one end of a span only; None for both,
    neither, or a life (births and deaths are judged elsewhere).

    >>> asked_end("When did World War I end?"), asked_end("Who founded Rome?")
    ('end', 'start')
    >>> asked_end("How long did the war last, from start to end?") is None
    True
    """
    if LIVES.search(request):
        return None
    start, end = bool(START.search(request)), bool(END.search(request))
    return "start" if start and not end else "end" if end and not start else None


def span_years(texts: list[str]) -> tuple[set[int], set[int]]:
    """The years `texts` give as a span's start and as its end."""
    starts: set[int] = set()
    ends: set[int] = set()
    for text in texts:
        for pattern in RANGES:
            for m in pattern.finditer(text):
                a, b = int(m.group(1)), int(m.group(2))
                if a < b:
                    starts.add(a)
                    ends.add(b)
        starts |= {int(m.group(1)) for m in BEGAN.finditer(text)}
        ends |= {int(m.group(1)) for m in ENDED.finditer(text)}
    return starts, ends


def wrong_end(request: str, answer: str, found: list[str]) -> list[str]:
    """The years `answer` states that the `found` texts give only as the other end of a span
    than the request asks about, when it states no year of the asked end."""
    asked = asked_end(request)
    if asked is None:
        return []
    starts, ends = span_years(found)
    want, other = (starts, ends) if asked == "start" else (ends, starts)
    years = [int(v) for v, _, _ in number_spans(answer) if v == int(v) and 100 <= v <= 2100]
    if any(y in want for y in years):
        return []
    return [str(y) for y in years if y in other and y not in want]

# ---- the ends a calculation uses -------------------------------------------------------------
# "How old was my grandfather when the League of Nations was wound up?" was computed as
# `1920 - 1911` after a search answered "The League of Nations was created in 1920.". Code
# for a request that asks about one end of a period may not use a year the steps give only
# as the other end (`wrong_ends`, a check of gba.tools.calculate). Each year is read where
# the steps state it (`roles`): after a word of beginning it is a start, after one of ending
# an end, in "from 1914 to 1918" by its place, and after "lived", "born" or "died" a year of
# a life. The words are fewer than START and END above: a request with numbers in it says
# "first", "over", "open" or "fall" without meaning an end of anything ("over two years",
# "How many years was the museum open?"), where a reply stating a year would not.
# The request's own years are the user's ("counting from 1933"), never a period's end.

CALC_START_WORDS = (r"began|begins?|beginning|started|starts?|founded|foundation|established|"
                    r"created|creation|formed|formation|opened|launched|inaugurated|set up|"
                    r"(?:broke|breaks?) out|outbreak|erupted|built|constructed|erected")
CALC_END_WORDS = (r"ended|ends?|ending|finished|dissolved|dissolution|wound up|abolished|"
                  r"abolition|disbanded|collapsed|collapse|concluded|closed|ceased|defunct|"
                  r"(?:came|come|comes|torn|pulled|brought) down|demolished|dismantled")
CALC_START = re.compile(rf"\b(?:{CALC_START_WORDS})\b", re.IGNORECASE)
CALC_END = re.compile(rf"\b(?:{CALC_END_WORDS})\b", re.IGNORECASE)
# the last word before a year that says which end it is ("founded in 1920", "ended in 1946");
# "lived", "born" and "died" make it a year of a life
MARK = re.compile(rf"\b(?:(?P<start>{CALC_START_WORDS})|(?P<end>{CALC_END_WORDS})|"
                  r"(?P<life>lived|lives?|born|died|death|birth|aged?))\b", re.IGNORECASE)
# a range: "from 1914 to 1918", "between 1914 and 1918", "1914–1918", "until 1991"
RANGE_START = re.compile(r"\b(?:from|between|since)\s+(?:about\s+|c\.\s*)?$", re.IGNORECASE)
RANGE_END = re.compile(r"(?:\b(?:to|until|till|and)\s+(?:about\s+|c\.\s*)?|\d\s*[–—-]\s*)$",
                       re.IGNORECASE)
A_YEAR = re.compile(r"(?<![\d.,])(\d{3,4})(?![\d.,]\d)")


def asked_period_end(request: str) -> str | None:
    """'start' or 'end' when the request asks about one end of a period alone, else None.

    >>> asked_period_end("What age was I when the League of Nations was wound up?")
    'end'
    >>> asked_period_end("How long did the Great Depression last?")
    """
    starts, ends = CALC_START.search(request), CALC_END.search(request)
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
        for m in A_YEAR.finditer(sentence):
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
    >>> said = "The League of Nations was created in 1920. Grandpa was born in 1911."
    >>> wrong_ends([1920, 1911], "How old was grandpa when the League was wound up?", said)
    [(1920, 'start')]
    >>> wrong_ends([1946, 1911], "How old was grandpa when the League was wound up?",
    ...            "The League of Nations lasted from 1920 to 1946. Grandpa was born in 1911.")
    []
    """
    asked = asked_period_end(request)
    if asked is None:
        return []
    other = "end" if asked == "start" else "start"
    own = set(numbers_in(request))  # "counting from 1933": the user's year, not a period's
    return [(y, other) for y in dict.fromkeys(years)
            if y not in own and roles(y, said) == {other}]
