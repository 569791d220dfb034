"""Word problems composed from operations and surface forms, not written one by one.

A story is a few *given* facts in words ("I buy 7 boxes of 12 pencils and give 15 away"), a
question about them, and the program they describe (`result = 7 * 12 - 15`). Each operation
family below (counting groups, taking away, sharing, unit prices and totals, change from a
payment, percentages forward and backward, rates, speeds with hours and minutes, work done by
more or fewer people, scaling a recipe, doubling and halving, powers and roots, averages and
ranges, areas, perimeters and volumes, ages and spans of years, unit conversions in both
directions, a result then converted, fixed plus variable costs, rates per 100 units and
coverage, amounts per period over a longer span whose count is left implicit: "a week" is 7
days) draws its own numbers, objects and verbs, and many families chain a second operation
onto the first; `chain` composes up to three changes to a count in order (more groups of the
same size, some taken away or given to each of several people, the rest shared out);
`rate_chain` multiplies four or five numbers through a chain of rates (km a day on so many days
at litres per 100 km and a price a litre; watts, hours, days and a price per kWh; pay an hour,
hours, days, weeks and tax); `stock_flow` starts from an amount with something coming in and
going out each period (what is left after some periods, or how many until it runs out).
Stories with an `own` form can also be asked about the user's situation without the numbers
("What will my driving cost me in fuel this month?"; gba.simulation.programs.ask_story), the
givens then being the user's reply. `compose` puts the facts and the question together in one
of several orders and frames (facts then question, a question with an if-clause, an
imperative, a question after a dash, filler before or after), with small counts sometimes in
words and money in several currencies.

Held out for the `test_phrasings` split: the "need" frames ("... I need to know how many
pencils are left."), never produced for training.

Leaves out: problems whose answer is not one number (lists, yes/no), rounding rules ("how
many buses are needed" needs a ceiling), and money with cents that float arithmetic
misrounds.

>>> import random
>>> text, story = compose(random.Random(3))
>>> story.code.startswith("result = "), "{v}" in story.answer, text.endswith((".", "?", "!"))
(True, True, True)
"""

from __future__ import annotations

import random
from collections.abc import Callable

from gba.simulation.phrasing import say
from gba.simulation.relations import FAMILIES as RELATIONS
from gba.simulation.story_kit import (
    ACTORS,
    BOXES,
    CONTAINERS,
    GOODS,
    ITEMS,
    PEOPLE,
    TAKE,
    OwnForm,
    Story,
    big,
    cap,
    conjugate,
    money,
    n,
)

# ---- counting and money ------------------------------------------------------------------

def groups(rng: random.Random) -> Story:
    a, b = rng.randint(2, 12), rng.choice([3, 4, 5, 6, 8, 10, 12, 20, 24, 25, 30])
    item, box = rng.choice(ITEMS), rng.choice(CONTAINERS)
    A, B = say(rng, a), say(rng, b)
    facts = rng.choice([f"I buy {A} {box} of {item} with {B} in each",
                        f"There are {A} {box} with {B} {item} in every one",
                        f"Each of my {A} {box} holds {B} {item}",
                        f"A shop delivers {A} {box}, each with {B} {item}"])
    chain = rng.random()
    if chain < 0.4:
        c = rng.randint(1, a * b - 1)
        verb, _ = rng.choice(TAKE)
        return Story(f"{facts}, and I {verb.format(c=say(rng, c))}",
                     f"How many {item} are left", f"how many {item} are left",
                     f"result = {a} * {b} - {c}", f"{{v}} {item} are left.", "groups_take")
    if chain < 0.7:
        k = rng.choice([d for d in range(2, 11) if (a * b) % d == 0] or [2])
        who = rng.choice(PEOPLE)
        return Story(f"{facts}. We share them equally among {say(rng, k)} {who}",
                     f"How many {item} does each get", f"how many {item} each one gets",
                     f"result = {a} * {b} / {k}", f"Each gets {{v}} {item}.", "groups_share")
    return Story(facts, f"How many {item} is that in total", f"how many {item} there are "
                 "in total", f"result = {a} * {b}", f"That is {{v}} {item}.", "groups")


def total_cost(rng: random.Random) -> Story:
    one, many = rng.choice(GOODS)
    k, price, cur = rng.randint(2, 30), rng.choice([1.5, 2, 2.4, 2.75, 3, 4.5, 5, 7.2, 8, 12,
                                                    15, 19.99, 25]), money(rng)
    facts = rng.choice([f"One {one} costs {cur(price)} and I need {say(rng, k)}",
                        f"I buy {say(rng, k)} {many} at {cur(price)} each",
                        f"{many.capitalize()} are {cur(price)} apiece and we want {say(rng, k)}"])
    r = rng.random()
    if r < 0.3:
        off = rng.choice([x for x in (2, 5, 10, 15, 20) if x < k * price])
        return Story(f"{facts}. I have a coupon for {cur(off)} off the total",
                     "How much do I pay", "how much I pay", f"result = {k} * {n(price)} - {off}",
                     f"You pay {{v}} {cur.word}.", "cost_coupon")
    if r < 0.55:
        bill = rng.choice([x for x in (20, 50, 100, 200, 500) if x > k * price] or [1000])
        return Story(f"{facts}. I pay with {cur(bill)}", "How much change do I get back",
                     "how much change I get", f"result = {bill} - {k} * {n(price)}",
                     f"Your change is {{v}} {cur.word}.", "cost_change")
    return Story(facts, "What does that cost altogether", "what it costs in total",
                 f"result = {k} * {n(price)}", f"That costs {{v}} {cur.word}.", "cost")


def unit_price(rng: random.Random) -> Story:
    one, many = rng.choice(GOODS)
    k, cur = rng.randint(2, 24), money(rng)
    total = round(k * rng.choice([1.25, 2, 2.5, 3, 4, 6.5, 9, 12, 15]), 2)
    return Story(rng.choice([f"{say(rng, k).capitalize()} {many} cost {cur(total)} together",
                             f"I paid {cur(total)} for {say(rng, k)} {many}"]),
                 f"What does one {one} cost", f"the price of one {one}",
                 f"result = {n(total)} / {k}", f"One {one} costs {{v}} {cur.word}.",
                 "unit_price")


def budget(rng: random.Random) -> Story:
    cur, total = money(rng), rng.randrange(50, 1000, 10)
    spent = [rng.randrange(5, total // 4) for _ in range(rng.randint(2, 3))]
    things = rng.sample(["food", "a book", "the train", "shoes", "a gift", "petrol", "a "
                         "haircut", "the cinema"], len(spent))
    listed = ", ".join(f"{cur(s)} on {t}" for s, t in zip(spent[:-1], things[:-1], strict=True))
    listed += f" and {cur(spent[-1])} on {things[-1]}"
    return Story(rng.choice([f"I had {cur(total)} and spent {listed}",
                             f"My budget is {cur(total)}. So far I spent {listed}"]),
                 "How much money is left", "how much money I have left",
                 f"result = {total} - " + " - ".join(map(str, spent)),
                 f"{{v}} {cur.word} are left.", "budget")


def split_bill(rng: random.Random) -> Story:
    cur, bill, k = money(rng), rng.randrange(40, 400, 5), rng.randint(2, 8)
    who = rng.choice(PEOPLE)
    if rng.random() < 0.5:
        tip = rng.choice([10, 12, 15, 18, 20])
        return Story(f"Dinner for {say(rng, k)} {who} costs {cur(bill)} and we add a {tip}% "
                     "tip", "How much does each of us pay if we split it evenly",
                     "what each person pays", f"result = {bill} * (1 + {tip} / 100) / {k}",
                     f"Each pays {{v}} {cur.word}.", "split_tip")
    return Story(f"The bill of {cur(bill)} is split evenly between {say(rng, k)} {who}",
                 "What does each one pay", "what each one pays", f"result = {bill} / {k}",
                 f"Each pays {{v}} {cur.word}.", "split")


# ---- percentages -------------------------------------------------------------------------

def percent_of(rng: random.Random) -> Story:
    p, x = rng.choice([5, 8, 12, 15, 20, 25, 30, 35, 40, 60, 75, 120]), rng.randrange(20, 5000, 5)
    form = rng.random()
    if form < 0.5:
        return Story(rng.choice([f"A survey asked {big(rng, x)} people and {p}% said yes",
                                 f"{p}% of the {big(rng, x)} seats are taken"]),
                     "How many is that", "how many that is", f"result = {x} * {p} / 100",
                     "That is {v}.", "percent_of")
    return Story("", f"What is {p}% of {big(rng, x)}", f"{p} percent of {big(rng, x)}",
                 f"result = {x} * {p} / 100", "It is {v}.", "percent_of")


def share_percent(rng: random.Random) -> Story:
    total = rng.choice([20, 25, 40, 50, 60, 80, 120, 200, 250])
    part = rng.randint(1, total - 1)
    return Story(rng.choice([f"I got {part} of {total} questions right",
                             f"{part} of the {total} trees in the park are oaks",
                             f"Our team won {part} of its {total} games"]),
                 "What percentage is that", "what percentage that is",
                 f"result = {part} / {total} * 100", "That is {v} percent.", "share_percent")


def price_change(rng: random.Random) -> Story:
    cur, price = money(rng), rng.randrange(20, 2000, 5)
    p = rng.choice([5, 10, 15, 19, 20, 25, 30, 35, 40, 50, 70])
    one = rng.choice(["jacket", "bike", "laptop", "sofa", "phone", "pair of boots", "ticket"])
    r = rng.random()
    if r < 0.3:
        return Story(rng.choice([f"A {one} costs {cur(price)} and is {p}% off",
                                 f"The {one} was {cur(price)}; now there is a {p} percent "
                                 "discount"]),
                     "What do I pay for it now", "the sale price",
                     f"result = {price} * (1 - {p} / 100)", f"It costs {{v}} {cur.word}.",
                     "discount")
    if r < 0.55:
        return Story(rng.choice([f"A {one} costs {cur(price)} before {p}% tax",
                                 f"The {one} is {cur(price)} and its price rises by {p}%"]),
                     "What is the new price", "the price with the increase",
                     f"result = {price} * (1 + {p} / 100)", f"It costs {{v}} {cur.word}.",
                     "increase")
    if r < 0.8:
        return Story(rng.choice([f"A {one} costs {cur(price)} including {p}% sales tax",
                                 f"With {p}% VAT added, the {one} comes to {cur(price)}"]),
                     "What was the price before tax", "the price without the tax",
                     f"result = {price} / (1 + {p} / 100)",
                     f"Before tax it was {{v}} {cur.word}.", "reverse_increase")
    return Story(f"After a {p}% discount the {one} costs {cur(price)}",
                 "What was the original price", "the price before the discount",
                 f"result = {price} / (1 - {p} / 100)", f"It was {{v}} {cur.word}.",
                 "reverse_discount")


def percent_change(rng: random.Random) -> Story:
    a, b = rng.sample(range(40, 2000, 5), 2)
    what = rng.choice(["The price of a ticket", "My rent", "The town's population",
                       "Our electricity bill", "The number of visitors"])
    return Story(f"{what} went from {big(rng, a)} to {big(rng, b)}",
                 "By what percentage did it change", "the percentage change",
                 f"result = ({b} - {a}) / {a} * 100", "It changed by {v} percent.",
                 "percent_change")


# ---- rates, speeds and proportions ------------------------------------------------------

def speed(rng: random.Random) -> Story:
    h, m = rng.randint(0, 5), rng.choice([0, 10, 15, 20, 24, 30, 40, 45])
    if h == 0 and m == 0:
        h = 2
    d = rng.randrange(10, 900, 2)
    who, verb = rng.choice([("A train", "covers"), ("A cyclist", "rides"), ("Our car",
                                                                            "drives"),
                            ("A ferry", "sails"), ("A runner", "runs"), ("The bus", "travels"),
                            ("My friend", "walks"), ("A swimmer", "swims")])
    if m == 0:
        took, hours = f"{say(rng, h)} hour{'s' * (h != 1)}", n(h)
    elif h == 0:
        took, hours = f"{m} minutes", f"({m} / 60)"  # brackets: 280 / (20 / 60)
    else:
        took, hours = (f"{say(rng, h)} hour{'s' * (h != 1)} and {m} minutes",
                       f"({h} + {m} / 60)")
    km = rng.random() < 0.7
    unit, per = ("km", "km/h") if km else ("miles", "mph")
    return Story(f"{who} {verb} {d} {unit} in {took}", "What is the average speed",
                 f"its average speed in {per}", f"result = {d} / {hours}",
                 f"The average speed is {{v}} {per}.", "speed")


def distance(rng: random.Random) -> Story:
    s, t = rng.choice([4, 5, 12, 15, 20, 45, 60, 80, 90, 100, 110, 120]), \
        rng.choice([0.5, 1.5, 2, 2.5, 3, 4, 5, 6])
    if rng.random() < 0.3:
        return Story(f"I drive at {s} km/h for {n(t)} hours", "How many miles is that",
                     "the distance in miles", f'result = convert({s} * {n(t)}, "km", "mi")',
                     "That is {v} miles.", "distance_miles")
    return Story(f"A {rng.choice(['boat', 'truck', 'train', 'drone'])} keeps {s} kilometres "
                 f"per hour for {n(t)} hours", "How far does it get", "the distance covered", f"result = {s} * {n(t)}",
                 "That is {v} km.", "distance")


def duration(rng: random.Random) -> Story:
    if rng.random() < 0.5:
        per, total = rng.choice([12, 15, 18, 20, 25, 30, 40]), rng.randrange(100, 900, 10)
        return Story(rng.choice([f"I read {per} pages an hour and the novel has {total} pages",
                                 f"A printer makes {per} copies a minute and I need {total}"]),
                     "How long will it take", "how long it takes", f"result = {total} / {per}",
                     "It takes {v}.", "duration_rate")
    d, s = rng.randrange(20, 1200, 10), rng.choice([40, 50, 60, 80, 90, 100, 120])
    return Story(f"The trip is {d} km and we drive at {s} km/h", "How many hours does it take",
                 "how many hours the trip takes", f"result = {d} / {s}", "It takes {v} hours.",
                 "duration")


def workers(rng: random.Random) -> Story:
    a, b, t = rng.sample([2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 18, 20], 2) + \
        [rng.choice([2, 3, 4, 6, 8, 9, 10, 12, 15, 24])]
    job, unit = rng.choice([("paint a house", "days"), ("harvest a field", "hours"),
                            ("build a wall", "days"), ("pack the orders", "hours")])
    who = rng.choice(["workers", "people", "machines", "volunteers"])
    return Story(f"{say(rng, a).capitalize()} {who} {job} in {say(rng, t)} {unit}",
                 f"At the same pace, how many {unit} would {say(rng, b)} {who} need",
                 f"how many {unit} {say(rng, b)} {who} would need at the same pace",
                 f"result = {a} * {t} / {b}", f"They would need {{v}} {unit}.", "workers")


def recipe(rng: random.Random) -> Story:
    a, b = rng.sample([2, 3, 4, 5, 6, 8, 10, 12], 2)
    amount, unit, what = rng.choice([(rng.randrange(100, 900, 25), "grams", "flour"),
                                     (rng.randrange(50, 600, 10), "ml", "milk"),
                                     (rng.randint(2, 6), "eggs", ""),
                                     (rng.randrange(20, 300, 10), "grams", "sugar")])
    thing = f"{amount} {unit} of {what}" if what else f"{amount} {unit}"
    return Story(f"A recipe for {say(rng, a)} people uses {thing}",
                 f"How much is needed for {say(rng, b)} people",
                 f"how much is needed for {say(rng, b)} people",
                 f"result = {amount} / {a} * {b}", f"You need {{v}} {unit}.", "recipe")


def wage(rng: random.Random) -> Story:
    cur, rate = money(rng), rng.choice([9.5, 11, 12, 12.5, 14, 15, 18, 20, 22.5, 30])
    hours, days = rng.randint(2, 9), rng.randint(2, 6)
    return Story(f"I earn {cur(rate)} an hour and work {say(rng, hours)} hours a day, "
                 f"{say(rng, days)} days a week", "How much do I earn in a week",
                 "what I earn in a week", f"result = {n(rate)} * {hours} * {days}",
                 f"You earn {{v}} {cur.word} a week.", "wage")


def fuel(rng: random.Random) -> Story:
    litres, km = rng.randint(20, 70), rng.randrange(200, 1200, 10)
    if rng.random() < 0.5:
        price, cur = rng.choice([1.45, 1.6, 1.75, 1.89, 2]), money(rng)
        use = rng.choice([5, 6, 6.5, 7, 8, 9.5])
        return Story(f"My car uses {n(use)} litres per 100 km and fuel costs {cur(price)} a "
                     f"litre", f"What does a {km} km trip cost in fuel",
                     f"the fuel cost of a {km} km trip", f"result = {km} / 100 * {n(use)} * "
                     f"{n(price)}", f"It costs {{v}} {cur.word}.", "fuel_cost")
    return Story(f"We used {litres} litres of fuel for {km} km", "How many litres per 100 km "
                 "is that", "the consumption per 100 km", f"result = {litres} / {km} * 100",
                 "That is {v} litres per 100 km.", "fuel")


# ---- compositions: a count changed by several steps, fixed plus variable costs, periods ---

def chain(rng: random.Random) -> Story:
    """Groups of equal size, then one or two changes in order: more groups of the same size,
    some taken away, some given to each of several people, the rest shared out."""
    a, b = rng.randint(2, 12), rng.choice([4, 5, 6, 8, 10, 12, 15, 16, 20, 24, 25, 30, 48])
    (box, boxes), item = rng.choice(BOXES), rng.choice(ITEMS)
    actor, pron, poss, do = rng.choice(ACTORS)
    A, B = say(rng, a), say(rng, b)
    has = conjugate(actor, "have")
    facts = rng.choice([f"{actor} {has} {A} {boxes} of {B} {item}",
                        f"{actor} {has} {A} {boxes} with {B} {item} in each",
                        f"{actor} {conjugate(actor, 'fill')} {A} {boxes}, {B} {item} per {box}",
                        f"{actor} {conjugate(actor, 'buy')} {A} {boxes} of {item}, {B} to a {box}",
                        f"{actor} {conjugate(actor, 'make')} {B} {item} per {box} and "
                        f"{conjugate(actor, 'fill')} {A} {boxes}"])
    expr, total, parts = f"{a} * {b}", a * b, [facts]
    if rng.random() < 0.4:
        k = rng.randint(1, 6)
        more = boxes if k > 1 else box
        parts.append(rng.choice([f"then {pron} {conjugate(pron.capitalize(), 'add')} {say(rng, k)} "
                                 f"more {more} of the same size",
                                 f"later {pron} {conjugate(pron.capitalize(), 'get')} {say(rng, k)} "
                                 f"more {more} like that"]))
        expr, total = f"({a} + {k}) * {b}", (a + k) * b
    r = rng.random()
    if r < 0.35:
        c = rng.randint(1, total - 1)
        parts.append(f"{pron} {conjugate(pron.capitalize(), rng.choice(['sell', 'give away', 'use']))}"
                     f" {c}")
        expr, total = f"{expr} - {c}", total - c
        question = (f"How many {item} are left", f"how many {item} are left")
    elif r < 0.7:
        m = rng.randint(2, 6)
        d = rng.randint(1, max(1, (total - 1) // m))
        who = rng.choice(PEOPLE)
        parts.append(f"{pron} {conjugate(pron.capitalize(), 'give')} {say(rng, d)} {item} to each "
                     f"of {poss} {say(rng, m)} {who}")
        expr, total = f"{expr} - {d} * {m}", total - d * m
        question = (f"How many {item} {do} keep", f"how many {item} {pron} keeps"
                    if pron not in ("I", "we") else f"how many {item} {pron} keep")
    else:
        question = (f"How many {item} are there now" if len(parts) > 1 else
                    f"How many {item} are there in total", f"how many {item} there are")
    if rng.random() < 0.3 and total > 1:
        m = rng.choice([x for x in range(2, 9) if total % x == 0] or [1])
        if m > 1:
            who = rng.choice(PEOPLE)
            shared = "the rest is" if len(parts) > 1 else f"the {item} are"
            parts.append(f"{shared} shared equally among {say(rng, m)} {who}")
            expr = f"({expr}) / {m}"
            question = (f"How many {item} does each one get", f"how many {item} each one gets")
    givens = parts[0] + "".join(
        (". " + p[:1].upper() + p[1:]) if rng.random() < 0.5 else (", and " + p)
        for p in parts[1:])
    return Story(givens, question[0], question[1], f"result = {expr}",
                 f"{{v}} {item}.", "chain" + str(len(parts)))


def fees(rng: random.Random) -> Story:
    """A price per unit or per period plus a one-off amount."""
    cur = money(rng)
    r = rng.random()
    if r < 0.4:
        monthly, fee = rng.choice([9.99, 15, 20, 25, 29, 35, 40, 45, 59]), rng.choice(
            [10, 20, 25, 30, 49, 50, 99])
        what = rng.choice(["A phone plan", "The gym", "A streaming service", "The parking spot",
                           "A language course"])
        k, span = rng.choice([(12, "a year"), (24, "two years"), (6, "six months"),
                              (3, "three months"), (18, "18 months")])
        return Story(rng.choice([f"{what} costs {cur(monthly)} a month plus a one-time fee of "
                                 f"{cur(fee)}", f"{what} charges a {cur(fee)} sign-up fee and "
                                 f"then {cur(monthly)} per month"]),
                     f"What does it cost for {span}", f"what it costs for {span}",
                     f"result = {n(monthly)} * {k} + {fee}", f"It costs {{v}} {cur.word}.",
                     "fee_period")
    if r < 0.7:
        one, many = rng.choice(GOODS)
        price, fee, k = rng.choice([4, 8, 12.5, 15, 20, 35, 45, 60]), rng.choice(
            [2, 3.5, 5, 7, 10]), rng.randint(2, 12)
        return Story(rng.choice([f"{many.capitalize()} are {cur(price)} each, plus one "
                                 f"delivery fee of {cur(fee)} for the whole order",
                                 f"Each {one} costs {cur(price)} and there is a single "
                                 f"{cur(fee)} booking fee"]),
                     f"What do {say(rng, k)} {many} cost", f"what {k} {many} cost",
                     f"result = {n(price)} * {k} + {n(fee)}", f"They cost {{v}} {cur.word}.",
                     "fee_items")
    start, per, d = rng.choice([2.5, 3, 3.9, 4, 5]), rng.choice([1.2, 1.5, 1.8, 2, 2.2, 2.5]), \
        rng.randint(2, 40)
    return Story(f"A taxi charges {cur(start)} to start plus {cur(per)} per km",
                 f"What does a {d} km ride cost", f"the fare for a {d} km ride",
                 f"result = {n(start)} + {n(per)} * {d}", f"It costs {{v}} {cur.word}.",
                 "fee_taxi")


PERIODS = [  # a span in words and the count of a smaller period in it (unambiguous ones)
    ("day", "a week", 7), ("day", "a fortnight", 14), ("day", "the 5 weekdays", 5),
    ("day", "a 30-day month", 30), ("day", "a year", 365), ("week", "a year", 52),
    ("month", "a year", 12), ("hour", "a day", 24), ("minute", "an hour", 60),
    ("week", "{k} weeks", None), ("day", "{k} days", None), ("month", "{k} months", None),
]
HABITS = [("walk", "km"), ("read", "pages"), ("save", "euros"), ("drink", "cups of tea"),
          ("practise", "minutes of piano"), ("cycle", "km"), ("spend", "dollars on snacks"),
          ("write", "pages")]


def per_period(rng: random.Random) -> Story:
    """An amount per period over a longer span, the count of periods left implicit ("a
    week"), sometimes with one extra amount on top."""
    per, span, count = rng.choice(PERIODS)
    if count is None:
        count = rng.randint(2, 12)
        span = span.format(k=say(rng, count))
    verb, unit = rng.choice(HABITS)
    x = rng.choice([2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 45])
    actor = rng.choice(["I", "Sara", "My brother", "We"])
    every = rng.choice([f"every {per}", f"each {per}", f"a {per}", f"per {per}"]).replace(
        "a hour", "an hour")
    subject = {"I": "I", "We": "we"}.get(actor, "she" if actor == "Sara" else "he")
    facts = f"{actor} {conjugate(subject.capitalize(), verb)} {x} {unit} {every}"
    doc = {"I": "do I", "We": "do we"}.get(actor, "does " + ("she" if actor == "Sara" else "he"))
    code = f"result = {x} * {count}"
    if span == "the 5 weekdays" and rng.random() < 0.6:
        extra = rng.choice([5, 8, 10, 12, 15, 20])
        facts = f"{facts} on the 5 weekdays and {extra} {unit} on Saturday"
        span, code = "that week", f"result = {x} * 5 + {extra}"
    on = "on" if span.startswith("the 5") else "in"
    question = f"How many {unit} {doc} {verb} {on} {span}"
    embedded = f"how many {unit} {subject} {conjugate(subject.capitalize(), verb)} {on} {span}"
    return Story(facts, question, embedded, code, f"That is {{v}} {unit}.", "per_period")


def coverage(rng: random.Random) -> Story:
    """An amount per 100 units or per area, scaled to what is needed."""
    if rng.random() < 0.5:
        use, d = rng.choice([4.5, 5, 6, 6.5, 7, 8, 9.5]), rng.randrange(50, 1200, 10)
        thing = rng.choice(["A car", "My van", "The motorbike", "Our camper"])
        return Story(f"{thing} uses {n(use)} litres of fuel per 100 km",
                     f"How much fuel does it need for {d} km",
                     f"how much fuel it needs for {d} km", f"result = {d} / 100 * {n(use)}",
                     "It needs {v} litres.", "per_hundred")
    per, w, h, coats = rng.choice([8, 10, 12, 15]), rng.randint(2, 8), rng.randint(2, 4), \
        rng.choice([1, 2, 3])
    times = {1: "", 2: " twice", 3: " three times"}[coats]
    code = f"result = {w} * {h} * {coats} / {per}" if coats > 1 else f"result = {w} * {h} / {per}"
    return Story(f"One litre of paint covers {per} square metres",
                 f"How many litres do I need to paint a {w} by {h} metre wall{times}",
                 f"how many litres a {w} by {h} metre wall{times} needs", code,
                 "You need {v} litres.", "paint")


# ---- chains of rates and stocks with flows: four or five numbers in one problem ------------

def _join(rng: random.Random, facts: list[str]) -> str:
    """Facts in a random order, as one or two sentences."""
    facts = facts[:]
    rng.shuffle(facts)
    if len(facts) == 1:
        return facts[0]
    if len(facts) > 2 and rng.random() < 0.5:
        k = rng.randint(1, len(facts) - 1)
        return (", ".join(facts[:k]) + ". " + cap(", ".join(facts[k:-1]) + (
            " and " if k < len(facts) - 1 else "") + facts[-1])).replace(". , ", ". ")
    return ", ".join(facts[:-1]) + " and " + facts[-1]


def rate_chain(rng: random.Random) -> Story:
    """A quantity per period, a count of periods, an amount used per unit (per 100 km, per
    1000 litres, per kWh) and a price: the total used or what it costs."""
    cur, priced = money(rng), rng.random() < 0.65
    r = rng.random()
    if r < 0.25:
        d, k = rng.randrange(8, 90, 2), rng.randint(4, 26)
        use, price = rng.choice([4.5, 5, 5.5, 6, 6.5, 7, 8]), rng.choice([1.55, 1.7, 1.8, 1.9])
        facts = [rng.choice([f"I drive {d} km a day", f"my commute is {d} km a day there and "
                             "back", f"I cover {d} km each day"]) + f" on {say(rng, k)} days",
                 rng.choice([f"my car uses {n(use)} litres per 100 km",
                             f"the car burns {n(use)} litres of fuel every 100 km"])]
        code = f"{d} * {k} / 100 * {n(use)}"
        if priced:
            facts.append(rng.choice([f"petrol costs {cur(price)} a litre",
                                     f"fuel is {cur(price)} per litre"]))
            return Story(_join(rng, facts), "What does the fuel cost me",
                         "what the fuel costs me", f"result = {code} * {n(price)}",
                         f"The fuel costs {{v}} {cur.word}.", "rate_fuel",
                         OwnForm("What will my driving cost me in fuel this month",
                             "what my driving costs me in fuel this month",
                             ("How many km do you drive a day, on how many days, how much fuel "
                              "does your car use per 100 km and what does a litre cost?",
                              "What distance do you drive daily, on how many days, what is your "
                              "car's consumption and the fuel price?"),
                             ("km", "drive", "distance", "fuel", "consumption")))
        return Story(_join(rng, facts), "How many litres of fuel do I use",
                     "how many litres of fuel I use", f"result = {code}",
                     "You use {v} litres.", "rate_fuel_litres")
    if r < 0.5:
        hours, days = rng.randint(2, 10), rng.choice([5, 7, 10, 14, 20, 30, 31])
        price = rng.choice([0.25, 0.28, 0.3, 0.32, 0.35, 0.4])
        thing = rng.choice(["heater", "air conditioner", "oven", "pump", "dehumidifier"])
        if rng.random() < 0.5:
            kw = rng.choice([0.5, 0.8, 1, 1.2, 1.5, 2, 2.5, 3])
            power, code = f"{n(kw)} kW", f"{n(kw)} * {hours} * {days}"
        else:
            w = rng.choice([60, 100, 150, 400, 750, 800, 1200, 1500, 2000])
            power, code = f"{w} watts", f"{w} / 1000 * {hours} * {days}"
        facts = [f"my {thing} uses {power}", f"it runs {say(rng, hours)} hours a day for "
                 f"{days} days"]
        if priced:
            facts.append(rng.choice([f"electricity costs {cur(price)} per kWh",
                                     f"a kWh costs {cur(price)}"]))
            return Story(_join(rng, facts), f"What does running the {thing} cost",
                         f"what running the {thing} costs", f"result = {code} * {n(price)}",
                         f"It costs {{v}} {cur.word}.", "rate_power",
                         OwnForm(f"How much does my {thing} cost me in electricity",
                             f"what my {thing} costs me in electricity",
                             (f"How much power does your {thing} use, how many hours a day and "
                              "for how many days does it run, and what does a kWh cost?",),
                             ("power", "watt", "kw", "hours", "electricity")))
        return Story(_join(rng, facts), "How many kWh does it use",
                     "how many kWh it uses", f"result = {code}", "It uses {v} kWh.",
                     "rate_kwh")
    if r < 0.7:
        lpm, mins, days = rng.randint(6, 14), rng.randint(4, 15), rng.choice([7, 14, 30, 31])
        price = rng.choice([1.5, 2, 2.5, 3, 3.5, 4.2])
        facts = [f"my shower uses {lpm} litres a minute", f"I shower {say(rng, mins)} minutes "
                 f"a day for {days} days"]
        code = f"{lpm} * {mins} * {days}"
        if priced:
            facts.append(f"water costs {cur(price)} per 1000 litres")
            return Story(_join(rng, facts), "What does the shower water cost",
                         "what the shower water costs", f"result = {code} / 1000 * {n(price)}",
                         f"It costs {{v}} {cur.word}.", "rate_water",
                         OwnForm("What does my showering cost in water",
                             "what my showering costs in water",
                             ("How many litres a minute does your shower use, how long do you "
                              "shower, on how many days, and what does water cost?",),
                             ("shower", "litres", "minute", "water")))
        return Story(_join(rng, facts), "How many litres is that", "how many litres that is",
                     f"result = {code}", "That is {v} litres.", "rate_litres")
    if r < 0.85:
        pets, grams, days = rng.randint(2, 5), rng.randrange(40, 130, 5), rng.choice(
            [7, 10, 14, 28, 30])
        animal = rng.choice(["cats", "dogs", "rabbits", "hens"])
        bag, price = rng.choice([2, 2.5, 5, 10]), rng.choice([6, 8.5, 12, 15, 24, 30])
        facts = [f"each of my {say(rng, pets)} {animal} eats {grams} grams of food a day"]
        code = f"{pets} * {grams} * {days} / 1000"
        if priced:
            facts.append(f"a {n(bag)} kg bag costs {cur(price)}")
            return Story(_join(rng, facts), f"What does their food cost for {days} days",
                         f"what their food costs for {days} days",
                         f"result = {code} / {n(bag)} * {n(price)}",
                         f"It costs {{v}} {cur.word}.", "rate_food")
        return Story(_join(rng, facts), f"How many kg of food do they eat in {days} days",
                     f"how many kg of food they eat in {days} days", f"result = {code}",
                     "They eat {v} kg.", "rate_food_kg")
    rate, hours, days, weeks = rng.choice([11, 12.5, 14, 16, 18, 22, 25]), rng.randint(3, 8), \
        rng.randint(2, 6), rng.randint(2, 12)
    facts = [f"I earn {cur(rate)} an hour", f"I work {say(rng, hours)} hours a day",
             f"I work {say(rng, days)} days a week"]
    code = f"{n(rate)} * {hours} * {days} * {weeks}"
    if priced:
        tax = rng.choice([10, 15, 20, 25, 30])
        facts.append(f"{tax}% goes to tax")
        return Story(_join(rng, facts), f"What do I keep after tax in {weeks} weeks",
                     f"what I keep after tax in {weeks} weeks",
                     f"result = {code} * (1 - {tax} / 100)", f"You keep {{v}} {cur.word}.",
                     "rate_pay_net")
    return Story(_join(rng, facts), f"What do I earn in {weeks} weeks",
                 f"what I earn in {weeks} weeks", f"result = {code}",
                 f"You earn {{v}} {cur.word}.", "rate_pay")


FLOWS = [  # (start as words, what comes in, what goes out, period, the thing, an own form)
    ("The library has {S} books on its shelves", "each {p} it gets {a} back",
     "it lends out {b}", "day", "books", None),
    ("A tank holds {S} litres of water", "{a} litres flow in every {p}", "{b} litres flow out",
     "hour", "litres", None),
    ("I have {S} in savings", "each {p} I put in {a}", "I take out {b}", "month", "money",
     ("my savings", "How much do you have saved now, and how much do you put in and take out "
      "each month?", ("saved", "savings", "put in", "take out", "month"))),
    ("The shop has {S} bags of flour in stock", "each {p} {a} are delivered", "{b} are sold",
     "week", "bags", None),
    ("My channel has {S} subscribers", "it gains {a} every {p}", "it loses {b}", "week",
     "subscribers", None),
    ("The warehouse holds {S} boxes", "{a} boxes arrive each {p}", "{b} are shipped", "day",
     "boxes", None),
]


def stock_flow(rng: random.Random) -> Story:
    """A starting amount with something coming in and going out each period: what is left
    after some periods, or how many periods until it runs out."""
    start, comes, goes, per, thing, own = rng.choice(FLOWS)
    cur = money(rng)
    show = cur if thing == "money" else (lambda x: n(x))
    a, b = rng.randrange(5, 200, 5), rng.randrange(5, 200, 5)
    while a == b:
        b = rng.randrange(5, 200, 5)
    word = cur.word if thing == "money" else thing  # type: ignore[attr-defined]
    if b > a and rng.random() < 0.4:  # runs out
        k = rng.randint(3, 30)
        s = (b - a) * k
        until = {"money": "the savings are gone", "litres": "the tank is empty"}.get(
            thing, "none are left")
        code, question = f"{s} / ({b} - {a})", f"How many {per}s until {until}"
        embedded, answer, family = f"how many {per}s until {until}", \
            f"After {{v}} {per}s.", "flow_empty"
    else:
        k = rng.randint(2, 20)
        s = rng.randrange(max(100, (b - a) * k + 50), max(200, (b - a) * k + 50) + 2000, 10)
        code = f"{s} + ({a} - {b}) * {k}" if a > b else f"{s} - ({b} - {a}) * {k}"
        left = "is left" if thing == "money" else "are there"
        question = (f"How much {left} after {say(rng, k)} {per}s" if thing == "money" else
                    f"How many {thing} {left} after {say(rng, k)} {per}s")
        embedded = question[0].lower() + question[1:]
        answer, family = f"{{v}} {word}.", "flow_after"
    facts = [start.format(S=show(s) if thing == "money" else big(rng, s)),
             comes.format(a=show(a), p=per) + " and " + goes.format(b=show(b))]
    mine = None
    if own is not None and family == "flow_after":
        noun, ask, keys = own
        mine = OwnForm(f"How much will {noun} be after {k} {per}s",
                   f"how much {noun} will be after {k} {per}s", (ask,), keys)
    return Story(". ".join(cap(f) for f in facts), question, embedded, f"result = {code}",
                 answer, family, mine)


# ---- powers, growth and plain arithmetic -------------------------------------------------

def growth(rng: random.Random) -> Story:
    r = rng.random()
    if r < 0.35:
        start, k = rng.choice([10, 50, 100, 200, 300, 500, 1000]), rng.randint(2, 10)
        return Story(f"A culture starts with {start} bacteria and doubles every hour",
                     f"How many are there after {say(rng, k)} hours",
                     f"how many there are after {say(rng, k)} hours",
                     f"result = {start} * 2 ** {k}", "There are {v}.", "doubling")
    if r < 0.55:
        start, k = rng.choice([80, 100, 200, 400, 640, 1000]), rng.randint(2, 6)
        return Story(f"A sample of {start} grams loses half its mass every day",
                     f"How much is left after {say(rng, k)} days",
                     f"how much is left after {say(rng, k)} days",
                     f"result = {start} / 2 ** {k}", "{v} grams are left.", "halving")
    start, p, years = rng.randrange(1000, 20000, 500), rng.choice([2, 3, 4, 5, 6, 8]), \
        rng.randint(2, 12)
    cur = money(rng)
    return Story(rng.choice([f"I put {cur(start)} in an account paying {p}% interest a year",
                             f"A town of {big(rng, start)} people grows by {p}% each year"]),
                 f"What is it after {say(rng, years)} years",
                 f"the amount after {say(rng, years)} years",
                 f"result = {start} * (1 + {p} / 100) ** {years}", "After that it is {v}.",
                 "compound")


def powers(rng: random.Random) -> Story:
    r = rng.random()
    a, b = rng.randint(2, 25), rng.randint(2, 40) ** 2
    if r < 0.25:
        k = rng.randint(2, 6)
        return Story("", f"What is {a} to the power of {k}", f"{a} to the power {k}",
                     f"result = {a} ** {k}", "It is {v}.", "power")
    if r < 0.5:
        return Story(f"A square plot has an area of {big(rng, b)} square metres",
                     "How long is one side", "the length of one side",
                     f"result = sqrt({b})", "One side is {v} metres.", "square_root")
    if r < 0.7:
        c = rng.randint(2, 12) ** 3
        return Story(f"A cube holds {big(rng, c)} cubic centimetres", "How long is each edge",
                     "the length of each edge", f"result = {c} ** (1 / 3)",
                     "Each edge is {v} cm.", "cube_root")
    return Story("", f"What is the cube of {a} minus the square root of {big(rng, b)}",
                 f"the cube of {a} minus the square root of {big(rng, b)}",
                 f"result = {a} ** 3 - sqrt({b})", "The result is {v}.",
                 "power_root")


def stats(rng: random.Random) -> Story:
    xs = [rng.randint(10, 100) for _ in range(rng.randint(3, 6))]
    listed = ", ".join(map(str, xs[:-1])) + " and " + str(xs[-1])
    what = rng.choice(["my test scores", "the daily temperatures", "the players' ages",
                       "my running times in minutes", "the parcel weights in kg"])
    r = rng.random()
    if r < 0.6:
        return Story(f"{what.capitalize()} were {listed}", "What is the average",
                     "the average", f"result = ({' + '.join(map(str, xs))}) / {len(xs)}",
                     "The average is {v}.", "mean")
    if r < 0.8:
        return Story(f"{what.capitalize()} were {listed}", "What is the total", "the total",
                     f"result = {' + '.join(map(str, xs))}", "The total is {v}.", "sum")
    return Story(f"{what.capitalize()} were {listed}",
                 "What is the difference between the highest and the lowest",
                 "the range from lowest to highest", f"result = {max(xs)} - {min(xs)}",
                 "The difference is {v}.", "range")


def shapes(rng: random.Random) -> Story:
    a, b, c = rng.randint(2, 40), rng.randint(2, 40), rng.randint(2, 20)
    r = rng.random()
    if r < 0.3:
        return Story(f"A room is {a} m long and {b} m wide", "What is its floor area",
                     "its floor area", f"result = {a} * {b}", "The area is {v} square metres.",
                     "area")
    if r < 0.5:
        return Story(f"A garden is {a} metres by {b} metres", "How much fence goes around it",
                     "the length of fence around it", f"result = 2 * ({a} + {b})",
                     "It needs {v} metres of fence.", "perimeter")
    if r < 0.6:
        side = rng.randint(3, 90)
        if rng.random() < 0.5:
            return Story(f"A square {rng.choice(['field', 'yard', 'tile', 'garden'])} has sides "
                         f"of {side} metres", "How long is the fence that goes all the way "
                         "around it", "the length of fence all the way around it",
                         f"result = 4 * {side}", "It needs {v} metres of fence.",
                         "square_perimeter")
        return Story(f"A square room measures {side} m on each side", "What is its area",
                     "its area", f"result = {side} ** 2", "The area is {v} square metres.",
                     "square_area")
    if r < 0.75:
        return Story(f"A box is {a} cm long, {b} cm wide and {c} cm high",
                     "What is its volume", "its volume", f"result = {a} * {b} * {c}",
                     "The volume is {v} cubic centimetres.", "volume")
    return Story(f"A round table has a radius of {c} dm", "What is its area",
                 "the area of the table top", f"result = pi * {c} ** 2",
                 "The area is {v} square decimetres.", "circle")


def years(rng: random.Random) -> Story:
    born, later = rng.randint(1930, 2015), rng.randint(2026, 2070)
    r = rng.random()
    if r < 0.4:
        return Story(rng.choice([f"I was born in {born}", f"My father was born in {born}"]),
                     f"How old will that be in {later}", f"the age in {later}",
                     f"result = {later} - {born}", "The age is {v}.", "age")
    if r < 0.7:
        k = rng.choice([18, 21, 30, 40, 50, 65, 75, 100])
        return Story(f"My grandmother was born in {born}", f"In what year does she turn {k}",
                     f"the year she turns {k}", f"result = {born} + {k}", "In {v}.",
                     "turns_age")
    h, m = rng.randint(1, 9), rng.randint(1, 59)
    return Story(f"The flight lasts {say(rng, h)} hours and {m} minutes",
                 "How many minutes is that", "how many minutes that is",
                 f"result = {h} * 60 + {m}", "That is {v} minutes.", "minutes")


# ---- unit conversions --------------------------------------------------------------------

SPOKEN = {  # unit -> ways to write it in a sentence (plural)
    "km": ["km", "kilometres", "kilometers"], "mi": ["miles", "mi"], "m": ["metres", "m",
    "meters"], "ft": ["feet", "ft"], "in": ["inches"], "cm": ["centimetres", "cm"],
    "yd": ["yards", "yd"], "mm": ["millimetres", "mm"], "nmi": ["nautical miles"],
    "kg": ["kg", "kilograms", "kilos"], "lb": ["pounds", "lb", "lbs"], "g": ["grams", "g"],
    "oz": ["ounces", "oz"], "st": ["stone"], "t": ["tonnes", "metric tons"],
    "l": ["litres", "liters", "L"], "gal": ["US gallons", "gallons", "gal"],
    "ml": ["millilitres", "ml"], "fl oz": ["US fluid ounces", "fl oz"], "cup": ["cups"],
    "pt": ["US pints", "pints"], "m2": ["square metres", "m²", "sq m"],
    "ft2": ["square feet", "sq ft", "ft²"], "km2": ["square kilometres", "km²"],
    "mi2": ["square miles", "sq mi"], "ha": ["hectares", "ha"], "acre": ["acres"],
    "km/h": ["km/h", "kilometres per hour"], "mph": ["mph", "miles per hour"],
    "m/s": ["m/s", "metres per second"], "knot": ["knots"],
    "C": ["°C", "degrees Celsius", "Celsius"], "F": ["°F", "degrees Fahrenheit", "Fahrenheit"],
    "K": ["kelvin"], "s": ["seconds"], "min": ["minutes", "min"], "h": ["hours", "h"],
    "day": ["days"],
    "week": ["weeks"],
}
PAIRS = {  # dimension -> (units people convert between, value range, situations)
    "length": (["km", "mi", "m", "ft", "in", "cm", "yd", "mm", "nmi"], (1, 2000),
               ["The trail is {x} long", "The bridge spans {x}", "The rope measures {x}"]),
    "mass": (["kg", "lb", "g", "oz", "st", "t"], (1, 500),
             ["My suitcase weighs {x}", "The parcel weighs {x}", "The recipe needs {x} of "
              "butter"]),
    "volume": (["l", "gal", "ml", "fl oz", "cup", "pt"], (1, 300),
               ["The tank holds {x}", "The bottle contains {x}", "The pot takes {x} of water"]),
    "area": (["m2", "ft2", "km2", "mi2", "ha", "acre"], (1, 5000),
             ["Our flat is {x}", "The farm covers {x}", "The park has an area of {x}"]),
    "speed": (["km/h", "mph", "m/s", "knot"], (5, 300),
              ["The speed limit is {x}", "The wind blows at {x}", "The boat sails at {x}"]),
    "temperature": (["C", "F", "K"], (-40, 250),
                    ["The oven is set to {x}", "It is {x} outside", "The water is at {x}"]),
    "time": (["s", "min", "h", "day", "week"], (2, 1000),
             ["The project took {x}", "The journey lasts {x}", "The battery runs for {x}"]),
}
ASK_UNIT = ["How many {B} is that", "What is that in {B}", "How much is that in {B}"]
TEMPERATURE_ASK = ["What is that in {B}", "How many {B} is that"]


def _quantity(rng: random.Random, dim: str) -> float:
    lo, hi = PAIRS[dim][1]
    x = rng.uniform(lo, hi) if rng.random() < 0.3 else rng.randint(lo, hi)
    return round(x, 1) if x != int(x) else x


def conversion(rng: random.Random) -> Story:
    if rng.random() < 0.12:
        return compound_conversion(rng)
    dim = rng.choices(list(PAIRS), [4, 3, 3, 2, 2, 2, 1])[0]
    src, dst = rng.sample(PAIRS[dim][0], 2)
    x = _quantity(rng, dim)
    A, B = rng.choice(SPOKEN[src]), rng.choice(SPOKEN[dst])
    xs = f"{n(x)} {A}" if not A.startswith("°") else f"{n(x)}{A}"
    code = f'result = convert({n(x)}, "{src}", "{dst}")'
    answer = f"{xs} is {{v}} {B}."
    if rng.random() < 0.5:
        situation = rng.choice(PAIRS[dim][2]).format(x=xs)
        ask = rng.choice(TEMPERATURE_ASK if dim == "temperature" else ASK_UNIT).format(B=B)
        return Story(situation, ask, f"what that is in {B}", code, answer, f"convert_{dim}")
    return Story("", rng.choice([f"How many {B} is {xs}", f"What is {xs} in {B}"]),
                 rng.choice([f"{xs} in {B}", f"how many {B} {xs} is"]),
                 code, answer, f"convert_{dim}")


def compound_conversion(rng: random.Random) -> Story:
    if rng.random() < 0.6:
        a, b = rng.randint(4, 6), rng.randint(1, 11)
        return Story(rng.choice([f"I am {say(rng, a)} feet {say(rng, b)} inches tall",
                                 f"The door is {a} ft {b} in high"]),
                     "How much is that in centimetres", "that height in centimetres",
                     f'result = convert({a}, "ft", "cm") + convert({b}, "in", "cm")',
                     "That is {v} cm.", "convert_compound")
    a, b = rng.randint(2, 12), rng.randint(1, 15)
    return Story(f"The baby weighs {say(rng, a)} pounds {say(rng, b)} ounces",
                 "What is that in kilograms", "that weight in kilograms",
                 f'result = convert({a}, "lb", "kg") + convert({b}, "oz", "kg")',
                 "That is {v} kg.", "convert_compound")


FAMILIES: dict[str, tuple[Callable[[random.Random], Story], float]] = {
    f.__name__: (f, w) for f, w in (
        (groups, 3), (total_cost, 3), (unit_price, 1), (budget, 1), (split_bill, 1.5),
        (percent_of, 1.5), (share_percent, 1), (price_change, 3), (percent_change, 1),
        (speed, 2), (distance, 1.5), (duration, 1.5), (workers, 1), (recipe, 1.5), (wage, 1),
        (fuel, 1), (growth, 2), (powers, 2), (stats, 2), (shapes, 2), (years, 1.5),
        (conversion, 6), (chain, 3), (fees, 1.5), (per_period, 2), (coverage, 1),
        (rate_chain, 3), (stock_flow, 2.5))} | RELATIONS


# ---- putting facts and question together --------------------------------------------------

FRAMES = {
    "plain": ["{G}. {Q}?", "{G}. {Q}?", "{G}, {q}?", "If {g}, {q}?", "{Q} if {g}?",
              "{G} - {q}?"],
    "imperative": ["{G}. Work out {E}.", "{G}. Calculate {E}.", "{G}. Tell me {E}.",
                   "Work out {E}: {g}.", "{G}. Find {E}, please.", "{G}. Figure out {E}."],
    "polite": ["{G}. Can you tell me {E}?", "{G}. Could you work out {E}?",
               "{G}. Do you know {E}?"],
    "need": ["{G}. I need to know {E}.", "{G}. I'd like to know {E}.",
             "I'm trying to work out {E}: {g}."],
}
HELD_OUT_FRAMES = "need"
DIRECT = {"plain": ["{Q}?"], "imperative": ["Work out {E}.", "Tell me {E}.", "Calculate {E}."],
          "polite": ["Can you tell me {E}?", "Could you work out {E}?"],
          "need": ["I need to know {E}.", "I'd like to know {E}."]}
FILLER = [("Hi! ", ""), ("Quick question: ", ""), ("", " Thanks!"), ("Help me with this: ", ""),
          ("", " Thank you."), ("Maths question. ", "")]
LOWER_FIRST = {"A", "An", "The", "My", "Our", "There", "Each", "We", "Dinner", "Take", "Start",
               "One", "Tickets"}


def _lower(text: str) -> str:
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if first in LOWER_FIRST else text



def compose(rng: random.Random, *, held_out: bool = False,
            family: str | None = None) -> tuple[str, Story]:
    """One word problem; `held_out` draws only the held-out frames (test_phrasings)."""
    names = list(FAMILIES)
    maker = FAMILIES[family][0] if family else FAMILIES[rng.choices(
        names, [FAMILIES[f][1] for f in names])[0]][0]
    story = maker(rng)
    kinds = [HELD_OUT_FRAMES] if held_out else [k for k in FRAMES if k != HELD_OUT_FRAMES]
    frames = FRAMES if story.givens else DIRECT
    template = rng.choice(frames[rng.choices(kinds, [3, 2, 1][:len(kinds)])[0]])
    text = template.format(G=cap(story.givens), g=_lower(story.givens), Q=story.question,
                           q=_lower(story.question[:1].lower() + story.question[1:]),
                           E=story.embedded)
    text = cap(text)
    if not held_out and rng.random() < 0.15:
        before, after = rng.choice(FILLER)
        text = before + text + after
    return text, story
