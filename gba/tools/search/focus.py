"""Which part of a long passage the search-answer role reads: its start, and the sentence
the task asks about when the start leaves it out.

The answer role sees about 400 characters of each of three passages, cut from the start.
Summaries often state the figure a task asks for last: Texas's area ("Covering 268,596
square miles ...") comes after its borders, the Sea of Marmara's depth after its area, the
Urals' highest point after their course, so the role answered "The sources do not say" or
took the figure it was shown (the Marmara's 11,350 km2 area as its depth). `focus` keeps the
plain cut whenever a sentence that best matches the task is inside it (nothing changes for
the passages training showed), and otherwise shows the first sentence (the short
description), that sentence, and as much of the rest as fits: a tiny model copies the first
figure it reads.

A sentence matches by the task's words (lowercased, endings stripped, names left out) and
by the words of the attribute they ask about ("how deep" finds "depth", "how high" finds
"elevation" and "highest"); only a sentence with a number, or with two or more matches,
is brought forward. Leaves out anything but single sentences (no tables, no lists).

>>> text = ("Sea between the Mediterranean and Black seas. It links the Black Sea and the "
...         "Aegean Sea. It has an area of 11,350 km2. Its greatest depth is 1,370 m.")
>>> focus(text, 100, "How deep is the Sea of Marmara?")
'Sea between the Mediterranean and Black seas. Its greatest depth is 1,370 m. It links the Black Sea ...'
>>> focus(text, 100, "Which seas does it link?")
'Sea between the Mediterranean and Black seas. It links the Black Sea and the Aegean Sea. It has an ...'
"""

from __future__ import annotations

import re

from gba.text import PASSAGE_MARKER, SENTENCE, clip

# the words of an attribute: a task word of a group finds a sentence with any word of it
ATTRIBUTES = [
    "area square km2 sq cover covering size large largest acre hectare",
    "deep depth deepest",
    "high height highest tall tallest elevation altitude summit peak rise",
    "long length longest kilometre mile flow",
    "wide width widest",
    "population populous resident inhabitant people live",
    "born birth",
    "died death",
    "found founded establish established",
    "old age",
]
STOP = frozenset("""about after all also any are and been before but can could does did each
find for from get give got had has have her his how into its look many more most much not
one out per search she show some tell than that the their them then there they this two was
were what when where which while who whom whose wikipedia will with would year years you
your""".split())
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_HEAD = 60  # characters of the passage's start kept before a sentence brought forward
PLURAL = {"kilometre": "kilometres", "kilometer": "kilometers", "metre": "metres",
          "meter": "meters", "mile": "miles", "foot": "feet"}
# "a 1,250-kilometre-long (777 mi) peninsula": a figure written as one adjective
COMPOUND = re.compile(r"(\d[\d,.]*)-(kilometre|kilometer|metre|meter|mile|foot)-"
                      r"(long|high|deep|wide|tall)\b", re.IGNORECASE)


def spelled_out(text: str) -> str:
    """`text` with figures written as one adjective spelled out as a tiny model reads them.

    >>> spelled_out("a 1,250-kilometre-long (777 mi) peninsula")
    'a 1,250 kilometres long (777 mi) peninsula'
    """
    return COMPOUND.sub(lambda m: f"{m.group(1)} {PLURAL[m.group(2).lower()]} {m.group(3)}",
                        text)


def stem(word: str) -> str:
    """A word lowercased with a common ending stripped: 'Covering' -> 'cover'.

    >>> [stem(w) for w in ("Covering", "metres", "founded", "deepest")]
    ['cover', 'metre', 'found', 'deep']
    """
    word = word.lower()
    for ending in ("ing", "est", "ed", "s"):
        if len(word) > len(ending) + 3 and word.endswith(ending):
            return word[: -len(ending)]
    return word


GROUPS = [frozenset(stem(w) for w in words.split()) for words in ATTRIBUTES]


def wanted(task: str) -> list[frozenset[str]]:
    """What a sentence should hold for `task`: one set of stems per task word (names and
    common words left out), each widened to its attribute's words."""
    out = []
    for m in WORD.finditer(task):
        word = m.group(0)
        if word[0].isupper() or word.lower() in STOP or len(word) < 3:
            continue
        s = stem(word)
        group = next((g for g in GROUPS if s in g), frozenset([s]))
        if group not in out:
            out.append(group)
    return out


def score(sentence: str, want: list[frozenset[str]]) -> int:
    """How many of the task's word sets `sentence` meets."""
    stems = {stem(w) for w in WORD.findall(sentence)}
    return sum(1 for group in want if group & stems)


def focus(text: str, limit: int, task: str = "") -> str:
    """`text` cut to about `limit` characters ending with the trained marker, from its start,
    or, when the sentence that best meets `task` lies beyond that cut, its first sentence,
    that sentence, then the rest as far as it fits."""
    text = spelled_out(" ".join(text.split()))
    plain = clip(text, limit, marker=PASSAGE_MARKER, at_word=True)
    if len(text) <= limit or not task:
        return plain
    want = wanted(task)
    sentences = SENTENCE.split(text)
    scores = [score(s, want) for s in sentences]
    best = max(scores, default=0)
    if best == 0:
        return plain
    shown = len(plain) - len(PASSAGE_MARKER)
    ends, at = [], 0
    for s in sentences:
        at = text.index(s, at) + len(s)
        ends.append(at)
    firsts = [i for i, value in enumerate(scores) if value == best]
    if ends[firsts[0]] <= shown:
        return plain  # the start already shows the best sentence
    pick = firsts[0]
    sentence = sentences[pick]
    if not (re.search(r"\d", sentence) or best >= 2):
        return plain
    room = limit - len(sentence) - 1
    if room < MIN_HEAD:
        return plain  # the sentence alone would fill the budget
    rest = " ".join(sentences[1:pick] + sentences[pick + 1:])
    after = clip(rest, max(0, room - len(sentences[0]) - 1), marker=PASSAGE_MARKER,
                 at_word=True)
    return " ".join(x for x in (sentences[0], sentence, after) if x.strip(" ."))
