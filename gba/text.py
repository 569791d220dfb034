"""Cutting text to a length: one helper, one marker.

Every place that shortens text for a prompt, an observation or a display calls `clip`, and
says how long with a named limit next to the code that owns it. A cut text ends with
`MARKER`, so a reader (or a model) can tell it was cut.

Two kinds of cut are kept as they were because adapters are trained on prompts that contain
them: search passages cut at a word boundary end with `PASSAGE_MARKER` (the search_answer
prompt), and the step context of the calculate_number and final_answer prompts keeps its
tail with no marker (`clip_tail`, which may start mid-line).

Leaves out token-based fitting (the planner counts tokens with its client, gba.planner.base)
and shortening by summarizing (gba.tools.summarize).

>>> clip("the quick brown fox", 9)
'the quick [...]'
>>> clip("the quick brown fox", 12, marker=PASSAGE_MARKER, at_word=True)
'the quick ...'
>>> clip_tail("abcdef", 3)
'def'
"""

from __future__ import annotations

import re
import unicodedata

MARKER = " [...]"
PASSAGE_MARKER = " ..."


def clip(text: str, limit: int, *, marker: str = MARKER, at_word: bool = False) -> str:
    """`text` when it has at most `limit` characters, else its first `limit` characters
    (back to the last space when `at_word`) followed by `marker`, which is not counted."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    if at_word:
        head = head.rsplit(" ", 1)[0]
    return head + marker


def unaccented(text: str) -> str:
    """`text` with its accents dropped (decomposed, the combining marks left out).

    >>> unaccented("Yaoundé, Ryūnosuke")
    'Yaounde, Ryunosuke'
    """
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))


def clip_tail(text: str, limit: int) -> str:
    """The last `limit` characters of `text` (all of it when shorter), with no marker."""
    return text[-limit:]


def bare_title(title: str) -> str:
    """An article title without its parenthesised qualifier: how a text names the article.

    >>> bare_title("Mercury (planet)")
    'Mercury'
    """
    return re.sub(r"\s*\(.*\)$", "", title).strip()


SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\d])")  # where one sentence of an answer ends


GENERIC_LAST = {"River", "Desert", "Mountains"}  # "the Amazon" names the Amazon River
GENERIC_FIRST = {"Lake", "Mount"}  # "Baikal" names Lake Baikal; "the River" names none


def place_name(title: str) -> str | None:
    """The short name of a place whose title adds a generic word ('Amazon' for 'Amazon
    River', 'Baikal' for 'Lake Baikal'), or None: 'Black Sea' and 'Swan Lake' keep theirs.

    >>> place_name("Amazon River"), place_name("Lake Baikal"), place_name("Black Sea")
    ('Amazon', 'Baikal', None)
    """
    words = bare_title(title).split()
    if len(words) > 1 and words[-1] in GENERIC_LAST:
        short = " ".join(words[:-1])
    elif len(words) > 1 and words[0] in GENERIC_FIRST:
        short = " ".join(words[1:])
    else:
        return None
    return short if len(short) >= 4 and short[:1].isupper() else None


def name_forms(title: str) -> list[str]:
    """How a text may name an article: its title (a parenthesised qualifier aside) or the
    title's last word ('Newton' for 'Isaac Newton'), or for a place named with a generic word
    the name without it (`place_name`: 'Amazon' for 'Amazon River', never 'River').

    >>> name_forms("Isaac Newton (physicist)"), name_forms("Amazon River")
    (['Isaac Newton', 'Newton'], ['Amazon River', 'Amazon'])
    """
    name = bare_title(title)
    words = name.split()
    short = place_name(title) or (words[-1] if words else "")
    return [name] + ([short] if len(short) >= 4 and short[:1].isupper() else [])


def titles_named(text: str, titles: list[str]) -> set[str]:
    """The `titles` that `text` names (gba.text.name_forms), as whole words. A last word
    inside the full name of another of `titles` does not name its own: "the Amazon River"
    names the Amazon River, not the Congo River; "Mary Shelley", not Percy Bysshe Shelley.

    >>> sorted(titles_named("Newton died in 1727.", ["Isaac Newton", "Lake Baikal"]))
    ['Isaac Newton']
    >>> sorted(titles_named("The Amazon River is long.", ["Amazon River", "Congo River"]))
    ['Amazon River']
    >>> sorted(titles_named("The Amazon is longer than the Yangtze.", ["Amazon River", "Yangtze"]))
    ['Amazon River', 'Yangtze']
    """
    def spans(form: str) -> list[tuple[int, int]]:
        return [m.span() for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text)]

    full = {t: spans(name_forms(t)[0]) for t in titles}
    named = {t for t in titles if full[t]}
    taken = [span for t in named for span in full[t]]
    for t in set(titles) - named:
        for form in name_forms(t)[1:]:
            if any(not any(a <= start and end <= b for a, b in taken)
                   for start, end in spans(form)):
                named.add(t)
    return named
