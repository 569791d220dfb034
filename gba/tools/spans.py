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

from gba.numbers import number_spans

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
