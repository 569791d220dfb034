"""A year a search answer gives as someone's birth must be one their passage gives as a birth.

Wikipedia's short descriptions give a life as "(1809–1865)" and summaries say "born in 1950",
but a person's passage holds other years too: an office, a reign, a work. "President of the
United States from 1861 to 1865" holds 1861 and 1865, so the number checks of
gba.tools.search.answer pass "Abraham Lincoln lived from 1861 to 1865." (a real run: the
passage has no birth year at all). `unstated_life_years` finds such claims: a sentence that
names a shown article and says someone "lived from A to B" or "was born in A" needs, in the
named articles' passages, A as the start of a life range (in parentheses, or "lived from A
to B" as a search answer words it) or a year after "born", and B as the range's end or a
year after "died", "death", "killed", "executed" or "assassinated" (or "assassination").
The final answer applies the same check to what the steps found (gba.tools.final_answer).

A death stated alone ("died in 1820", "breathed her last in 1820") is refused only where the
year is the start of a life range the passages give and no end of one (a birth given as the
death); other deaths stated alone are left to the number checks (passages say them in too
many ways), as is every other attribute and a sentence that names no shown article.

>>> from gba.tools.search.answer import Source
>>> lincoln = Source(label="Abraham Lincoln", text="President of the United States from "
...                  "1861 to 1865. He served from 1861 until his assassination in 1865.")
>>> unstated_life_years("Abraham Lincoln lived from 1861 to 1865.", [lincoln])
['1861']
>>> hegel = Source(label="Hegel", text="German philosopher (1770–1831)")
>>> unstated_life_years("Hegel lived from 1770 to 1831. Hegel was born in 1770.", [hegel])
[]
>>> unstated_life_years("Hegel was born 46 years after Kant.", [hegel])  # a gap, not a year
[]
>>> unstated_life_years("Hegel breathed his last in 1770.", [hegel])  # his birth year
['1770']
>>> unstated_life_years("Hegel died in 1831, 61 years after his birth.", [hegel])
[]
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from gba.text import SENTENCE, titles_named

if TYPE_CHECKING:
    from gba.tools.search.answer import Source

ERA = r"(?:\s*(?:BC|BCE|AD|CE))?"
YEAR = r"(?:AD\s*)?(\d{1,4})(?:/\d{1,4})*\??"  # "470/469" and "1544?" count as 470, 1544
CIRCA = r"(?:c\.\s*|ca\.\s*)?"
# A life range in parentheses, dates allowed around the years; not a reign "(r. 1558–1603)".
LIFE = re.compile(rf"\((?!r\.|reigned)(?:[^()]*?\s)?{CIRCA}{YEAR}{ERA}\s*[–—-]\s*"
                  rf"(?:[^()]*?\s)?{CIRCA}{YEAR}{ERA}\s*\)")
LIVED = re.compile(r"\blived from (?:about |around |c\. )?(\d{1,4})(?: BCE?)? (?:to|until) "
                   r"(?:about |around |c\. )?(\d{1,4})\b", re.IGNORECASE)
BORN = re.compile(r"\bborn (?:in |around |about |c\. )+(\d{3,4})\b(?![ -]years?)",
                  re.IGNORECASE)  # "born in 1879", not "born 63 years after"
NEAR = 80  # characters between "born" (or "died") and its year, within one clause
BIRTH_WORDS = r"born"
DEATH_WORDS = r"died|death|killed|executed|assassinated|assassination"
DIED = re.compile(r"\b(?:died|death|passed away|passed on|perished|breathed (?:his|her|their) "
                  r"last)\b[^.;\d]{0,20}?(?<!\d)(\d{3,4})(?!\d)", re.IGNORECASE)


def _after(words: str, year: str, text: str) -> bool:
    return re.search(rf"\b(?:{words})\b[^.;]{{0,{NEAR}}}?(?<!\d){year}(?!\d)", text,
                     re.IGNORECASE) is not None


def _ranges(text: str) -> tuple[set[str], set[str]]:
    """The starts and the ends of the life ranges of `text`: "(1770–1831)" in a passage,
    "lived from 1770 to 1831" in a step's words."""
    found = [(m.group(1), m.group(2)) for pattern in (LIFE, LIVED) for m in pattern.finditer(text)]
    return {start for start, _ in found}, {end for _, end in found}


def unstated_life_years(answer: str, shown: list[Source]) -> list[str]:
    """The years `answer` gives as a birth (or a life's end) of a named shown article that its
    passage does not state as one (empty: none)."""
    labels = [s.label for s in shown]
    out: list[str] = []
    for sentence in SENTENCE.split(answer):
        named = titles_named(sentence, labels)
        if not named:
            continue
        text = " ".join(f"{s.label} {s.text}" for s in shown if s.label in named)
        starts, ends = _ranges(text)
        births = [m.group(1) for m in LIVED.finditer(sentence)]
        births += [m.group(1) for m in BORN.finditer(sentence)]
        deaths = [m.group(2) for m in LIVED.finditer(sentence)]
        deaths += [m.group(1) for m in DIED.finditer(sentence)
                   if m.group(1) in starts and m.group(1) not in ends]  # a birth as a death
        out += [y for y in births if y not in starts and not _after(BIRTH_WORDS, y, text)]
        out += [y for y in deaths if y not in ends and not _after(DEATH_WORDS, y, text)]
    return list(dict.fromkeys(out))


# a question of a life's length: "How old did Robert Boyle get?", "his age when he died"
LIFE_ASKED = re.compile(r"\b(?:how old did\b.{1,60}?\b(?:get|become|reach|live)|how old was\b"
                        r".{1,60}?\bwhen (?:he|she|they)\s+died|age (?:when|at) (?:his |her |"
                        r"their )?(?:death|died)|age when (?:he|she|they) died|lived to what age|"
                        r"how long did\b.{1,60}?\blive|how many years did\b.{1,60}?\blive|"
                        r"lifespan|life span|age at death|lived to be)\b", re.IGNORECASE)
BOTH_ENDS = re.compile(r"\b(?:birth and death|born and (?:when )?(?:\w+ )?died|lived|lifespan|"
                       r"life span|how long\b.{1,40}\blive|age (?:at|when)\b.{0,20}"
                       r"\b(?:death|died))\b", re.IGNORECASE)


def whole_life(answer: str, task: str, shown: list[Source]) -> str:
    """`answer` with a birth it states ("Robert Boyle was born in 1627.") given as the whole
    life its article's passage states ("(1627–1691)": "Robert Boyle lived from 1627 to
    1691."), where the task asks for both ends of a life and the answer states no death;
    unchanged otherwise. A tiny model reads the range and writes its first year only.

    >>> from gba.tools.search.answer import Source
    >>> boyle = Source(label="Robert Boyle", text="Anglo-Irish scientist (1627–1691). Boyle ...")
    >>> whole_life("Robert Boyle was born in 1627.", "Find Boyle's birth and death years.",
    ...            [boyle])
    'Robert Boyle lived from 1627 to 1691.'
    >>> whole_life("Robert Boyle was born in 1627.", "Look up: How old did Robert Boyle get?",
    ...            [boyle])
    'Robert Boyle lived from 1627 to 1691.'
    >>> whole_life("Robert Boyle was born in 1627.", "When was Boyle born?", [boyle])
    'Robert Boyle was born in 1627.'
    """
    if not (BOTH_ENDS.search(task) or LIFE_ASKED.search(task)) or DIED.search(answer) or (
            LIVED.search(answer)):
        return answer
    out = []
    for sentence in SENTENCE.split(answer):
        named = titles_named(sentence, [s.label for s in shown])
        born = BORN.search(sentence)
        if len(named) == 1 and born:
            title = next(iter(named))
            text = " ".join(s.text for s in shown if s.label == title)
            ends = [m.group(2) for m in LIFE.finditer(text) if m.group(1) == born.group(1)]
            if len(set(ends)) == 1:
                sentence = f"{title} lived from {born.group(1)} to {ends[0]}."
        out.append(sentence)
    return " ".join(out)


# "A was born 22 years after B", "A died 3 years before B", "A was 20 years older than B"
GAP = re.compile(r"\b(born|died)\b[^.;\d]{0,20}?(\d{1,4}) years? (after|later than|before|"
                 r"earlier than)|(\d{1,4}) years? (older|younger) than", re.IGNORECASE)
LATER = ("after", "later than", "younger")


def life_events(text: str, title: str) -> dict[str, set[int]]:
    """The birth and death years `text` gives of `title`, from its sentences that name it:
    "X lived from A to B", "(A–B)", "X was born in A", "X died in B"."""
    out: dict[str, set[int]] = {"born": set(), "died": set()}
    text = re.sub(r"\(Sources?:[^)]*\)", "", text)  # a search's note names every article
    for sentence in SENTENCE.split(text):
        if not titles_named(sentence, [title]):
            continue
        starts, ends = _ranges(sentence)
        out["born"] |= {int(y) for y in starts} | {int(m.group(1)) for m in BORN.finditer(sentence)}
        out["died"] |= {int(y) for y in ends} | {int(m.group(1)) for m in DIED.finditer(sentence)}
    return out


def reversed_gaps(answer: str, text: str, titles: list[str]) -> list[str]:
    """The gaps between two people's births or deaths (the second's event named after it,
    else the first's) that `answer` states in the wrong direction: "Jane Austen was born 22 years after Mary Shelley." when `text` (what the
    searches said) gives Austen's birth as 1775 and Shelley's as 1797. Only a sentence that
    names one of `titles` before the gap and another after it, each with one year of that
    event in `text`, is judged; the gap must match the years' difference, its direction not.

    >>> said = ("Jane Austen lived from 1775 to 1817. Mary Shelley lived from 1797 to 1851. "
    ...         "(Sources: Jane Austen; Mary Shelley)")
    >>> who = ["Jane Austen", "Mary Shelley"]
    >>> reversed_gaps("Jane Austen was born 22 years after Mary Shelley.", said, who)
    ['22']
    >>> reversed_gaps("Mary Shelley was born 22 years after Jane Austen.", said, who)
    []
    >>> reversed_gaps("Jane Austen was 22 years younger than Mary Shelley.", said, who)
    ['22']
    >>> reversed_gaps("Mary Shelley was born 20 years after Jane Austen died.", said, who)
    ['20']
    >>> reversed_gaps("Mary Shelley was born 20 years before Jane Austen died.", said, who)
    []
    """
    out = []
    for sentence in SENTENCE.split(answer):
        for m in GAP.finditer(sentence):
            before, after = titles_named(sentence[:m.start()], titles), titles_named(
                sentence[m.end():], titles)
            if len(before) != 1 or len(after) != 1 or before == after:
                continue
            event = (m.group(1) or "born").lower()
            tail = re.search(r"\b(born|birth|died|death)\b", sentence[m.end():], re.IGNORECASE)
            other_event = event if tail is None else (
                "died" if tail.group(1).lower() in ("died", "death") else "born")
            gap = int(m.group(2) or m.group(4))
            way = (m.group(3) or m.group(5)).lower()
            first = life_events(text, next(iter(before)))[event]
            second = life_events(text, next(iter(after)))[other_event]
            if len(first) != 1 or len(second) != 1:
                continue
            difference = next(iter(first)) - next(iter(second))  # > 0: the first came later
            if abs(difference) == gap and gap and (difference > 0) != (way in LATER):
                out.append(str(gap))
    return out


ASKS_BIRTH = re.compile(r"\b(?:born|births?)\b", re.IGNORECASE)
ASKS_DEATH = re.compile(r"\b(?:died|dies?|deaths?|passed away)\b", re.IGNORECASE)
ASKS_LIFE = re.compile(r"\b(?:lived?|lives|life|lifespan|ages?|aged|old|older|younger)\b",
                       re.IGNORECASE)  # an age needs both ends of a life


def other_events(years: list[int], request: str, said: str,
                 titles: list[str]) -> list[tuple[int, str, str]]:
    """(year, title, event) for each of `years` that `said` (what the searches found) gives
    only as the other end of a life than the `request` asks about, and as nobody's asked
    end: a death year where it asks about births alone ("How many years separate the births
    of Isaac Newton and Albert Einstein?" computed as 1879 - 1727), or a birth year where it
    asks about deaths alone. No judgement where the request asks about both, or about ages
    and lives.

    >>> said = "Isaac Newton lived from 1642 to 1727. Albert Einstein lived from 1879 to 1955."
    >>> who = ["Isaac Newton", "Albert Einstein"]
    >>> other_events([1879, 1727], "How many years apart were Newton and Einstein born?", said, who)
    [(1727, 'Isaac Newton', 'died')]
    >>> other_events([1879, 1642], "How many years apart were they born?", said, who)
    []
    >>> other_events([1955, 1642], "How old was Newton when he died?", said, who)
    []

    A year that is one person's birth and another's death is the asked event of the other:
    "How many years passed between the deaths of Galileo and Newton?" -> `1727 - 1642`.

    >>> both = "Galileo Galilei lived from 1564 to 1642. Isaac Newton lived from 1642 to 1727."
    >>> other_events([1727, 1642], "Years between the deaths of Galileo and Newton?", both,
    ...              ["Galileo Galilei", "Isaac Newton"])
    []
    """
    birth, death = ASKS_BIRTH.search(request), ASKS_DEATH.search(request)
    if bool(birth) == bool(death) or ASKS_LIFE.search(request):
        return []
    wrong, right = ("died", "born") if birth else ("born", "died")
    events = {title: life_events(said, title) for title in titles}
    asked = {y for e in events.values() for y in e[right]}  # anyone's: Galileo died in 1642
    return [(y, title, wrong) for title, e in events.items() for y in years
            if y in e[wrong] and y not in asked]
