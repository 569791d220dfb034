"""Write or check `data/requests/real_dev_fresh.jsonl`, a development set of every kind the
broad set covers (lookups, quantities, conversions, word problems, the user's own numbers,
lookups combined with them, comparisons and two-entity calculations) in fresh words
(`real-dev-fresh`).

The other development sets each cover a few kinds, and their entities and wordings have been
looked at often while choosing between adapters and settings; this set covers every kind once
more with entities and phrasings seen nowhere else, so the test set stays unread. Written on
2026-12-07 (session 23, by a helper session) without reading `real_broad_test.jsonl`,
`real_test.jsonl` or the test specs in `scripts/check_broad_set.py`: every entity is held out
of training (`gba.simulation.corpus.held_out`) and none is in another request set (a unit test
checks both); the phrasings are our own.

Same machinery as `scripts/check_broad_set.py` (each fact's snippet checked against the
offline corpus, every answer computed with code; the simulated user's answers in `UserFact`s,
the first fact with a key found in the question answering it, so the more specific fact comes
first). Conventions in the user's answers: a year is 52 weeks and 12 months, so a monthly
bill is 12/52 of it a week; a count of tiles is the floor area over one tile's, not rounded.

    PYTHONPATH=$PWD python scripts/check_dev_fresh.py            # check the committed file
    PYTHONPATH=$PWD python scripts/check_dev_fresh.py --write    # regenerate it
    PYTHONPATH=$PWD python scripts/check_dev_fresh.py --search   # and the index finds each

>>> len(spec_list())
48
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from check_broad_set import (  # noqa: E402 - the sibling script
    FOOT_M,
    MILE_KM,
    POUND_KG,
    ROOT,
    SQMI_KM2,
    US_FLOZ_L,
    A,
    C,
    F,
    S,
    Spec,
    UserFact,
    fact,
    main,
)

OUT = ROOT / "data" / "requests" / "real_dev_fresh.jsonl"


def _life(entity: str, quote: str, born: int, died: int, short: str = ""):
    return fact(entity, quote, short=short, born=born, died=died)


def _span(entity: str, quote: str, start: int, end: int):
    return fact(entity, quote, start=start, end=end)


# people: life years from the short description
BLIXEN = _life("Karen Blixen", "Danish writer (1885–1962)", 1885, 1962)
ESCHER = _life("M. C. Escher", "Dutch graphic artist (1898–1972)", 1898, 1972)
FOUCAULT = _life("Léon Foucault", "French physicist (1819–1868)", 1819, 1868)
IBSEN = _life("Henrik Ibsen", "Norwegian playwright (1828–1906)", 1828, 1906)
BRADBURY = _life("Ray Bradbury", "American writer (1920–2012)", 1920, 2012)
BOYLE = _life("Robert Boyle", "Anglo-Irish scientist (1627–1691)", 1627, 1691)
JACOBS = _life("Jane Jacobs", "American–Canadian journalist, author, and activist (1916–2006)",
               1916, 2006)
HUSSERL = _life("Edmund Husserl", "Austrian-German philosopher (1859–1938)", 1859, 1938)
TERESA = _life("Mother Teresa", "Albanian-Indian Catholic saint (1910–1997)", 1910, 1997)
BOLIVAR = _life("Simón Bolívar", "Venezuelan statesman and military officer (1783–1830)",
                1783, 1830, "Bolívar")
ROSSINI = _life("Gioachino Rossini", "Italian opera composer (1792–1868)", 1792, 1868,
                "Rossini")
ABEL = _life("Niels Henrik Abel", "Norwegian mathematician (1802–1829)", 1802, 1829, "Abel")
LORCA = _life("Federico García Lorca",
              "Spanish poet, dramatist and theatre director (1898–1936)", 1898, 1936, "Lorca")
CHURCHILL = _life("Winston Churchill", "British statesman and writer (1874–1965)", 1874, 1965)
HITCHCOCK = _life("Alfred Hitchcock", "English filmmaker (1899–1980)", 1899, 1980)
STRAUSS = _life("Johann Strauss II", "Austrian composer (1825–1899)", 1825, 1899)
ELLINGTON = _life("Duke Ellington", "American jazz pianist and composer (1899–1974)",
                  1899, 1974)
PUSHKIN = _life("Alexander Pushkin", "Russian writer (1799–1837)", 1799, 1837)
PASTERNAK = _life("Boris Pasternak", "Russian and Soviet writer (1890–1960)", 1890, 1960)

# events, reigns and offices: start and end years
TAIPING = _span("Taiping Rebellion", "Major rebellion in China (1850–1864)", 1850, 1864)
QING = _span("Qing dynasty", "Manchu-led dynasty of China (1644–1912)", 1644, 1912)
NAPOLEONIC = _span("Napoleonic Wars", "1803–1815 series of wars led by Napoleon", 1803, 1815)
LOUIS_XIV = _span("Louis XIV", "King of France from 1643 to 1715", 1643, 1715)
HAMMARSKJOLD = _span("Dag Hammarskjöld", "UN Secretary-General from 1953 to 1961", 1953, 1961)
WWI = _span("World War I", "Global conflict from 1914 to 1918", 1914, 1918)

# places: a figure stated in the summary
MARMARA = fact("Sea of Marmara", "Its greatest depth is 1,370 m (4,490 ft)", m=1370)
KAMCHATKA = fact("Kamchatka Peninsula",
                 "The Kamchatka Peninsula is a 1,250-kilometre-long (777 mi) peninsula",
                 km=1250)
URUGUAY = fact("Uruguay", "Uruguay covers an area of approximately 176,215 square kilometers",
               km2=176215)
CEBU = fact("Cebu City", "According to the 2024 census, it has a population of 965,332 people",
            people=965332)
URALS = fact("Ural Mountains", "the highest point being Mount Narodnaya, which reaches a height "
             "of 1,894 metres (6,214 ft)", m=1894)
TEXAS = fact("Texas", "Covering 268,596 square miles (695,660 km2)", sqmi=268596)
ANDES = fact("Andes", "The range is 8,900 kilometres (5,500 mi) long", km=8900)
VALPARAISO = fact("Valparaíso", "With a population of 284,938", people=284938)
LAKE_VAN = fact("Lake Van", "It is situated at 1,640 m (5,380 ft) above sea level", m=1640)
BENGALURU = fact("Bengaluru", "at an altitude of 900 m (3,000 ft) above sea level", m=900)


def _one(attr: str):
    return lambda fs, u: getattr(fs[0], attr)


def _life_years(f) -> int:
    return f.died - f.born


def _lived(fs, u):
    return _life_years(fs[0])


def _lasted(fs, u):
    return fs[0].end - fs[0].start


def _wins(key, most: bool):
    """A comparison: the fact with the largest (`most`) or smallest value of `key`."""
    pick = max if most else min
    return lambda fs, u: pick(fs, key=key)


def _user(name: str, keys: tuple[str, ...], text: str, value: float) -> UserFact:
    return UserFact(name, keys, text, value)


def _lookup_specs() -> list[Spec]:
    """Birth and death years, lifespans, events and periods: one entity each."""
    look, calc = [S, F], [S, C, F]
    born, died = _one("born"), _one("died")
    return [
        Spec("birth_year", "Karen Blixen — what year was she born?", look, born, "born",
             "name, dash, then question", [BLIXEN]),
        Spec("birth_year", "I need M. C. Escher's year of birth.", look, born, "born",
             "statement of need", [ESCHER]),
        Spec("birth_year", "When was the physicist Léon Foucault born?", look, born, "born",
             "'when', with his trade before the name", [FOUCAULT]),
        Spec("death_year", "Remind me when Henrik Ibsen died; the year is enough.", look, died,
             "died", "casual imperative, then what is wanted", [IBSEN]),
        Spec("death_year", "Ray Bradbury's year of death, please.", look, died, "died",
             "possessive fragment with 'please'", [BRADBURY]),
        Spec("lifespan", "How old did Robert Boyle get?", calc, _lived, "died - born",
             "casual 'how old did he get'", [BOYLE], tol="year"),
        Spec("lifespan", "Jane Jacobs lived a long life. About how many years in all?", calc,
             _lived, "died - born", "context sentence, then fragment question", [JACOBS],
             tol="year"),
        Spec("lifespan", "I'm looking for Edmund Husserl's age when he died.", calc, _lived,
             "died - born", "statement of need, 'age when he died'", [HUSSERL], tol="year"),
        Spec("event", "The Taiping Rebellion broke out in what year?", look, _one("start"),
             "start", "'broke out', question word last", [TAIPING]),
        Spec("event", "Which year marks the close of the Qing dynasty?", look, _one("end"),
             "end", "'marks the close of'", [QING]),
        Spec("event", "The Napoleonic Wars dragged on for how many years?", calc, _lasted,
             "end - start", "duration, 'dragged on'", [NAPOLEONIC]),
        Spec("event", "Louis XIV sat on the French throne for how many years?", calc, _lasted,
             "end - start (14 May 1643 to 1 September 1715: 72 years and 110 days)",
             "reign length, 'sat on the throne'", [LOUIS_XIV]),
        Spec("event", "In which year did Dag Hammarskjöld's time as UN Secretary-General end?",
             look, _one("end"), "end", "end of an office, possessive", [HAMMARSKJOLD]),
    ]


def _quantity_specs() -> list[Spec]:
    look, calc = [S, F], [S, C, F]
    return [
        Spec("quantity", "How deep is the Sea of Marmara at its deepest point?", look,
             _one("m"), "m", "depth, 'at its deepest point'", [MARMARA]),
        Spec("quantity", "Kamchatka Peninsula: length in kilometres?", look, _one("km"), "km",
             "name, colon, fragment", [KAMCHATKA]),
        Spec("quantity", "What's the total area of Uruguay?", look, _one("km2"), "km2",
             "contracted question, area", [URUGUAY]),
        Spec("quantity", "Cebu City had how many residents at the 2024 census?", look,
             _one("people"), "people", "name first, population with its census year",
             [CEBU]),
        Spec("quantity", "In feet, how high does the tallest summit of the Ural Mountains "
             "rise?", calc, lambda fs, u: fs[0].m / FOOT_M,
             "m / 0.3048 (the summary also states 6,214 ft, within 1%)",
             "unit first, converted; the peak named in the range's summary", [URALS]),
        Spec("quantity", "Texas covers how many square kilometres?", calc,
             lambda fs, u: fs[0].sqmi * SQMI_KM2,
             "sq mi * 1.609344**2 (stated in square miles first; the 695,660 km2 it also "
             "states is within 1%)", "inverted question, area converted", [TEXAS]),
    ]


def _conversion_specs() -> list[Spec]:
    """Numbers given in the request: no lookup, no question to the user."""
    tools = [C, F]
    return [
        Spec("unit_conversion", "The thermostat reads 21 °C — what's that in Fahrenheit?",
             tools, lambda fs, u: 21 * 9 / 5 + 32, "21 * 9 / 5 + 32",
             "context with a symbol, then question"),
        Spec("unit_conversion", "Convert a speed of 100 km/h into miles per hour.", tools,
             lambda fs, u: 100 / MILE_KM, "100 / 1.609344", "imperative, speed"),
        Spec("unit_conversion", "The vet says our dog weighs 165 pounds. Put that in kilos for "
             "me.", tools, lambda fs, u: 165 * POUND_KG, "165 * 0.45359237",
             "context, then casual imperative ('kilos'), weight"),
        Spec("unit_conversion", "I have a two-litre bottle of water. How many US fluid ounces "
             "does it hold?", tools, lambda fs, u: 2 / US_FLOZ_L, "2 / 0.0295735295625",
             "context with the number in words, volume"),
        Spec("unit_conversion", "A hiking trail is 7.5 miles long; I need that in kilometres.",
             tools, lambda fs, u: 7.5 * MILE_KM, "7.5 * 1.609344",
             "context, then statement of need, length"),
    ]


def _word_problem_specs() -> list[Spec]:
    """Every number in the request: calculate, answer."""
    tools = [C, F]
    return [
        Spec("word_problem", "I bought three notebooks at 2.35 each and a pen for 1.90, and "
             "paid with a twenty. How much change should I get?", tools,
             lambda fs, u: 20 - (3 * 2.35 + 1.90), "20 - (3 * 2.35 + 1.90)",
             "shopping with change; 'three' and 'a twenty' in words"),
        Spec("word_problem", "Sixty stickers: the teacher keeps six and shares the rest "
             "equally among nine pupils. How many does each pupil get?", tools,
             lambda fs, u: (60 - 6) / 9, "(60 - 6) / 9", "sharing; numbers in words"),
        Spec("word_problem", "Walking at a steady 4.5 km an hour, how many minutes will a "
             "3.6 km route take me?", tools, lambda fs, u: 3.6 / 4.5 * 60, "3.6 / 4.5 * 60",
             "rate and time, hours to minutes"),
        Spec("word_problem", "The sofa was listed at 1,240 and I got 15 percent knocked off, "
             "then paid 40 for delivery. What did it cost me altogether?", tools,
             lambda fs, u: 1240 * (1 - 0.15) + 40, "1240 * 0.85 + 40",
             "discount, then a fee; casual"),
        Spec("word_problem", "My bowling scores this week: 132, 147, 119 and 158. What's the "
             "mean?", tools, lambda fs, u: (132 + 147 + 119 + 158) / 4,
             "(132 + 147 + 119 + 158) / 4", "average, 'mean'"),
        Spec("word_problem", "Lena has twice as many marbles as Omar, who has seventeen. How "
             "many marbles do the two of them have between them?", tools,
             lambda fs, u: 17 + 2 * 17, "17 + 2 * 17", "'twice as many'; number in words"),
        Spec("word_problem", "The hall holds 640 and we've sold 472 tickets. How many more "
             "can we sell before it's full?", tools, lambda fs, u: 640 - 472, "640 - 472",
             "'how many more'"),
        Spec("word_problem", "A farmer plants 12 rows of 25 lettuces. Slugs ruin one in five, "
             "and he packs the rest into crates of 20. How many crates does he fill?", tools,
             lambda fs, u: 12 * 25 * (1 - 1 / 5) / 20, "12 * 25 * 4 / 5 / 20",
             "multi-step: product, a fraction lost, groups"),
    ]


def _user_specs() -> list[Spec]:
    """Requests that need the user's own numbers (ask_user, calculate, answer)."""
    tools = [A, C, F]
    return [
        Spec("user_numbers", "Internet comes on a monthly bill. Roughly what am I paying for "
             "it each week?", tools, lambda fs, u: u.monthly * 12 / 52,
             "monthly * 12 / 52", "context sentence, then question; a monthly figure made "
             "weekly", user=[_user("monthly", ("internet", "broadband", "bill", "month",
                                               "pay", "cost", "how much", "price", "plan"),
                                   "It's 39 a month.", 39)], tol="measure"),
        Spec("user_numbers", "My daughter gets pocket money every week. Over a 38-week school "
             "year, how much is that?", tools, lambda fs, u: u.weekly * 38, "weekly * 38",
             "context sentence; the period in the request, the rate from the user",
             user=[_user("weekly", ("pocket money", "allowance", "daughter", "week",
                                    "how much", "give", "get"),
                         "She gets 7.50 a week.", 7.5)]),
        Spec("user_numbers", "We rented a holiday cottage together with some other families. "
             "How much does each family owe?", tools, lambda fs, u: u.cost / u.families,
             "cost / families", "context sentence; two facts: a count and a total",
             user=[_user("families", ("families", "how many", "households", "sharing",
                                      "split between", "divided"),
                         "Three families, ours included.", 3),
                   _user("cost", ("cottage", "cost", "price", "total", "how much", "rent",
                                  "pay", "bill"),
                         "The cottage cost 2,310 for the week.", 2310)]),
        Spec("user_numbers", "I want to finish my novel before the library wants it back. How "
             "many pages a day do I need to read?", tools, lambda fs, u: u.pages / u.days,
             "pages / days", "context sentence; two facts: pages left and days left",
             user=[_user("days", ("days", "due", "deadline", "until", "return",
                                  "how long do you have", "when"),
                         "It's due back in 14 days.", 14),
                   _user("pages", ("pages", "page", "remain", "left", "how long is the",
                                   "how much"),
                         "I still have 378 pages to go.", 378)]),
        Spec("user_numbers", "I'm tiling the kitchen floor. How many tiles will I need?",
             tools, lambda fs, u: u.area / (u.side / 100) ** 2, "area / (side / 100)**2",
             "context sentence; an area in square metres and a side in centimetres",
             user=[_user("area", ("floor", "kitchen", "room", "area", "square met", "m2",
                                  "m²"),
                         "The floor is 12.6 square metres.", 12.6),
                   _user("side", ("tile", "cm", "centimet", "how big", "size", "dimension"),
                         "Each tile is a 30 cm square.", 30)]),
        Spec("user_numbers", "How much do I put into my pension over a year?", tools,
             lambda fs, u: u.percent / 100 * u.salary * 12, "percent / 100 * salary * 12",
             "question; a percentage of a monthly salary, over a year",
             user=[_user("percent", ("percent", "%", "pension", "contribut", "rate",
                                     "proportion", "how much of"),
                         "I put 8 percent of my salary into it.", 8),
                   _user("salary", ("salary", "earn", "income", "wage", "gross", "before tax",
                                    "month"),
                         "I earn 3,100 a month before tax.", 3100)]),
    ]


def _lookup_user_specs() -> list[Spec]:
    """A fact looked up, combined with a number the user gives."""
    tools = [S, A, C, F]
    return [
        Spec("lookup_user", "My great-grandfather was born in the 1890s. What age was he when "
             "World War I ended?", tools, lambda fs, u: fs[0].end - u.born,
             "World War I end - great-grandfather born",
             "context with a vague decade; a relative's age", [WWI],
             user=[_user("born", ("great-grand", "grandfather", "born", "birth", "year", "old",
                                  "age"),
                         "He was born in 1896.", 1896)], tol="year"),
        Spec("lookup_user", "If I drove the full length of the Andes, covering my usual "
             "distance each day, how many days would it take?", tools,
             lambda fs, u: fs[0].km / u.daily, "Andes km / daily km",
             "hypothetical; a stated length over the user's daily distance", [ANDES],
             user=[_user("daily", ("distance", "how far", "km", "kilomet", "a day", "per day",
                                   "daily", "drive", "cover", "miles"),
                         "On a long trip I manage about 550 km a day.", 550)]),
        Spec("lookup_user", "How many more people live in Valparaíso than in my town?", tools,
             lambda fs, u: fs[0].people - u.people, "Valparaíso people - town people",
             "'how many more'; a difference of populations", [VALPARAISO],
             user=[_user("people", ("population", "people", "inhabitants", "residents",
                                    "how many", "town", "live", "size", "big"),
                         "My town has about 41,500 inhabitants.", 41500)]),
        Spec("lookup_user", "Dad was born some years after Mother Teresa. How many years, "
             "exactly?", tools, lambda fs, u: u.born - fs[0].born,
             "father born - Mother Teresa born", "short context, then fragment question",
             [TERESA],
             user=[_user("born", ("dad", "father", "born", "birth", "year", "when"),
                         "He was born in 1957.", 1957)]),
    ]


def _compare_specs() -> list[Spec]:
    """Two entities; the answer names the one that wins (no value)."""
    tools = [S, S, F]
    return [
        Spec("compare", "Simón Bolívar, Gioachino Rossini: who came first, going by birth "
             "year?", tools, _wins(lambda f: f.born, most=False), "min born",
             "names first, then 'who came first'", [BOLIVAR, ROSSINI]),
        Spec("compare", "Which of them had the longer life, Niels Henrik Abel or Federico "
             "García Lorca?", tools, _wins(_life_years, most=True), "max (died - born)",
             "'which of them', names after", [ABEL, LORCA]),
        Spec("compare", "Lake Van and Bengaluru: which one lies higher above sea level?",
             tools, _wins(lambda f: f.m, most=True), "max m",
             "names first, 'lies higher above sea level'", [LAKE_VAN, BENGALURU]),
    ]


def _two_entity_specs() -> list[Spec]:
    calc2 = [S, S, C, F]
    return [
        Spec("two_entities", "How many years separate the deaths of Winston Churchill and "
             "Alfred Hitchcock?", calc2, lambda fs, u: fs[1].died - fs[0].died,
             "Hitchcock died - Churchill died", "'separate the deaths of'",
             [CHURCHILL, HITCHCOCK]),
        Spec("two_entities", "Duke Ellington arrived how many years after Johann Strauss II "
             "was born?", calc2, lambda fs, u: fs[0].born - fs[1].born,
             "Ellington born - Strauss born", "'arrived' for a birth", [ELLINGTON, STRAUSS]),
        Spec("two_entities", "Alexander Pushkin was killed in a duel. How long after his death "
             "was Boris Pasternak born?", calc2, lambda fs, u: fs[1].born - fs[0].died,
             "Pasternak born - Pushkin died", "context sentence, then 'how long after'",
             [PUSHKIN, PASTERNAK]),
    ]


def spec_list() -> list[Spec]:
    return (_lookup_specs() + _quantity_specs() + _conversion_specs() + _word_problem_specs()
            + _user_specs() + _lookup_user_specs() + _compare_specs() + _two_entity_specs())


if __name__ == "__main__":
    sys.exit(main(specs=spec_list(), out=OUT, prefix="devfresh",
                  description=__doc__.split("\n\n")[0]))
