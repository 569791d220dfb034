"""The offline scripted world: a seeded, fictional knowledge base that no model knows.

People, cities, companies and products with numeric, date and text attributes and relations
(born in, founded by, headquartered in, made by). Names are built from syllables, so a
planner cannot answer from memory; everything must be looked up. The same seed gives the
same world, byte for byte. A share of every entity kind is *held out*: requests about those
entities appear only in the `test_entities` split.

Leaves out: events, geography beyond city -> country, and anything time-varying; the world is
a snapshot.

>>> w = World.generate(seed=0)
>>> w == World.generate(seed=0)
True
>>> city = w.entities["city"][0]
>>> city.name in w.passage(city)
True
"""

from __future__ import annotations

import random
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, Field

Kind = Literal["person", "city", "company", "product"]
KINDS: tuple[Kind, ...] = ("person", "city", "company", "product")

ONSETS = ["b", "br", "c", "d", "dr", "f", "g", "gr", "h", "k", "kh", "l", "m", "n", "p", "r",
          "s", "sh", "t", "th", "tr", "v", "z", "q", "j", "w", "st", "pl", "fl", "vr"]
VOWELS = ["a", "e", "i", "o", "u", "ae", "ei", "ou", "ia", "y"]
CODAS = ["", "", "", "n", "r", "l", "s", "th", "m", "nd", "rk", "x", "st", "v"]
CITY_ENDINGS = ["ia", "ora", "heim", "ford", "grad", "polis", "mar", "burg", "ven", "dale"]
COMPANY_SUFFIXES = ["Industries", "Labs", "Works", "Systems", "Group", "Foods", "Motors",
                    "Textiles", "Robotics", "Energy"]
PRODUCT_KINDS = ["bicycle", "kettle", "drone", "telescope", "backpack", "lamp", "guitar",
                 "scooter", "camera", "blender"]
OCCUPATIONS = ["painter", "engineer", "chemist", "poet", "architect", "composer", "botanist",
               "mathematician", "sculptor", "astronomer", "novelist", "physician"]

ATTRIBUTE_WORDS: dict[str, tuple[str, ...]] = {
    # attribute -> words a task about it may use (the scripted search tool matches on these)
    "birth_year": ("born", "birth"),
    "death_year": ("died", "death"),
    "birthplace": ("birthplace", "born in", "where", "city"),
    "occupation": ("occupation", "profession", "job", "known for", "what did", "work"),
    "height_cm": ("height", "tall"),
    "country": ("country",),
    "population": ("population", "people", "inhabitants", "residents", "live"),
    "founded": ("founded", "founding", "established", "founding year"),
    "area_km2": ("area", "square", "km"),
    "elevation_m": ("elevation", "altitude", "above sea"),
    "founder": ("founder", "founded by", "who founded", "started"),
    "headquarters": ("headquarter", "based", "located", "head office"),
    "employees": ("employees", "staff", "workers", "employ"),
    "price": ("price", "cost", "costs", "how much"),
    "release_year": ("released", "release", "launched", "came out"),
    "weight_kg": ("weight", "weigh", "heavy"),
    "maker": ("maker", "makes", "made by", "manufacturer", "produces", "who made"),
}


class Entity(BaseModel):
    """One fictional thing. `attrs` hold numbers and strings; relations name other entities."""

    id: str
    kind: Kind
    name: str
    attrs: dict[str, Any] = Field(default_factory=dict)
    held_out: bool = False


def _syllables(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(n))


def _word(rng: random.Random, lo: int = 2, hi: int = 3) -> str:
    return _syllables(rng, rng.randint(lo, hi)).capitalize()


class World(BaseModel):
    """The knowledge base: entities by kind, deterministic from `seed`."""

    seed: int
    entities: dict[str, list[Entity]]

    @classmethod
    def generate(cls, seed: int = 0, *, people: int = 240, cities: int = 120,
                 companies: int = 120, products: int = 120, held_out_share: float = 0.2
                 ) -> World:
        """Make a world. The last `held_out_share` of each kind (in generation order) is held
        out for the test_entities split."""
        rng = random.Random(f"gba-world-{seed}")
        used: set[str] = set()

        def unique(make) -> str:
            for _ in range(1000):
                name = make()
                if name.lower() not in used and len(name) <= 24:
                    used.add(name.lower())
                    return name
            raise RuntimeError("name space exhausted")

        countries = [unique(lambda: _word(rng, 2, 2) + rng.choice(["ia", "land", "stan", "a"]))
                     for _ in range(14)]
        cities_ = []
        for i in range(cities):
            name = unique(lambda: _word(rng, 1, 2) + rng.choice(CITY_ENDINGS))
            cities_.append(Entity(id=f"city{i}", kind="city", name=name, attrs={
                "country": rng.choice(countries),
                "population": rng.randrange(8_000, 3_000_000, 100),
                "founded": rng.randint(900, 1950),
                "area_km2": rng.randint(12, 900),
                "elevation_m": rng.randint(2, 2400),
            }))
        people_ = []
        for i in range(people):
            name = unique(lambda: f"{_word(rng, 2, 2)} {_word(rng, 2, 3)}")
            born = rng.randint(1800, 1995)
            attrs: dict[str, Any] = {
                "birth_year": born,
                "birthplace": rng.choice(cities_).name,
                "occupation": rng.choice(OCCUPATIONS),
                "height_cm": rng.randint(150, 200),
            }
            if born < 1940 or rng.random() < 0.2:
                attrs["death_year"] = min(2023, born + rng.randint(35, 95))
            people_.append(Entity(id=f"person{i}", kind="person", name=name, attrs=attrs))
        companies_ = []
        for i in range(companies):
            name = unique(lambda: f"{_word(rng, 2, 2)} {rng.choice(COMPANY_SUFFIXES)}")
            founder = rng.choice(people_)
            first = founder.attrs["birth_year"] + rng.randint(22, 50)
            companies_.append(Entity(id=f"company{i}", kind="company", name=name, attrs={
                "founded": min(2022, first),
                "founder": founder.name,
                "headquarters": rng.choice(cities_).name,
                "employees": rng.randrange(12, 90_000),
            }))
        products_ = []
        for i in range(products):
            kind = rng.choice(PRODUCT_KINDS)
            name = unique(lambda kind=kind: f"{_word(rng, 2, 2)} {rng.randint(2, 99) * 10}")
            maker = rng.choice(companies_)
            products_.append(Entity(id=f"product{i}", kind="product", name=name, attrs={
                "product_kind": kind,
                "maker": maker.name,
                "price": round(rng.uniform(9, 2500), 2),
                "release_year": rng.randint(max(1960, maker.attrs["founded"]), 2024),
                "weight_kg": round(rng.uniform(0.2, 30), 1),
            }))
        entities = {"person": people_, "city": cities_, "company": companies_,
                    "product": products_}
        for group in entities.values():
            cut = len(group) - int(len(group) * held_out_share)
            for entity in group[cut:]:
                entity.held_out = True
        return cls(seed=seed, entities=entities)

    @cached_property
    def by_name(self) -> dict[str, Entity]:
        return {e.name.lower(): e for group in self.entities.values() for e in group}

    def pool(self, kind: Kind, held_out: bool) -> list[Entity]:
        """Entities of `kind` in the training pool (held_out=False) or the held-out one."""
        return [e for e in self.entities[kind] if e.held_out == held_out]

    def find(self, text: str) -> list[Entity]:
        """Entities named in `text` (case-insensitive), longest names first, each once."""
        low = text.lower()
        found = [e for name, e in self.by_name.items() if name in low]
        return sorted(found, key=lambda e: -len(e.name))

    def fact(self, entity: Entity, attr: str) -> str:
        """One attribute as a sentence, e.g. 'Kelmora has a population of 1,234,500.'"""
        return FACTS[attr].format(name=entity.name, **_display(entity.attrs))

    def passage(self, entity: Entity) -> str:
        """An encyclopedia-style passage with every attribute of `entity`."""
        a = _display(entity.attrs)
        if entity.kind == "person":
            life = (f"({a['birth_year']}–{a['death_year']})" if "death_year" in a
                    else f"(born {a['birth_year']})")
            text = (f"{entity.name} {life} is a {a['occupation']} born in {a['birthplace']}. "
                    f"{entity.name} is {a['height_cm']} cm tall.")
            if "death_year" in a:
                text = text.replace(" is a ", " was a ").replace(" is ", " was ")
                text += f" {entity.name} died in {a['death_year']}."
            return text
        if entity.kind == "city":
            return (f"{entity.name} is a city in {a['country']}, founded in {a['founded']}. "
                    f"It has a population of {a['population']} and an area of "
                    f"{a['area_km2']} km², at an elevation of {a['elevation_m']} m.")
        if entity.kind == "company":
            return (f"{entity.name} is a company founded in {a['founded']} by {a['founder']}, "
                    f"headquartered in {a['headquarters']}. It has {a['employees']} employees.")
        return (f"The {entity.name} is a {a['product_kind']} made by {a['maker']}, released in "
                f"{a['release_year']}. It costs ${a['price']} and weighs {a['weight_kg']} kg.")

    def description(self, entity: Entity) -> str:
        """A short description line, like Wikipedia's ('fictional city in Dastria')."""
        a = entity.attrs
        return {"person": lambda: f"{a['occupation']} ({a['birth_year']}"
                f"–{a.get('death_year', '')})".replace("–)", ")"),
                "city": lambda: f"city in {a['country']}",
                "company": lambda: f"company founded in {a['founded']}",
                "product": lambda: f"{a['product_kind']} made by {a['maker']}"}[entity.kind]()


FACTS = {
    "birth_year": "{name} was born in {birth_year}.",
    "death_year": "{name} died in {death_year}.",
    "birthplace": "{name} was born in {birthplace}.",
    "occupation": "{name} is a {occupation}.",
    "height_cm": "{name} is {height_cm} cm tall.",
    "country": "{name} is a city in {country}.",
    "population": "{name} has a population of {population}.",
    "founded": "{name} was founded in {founded}.",
    "area_km2": "{name} has an area of {area_km2} km².",
    "elevation_m": "{name} lies at an elevation of {elevation_m} m.",
    "founder": "{name} was founded by {founder}.",
    "headquarters": "{name} is headquartered in {headquarters}.",
    "employees": "{name} has {employees} employees.",
    "price": "The {name} costs ${price}.",
    "release_year": "The {name} was released in {release_year}.",
    "weight_kg": "The {name} weighs {weight_kg} kg.",
    "maker": "The {name} is made by {maker}.",
}


def _display(attrs: dict[str, Any]) -> dict[str, Any]:
    """Attributes formatted for text: thousands separators on large counts."""
    out = dict(attrs)
    for key in ("population", "employees"):
        if key in out:
            out[key] = f"{out[key]:,}"
    if "price" in out:
        out["price"] = f"{out['price']:,.2f}"
    return out
