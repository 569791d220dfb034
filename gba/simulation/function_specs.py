"""Procedurally generated function specs and tasks, for the generic function-calling role.

Functions are named verb_noun with 2 to 5 parameters drawn from a pool of typed parameters
(strings, integers, numbers, booleans, enums, dates, arrays and a nested object), some
optional. A task sentence states every value to pass; the target is the argument JSON. One
function name in five is held out: only the test splits use it, so argument accuracy on
them measures calling functions never seen in training.

>>> import random
>>> spec, task, args = make_call(random.Random(0), held_out=False)
>>> set(args) <= set(spec.parameters["properties"])
True
"""

from __future__ import annotations

import json
import random
import zlib
from collections.abc import Callable, Iterable
from typing import Any

from gba.client.base import Prompt
from gba.simulation.records import Example
from gba.tools.function_call import FunctionSpec, arguments_messages

VERBS = ["book", "create", "schedule", "order", "cancel", "update", "reserve", "register",
         "share", "rate", "translate", "plan", "send", "log", "track", "archive"]
NOUNS = ["flight", "hotel_room", "table", "meeting", "reminder", "ticket", "invoice",
         "playlist", "package", "appointment", "task", "note", "alarm", "payment", "review",
         "workout", "trip", "delivery", "subscription", "document"]
CITIES = ["Lisbon", "Nairobi", "Osaka", "Quito", "Tallinn", "Perth", "Bergen", "Accra"]
WORDS = ["quarterly report", "birthday party", "team sync", "dentist", "guitar lesson",
         "project kickoff", "book club", "yoga"]
PEOPLE = ["Mia", "Omar", "Lena", "Ravi", "Sofia", "Tariq", "Yuki", "Zoe"]


def _date(rng: random.Random) -> str:
    return f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


# name -> (JSON schema, how the task says it, value maker)
PARAMS: dict[str, tuple[dict[str, Any], str, Callable[[random.Random], Any]]] = {
    "city": ({"type": "string"}, "in {v}", lambda r: r.choice(CITIES)),
    "title": ({"type": "string"}, "called '{v}'", lambda r: r.choice(WORDS)),
    "recipient": ({"type": "string"}, "for {v}", lambda r: r.choice(PEOPLE)),
    "email": ({"type": "string"}, "to {v}", lambda r: f"{r.choice(PEOPLE).lower()}@mail.com"),
    "date": ({"type": "string", "description": "YYYY-MM-DD"}, "on {v}", _date),
    "time": ({"type": "string", "description": "HH:MM"}, "at {v}",
             lambda r: f"{r.randint(6, 21):02d}:{r.choice(['00', '15', '30', '45'])}"),
    "guests": ({"type": "integer"}, "for {v} guests", lambda r: r.randint(1, 12)),
    "quantity": ({"type": "integer"}, "quantity {v}", lambda r: r.randint(1, 50)),
    "duration_minutes": ({"type": "integer"}, "lasting {v} minutes",
                         lambda r: r.choice([15, 30, 45, 60, 90, 120])),
    "amount": ({"type": "number"}, "amount {v}", lambda r: round(r.uniform(5, 900), 2)),
    "max_price": ({"type": "number"}, "costing at most {v}", lambda r: r.randint(20, 800)),
    "urgent": ({"type": "boolean"}, "{v}", lambda r: r.random() < 0.5),
    "notify": ({"type": "boolean"}, "{v}", lambda r: r.random() < 0.5),
    "priority": ({"type": "string", "enum": ["low", "medium", "high"]}, "with {v} priority",
                 lambda r: r.choice(["low", "medium", "high"])),
    "seat_class": ({"type": "string", "enum": ["economy", "business", "first"]}, "in {v} class",
                   lambda r: r.choice(["economy", "business", "first"])),
    "unit": ({"type": "string", "enum": ["metric", "imperial"]}, "using {v} units",
             lambda r: r.choice(["metric", "imperial"])),
    "tags": ({"type": "array", "items": {"type": "string"}}, "tagged {v}",
             lambda r: r.sample(["work", "home", "family", "travel", "health", "money"], 2)),
    "attendees": ({"type": "array", "items": {"type": "string"}}, "with {v}",
                  lambda r: r.sample(PEOPLE, r.randint(1, 3))),
    "address": ({"type": "object", "required": ["street", "city"], "properties": {
        "street": {"type": "string"}, "city": {"type": "string"}}}, "at {v}",
        lambda r: {"street": f"{r.randint(1, 99)} {r.choice(['Oak', 'Elm', 'Pine'])} Street",
                   "city": r.choice(CITIES)}),
}
BOOL_WORDS = {"urgent": ("marked urgent", "not urgent"),
              "notify": ("and notify me", "without notifications")}
FRAMES = ["Please {verb} a {noun} {parts}.", "{Verb} a {noun} {parts}.",
          "I need you to {verb} a {noun} {parts}.", "Can you {verb} a {noun} {parts}?"]


def held_out_name(name: str) -> bool:
    return zlib.crc32(name.encode()) % 5 == 0


def _say(name: str, value: Any) -> str:
    if name in BOOL_WORDS:
        return BOOL_WORDS[name][0 if value else 1]
    if isinstance(value, list):
        value = " and ".join(value)
    if isinstance(value, dict):
        value = f"{value['street']}, {value['city']}"
    return PARAMS[name][1].format(v=value)


def make_call(rng: random.Random, held_out: bool) -> tuple[FunctionSpec, str, dict[str, Any]]:
    """A random function spec, a task that states the arguments, and the arguments."""
    while True:
        verb, noun = rng.choice(VERBS), rng.choice(NOUNS)
        if held_out_name(f"{verb}_{noun}") == held_out:
            break
    names = rng.sample(sorted(PARAMS), rng.randint(2, 5))
    required = [n for n in names if rng.random() < 0.7] or names[:1]
    spec = FunctionSpec(name=f"{verb}_{noun}", description=f"{verb.capitalize()} a "
                        f"{noun.replace('_', ' ')}.", parameters={
                            "type": "object", "required": required,
                            "properties": {n: PARAMS[n][0] for n in names}})
    given = [n for n in names if n in required or rng.random() < 0.5]
    args = {n: PARAMS[n][2](rng) for n in given}
    parts = " ".join(_say(n, args[n]) for n in rng.sample(given, len(given)))
    task = rng.choice(FRAMES).format(verb=verb, Verb=verb.capitalize(),
                                     noun=noun.replace("_", " "), parts=parts)
    return spec, task, args


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
