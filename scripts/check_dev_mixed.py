"""Write or check `data/requests/real_dev_mixed.jsonl`, a development set of requests that need
the user's numbers, lookups combined with them, comparisons, quantities and two-entity
calculations, in new words (`real-dev-mixed`).

The development sets so far had no comparisons, no lookups combined with the user's own numbers
and few requests whose user answer carries a period ("each way", "every two weeks"); this set
covers them for choosing between adapters and settings, so the test set stays unread. Written
on 2026-12-07 (session 19, by a helper session) without reading `real_broad_test.jsonl` or
`real_test.jsonl`: every entity is held out of training (`gba.simulation.corpus.held_out`) and none is in another request set (a unit
test checks both); the phrasings are our own.

Same machinery as `scripts/check_broad_set.py` (each fact's snippet checked against the
offline corpus, every answer computed with code; the simulated user's answers in `UserFact`s,
the first fact with a key found in the question answering it, so the more specific fact comes
first). Conventions in the user's answers: a year is 52 weeks (26 fortnightly paydays), a
"working week" or "every weekday" is 5 days, a month 12 to the year (30 days or four weeks only
where the request says so).

    PYTHONPATH=$PWD python scripts/check_dev_mixed.py            # check the committed file
    PYTHONPATH=$PWD python scripts/check_dev_mixed.py --write    # regenerate it
    PYTHONPATH=$PWD python scripts/check_dev_mixed.py --search   # and the index finds each

>>> len(spec_list())
44
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from check_broad_set import (  # noqa: E402 - the sibling script
    FOOT_M,
    ROOT,
    SQMI_KM2,
    A,
    C,
    F,
    S,
    Spec,
    UserFact,
    fact,
    main,
)

OUT = ROOT / "data" / "requests" / "real_dev_mixed.jsonl"


def _life(entity: str, quote: str, born: int, died: int, short: str = ""):
    return fact(entity, quote, short=short, born=born, died=died)


# people: life years from the short description
VIVALDI = _life("Antonio Vivaldi", "Italian composer and violinist (1678–1741)", 1678, 1741,
                "Vivaldi")
POPE = _life("Alexander Pope", "English poet (1688–1744)", 1688, 1744, "Pope")
MARX = _life("Karl Marx", "German philosopher and socialist (1818–1883)", 1818, 1883, "Marx")
LISZT = _life("Franz Liszt", "Hungarian composer and pianist (1811–1886)", 1811, 1886, "Liszt")
BERNAYS = _life("Edward Bernays", "American public relations pioneer (1891–1995)", 1891, 1995,
                "Bernays")
NIEMEYER = _life("Oscar Niemeyer", "Brazilian architect (1907–2012)", 1907, 2012, "Niemeyer")
HOLLY = _life("Buddy Holly", "American musician (1936–1959)", 1936, 1959, "Holly")
AKUTAGAWA = _life("Ryūnosuke Akutagawa", "Japanese writer (1892–1927)", 1892, 1927,
                  "Akutagawa")
WARHOL = _life("Andy Warhol", "American artist and filmmaker (1928–1987)", 1928, 1987, "Warhol")
DIJKSTRA = _life("Edsger W. Dijkstra", "Dutch computer scientist (1930–2002)", 1930, 2002,
                 "Dijkstra")
ARMSTRONG = _life("Neil Armstrong", "American astronaut (1930–2012)", 1930, 2012)
KAHLO = _life("Frida Kahlo", "Mexican painter (1907–1954)", 1907, 1954)
ALI = _life("Muhammad Ali", "American boxer and activist (1942–2016)", 1942, 2016)
MADHUBALA = _life("Madhubala", "Indian actress (1933–1969)", 1933, 1969)
SCHUMANN = _life("Robert Schumann", "German composer, pianist and critic (1810–1856)",
                 1810, 1856)
STEVENSON = _life("Robert Louis Stevenson", "Scottish novelist and poet (1850–1894)",
                  1850, 1894)
DIDEROT = _life("Denis Diderot", "French philosopher and writer (1713–1784)", 1713, 1784)
COMTE = _life("Auguste Comte", "French philosopher, mathematician and sociologist (1798–1857)",
              1798, 1857)
CARAVAGGIO = _life("Caravaggio", "Italian painter (1571–1610)", 1571, 1610)
RUMI = _life("Rumi", "Sufi mystic and poet (1207–1273)", 1207, 1273)
MEITNER = _life("Lise Meitner", "Austrian-Swedish nuclear physicist (1878–1968)", 1878, 1968)
RUTHERFORD = _life("Ernest Rutherford", "New Zealand physicist and chemist (1871–1937)",
                   1871, 1937)
AVOGADRO = _life("Amedeo Avogadro", "Italian scientist (1776–1856)", 1776, 1856)
MENDELEEV = _life("Dmitri Mendeleev", "Russian chemist (1834–1907)", 1834, 1907)
TWAIN = _life("Mark Twain", "American author and humorist (1835–1910)", 1835, 1910)
FORD = _life("Henry Ford", "American business magnate (1863–1947)", 1863, 1947)

# periods: start and end years
DEPRESSION = fact("Great Depression", "Worldwide economic depression (1929–1939)",
                  start=1929, end=1939)
LEAGUE = fact("League of Nations", "Intergovernmental organisation (1920–1946)",
              start=1920, end=1946)

# rivers, lakes, places: a figure stated in the summary
MISSOURI = fact("Missouri River", "flows east and south for 2,341 mi (3,767 km)",
                short="Missouri", km=3767)
INDUS = fact("Indus River", "The 3,180 km (1,980 mi) river", short="Indus", km=3180)
VISTULA = fact("Vistula", "at 1,047 kilometres in length", km=1047)
SYR_DARYA = fact("Syr Darya", "flows for 2,256.25 kilometres (1,401.97 mi)", km=2256.25)
YUKON = fact("Yukon River", "The river is 3,190 kilometres (1,980 mi) long", km=3190)
MISSISSIPPI = fact("Mississippi River", "it flows generally south for 2,340 mi", mi=2340)
IRRAWADDY = fact("Irrawaddy River", "it is about 1,350 mi (2,170 km) long", mi=1350)
KRAKOW = fact("Kraków", "the city has a population of 816,614 (2025)", short="Krakow",
              people=816614)
VILNIUS = fact("Vilnius", "The city's estimated July 2026 population was 619,405",
               people=619405)
FAROE = fact("Faroe Islands", "the islands have a population of 54,870 as of November 2025",
             short="Faroes", people=54870)
SEYCHELLES = fact("Seychelles", "with an estimated population of 100,600 in 2022",
                  people=100600)
ANTWERP = fact("Antwerp", "With a population of 565,039", people=565039)
CHENGDU = fact("Chengdu", "With a population of 20,937,757 at the 2020 census",
               people=20937757)
MUNICH = fact("Munich", "its population was 1,604,384", people=1604384)
STUTTGART = fact("Stuttgart", "Stuttgart has a population of 613,111 as of 2023",
                 people=613111)
YAOUNDE = fact("Yaoundé", "at an elevation of about 750 metres (2,500 ft) above sea level",
               short="Yaounde", m=750)
HYDERABAD = fact("Hyderabad", "With an average altitude of 536 m (1,759 ft)", m=536)
SANAA = fact("Sanaa", "At an elevation of 2,300 metres (7,500 ft)", m=2300)
TIAN_SHAN = fact("Tian Shan", "The highest peak is Jengish Chokusu at 7,439 metres", m=7439)
QINGHAI = fact("Qinghai Lake", "It had a surface area of 4,317 km2 (1,667 sq mi)", km2=4317)
VICTORIA = fact("Lake Victoria", "With a surface area of approximately 59,947 km2", km2=59947)


def _one(attr: str):
    return lambda fs, u: getattr(fs[0], attr)


def _life_years(f) -> int:
    return f.died - f.born


def _wins(key, most: bool):
    """A comparison: the fact with the largest (`most`) or smallest value of `key`."""
    pick = max if most else min
    return lambda fs, u: pick(fs, key=key)


def _user(name: str, keys: tuple[str, ...], text: str, value: float) -> UserFact:
    return UserFact(name, keys, text, value)


def _user_specs() -> list[Spec]:
    """Requests that need the user's own numbers (ask_user, calculate, answer)."""
    tools = [A, C, F]
    return [
        Spec("user_numbers", "My phone plan costs the same every month. What will it have "
             "cost me after two years?", tools, lambda fs, u: u.monthly * 24,
             "monthly * 24", "context sentence, then question; 'two years' in words",
             user=[_user("monthly", ("phone", "plan", "month", "pay", "cost", "bill"),
                         "I pay 27.50 a month for it.", 27.5)]),
        Spec("user_numbers", "The electricity bill just arrived and the flat splits it "
             "evenly. What's my part?", tools, lambda fs, u: u.bill / u.people,
             "bill / people", "two facts: an amount and a count",
             user=[_user("people", ("people", "how many", "flatmate", "housemate", "persons",
                                    "among", "of you", "live"),
                         "There are three of us, me included.", 3),
                   _user("bill", ("bill", "electric", "how much", "amount", "total", "cost"),
                         "The bill is 186 euros.", 186)]),
        Spec("user_numbers", "Work out how many litres of fuel my commute uses in a five-day "
             "working week.", tools,
             lambda fs, u: u.distance * 2 * 5 * u.consumption / 100,
             "distance * 2 (each way) * 5 * consumption / 100",
             "imperative; two facts, the distance 'each way'",
             user=[_user("consumption", ("consum", "per 100", "burn", "economy", "efficien",
                                         "mileage", "fuel", "litre"),
                         "My car burns 6.5 litres per 100 km.", 6.5),
                   _user("distance", ("far", "distance", "commute", "each way", "one way",
                                      "kilomet", "km", "miles", "work", "office"),
                         "It's 23 km each way.", 23)]),
        Spec("user_numbers", "Saving up for a bike that costs 1,170 euros. How many weeks "
             "until I have enough?", tools, lambda fs, u: 1170 / u.weekly,
             "1170 / weekly", "fragment first, then question",
             user=[_user("weekly", ("save", "saving", "put aside", "set aside", "put away",
                                    "how much", "week", "per"),
                         "I can set aside 45 euros every week.", 45)]),
        Spec("user_numbers", "Add up the hours I spend at the gym each week.", tools,
             lambda fs, u: u.visits * u.hours, "visits * hours",
             "imperative; two facts: a count per week and a length",
             user=[_user("visits", ("how many times", "how often", "times a week",
                                    "times per week", "how many gym", "how many sessions",
                                    "how many visits", "per week", "a week", "weekly",
                                    "days a week", "frequen"),
                         "I go four times a week.", 4),
                   _user("hours", ("how long", "length", "duration", "hours", "minutes",
                                   "session", "each visit", "workout"),
                         "Each session lasts 1.5 hours.", 1.5)]),
        Spec("user_numbers", "Car insurance comes as one yearly payment. Break it down per "
             "month for me.", tools, lambda fs, u: u.yearly / 12, "yearly / 12",
             "context sentence, then imperative; a yearly figure made monthly",
             user=[_user("yearly", ("insurance", "premium", "how much", "cost", "pay",
                                    "year", "annual", "price"),
                         "It's 654 a year.", 654)]),
        Spec("user_numbers", "Over a thirty-day month, what does my coffee habit cost me?",
             tools, lambda fs, u: u.daily * 30, "daily * 30",
             "period first; the user's answer is per day",
             user=[_user("daily", ("coffee", "spend", "how much", "cost", "day", "daily",
                                   "price", "habit"),
                         "Around 3.20 per day.", 3.2)]),
        Spec("user_numbers", "I'm buying everyone at the table a drink. What's the bill "
             "going to be?", tools, lambda fs, u: u.people * u.price, "people * price",
             "statement, then question; a count and a price",
             user=[_user("people", ("how many", "people", "table", "everyone", "guests",
                                    "friends", "of you", "persons"),
                         "There are seven of us, me included.", 7),
                   _user("price", ("price", "cost", "how much", "each drink", "per drink",
                                   "charge"),
                         "Each drink is 4.80.", 4.8)]),
        Spec("user_numbers", "I pay for a few streaming subscriptions. Tell me what they "
             "cost in a year.", tools, lambda fs, u: u.monthly * 12, "monthly * 12",
             "statement, then imperative",
             user=[_user("monthly", ("stream", "subscri", "month", "cost", "how much", "pay",
                                     "total", "services"),
                         "All together they cost me 31 a month.", 31)]),
        Spec("user_numbers", "Each weekday I take the bus to the office and back. What do "
             "the fares come to in a four-week month?", tools,
             lambda fs, u: u.fare * 2 * 5 * 4, "fare * 2 (each way) * 5 days * 4 weeks",
             "context sentence; the fare is 'each way'",
             user=[_user("fare", ("fare", "ticket", "cost", "how much", "price", "bus",
                                  "ride", "trip", "pay"),
                         "A ticket is 2.60 each way.", 2.6)]),
        Spec("user_numbers", "What do my paychecks add up to across a year?", tools,
             lambda fs, u: u.pay * 26, "pay * 26 (every two weeks, 52 weeks a year)",
             "question; the user's answer is 'every two weeks'",
             user=[_user("pay", ("paycheck", "paid", "salary", "pay", "earn", "income",
                                 "wage", "how much", "how often"),
                         "I'm paid 1,850 every two weeks.", 1850)], tol="measure"),
        Spec("user_numbers", "Went for a run this morning. What was my average pace, in "
             "minutes per kilometre?", tools, lambda fs, u: u.minutes / u.km,
             "minutes / km", "fragment first; two facts: a time and a distance",
             user=[_user("minutes", ("how long", "time", "minutes", "duration", "take",
                                     "took", "hours"),
                         "It took me 44 minutes.", 44),
                   _user("km", ("how far", "distance", "kilomet", "km", "miles", "length"),
                         "I ran 8 kilometres.", 8)]),
    ]


def _lookup_user_specs() -> list[Spec]:
    """A fact looked up, combined with a number the user gives."""
    tools = [S, A, C, F]
    return [
        Spec("lookup_user", "I'm fairly sure I was still a child when Neil Armstrong died. "
             "How old was I?", tools, lambda fs, u: fs[0].died - u.born,
             "Armstrong died - user born", "context sentence, then question",
             [ARMSTRONG],
             user=[_user("born", ("born", "birth", "age", "old", "year"),
                         "I was born in 2003.", 2003)], tol="year"),
        Spec("lookup_user", "Grandma was born a few years before the Great Depression began. "
             "How old was she when it ended?", tools, lambda fs, u: fs[0].end - u.born,
             "Depression end - grandmother born", "context sentence; a relative's age",
             [DEPRESSION],
             user=[_user("born", ("grandm", "born", "birth", "year", "old", "age"),
                         "She was born in 1926.", 1926)], tol="year"),
        Spec("lookup_user", "How many of my daily walks, laid end to end, would match the "
             "length of the Yukon River?", tools, lambda fs, u: fs[0].km / u.walk,
             "Yukon km / walk km", "ratio of a stated length to the user's",
             [YUKON],
             user=[_user("walk", ("walk", "far", "distance", "long", "km", "kilomet",
                                  "route"),
                         "My daily walk is 4 km.", 4)]),
        Spec("lookup_user", "How many years after Frida Kahlo's death was my house built?",
             tools, lambda fs, u: u.built - fs[0].died, "house built - Kahlo died",
             "nested 'after X's death'", [KAHLO],
             user=[_user("built", ("house", "built", "year", "when", "construct", "date",
                                   "old"),
                         "It was built in 1962.", 1962)]),
        Spec("lookup_user", "What age was my grandfather when the League of Nations was "
             "wound up?", tools, lambda fs, u: fs[0].end - u.born,
             "League end - grandfather born", "'wound up'; a relative's age", [LEAGUE],
             user=[_user("born", ("grandfather", "grandpa", "born", "birth", "year", "old",
                                  "age"),
                         "Grandpa was born in 1911.", 1911)], tol="year"),
        Spec("lookup_user", "Driving nonstop at my usual highway speed, how many hours would "
             "the length of the Mississippi River take me?", tools,
             lambda fs, u: fs[0].mi / u.speed, "Mississippi mi / speed mph",
             "hypothetical; a stated length over the user's speed", [MISSISSIPPI],
             user=[_user("speed", ("speed", "fast", "mph", "km/h", "per hour", "drive",
                                   "cruise", "highway"),
                         "I cruise at about 65 miles per hour.", 65)], tol="measure"),
        Spec("lookup_user", "My hometown would fit into Antwerp how many times, going by "
             "population?", tools, lambda fs, u: fs[0].people / u.people,
             "Antwerp people / hometown people", "inverted question; a ratio of populations",
             [ANTWERP],
             user=[_user("people", ("population", "people", "how many", "live",
                                    "inhabitants", "residents", "hometown", "town", "size",
                                    "big"),
                         "About 24,000 people live there.", 24000)]),
        Spec("lookup_user", "Sanaa is high up. How much higher than my town is it, in "
             "metres?", tools, lambda fs, u: fs[0].m - u.m, "Sanaa m - town m",
             "short context sentence; a difference of elevations", [SANAA],
             user=[_user("m", ("elevation", "altitude", "height", "high", "above sea",
                               "metres", "town", "where"),
                         "My town is 350 metres above sea level.", 350)]),
        Spec("lookup_user", "We got married in the late nineties. How many years later did "
             "Muhammad Ali die?", tools, lambda fs, u: fs[0].died - u.married,
             "Ali died - wedding year", "context with a vague decade; the user gives the year",
             [ALI],
             user=[_user("married", ("married", "marriage", "wedding", "year", "when"),
                         "We married in 1998.", 1998)]),
        Spec("lookup_user", "I'm now older than Madhubala ever got. By how many years?",
             tools, lambda fs, u: u.age - (fs[0].died - fs[0].born),
             "user age - (Madhubala died - born)", "statement, then fragment question",
             [MADHUBALA],
             user=[_user("age", ("old", "age", "how many years"), "I'm 41.", 41)],
             tol="year"),
    ]


def _compare_specs() -> list[Spec]:
    """Two entities; the answer names the one that wins (no value)."""
    tools = [S, S, F]
    born, died = (lambda f: f.born), (lambda f: f.died)
    return [
        Spec("compare", "Antonio Vivaldi or Alexander Pope: which of the two was born "
             "first?", tools, _wins(born, most=False), "min born", "names first, then "
             "question", [VIVALDI, POPE]),
        Spec("compare", "Of Karl Marx and Franz Liszt, who was the last to die?", tools,
             _wins(died, most=True), "max died", "'the last to die'", [MARX, LISZT]),
        Spec("compare", "Edward Bernays and Oscar Niemeyer both reached a great age; whose "
             "life was longer?", tools, _wins(_life_years, most=True), "max (died - born)",
             "context clause, then question", [BERNAYS, NIEMEYER]),
        Spec("compare", "Buddy Holly, Ryūnosuke Akutagawa: which one had the shorter life?",
             tools, _wins(_life_years, most=False), "min (died - born)",
             "list of names, then question", [HOLLY, AKUTAGAWA]),
        Spec("compare", "I need to know whether Andy Warhol or Edsger W. Dijkstra was born "
             "later.", tools, _wins(born, most=True), "max born", "statement of need",
             [WARHOL, DIJKSTRA]),
        Spec("compare", "Which river is longer, the Indus or the Missouri?", tools,
             _wins(lambda f: f.km, most=True), "max km", "plain question", [INDUS, MISSOURI]),
        Spec("compare", "Pick the longer river: Vistula or Syr Darya.", tools,
             _wins(lambda f: f.km, most=True), "max km", "imperative", [VISTULA, SYR_DARYA]),
        Spec("compare", "More people live in which city, Vilnius or Kraków?", tools,
             _wins(lambda f: f.people, most=True), "max people", "fronted 'more people'",
             [VILNIUS, KRAKOW]),
        Spec("compare", "Which city sits at a greater altitude, Yaoundé or Hyderabad?",
             tools, _wins(lambda f: f.m, most=True), "max m", "'sits at a greater altitude'",
             [YAOUNDE, HYDERABAD]),
        Spec("compare", "Between the Faroe Islands and Seychelles, which has the larger "
             "population?", tools, _wins(lambda f: f.people, most=True), "max people",
             "'between X and Y'", [FAROE, SEYCHELLES]),
    ]


def _quantity_specs() -> list[Spec]:
    look, calc, calc2 = [S, F], [S, C, F], [S, S, C, F]
    return [
        Spec("quantity", "Chengdu, population at its 2020 census?", look, _one("people"),
             "people", "fragment", [CHENGDU]),
        Spec("quantity", "I'm curious how much surface Qinghai Lake covers.", look,
             _one("km2"), "km2", "statement of curiosity", [QINGHAI]),
        Spec("quantity", "The Irrawaddy: about how many miles long is it?", look, _one("mi"),
             "mi (stated in miles first)", "name first, then question", [IRRAWADDY]),
        Spec("quantity", "Tell me in feet how high the tallest peak of the Tian Shan is.",
             calc, lambda fs, u: fs[0].m / FOOT_M, "m / 0.3048",
             "imperative, converted; the peak named in the range's summary", [TIAN_SHAN]),
        Spec("quantity", "By population, how many times bigger is Munich than Stuttgart?",
             calc2, lambda fs, u: fs[0].people / fs[1].people,
             "Munich people / Stuttgart people", "ratio of two stated figures",
             [MUNICH, STUTTGART]),
        Spec("quantity", "Could you convert Lake Victoria's surface area into square miles "
             "for me?", calc, lambda fs, u: fs[0].km2 / SQMI_KM2, "km2 / 1.609344**2",
             "polite request, area converted", [VICTORIA]),
    ]


def _two_entity_specs() -> list[Spec]:
    calc2 = [S, S, C, F]
    return [
        Spec("two_entities", "Robert Schumann and Robert Louis Stevenson died how many years "
             "apart?", calc2, lambda fs, u: fs[1].died - fs[0].died,
             "Stevenson died - Schumann died", "names first, 'died how many years apart'",
             [SCHUMANN, STEVENSON]),
        Spec("two_entities", "Auguste Comte was born some years after Denis Diderot died. "
             "How many?", calc2, lambda fs, u: fs[0].born - fs[1].died,
             "Comte born - Diderot died", "statement, then a one-word question",
             [COMTE, DIDEROT]),
        Spec("two_entities", "Combined, how many years did Caravaggio and Rumi live?", calc2,
             lambda fs, u: _life_years(fs[0]) + _life_years(fs[1]),
             "(Caravaggio died - born) + (Rumi died - born)", "'combined', sum of two lives",
             [CARAVAGGIO, RUMI], tol="year"),
        Spec("two_entities", "Lise Meitner versus Ernest Rutherford: how many more years did "
             "she live than he did?", calc2,
             lambda fs, u: _life_years(fs[0]) - _life_years(fs[1]),
             "(Meitner died - born) - (Rutherford died - born)",
             "'versus', difference of two lives", [MEITNER, RUTHERFORD], tol="year"),
        Spec("two_entities", "Dmitri Mendeleev came along how long after Amedeo Avogadro? "
             "I mean their years of birth.", calc2, lambda fs, u: fs[0].born - fs[1].born,
             "Mendeleev born - Avogadro born", "colloquial, then a clarifying sentence",
             [MENDELEEV, AVOGADRO]),
        Spec("two_entities", "Between Mark Twain's death and Henry Ford's, how many years "
             "went by?", calc2, lambda fs, u: fs[1].died - fs[0].died,
             "Ford died - Twain died", "'between X's death and Y's'", [TWAIN, FORD]),
    ]


def spec_list() -> list[Spec]:
    return (_user_specs() + _lookup_user_specs() + _compare_specs() + _quantity_specs()
            + _two_entity_specs())


if __name__ == "__main__":
    sys.exit(main(specs=spec_list(), out=OUT, prefix="devmix",
                  description=__doc__.split("\n\n")[0]))
