"""Write or check `data/requests/real_broad_test.jsonl`, the broad real test set (issue 18, item 5).

Every request is written here as data: its text, its kind, the facts it needs from the offline
Wikipedia summaries (each with the exact snippet of the summary it relies on), the numbers the
simulated user gives, and the computation of the answer. The script checks every fact against the
corpus (the entity's title exists; the snippet is in its description or extract; each value is
written in the snippet), computes each answer with code, and either writes the JSONL (`--write`)
or checks that the committed file is exactly what it would write (the default; exit status 1 on
any difference or failed fact).

Leaves out running the agent on the set (gba.evaluation.runner, `request_set("real-broad-test")`)
and any comparison with the training generator's phrasings (the set was written without reading
it).

    PYTHONPATH=$PWD python scripts/check_broad_set.py            # check the committed file
    PYTHONPATH=$PWD python scripts/check_broad_set.py --write    # regenerate it
    PYTHONPATH=$PWD python scripts/check_broad_set.py --corpus /path/summaries_en-us.json
    PYTHONPATH=$PWD python scripts/check_broad_set.py --search   # and the index finds each entity

>>> _tolerance_one_year(73)
0.0137
>>> _answer_text(466.66666)
'466.67'
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "requests" / "real_broad_test.jsonl"

S, C, A, F = "search_wikipedia", "calculate_number", "ask_user", "final_answer"

# unit factors (exact by definition)
MILE_KM = 1.609344
FOOT_M = 0.3048
INCH_CM = 2.54
POUND_KG = 0.45359237
OUNCE_G = 28.349523125
US_GALLON_L = 3.785411784
US_FLOZ_L = 0.0295735295625
ACRE_HA = 0.40468564224
SQMI_KM2 = MILE_KM**2
SQFT_M2 = FOOT_M**2


@dataclass
class Fact:
    """One entity's facts as one snippet of its summary states them."""

    entity: str
    quote: str
    values: dict[str, float]
    short: str = ""  # a shorter name a correct comparison answer may use


def fact(entity: str, quote: str, short: str = "", **values: float) -> Fact:
    return Fact(entity, quote, values, short)


@dataclass
class UserFact:
    """What the simulated user answers when asked (under each key), and the number in it."""

    name: str  # the attribute the spec's calc reads (u.<name>)
    keys: tuple[str, ...]
    text: str
    value: float


@dataclass
class Spec:
    kind: str
    text: str
    tools: list[str]
    calc: Callable[..., float | str]
    how: str
    form: str
    facts: list[Fact] = field(default_factory=list)
    user: list[UserFact] = field(default_factory=list)
    tol: str = "auto"  # auto | exact | year | measure


def _born_first(fs, u):
    return min(fs, key=lambda f: f.born)


def spec_list() -> list[Spec]:
    """The requests, in id order."""
    out: list[Spec] = []

    def add(kind, text, tools, calc, how, form, facts=(), user=(), tol="auto"):
        out.append(Spec(kind, text, list(tools), calc, how, form, list(facts), list(user), tol))

    # --- word problems: the values are in the request -----------------------------------------
    wp, calc_only = "word_problem", [C, F]
    add(wp, "I buy seven boxes of pencils with twelve pencils in each box and give fifteen of "
        "them to my niece. How many pencils do I have left?", calc_only,
        lambda f, u: 7 * 12 - 15, "7*12 - 15", "question, numbers in words")
    add(wp, "A train covers 336 km in 2 hours and 24 minutes. What's its average speed in km/h?",
        calc_only, lambda f, u: 336 / (2 + 24 / 60), "336 / 2.4", "question, rate")
    add(wp, "My four test scores were 78, 85, 91 and 66. Work out my average score.", calc_only,
        lambda f, u: (78 + 85 + 91 + 66) / 4, "mean", "imperative, average")
    add(wp, "There's a jacket for $120 with 35% off. How much would I actually pay for it?",
        calc_only, lambda f, u: 120 * (1 - 0.35), "120 * 0.65", "question, percentage")
    add(wp, "A square vegetable patch has an area of 196 square metres. How long is one side?",
        calc_only, lambda f, u: math.sqrt(196), "sqrt(196)", "question, root")
    add(wp, "Three friends put in 45, 60 and 75 euros for a present that ends up costing 150 "
        "euros. How much money is left over?", calc_only, lambda f, u: 45 + 60 + 75 - 150,
        "45+60+75-150", "question, multi-step")
    add(wp, "A culture starts with 500 bacteria and doubles every hour. I need the count after "
        "6 hours.", calc_only, lambda f, u: 500 * 2**6, "500 * 2^6", "statement of need, power")
    add(wp, "Hi! My recipe for four people uses 300 grams of flour. How much flour should I use "
        "for ten people?", calc_only, lambda f, u: 300 / 4 * 10, "300/4*10",
        "greeting + question, proportion")
    add(wp, "If I read 18 pages an hour, how many hours will a 450-page novel take me?",
        calc_only, lambda f, u: 450 / 18, "450/18", "conditional question, rate")
    add(wp, "A phone costs 899 euros including 19% VAT. What was its price before VAT was "
        "added?", calc_only, lambda f, u: 899 / 1.19, "899 / 1.19", "question, reverse percentage")
    add(wp, "Twelve workers can build a wall in nine days. Working at the same pace, how many "
        "days would eighteen workers need?", calc_only, lambda f, u: 12 * 9 / 18, "12*9/18",
        "question, inverse proportion, numbers in words")
    add(wp, "Could you take the cube of 14 and subtract the square root of 2,025 from it?",
        calc_only, lambda f, u: 14**3 - math.sqrt(2025), "14^3 - sqrt(2025)",
        "polite request, power and root")

    # --- unit conversions, both directions ------------------------------------------------------
    uc = "unit_conversion"
    add(uc, "I'm 5 feet 9 inches tall. What is that in centimetres?", calc_only,
        lambda f, u: (5 * 12 + 9) * INCH_CM, "69 in * 2.54", "statement + question, imperial->metric")
    add(uc, "convert 3.2 mi to km", calc_only, lambda f, u: 3.2 * MILE_KM, "3.2 * 1.609344",
        "informal imperative, abbreviated")
    add(uc, "A thermometer reads 98.6 °F. What temperature is that in Celsius?", calc_only,
        lambda f, u: (98.6 - 32) * 5 / 9, "(98.6-32)*5/9", "question, temperature")
    add(uc, "How many pounds does an 85 kg suitcase weigh?", calc_only,
        lambda f, u: 85 / POUND_KG, "85 / 0.45359237", "question, metric->imperial")
    add(uc, "Turn 2.5 litres into US fluid ounces, please.", calc_only,
        lambda f, u: 2.5 / (US_FLOZ_L), "2.5 / 0.0295735", "polite imperative")
    add(uc, "The motorway limit is 120 km/h. How fast is that in miles per hour?", calc_only,
        lambda f, u: 120 / MILE_KM, "120 / 1.609344", "statement + question, speed")
    add(uc, "How many ounces are there in 250 grams of butter?", calc_only,
        lambda f, u: 250 / OUNCE_G, "250 / 28.3495", "question, mass")
    add(uc, "Express six acres in hectares.", calc_only, lambda f, u: 6 * ACRE_HA,
        "6 * 0.404686", "imperative, area, number in words")
    add(uc, "I need 1,500 feet expressed in metres.", calc_only, lambda f, u: 1500 * FOOT_M,
        "1500 * 0.3048", "statement of need, length")
    add(uc, "What is minus forty degrees Fahrenheit in degrees Celsius?", calc_only,
        lambda f, u: (-40 - 32) * 5 / 9, "(-40-32)*5/9", "question, negative in words")
    add(uc, "Our flat is 75 square metres. How many square feet is that?", calc_only,
        lambda f, u: 75 / SQFT_M2, "75 / 0.09290304", "statement + question, area")
    add(uc, "How many US gallons fit in a 50-litre tank?", calc_only,
        lambda f, u: 50 / US_GALLON_L, "50 / 3.785411784", "question, volume")

    # --- birth years ----------------------------------------------------------------------------
    by, one_search = "birth_year", [S, F]
    people_born = [
        ("What year did Lev Vygotsky come into the world?", "Lev Vygotsky", "(1896–1934)",
         1896, 1934, "question, idiom"),
        ("Tell me the birth year of Ernest Shackleton.", "Ernest Shackleton", "(1874–1922)",
         1874, 1922, "imperative"),
        ("I need to know when Aretha Franklin was born, just the year please.",
         "Aretha Franklin", "(1942–2018)", 1942, 2018, "statement of need"),
        ("Søren Kierkegaard was born in which year?", "Søren Kierkegaard", "(1813–1855)", 1813,
         1855, "question, subject first"),
        ("Could you look up what year Caroline Herschel was born?", "Caroline Herschel",
         "(1750–1848)", 1750, 1848, "polite question"),
        ("Quick one: Alfred Nobel's year of birth?", "Alfred Nobel", "(1833–1896)", 1833, 1896,
         "informal fragment"),
        ("In which year was Frédéric Chopin born, if you don't mind me asking?",
         "Frédéric Chopin", "(1810–1849)", 1810, 1849, "question with filler"),
        ("Find out the year Ursula K. Le Guin was born.", "Ursula K. Le Guin", "(1929–2018)",
         1929, 2018, "imperative"),
        ("The mathematician Carl Friedrich Gauss: what year was he born?",
         "Carl Friedrich Gauss", "(1777–1855)", 1777, 1855, "topic then question"),
        ("For my essay I need the year Pierre de Coubertin was born. What is it?",
         "Pierre de Coubertin", "(1863–1937)", 1863, 1937, "context + question"),
    ]
    for text, name, quote, born, died, form in people_born:
        add(by, text, one_search, lambda f, u: f[0].born, "born", form,
            [fact(name, quote, born=born, died=died)])

    # --- death years ----------------------------------------------------------------------------
    dy = "death_year"
    people_died = [
        ("What year did Edmund Hillary pass away?", "Edmund Hillary", "(1919–2008)", 1919, 2008,
         "question, euphemism"),
        ("When did Malcolm X die? Only the year, please.", "Malcolm X", "(1925–1965)", 1925,
         1965, "question + constraint"),
        ("Joan of Arc died in what year?", "Joan of Arc", "(1412–1431)", 1412, 1431,
         "question, subject first"),
        ("Tell me the year John Logie Baird died.", "John Logie Baird", "(1888–1946)", 1888,
         1946, "imperative"),
        ("I'd like to know the year of Leonard Bernstein's death.", "Leonard Bernstein",
         "(1918–1990)", 1918, 1990, "statement of wish"),
        ("Look up when Richard Feynman died.", "Richard Feynman", "(1918–1988)", 1918, 1988,
         "imperative"),
        ("What was the year of Che Guevara's death?", "Che Guevara", "(1928–1967)", 1928, 1967,
         "question, noun phrase"),
        ("Edgar Degas, year of death?", "Edgar Degas", "(1834–1917)", 1834, 1917,
         "informal fragment"),
        ("Can you find out which year Friedrich Hayek passed away?", "Friedrich Hayek",
         "(1899–1992)", 1899, 1992, "polite question"),
        ("Albert Camus died young in a car crash. Which year was that?", "Albert Camus",
         "(1913–1960)", 1913, 1960, "context + question"),
    ]
    for text, name, quote, born, died, form in people_died:
        add(dy, text, one_search, lambda f, u: f[0].died, "died", form,
            [fact(name, quote, born=born, died=died)])

    # --- lifespans (the corpus gives years only: an age may be one less) -------------------------
    ls, search_calc = "lifespan", [S, C, F]
    lives = [
        ("How old was Lewis Carroll when he died?", "Lewis Carroll", "(1832–1898)", 1832, 1898,
         "year", "question, age"),
        ("At what age did Oliver Cromwell die?", "Oliver Cromwell", "(1599–1658)", 1599, 1658,
         "year", "question, age"),
        ("How many years passed between the year Henry Cavendish was born and the year he died?",
         "Henry Cavendish", "(1731–1810)", 1731, 1810, "exact", "question, years between"),
        ("Roughly how old was Alexander Graham Bell at his death?", "Alexander Graham Bell",
         "(1847–1922)", 1847, 1922, "year", "question, hedged"),
        ("Work out how long Thomas Mann's life was, in years.", "Thomas Mann", "(1875–1955)",
         1875, 1955, "year", "imperative"),
        ("The blues musician Robert Johnson died young. How old was he?", "Robert Johnson",
         "(1911–1938)", 1911, 1938, "year", "context + question"),
        ("Count the years from David Hilbert's birth year to his death year.", "David Hilbert",
         "(1862–1943)", 1862, 1943, "exact", "imperative, years between"),
        ("What age did Jackie Robinson reach?", "Jackie Robinson", "(1919–1972)", 1919, 1972,
         "year", "question, reach an age"),
        ("Christopher Marlowe didn't live long, did he? How many years was that?",
         "Christopher Marlowe", "(1564–1593)", 1564, 1593, "year", "tag question + question"),
        ("I'm curious how old Auguste Rodin was when he passed away.", "Auguste Rodin",
         "(1840–1917)", 1840, 1917, "year", "statement of curiosity"),
    ]
    for text, name, quote, born, died, tol, form in lives:
        add(ls, text, search_calc, lambda f, u: f[0].died - f[0].born, "died - born", form,
            [fact(name, quote, born=born, died=died)], tol=tol)

    # --- two entities in one calculation --------------------------------------------------------
    te, two = "two_entities", [S, S, C, F]

    def person(name, quote, born, died, short=""):
        return fact(name, quote, short, born=born, died=died)

    add(te, "How many years apart were Carl Sagan and Richard Pryor born?", two,
        lambda f, u: abs(f[0].born - f[1].born), "|born1 - born2|", "question, apart",
        [person("Carl Sagan", "(1934–1996)", 1934, 1996),
         person("Richard Pryor", "(1940–2005)", 1940, 2005)])
    add(te, "How many years after Antoine Watteau died was Francisco Goya born?", two,
        lambda f, u: f[1].born - f[0].died, "born2 - died1", "nested question",
        [person("Antoine Watteau", "(1684–1721)", 1684, 1721),
         person("Francisco Goya", "(1746–1828)", 1746, 1828)])
    add(te, "Humphrey Bogart and Lucille Ball: how many years separate their birth years?", two,
        lambda f, u: abs(f[0].born - f[1].born), "|born1 - born2|", "topic then question",
        [person("Humphrey Bogart", "(1899–1957)", 1899, 1957),
         person("Lucille Ball", "(1911–1989)", 1911, 1989)])
    add(te, "Work out the gap in years between the births of Louis Armstrong and Billie Holiday.",
        two, lambda f, u: abs(f[0].born - f[1].born), "|born1 - born2|", "imperative",
        [person("Louis Armstrong", "(1901–1971)", 1901, 1971),
         person("Billie Holiday", "(1915–1959)", 1915, 1959)])
    add(te, "By how many years was Max Born older than James Chadwick?", two,
        lambda f, u: f[1].born - f[0].born, "born2 - born1", "question, older",
        [person("Max Born", "(1882–1970)", 1882, 1970),
         person("James Chadwick", "(1891–1974)", 1891, 1974)], tol="year")
    add(te, "How long after Percy Bysshe Shelley's death did Charles Baudelaire die?", two,
        lambda f, u: f[1].died - f[0].died, "died2 - died1", "question, how long after",
        [person("Percy Bysshe Shelley", "(1792–1822)", 1792, 1822),
         person("Charles Baudelaire", "(1821–1867)", 1821, 1867)])
    add(te, "Sofya Kovalevskaya and Henri Poincaré were both mathematicians. How many years "
        "lie between the years they were born?", two, lambda f, u: abs(f[0].born - f[1].born),
        "|born1 - born2|", "context + question",
        [person("Sofya Kovalevskaya", "(1850–1891)", 1850, 1891),
         person("Henri Poincaré", "(1854–1912)", 1854, 1912)])
    add(te, "How old was Isaac Newton when Edmond Halley was born?", two,
        lambda f, u: f[1].born - f[0].born, "born2 - born1", "nested question, age",
        [person("Isaac Newton", "(1642–1727)", 1642, 1727),
         person("Edmond Halley", "(1656–1742)", 1656, 1742)], tol="year")
    add(te, "I'd like to know how many years passed between the death of John Dryden and the "
        "birth of Samuel Johnson.", two, lambda f, u: f[1].born - f[0].died, "born2 - died1",
        "statement of wish",
        [person("John Dryden", "(1630–1700)", 1630, 1700),
         person("Samuel Johnson", "(1709–1784)", 1709, 1784)])
    add(te, "How many more years did Marvin Gaye live than Janis Joplin?", two,
        lambda f, u: (f[0].died - f[0].born) - (f[1].died - f[1].born),
        "(died1-born1) - (died2-born2)", "question, difference of lifespans",
        [person("Marvin Gaye", "(1939–1984)", 1939, 1984),
         person("Janis Joplin", "(1943–1970)", 1943, 1970)], tol="year")
    add(te, "How many years after the American Civil War ended did the Spanish–American War "
        "take place?", two, lambda f, u: f[1].start - f[0].end, "start2 - end1",
        "nested question, two events",
        [fact("American Civil War", "1861–1865 conflict in the United States", start=1861,
              end=1865),
         fact("Spanish–American War", "1898 conflict between Spain and the United States",
              start=1898)])

    # --- events, states and periods ---------------------------------------------------------------
    ev = "event"
    add(ev, "When did the Thirty Years' War end?", one_search, lambda f, u: f[0].end, "end",
        "question, end",
        [fact("Thirty Years' War", "Major war in Central Europe (1618–1648)", start=1618,
              end=1648)])
    add(ev, "How long did the Ayutthaya Kingdom last?", search_calc,
        lambda f, u: f[0].end - f[0].start, "end - start", "question, duration",
        [fact("Ayutthaya Kingdom", "Siamese kingdom in Southeast Asia (1351–1767)", start=1351,
              end=1767)])
    add(ev, "In what year did the Crimean War break out?", one_search, lambda f, u: f[0].start,
        "start", "question, idiom for start",
        [fact("Crimean War", "Tenth conflict of the Russo-Turkish wars (1853–1856)", start=1853,
              end=1856)])
    add(ev, "The Berlin Wall: for how many years did it stand?", search_calc,
        lambda f, u: f[0].end - f[0].start, "end - start", "topic then question, duration",
        [fact("Berlin Wall", "Cold War barrier around West Berlin (1961–1989)", start=1961,
              end=1989)])
    add(ev, "What year did the Safavid dynasty come to an end?", one_search,
        lambda f, u: f[0].end, "end", "question, idiom for end",
        [fact("Safavid dynasty", "Twelver Shīʿa ruling dynasty of Iran (1501–1736)", start=1501,
              end=1736)])
    add(ev, "Tell me when the Spanish Civil War started. Just the year.", one_search,
        lambda f, u: f[0].start, "start", "imperative + constraint",
        [fact("Spanish Civil War", "1936–1939 civil war in Spain", start=1936, end=1939)])
    add(ev, "For how many years did the Austrian Empire exist?", search_calc,
        lambda f, u: f[0].end - f[0].start, "end - start", "question, existence",
        [fact("Austrian Empire", "Empire in Europe from 1804 to 1867", start=1804, end=1867)])
    add(ev, "When was the Boxer Rebellion over?", one_search, lambda f, u: f[0].end, "end",
        "question, over",
        [fact("Boxer Rebellion", "1899–1901 anti-foreign uprising in China", start=1899,
              end=1901)])
    add(ev, "I need the number of years the Sikh Empire existed, from start to finish.",
        search_calc, lambda f, u: f[0].end - f[0].start, "end - start", "statement of need",
        [fact("Sikh Empire", "Empire on the Indian subcontinent, 1799–1849", start=1799,
              end=1849)])
    add(ev, "Which year marked the end of the Tokugawa shogunate?", one_search,
        lambda f, u: f[0].end, "end", "question, marked the end",
        [fact("Tokugawa shogunate", "1603–1868 Japanese military government", start=1603,
              end=1868)])

    # --- quantities stated in the summaries -------------------------------------------------------
    qu = "quantity"
    add(qu, "How tall is Angel Falls in metres?", one_search, lambda f, u: f[0].height_m,
        "height", "question, height",
        [fact("Angel Falls", "with a height of 979 metres (3,212 ft)", height_m=979)])
    add(qu, "What is the summit elevation of Aconcagua in feet?", search_calc,
        lambda f, u: f[0].height_m / FOOT_M, "6967.15 m / 0.3048", "question, then conversion",
        [fact("Aconcagua", "With a summit elevation of 6,967.15 metres", height_m=6967.15)])
    add(qu, "How long is the Danube in miles?", [S, F], lambda f, u: f[0].length_km / MILE_KM,
        "2850 km in miles (the summary also states 1,770 mi)", "question, unit given",
        [fact("Danube", "flows southeast for 2,850 km (1,770 mi)", length_km=2850,
              length_mi=1770)])
    add(qu, "Find the maximum depth of Great Slave Lake.", one_search, lambda f, u: f[0].depth_m,
        "depth (m)", "imperative, depth",
        [fact("Great Slave Lake", "the deepest lake in North America at 614 m (2,014 ft)",
              depth_m=614)])
    add(qu, "What's the area of Albania in square kilometres?", one_search,
        lambda f, u: f[0].area_km2, "area", "question, area",
        [fact("Albania", "With an area of 28,748 km2 (11,100 sq mi)", area_km2=28748)])
    add(qu, "Denali is listed in feet. I want its height in metres.", one_search,
        lambda f, u: f[0].height_ft * FOOT_M,
        "20310 ft * 0.3048 (the summary also states 6,190 m)", "statement of need",
        [fact("Denali", "with a summit elevation of 20,310 feet (6,190 m)", height_ft=20310,
              height_m=6190)])
    add(qu, "How far is a marathon in miles?", search_calc,
        lambda f, u: f[0].distance_km / MILE_KM, "42.195 km / 1.609344",
        "question, then conversion",
        [fact("Marathon", "a distance of 42.195 kilometres", distance_km=42.195)])
    add(qu, "Roughly how many people live in Bhutan?", one_search, lambda f, u: f[0].population,
        "population", "question, population",
        [fact("Bhutan", "With a population of over 800,000 (800,871)", population=800871)])
    add(qu, "Give me the length of the Grand Canyon in kilometres.", one_search,
        lambda f, u: f[0].length_mi * MILE_KM, "277 mi * 1.609344 (the summary states 446 km)",
        "imperative, length",
        [fact("Grand Canyon", "The Grand Canyon is 277 miles (446 km) long", length_mi=277,
              length_km=446)])
    add(qu, "How many days would it take to walk the length of the Great Barrier Reef at 25 "
        "kilometres a day?", search_calc, lambda f, u: f[0].length_km / 25, "2300 / 25",
        "question, lookup then rate",
        [fact("Great Barrier Reef", "stretching for over 2,300 kilometres (1,400 mi)",
              length_km=2300)])
    add(qu, "The Angara river in Siberia: how long is it, in km?", one_search,
        lambda f, u: f[0].length_km, "length", "topic then question",
        [fact("Angara", "It is 1,849 kilometres (1,149 mi) long", length_km=1849)])

    # --- comparisons and orderings (exactly one right name) ----------------------------------------
    cp, pair = "compare", [S, S, F]
    add(cp, "Which came first into the world, Machado de Assis or Henryk Sienkiewicz?", pair,
        _born_first, "earlier birth", "question, idiom",
        [person("Machado de Assis", "(1839–1908)", 1839, 1908, "Machado"),
         person("Henryk Sienkiewicz", "(1846–1916)", 1846, 1916, "Sienkiewicz")])
    add(cp, "Of Lope de Vega and Cardinal Richelieu, who was older?", pair, _born_first,
        "earlier birth", "question, older",
        [person("Lope de Vega", "(1562–1635)", 1562, 1635, "Lope"),
         person("Cardinal Richelieu", "(1585–1642)", 1585, 1642, "Richelieu")])
    add(cp, "Did Gottlob Frege or Richard Dedekind die first?", pair,
        lambda f, u: min(f, key=lambda x: x.died), "earlier death", "either-or question",
        [person("Gottlob Frege", "(1848–1925)", 1848, 1925, "Frege"),
         person("Richard Dedekind", "(1831–1916)", 1831, 1916, "Dedekind")])
    add(cp, "Who lived longer, Lillian Gish or Shirley Temple?", pair,
        lambda f, u: max(f, key=lambda x: x.died - x.born), "longer life", "question, longer",
        [person("Lillian Gish", "(1893–1993)", 1893, 1993, "Gish"),
         person("Shirley Temple", "(1928–2014)", 1928, 2014, "Temple")])
    add(cp, "Which mountain is higher: Mount Kilimanjaro or Mount Elbrus?", pair,
        lambda f, u: max(f, key=lambda x: x.height_m), "greater height", "question, higher",
        [fact("Mount Kilimanjaro", "at 5,895 m (19,341 ft) above sea level", "Kilimanjaro",
              height_m=5895),
         fact("Mount Elbrus", "rising 5,642 m (18,510 ft) above sea level", "Elbrus",
              height_m=5642)])
    add(cp, "Tell me which river is longer, the Colorado River or the Columbia River.", pair,
        lambda f, u: max(f, key=lambda x: x.length_mi), "greater length", "imperative",
        [fact("Colorado River", "The 1,450-mile-long (2,330 km) river", "Colorado",
              length_mi=1450),
         fact("Columbia River", "The river is 1,243 miles long", "Columbia", length_mi=1243)])
    add(cp, "Is Djibouti or Equatorial Guinea bigger by area?", pair,
        lambda f, u: max(f, key=lambda x: x.area_km2), "larger area", "yes-no form, either-or",
        [fact("Djibouti", "The country has an area of 23,200 km2", "Djibouti", area_km2=23200),
         fact("Equatorial Guinea", "It has an area of 28,000 square kilometres",
              "Equatorial Guinea", area_km2=28000)])
    add(cp, "Which began earlier, the Song dynasty or the Seljuk Empire?", pair,
        lambda f, u: min(f, key=lambda x: x.start), "earlier start", "question, two periods",
        [fact("Song dynasty", "Imperial dynasty of China (960–1279)", "Song", start=960,
              end=1279),
         fact("Seljuk Empire", "Turco-Persianate empire (1037–1194)", "Seljuk", start=1037,
              end=1194)])
    add(cp, "Who died younger, Franz Schubert or Évariste Galois?", pair,
        lambda f, u: min(f, key=lambda x: x.died - x.born), "shorter life", "question, younger",
        [person("Franz Schubert", "(1797–1828)", 1797, 1828, "Schubert"),
         person("Évariste Galois", "(1811–1832)", 1811, 1832, "Galois")])
    add(cp, "Which capital lies at a higher elevation, Addis Ababa or Asmara?", pair,
        lambda f, u: max(f, key=lambda x: x.elevation_m), "higher elevation",
        "question, two places",
        [fact("Addis Ababa", "At an elevation of 2,355 metres (7,726 ft)", "Addis",
              elevation_m=2355),
         fact("Asmara", "It sits at an elevation of 2,325 metres (7,628 ft)", "Asmara",
              elevation_m=2325)])
    add(cp, "Between Walter Gropius and Frank Lloyd Wright, who was born later?", pair,
        lambda f, u: max(f, key=lambda x: x.born), "later birth", "question, later",
        [person("Walter Gropius", "(1883–1969)", 1883, 1969, "Gropius"),
         person("Frank Lloyd Wright", "(1867–1959)", 1867, 1959, "Wright")])

    # --- the user's own numbers ---------------------------------------------------------------------
    # `keys` are the words that, found in the agent's question, select the answer (gba.tools.
    # ask_user.ScriptedAnswers with a dict): the first fact whose key occurs answers.
    un = "user_numbers"

    def ask(n):
        return [A] * n + [C, F]

    add(un, "What's my share of the rent each month?", ask(2),
        lambda f, u: u.rent / u.people, "rent / people", "question, needs the user",
        user=[UserFact("rent", ("rent",), "My rent is 1,400 euros a month.", 1400),
              UserFact("people", ("people", "flatmate", "roommate", "share", "live"),
                       "We are three people in total.", 3)])
    add(un, "How much do I earn in a year if I work 52 weeks?", ask(2),
        lambda f, u: u.wage * u.hours * 52, "wage * hours * 52", "question, needs the user",
        user=[UserFact("hours", ("week", "how many hours"), "I work 38 hours a week.", 38),
              UserFact("wage", ("wage", "pay", "earn", "hourly", "per hour", "an hour"),
                       "I earn 18.50 dollars an hour.", 18.5)])
    add(un, "Please calculate my BMI.", ask(2),
        lambda f, u: u.weight / u.height**2, "kg / m^2", "polite imperative, body",
        user=[UserFact("weight", ("weigh", "kg", "kilo"), "I weigh 72 kilograms.", 72),
              UserFact("height", ("tall", "height"), "I am 1.78 metres tall.", 1.78)])
    add(un, "How tall am I in feet?", ask(1), lambda f, u: u.height_cm / 100 / FOOT_M,
        "cm / 30.48", "question, body + conversion",
        user=[UserFact("height_cm", ("tall", "height", "centimet"),
                       "I'm 183 centimetres tall.", 183)])
    add(un, "How long will my drive take?", ask(2), lambda f, u: u.distance / u.speed,
        "distance / speed", "question, trip",
        user=[UserFact("speed", ("speed", "fast", "per hour", "km/h"),
                       "I usually average 90 km/h.", 90),
              UserFact("distance", ("distance", "far", "long", "kilomet"),
                       "The trip is 540 kilometres.", 540)])
    add(un, "I need to know how much fuel my road trip will use.", ask(2),
        lambda f, u: u.distance / 100 * u.consumption, "distance/100 * l_per_100km",
        "statement of need, trip",
        user=[UserFact("consumption", ("consum", "fuel", "litre", "liter", "economy", "car"),
                       "My car uses 6.4 litres per 100 kilometres.", 6.4),
              UserFact("distance", ("distance", "far", "long", "kilomet"),
                       "The road trip is 1,250 kilometres long.", 1250)])
    add(un, "How much will I have saved by the end of the year?", ask(2),
        lambda f, u: u.monthly * u.months, "monthly * months", "question, savings",
        user=[UserFact("months", ("months left", "months remain", "how many months"),
                       "There are 7 months left this year.", 7),
              UserFact("monthly", ("save", "saving", "put aside", "amount", "month"),
                       "I save 250 pounds a month.", 250)])
    add(un, "What will my salary be after my raise?", ask(2),
        lambda f, u: u.salary * (1 + u.raise_pct / 100), "salary * (1 + raise)",
        "question, salary",
        user=[UserFact("raise_pct", ("raise", "percent", "increase", "%"),
                       "The raise is 4 percent.", 4),
              UserFact("salary", ("salary", "earn", "make", "income"),
                       "I make 52,000 a year.", 52000)])
    add(un, "Figure out how many hours I spend commuting in a year.", ask(2),
        lambda f, u: u.minutes * 2 * u.days * 46 / 60, "minutes*2*days*46/60",
        "imperative, commute",
        user=[UserFact("days", ("days", "how often", "office", "week"),
                       "I go to the office 4 days a week, 46 weeks a year.", 4),
              UserFact("minutes", ("commute", "minute", "long", "each way"),
                       "My commute is 45 minutes each way.", 45)])
    add(un, "How old will I be in 2040?", ask(1), lambda f, u: 2040 - u.born, "2040 - born",
        "question, age", tol="year",
        user=[UserFact("born", ("born", "birth", "old", "year"), "I was born in 1996.", 1996)])
    add(un, "Can you split the restaurant bill for us?", ask(2),
        lambda f, u: u.bill / u.people, "bill / people", "polite request, bill",
        user=[UserFact("people", ("people", "how many", "person", "guests"),
                       "There were 4 of us.", 4),
              UserFact("bill", ("bill", "total", "cost", "amount"),
                       "The bill came to 137.60 dollars.", 137.6)])

    # --- a lookup mixed with the user's own number ---------------------------------------------------
    lu, mixed = "lookup_user", [S, A, C, F]
    born_keys = ("born", "birth", "old", "year")

    def born_in(year, who="I was"):
        return [UserFact("born", born_keys, f"{who} born in {year}.", year)]

    add(lu, "How old was I when the Cold War ended?", mixed, lambda f, u: f[0].end - u.born,
        "end - user born", "question, user age at event", tol="year",
        facts=[fact("Cold War", "1947–1991 geopolitical rivalry between US and USSR",
                    start=1947, end=1991)], user=born_in(1979))
    add(lu, "How old was I when Stan Lee died?", mixed, lambda f, u: f[0].died - u.born,
        "died - user born", "question, user age at death", tol="year",
        facts=[person("Stan Lee", "(1922–2018)", 1922, 2018)], user=born_in(1988))
    add(lu, "How many years older than me is Zaha Hadid, going by birth years?", mixed,
        lambda f, u: u.born - f[0].born, "user born - born", "question, birth-year gap",
        facts=[person("Zaha Hadid", "(1950–2016)", 1950, 2016)], user=born_in(1975))
    add(lu, "How many years after the end of World War II was I born?", mixed,
        lambda f, u: u.born - f[0].end, "user born - end", "nested question, event and user",
        facts=[fact("World War II", "Global conflict (1939–1945)", start=1939, end=1945)],
        user=born_in(1962))
    add(lu, "My grandfather fought in the Second Boer War. How old was he when it ended?", mixed,
        lambda f, u: f[0].end - u.born, "end - grandfather born", "context + question",
        tol="year",
        facts=[fact("Second Boer War", "1899–1902 war in South Africa", start=1899, end=1902)],
        user=[UserFact("born", ("grandfather",) + born_keys, "My grandfather was born in 1880.",
                       1880)])
    add(lu, "How many of me, stacked head to toe, would it take to reach the top of Angel Falls?",
        mixed, lambda f, u: f[0].height_m / u.height, "979 / user height", "question, body",
        facts=[fact("Angel Falls", "with a height of 979 metres (3,212 ft)", height_m=979)],
        user=[UserFact("height", ("tall", "height", "metre", "meter"), "I'm 1.75 metres tall.",
                       1.75)])
    add(lu, "If I drove the whole length of the Great Rift Valley at my usual highway speed, how "
        "many hours would that take?", mixed, lambda f, u: f[0].length_km / u.speed,
        "6500 / user speed", "conditional question, trip",
        facts=[fact("Great Rift Valley", "approximately 6,500 kilometres (4,000 mi) in total "
                    "length", length_km=6500)],
        user=[UserFact("speed", ("speed", "fast", "highway", "usual", "drive"),
                       "I drive about 100 km/h on the highway.", 100)])
    add(lu, "How old was I when Václav Havel died?", mixed, lambda f, u: f[0].died - u.born,
        "died - user born", "question, user age at death", tol="year",
        facts=[person("Václav Havel", "(1936–2011)", 1936, 2011)], user=born_in(2001))
    add(lu, "I want to know how old I was when the September 11 attacks happened.", mixed,
        lambda f, u: f[0].year - u.born, "year - user born", "statement of wish", tol="year",
        facts=[fact("September 11 attacks", "2001 terror attacks in the U.S.", year=2001)],
        user=born_in(1990))
    return out


# --- checking and building ---------------------------------------------------------------------------


def load_corpus(path: str | None) -> dict[str, dict]:
    if path is None:
        from gba.retrieval.corpus import offline_summaries_path

        path = str(offline_summaries_path())
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {e["title"]: e for e in data.values() if e.get("title")}


WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}


def numbers_in(text: str) -> set[float]:
    """Every number written in `text`, in digits ('2,850', '18.50') or as a small word."""
    import re

    found = {float(m.replace(",", "")) for m in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}
    return found | {float(v) for w, v in WORDS.items() if re.search(rf"\b{w}\b", text.lower())}


def check_fact(corpus: dict[str, dict], f: Fact) -> tuple[str, list[str]]:
    """The summary field that holds the quote, and the problems found."""
    entry = corpus.get(f.entity)
    if entry is None:
        return "", [f"{f.entity}: no such title in the corpus"]
    where = ""
    for name in ("description", "extract"):
        if f.quote in " ".join((entry.get(name) or "").split()):
            where = name
            break
    problems = [] if where else [f"{f.entity}: quote not in its summary: {f.quote!r}"]
    for attr, value in f.values.items():
        if float(value) not in numbers_in(f.quote):
            problems.append(f"{f.entity}: {attr}={value} is not written in {f.quote!r}")
    return where, problems


def _tolerance_one_year(value: float) -> float:
    """Relative tolerance that admits one year either side of `value` (years only in corpus)."""
    return math.ceil(10_000 / abs(value)) / 10_000


def _answer_text(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def build(corpus: dict[str, dict], specs: list[Spec] | None = None, prefix: str = "broad"
          ) -> tuple[list[dict], list[str]]:
    """The JSONL records of `specs` (default: this set's), ids `<prefix>-000` on, and every
    problem found while building them."""
    from gba.simulation.records import GroundTruth
    from gba.trajectory import Request

    records, problems = [], []
    for i, spec in enumerate(spec_list() if specs is None else specs):
        rid = f"{prefix}-{i:03d}"
        evidence, facts = [], []
        for f in spec.facts:
            where, found = check_fact(corpus, f)
            problems += [f"{rid}: {p}" for p in found]
            evidence.append({"entity": f.entity, "field": where, "quote": f.quote})
            facts.append(SimpleNamespace(name=f.entity, short=f.short, **f.values))
        for uf in spec.user:
            if float(uf.value) not in numbers_in(uf.text):
                problems.append(f"{rid}: user value {uf.value} not in {uf.text!r}")
        keys = [k.lower() for uf in spec.user for k in uf.keys]
        if len(set(keys)) != len(keys):
            problems.append(f"{rid}: a user-fact key is listed twice: {keys}")
        user_ns = SimpleNamespace(**{uf.name: uf.value for uf in spec.user})
        result = spec.calc(facts, user_ns)
        must: list[str] = []
        if isinstance(result, SimpleNamespace):  # a comparison: one entity wins
            others = [f for f in facts if f is not result]
            if any(_key_equal(spec, result, o) for o in others):
                problems.append(f"{rid}: comparison is a tie")
            answer, value, tol = result.name, None, 0.01
            must = [result.name] + ([result.short] if result.short != result.name else [])
            for o in others:
                if any(m.lower() in o.name.lower() for m in must if m):
                    problems.append(f"{rid}: {must} also names the loser {o.name}")
        else:
            value = round(float(result), 4)
            answer = _answer_text(value)
            tol = _tolerance(spec, value)
        user_facts = {k: uf.text for uf in spec.user for k in uf.keys}
        truth = GroundTruth(
            answer=answer, value=value, tolerance=tol, must_mention=must, tools=spec.tools,
            kind=spec.kind, entities=[f.entity for f in spec.facts], user_facts=user_facts,
            details={"evidence": evidence,
                     "facts": {f.entity: f.values for f in spec.facts},
                     "user_values": {uf.name: uf.value for uf in spec.user},
                     "computation": spec.how, "form": spec.form,
                     **({"other": [o.name for o in others]} if must else {})})
        request = Request(id=rid, text=spec.text, source="real", ground_truth=truth.model_dump())
        records.append(request.model_dump())
    return records, problems


def _key_equal(spec: Spec, a: SimpleNamespace, b: SimpleNamespace) -> bool:
    """Whether the comparison's key ties (recomputed on a pair)."""
    win = spec.calc([a, b], None)
    swapped = spec.calc([b, a], None)
    return win is not swapped


def _tolerance(spec: Spec, value: float) -> float:
    mode = spec.tol
    if mode == "auto":
        if spec.kind in ("unit_conversion", "quantity"):
            mode = "measure"
        else:
            mode = "exact" if float(value).is_integer() else "measure"
    if mode == "year":
        return _tolerance_one_year(value)
    return {"exact": 0.0, "measure": 0.01}[mode]


def search_report(records: list[dict], k: int = 3) -> list[str]:
    """Entities the offline index does not return in its top `k` hits, neither for the entity's
    name nor for the request's text (needs the built index; reads it, never builds it)."""
    from gba.retrieval.index import load_index

    searcher = load_index()
    misses = []
    for r in records:
        for title in r["ground_truth"]["entities"]:
            ranks = []
            for query in (title, r["text"]):
                titles = [hit.title for hit in searcher.search(query, k=k)]
                ranks.append(titles.index(title) + 1 if title in titles else None)
            print(f"{r['id']} {title}: rank by name {ranks[0]}, by request {ranks[1]}")
            if ranks == [None, None]:
                misses.append(f"{r['id']}: {title} not in the top {k} for its name or request")
    return misses


def dump(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n"
                   for r in records)


def main(argv: list[str] | None = None, specs: list[Spec] | None = None, out: Path = OUT,
         prefix: str = "broad", description: str = "") -> int:
    """The command line; another set's script passes its own `specs`, `out` and `prefix`."""
    parser = argparse.ArgumentParser(description=description or __doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="regenerate the JSONL")
    parser.add_argument("--corpus", help="summaries_en-us.json (default: the installed one)")
    parser.add_argument("--show", action="store_true", help="print each request's evidence")
    parser.add_argument("--search", action="store_true",
                        help="also check that the offline index finds each entity (top 3)")
    args = parser.parse_args(argv)
    try:
        corpus = load_corpus(args.corpus)
    except Exception as exc:  # GBAError or a bad path: one line, cause and fix
        print(f"cannot read the corpus: {exc} (pass --corpus PATH)", file=sys.stderr)
        return 2
    records, problems = build(corpus, specs, prefix)
    if args.show:
        for r in records:
            t = r["ground_truth"]
            quotes = "; ".join(f"{e['entity']} [{e['field']}]: {e['quote']}"
                               for e in t["details"]["evidence"])
            print(f"{r['id']} {t['kind']:15} {t['answer']:>22} | {r['text']} | {quotes}")
    if args.search:
        problems += search_report(records)
    for p in problems:
        print("PROBLEM", p, file=sys.stderr)
    text = dump(records)
    kinds = Counter(r["ground_truth"]["kind"] for r in records)
    print(f"{len(records)} requests: " + ", ".join(f"{k} {n}" for k, n in kinds.items()))
    if problems:
        return 1
    if args.write:
        out.write_text(text, encoding="utf-8")
        print(f"wrote {out.relative_to(ROOT)}")
        return 0
    if not out.is_file() or out.read_text(encoding="utf-8") != text:
        print(f"{out.relative_to(ROOT)} differs from what this script writes: run with --write",
              file=sys.stderr)
        return 1
    print("every fact checked against the corpus; the committed file matches")
    return 0


if __name__ == "__main__":
    sys.exit(main())
