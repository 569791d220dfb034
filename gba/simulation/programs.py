"""Requests as small programs over the real corpus and the user's own values.

A program is a composition of typed operations: *look up* an attribute of a real entity
(gba.simulation.corpus: people's birth and death years, periods' start and end years, places'
areas, elevations, heights, lengths, depths and populations), *ask* the user for a value only
they know, take values *given* in the request, then *compute* (differences, offsets, unit
conversions, shares, rates, percentages, powers, averages) or *compare*. Each program shape
below builds its decomposition (oracle steps with their scripted observations), the answer
computed from the program, and the request in words through gba.simulation.phrasing, so one
shape meets many entities, attributes, frames and wordings.

Held out of training: whole shapes (`HELD_OUT_SHAPES`), a whole phrasing family (see
phrasing.py; for word problems, the last wording of each), and one real entity in five of
every kind (corpus.py).

Leaves out: orderings of three or more (no strict scoring rule for lists yet) and facts the
corpus parser does not read (dates within a year, names of founders).

>>> import random
>>> d = SHAPES["fact"](random.Random(4), Ctx())
>>> d.steps[0].tool, d.kind
('search_wikipedia', 'lookup')
>>> SHAPES["word_problem"](random.Random(1), Ctx()).steps[0].tool
'calculate_number'
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from gba.numbers import fmt_value
from gba.simulation.asks import OWN, Own
from gba.simulation.asks import compose as compose_ask
from gba.simulation.corpus import RealEntity, pool
from gba.simulation.draft import Draft, OracleStep, comparison_step
from gba.simulation.phrasing import frame, say
from gba.simulation.stories import compose
from gba.tools.units import convert

HELD_OUT_SHAPES = frozenset({"fact_ratio", "fact_percent", "fact_sum"})


@dataclass(frozen=True)
class Ctx:
    """Which side of each held-out split a request is drawn from."""

    entities: bool = False  # held-out real entities
    phrasing: bool = False  # the held-out phrasing family / wordings


def variant(rng: random.Random, options: list[str], held: bool) -> str:
    """One wording: the last is held out (for test_phrasings), the others train."""
    if len(options) < 2:
        return options[0]
    return options[-1] if held else rng.choice(options[:-1])


# ---- real entities and what is asked of them ----------------------------------------------

THE_LAST = {"War", "Wars", "Revolution", "Empire", "Dynasty", "Kingdom", "Period", "Era",
            "Age", "Republic", "Caliphate", "Union", "Crisis", "Rebellion", "Movement",
            "Renaissance", "Reformation", "Sultanate", "Khanate", "Confederation", "Conquest",
            "Commonwealth", "Independence", "River", "Sea", "Ocean", "Desert", "Mountains",
            "Canal", "Trench", "Falls", "Islands", "Alps", "Andes", "Himalayas", "Sahara",
            "Crusade", "Invasion", "Occupation", "Restoration", "Enlightenment", "Depression",
            "Plague", "Trilogy", "Basin", "Peninsula", "Strait", "Channel", "Range"}
OFFICE = re.compile(r"^(?P<role>[A-Z][^()]*?) from \d{3,4} to \d{3,4}$")


def name(e: RealEntity) -> str:
    """How the entity is named in a sentence ('the Cold War', 'Charles Darwin')."""
    title = e.title
    words = title.split()
    if (words[-1] in THE_LAST or title in THE_LAST or title.startswith(("Gulf of", "Bay of")))\
            and not title.startswith("The "):
        return "the " + title
    return title


EVENT_WORDS = re.compile(r"(?i)\b(war|wars|conflict|empire|dynasty|kingdom|period|era|age|"
                         r"revolution|rebellion|movement|republic|caliphate|style|"
                         r"series|invasion|crisis|process|uprising|"
                         r"occupation|confederation|sultanate|khanate|novel|film|trilogy|"
                         r"epidemic|pandemic|famine|campaign|expedition|conquest|history)\b")


def office(e: RealEntity) -> str | None:
    """'Chancellor of Germany' for a person's term in office ('Chancellor of Germany from
    1871 to 1890'), else None (an event, state or period)."""
    m = OFFICE.match(e.description)
    if not m or e.kind != "period" or EVENT_WORDS.search(m.group("role")):
        return None
    role = m.group("role")
    return role[0].lower() + role[1:] if role.split()[0] in ("Head", "Leader") else role


def happened(e: RealEntity, attr: str) -> str:
    """The event of `attr` as a clause: 'Charles Darwin died', 'the Cold War ended'."""
    n, role = name(e), office(e)
    if role and attr in ("start_year", "end_year"):
        return f"{n} became {role}" if attr == "start_year" else f"{n}'s time as {role} ended"
    return {"birth_year": f"{n} was born", "death_year": f"{n} died",
            "start_year": f"{n} began", "end_year": f"{n} ended"}[attr]


def did(e: RealEntity, attr: str) -> str:
    """The same event as a question's verb phrase: 'did Charles Darwin die'."""
    n, role = name(e), office(e)
    if role and attr in ("start_year", "end_year"):
        return (f"did {n} become {role}" if attr == "start_year"
                else f"did {n}'s time as {role} end")
    return {"birth_year": f"was {n} born", "death_year": f"did {n} die",
            "start_year": f"did {n} begin", "end_year": f"did {n} end"}[attr]


WORKS = re.compile(r"(?i)\b(novel|film|album|trilogy|series|painting|opera|book|poem|song)\b")


def usable(e: RealEntity) -> bool:
    return not (e.kind == "period" and WORKS.search(e.description)) and ("," not in e.title and "(" not in e.title and len(e.title) <= 40
            and not e.title[:1].isdigit())


def entity(rng: random.Random, ctx: Ctx, kind: str, attr: str,
           where: Callable[[RealEntity], bool] | None = None,
           avoid: tuple[RealEntity, ...] = ()) -> RealEntity:
    options = [e for e in pool(kind, ctx.entities, attr)  # type: ignore[arg-type]
               if usable(e) and e not in avoid and (where is None or where(e))]
    if not options:
        raise LookupError(f"no {kind} with {attr} for this split")
    return rng.choice(options)


def shown(attr: str, v: float, e: RealEntity | None = None) -> str:
    """A value as the scripted search states it (as the passage writes it, for `e`)."""
    if e is not None and attr in e.stated and e.attrs.get(attr) == v:
        return e.stated[attr]
    if attr == "population" or (v >= 10_000 and v == int(v)):
        return f"{int(v):,}"
    return fmt_value(v)


UNIT = {"area_km2": "km²", "elevation_m": "m", "height_m": "m", "length_km": "km",
        "depth_m": "m"}

# attr -> (questions, embedded clauses, search-task clauses, fact sentence); {n} = name
ASKS: dict[str, tuple[list[str], list[str], str]] = {
    "birth_year": (["When was {n} born?", "In what year was {n} born?",
                    "What year was {n} born in?", "What is {n}'s year of birth?",
                    "{n} was born in which year?", "Which year was {n} born?"],
                   ["when {n} was born", "the year {n} was born", "what year {n} was born",
                    "{n}'s birth year", "in which year {n} was born"],
                   "{n} was born in {v}."),
    "death_year": (["When did {n} die?", "In what year did {n} die?",
                    "What year did {n} pass away?", "When did {n} pass away?",
                    "In which year did {n} die?", "What was {n}'s year of death?"],
                   ["when {n} died", "the year {n} died", "what year {n} passed away",
                    "{n}'s year of death", "in which year {n} died"],
                   "{n} died in {v}."),
    "start_year": (["When did {n} begin?", "In what year did {n} start?",
                    "When did {n} start?", "What year did {n} begin?",
                    "In which year did {n} begin?"],
                   ["when {n} began", "the year {n} started", "what year {n} began",
                    "in which year {n} started"],
                   "{n} began in {v}."),
    "end_year": (["When did {n} end?", "In what year did {n} end?",
                  "What year did {n} come to an end?", "When was the end of {n}?",
                  "In which year did {n} end?"],
                 ["when {n} ended", "the year {n} ended", "what year {n} came to an end",
                  "in which year {n} ended"],
                 "{n} ended in {v}."),
    "area_km2": (["What is the area of {n}?", "How large is {n} in square kilometres?",
                  "How big is {n}?", "What area does {n} cover?", "How many km² is {n}?"],
                 ["the area of {n}", "how large {n} is", "how many square kilometres {n} covers",
                  "the size of {n}"],
                 "{n} has an area of {v} km²."),
    "elevation_m": (["What is the elevation of {n}?", "How high is {n}?",
                     "At what altitude is {n}?", "How high above sea level is {n}?",
                     "What altitude does {n} reach?"],
                    ["the elevation of {n}", "how high {n} is", "the altitude of {n}",
                     "how far above sea level {n} is"],
                    "{n} has an elevation of {v} m."),
    "height_m": (["How tall is {n}?", "What is the height of {n}?", "How high is {n}?"],
                 ["how tall {n} is", "the height of {n}", "how high {n} is"],
                 "{n} is {v} m tall."),
    "length_km": (["How long is {n}?", "What is the length of {n}?",
                   "How many kilometres long is {n}?"],
                  ["how long {n} is", "the length of {n}", "how many kilometres long {n} is"],
                  "{n} is {v} km long."),
    "depth_m": (["How deep is {n}?", "What is the depth of {n}?"],
                ["how deep {n} is", "the depth of {n}"],
                "{n} has a depth of {v} m."),
    "population": (["What is the population of {n}?", "How many people live in {n}?",
                    "How many inhabitants does {n} have?", "What's the population of {n}?",
                    "How populous is {n}?"],
                   ["the population of {n}", "how many people live in {n}",
                    "how many inhabitants {n} has"],
                   "{n} has a population of {v}."),
}
OFFICE_ASKS = {
    "start_year": (["When did {n} become {r}?", "In what year did {n} become {r}?",
                    "What year did {n} take office as {r}?"],
                   ["when {n} became {r}", "the year {n} became {r}"],
                   "{n} became {r} in {v}."),
    "end_year": (["When did {n}'s time as {r} end?", "Until what year was {n} {r}?",
                  "In what year did {n} stop being {r}?"],
                 ["when {n}'s time as {r} ended", "until what year {n} was {r}",
                  "the year {n} stopped being {r}"],
                 "{n} was {r} until {v}."),
}
SEARCH_TASKS = ["Find {E}.", "Look up {E}.", "Search Wikipedia for {E}.", "Find out {E}."]
SPAN_FACTS = {"person": "{n} lived from {a} to {b}.", "period": "{n} lasted from {a} to {b}."}
KIND_OF = {"birth_year": "person", "death_year": "person", "start_year": "period",
           "end_year": "period"}
QUANTITIES = ["area_km2", "elevation_m", "height_m", "length_km", "depth_m", "population"]


def asks(e: RealEntity, attr: str) -> tuple[list[str], list[str], str]:
    role = office(e)
    if role and attr in OFFICE_ASKS:
        qs, es, fact = OFFICE_ASKS[attr]
        return ([q.replace("{r}", role) for q in qs], [x.replace("{r}", role) for x in es],
                fact.replace("{r}", role))
    return ASKS[attr]


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def fact_text(e: RealEntity, attrs: list[str]) -> str:
    """The sentence the scripted search answers with for `attrs` of `e`."""
    n = cap(name(e))
    if len(attrs) == 2 and e.kind in SPAN_FACTS:
        a, b = (int(e.attrs[x]) for x in attrs)
        role = office(e)
        if role:
            return f"{n} was {role} from {a} to {b}."
        return SPAN_FACTS[e.kind].format(n=n, a=a, b=b)
    attr = attrs[0]
    return cap(asks(e, attr)[2].format(n=name(e), v=shown(attr, e.attrs[attr], e)))


WHOLE_SPAN = 0.6  # asked one year of a span, the search states both this often (0.3 until
# v16: after "X lived from 1772 to 1823" lifespans outnumbered death years 17 to 1 among the
# planner's examples, and v13 computed a lifespan for "In what year did X pass away?")


def search(rng: random.Random, e: RealEntity, attrs: list[str]) -> OracleStep:
    """A search step for `attrs` of `e`. Asked for one year of a two-year span, the scripted
    search sometimes states the whole span, as a real answer may: the roles after it must
    still pick the year that was asked (WHOLE_SPAN of the time)."""
    stated = attrs
    if len(attrs) == 1 and attrs[0] in KIND_OF and rng.random() < WHOLE_SPAN:
        stated = ["birth_year", "death_year"] if e.kind == "person" else ["start_year",
                                                                         "end_year"]
    clauses = [c for attr in attrs for c in asks(e, attr)[1]]
    if len(attrs) == 2:
        role = office(e)
        clauses = ([f"when {name(e)} was born and when {name(e)} died",
                    f"the birth and death years of {name(e)}"] if e.kind == "person" else
                   [f"when {name(e)} was {role}", f"the years {name(e)} was {role}"] if role
                   else [f"when {name(e)} began and ended",
                         f"the start and end years of {name(e)}"])
    tasks = [cap(t.format(E=c.format(n=name(e)))) for c in clauses for t in SEARCH_TASKS]
    return OracleStep(tool="search_wikipedia", tasks=tasks, entity=e.title, attrs=attrs,
                      passage=e.passage, check=shown(attrs[0], e.attrs[attrs[0]], e),
                      known=fact_text(e, stated))


def calc(code: str, value: float, inputs: list[float], known: str,
         tasks: list[str] | None = None) -> OracleStep:
    expr = code.removeprefix("result = ")
    return OracleStep(tool="calculate_number",
                      tasks=tasks or [f"Compute {expr}.", f"Calculate {expr}."],
                      code=code, value=value, inputs=inputs, known=known.rstrip(".") + ".",
                      check=fmt_value(value))


def conversion(x: float, src: str, dst: str, words: tuple[str, str],
               shown_x: str | None = None) -> OracleStep:
    """A unit conversion: `convert(x, "km", "mi")` in the code and its value from the same
    table (gba.tools.units), the units in words (`words`) in the tasks and the fact."""
    value, (a, b) = convert(x, src, dst), words
    return calc(f'result = convert({num(x)}, "{src}", "{dst}")', value, [x],
                f"{shown_x or num(x)} {a} is {fmt_value(value)} {b}",
                [f"Convert {num(x)} {a} to {b}.", f"Compute {num(x)} {a} in {b}."])


def literals(expr: str) -> list[float]:
    """The numbers an expression writes, in order (a calculation step's inputs)."""
    return [float(x) for x in re.findall(r"(?<![\w.])\d+(?:\.\d+)?", expr)]


def num(v: float) -> str:
    return str(int(v)) if v == int(v) else fmt_value(v)


def request(rng: random.Random, ctx: Ctx, questions: list[str], embedded: list[str],
            **values: str) -> str:
    i = rng.randrange(len(questions))
    q = cap(questions[i].format(**values))
    e = embedded[min(i, len(embedded) - 1)].format(**values) if embedded else None
    return frame(rng, q, e, held_out=ctx.phrasing)


def draft(shape: str, kind: str, text: str, steps: list[OracleStep], answer: str,
          value: float | None = None, *, tolerance: float = 0.0, mention: list[str] | None = None,
          entities: list[RealEntity] = (), user_facts: dict[str, str] | None = None) -> Draft:
    return Draft(template=shape, kind=kind, request=text, steps=steps, answer=answer,
                 value=value, tolerance=tolerance, must_mention=mention or [],
                 entities=[e.title for e in entities], user_facts=user_facts or {})


# ---- shapes over real entities ------------------------------------------------------------

FACT_WEIGHTS = {"birth_year": 3, "death_year": 3, "start_year": 2, "end_year": 2,
                "area_km2": 1.5, "elevation_m": 1, "height_m": 0.5, "length_km": 0.5,
                "depth_m": 0.3, "population": 2}


def _attr(rng: random.Random, allowed: list[str] | None = None) -> str:
    names = allowed or list(FACT_WEIGHTS)
    return rng.choices(names, [FACT_WEIGHTS[a] for a in names])[0]


def _kind(attr: str) -> str:
    return KIND_OF.get(attr, "place")


def fact(rng: random.Random, ctx: Ctx) -> Draft:
    """One attribute of one entity: 'When did Charles Darwin die?'"""
    attr = _attr(rng)
    e = entity(rng, ctx, _kind(attr), attr)
    qs, es, _ = asks(e, attr)
    text = request(rng, ctx, qs, es, n=name(e))
    v = e.attrs[attr]
    return draft("fact", "lookup", text, [search(rng, e, [attr])], fact_text(e, [attr]), v,
                 tolerance=0.0 if attr != "population" else 0.01, entities=[e])


CONVERT = {  # attr -> (target unit words, the units as the code writes them, question
    # templates, embedded)
    "elevation_m": ("feet", ("m", "ft"), ["How high is {n} in feet?",
                                          "What is the elevation of {n} in feet?",
                                          "How many feet above sea level is {n}?"],
                    ["how high {n} is in feet", "the elevation of {n} in feet"]),
    "height_m": ("feet", ("m", "ft"), ["How tall is {n} in feet?",
                                       "What is {n}'s height in feet?"],
                 ["how tall {n} is in feet", "the height of {n} in feet"]),
    "depth_m": ("feet", ("m", "ft"), ["How deep is {n} in feet?"], ["how deep {n} is in feet"]),
    "length_km": ("miles", ("km", "mi"), ["How long is {n} in miles?",
                                          "What is the length of {n} in miles?",
                                          "How many miles long is {n}?"],
                  ["how long {n} is in miles", "the length of {n} in miles"]),
    "area_km2": ("square miles", ("km2", "mi2"), ["What is the area of {n} in square miles?",
                                                  "How many square miles does {n} cover?",
                                                  "How large is {n} in sq mi?"],
                 ["the area of {n} in square miles", "how many square miles {n} covers"]),
}


def fact_convert(rng: random.Random, ctx: Ctx) -> Draft:
    """A quantity, then a unit conversion: 'How high is Mount Kailash in feet?'"""
    attr = rng.choice(list(CONVERT))
    e = entity(rng, ctx, "place", attr)
    unit, (src, dst), qs, es = CONVERT[attr]
    v = e.attrs[attr]
    text = request(rng, ctx, qs, es, n=name(e))
    step = conversion(v, src, dst, (UNIT[attr], unit), shown(attr, v, e))
    value = step.value
    answer = f"{cap(name(e))} is about {fmt_value(value)} {unit}" + {
        "elevation_m": " high.", "height_m": " tall.", "depth_m": " deep.",
        "length_km": " long.", "area_km2": " in area."}[attr]
    return draft("fact_convert", "lookup_convert", text, [search(rng, e, [attr]), step], answer,
                 value, tolerance=0.01, entities=[e])


SPANS = {
    "person": (["How old was {n} when they died?", "How many years did {n} live?",
                "At what age did {n} die?", "How long did {n} live?",
                "How old was {n} at the time of death?", "What age did {n} reach?"],
               ["how old {n} was when they died", "how many years {n} lived",
                "at what age {n} died", "how long {n} lived"],
               "{n} lived about {v} years."),
    "period": (["How long did {n} last?", "How many years did {n} last?",
                "For how many years did {n} go on?", "What was the duration of {n} in years?"],
               ["how long {n} lasted", "how many years {n} lasted",
                "for how many years {n} went on"],
               "{n} lasted {v} years."),
    "office": (["How many years was {n} {r}?", "For how long was {n} {r}?",
                "How long did {n} serve as {r}?"],
               ["how many years {n} was {r}", "how long {n} served as {r}"],
               "{n} was {r} for {v} years."),
}


def span(rng: random.Random, ctx: Ctx) -> Draft:
    """Two years of one entity, subtracted: lifespans, durations, terms in office."""
    kind = rng.choices(["person", "period"], [3, 2])[0]
    attrs = ["birth_year", "death_year"] if kind == "person" else ["start_year", "end_year"]
    e = entity(rng, ctx, kind, attrs[0])
    role = office(e)
    form = "office" if role else kind
    qs, es, fact = (t if isinstance(t, str) else t for t in SPANS[form])
    qs = [q.replace("{r}", role or "") for q in qs]
    es = [x.replace("{r}", role or "") for x in es]
    text = request(rng, ctx, qs, es, n=name(e))
    a, b = (e.attrs[x] for x in attrs)
    value = b - a
    step = calc(f"result = {num(b)} - {num(a)}", value, [b, a],
                f"{num(b)} - {num(a)} = {num(value)}")
    answer = cap(fact.replace("{r}", role or "").format(n=name(e), v=num(value)))
    # the corpus gives years only: an age at death may be one less than the difference
    tolerance = 1.0 / value if kind == "person" else 0.0
    return draft("span", "lookup_calc", text, [search(rng, e, attrs), step], answer, value,
                 tolerance=tolerance, entities=[e])


def fact_offset(rng: random.Random, ctx: Ctx) -> Draft:
    """A year, then a given number: ages in a year, years ago, the year someone turned 50."""
    attr = _attr(rng, ["birth_year", "death_year", "start_year", "end_year"])
    e = entity(rng, ctx, _kind(attr), attr)
    y = int(e.attrs[attr])
    n = name(e)
    if attr == "birth_year" and rng.random() < 0.5:
        k = rng.choice([18, 20, 21, 25, 30, 40, 50, 60, 70])
        ks = say(rng, k, 0.4)
        qs = [f"In what year did {n} turn {ks}?", f"What year did {n} turn {ks}?",
              f"When did {n} reach the age of {ks}?"]
        es = [f"in what year {n} turned {ks}", f"the year {n} turned {ks}"]
        value, code = y + k, f"result = {y} + {k}"
        answer = f"{cap(n)} turned {k} in {y + k}."
        inputs = [y, k]
    else:
        ref = rng.randint(max(y + 1, 1900), 2030) if y < 2020 else 2030
        verb, clause = did(e, attr), happened(e, attr)
        qs = [f"How many years before {ref} {verb}?",
              f"Counting from {ref}, how many years ago {verb}?",
              f"How many years had passed between the year {clause} and {ref}?"]
        es = [f"how many years before {ref} {clause}", f"how many years ago {clause}, "
              f"counting from {ref}"]
        if attr == "birth_year":
            qs.append(f"How old would {n} have been in {ref}?")
            es.append(f"how old {n} would have been in {ref}")
        value, code = ref - y, f"result = {ref} - {y}"
        answer = f"{cap(clause)} {ref - y} years before {ref}."
        inputs = [ref, y]
    text = request(rng, ctx, qs, es)
    step = calc(code, value, inputs, f"{code.removeprefix('result = ')} = {num(value)}")
    return draft("fact_offset", "lookup_calc", text, [search(rng, e, [attr]), step], answer,
                 value, entities=[e])


def _two(rng: random.Random, ctx: Ctx, kind: str, attr: str, other_attr: str | None = None,
         where: Callable[[RealEntity, RealEntity], bool] | None = None
         ) -> tuple[RealEntity, RealEntity]:
    for _ in range(200):
        a = entity(rng, ctx, kind, attr)
        b = entity(rng, ctx, kind, other_attr or attr, avoid=(a,))
        if a.attrs[attr] != b.attrs[other_attr or attr] and (where is None or where(a, b)):
            return a, b
    raise LookupError("no pair of entities fits")


def _earlier_first(pair: tuple[RealEntity, RealEntity], attr: str
                   ) -> tuple[RealEntity, RealEntity]:
    """The two entities ordered by `attr`, the smaller first."""
    a, b = pair
    return (b, a) if a.attrs[attr] > b.attrs[attr] else (a, b)


def two_fact_diff(rng: random.Random, ctx: Ctx) -> Draft:
    """Two entities in one calculation: years apart, years after, how much larger."""
    form = rng.choices(["births", "died_born", "deaths", "lifespans", "age_at_end", "quantity"],
                       [3, 2, 1, 1.5, 2, 2])[0]
    steps_attrs: list[tuple[RealEntity, str]]
    if form == "births":
        a, b = _earlier_first(_two(rng, ctx, "person", "birth_year"), "birth_year")
        na, nb = name(a), name(b)
        qs = [f"How many years apart were {na} and {nb} born?",
              f"How many years after {na} was {nb} born?",
              f"What is the difference between the birth years of {na} and {nb}?",
              f"How much older was {na} than {nb}, in years of birth?",
              f"How many years older was {na} than {nb}?",
              f"How many years younger was {nb} than {na}?",
              f"What was the age gap between {na} and {nb}?",
              f"How many years separate the births of {na} and {nb}?",
              f"By how many years was {na} born before {nb}?",
              f"How many years earlier than {nb} was {na} born?",
              f"{na} was born how many years before {nb}?"]
        es = [f"how many years apart {na} and {nb} were born",
              f"how many years after {na} {nb} was born",
              f"the difference between the birth years of {na} and {nb}",
              f"how much older {na} was than {nb}",
              f"how many years older {na} was than {nb}",
              f"how many years younger {nb} was than {na}",
              f"the age gap between {na} and {nb}",
              f"how many years separate the births of {na} and {nb}",
              f"by how many years {na} was born before {nb}",
              f"how many years earlier than {nb} {na} was born",
              f"how many years before {nb} {na} was born"]
        if rng.random() < 0.5:
            qs[0] = f"How many years apart were {nb} and {na} born?"
        x, y = b.attrs["birth_year"], a.attrs["birth_year"]
        answer = f"{cap(nb)} was born {num(x - y)} years after {na}."
        steps_attrs = [(a, "birth_year"), (b, "birth_year")]
    elif form == "died_born":
        a, b = _two(rng, ctx, "person", "death_year", "birth_year",
                    lambda p, q: q.attrs["birth_year"] > p.attrs["death_year"])
        na, nb = name(a), name(b)
        qs = [f"How many years after {na} died was {nb} born?",
              f"How long after the death of {na} was {nb} born?",
              f"How many years passed between {na}'s death and {nb}'s birth?",
              f"{nb} was born how many years after {na} died?",
              f"How many years lay between the death of {na} and the birth of {nb}?"]
        es = [f"how many years after {na} died {nb} was born",
              f"how long after the death of {na} {nb} was born",
              f"how many years passed between {na}'s death and {nb}'s birth",
              f"how many years after {na}'s death {nb} was born",
              f"how many years lay between the death of {na} and the birth of {nb}"]
        x, y = b.attrs["birth_year"], a.attrs["death_year"]
        answer = f"{cap(nb)} was born {num(x - y)} years after {na} died."
        steps_attrs = [(a, "death_year"), (b, "birth_year")]
    elif form == "deaths":
        a, b = _earlier_first(_two(rng, ctx, "person", "death_year"), "death_year")
        na, nb = name(a), name(b)
        qs = [f"How many years apart did {na} and {nb} die?",
              f"How many years after {na} did {nb} die?",
              f"How long after the death of {na} did {nb} die?",
              f"How many years separate the deaths of {na} and {nb}?"]
        es = [f"how many years apart {na} and {nb} died",
              f"how many years after {na} {nb} died",
              f"how long after the death of {na} {nb} died",
              f"how many years separate the deaths of {na} and {nb}"]
        x, y = b.attrs["death_year"], a.attrs["death_year"]
        answer = f"{cap(nb)} died {num(x - y)} years after {na}."
        steps_attrs = [(a, "death_year"), (b, "death_year")]
    elif form == "age_at_end":
        b = entity(rng, ctx, "period", "end_year", lambda e: 1500 < e.attrs["end_year"])
        a = entity(rng, ctx, "person", "birth_year",
                   lambda p: p.attrs["birth_year"] < b.attrs["end_year"] < p.attrs["death_year"])
        na, nb = name(a), name(b)
        ended = happened(b, "end_year")
        qs = [f"How old was {na} when {ended}?", f"What age was {na} when {ended}?",
              f"How old was {na} in the year {ended}?"]
        es = [f"how old {na} was when {ended}", f"what age {na} was when {ended}"]
        x, y = b.attrs["end_year"], a.attrs["birth_year"]
        answer = f"{cap(na)} was about {num(x - y)} years old when {ended}."
        steps_attrs = [(a, "birth_year"), (b, "end_year")]
    else:
        attr = rng.choice(["area_km2", "population", "elevation_m"])
        a, b = _two(rng, ctx, "place", attr)
        if a.attrs[attr] < b.attrs[attr]:
            a, b = b, a
        na, nb = name(a), name(b)
        word = {"area_km2": ("larger", "square kilometres"), "population": ("more people", ""),
                "elevation_m": ("higher", "metres")}[attr]
        if attr == "population":
            qs = [f"How many more people live in {na} than in {nb}?",
                  f"By how much does the population of {na} exceed that of {nb}?"]
            es = [f"how many more people live in {na} than in {nb}"]
        else:
            qs = [f"How much {word[0]} is {na} than {nb}, in {word[1]}?",
                  f"By how many {word[1]} is {na} {word[0]} than {nb}?"]
            es = [f"how much {word[0]} {na} is than {nb}"]
        x, y = a.attrs[attr], b.attrs[attr]
        answer = (f"{cap(na)} has {shown(attr, x - y)} more people than {nb}."
                  if attr == "population" else
                  f"{cap(na)} is {fmt_value(x - y)} {word[1]} {word[0]} than {nb}.")
        steps_attrs = [(a, attr), (b, attr)]
    if form == "lifespans":
        return _lifespans(rng, ctx)
    if rng.random() < 0.3:
        steps_attrs.reverse()  # either lookup may come first
    text = request(rng, ctx, qs, es)
    value = x - y
    steps = [search(rng, e, [at]) for e, at in steps_attrs]
    steps.append(calc(f"result = {num(x)} - {num(y)}", value, [x, y],
                      f"{num(x)} - {num(y)} = {fmt_value(value)}"))
    tolerance = 1.0 / max(value, 1) if form == "age_at_end" else (
        0.01 if form == "quantity" else 0.0)
    return draft("two_fact_diff", "two_entity", text, steps, answer, value,
                 tolerance=tolerance, entities=[e for e, _ in steps_attrs])


def _lifespans(rng: random.Random, ctx: Ctx) -> Draft:
    """How much longer one person lived than another: two lookups of both years, then the
    difference of two differences."""
    def span_of(p: RealEntity) -> float:
        return p.attrs["death_year"] - p.attrs["birth_year"]
    a, b = _two(rng, ctx, "person", "death_year",
                where=lambda p, q: "birth_year" in p.attrs and "birth_year" in q.attrs
                and span_of(p) != span_of(q) and not (office(p) or office(q)))
    if span_of(a) < span_of(b):
        a, b = b, a
    na, nb = name(a), name(b)
    qs = [f"How many years longer did {na} live than {nb}?",
          f"By how many years did {na} outlive {nb} in age?",
          f"How much longer was {na}'s life than {nb}'s?",
          f"How many more years did {na} live than {nb}?"]
    es = [f"how many years longer {na} lived than {nb}",
          f"by how many years {na}'s life was longer than {nb}'s",
          f"how much longer {na}'s life was than {nb}'s",
          f"how many more years {na} lived than {nb}"]
    text = request(rng, ctx, qs, es)
    (da, ba), (db, bb) = ((p.attrs["death_year"], p.attrs["birth_year"]) for p in (a, b))
    value = span_of(a) - span_of(b)
    code = f"result = ({num(da)} - {num(ba)}) - ({num(db)} - {num(bb)})"
    order = [a, b] if rng.random() < 0.7 else [b, a]
    steps = [search(rng, e, ["birth_year", "death_year"]) for e in order]
    steps.append(calc(code, value, [da, ba, db, bb],
                      f"{code.removeprefix('result = ')} = {num(value)}"))
    return draft("two_fact_diff", "two_entity", text, steps,
                 f"{cap(na)} lived {num(value)} years longer than {nb}.", value,
                 tolerance=2.0 / max(value, 1), entities=order)


COMPARE = {  # attr -> (question forms with {a} {b}, winner sentence, smaller wins)
    "birth_year": (["Who was born first, {a} or {b}?", "Who was born earlier: {a} or {b}?",
                    "Which of {a} and {b} was born first?", "Was {a} born before {b}?",
                    "Who was older, {a} or {b}?", "Of {a} and {b}, who is the elder?"],
                   "{w} was born first, in {v}.", True),
    "death_year": (["Who died first, {a} or {b}?", "Which of {a} and {b} died earlier?"],
                   "{w} died first, in {v}.", True),
    "end_year": (["Which ended first, {a} or {b}?", "Which came to an end earlier: {a} or {b}?"],
                 "{w} ended first, in {v}.", True),
    "start_year": (["Which began earlier, {a} or {b}?", "Which started first: {a} or {b}?"],
                   "{w} began first, in {v}.", True),
    "area_km2": (["Which is larger, {a} or {b}?", "Which covers more area: {a} or {b}?",
                  "Is {a} bigger than {b}?"], "{w} is larger, with {v} km².", False),
    "population": (["Which has more people, {a} or {b}?",
                    "Which is more populous: {a} or {b}?",
                    "Does {a} have a larger population than {b}?"],
                   "{w} has more people, with a population of {v}.", False),
    "elevation_m": (["Which is higher, {a} or {b}?", "Which lies at a higher elevation: {a} or {b}?"],
                    "{w} is higher, at {v} m.", False),
}


def two_fact_compare(rng: random.Random, ctx: Ctx) -> Draft:
    """Two lookups, the comparison computed (min or max of the values found), and an answer
    that names exactly one entity."""
    attr = rng.choices(list(COMPARE), [3, 1.5, 1, 1, 1.5, 1.5, 1])[0]
    a, b = _two(rng, ctx, _kind(attr), attr,
                where=lambda x, y: not (office(x) or office(y)))
    qs, winner, smaller = COMPARE[attr]
    w = min((a, b), key=lambda e: e.attrs[attr] * (1 if smaller else -1))
    text = frame(rng, cap(rng.choice(qs).format(a=name(a), b=name(b))), held_out=ctx.phrasing)
    steps = [search(rng, e, [attr]) for e in (a, b)]
    steps.append(comparison_step([a.attrs[attr], b.attrs[attr]], smaller))
    answer = cap(winner.format(w=name(w), v=shown(attr, w.attrs[attr], w)))
    return draft("two_fact_compare", "compare", text, steps, answer, mention=[w.title],
                 entities=[a, b])


def fact_ratio(rng: random.Random, ctx: Ctx) -> Draft:
    """Held-out shape: how many times larger one quantity is than another."""
    attr = rng.choice(["area_km2", "population"])
    a, b = _two(rng, ctx, "place", attr)
    if a.attrs[attr] < b.attrs[attr]:
        a, b = b, a
    noun = {"area_km2": "larger", "population": "more populous"}[attr]
    text = frame(rng, f"How many times {noun} is {name(a)} than {name(b)}?",
                 f"how many times {noun} {name(a)} is than {name(b)}", held_out=ctx.phrasing)
    x, y = a.attrs[attr], b.attrs[attr]
    value = x / y
    steps = [search(rng, a, [attr]), search(rng, b, [attr]),
             calc(f"result = {num(x)} / {num(y)}", value, [x, y],
                  f"{num(x)} / {num(y)} = {fmt_value(value)}")]
    return draft("fact_ratio", "two_entity", text, steps,
                 f"{cap(name(a))} is about {fmt_value(value)} times {noun} than {name(b)}.",
                 value, tolerance=0.01, entities=[a, b])


def fact_percent(rng: random.Random, ctx: Ctx) -> Draft:
    """Held-out shape: a percentage of a looked-up quantity."""
    attr = rng.choice(["area_km2", "population"])
    e = entity(rng, ctx, "place", attr)
    p = rng.choice([5, 10, 12, 15, 20, 25, 30, 40, 60, 75])
    what = {"area_km2": "the area", "population": "the population"}[attr]
    text = frame(rng, f"What is {p}% of {what} of {name(e)}?",
                 f"what {p} percent of {what} of {name(e)} is", held_out=ctx.phrasing)
    v = e.attrs[attr]
    value = v * p / 100
    steps = [search(rng, e, [attr]), calc(f"result = {num(v)} * {p} / 100", value, [v, p],
                                          f"{p}% of {num(v)} = {fmt_value(value)}")]
    return draft("fact_percent", "lookup_calc", text, steps,
                 f"{p}% of {what} of {name(e)} is {fmt_value(value)}.", value, tolerance=0.01,
                 entities=[e])


def fact_sum(rng: random.Random, ctx: Ctx) -> Draft:
    """Held-out shape: two looked-up quantities added."""
    attr = rng.choice(["area_km2", "population"])
    a, b = _two(rng, ctx, "place", attr)
    what = {"area_km2": "combined area", "population": "combined population"}[attr]
    text = frame(rng, f"What is the {what} of {name(a)} and {name(b)}?",
                 f"the {what} of {name(a)} and {name(b)}", held_out=ctx.phrasing)
    x, y = a.attrs[attr], b.attrs[attr]
    value = x + y
    steps = [search(rng, a, [attr]), search(rng, b, [attr]),
             calc(f"result = {num(x)} + {num(y)}", value, [x, y],
                  f"{num(x)} + {num(y)} = {fmt_value(value)}")]
    return draft("fact_sum", "two_entity", text, steps,
                 f"The {what} of {name(a)} and {name(b)} is {shown(attr, value)}.", value,
                 tolerance=0.01, entities=[a, b])


# ---- shapes with the user's own values -------------------------------------------------------

def ask_step(own: Own, shown: str, v: float) -> OracleStep:
    """Asking the user for `own` (they reply `shown`, the value `v`)."""
    return OracleStep(tool="ask_user", tasks=list(own.questions), question_key=own.key,
                      keywords=list(own.keywords), check=num(v),
                      known=own.known.format(v=shown) + ".")


def ask_calc(rng: random.Random, ctx: Ctx) -> Draft:
    """Values only the user knows, then a calculation (composed by gba.simulation.asks)."""
    req = compose_ask(rng, held_out=ctx.phrasing)
    steps = [ask_step(o, s, v) for o, s, v in zip(req.asks, req.shown, req.values, strict=True)]
    value = req.value
    expr = req.code.removeprefix("result = ")
    answer = req.answer.format(v=fmt_value(value))
    inputs = literals(expr)
    steps.append(calc(req.code, value, inputs,
                      answer if "convert(" in expr else f"{expr} = {fmt_value(value)}"))
    facts = {o.key: o.says.format(v=s) for o, s in zip(req.asks, req.shown, strict=True)}
    return draft("ask_calc", "ask_user", text=req.text, steps=steps, answer=answer, value=value,
                 tolerance=0.01, user_facts=facts)


def ask_fact_calc(rng: random.Random, ctx: Ctx) -> Draft:
    """The user's birth year and a looked-up year: 'How old was I when the Cold War ended?'"""
    form = rng.choice(["end", "death"])
    if form == "end":
        e = entity(rng, ctx, "period", "end_year", lambda x: 1945 <= x.attrs["end_year"] <= 2020)
        y = e.attrs["end_year"]
        clause = happened(e, "end_year")
        attr = "end_year"
    else:
        e = entity(rng, ctx, "person", "death_year",
                   lambda x: 1945 <= x.attrs["death_year"] <= 2020)
        y = e.attrs["death_year"]
        clause = happened(e, "death_year")
        attr = "death_year"
    born = rng.randint(int(y) - 70, int(y) - 3)
    text = frame(rng, f"How old was I when {clause}?", f"how old I was when {clause}",
                 held_out=ctx.phrasing)
    own = OWN["birth_year"]
    ask, said = ask_step(own, str(born), born), own.says.format(v=born)
    look = search(rng, e, [attr])
    value = y - born
    steps = [ask, look] if rng.random() < 0.5 else [look, ask]
    steps.append(calc(f"result = {num(y)} - {born}", value, [y, born],
                      f"{num(y)} - {born} = {num(value)}"))
    return draft("ask_fact_calc", "ask_user", text, steps,
                 f"You were about {num(value)} when {clause}.", value,
                 tolerance=1.0 / max(value, 1), entities=[e], user_facts={"birth_year": said})


def ask_story(rng: random.Random, ctx: Ctx) -> Draft:
    """A word problem about the user's own situation, asked without its numbers ("What will
    my driving cost me in fuel this month?"): the user's reply gives them all, then one
    calculation (gba.simulation.stories, the families with an `own` form)."""
    while True:
        _, story = compose(rng, held_out=ctx.phrasing)
        if story.own is not None:
            break
    own, value = story.own, story.value
    said = cap(story.givens) + "."
    expr = story.code.removeprefix("result = ")
    inputs = literals(expr)
    ask = OracleStep(tool="ask_user", tasks=list(own.asks), question_key="details",
                     keywords=list(own.keywords), check=num(inputs[0]),
                     known=f"The user says: {said}")
    answer = story.answer.format(v=fmt_value(value))
    text = frame(rng, cap(own.question) + "?", own.embedded, held_out=ctx.phrasing)
    return draft("ask_story", "ask_user", text, [ask, calc(story.code, value, inputs,
                                                          f"{expr} = {fmt_value(value)}")],
                 answer, value, tolerance=0.01, user_facts={"details": said})


# ---- word problems: every value is in the request ----------------------------------------

def word_problem(rng: random.Random, ctx: Ctx) -> Draft:
    """A story with numbers and a question (gba.simulation.stories): one calculation."""
    text, story = compose(rng, held_out=ctx.phrasing)
    value = story.value
    expr = story.code.removeprefix("result = ")
    inputs = literals(expr)
    answer = story.answer.format(v=fmt_value(value))
    step = calc(story.code, value, inputs,  # a conversion's fact in words, not as code
                answer if "convert(" in expr else f"{expr} = {fmt_value(value)}")
    kind = "unit_conversion" if story.family.startswith("convert") else "word_problem"
    return draft("word_problem", kind, text, [step], answer, value, tolerance=0.01)


SHAPES: dict[str, Callable[[random.Random, Ctx], Draft]] = {
    f.__name__: f for f in (fact, fact_convert, span, fact_offset, two_fact_diff,
                            two_fact_compare, ask_calc, ask_fact_calc, ask_story, word_problem,
                            fact_ratio, fact_percent, fact_sum)}
SHAPE_WEIGHTS = {"fact": 4, "fact_convert": 1.5, "span": 2, "fact_offset": 2,
                 "two_fact_diff": 3, "two_fact_compare": 2, "ask_calc": 3.5,
                 "ask_fact_calc": 1.5, "ask_story": 1.5, "word_problem": 7, "fact_ratio": 1,
                 "fact_percent": 1, "fact_sum": 1}
ENTITY_FREE_SHAPES = frozenset({"ask_calc", "ask_story", "word_problem"})
