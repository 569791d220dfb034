"""Procedurally generated function specs and tasks, for the generic function-calling role.

Entry points (what gba.simulation.package and gba.evaluation.roles call):

- `make_call(rng, held_out) -> (FunctionSpec, task, arguments)`: one random spec, a task
  sentence that states the values, and the arguments the role must produce (in the spec's
  property order, only what the task states: an optional parameter left unsaid is absent);
- `argument_examples(split, n, render, seed=0)`: `n` training `Example`s for a split (test
  splits draw only held-out function names);
- `make_choice(rng, held_out) -> (specs, task, index, arguments)`: the same with two to four
  sibling functions of one domain, for a role that must also pick the function;
- `held_out_name(name)`: one function name in five (stable CRC-32 of its canonical
  snake_case form, so `travel.book_flight` and `bookFlight` share a fate) is held out;
- `spec_space()`: how many function names, parameter kinds and phrasings it draws from.

Functions come from 14 domains: each names its objects (nouns) with the parameters they
take and its verbs, so a function is a verb on an object (`book_flight`, `cancel_flight`),
named in one of three styles (snake_case, `domain.snake`, camelCase). A calculator domain
adds fixed functions with their own sentences (areas, interest, loans, statistics, units).
Parameters are typed JSON-schema nodes with descriptions: strings of many kinds and formats
(ISO dates, times, e-mail, codes), integers, numbers with units, percentages as percent or
fraction, money, durations stated in hours but wanted in minutes, enums named by a synonym,
booleans, arrays of strings and numbers, coordinates as a pair, nested objects (addresses,
dimensions, ranges, contacts), some optional with defaults. Each value has several surface
forms (digits or words, thousands separators, month names, 12-hour clock, spelled or
abbreviated units) and a task is an imperative, a question or a statement of need, values
in random order, sometimes split into a second sentence.

Leaves out choosing among functions inside `fill_arguments` (make_choice only makes the
data) and values that need world knowledge beyond the sentence.

>>> import random
>>> spec, task, args = make_call(random.Random(0), held_out=False)
>>> set(args) <= set(spec.parameters["properties"])
True
>>> held_out_name("travel.book_flight") == held_out_name("bookFlight") == held_out_name("book_flight")
True
"""

from __future__ import annotations

import json
import random
import re
import zlib
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from gba.client.base import Prompt
from gba.simulation.records import Example
from gba.tools.function_call import FunctionSpec, arguments_messages

R = random.Random

# --- value pools ------------------------------------------------------------------------------

CITIES = ["Lisbon", "Nairobi", "Osaka", "Quito", "Tallinn", "Perth", "Bergen", "Accra",
          "Montreal", "Seville", "Hanoi", "Denver", "Krakow", "Cusco", "Adelaide", "Tunis"]
PEOPLE = ["Mia", "Omar", "Lena", "Ravi", "Sofia", "Tariq", "Yuki", "Zoe", "Ines", "Kwame",
          "Priya", "Jonas", "Aiko", "Mateo", "Nadia", "Felix"]
SURNAMES = ["Okafor", "Lindqvist", "Moreau", "Tanaka", "Silva", "Novak", "Haddad", "Keller"]
TITLES = ["quarterly report", "birthday party", "team sync", "dentist visit", "guitar lesson",
          "project kickoff", "book club", "yoga class", "budget review", "family dinner"]
COUNTRIES = {"France": "FR", "Japan": "JP", "Brazil": "BR", "Kenya": "KE", "Canada": "CA",
             "Germany": "DE", "India": "IN", "Mexico": "MX", "Norway": "NO", "Egypt": "EG"}
CURRENCIES = {"USD": ["US dollars", "dollars", "USD"], "EUR": ["euros", "EUR"],
              "GBP": ["British pounds", "pounds sterling", "GBP"], "JPY": ["Japanese yen", "yen"],
              "CHF": ["Swiss francs", "CHF"], "INR": ["Indian rupees", "rupees"]}
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
LANGUAGES = ["French", "Spanish", "Japanese", "Swahili", "German", "Portuguese", "Hindi"]
CUISINES = ["Thai", "Italian", "Ethiopian", "Mexican", "Korean", "Lebanese", "vegan"]
PRODUCTS = ["wireless headphones", "running shoes", "coffee grinder", "desk lamp",
            "yoga mat", "water bottle", "phone case", "backpack"]
GENRES = ["jazz", "hip hop", "classical", "rock", "lo-fi", "reggae", "folk"]
TOPICS = ["climate policy", "machine learning", "ancient Rome", "protein folding",
          "urban gardening", "electric cars", "sleep science"]
STREETS = ["Oak Street", "Elm Avenue", "Harbour Road", "Pine Lane", "Mill Street"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
         "ten", "eleven", "twelve"]


# --- surface forms of values ------------------------------------------------------------------

def _scaled(n: float) -> str | None:
    """`2500000` -> `2.5 million`, `40000` -> `40 thousand` (None when it is not round)."""
    for size, word in ((10**9, "billion"), (10**6, "million"), (10**3, "thousand")):
        if size <= abs(n) < 1000 * size and (n * 10) % size == 0:
            return f"{n / size:g} {word}"
    return None


def say_int(r: R, n: int) -> str:
    """An integer in digits, with thousands separators, in words (small ones) or scaled
    (`2.5 million`)."""
    if 0 <= n < len(WORDS) and r.random() < 0.35:
        return WORDS[n]
    if _scaled(n) and r.random() < 0.35:
        return _scaled(n)  # type: ignore[return-value]
    return f"{n:,}" if n >= 1000 and r.random() < 0.5 else str(n)


def say_num(r: R, x: float) -> str:
    if _scaled(x) and r.random() < 0.3:
        return _scaled(x)  # type: ignore[return-value]
    text = f"{x:,}" if abs(x) >= 1000 and r.random() < 0.5 else str(x)
    return text[:-2] if text.endswith(".0") else text


def say_list(r: R, items: list[Any]) -> str:
    words = [str(i) for i in items]
    if len(words) == 1:
        return words[0]
    join = r.choice([" and ", ", and "]) if len(words) > 2 else " and "
    return ", ".join(words[:-1]) + join + words[-1]


def _ordinal(d: int) -> str:
    return f"{d}{'th' if 10 <= d % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d % 10, 'th')}"


def say_date(r: R, iso: str) -> str:
    y, m, d = (int(p) for p in iso.split("-"))
    month = MONTHS[m - 1]
    return r.choice([iso, f"{month} {d}, {y}", f"{d} {month} {y}", f"the {_ordinal(d)} of "
                     f"{month} {y}", f"{month[:3]} {d} {y}", f"{month} {_ordinal(d)}, {y}"])


def say_time(r: R, hhmm: str) -> str:
    h, m = (int(p) for p in hhmm.split(":"))
    twelve = f"{(h - 1) % 12 + 1}" + (f":{m:02d}" if m or r.random() < 0.4 else "")
    return r.choice([hhmm, f"{twelve} {'pm' if h >= 12 else 'am'}",
                     f"{twelve} {'PM' if h >= 12 else 'AM'}", f"{hhmm} h"])


def make_date(r: R) -> str:
    return f"{r.choice([2024, 2025, 2026])}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"


def make_time(r: R) -> str:
    return f"{r.randint(6, 22):02d}:{r.choice(['00', '15', '30', '45'])}"


# --- parameters -------------------------------------------------------------------------------

class Param(NamedTuple):
    """A parameter kind: its schema node, how a task says a value, how a value is drawn
    (index 2, as before), and its default when it has one."""

    schema: dict[str, Any]
    say: Callable[[R, Any], str]
    make: Callable[[R], Any]
    default: Any = None


PARAMS: dict[str, Param] = {}


def _p(name: str, schema: dict[str, Any], make: Callable[[R], Any],
       say: Callable[[R, Any], str] | list[str], default: Any = None) -> None:
    if isinstance(say, list):
        forms = say

        def say(r: R, v: Any, forms: list[str] = forms) -> str:
            return r.choice(forms).format(v=v)
    if default is not None:
        schema = {**schema, "default": default}
    PARAMS[name] = Param(schema, say, make, default)


def _s(desc: str) -> dict[str, Any]:
    return {"type": "string", "description": desc}


def _int_say(*forms: str) -> Callable[[R, int], str]:
    return lambda r, v: r.choice(forms).format(v=say_int(r, v))


def _num_say(*forms: str) -> Callable[[R, float], str]:
    return lambda r, v: r.choice(forms).format(v=say_num(r, v))


def _money(r: R, v: float, currency: str = "USD") -> str:
    text = say_num(r, v)
    if currency in SYMBOLS and r.random() < 0.6:
        return f"{SYMBOLS[currency]}{text}"
    return f"{text} {r.choice(CURRENCIES[currency])}"


def _enum(name: str, desc: str, synonyms: dict[str, list[str]], form: str = "{v}",
          default: str | None = None) -> None:
    """An enum whose task words may be a synonym of the value (`form` wraps the word)."""
    values = list(synonyms)
    _p(name, {"type": "string", "enum": values, "description": desc}, lambda r: r.choice(values),
       lambda r, v: form.format(v=r.choice([v, *synonyms[v]])), default)


def _bool(name: str, desc: str, yes: list[str], no: list[str], default: bool | None = None
          ) -> None:
    _p(name, {"type": "boolean", "description": desc}, lambda r: r.random() < 0.5,
       lambda r, v: r.choice(yes if v else no), default)


# strings
_p("city", _s("City name."), lambda r: r.choice(CITIES), ["in {v}", "in the city of {v}"])
_p("origin", _s("Departure city."), lambda r: r.choice(CITIES), ["from {v}", "leaving {v}"])
_p("destination", _s("Arrival city."), lambda r: r.choice(CITIES), ["to {v}", "going to {v}"])
_p("location", _s("City and country, e.g. 'Paris, France'."),
   lambda r: f"{r.choice(CITIES)}, {r.choice(list(COUNTRIES))}", ["in {v}", "near {v}"])
_p("recipient", _s("Name of the person."), lambda r: r.choice(PEOPLE), ["for {v}", "to {v}"])
_p("full_name", _s("First and last name."), lambda r: f"{r.choice(PEOPLE)} {r.choice(SURNAMES)}",
   ["for {v}", "under the name {v}", "named {v}"])
_p("email", _s("E-mail address."),
   lambda r: f"{r.choice(PEOPLE).lower()}.{r.choice(SURNAMES).lower()}@{r.choice(['mail.com', 'example.org', 'post.net'])}",
   ["to {v}", "at {v}", "e-mail {v}"])
_p("phone", _s("Phone number with country code, digits only after '+'."),
   lambda r: f"+{r.choice([1, 44, 49, 81, 254])}{r.randint(200000000, 999999999)}",
   ["phone {v}", "at {v}", "on number {v}"])
_p("title", _s("Title of the event or item."), lambda r: r.choice(TITLES),
   ["called '{v}'", "titled \"{v}\"", "named {v}"])
_p("message", _s("Text of the message, verbatim."),
   lambda r: r.choice(["Running late, start without me", "Happy birthday!", "See you at noon",
                       "The report is ready", "Call me back when you can"]),
   ["saying \"{v}\"", "with the text '{v}'"])
_p("query", _s("Search terms."), lambda r: r.choice(TOPICS + PRODUCTS),
   ["about {v}", "for {v}", "matching '{v}'"])
_p("language", _s("Language name in English."), lambda r: r.choice(LANGUAGES), ["in {v}", "into {v}"])
_p("cuisine", _s("Type of food."), lambda r: r.choice(CUISINES), ["serving {v} food", "{v}"])
_p("product", _s("Product name."), lambda r: r.choice(PRODUCTS), ["{v}", "a {v}"])
_p("genre", _s("Music genre."), lambda r: r.choice(GENRES), ["{v}", "in the {v} genre"])
_p("username", _s("Account user name."), lambda r: f"{r.choice(PEOPLE).lower()}{r.randint(1, 99)}",
   ["for user {v}", "for the account {v}"])
_p("zip_code", _s("Postal code as a string."), lambda r: f"{r.randint(1000, 99999):05d}",
   ["in postal code {v}", "zip {v}"])
_p("country_code", _s("ISO 3166-1 alpha-2 country code, e.g. 'FR'."),
   lambda r: r.choice(list(COUNTRIES.values())),
   lambda r, v: r.choice(["in {c}", "for {c}"]).format(
       c=next(k for k, c in COUNTRIES.items() if c == v) if r.random() < 0.8 else v))
_p("currency", _s("ISO 4217 currency code, e.g. 'USD'."), lambda r: r.choice(list(CURRENCIES)),
   lambda r, v: f"in {r.choice(CURRENCIES[v])}")
_p("from_currency", _s("ISO 4217 code of the currency to convert from."),
   lambda r: r.choice(list(CURRENCIES)), lambda r, v: f"from {r.choice(CURRENCIES[v])}")
_p("to_currency", _s("ISO 4217 code of the currency to convert to."),
   lambda r: r.choice(list(CURRENCIES)), lambda r, v: f"to {r.choice(CURRENCIES[v])}")
# dates and times
_p("date", _s("Date as YYYY-MM-DD."), make_date, lambda r, v: f"on {say_date(r, v)}")
_p("start_date", _s("First day, YYYY-MM-DD."), make_date, lambda r, v: f"from {say_date(r, v)}")
_p("due_date", _s("Deadline, YYYY-MM-DD."), make_date, lambda r, v: f"due {say_date(r, v)}")
_p("time", _s("Time of day, 24-hour HH:MM."), make_time, lambda r, v: f"at {say_time(r, v)}")
_p("start_time", _s("Start, ISO 8601 date and time (YYYY-MM-DDTHH:MM)."),
   lambda r: f"{make_date(r)}T{make_time(r)}",
   lambda r, v: f"starting {say_date(r, v[:10])} at {say_time(r, v[11:])}")
_p("year", {"type": "integer", "description": "Four-digit year."}, lambda r: r.randint(1950, 2030),
   ["for {v}", "in {v}", "from the year {v}"])
# integers and numbers
_p("guests", {"type": "integer", "description": "Number of people."}, lambda r: r.randint(1, 12),
   _int_say("for {v} people", "for {v} guests", "party of {v}"))
_p("quantity", {"type": "integer", "description": "How many items."}, lambda r: r.randint(1, 40),
   _int_say("{v} of them", "quantity {v}", "{v} units"))
_p("nights", {"type": "integer", "description": "Number of nights."}, lambda r: r.randint(1, 14),
   _int_say("for {v} nights", "{v} nights"))
_p("limit", {"type": "integer", "description": "Maximum number of results."},
   lambda r: r.choice([3, 5, 10, 20, 50]), _int_say("top {v}", "at most {v} results",
                                                    "only {v} results"), default=10)
_p("duration_minutes", {"type": "integer", "description": "Length in minutes."},
   lambda r: r.choice([15, 30, 45, 60, 90, 120, 150, 180]),
   lambda r, v: r.choice([f"lasting {v} minutes", f"for {v} min"] + (
       [f"lasting {say_num(r, v / 60)} hours" if v != 60 else "lasting one hour",
        f"for {say_num(r, v / 60)} h"] if v % 30 == 0 else [])))
_p("amount", {"type": "number", "description": "Amount of money."},
   lambda r: round(r.uniform(5, 5000), r.choice([0, 2])), lambda r, v: f"of {_money(r, v)}")
_p("max_price", {"type": "number", "description": "Highest price in US dollars."},
   lambda r: float(r.randint(20, 2000)), lambda r, v: r.choice(
       ["under {m}", "costing at most {m}", "for no more than {m}"]).format(m=_money(r, v)))
_p("budget", {"type": "number", "description": "Total budget in euros."},
   lambda r: float(r.randint(2, 90) * 50), lambda r, v: f"with a budget of {_money(r, v, 'EUR')}")
_p("distance_km", {"type": "number", "description": "Distance in kilometres."},
   lambda r: round(r.uniform(1, 60), r.choice([0, 1])),
   lambda r, v: r.choice([f"{say_num(r, v)} km", f"{say_num(r, v)} kilometres",
                          f"{say_num(r, v)} kilometers", f"{round(v * 1000):,} metres",
                          f"{round(v * 1000)} m"]))
_p("weight_kg", {"type": "number", "description": "Weight in kilograms."},
   lambda r: round(r.uniform(0.5, 120), r.choice([0, 1])),
   lambda r, v: r.choice([f"weighing {say_num(r, v)} kg", f"{say_num(r, v)} kilograms"] + (
       [f"weighing {round(v * 1000)} grams", f"{round(v * 1000)} g"] if v < 10 else [])))
_p("temperature_c", {"type": "number", "description": "Temperature in degrees Celsius."},
   lambda r: float(r.randint(-5, 30)), _num_say("to {v} °C", "to {v} degrees Celsius",
                                                "at {v}°C"))
_p("discount_percent", {"type": "number", "description": "Discount as a percentage, 0-100."},
   lambda r: float(r.choice([5, 10, 12.5, 15, 20, 25, 30, 40])),
   _num_say("with a {v}% discount", "{v} percent off"))
_p("tax_rate", {"type": "number", "description": "Tax rate as a decimal fraction (0.2 for 20%)."},
   lambda r: r.choice([0.05, 0.07, 0.1, 0.16, 0.19, 0.2, 0.25]),
   lambda r, v: r.choice(["with {p}% tax", "at a tax rate of {p} percent"]).format(
       p=say_num(r, round(v * 100, 2))))
_p("rating", {"type": "integer", "description": "Stars from 1 to 5."}, lambda r: r.randint(1, 5),
   _int_say("{v} stars", "a rating of {v}", "{v} out of 5"))
_p("volume", {"type": "integer", "description": "Volume level 0-100."},
   lambda r: r.choice([10, 20, 35, 50, 65, 80, 100]), _int_say("at volume {v}", "volume {v}%"))
# enums and booleans
_enum("priority", "Priority level.", {"low": ["minor"], "medium": ["normal"], "high":
      ["urgent", "top"]}, "with {v} priority", default="medium")
_enum("seat_class", "Cabin class.", {"economy": ["coach"], "business": ["Business"],
      "first": ["First"]}, "in {v} class")
_enum("units", "Measurement system.", {"metric": ["Celsius and km"], "imperial":
      ["Fahrenheit and miles"]}, "using {v} units", default="metric")
_enum("sort_order", "Order of results.", {"asc": ["ascending", "lowest first"],
      "desc": ["descending", "highest first"]}, "sorted {v}", default="asc")
_enum("frequency", "How often it repeats.", {"daily": ["every day"], "weekly": ["every week"],
      "monthly": ["every month"]}, "{v}")
_enum("size", "Size.", {"S": ["small"], "M": ["medium"], "L": ["large"], "XL": ["extra large"]},
      "in size {v}")
_enum("transport_mode", "How to travel.", {"driving": ["by car"], "walking": ["on foot"],
      "transit": ["by public transport"], "cycling": ["by bike"]}, "{v}", default="driving")
_enum("status", "New status.", {"open": ["reopened"], "in_progress": ["in progress"],
      "done": ["finished", "completed"]}, "marked {v}")
_enum("format", "Output file format.", {"pdf": ["PDF"], "csv": ["CSV"], "docx": ["Word"]},
      "as {v}", default="pdf")
_bool("urgent", "Whether it is urgent.", ["marked urgent", "as urgent"],
      ["not urgent", "with no rush"])
_bool("notify", "Send a notification.", ["and notify me", "with notifications on"],
      ["without notifications", "and don't notify anyone"], default=True)
_bool("refundable", "Only refundable options.", ["refundable only", "that can be refunded"],
      ["non-refundable is fine", "including non-refundable"], default=False)
_bool("include_tax", "Include tax in the total.", ["including tax", "with tax included"],
      ["before tax", "excluding tax"], default=True)
_bool("public", "Visible to everyone.", ["publicly", "as public"], ["privately", "as private"])
# arrays
_p("tags", {"type": "array", "items": {"type": "string"}, "description": "Labels."},
   lambda r: r.sample(["work", "home", "family", "travel", "health", "money"], r.randint(1, 3)),
   lambda r, v: r.choice(["tagged {t}", "with the labels {t}"]).format(t=say_list(r, v)))
_p("attendees", {"type": "array", "items": {"type": "string"}, "description": "Names invited."},
   lambda r: r.sample(PEOPLE, r.randint(1, 4)),
   lambda r, v: r.choice(["with {t}", "inviting {t}"]).format(t=say_list(r, v)))
_p("scores", {"type": "array", "items": {"type": "number"}, "description": "The numbers."},
   lambda r: [float(r.randint(40, 100)) for _ in range(r.randint(2, 6))],
   lambda r, v: r.choice(["of {t}", "for the values {t}"]).format(t=say_list(
       r, [say_num(r, x) for x in v])))
WEEK = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_p("days", {"type": "array", "items": {"type": "string", "enum": WEEK},
            "description": "Weekdays."},
   lambda r: [WEEK[i] for i in sorted(r.sample(range(7), r.randint(1, 3)))],
   lambda r, v: "on " + say_list(r, [{"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday",
                                      "thu": "Thursday", "fri": "Friday", "sat": "Saturday",
                                      "sun": "Sunday"}[d] for d in v]))
_p("coordinates", {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2,
                   "description": "Latitude and longitude in degrees."},
   lambda r: [round(r.uniform(-60, 60), 4), round(r.uniform(-170, 170), 4)],
   lambda r, v: r.choice(["at latitude {a}, longitude {b}", "at ({a}, {b})",
                          "at coordinates {a}, {b}"]).format(a=v[0], b=v[1]))
# nested objects
_p("address", {"type": "object", "description": "Postal address.", "required": ["street", "city"],
               "properties": {"street": {"type": "string"}, "city": {"type": "string"}}},
   lambda r: {"street": f"{r.randint(1, 250)} {r.choice(STREETS)}", "city": r.choice(CITIES)},
   lambda r, v: r.choice(["at {s}, {c}", "to {s} in {c}"]).format(s=v["street"], c=v["city"]))
_p("dimensions", {"type": "object", "description": "Size in centimetres.",
                  "required": ["length", "width", "height"],
                  "properties": {k: {"type": "number"} for k in ("length", "width", "height")}},
   lambda r: {k: float(r.randint(5, 120)) for k in ("length", "width", "height")},
   lambda r, v: r.choice(["measuring {l} x {w} x {h} cm", "{l} cm long, {w} cm wide and {h} cm "
                          "high"]).format(l=say_num(r, v["length"]), w=say_num(r, v["width"]),
                                          h=say_num(r, v["height"])))
_p("price_range", {"type": "object", "description": "Price bounds in US dollars.",
                   "required": ["min", "max"], "properties": {
                       "min": {"type": "number"}, "max": {"type": "number"}}},
   lambda r: (lambda a: {"min": float(a), "max": float(a + r.randint(1, 20) * 10)})(
       r.randint(1, 30) * 5),
   lambda r, v: r.choice(["between {a} and {b}", "from {a} to {b}"]).format(
       a=_money(r, v["min"]), b=_money(r, v["max"])))
_p("contact", {"type": "object", "description": "Who to reach.", "required": ["name"],
               "properties": {"name": {"type": "string"}, "email": {"type": "string"}}},
   lambda r: {"name": (n := r.choice(PEOPLE)), "email": f"{n.lower()}@example.org"},
   lambda r, v: f"with contact {v['name']} ({v['email']})")

# --- domains ----------------------------------------------------------------------------------

class Domain(NamedTuple):
    """Objects (noun -> the parameters it takes, the first ones usually required) and verbs
    (verb -> words a task may use for it)."""

    objects: dict[str, list[str]]
    verbs: dict[str, list[str]]


DOMAINS: dict[str, Domain] = {
    "travel": Domain({"flight": ["origin", "destination", "date", "seat_class", "guests",
                                 "refundable", "max_price"],
                      "hotel_room": ["city", "start_date", "nights", "guests", "max_price",
                                     "refundable"],
                      "rental_car": ["city", "start_date", "duration_minutes", "size", "budget"],
                      "train_ticket": ["origin", "destination", "start_time", "seat_class",
                                       "quantity"]},
                     {"book": ["book", "reserve", "get me"], "search": ["find", "look for"],
                      "cancel": ["cancel"], "price": ["price", "check the price of"]}),
    "dining": Domain({"table": ["city", "date", "time", "guests", "cuisine", "full_name"],
                      "restaurant": ["city", "cuisine", "price_range", "limit", "sort_order"],
                      "food_delivery": ["address", "cuisine", "budget", "time", "notify"]},
                     {"book": ["book", "reserve"], "find": ["find", "search for"],
                      "order": ["order", "get"]}),
    "calendar": Domain({"meeting": ["title", "start_time", "duration_minutes", "attendees",
                                    "notify", "location"],
                        "reminder": ["title", "date", "time", "frequency", "priority"],
                        "event": ["title", "date", "location", "public", "attendees", "tags"]},
                       {"schedule": ["schedule", "set up", "put in"],
                        "create": ["create", "add", "make"], "move": ["move", "reschedule"],
                        "cancel": ["cancel", "delete"]}),
    "tasks": Domain({"task": ["title", "due_date", "priority", "tags", "status", "urgent"],
                     "ticket": ["title", "priority", "status", "contact", "tags"],
                     "note": ["title", "message", "tags", "public"]},
                    {"create": ["create", "add", "open"], "update": ["update", "change"],
                     "archive": ["archive", "file away"]}),
    "messaging": Domain({"email": ["email", "title", "message", "urgent", "attendees"],
                         "text_message": ["phone", "message", "notify"],
                         "invitation": ["email", "title", "date", "time", "location"]},
                        {"send": ["send", "write"], "schedule": ["schedule", "queue"],
                         "draft": ["draft", "prepare"]}),
    "finance": Domain({"payment": ["recipient", "amount", "currency", "date", "message"],
                       "invoice": ["full_name", "amount", "currency", "due_date", "tax_rate",
                                   "include_tax", "format"],
                       "transfer": ["recipient", "amount", "currency", "urgent", "notify"],
                       "exchange_rate": ["from_currency", "to_currency", "date", "amount"]},
                      {"send": ["send", "make"], "create": ["create", "issue", "draw up"],
                       "schedule": ["schedule", "set up"], "get": ["get", "look up"]}),
    "shopping": Domain({"product": ["query", "max_price", "size", "limit", "sort_order",
                                    "rating"],
                        "order": ["product", "quantity", "address", "size", "discount_percent"],
                        "return": ["product", "quantity", "contact", "refundable"]},
                       {"search": ["search for", "find", "look up"],
                        "place": ["place", "submit"], "track": ["track", "follow"],
                        "request": ["request", "start"]}),
    "shipping": Domain({"package": ["address", "weight_kg", "dimensions", "urgent",
                                    "contact", "date"],
                        "delivery": ["address", "date", "time", "notify", "contact"]},
                       {"ship": ["ship", "send"], "track": ["track"],
                        "schedule": ["schedule", "arrange"], "insure": ["insure"]}),
    "weather": Domain({"forecast": ["location", "date", "units", "days"],
                       "air_quality": ["city", "date", "coordinates"],
                       "weather_alert": ["location", "temperature_c", "notify", "frequency"]},
                      {"get": ["get", "check", "show me"],
                       "subscribe": ["subscribe to", "sign me up for"]}),
    "smart_home": Domain({"thermostat": ["temperature_c", "time", "days", "units"],
                          "lights": ["city", "time", "days", "frequency"],
                          "speaker": ["genre", "volume", "duration_minutes"]},
                         {"set": ["set", "adjust"], "schedule": ["schedule", "program"],
                          "turn_on": ["turn on", "start"]}),
    "media": Domain({"playlist": ["title", "genre", "duration_minutes", "public", "tags"],
                     "podcast": ["query", "language", "limit", "sort_order"],
                     "movie_ticket": ["title", "city", "date", "time", "quantity"]},
                    {"create": ["create", "make", "build"], "find": ["find", "search for"],
                     "book": ["book", "buy"], "share": ["share"]}),
    "fitness": Domain({"workout": ["title", "duration_minutes", "date", "distance_km",
                                   "frequency", "days"],
                       "meal_plan": ["cuisine", "days", "budget", "guests"],
                       "weight_entry": ["weight_kg", "date", "time"]},
                      {"log": ["log", "record"], "plan": ["plan", "set up"],
                       "delete": ["delete", "remove"]}),
    "education": Domain({"course": ["query", "language", "start_date", "max_price", "limit"],
                         "tutor_session": ["full_name", "query", "start_time",
                                           "duration_minutes", "price_range"],
                         "translation": ["message", "language", "format"]},
                        {"enroll_in": ["enroll me in", "sign up for"],
                         "book": ["book", "schedule"], "request": ["request", "order"]}),
    "accounts": Domain({"user": ["username", "email", "full_name", "country_code", "phone"],
                        "password_reset": ["username", "email", "urgent"],
                        "report": ["title", "start_date", "due_date", "format", "attendees"]},
                       {"create": ["create", "register"], "update": ["update", "edit"],
                        "export": ["export", "download"], "request": ["request"]}),
}

FRAMES = {  # family -> sentences around an action ("book a flight") and its parts
    "imperative": ["{Act} {parts}.", "Please {act} {parts}.", "{Act} {parts}, please.",
                   "{Act}: {parts}."],
    "question": ["Can you {act} {parts}?", "Could you {act} {parts}?",
                 "Would you {act} {parts}?", "Will you {act} {parts} for me?"],
    "need": ["I need to {act} {parts}.", "I'd like to {act} {parts}.", "We want to {act} "
             "{parts}.", "I want you to {act} {parts}.", "My plan is to {act} {parts}."],
}
SPLIT_FRAMES = ["{Act}. It should be {parts}.", "{Act}, {parts}.", "{Act} - {parts}.",
                "{Act}. Details: {parts}."]
NAME_STYLES = ("snake", "dotted", "camel")
DESCRIPTIONS = ["{Verb} a {noun}.", "{Verb}s a {noun} with the given details.",
                "Use this to {verb} a {noun}.", "{Verb} {noun}s for the user."]


def canonical_name(name: str) -> str:
    """`travel.bookFlight` -> `book_flight`, `math.calculate_mean` -> `mean`: the name the
    held-out split is decided on."""
    last = name.rsplit(".", 1)[-1]
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", last).lower().removeprefix("calculate_")


def held_out_name(name: str) -> bool:
    return zlib.crc32(canonical_name(name).encode()) % 5 == 0


def _styled(domain: str, snake: str, style: str) -> str:
    if style == "dotted":
        return f"{domain}.{snake}"
    if style == "camel":
        head, *rest = snake.split("_")
        return head + "".join(p.capitalize() for p in rest)
    return snake


def _join_parts(r: R, parts: list[str]) -> str:
    if len(parts) > 2 and r.random() < 0.3:
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    return " ".join(parts)


def _schema(names: list[str], required: list[str], describe: bool) -> dict[str, Any]:
    props = {}
    for n in names:
        node = dict(PARAMS[n].schema)
        if not describe:
            node.pop("description", None)
        props[n] = node
    return {"type": "object", "properties": props, "required": required}


def _draw_values(r: R, names: list[str], required: list[str]) -> dict[str, Any]:
    """Values in property order: required always, optional ones half of the time."""
    return {n: PARAMS[n].make(r) for n in names if n in required or r.random() < 0.5}


def _task(r: R, act: str, parts: list[str]) -> str:
    r.shuffle(parts)
    if parts and r.random() < 0.2:
        frame = r.choice(SPLIT_FRAMES)
    else:
        frame = r.choice(FRAMES[r.choice(list(FRAMES))])
    text = frame.format(act=act, Act=act[0].upper() + act[1:], parts=_join_parts(r, parts))
    return re.sub(r"\s+([.,?])", r"\1", text).replace(" :", ":").replace("  ", " ")


def _function(r: R, domain: str, noun: str, verb: str
              ) -> tuple[FunctionSpec, str, dict[str, Any]]:
    pool = DOMAINS[domain].objects[noun]
    names = r.sample(pool, r.randint(min(2, len(pool)), min(6, len(pool))))
    names = [n for n in pool if n in names]  # the object's own order, as a human would write
    if r.random() < 0.3:
        r.shuffle(names)
    required = [n for n in names if PARAMS[n].default is None and r.random() < 0.75]
    required = required or [names[0]]
    style = r.choice(NAME_STYLES)
    name = _styled(domain, f"{verb}_{noun}", style)
    spaced = noun.replace("_", " ")
    description = r.choice(DESCRIPTIONS).format(
        verb=verb.replace("_", " "), Verb=verb.replace("_", " ").capitalize(), noun=spaced)
    spec = FunctionSpec(name=name, description=description,
                        parameters=_schema(names, required, describe=r.random() < 0.85))
    args = _draw_values(r, names, required)
    article = r.choice(["an" if spaced[0] in "aeiou" else "a", "the", "my"])
    act = f"{r.choice(DOMAINS[domain].verbs[verb])} {article} {spaced}"
    task = _task(r, act, [PARAMS[n].say(r, v) for n, v in args.items()])
    return spec, task, args


# --- calculator functions: fixed specs with their own sentences -------------------------------

def _num(desc: str, kind: str = "number") -> dict[str, Any]:
    return {"type": kind, "description": desc}


class Calc(NamedTuple):
    description: str
    properties: dict[str, dict[str, Any]]
    required: list[str]
    make: Callable[[R], dict[str, Any]]
    sentences: list[str]  # formatted with the values said (and `_x` for each raw value)


def _said(r: R, args: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in args.items():
        if isinstance(v, bool):
            out[k] = str(v).lower()
        elif isinstance(v, int):
            out[k] = say_int(r, v)
        elif isinstance(v, float):
            out[k] = say_num(r, v)
        elif isinstance(v, list):
            out[k] = say_list(r, [say_num(r, x) if isinstance(x, float) else x for x in v])
        else:
            out[k] = str(v)
    return out


UNIT_GROUPS = [["kilometers", "miles", "meters", "feet"], ["kilograms", "pounds", "ounces"],
               ["liters", "gallons", "cups"]]

CALCS: dict[str, Calc] = {
    "triangle_area": Calc("Area of a triangle from its base and height.",
                          {"base": _num("Base length."), "height": _num("Height."),
                           "unit": {"type": "string", "description": "Length unit.",
                                    "default": "m"}}, ["base", "height"],
                          lambda r: {"base": float(r.randint(2, 40)),
                                     "height": float(r.randint(2, 40))},
                          ["Find the area of a triangle with base {base} and height {height}.",
                           "What is the area of a triangle whose height is {height} and base "
                           "{base}?", "I need the area of a triangle: base {base}, height "
                           "{height}."]),
    "compound_interest": Calc(
        "Future value of a deposit with compound interest.",
        {"principal": _num("Initial amount."), "annual_rate": _num(
            "Yearly interest rate as a decimal fraction (0.05 for 5%)."),
         "years": _num("Number of years.", "integer"),
         "compounds_per_year": {**_num("Times interest is added per year.", "integer"),
                                "default": 1}}, ["principal", "annual_rate", "years"],
        lambda r: {"principal": float(r.randint(1, 50) * 500),
                   "annual_rate": r.choice([0.02, 0.03, 0.035, 0.04, 0.05, 0.06, 0.075]),
                   "years": r.randint(1, 30)},
        ["How much will {principal} dollars be worth after {years} years at {_pct}% "
         "interest?", "Calculate compound interest on ${principal} at {_pct} percent a year "
         "for {years} years.", "I invest {principal} for {years} years at an annual rate of "
         "{_pct}%. What do I end up with?"]),
    "bmi": Calc("Body mass index.", {"weight_kg": _num("Weight in kilograms."),
                                     "height_cm": _num("Height in centimetres.")},
                ["weight_kg", "height_cm"],
                lambda r: {"weight_kg": float(r.randint(45, 110)),
                           "height_cm": float(r.randint(150, 200))},
                ["What is the BMI of someone who weighs {weight_kg} kg and is {height_cm} cm "
                 "tall?", "Compute my body mass index: {height_cm} cm, {weight_kg} kilograms.",
                 "Calculate BMI for height {height_cm} cm and weight {weight_kg} kg."]),
    "loan_payment": Calc("Monthly payment of a fixed-rate loan.",
                         {"principal": _num("Amount borrowed."),
                          "annual_rate_percent": _num("Yearly interest rate in percent."),
                          "months": _num("Length of the loan in months.", "integer")},
                         ["principal", "annual_rate_percent", "months"],
                         lambda r: {"principal": float(r.randint(2, 80) * 1000),
                                    "annual_rate_percent": r.choice([2.5, 3.9, 4.5, 5.0, 6.25]),
                                    "months": r.choice([12, 24, 36, 48, 60, 120, 360])},
                         ["What is the monthly payment on a {principal} loan at "
                          "{annual_rate_percent}% over {months} months?", "Work out the "
                          "monthly repayment: borrowed {principal}, {months} months, rate "
                          "{annual_rate_percent} percent."]),
    "convert_units": Calc("Convert a quantity between units.",
                          {"value": _num("The quantity."), "from_unit": {"type": "string"},
                           "to_unit": {"type": "string"}}, ["value", "from_unit", "to_unit"],
                          lambda r: dict(zip(("value", "from_unit", "to_unit"), (
                              float(r.randint(1, 500)), *r.sample(r.choice(UNIT_GROUPS), 2)),
                              strict=True)),
                          ["Convert {value} {from_unit} to {to_unit}.",
                           "How many {to_unit} are {value} {from_unit}?",
                           "I have {value} {from_unit}; express it in {to_unit}."]),
    "mean": Calc("Arithmetic mean of numbers.",
                 {"numbers": {"type": "array", "items": {"type": "number"}}}, ["numbers"],
                 lambda r: {"numbers": [float(r.randint(1, 99)) for _ in range(r.randint(3, 7))]},
                 ["What is the average of {numbers}?", "Compute the mean of {numbers}.",
                  "Average these: {numbers}."]),
    "percentage_of": Calc("A percentage of a value.",
                          {"value": _num("The whole."), "percent": _num("Percent, 0-100.")},
                          ["value", "percent"],
                          lambda r: {"value": float(r.randint(10, 900)),
                                     "percent": float(r.choice([5, 12, 15, 20, 35, 60]))},
                          ["What is {percent}% of {value}?", "Take {percent} percent of "
                           "{value}.", "I need {percent}% of {value}."]),
    "population_growth": Calc(
        "Population after years of steady growth.",
        {"initial_population": _num("People at the start.", "integer"),
         "growth_rate": _num("Yearly growth as a decimal fraction (0.02 for 2%)."),
         "years": _num("Number of years.", "integer")},
        ["initial_population", "growth_rate", "years"],
        lambda r: {"initial_population": r.choice([r.randint(2, 900) * 10**4,
                                                   r.randint(2, 90) * 10**6 // 2]),
                   "growth_rate": r.choice([0.005, 0.01, 0.012, 0.02, 0.025, 0.03]),
                   "years": r.randint(2, 50)},
        ["Project a population of {initial_population} growing {_pct}% a year for {years} "
         "years.", "How many people will live in a town of {initial_population} after {years}"
         " years at {_pct} percent annual growth?"]),
    "factorial": Calc("Factorial of a non-negative integer.",
                      {"n": _num("The integer.", "integer")}, ["n"],
                      lambda r: {"n": r.randint(0, 20)},
                      ["Calculate the factorial of {n}.", "What is {n} factorial?",
                       "I need {n}! computed."]),
    "quadratic_roots": Calc("Roots of a*x^2 + b*x + c = 0.",
                            {k: _num(f"Coefficient {k}.", "integer") for k in "abc"},
                            ["a", "b", "c"],
                            lambda r: {"a": r.choice([1, 2, 3, -1]), "b": r.randint(-9, 9),
                                       "c": r.randint(-9, 9)},
                            ["Solve the quadratic equation with a={a}, b={b} and c={c}.",
                             "Find the roots of {a}x^2 + {b}x + {c} = 0 (a={a}, b={b}, "
                             "c={c})."]),
    "binomial_probability": Calc("Probability of k successes in n independent trials.",
                                 {"trials": _num("Number of trials n.", "integer"),
                                  "successes": _num("Number of successes k.", "integer"),
                                  "p": {**_num("Success probability per trial."),
                                        "default": 0.5}}, ["trials", "successes"],
                                 lambda r: {"trials": r.randint(2, 30), "successes":
                                            r.randint(0, 2), "p": r.choice([0.1, 0.25, 0.5])},
                                 ["What is the probability of {successes} successes in {trials}"
                                  " trials with success chance {p}?", "Chance of getting "
                                  "exactly {successes} in {trials} tries if each succeeds with "
                                  "probability {p}."]),
}


def _calc_call(r: R, fname: str) -> tuple[FunctionSpec, str, dict[str, Any]]:
    calc = CALCS[fname]
    args = calc.make(r)
    args = {k: args[k] for k in calc.properties if k in args}  # property order
    said = _said(r, args)
    for rate in ("annual_rate", "growth_rate"):
        if rate in args:
            said["_pct"] = say_num(r, round(args[rate] * 100, 3))
    style = r.choice(NAME_STYLES)
    name = _styled("math", ("calculate_" if style != "dotted" else "") + fname, style)
    spec = FunctionSpec(name=name, description=calc.description, parameters={
        "type": "object", "properties": calc.properties, "required": calc.required})
    task = r.choice(calc.sentences).format(**said)
    return spec, task, args


# --- public entry points ----------------------------------------------------------------------

def _all_functions() -> list[tuple[str, str, str]]:
    """(domain, noun, verb) of every generated function, and ('math', fname, '') for calcs."""
    out = [(d, noun, verb) for d, dom in DOMAINS.items() for noun in dom.objects
           for verb in dom.verbs]
    return out + [("math", f, "") for f in CALCS]


def _snake(domain: str, noun: str, verb: str) -> str:
    return f"{verb}_{noun}" if verb else noun


def functions(held_out: bool) -> list[tuple[str, str, str]]:
    """The functions of one side of the split."""
    return [f for f in _all_functions() if held_out_name(_snake(*f)) == held_out]


def make_call(rng: random.Random, held_out: bool) -> tuple[FunctionSpec, str, dict[str, Any]]:
    """A random function spec, a task that states the arguments, and the arguments."""
    domain, noun, verb = rng.choice(functions(held_out))
    if domain == "math":
        return _calc_call(rng, noun)
    return _function(rng, domain, noun, verb)


def make_choice(rng: random.Random, held_out: bool
                ) -> tuple[list[FunctionSpec], str, int, dict[str, Any]]:
    """Two to four functions of one domain, a task for one of them, its index and arguments."""
    domain, noun, verb = rng.choice([f for f in functions(held_out) if f[0] != "math"])
    siblings = [f for f in functions(held_out) if f[0] == domain and f != (domain, noun, verb)]
    picked = rng.sample(siblings, min(len(siblings), rng.randint(1, 3)))
    spec, task, args = _function(rng, domain, noun, verb)
    specs = [spec] + [_function(rng, *f)[0] for f in picked]
    order = list(range(len(specs)))
    rng.shuffle(order)
    return [specs[i] for i in order], task, order.index(0), args


def _shapes(pool: list[str]) -> int:
    """Distinct (parameter set, required set) pairs `_function` can give one object."""
    from itertools import combinations

    total = 0
    for k in range(min(2, len(pool)), min(6, len(pool)) + 1):
        for subset in combinations(pool, k):
            free = sum(PARAMS[n].default is None for n in subset)
            total += max(1, 2 ** free - 1)  # any non-empty required set (or the fallback)
    return total


def spec_space() -> dict[str, int]:
    """Sizes of what the generator draws from (train and held-out sides together).
    `spec_shapes` counts distinct (name, parameters, required) specs, before name styles,
    descriptions and property order multiply it further."""
    fns = _all_functions()
    forms = sum(len(f) for f in FRAMES.values()) + len(SPLIT_FRAMES)
    shapes = sum(_shapes(DOMAINS[d].objects[noun]) for d, noun, verb in fns if verb)
    return {"function_names": len(fns), "held_out_names": len(functions(True)),
            "spec_shapes": shapes + len(CALCS),
            "named_variants": len(fns) * len(NAME_STYLES), "domains": len(DOMAINS) + 1,
            "parameter_kinds": len(PARAMS), "sentence_frames": forms,
            "calculator_sentences": sum(len(c.sentences) for c in CALCS.values())}


def argument_examples(split: str, n: int, render: Callable[[Prompt], str], seed: int = 0
                      ) -> Iterable[Example]:
    """`n` function-arguments examples for `split` (held-out functions in test splits)."""
    rng = random.Random(f"gba-functions-{seed}-{split}")
    held_out = split.startswith("test")
    for i in range(n):
        spec, task, args = make_call(rng, held_out)
        yield Example(id=f"fn-{split}-{i:05d}", request_id=f"fn-{split}-{i:05d}", split=split,  # type: ignore[arg-type]
                      role="function_arguments", prompt=render(arguments_messages(task, spec)),
                      completion=json.dumps(args, ensure_ascii=False), source="functions")
