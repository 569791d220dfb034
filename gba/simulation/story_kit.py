"""The parts word problems are made of: the Story record, numbers and money in words, objects.

`gba.simulation.stories` composes word problems from operation families and frames, and
`gba.simulation.relations` adds the families of comparisons, parts of a whole and baskets; both
build their stories from these pieces. A Story is the givens in words, the question, and the
program that answers it; `evaluate` gives the program's value with the names the calculation
sandbox preloads.

Leaves out: the families themselves and how facts and question are put together (stories).

>>> evaluate("result = 3 * 4 + sqrt(16)"), n(2.50), conjugate("Sara", "give away")
(16.0, '2.5', 'gives away')
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from gba.numbers import fmt_value
from gba.tools.units import convert


@dataclass(frozen=True)
class Story:
    """Facts, a question about them and the program that answers it."""

    givens: str  # one or more sentences, no final period
    question: str  # a direct question, no question mark
    embedded: str  # the question as a clause: "how many pencils are left"
    code: str  # "result = ..."
    answer: str  # the reply, with {v} for the value
    family: str = ""
    own: OwnForm | None = None  # the same problem asked about the user's own situation


    @property
    def value(self) -> float:
        return evaluate(self.code)


@dataclass(frozen=True)
class OwnForm:
    """A story asked about the user's own situation (not gba.simulation.asks.Own, a single
    value): asked without its numbers ("What will my commute cost me in fuel this month?"), the
    givens become the user's reply to `asks`."""

    question: str  # a direct question, no question mark
    embedded: str
    asks: tuple[str, ...]  # what the planner may ask for the details
    keywords: tuple[str, ...]  # words of such a question that the givens answer


NAMES = {"sqrt": math.sqrt, "convert": convert, "pi": math.pi}


def evaluate(code: str) -> float:
    """The value of a story's program (the names the calculation sandbox preloads)."""
    return float(eval(code.removeprefix("result = "), dict(NAMES)))  # noqa: S307 - own code


def n(x: float) -> str:
    """A number as code and text write it (no trailing .0)."""
    return str(int(x)) if x == int(x) else fmt_value(x)


def big(rng: random.Random, x: float) -> str:
    """A large whole number, sometimes with thousands separators."""
    return f"{int(x):,}" if x == int(x) and x >= 1000 and rng.random() < 0.5 else n(x)


CURRENCIES = [("{x} euros", "euros"), ("{x} dollars", "dollars"), ("${x}", "dollars"),
              ("€{x}", "euros"), ("£{x}", "pounds"), ("{x} EUR", "euros"), ("{x} USD", "dollars")]


def money(rng: random.Random) -> Callable[[float], str]:
    """A currency for one story: a function from an amount to its text, and `.word`."""
    form, word = rng.choice(CURRENCIES)

    def show(x: float) -> str:
        text = f"{x:.2f}" if x != int(x) else n(x)
        return form.format(x=text)
    show.word = word  # type: ignore[attr-defined]
    return show


ITEMS = ["pencils", "apples", "eggs", "bottles", "cookies", "stickers", "cans", "marbles",
         "tomatoes", "cupcakes", "batteries", "tea bags", "buttons", "oranges", "candles"]
CONTAINERS = ["boxes", "packs", "bags", "crates", "cartons", "jars", "trays", "baskets"]
PEOPLE = ["friends", "children", "colleagues", "students", "players", "cousins", "neighbours"]
GOODS = [("notebook", "notebooks"), ("ticket", "tickets"), ("coffee", "coffees"),
         ("sandwich", "sandwiches"), ("book", "books"), ("T-shirt", "T-shirts"),
         ("plant", "plants"), ("mug", "mugs"), ("bus ride", "bus rides"), ("lamp", "lamps")]
TAKE = [("give {c} to my sister", "give away"), ("eat {c} of them", "eat"),
        ("{c} of them break", "break"), ("sell {c}", "sell"), ("lose {c}", "lose"),
        ("use {c}", "use"), ("hand out {c}", "hand out")]




BOXES = [("box", "boxes"), ("pack", "packs"), ("bag", "bags"), ("crate", "crates"),
         ("tray", "trays"), ("shelf", "shelves"), ("row", "rows"), ("basket", "baskets")]
ACTORS = [("I", "I", "my", "do I"), ("We", "we", "our", "do we"),
          ("Sara", "she", "her", "does she"), ("Tom", "he", "his", "does he"),
          ("The shop", "it", "its", "does it"), ("A baker", "she", "her", "does she"),
          ("My uncle", "he", "his", "does he")]


def conjugate(actor: str, base: str) -> str:
    """`base` ("give", "give away") as `actor` says it: "I give away", "Sara gives away".

    >>> conjugate("Sara", "give away"), conjugate("We", "have"), conjugate("Tom", "have")
    ('gives away', 'have', 'has')
    """
    if actor in ("I", "We"):
        return base
    first, _, rest = base.partition(" ")
    first = {"have": "has"}.get(first, first + ("es" if first.endswith(("s", "sh", "ch"))
                                                 else "s"))
    return f"{first} {rest}".strip()


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]

