"""Word problems of relations between quantities: the kinds schoolbooks teach beside the plain
operations of gba.simulation.stories.

Each family draws its own numbers, objects and wordings, and asks one of several questions of
the same facts, so the program follows the question, not the topic:
- `compare_counts`: one count as a multiple or a difference of another ("twice as many as
  Ava, who has 14"), asked for the one, both together, or how many more;
- `parts_of_whole`: a fraction of a set ("one in five", "a quarter", "30 percent") taken
  away, asked for that part, the rest, or the rest packed into groups;
- `keep_share`: some kept, given away or added first, the rest shared or packed;
- `basket`: several goods at their own prices, the total or the change from a note;
- `price_steps`: a discount then a fee or a tax, a discount on several items, a rise then a cut;
- `travel_time`: minutes or hours from a distance and a speed, or from a pace;
- `ratio_split`: an amount shared in a ratio, or a group split by a ratio;
- `two_legs`: a trip in two parts, its average speed or its whole distance;
- `pack_price`: the price of a pack scaled to another count, or how many a sum buys;
- `remainder`: whole groups and what is left over (`//` and `%`);
- `rates_added`: two amounts per period added or netted, then scaled to a span;
- `ages`: ages as differences and multiples of others;
- `share_over_span`: a percent of an amount per period, over a longer span (also asked about
  the user's own pay or rent, without its numbers: gba.simulation.programs.ask_story);
- `rescale_period`: an amount per day, week, month, quarter or year given per another
  period, either way (a monthly bill per week is `x * 12 / 52`), someone's or the user's
  (with the numbers in the request: a single value the user is asked for is
  gba.simulation.asks' part).

Numbers are chosen so that every answer a person would give is exact (whole groups, whole
shares); nothing needs rounding up.

Leaves out: how the facts and question are framed (gba.simulation.stories.compose), and
problems whose answer is not one number.

>>> import random
>>> story = compare_counts(random.Random(1))
>>> story.code.startswith("result = "), story.value > 0
(True, True)
"""

from __future__ import annotations

import random

from gba.simulation.phrasing import say
from gba.simulation.story_kit import (
    CONTAINERS,
    GOODS,
    ITEMS,
    PEOPLE,
    OwnForm,
    Story,
    cap,
    conjugate,
    money,
    n,
)

NAMES = ["Ben", "Ava", "Kofi", "Mei", "Tom", "Sara", "Ravi", "Nina", "Jonas",
         "Ines", "my sister", "my brother", "my cousin", "my neighbour"]
COLLECTIONS = ITEMS + ["stamps", "shells", "coins", "stickers", "books", "cards", "beads"]


def _two_names(rng: random.Random) -> tuple[str, str]:
    a, b = rng.sample(NAMES, 2)
    return a, b


# ---- comparisons -------------------------------------------------------------------------

MULTIPLES = [(2, "twice as many"), (3, "three times as many"), (4, "four times as many"),
             (5, "five times as many"), (3, "3 times as many"), (2, "double the number of")]


def compare_counts(rng: random.Random) -> Story:
    """One count as a multiple or a difference of another, asked for the one, both or the gap."""
    a, b = _two_names(rng)
    thing = rng.choice(COLLECTIONS)
    base = rng.randint(4, 60)
    r = rng.random()
    if r < 0.55:  # multiplicative
        k, words = rng.choice(MULTIPLES)
        if words.startswith("double"):
            facts = rng.choice([f"{cap(b)} has {say(rng, base)} {thing} and {a} has double "
                                "that number", f"{cap(a)} has double the number of {thing} "
                                f"that {b} has, and {b} has {say(rng, base)}"])
        else:
            facts = rng.choice([f"{cap(a)} has {words} {thing} as {b}, who has {say(rng, base)}",
                                f"{cap(b)} has {say(rng, base)} {thing} and {a} has {words}",
                                f"{cap(b)} owns {say(rng, base)} {thing}; {a} owns {words}"])
        other = f"{k} * {base}"
        gap = f"{k} * {base} - {base}"
    elif r < 0.65:  # half
        base = 2 * rng.randint(3, 40)
        facts = rng.choice([f"{cap(a)} has half as many {thing} as {b}, who has "
                            f"{say(rng, base)}", f"{cap(b)} has {say(rng, base)} {thing} and "
                            f"{a} has half as many"])
        other, gap = f"{base} / 2", f"{base} - {base} / 2"
    else:  # additive
        d = rng.randint(2, 25)
        more = rng.random() < 0.6 or d >= base
        word = "more" if more else "fewer"
        facts = rng.choice([f"{cap(a)} has {say(rng, d)} {word} {thing} than {b}, who has "
                            f"{say(rng, base)}", f"{cap(b)} has {say(rng, base)} {thing} and "
                            f"{a} has {say(rng, d)} {word}",
                            f"{cap(b)} collected {say(rng, base)} {thing}, {say(rng, d)} "
                            f"{'fewer' if more else 'more'} than {a}"])
        other = f"{base} + {d}" if more else f"{base} - {d}"
        gap = None
    q = rng.random()
    if q < 0.4:
        return Story(facts, f"How many {thing} does {a} have", f"how many {thing} {a} has",
                     f"result = {other}", f"{cap(a)} has {{v}} {thing}.", "compare_one")
    if q < 0.8 or gap is None:
        return Story(facts, rng.choice([f"How many {thing} do they have together",
                                        f"How many {thing} do the two of them have in all"]),
                     f"how many {thing} they have together",
                     f"result = {base} + {other}" if "-" not in other and "/" not in other
                     else f"result = {base} + ({other})",
                     f"Together they have {{v}} {thing}.", "compare_total")
    return Story(facts, f"How many more {thing} does {a} have than {b}" if "/" not in other else
                 f"How many more {thing} does {b} have than {a}",
                 f"how many more {thing} {a} has than {b}" if "/" not in other else
                 f"how many more {thing} {b} has than {a}",
                 f"result = {gap}", f"That is {{v}} more {thing}.", "compare_gap")


AGE_NAMES = ["Tom", "Sara", "Ben", "Mei", "Ravi", "Nina", "my son", "my daughter", "my niece"]


def ages(rng: random.Random) -> Story:
    """Ages as differences and multiples of another's, now or some years on."""
    a, b = rng.sample(AGE_NAMES, 2)
    age = rng.randint(4, 30)
    r = rng.random()
    if r < 0.5:
        d = rng.randint(2, 15)
        facts = rng.choice([f"{cap(a)} is {say(rng, d)} years older than {b}, who is {age}",
                            f"{cap(b)} is {age} and {a} is {say(rng, d)} years older"])
        if rng.random() < 0.5:
            later = rng.randint(2, 20)
            return Story(facts, f"How old will {a} be in {say(rng, later)} years",
                         f"how old {a} will be in {say(rng, later)} years",
                         f"result = {age} + {d} + {later}", f"{cap(a)} will be {{v}}.",
                         "age_later")
        return Story(facts, "What are their ages added together",
                     "the sum of their ages", f"result = {age} + ({age} + {d})",
                     "Together they are {v}.", "age_sum")
    k = rng.choice([2, 3, 4])
    age = rng.randint(3, 15)
    parent = rng.choice(["Mum", "Dad", "Grandma", "Uncle Leo"])
    facts = f"{parent} is {say(rng, k)} times as old as {a}, who is {age}"
    if rng.random() < 0.5:
        return Story(facts, f"How old was {parent} when {a} was born", f"how old {parent} was when {a} was born",
                     f"result = {k} * {age} - {age}", "{v} years old.", "age_at_birth")
    later = rng.randint(2, 20)
    return Story(facts, f"How old will {parent} be in {say(rng, later)} years",
                 f"how old {parent} will be in {say(rng, later)} years",
                 f"result = {k} * {age} + {later}", "{v} years old.", "age_multiple")


# ---- parts of a whole ---------------------------------------------------------------------

FRACTIONS = [((1, 5), "one in five"), ((1, 4), "a quarter"), ((1, 3), "a third"),
             ((1, 2), "half"), ((2, 3), "two thirds"), ((3, 4), "three quarters"),
             ((1, 4), "one out of every four"), ((1, 10), "one in ten"), ((2, 5), "two fifths"),
             ((1, 6), "one in six")]
SPOILED = [("are broken", "broken"), ("get damaged", "damaged"), ("are lost", "lost"),
           ("are sold", "sold"), ("are given away", "given away")]


def parts_of_whole(rng: random.Random) -> Story:
    """A fraction or a percent of a set taken away: that part, the rest, or the rest in groups."""
    item = rng.choice(ITEMS)
    m = rng.choice([2, 3, 4, 5, 6, 8, 10, 12, 20])
    if rng.random() < 0.25:
        p = rng.choice([10, 20, 25, 40, 50, 60, 75])
        share, share_code = f"{p} percent" if rng.random() < 0.5 else f"{p}%", f"{p} / 100"
        num, den = p, 100
    else:
        (num, den), share = rng.choice(FRACTIONS)
        share_code = f"{num} / {den}"
    unit = den // _gcd(num, den)
    total = unit * m * rng.randint(1, 8) * (1 if den != 100 else 1)
    while total * num % den or (total - total * num // den) % m:
        total += unit
    verb, adj = rng.choice(SPOILED)
    if rng.random() < 0.5 and total % 6 == 0 and total // 6 > 1:
        rows = total // 6
        whole, whole_code = (rng.choice([f"{say(rng, rows)} rows of 6 {item}",
                                         f"{say(rng, rows)} boxes of 6 {item}"]),
                             f"{rows} * 6")
    else:
        whole, whole_code = f"{total} {item}", str(total)
    actor = rng.choice(["A farmer", "The shop", "A baker", "I", "We", "The school"])
    has = "have" if actor in ("I", "We") else "has"
    facts = f"{actor} {has} {whole}, and {share} of them {verb}"
    part = f"{whole_code} * {share_code}" if num != 1 else f"{whole_code} / {den}"
    rest = f"{whole_code} * (1 - {share_code})"
    q = rng.random()
    if q < 0.3:
        return Story(facts, f"How many {item} {verb}", f"how many {item} {verb}",
                     f"result = {part}", f"{{v}} {item} {verb}.", "part_taken")
    if q < 0.6:
        return Story(facts, f"How many {item} are not {adj}", f"how many {item} are not {adj}",
                     f"result = {rest}", f"{{v}} {item} are not {adj}.", "part_rest")
    box = rng.choice(CONTAINERS)
    return Story(f"{facts}, and the rest are packed into {box} of {m}",
                 f"How many {box} are filled", f"how many {box} are filled",
                 f"result = {rest} / {m}", f"{{v}} {box}.", "part_rest_groups")


def _lower_first(subject: str) -> str:
    return subject if subject.startswith("I ") else subject[:1].lower() + subject[1:]


def _hours(h: float) -> str:
    return f"{n(h)} hour" if h == 1 else f"{n(h)} hours"


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


def keep_share(rng: random.Random) -> Story:
    """Some kept, given away or added first; the rest shared among people or packed in groups."""
    item, who = rng.choice(COLLECTIONS), rng.choice(PEOPLE)
    m = rng.randint(2, 9)
    k = rng.randint(2, 20)
    each = rng.randint(2, 15)
    add = rng.random() < 0.25
    total = m * each - k if add else m * each + k
    if total <= 0:
        total, add = m * each + k, False
    actor = rng.choice(["Our aunt", "Grandpa", "I", "We", "The coach", "Sara"])
    subj = {"I": "I", "We": "we"}.get(actor, "she" if actor in ("Our aunt", "Sara") else "he")
    poss = {"I": "my", "we": "our", "she": "her", "he": "his"}[subj]
    if add:
        first = rng.choice([f"{actor} {conjugate(actor, 'have')} {total} {item} and "
                            f"{conjugate(actor, 'buy')} {say(rng, k)} more",
                            f"{cap(say(rng, total))} {item}, plus {say(rng, k)} more that "
                            f"{subj} {conjugate(subj.capitalize(), 'find')}"])
        code = f"({total} + {k})"
    else:
        first = rng.choice([f"{actor} {conjugate(actor, 'have')} {total} {item} and "
                            f"{conjugate(actor, 'keep')} {say(rng, k)}",
                            f"{actor} {conjugate(actor, 'keep')} {say(rng, k)} of {poss} "
                            f"{total} {item}",
                            f"{actor} {conjugate(actor, 'have')} {total} {item}; "
                            f"{say(rng, k)} of them are broken"])
        code = f"({total} - {k})"
    if rng.random() < 0.6:
        return Story(f"{first}, and the rest are shared equally among {say(rng, m)} {who}",
                     f"How many {item} does each one get", f"how many {item} each one gets",
                     f"result = {code} / {m}", f"Each gets {{v}} {item}.", "keep_share")
    box = rng.choice(CONTAINERS)
    return Story(f"{first}, and the rest go into {box} of {each}", f"How many {box} is that",
                 f"how many {box} that makes", f"result = {code} / {each}", f"{{v}} {box}.",
                 "keep_pack")


def remainder(rng: random.Random) -> Story:
    """Whole groups of a size, and what is left over."""
    item, box = rng.choice(ITEMS), rng.choice(CONTAINERS)
    size = rng.randint(3, 15)
    total = size * rng.randint(2, 20) + rng.randint(1, size - 1)
    facts = rng.choice([f"I have {total} {item} and {box} that hold {size} each",
                        f"{total} {item} are packed into {box} of {size}",
                        f"We put {total} {item} in {box}, {size} to each"])
    if rng.random() < 0.5:
        return Story(facts, f"How many {box} can be filled completely",
                     f"how many full {box} there are", f"result = {total} // {size}",
                     f"{{v}} full {box}.", "remainder_groups")
    return Story(facts, f"How many {item} are left over once the {box} are full",
                 f"how many {item} are left over", f"result = {total} % {size}",
                 f"{{v}} {item} are left over.", "remainder_left")


def ratio_split(rng: random.Random) -> Story:
    """An amount shared in a ratio, or a group whose parts stand in a ratio."""
    a, b = rng.sample([1, 2, 3, 4, 5, 7], 2)
    if rng.random() < 0.5:
        cur = money(rng)
        x, y = _two_names(rng)
        total = (a + b) * rng.randint(5, 200)
        ratio = rng.choice([f"in the ratio {a}:{b}", f"in the ratio {a} to {b}",
                            f"{a} parts to {b}"])
        return Story(f"{cap(x)} and {y} share {cur(total)} {ratio}",
                     f"How much does {y} get", f"how much {y} gets",
                     f"result = {total} * {b} / ({a} + {b})", f"{cap(y)} gets {{v}} "
                     f"{cur.word}.", "ratio_share")
    total = (a + b) * rng.randint(2, 40)
    first, second, group = rng.choice([("boys", "girls", "pupils"), ("cats", "dogs", "pets"),
                                       ("red", "blue", "cars"), ("adults", "children",
                                                                 "visitors")])
    return Story(f"For every {a} {first} there are {b} {second}, and there are {total} "
                 f"{group} in all", f"How many {second} are there", f"how many {second} "
                 "there are", f"result = {total} * {b} / ({a} + {b})",
                 f"There are {{v}} {second}.", "ratio_group")


# ---- money --------------------------------------------------------------------------------

EXTRAS = [("pen", "pens", 1.6), ("folder", "folders", 3.5), ("card", "cards", 2.25),
          ("bag", "bags", 0.5), ("cake", "cakes", 4.1), ("bottle of water", "bottles of water",
                                                         1.2), ("magazine", "magazines", 5.5)]


def basket(rng: random.Random) -> Story:
    """Several goods at their own prices: the total, or the change from a note."""
    cur = money(rng)
    (_, many), (extra, extras, price2) = rng.choice(GOODS), rng.choice(EXTRAS)
    k, price = rng.randint(2, 6), rng.choice([1.2, 2.45, 2.5, 3.4, 4, 4.75, 6, 8.5, 12])
    second = rng.random() < 0.4
    j = rng.randint(2, 4)
    listed = (f"{say(rng, k)} {many} at {cur(price)} each and " +
              (f"{say(rng, j)} {extras} at {cur(price2)} each" if second else
               f"a {extra} for {cur(price2)}"))
    total = f"{k} * {n(price)} + {j} * {n(price2)}" if second else f"{k} * {n(price)} + {n(price2)}"
    value = k * price + (j * price2 if second else price2)
    if rng.random() < 0.5:
        bill = next(x for x in (10, 20, 50, 100, 200) if x > value)
        note = rng.choice([cur(bill), f"a {bill}", f"a {cur(bill)} note"])
        return Story(rng.choice([f"I buy {listed} and pay with {note}",
                                 f"My shopping is {listed}; I hand over {note}"]),
                     "How much change do I get", "how much change I get",
                     f"result = {bill} - ({total})", f"The change is {{v}} {cur.word}.",
                     "basket_change")
    return Story(f"I buy {listed}", "What do I pay altogether", "what I pay altogether",
                 f"result = {total}", f"You pay {{v}} {cur.word}.", "basket_total")


PRICED = ["sofa", "bike", "laptop", "coat", "washing machine", "camera", "guitar"]


def price_steps(rng: random.Random) -> Story:
    """Two steps on a price: a discount then a fee or a tax, a discount on several, a rise
    then a cut."""
    cur, thing = money(rng), rng.choice(PRICED)
    price = rng.randrange(40, 2500, 10)
    p = rng.choice([5, 10, 15, 20, 25, 30, 40])
    off = rng.choice([f"{p}% off", f"a {p} percent discount", f"a {p}% reduction",
                      f"{p}% taken off"])
    r = rng.random()
    if r < 0.35:
        fee = rng.choice([15, 20, 25, 30, 40, 49, 60])
        return Story(rng.choice([f"The {thing} costs {cur(price)} with {off}, and delivery is "
                                 f"{cur(fee)}", f"I got {off} the {thing}'s price of "
                                 f"{cur(price)}, then paid {cur(fee)} for delivery"]),
                     "What does it cost in total", "what it costs in total",
                     f"result = {price} * (1 - {p} / 100) + {fee}",
                     f"It costs {{v}} {cur.word}.", "discount_fee")
    if r < 0.55:
        t = rng.choice([5, 7, 8, 10, 19, 20])
        return Story(f"The {thing} is {cur(price)} with {off}, and {t}% tax is added after "
                     "the discount", "What is the final price", "the final price",
                     f"result = {price} * (1 - {p} / 100) * (1 + {t} / 100)",
                     f"It costs {{v}} {cur.word}.", "discount_tax")
    if r < 0.8:
        one, many = rng.choice(GOODS)
        k, each = rng.randint(2, 12), rng.choice([4, 6, 8, 12, 15, 20, 25])
        return Story(f"{cap(many)} cost {cur(each)} each and there is {off} when you buy "
                     f"{say(rng, k)}", f"What do {say(rng, k)} {many} cost",
                     f"what {say(rng, k)} {many} cost", f"result = {k} * {each} * (1 - {p} / 100)",
                     f"They cost {{v}} {cur.word}.", "discount_many")
    up = rng.choice([5, 10, 20, 25, 50])
    return Story(f"The {thing} cost {cur(price)}; its price went up {up}% and then down {p}%",
                 "What does it cost now", "what it costs now",
                 f"result = {price} * (1 + {up} / 100) * (1 - {p} / 100)",
                 f"It costs {{v}} {cur.word}.", "rise_cut")


def pack_price(rng: random.Random) -> Story:
    """A pack's price scaled to another count."""
    cur = money(rng)
    size, item = rng.choice([(12, "eggs"), (6, "yoghurts"), (4, "batteries"), (10, "pencils"),
                             (24, "cans"), (8, "rolls"), (20, "tea bags")])
    price = rng.choice([1.8, 2.4, 3, 3.6, 4.8, 6, 7.2, 9.6])
    k = size * rng.randint(2, 5) if rng.random() < 0.5 else rng.randint(3, 60)
    pack = (rng.choice(["A dozen", "A box of 12"]) if size == 12 else
            rng.choice([f"A pack of {size}", f"A box of {size}"]))
    if rng.random() < 0.3:
        packs = rng.randint(2, 6)
        return Story(f"{pack} {item} costs {cur(price)}",
                     f"How many {item} do I get for {cur(round(packs * price, 2))}",
                     f"how many {item} I get for {cur(round(packs * price, 2))}",
                     f"result = {n(round(packs * price, 2))} / {n(price)} * {size}",
                     f"You get {{v}} {item}.", "pack_count")
    return Story(f"{pack} {item} costs {cur(price)}", f"What do {k} {item} cost",
                 f"what {k} {item} cost", f"result = {n(price)} / {size} * {k}",
                 f"They cost {{v}} {cur.word}.", "pack_price")


# ---- rates and trips ----------------------------------------------------------------------

MOVERS = [("I walk", [4, 5, 5.5, 6]), ("I cycle", [12, 15, 18, 20]), ("My dad jogs", [8, 9,
           10, 12]), ("We drive", [50, 60, 80, 90]), ("The ferry sails", [20, 24, 30, 36])]


def travel_time(rng: random.Random) -> Story:
    """Minutes or hours from a distance and a speed, or from a pace."""
    r = rng.random()
    if r < 0.6:
        subject, speeds = rng.choice(MOVERS)
        speed = rng.choice(speeds)
        dist = round(speed * rng.choice([0.2, 0.25, 0.4, 0.5, 0.75, 0.8, 1.5, 2]), 1)
        unit = rng.choice(["km", "kilometres"])
        minutes = rng.random() < 0.6
        ask = ("How many minutes does it take", "how many minutes it takes") if minutes else (
            "How many hours does it take", "how many hours it takes")
        facts = rng.choice([f"{subject} at {n(speed)} {unit} an hour and the route is "
                            f"{n(dist)} {unit}", f"{subject} {n(dist)} {unit} at {n(speed)} km/h",
                            f"The route is {n(dist)} {unit} and {_lower_first(subject)} at "
                            f"{n(speed)} {unit} per hour"])
        code = f"{n(dist)} / {n(speed)} * 60" if minutes else f"{n(dist)} / {n(speed)}"
        return Story(facts, ask[0], ask[1], f"result = {code}",
                     "It takes {v} minutes." if minutes else "It takes {v} hours.",
                     "travel_minutes" if minutes else "travel_hours")
    pace, km = rng.choice([5, 6, 7, 8, 10, 12]), rng.choice([3, 5, 10, 15, 21, 42])
    return Story(f"I run one kilometre in {pace} minutes", f"How many hours does a {km} km run "
                 "take", f"how many hours a {km} km run takes", f"result = {km} * {pace} / 60",
                 "It takes {v} hours.", "pace_hours")


def two_legs(rng: random.Random) -> Story:
    """A trip in two parts: its average speed, or its whole distance."""
    s1, s2 = rng.sample([40, 50, 60, 70, 80, 90, 100, 110], 2)
    h1, h2 = rng.choice([1, 1.5, 2, 2.5, 3]), rng.choice([0.5, 1, 1.5, 2])
    if rng.random() < 0.5:
        d1, d2 = round(s1 * h1), round(s2 * h2)
        return Story(f"We drive {d1} km in {_hours(h1)}, then {d2} km in {_hours(h2)}",
                     "What is our average speed for the whole trip",
                     "the average speed for the whole trip",
                     f"result = ({d1} + {d2}) / ({n(h1)} + {n(h2)})",
                     "The average speed is {v} km/h.", "two_legs_speed")
    return Story(f"A bus goes {_hours(h1)} at {s1} km/h and then {_hours(h2)} at {s2} km/h",
                 "How far does it go in all", "how far it goes in all",
                 f"result = {s1} * {n(h1)} + {s2} * {n(h2)}", "It goes {v} km.",
                 "two_legs_distance")


RATE_PAIRS = [("The bakery", "bakes", "rolls", "every morning", "every afternoon"),
              ("Sara", "saves", "euros", "from pocket money each week", "from chores each week"),
              ("Tom", "reads", "pages", "on the morning train", "on the way home"),
              ("The kiosk", "sells", "coffees", "in the morning", "in the afternoon"),
              ("My uncle", "walks", "km", "before work", "after dinner")]


def rates_added(rng: random.Random) -> Story:
    """Two amounts per period added (or one taken from the other), then scaled to a span."""
    actor, verb, unit, first, second = rng.choice(RATE_PAIRS)
    a, b = rng.randint(10, 60), rng.randint(5, 40)
    if "week" in first:
        weeks = rng.randint(2, 12)
        return Story(f"{actor} {verb} {a} {unit} {first} and {b} {unit} {second}",
                     f"How many {unit} is that in {say(rng, weeks)} weeks",
                     f"how many {unit} that is in {say(rng, weeks)} weeks",
                     f"result = ({a} + {b}) * {weeks}", f"That is {{v}} {unit}.", "rates_weeks")
    days, weeks = rng.choice([5, 6, 7]), rng.randint(2, 8)
    if rng.random() < 0.3:
        earn, spend = rng.randint(40, 90), rng.randint(10, 39)
        return Story(f"I earn {earn} euros a day and spend {spend} euros a day",
                     f"How much do I save in {say(rng, days * weeks)} days",
                     f"how much I save in {days * weeks} days",
                     f"result = ({earn} - {spend}) * {days * weeks}", "You save {v} euros.",
                     "rates_net")
    return Story(f"{actor} {verb} {a} {unit} {first} and {b} {second}, {say(rng, days)} days a "
                 "week", f"How many {unit} is that over {say(rng, weeks)} weeks",
                 f"how many {unit} that makes over {say(rng, weeks)} weeks",
                 f"result = ({a} + {b}) * {days} * {weeks}", f"That is {{v}} {unit}.",
                 "rates_days")


SHARES = [  # (facts with {p} and {x}, the period of x, what the share is, an own form)
    ("I save {p}% of my pay, which is {x} a month", "month", "save",
     ("How much do I put aside", "how much I put aside",
      "What is your pay, and what share of it do you put aside?", ("pay", "share", "save"))),
    ("I pay {p}% tax on the {x} I earn each week", "week", "pay in tax",
     ("How much tax do I pay", "how much tax I pay",
      "What do you earn, and at what rate are you taxed?", ("earn", "tax", "rate"))),
    ("The cafe gives {p}% of its takings of {x} a day to charity", "day", "give to charity",
     None),
    ("My landlord raises the rent of {x} a month by {p}%", "month", "pay in extra rent",
     ("How much more rent will I pay", "how much more rent I will pay",
      "What is your rent now, and by what percent does it rise?", ("rent", "percent",
                                                                   "rise"))),
]
SPANS = [("month", "a year", 12), ("week", "a year", 52), ("day", "a week", 7),
         ("month", "{k} months", None), ("week", "{k} weeks", None), ("day", "{k} days", None)]


def share_over_span(rng: random.Random) -> Story:
    """A percent of an amount per period, over a longer span."""
    facts, period, what, own = rng.choice(SHARES)
    cur = money(rng)
    p, x = rng.choice([2, 3, 5, 8, 10, 12, 15, 20, 25]), rng.choice([40, 120, 250, 480, 900,
                                                                     1200, 2400, 3100])
    spans = [sp for sp in SPANS if sp[0] == period]
    _, span, count = rng.choice(spans)
    if count is None:
        count = rng.randint(2, 10)
        span = span.format(k=say(rng, count))
    subject = "the cafe" if "cafe" in facts else "I"
    ask = (f"How much does the cafe {what} in {span}" if subject != "I" else
           f"How much do I {what} in {span}")
    mine = None
    if own is not None:
        question, embedded, asks, keys = own
        mine = OwnForm(f"{question} in {span}", f"{embedded} in {span}", (asks,), keys)
    if rng.random() < 0.25:  # the share of one period
        each = rng.choice(["each", "every"]) + f" {period}"
        return Story(facts.format(p=p, x=cur(x)), f"How much is that {each}",
                     f"how much that is {each}", f"result = {x} * {p} / 100",
                     f"That is {{v}} {cur.word}.", "share_period")
    embedded = (f"how much the cafe {conjugate('The cafe', what)} in {span}" if subject != "I"
                else f"how much I {what} in {span}")
    return Story(facts.format(p=p, x=cur(x)), ask, embedded,
                 f"result = {x} * {p} / 100 * {count}", f"That is {{v}} {cur.word}.",
                 "share_span", mine)


RESCALES = [  # (from, to, the code's factor, what x must be a multiple of for a whole answer)
    ("week", "year", "* 52", 1), ("year", "week", "/ 52", 52), ("month", "year", "* 12", 1),
    ("year", "month", "/ 12", 12), ("day", "week", "* 7", 1), ("week", "day", "/ 7", 7),
    ("day", "year", "* 365", 1), ("year", "day", "/ 365", 365), ("month", "week", "* 12 / 52", 13),
    ("week", "month", "* 52 / 12", 3), ("quarter", "year", "* 4", 1), ("year", "quarter", "/ 4", 4)]
ADJECTIVES = {"day": "daily", "week": "weekly", "month": "monthly", "quarter": "quarterly",
              "year": "yearly"}
AMOUNTS = [  # (someone's amount with {x} and {per}, the user's)
    ("Mia's phone plan costs {x} {per}", "My phone plan costs {x} {per}"),
    ("The gym charges Omid {x} {per}", "The gym charges me {x} {per}"),
    ("Leo earns {x} {per}", "I earn {x} {per}"),
    ("The bakery spends {x} {per} on flour", "I spend {x} {per} on coffee"),
    ("Noor's rent is {x} {per}", "My rent is {x} {per}"),
    ("The club pays {x} {per} for its hall", "I pay {x} {per} for parking"),
    ("A streaming service bills Ada {x} {per}", "My streaming service bills me {x} {per}"),
]


def rescale_period(rng: random.Random) -> Story:
    """An amount per period given per another period, either way."""
    src, dst, factor, multiple = rng.choice(RESCALES)
    someone, mine = rng.choice(AMOUNTS)
    cur = money(rng)
    x = multiple * rng.randint(2, 40) if multiple > 1 else rng.choice(
        [4, 6, 9, 12, 15, 18, 25, 32, 39, 45, 60, 85, 120, 250, 900, 1400, 2100, 2600])
    per = rng.choice([f"a {src}", f"per {src}", f"every {src}", f"each {src}", ADJECTIVES[src]])
    own_facts = rng.random() < 0.5
    facts = (mine if own_facts else someone).format(x=cur(x), per=per)
    to = rng.choice([f"per {dst}", f"a {dst}", f"each {dst}", f"in a {dst}"])
    question = rng.choice([f"How much is {'it' if own_facts else 'that'} {to}",
                           f"What does that come to {to}", f"What is that {to}"])
    embedded = rng.choice([f"how much the amount is {to}", f"what the amount comes to {to}"])
    return Story(facts, question, embedded, f"result = {x} {factor}",
                 f"That is {{v}} {cur.word} {to}.", f"per_{src}_{dst}")


FAMILIES = {f.__name__: (f, w) for f, w in (
    (compare_counts, 2), (ages, 1), (parts_of_whole, 2), (keep_share, 1.5), (remainder, 1),
    (ratio_split, 1), (basket, 1.5), (price_steps, 1.5), (pack_price, 1), (travel_time, 1.5),
    (two_legs, 1), (rates_added, 1.5), (share_over_span, 1.5), (rescale_period, 1.5))}
