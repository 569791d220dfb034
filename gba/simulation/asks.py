"""Requests that need the user's own numbers, composed from quantities and operations.

Only the user knows their rent, salary, weight, commute or birth year, so a request about
"my rent" must be answered by asking (the `ask_user` tool), never by a search. A request here
is one or two such *quantities* (`OWN`: what the planner asks, the words that answer it, how
the user replies, a range to draw from, a unit and a period), an *operation* on them (a
yearly or monthly total, a percentage up or down or of it, a share, a goal reached by saving,
a difference, a unit conversion, an age, the amount per period over another span such as
"my nightly sleep" in a fortnight (`SPANS`: only spans with one plain reading), or a formula
over two quantities such as an hourly wage or a fuel cost) with any further numbers written
in the request, and a frame from
gba.simulation.phrasing. The program's code uses the user's replies and the request's
numbers only (the calculator's grounding rule), and the answer states the value with its
unit.

Held out for `test_phrasings`: each operation's last wording and the "need" frames.

Leaves out: values the user gives in the request itself (those are word problems,
gba.simulation.stories), currencies converted into one another, and dates (a birth date is
asked as a year).

>>> import random
>>> req = compose(random.Random(2))
>>> req.code.startswith("result = "), all(a.key in OWN for a in req.asks), "{v}" in req.answer
(True, True, True)
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from gba.simulation.phrasing import frame, say
from gba.simulation.story_kit import evaluate, money, n


@dataclass(frozen=True)
class Own:
    """A value only the user knows. `says` and `known` hold {v}, the value as the user puts
    it (with the currency, for money)."""

    key: str
    nouns: tuple[str, ...]  # how the request names it: "my rent"
    questions: tuple[str, ...]  # what the planner asks
    keywords: tuple[str, ...]  # words in a question that this value answers
    says: str  # the user's reply
    known: str  # the fact as the planner summarizes it
    draw: tuple[float, float, float]  # low, high, step
    unit: str  # "money" or the unit's word: "km", "kg", "steps"
    per: str | None = None  # "day", "week", "month", "year", "hour"
    how: tuple[tuple[str, str], ...] = ()  # first-person stems asking for an amount of it
    # over a span, as a question and embedded: ("How much rent do I pay", "how much rent I
    # pay") + " in a year"; a request need not name the quantity as `nouns` does


OWN: dict[str, Own] = {o.key: o for o in (
    Own("rent", ("my rent", "my monthly rent", "the rent I pay"),
        ("How much is your monthly rent?", "What rent do you pay per month?"), ("rent",),
        "My rent is {v} a month.", "the user's rent is {v} a month", (400, 3000, 50), "money",
        "month",
        how=(("How much rent do I pay", "how much rent I pay"),
             ("What do I pay in rent", "what I pay in rent"))),
    Own("salary", ("my salary", "my yearly salary", "my annual pay"),
        ("What is your yearly salary?", "How much do you earn per year?"),
        ("salary", "earn", "income", "annual pay"), "I earn {v} a year.",
        "the user earns {v} a year", (20000, 150000, 1000), "money", "year",
        how=(("How much do I earn", "how much I earn"), ("What do I make", "what I make"))),
    Own("electricity", ("my electricity bill", "my monthly power bill"),
        ("How much is your monthly electricity bill?",
         "What do you pay for electricity each month?"), ("electricity", "power", "bill"),
        "It's {v} a month.", "the user's electricity bill is {v} a month", (30, 250, 5),
        "money", "month",
        how=(("How much do I pay for electricity", "how much I pay for electricity"),
             ("What does my power cost me", "what my power costs me"))),
    Own("phone", ("my phone bill", "my mobile plan"),
        ("How much is your phone bill each month?", "What does your mobile plan cost monthly?"),
        ("phone", "mobile"), "I pay {v} a month.", "the user's phone bill is {v} a month",
        (10, 90, 1), "money", "month",
        how=(("How much do I pay for my phone", "how much I pay for my phone"),
             ("What does my mobile cost me", "what my mobile costs me"))),
    Own("groceries", ("my grocery bill", "my weekly food shopping"),
        ("How much do you spend on groceries each week?", "What is your weekly grocery bill?"),
        ("grocer", "food", "shopping"), "About {v} a week.",
        "the user spends {v} a week on groceries", (40, 300, 5), "money", "week",
        how=(("How much do I spend on groceries", "how much I spend on groceries"),
             ("What does my food shopping cost", "what my food shopping costs"))),
    Own("savings", ("my monthly savings", "the amount I save each month"),
        ("How much do you save each month?", "How much do you put aside monthly?"),
        ("save each", "put aside"), "I save {v} a month.",
        "the user saves {v} a month", (50, 1500, 25), "money", "month",
        how=(("How much do I save", "how much I save"),
             ("How much do I put away", "how much I put away"))),
    Own("balance", ("my savings", "the money in my savings account"),
        ("How much money do you have saved?", "What is the balance of your savings account?"),
        ("have saved", "balance", "account"), "I have {v} saved.", "the user has {v} saved",
        (500, 30000, 100), "money"),
    Own("coffee", ("my daily coffee spending", "my coffee budget per day"),
        ("How much do you spend on coffee per day?", "What does your coffee cost you a day?"),
        ("coffee",), "About {v} a day.", "the user spends {v} a day on coffee", (2, 12, 0.5),
        "money", "day",
        how=(("How much do I spend on coffee", "how much I spend on coffee"),
             ("What do my coffees cost me", "what my coffees cost me"))),
    Own("wage", ("my hourly wage", "my pay per hour"),
        ("What is your hourly wage?", "How much do you make per hour of work?"),
        ("hourly", "wage", "per hour of"), "I make {v} an hour.", "the user earns {v} an hour",
        (12, 60, 0.5), "money", "hour"),
    Own("loan", ("my loan", "my outstanding loan"),
        ("How much is your loan?", "How much do you still owe?"), ("loan", "owe", "debt"),
        "I owe {v}.", "the user owes {v}", (1000, 50000, 500), "money"),
    Own("commute", ("my daily commute", "the distance I drive to work each day"),
        ("How many kilometres do you commute each day?",
         "How far do you travel to work per day, in km?"), ("commute", "travel to work"),
        "{v} km a day.", "the user commutes {v} km a day", (3, 80, 1), "km", "day",
        how=(("How far do I commute", "how far I commute"),
             ("How many kilometres do I drive to work", "how many kilometres I drive to work"))),
    Own("trip", ("my trip", "the drive I am planning"),
        ("How long is your trip in kilometres?", "How far is the drive, in km?"),
        ("trip", "far", "distance", "drive"), "It's {v} km.", "the trip is {v} km",
        (50, 1500, 10), "km"),
    Own("weight", ("my weight", "my body weight"),
        ("How much do you weigh in kilograms?", "What is your weight in kg?"),
        ("weigh", "kg"), "I weigh {v} kg.", "the user weighs {v} kg", (45, 120, 1), "kg"),
    Own("height", ("my height",),
        ("How tall are you in centimetres?", "What is your height in cm?"),
        ("tall", "height"), "I am {v} cm tall.", "the user is {v} cm tall", (150, 200, 1),
        "cm"),
    Own("age", ("my age",), ("How old are you?", "What is your age?"), ("old", "age"),
        "I am {v}.", "the user is {v} years old", (16, 80, 1), "years"),
    Own("birth_year", ("the year I was born",), ("What year were you born?",
                                                  "In which year were you born?"),
        ("born", "birth"), "I was born in {v}.", "the user was born in {v}", (1940, 2010, 1),
        "year"),
    Own("hours", ("the hours I work each week", "my weekly working hours"),
        ("How many hours do you work per week?", "How many hours a week do you work?"),
        ("hours do you work", "hours a week"), "I work {v} hours a week.",
        "the user works {v} hours a week", (15, 50, 1), "hours", "week",
        how=(("How many hours do I work", "how many hours I work"),
             ("How long do I spend at work", "how long I spend at work"))),
    Own("steps", ("my daily step count", "the steps I walk each day"),
        ("How many steps do you walk per day?", "What is your daily step count?"),
        ("steps", "step count", "walk"), "About {v} steps a day.", "the user walks {v} steps a day",
        (2000, 15000, 500), "steps", "day",
        how=(("How many steps do I walk", "how many steps I walk"),
             ("How many steps do I take", "how many steps I take"))),
    Own("sleep", ("my sleep each night", "my nightly sleep"),
        ("How many hours do you sleep per night?", "How long do you sleep each night?"),
        ("sleep",), "{v} hours a night.", "the user sleeps {v} hours a night", (5, 9, 0.5),
        "hours", "day",
        how=(("How many hours do I sleep", "how many hours I sleep"),
             ("How long do I sleep", "how long I sleep"))),
    Own("screen", ("my daily screen time", "the hours I spend on my phone each day"),
        ("How many hours a day do you spend on screens?",
         "What is your daily screen time in hours?"), ("screen",), "{v} hours a day.",
        "the user spends {v} hours a day on screens", (1, 9, 0.5), "hours", "day",
        how=(("How many hours do I spend on screens", "how many hours I spend on screens"),
             ("How long am I on my phone", "how long I am on my phone"))),
    Own("lunch", ("my lunch spending", "what I pay for lunch each day"),
        ("How much do you spend on lunch each day?", "What does your lunch cost per day?"),
        ("lunch",), "Around {v} a day.", "the user spends {v} a day on lunch", (4, 20, 0.5),
        "money", "day",
        how=(("How much do I spend on lunch", "how much I spend on lunch"),
             ("What do my lunches cost me", "what my lunches cost me"))),
    Own("kwh", ("my monthly electricity use", "the kWh I use each month"),
        ("How many kWh of electricity do you use per month?",
         "What is your monthly power consumption in kWh?"), ("kwh",),
        "{v} kWh a month.", "the user uses {v} kWh a month", (120, 600, 10), "kWh", "month",
        how=(("How many kWh do I use", "how many kWh I use"),
             ("How much electricity do I use", "how much electricity I use"))),
    Own("fuel", ("my car's fuel consumption", "what my car burns per 100 km"),
        ("How many litres does your car use per 100 km?",
         "What is your car's fuel consumption in litres per 100 km?"),
        ("litre", "liter", "fuel", "consumption"), "{v} litres per 100 km.",
        "the user's car uses {v} litres per 100 km", (4, 11, 0.5), "litres per 100 km"),
    Own("flat", ("my flat", "my apartment"),
        ("How big is your flat in square metres?", "What is the floor area of your home in m²?"),
        ("big", "floor area", "square metres"), "It's {v} square metres.",
        "the flat is {v} square metres", (25, 160, 1), "square metres"),
    Own("pages", ("my book", "the novel I am reading"),
        ("How many pages does your book have?", "How long is your book, in pages?"),
        ("book", "novel"), "{v} pages.", "the book has {v} pages", (120, 900, 10), "pages"),
    Own("reading", ("my reading pace", "my daily reading"),
        ("How many pages do you read per day?", "How many pages a day do you read?"),
        ("read",), "About {v} pages a day.", "the user reads {v} pages a day", (5, 80, 5),
        "pages", "day",
        how=(("How many pages do I read", "how many pages I read"),
             ("How much do I read", "how much I read"))),
    Own("people", ("the people in my household",),
        ("How many people live in your home, you included?",
         "How many people share your household, counting you?"),
        ("people", "household"), "We are {v}, me included.",
        "the user's household has {v} people", (2, 6, 1), "people"),
)}


@dataclass(frozen=True)
class Request:
    """A composed request: its text, what is asked of the user (with the values), the
    program over them and the reply with {v} for the value."""

    text: str
    asks: tuple[Own, ...]
    values: tuple[float, ...]
    shown: tuple[str, ...]  # each value as the user says it
    code: str
    answer: str
    operation: str

    @property
    def value(self) -> float:
        return evaluate(self.code)


@dataclass(frozen=True)
class Op:
    """An operation's wordings ((question, embedded clause) pairs; the last is held out),
    its code over {v} (and {w}, a second asked value) and its answer with {v} for the value."""

    wordings: tuple[tuple[str, str], ...]
    code: str
    answer: str
    name: str


PERIOD_TO_YEAR = {"day": 365, "week": 52, "month": 12}

# A quantity given per period, totalled over another span: (per, span) -> (the span in words
# with {k} for a count, the factor as code with {k}). Only spans with one plain reading: a
# month is 30 days only where the request says so, and weeks never become months.
SPANS: dict[str, list[tuple[str, str]]] = {
    "day": [("a week", "7"), ("{k} weeks", "7 * {k}"), ("{k} days", "{k}"),
            ("a 30-day month", "30"), ("a fortnight", "14")],
    "week": [("{k} weeks", "{k}"), ("a year of 52 weeks", "52"), ("{k} years", "52 * {k}")],
    "month": [("{k} months", "{k}"), ("a quarter", "3"), ("half a year", "6"),
              ("{k} years", "12 * {k}")],
    "year": [("a month", "/ 12"), ("a week", "/ 52"), ("a day", "/ 365"), ("{k} years", "{k}")],
}


def _also(wordings: tuple[tuple[str, str], ...], how: tuple[str, str] | None,
          tail: str) -> tuple[tuple[str, str], ...]:
    """`wordings` and one more in the first person ("How many hours do I sleep" + " in a
    week"), put before the last, which stays held out."""
    if how is None:
        return wordings
    return (*wordings[:-1], (f"{how[0]} {tail}", f"{how[1]} {tail}"), wordings[-1])


def span_op(rng: random.Random, own: Own, noun: str, out: str,
            how: tuple[str, str] | None = None) -> Op | None:
    """`own`, given per period, over another span ("my sleep each night" in a week: * 7)."""
    if own.per not in SPANS:
        return None
    words, factor = rng.choice(SPANS[own.per])
    k = rng.randint(2, 10)
    span = words.format(k=say(rng, k))
    factor = factor.format(k=k)
    code = f"result = {{v}} {factor}" if factor.startswith("/") else f"result = {{v}} * {factor}"
    return Op(_also(((f"What does {noun} add up to in {span}",
                      f"what {noun} adds up to in {span}"),
                     (f"How much is {noun} over {span}", f"how much {noun} is over {span}"),
                     (f"Over {span}, what is {noun} in total", f"what {noun} comes to over {span}"),
                     (f"Work out {noun} for {span}", f"{noun} for {span}")), how, f"in {span}"),
              code, f"That is {out} for {span}.", "span")


def _draw(rng: random.Random, own: Own) -> float:
    low, high, step = own.draw
    return low + step * rng.randint(0, int(round((high - low) / step)))


def _unit(own: Own, word: str) -> str:
    """The value's unit as an answer writes it ({v} stays a placeholder)."""
    return "{v} " + (word if own.unit == "money" else own.unit)


def one_value(rng: random.Random, own: Own, v: float, word: str) -> Op | None:
    """An operation on one asked value, or None when none suits the quantity."""
    noun = rng.choice(own.nouns)
    how = rng.choice(own.how) if own.how else None
    out = _unit(own, word)
    ops: list[Op] = []
    if own.per in PERIOD_TO_YEAR:
        k = PERIOD_TO_YEAR[own.per]
        ops.append(Op(_also(((f"What does {noun} add up to in a year", f"what {noun} adds up "
                              "to in a year"), (f"How much is {noun} over a whole year",
                                                f"how much {noun} is over a whole year"),
                             (f"What is {noun} for one year", f"what {noun} is for one year"),
                             (f"What would {noun} total over twelve months",
                              f"what {noun} would total over twelve months")), how, "in a year"),
                      f"result = {{v}} * {k}", f"That is {out} a year.", "per_year"))
        years = rng.randint(2, 10)
        Y = say(rng, years)
        ops.append(Op(_also(((f"What does {noun} come to over {Y} years",
                              f"what {noun} comes to over {Y} years"),
                             (f"How much is {noun} in {Y} years altogether",
                              f"how much {noun} is in {Y} years altogether"),
                             (f"Over {Y} years, what is {noun} in total",
                              f"what {noun} is in total over {Y} years")), how, f"over {Y} years"),
                      f"result = {{v}} * {k} * {years}", f"That is {out} over {years} years.",
                      "over_years"))
    if (span := span_op(rng, own, noun, out, how)) is not None:
        ops.append(span)
    if own.per == "year":
        ops.append(Op(_also(((f"What is {noun} per month", f"what {noun} is per month"),
                             (f"How much is {noun} each month", f"how much {noun} is each month"),
                             (f"What does {noun} work out to monthly",
                              f"what {noun} works out to monthly")), how, "in a month"),
                      "result = {v} / 12", f"That is {out} a month.", "per_month"))
    if own.per == "hour":
        h = rng.choice([8, 20, 25, 30, 35, 38, 40, 160])
        ops.append(Op(((f"If I work {h} hours, what do I earn at {noun}",
                        f"what I earn for {h} hours at {noun}"),
                       (f"How much do {h} hours of work pay at {noun}",
                        f"how much {h} hours of work pay at {noun}"),
                       (f"What do I get for {h} hours at {noun}",
                        f"what I get for {h} hours at {noun}")),
                      f"result = {{v}} * {h}", f"You earn {out} for {h} hours.", "times_hours"))
    if own.unit in ("money", "km", "kWh", "steps", "hours", "kg"):
        p = rng.choice([2, 3, 5, 8, 10, 12, 15, 20, 25, 30])
        ops.append(Op(((f"If {noun} goes up by {p}%, what will it be",
                        f"what {noun} will be after a {p}% rise"),
                       (f"What is {noun} after a {p} percent increase",
                        f"what {noun} is after a {p} percent increase"),
                       (f"Suppose {noun} rises {p}%. What is it then",
                        f"what {noun} becomes if it rises {p}%")),
                      f"result = {{v}} * (1 + {p} / 100)", f"It would be {out}.", "raise"))
        ops.append(Op(((f"If I cut {noun} by {p}%, what is left",
                        f"what {noun} is after a {p}% cut"),
                       (f"What is {noun} after it drops by {p} percent",
                        f"what {noun} is after it drops by {p} percent"),
                       (f"Say {noun} falls {p}%. What is it now",
                        f"what {noun} is once it falls {p}%")),
                      f"result = {{v}} * (1 - {p} / 100)", f"It would be {out}.", "cut"))
        ops.append(Op(((f"What is {p}% of {noun}", f"what {p}% of {noun} is"),
                       (f"How much is {p} percent of {noun}", f"how much {p} percent of {noun} is"),
                       (f"Take {p}% of {noun}: what do I get", f"what {p}% of {noun} comes to")),
                      f"result = {{v}} * {p} / 100", f"{p}% of it is {out}.", "percent_of"))
    if own.unit == "money" and own.key not in ("wage",):
        k = rng.randint(2, 6)
        K = say(rng, k)
        ops.append(Op(((f"If {K} of us split {noun} equally, what is each share",
                        f"what each share of {noun} is split {K} ways"),
                       (f"How much does each of {K} people pay of {noun}",
                        f"how much each of {K} people pays of {noun}"),
                       (f"We share {noun} between {K} people. What does each pay",
                        f"what each of {K} people pays of {noun}")),
                      f"result = {{v}} / {k}", f"Each share is {out}.", "share"))
        ref = round(v * rng.choice([0.4, 0.5, 0.6, 0.75, 0.8]))
        if ref > 0:
            ops.append(Op(((f"How much more than {ref} is {noun}",
                            f"how much more than {ref} {noun} is"),
                           (f"By how much does {noun} exceed {ref}",
                            f"by how much {noun} exceeds {ref}"),
                           (f"What is the gap between {noun} and {ref}",
                            f"the gap between {noun} and {ref}")),
                          f"result = {{v}} - {ref}", f"The difference is {out}.", "more_than"))
    if own.key == "savings":
        goal = rng.randrange(500, 20000, 100)
        ops.append(Op(((f"How many months until I have saved {goal} at {noun}",
                        f"how many months it takes to save {goal} at {noun}"),
                       (f"At {noun}, how long until I reach {goal}, in months",
                        f"how many months until I reach {goal} at {noun}"),
                       (f"Saving {noun}, when do I get to {goal}",
                        f"how many months until {noun} gets me to {goal}")),
                      f"result = {goal} / {{v}}", "It takes about {v} months.", "goal"))
    if own.key == "loan":
        months = rng.choice([6, 12, 18, 24, 36, 48, 60])
        ops.append(Op(((f"If I pay off {noun} in {months} equal monthly payments, how big is "
                        "each", f"how big each of {months} monthly payments on {noun} is"),
                       (f"What is the monthly payment to clear {noun} in {months} months",
                        f"the monthly payment that clears {noun} in {months} months"),
                       (f"Spread {noun} over {months} months: how much a month",
                        f"how much a month {noun} is over {months} months")),
                      f"result = {{v}} / {months}", f"Each payment is {out}.", "payments"))
    conversions = {"kg": ("kg", "lb", "pounds"), "cm": ("cm", "in", "inches"),
                   "km": ("km", "mi", "miles"), "square metres": ("m2", "ft2", "square feet")}
    if own.unit in conversions:
        src, dst, words = conversions[own.unit]
        ops.append(Op(((f"What is {noun} in {words}", f"what {noun} is in {words}"),
                       (f"How many {words} is {noun}", f"how many {words} {noun} is"),
                       (f"Give me {noun} in {words}", f"{noun} in {words}")),
                      f'result = convert({{v}}, "{src}", "{dst}")', f"That is {{v}} {words}.",
                      "convert"))
    if own.key == "birth_year":
        year = rng.randint(max(int(v) + 5, 2027), 2075)
        turn = rng.choice([18, 21, 30, 40, 50, 60, 65, 70, 80, 100])
        ops.append(Op(((f"How old will I be in {year}", f"how old I will be in {year}"),
                       (f"What age do I reach in {year}", f"what age I reach in {year}"),
                       (f"In {year}, how old am I", f"how old I am in {year}")),
                      f"result = {year} - {{v}}", f"You will be {{v}} in {year}.", "age_in"))
        ops.append(Op(((f"In what year do I turn {turn}", f"in what year I turn {turn}"),
                       (f"When will I be {turn} years old", f"when I will be {turn}"),
                       (f"Which year is my {turn}th birthday", f"which year my {turn}th "
                        "birthday is")), f"result = {{v}} + {turn}", f"You turn {turn} in {{v}}.",
                      "year_of_age"))
    if own.key == "age":
        k = rng.randint(2, 30)
        target = rng.choice([t for t in (18, 21, 30, 40, 50, 60, 65, 67, 70, 80, 100) if t > v]
                            or [100])
        ops.append(Op(((f"How old will I be in {k} years", f"how old I will be in {k} years"),
                       (f"What age am I {k} years from now", f"what age I am {k} years from now"),
                       (f"{k} years from now, how old am I", f"how old I am {k} years on")),
                      f"result = {{v}} + {k}", "You will be {v} years old.", "age_later"))
        ops.append(Op(((f"How many years until I turn {target}",
                        f"how many years until I turn {target}"),
                       (f"How long before I am {target}", f"how long before I am {target}"),
                       (f"How far am I from turning {target}", f"how far I am from {target}")),
                      f"result = {target} - {{v}}", "In {v} years.", "years_until"))
    if own.key in ("pages",):
        per = rng.choice([10, 15, 20, 25, 30, 40, 50])
        ops.append(Op(((f"If I read {per} pages a day, how many days does {noun} take",
                        f"how many days {noun} takes at {per} pages a day"),
                       (f"At {per} pages a day, when do I finish {noun}, in days",
                        f"how many days until I finish {noun} at {per} pages a day"),
                       (f"Reading {per} pages daily, how long is {noun} in days",
                        f"how long {noun} takes at {per} pages daily")),
                      f"result = {{v}} / {per}", "It takes about {v} days.", "days_to_read"))
    if own.key == "kwh":
        price = rng.choice([0.15, 0.2, 0.25, 0.28, 0.3, 0.32, 0.35, 0.4])
        ops.append(Op(((f"At {price} per kWh, what does {noun} cost",
                        f"what {noun} costs at {price} per kWh"),
                       (f"What do I pay for {noun} if a kWh costs {price}",
                        f"what I pay for {noun} at {price} a kWh"),
                       (f"Price {noun} at {price} a kWh", f"the price of {noun} at {price} "
                        "a kWh")), f"result = {{v}} * {price}", f"It costs {{v}} {word}.",
                      "priced"))
    if own.key == "trip":
        speed = rng.choice([50, 60, 70, 80, 90, 100, 110, 120])
        ops.append(Op(((f"How many hours is {noun} at {speed} km/h",
                        f"how many hours {noun} takes at {speed} km/h"),
                       (f"At {speed} km per hour, how long does {noun} take",
                        f"how long {noun} takes at {speed} km per hour"),
                       (f"Driving {speed} km/h, how long is {noun} in hours",
                        f"how long {noun} is in hours at {speed} km/h")),
                      f"result = {{v}} / {speed}", "It takes about {v} hours.", "duration"))
    return rng.choice(ops) if ops else None


@dataclass(frozen=True)
class Pair:
    """A formula over two asked values ({v} the first, {w} the second)."""

    keys: tuple[str, str]
    wordings: tuple[tuple[str, str], ...]
    code: str
    answer: str
    name: str
    money_answer: bool = False


PAIRS = (
    Pair(("salary", "hours"), (("How much do I earn per hour", "how much I earn per hour"),
                               ("What is my real hourly pay", "what my real hourly pay is"),
                               ("Work out my pay for each hour I work",
                                "what I earn for each hour I work")),
         "result = {v} / ({w} * 52)", "You earn about {v} {cur} an hour.", "hourly", True),
    Pair(("weight", "height"), (("What is my BMI", "what my BMI is"),
                                ("How high is my body mass index", "how high my body mass index "
                                 "is"), ("Calculate my body mass index", "my body mass index")),
         "result = {v} / ({w} / 100) ** 2", "Your BMI is about {v}.", "bmi"),
    Pair(("rent", "people"), (("What is my share of the rent if we split it evenly",
                               "what my share of the rent is if we split it evenly"),
                              ("How much rent falls on me if we share it equally",
                               "how much rent falls on me if we share it equally"),
                              ("Split our rent fairly: what do I pay",
                               "what I pay when we split our rent fairly")),
         "result = {v} / {w}", "Your share is {v} {cur} a month.", "rent_share", True),
    Pair(("electricity", "people"), (("What does electricity cost each person in my home",
                                      "what electricity costs each person in my home"),
                                     ("How much of the power bill is each person's share",
                                      "how much of the power bill each person's share is"),
                                     ("Divide our electricity bill per head",
                                      "our electricity bill per head")),
         "result = {v} / {w}", "Each person pays {v} {cur} a month.", "bill_share", True),
    Pair(("trip", "fuel"), (("How many litres of fuel will my trip need",
                             "how many litres of fuel my trip will need"),
                            ("How much fuel does my car burn on the trip",
                             "how much fuel my car burns on the trip"),
                            ("Estimate the litres my trip takes", "the litres my trip takes")),
         "result = {v} * {w} / 100", "The trip needs about {v} litres.", "trip_fuel"),
    Pair(("pages", "reading"), (("How many days until I finish my book",
                                 "how many days until I finish my book"),
                                ("How long will my book take me, in days",
                                 "how long my book will take me in days"),
                                ("When will I be done with my book, in days",
                                 "when I will be done with my book, in days")),
         "result = {v} / {w}", "It takes about {v} days.", "book_days"),
    Pair(("wage", "hours"), (("What do I earn in a week", "what I earn in a week"),
                             ("How much is my weekly pay", "how much my weekly pay is"),
                             ("Work out my pay for a week", "my pay for a week")),
         "result = {v} * {w}", "You earn {v} {cur} a week.", "weekly_pay", True),
    Pair(("balance", "savings"), (("How many months until my savings double",
                                   "how many months until my savings double"),
                                  ("When will my savings be twice what they are, in months",
                                   "when my savings will be twice what they are"),
                                  ("How long until I have double my savings, in months",
                                   "how long until I have double my savings")),
         "result = {v} / {w}", "It takes about {v} months.", "double_savings"),
)


def compose(rng: random.Random, held_out: bool = False) -> Request:
    """One request about the user's own values (`held_out`: the held-out wordings and the
    "need" frames, for `test_phrasings`)."""
    cur = money(rng)
    word = cur.word  # type: ignore[attr-defined]
    if rng.random() < 0.3:
        pair = rng.choice(PAIRS)
        owns = tuple(OWN[k] for k in pair.keys)
        values = tuple(_draw(rng, o) for o in owns)
        wordings, code = pair.wordings, pair.code.format(v=n(values[0]), w=n(values[1]))
        answer, name = pair.answer.replace("{cur}", word), pair.name
    else:
        while True:
            own = OWN[rng.choice(sorted(OWN))]
            v = _draw(rng, own)
            op = one_value(rng, own, v, word)
            if op is not None:
                break
        owns, values = (own,), (v,)
        wordings, code, answer, name = op.wordings, op.code.format(v=n(v)), op.answer, op.name
    question, embedded = wordings[-1] if held_out else rng.choice(wordings[:-1])
    text = frame(rng, question[0].upper() + question[1:] + "?", embedded, held_out=held_out)
    shown = tuple(cur(x) if o.unit == "money" else n(x) for o, x in zip(owns, values,
                                                                        strict=True))
    return Request(text, owns, values, shown, code, answer, name)


def breadth() -> tuple[int, int, int]:
    """(quantities, one-value operation names, pair formulas) the generator knows."""
    names: set[str] = set()
    rng = random.Random(0)
    for own in OWN.values():
        for _ in range(40):
            op = one_value(rng, own, _draw(rng, own), "euros")
            if op:
                names.add(op.name)
    return len(OWN), len(names), len(PAIRS)

