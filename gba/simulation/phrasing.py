"""Surface forms: how one question is put into words, in families that can be held out.

A request program gives its question twice: as a full question ("When did Charles Darwin
die?") and as an embedded clause ("when Charles Darwin died"). A *frame* wraps one of them
in a way people ask: a plain question, an imperative, a polite question, a statement of need,
chatty filler. Frames come in families; `HELD_OUT_FAMILY` never appears in training, so a
split of requests in that family measures whether a planner learned the request, not the
sentence. Numbers can be written in words (`number_words`) where people do.

Leaves out: the questions themselves (gba.simulation.programs owns them, per operation).

>>> import random
>>> frame(random.Random(0), "When did Charles Darwin die?", "when Charles Darwin died",
...       family="tell")
'Look up when Charles Darwin died.'
>>> number_words(7), number_words(40), number_words(123)
('seven', 'forty', '123')
"""

from __future__ import annotations

import random

from gba.numbers import TENS_WORDS, UNITS_WORDS

FRAMES: dict[str, list[str]] = {
    "plain": ["{Q}"],
    "tell": ["Tell me {E}.", "Find out {E}.", "Please tell me {E}.", "Look up {E}.",
             "Work out {E}.", "Figure out {E}, please."],
    "polite": ["Could you tell me {E}?", "Do you know {E}?", "Can you find out {E}?",
               "Would you tell me {E}?", "Can you check {E}?"],
    "chat": ["Quick question: {Q}", "Hi! {Q}", "{Q} Thanks!", "Hey, {q}", "{Q} Thank you.",
             "Hello, {q}", "Just wondering: {q}"],
    "need": ["I need to know {E}.", "I'd like to know {E}.", "I want to find out {E}.",
             "I'm trying to figure out {E}.", "I wonder {E}."],
}
LOWERABLE = {"what", "when", "how", "who", "which", "in", "where", "is", "was", "can", "if",
             "what's", "during", "at", "by", "for", "a", "an", "the", "compute", "calculate"}
HELD_OUT_FAMILY = "need"
TRAIN_FAMILIES = [f for f in FRAMES if f != HELD_OUT_FAMILY]
FAMILY_WEIGHTS = {"plain": 4, "tell": 2, "polite": 2, "chat": 1.5, "need": 2}


def number_words(n: float) -> str:
    """`n` in words where people write it so (0-19 and round tens), else digits."""
    if n == int(n) and 0 <= n < 20:
        return UNITS_WORDS[int(n)]
    if n in TENS_WORDS:
        return TENS_WORDS[int(n)]
    return str(int(n)) if n == int(n) else str(n)


def say(rng: random.Random, n: float, words: float = 0.3) -> str:
    """A small count as a person writes it: in words with probability `words`."""
    text = number_words(n)
    return text if text[0].isalpha() and rng.random() < words else str(int(n) if n == int(n)
                                                                        else n)


def families(held_out: bool) -> list[str]:
    return [HELD_OUT_FAMILY] if held_out else TRAIN_FAMILIES


def frame(rng: random.Random, question: str, embedded: str | None = None, *,
          family: str | None = None, held_out: bool = False) -> str:
    """`question` put in a frame of `family` (drawn by weight from the split's families)."""
    if family is None:
        names = families(held_out)
        family = rng.choices(names, [FAMILY_WEIGHTS[f] for f in names])[0]
    options = FRAMES[family]
    if embedded is None:
        options = [o for o in options if "{E}" not in o] or ["{Q}"]
    template = rng.choice(options)
    first = question.split(" ", 1)[0]
    lower = question[:1].lower() + question[1:] if first.lower() in LOWERABLE else question
    return template.format(Q=question, q=lower, E=embedded or question)
