"""Write or check `data/requests/real_dev_lookups.jsonl`, a development set of lookups and
conversions in new words (`real-dev-lookups`).

The broad test set found regressions in lookups (a death year followed by a pointless
lifespan calculation, conversions routed to `ask_user`) that no development set covered; this
set covers them for choosing between adapters and settings, so the test set stays unread.
Written on 2026-12-06 (session 14) without reading `real_broad_test.jsonl`: every entity is
held out of training (`gba.simulation.corpus.held_out`) and none is in another request set
(a unit test checks both); the phrasings are our own.

Same machinery as `scripts/check_broad_set.py` (each fact's snippet checked against the
offline corpus, every answer computed with code):

    PYTHONPATH=$PWD python scripts/check_dev_lookups.py            # check the committed file
    PYTHONPATH=$PWD python scripts/check_dev_lookups.py --write    # regenerate it
    PYTHONPATH=$PWD python scripts/check_dev_lookups.py --search   # and the index finds each

>>> len(spec_list())
42
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from check_broad_set import (  # noqa: E402 - the sibling script
    FOOT_M,
    INCH_CM,
    MILE_KM,
    OUNCE_G,
    POUND_KG,
    ROOT,
    SQMI_KM2,
    US_GALLON_L,
    C,
    F,
    S,
    Spec,
    fact,
    main,
)

OUT = ROOT / "data" / "requests" / "real_dev_lookups.jsonl"


def _life(entity: str, quote: str, born: int, died: int):
    return fact(entity, quote, born=born, died=died)


RICARDO = _life("David Ricardo", "British economist and politician (1772–1823)", 1772, 1823)
LEIGH = _life("Vivien Leigh", "British actress (1913–1967)", 1913, 1967)
SIBELIUS = _life("Jean Sibelius", "Finnish composer (1865–1957)", 1865, 1957)
MENDEL = _life("Gregor Mendel", "Austrian biologist and friar (1822–1884)", 1822, 1884)
WREN = _life("Christopher Wren", "English architect (1632–1723)", 1632, 1723)
BRODSKY = _life("Joseph Brodsky", "Russian poet (1940–1996)", 1940, 1996)
BOULEZ = _life("Pierre Boulez", "French composer and conductor (1925–2016)", 1925, 2016)
LEMAITRE = _life("Georges Lemaître", "Belgian scientist and Catholic priest (1894–1966)",
                 1894, 1966)
NAIPAUL = _life("V. S. Naipaul", "Trinidadian writer (1932–2018)", 1932, 2018)
BIRUNI = _life("Al-Biruni", "Persian scholar and polymath (973–1050)", 973, 1050)
LAWRENCE = _life("T. E. Lawrence", "British Army officer, diplomat and writer (1888–1935)",
                 1888, 1935)
RIMSKY = _life("Nikolai Rimsky-Korsakov", "Russian composer (1844–1908)", 1844, 1908)
MALINOWSKI = _life("Bronisław Malinowski", "Polish anthropologist and ethnographer (1884–1942)",
                   1884, 1942)
DARWIN = _life("Charles Darwin", "English naturalist and biologist (1809–1882)", 1809, 1882)
PAULI = _life("Wolfgang Pauli", "Austrian physicist (1900–1958)", 1900, 1958)
FRESNEL = _life("Augustin-Jean Fresnel", "French optical physicist (1788–1827)", 1788, 1827)
HUGO = _life("Victor Hugo", "French writer and politician (1802–1885)", 1802, 1885)
BARTOK = _life("Béla Bartók", "Hungarian composer (1881–1945)", 1881, 1945)
EASTMAN = _life("George Eastman", "American entrepreneur, inventor, and photographer "
                "(1854–1932)", 1854, 1932)
AKHMATOVA = _life("Anna Akhmatova", "Russian and Soviet poet (1889–1966)", 1889, 1966)
KROPOTKIN = _life("Peter Kropotkin", "Russian anarchist (1842–1921)", 1842, 1921)
JONSON = _life("Ben Jonson", "English playwright, poet, and actor (1572–1637)", 1572, 1637)


def _span(entity: str, quote: str, start: int, end: int):
    return fact(entity, quote, start=start, end=end)


THATCHER = _span("Margaret Thatcher", "Prime Minister of the United Kingdom from 1979 to 1990",
                 1979, 1990)
AKBAR = _span("Akbar", "Mughal emperor from 1556 to 1605", 1556, 1605)
GRAN_COLOMBIA = _span("Gran Colombia",
                      "Republic in South and Central America from 1819 to 1831", 1819, 1831)
HIROHITO = _span("Hirohito", "Emperor of Japan from 1926 to 1989", 1926, 1989)
YELTSIN = _span("Boris Yeltsin", "President of Russia from 1991 to 1999", 1991, 1999)
NOTRE_DAME = _span("Notre-Dame de Paris", "Cathedral in Paris, France, built 1163–1345",
                   1163, 1345)

KYUSHU = fact("Kyushu", "Kyushu has a land area of 36,782 square kilometres", km2=36782)
NEVA = fact("Neva", "Despite its modest length of 74 kilometres", km=74)
LUXOR = fact("Luxor", "Luxor had a population of 284,952 in 2023", people=284952)
ULAANBAATAR = fact("Ulaanbaatar", "at an elevation of about 1,300 metres", m=1300)
ARABIA = fact("Arabian Peninsula", "With an area of 3,237,500 km2", km2=3237500)
LOIRE = fact("Loire", "With a length of 1,006 kilometres (625 mi)", km=1006)
K2 = fact("K2", "at 8,611 metres (28,251 ft) above sea level", m=8611)
NEW_GUINEA = fact("New Guinea", "with an area of 785,753 km2 (303,381 sq mi)", km2=785753)
BELARUS = fact("Belarus", "Belarus spans an area of 207,600 square kilometres (80,200 sq mi)",
               km2=207600)


def _one(attr: str):
    return lambda fs, u: getattr(fs[0], attr)


def _lived(fs, u):
    return fs[0].died - fs[0].born


def spec_list() -> list[Spec]:
    look, calc, calc2 = [S, F], [S, C, F], [S, S, C, F]
    died, born = _one("died"), _one("born")
    return [
        # death years: one search, no calculation
        Spec("death_year", "In what year did David Ricardo pass away?", look, died,
             "died", "question, 'pass away'", [RICARDO]),
        Spec("death_year", "Vivien Leigh's death: which year was it?", look, died,
             "died", "possessive noun, then the question", [LEIGH]),
        Spec("death_year", "Tell me the year Jean Sibelius died.", look, died,
             "died", "imperative", [SIBELIUS]),
        Spec("death_year", "Gregor Mendel died when? Just the year, please.", look, died,
             "died", "inverted question, filler after", [MENDEL]),
        Spec("death_year", "Do you know what year Christopher Wren passed on?", look, died,
             "died", "indirect question, 'passed on'", [WREN]),
        Spec("death_year", "Year of Joseph Brodsky's death?", look, died,
             "died", "fragment", [BRODSKY]),
        # birth years
        Spec("birth_year", "Pierre Boulez came into this world in which year?", look, born,
             "born", "statement turned question", [BOULEZ]),
        Spec("birth_year", "Which year saw the birth of Georges Lemaître?", look, born,
             "born", "'saw the birth of'", [LEMAITRE]),
        Spec("birth_year", "I'd like to know the birth year of V. S. Naipaul.", look, born,
             "born", "statement of need", [NAIPAUL]),
        Spec("birth_year", "Al-Biruni: born in what year?", look, born,
             "born", "name first, fragment", [BIRUNI]),
        Spec("birth_year", "Find out what year T. E. Lawrence was born.", look, born,
             "born", "imperative", [LAWRENCE]),
        # lifespans and ages at death: search, subtract
        Spec("lifespan", "How many years was Nikolai Rimsky-Korsakov alive?", calc, _lived,
             "died - born", "'alive'", [RIMSKY], tol="year"),
        Spec("lifespan", "What age had Bronisław Malinowski reached when he died?", calc,
             _lived, "died - born", "'age had reached'", [MALINOWSKI], tol="year"),
        Spec("lifespan", "Charles Darwin lived to what age?", calc, _lived,
             "died - born", "inverted", [DARWIN], tol="year"),
        Spec("lifespan", "Work out how long Wolfgang Pauli's life lasted, in years.", calc,
             _lived, "died - born", "imperative, 'life lasted'", [PAULI], tol="year"),
        Spec("lifespan", "Augustin-Jean Fresnel died young. How old was he?", calc, _lived,
             "died - born", "context sentence first", [FRESNEL], tol="year"),
        # events, reigns and offices: a year, or a duration
        Spec("event", "For how many years was Margaret Thatcher prime minister?", calc,
             lambda fs, u: fs[0].end - fs[0].start, "end - start", "office length",
             [THATCHER]),
        Spec("event", "Akbar began his rule over the Mughal Empire in which year?", look,
             _one("start"), "start", "start of a reign", [AKBAR]),
        Spec("event", "When did Gran Colombia cease to exist?", look, _one("end"), "end",
             "'cease to exist'", [GRAN_COLOMBIA]),
        Spec("event", "How long did Hirohito reign, in years?", calc,
             lambda fs, u: fs[0].end - fs[0].start, "end - start", "reign length",
             [HIROHITO], tol="year"),
        Spec("event", "In what year did Boris Yeltsin's presidency end?", look, _one("end"),
             "end", "end of an office", [YELTSIN]),
        Spec("event", "How many years did the building of Notre-Dame de Paris take?", calc,
             lambda fs, u: fs[0].end - fs[0].start, "end - start", "construction time",
             [NOTRE_DAME]),
        # quantities stated in a summary, as stated
        Spec("quantity", "What is the land area of Kyushu?", look, _one("km2"), "km2",
             "plain question", [KYUSHU]),
        Spec("quantity", "How long is the river Neva?", look, _one("km"), "km",
             "'the river X'", [NEVA]),
        Spec("quantity", "Roughly how many people live in Luxor?", look, _one("people"),
             "people", "'roughly', population", [LUXOR]),
        Spec("quantity", "At what altitude does Ulaanbaatar lie?", look, _one("m"), "m",
             "'altitude', 'lie'", [ULAANBAATAR]),
        Spec("quantity", "How large is the Arabian Peninsula?", look, _one("km2"), "km2",
             "'how large'", [ARABIA]),
        # a quantity found, then converted
        Spec("quantity", "How long is the Loire in miles?", calc,
             lambda fs, u: fs[0].km / MILE_KM, "km / 1.609344", "found then converted",
             [LOIRE]),
        Spec("quantity", "Give me the height of K2 in feet.", calc,
             lambda fs, u: fs[0].m / FOOT_M, "m / 0.3048", "imperative, converted", [K2]),
        Spec("quantity", "What is the area of New Guinea in square miles?", calc,
             lambda fs, u: fs[0].km2 / SQMI_KM2, "km2 / 1.609344**2", "area converted",
             [NEW_GUINEA]),
        Spec("quantity", "How many square miles does Belarus cover?", calc,
             lambda fs, u: fs[0].km2 / SQMI_KM2, "km2 / 1.609344**2", "'how many sq mi'",
             [BELARUS]),
        # two entities in one calculation
        Spec("two_entities", "How many years after Victor Hugo's birth was Béla Bartók born?",
             calc2, lambda fs, u: fs[1].born - fs[0].born, "Bartók born - Hugo born",
             "nested 'after X's birth'", [HUGO, BARTOK]),
        Spec("two_entities", "George Eastman died how many years before Anna Akhmatova?",
             calc2, lambda fs, u: fs[1].died - fs[0].died, "Akhmatova died - Eastman died",
             "'died how many years before'", [EASTMAN, AKHMATOVA]),
        Spec("two_entities", "What was the gap in years between the births of Ben Jonson and "
             "Peter Kropotkin?", calc2, lambda fs, u: fs[1].born - fs[0].born,
             "Kropotkin born - Jonson born", "'gap between the births'", [JONSON, KROPOTKIN]),
        Spec("two_entities", "Add up the lifespans of Gregor Mendel and Charles Darwin.",
             calc2, lambda fs, u: (fs[0].died - fs[0].born) + (fs[1].died - fs[1].born),
             "(Mendel died - born) + (Darwin died - born)", "imperative sum of two lives",
             [MENDEL, DARWIN], tol="year"),
        # conversions with the numbers given (no lookup, no question to the user)
        Spec("unit_conversion", "A recipe wants 12 ounces of flour. How many grams is that?",
             [C, F], lambda fs, u: 12 * OUNCE_G, "12 * 28.349523125", "context, then question"),
        Spec("unit_conversion", "My suitcase weighs 23 kg; what is that in pounds?", [C, F],
             lambda fs, u: 23 / POUND_KG, "23 / 0.45359237", "'my', but the number is given"),
        Spec("unit_conversion", "Express 5 kilometres in miles.", [C, F],
             lambda fs, u: 5 / MILE_KM, "5 / 1.609344", "imperative 'express'"),
        Spec("unit_conversion", "The room is 4.5 metres long. How many feet is that?", [C, F],
             lambda fs, u: 4.5 / FOOT_M, "4.5 / 0.3048", "context, then question"),
        Spec("unit_conversion", "Turn 3 US gallons into litres.", [C, F],
             lambda fs, u: 3 * US_GALLON_L, "3 * 3.785411784", "imperative 'turn into'"),
        Spec("unit_conversion", "How many inches are in 1.8 metres?", [C, F],
             lambda fs, u: 180 / INCH_CM, "180 / 2.54", "'how many X in Y'"),
        Spec("unit_conversion", "What's 70 degrees Fahrenheit in Celsius?", [C, F],
             lambda fs, u: (70 - 32) * 5 / 9, "(70 - 32) * 5 / 9", "temperature"),
    ]


if __name__ == "__main__":
    sys.exit(main(specs=spec_list(), out=OUT, prefix="devlook",
                  description=__doc__.split("\n\n")[0]))
