"""Comparisons picked the wrong way: a check of the calculation role's code.

A tiny model writes `min(1883, 1886)` for "Of Marx and Liszt, who was the last to die?" and
`min(1047, 2256.25)` for "Pick the longer river", or compares two birth years for "whose life
was longer". When code picks an extreme with one `min` or `max` call, the request's
comparative word says which one it must be (`EXTREME`: "later", "last", "longer", "more",
"higher" ask for the larger value; "earlier", "first", "shorter", "fewer", "lower" for the
smaller); a request with words of both kinds, or none, is left alone. A question about the
length of lives ("lived longer", "the shorter life", "died younger") compares lifespans, so
code whose `min` or `max` picks among bare years is refused too (`years_for_lives`). The
calculation role's repairs rarely turn `min` into `max` (the simulation's comparisons use
`min` more than twice as often), so `picked_right` makes that one change itself: the same
code with the other function, nothing else.

The final answer is held to the same word (`opposite`: "Liszt died first" for "who was the
last to die?" is refused and sampled again, gba.tools.final_answer), and may not conclude a
comparison when no search stated a number of one of the compared articles (`one_sided`).

A request that asks to pick nothing (no "which", no comparative: "What was the combined age
of Dickens and Austen?") has no use for min or max at all (`unasked_pick`).

Leaves out "older" and "younger" alone (an older person has the smaller birth year but the
larger age), comparisons written without min or max (`a if a > b else b`) and which name
the final answer gives.

>>> wrong_extreme("result = min(1883, 1886)", "Of Marx and Liszt, who was the last to die?")
('max', 'last')
>>> wrong_extreme("result = min(1678, 1688)", "Vivaldi or Pope: which was born first?")
>>> picked_right("result = min(1883, 1886)", "Of Marx and Liszt, who was the last to die?")
'result = max(1883, 1886)'
>>> years_for_lives("result = max(1891, 1907)", "Bernays or Niemeyer: whose life was longer?")
True
"""

from __future__ import annotations

import ast
import re

from gba.numbers import number_spans
from gba.text import SENTENCE, titles_named
from gba.tools.coverage import nodes

LARGER = (r"later|latest|last|longer|longest|larger|largest|bigger|biggest|greater|greatest|"
          r"higher|highest|taller|tallest|more|most|further|farther|deeper|deepest|heavier|"
          r"heaviest|wider|widest")
SMALLER = (r"earlier|earliest|first|sooner|shorter|shortest|smaller|smallest|fewer|fewest|"
           r"less|least|lower|lowest|lighter|lightest|narrower|shallower")
EXTREME = {"max": re.compile(rf"\b(?:{LARGER})\b", re.IGNORECASE),
           "min": re.compile(rf"\b(?:{SMALLER})\b", re.IGNORECASE)}
WHICH = re.compile(r"\b(?:who|whom|whose|which|whether)\b", re.IGNORECASE)  # asks for one
AMOUNT = re.compile(r"\b(?:how (?:many|much|long|far|old)|by how|what age)\b", re.IGNORECASE)
LIVES = re.compile(r"\b(?:lived (?:longer|shorter|the longest|the shortest)|(?:longer|shorter|"
                   r"longest|shortest) lifes?|lifes? (?:was|were) (?:longer|shorter)|"
                   r"died (?:younger|older|the youngest|the oldest)|(?:longer|shorter) lifespan|"
                   r"age at death)\b", re.IGNORECASE)
# Other words that ask to pick one of several (beside WHICH and EXTREME's comparatives).
PICK = re.compile(r"\b(?:older|oldest|elder|eldest|younger|youngest|before|after|cheaper|cheapest|"
                  r"dearer|costlier|pricier|maximum|minimum|max|min|peak|record|top|"
                  r"compared?|comparison|versus|vs)\b", re.IGNORECASE)


def _comparative(text: str) -> bool:
    """Whether `text` says one of EXTREME's comparative or superlative words."""
    return any(p.search(text) for p in EXTREME.values())


def _extremes(code: str) -> list[ast.Call]:
    return [n for n in nodes(code) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
            and n.func.id in EXTREME]


def wrong_extreme(code: str, request: str) -> tuple[str, str] | None:
    """(the function the request calls for, its word) when `code`'s one min or max call is
    the other one; None otherwise."""
    calls = _extremes(code)
    if len(calls) != 1:
        return None
    found = {f: p.search(request) for f, p in EXTREME.items()}
    wanted = [f for f, m in found.items() if m]
    if len(wanted) != 1 or calls[0].func.id == wanted[0]:
        return None
    return wanted[0], found[wanted[0]].group(0).lower()


def unasked_pick(code: str, request: str) -> bool:
    """Whether `code` picks one of several different numbers with min or max while the request
    asks to pick nothing: no "which" or "who", no comparative or superlative word.

    >>> unasked_pick("result = min(1812, 1870)",
    ...              "What was the combined age of Dickens and Austen when each died?")
    True
    >>> unasked_pick("result = min(1812, 1775)", "Who was born first, Dickens or Austen?")
    False
    >>> unasked_pick("result = max(1810, 1810)", "The year Chopin was born, please.")
    False
    """
    if WHICH.search(request) or PICK.search(request) or _comparative(request):
        return False
    for call in _extremes(code):
        values = [a.value for a in call.args if isinstance(a, ast.Constant)]
        if not (len(values) == len(call.args) and len(set(values)) == 1):
            return True
    return False


def picks_as_asked(code: str, request: str) -> bool:
    """Whether `code`'s one min or max call is the one the request's one comparative word asks
    for, over something other than years for lives (`years_for_lives`).

    >>> picks_as_asked("result = max(1883, 1886)", "Who was the last to die?")
    True
    >>> picks_as_asked("result = min(1883, 1886)", "Who was the last to die?")
    False
    """
    calls = _extremes(code)
    wanted = [f for f, p in EXTREME.items() if p.search(request)]
    return (len(calls) == 1 and wanted == [calls[0].func.id]
            and not years_for_lives(code, request))


def years_for_lives(code: str, request: str) -> bool:
    """Whether `code` picks among bare years (min or max of literals from 100 to 2100) while
    the request compares the lengths of lives."""
    if not LIVES.search(request):
        return False
    for call in _extremes(code):
        values = [a.value for a in call.args if isinstance(a, ast.Constant)]
        if len(values) == len(call.args) >= 2 and all(
                isinstance(v, int) and 100 <= v <= 2100 for v in values):
            return True
    return False


def picked_right(code: str, request: str) -> str:
    """`code` with its one min or max call turned into the one the request calls for
    (`wrong_extreme`); unchanged when it is right or the request does not say."""
    wrong = wrong_extreme(code, request)
    if wrong is None:
        return code
    function = wrong[0]
    other = "min" if function == "max" else "max"
    return re.sub(rf"\b{other}\(", f"{function}(", code, count=1)


def opposite(request: str, answer: str) -> str | None:
    """The word of a reply to a "who" or "which" comparison that says the other extreme than
    the request's word ("Liszt died first" for "who was the last to die?"), or None. A reply
    with words of both kinds, or none, and questions of amount are left alone.

    >>> opposite("Of Marx and Liszt, who was the last to die?", "Franz Liszt died first.")
    'first'
    >>> opposite("Of Marx and Liszt, who was the last to die?", "Franz Liszt died last.")
    """
    if not WHICH.search(request) or AMOUNT.search(request):
        return None
    asked = {f for f, p in EXTREME.items() if p.search(request)}
    said = {f: p.search(answer) for f, p in EXTREME.items()}
    given = {f for f, m in said.items() if m}
    if len(asked) != 1 or len(given) != 1 or asked == given:
        return None
    return said[given.pop()].group(0)


def reworded(request: str, answer: str) -> str | None:
    """`answer` with its `opposite` word replaced by the request's ("Franz Liszt died first, in
    1886." -> "... died last, in 1886." for "who was the last to die?"), or None when no word
    is the opposite one. Only sound where the reply names the value the comparison picked
    (gba.tools.final_answer checks that): the tiny model's replies say "first" out of habit.

    >>> reworded("Of Marx and Liszt, who was the last to die?", "Franz Liszt died first, in 1886.")
    'Franz Liszt died last, in 1886.'
    >>> reworded("Which of Hopper and Turing was born later?", "Turing was born first.")
    'Turing was born later.'
    """
    wrong = opposite(request, answer)
    if wrong is None:
        return None
    asked = next(m.group(0) for p in EXTREME.values() if (m := p.search(request)))
    word = asked.lower() if wrong[:1].islower() else asked[:1].upper() + asked[1:].lower()
    return re.sub(rf"\b{re.escape(wrong)}\b", word, answer, count=1)


def one_sided(request: str, answer: str, found: list[tuple[str, list[str]]]) -> list[str]:
    """The compared articles no search stated a number of: for a "who" or "which" comparison
    with a comparative word, the titles the request names among those the searches found
    (`found`: each search's observation and its titles), less those some observation gives a
    number in a sentence naming them, when the `answer` concludes (says a comparative word):
    a reply that picks a winner from one value ("The Yangtze is longer" when the Amazon's
    length was never found) rests on no comparison; one that says what is missing may stand.

    >>> found = [("The sources do not say.", ["Amazon River"]),
    ...          ("The Yangtze is 6,236 km long.", ["Yangtze"])]
    >>> one_sided("Which is longer, the Amazon or the Yangtze?", "The Yangtze is longer.", found)
    ['Amazon River']
    >>> one_sided("Which is longer, the Amazon or the Yangtze?", "No length of the Amazon.", found)
    []
    """
    if (not WHICH.search(request) or AMOUNT.search(request) or not _comparative(request)
            or not _comparative(answer)):
        return []
    titles = list(dict.fromkeys(t for _, ts in found for t in ts))
    compared = titles_named(request, titles)
    if len(compared) < 2:
        return []
    stated: set[str] = set()
    for observation, _ in found:
        for sentence in SENTENCE.split(observation):
            if number_spans(sentence):
                stated |= titles_named(sentence, titles)
    return sorted(compared - stated)
