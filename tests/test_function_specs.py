"""The function-spec generator: valid schemas, targets that validate, a stable held-out split."""

import json
import random
import re
import zlib

import pytest

from gba.simulation import function_specs as fs
from gba.tools.function_call import arguments_model

DRAWS = 300


def _calls(held_out: bool, n: int = DRAWS, seed: int = 0):
    rng = random.Random(seed)
    return [fs.make_call(rng, held_out) for _ in range(n)]


@pytest.mark.parametrize("held_out", [False, True])
def test_every_target_validates_against_a_valid_schema(held_out):
    jsonschema = pytest.importorskip("jsonschema")
    for spec, task, args in _calls(held_out):
        params = spec.parameters
        jsonschema.Draft202012Validator.check_schema(params)
        jsonschema.validate(args, params)  # the expected arguments obey the spec
        arguments_model(spec).model_validate(args)  # and so does gba's model of it
        assert set(params["required"]) <= set(args) <= set(params["properties"])
        assert list(args) == [n for n in params["properties"] if n in args]  # grammar order
        assert task.strip() and task[0].isupper()


VERBATIM = {"city", "origin", "destination", "title", "message", "username", "email",
            "recipient", "full_name", "phone", "zip_code", "genre", "product"}


def test_verbatim_values_appear_in_the_task():
    seen = 0
    for _, task, args in _calls(False, 200, seed=1):
        for name in VERBATIM & set(args):
            assert args[name] in task, (task, name, args[name])
            seen += 1
    assert seen > 50


def test_held_out_split_is_stable_and_about_one_in_five():
    names = {fs._snake(*f) for f in fs._all_functions()}
    held = {n for n in names if fs.held_out_name(n)}
    assert held == {n for n in names if zlib.crc32(n.encode()) % 5 == 0}  # a fixed hash
    assert 0.1 < len(held) / len(names) < 0.3
    for spec, _, _ in _calls(True, 100):
        assert fs.canonical_name(spec.name) in held
    for spec, _, _ in _calls(False, 100):
        assert fs.canonical_name(spec.name) not in held
    # the same seed gives the same data, a different one other data
    assert [c[1] for c in _calls(False, 20)] == [c[1] for c in _calls(False, 20)]
    assert [c[1] for c in _calls(False, 20)] != [c[1] for c in _calls(False, 20, seed=5)]


def test_name_styles_share_a_fate():
    assert fs.canonical_name("travel.bookFlight") == "book_flight"
    assert fs.canonical_name("bookFlight") == fs.canonical_name("book_flight") == "book_flight"


def test_breadth_of_kinds_and_phrasings():
    calls = _calls(False, 600, seed=2)
    kinds, frames, optional_left_out, nested, styles = set(), set(), 0, 0, set()
    for spec, task, args in calls:
        props = spec.parameters["properties"]
        for name in args:
            node = props[name]
            kinds.add("enum" if "enum" in node else node["type"])
        optional_left_out += any(n not in args for n in props)
        nested += any(props[n]["type"] == "object" for n in args)
        styles.add("dotted" if "." in spec.name else "camel" if re.search("[A-Z]", spec.name)
                   else "snake")
        frames.add(task.split()[0])
    assert kinds >= {"string", "integer", "number", "boolean", "enum", "array", "object"}
    assert optional_left_out > 100 and nested > 20 and styles == {"snake", "dotted", "camel"}
    assert len(frames) > 20  # many openings: imperatives, questions, statements of need
    assert len({c[1] for c in calls}) == len(calls)  # no two tasks alike
    space = fs.spec_space()
    assert space["function_names"] > 100 and space["parameter_kinds"] > 40


def test_value_forms_are_computed_from_the_generator():
    rng = random.Random(0)
    assert fs.say_date(random.Random(3), "2025-03-05") in {
        "2025-03-05", "March 5, 2025", "5 March 2025", "the 5th of March 2025", "Mar 5 2025",
        "March 5th, 2025"}
    forms = {fs.say_time(random.Random(i), "19:30") for i in range(40)}
    assert {"19:30", "7:30 pm", "7:30 PM"} <= forms
    said = {fs.PARAMS["duration_minutes"].say(random.Random(i), 90) for i in range(60)}
    assert "lasting 1.5 hours" in said and "lasting 90 minutes" in said
    said = {fs.PARAMS["tax_rate"].say(random.Random(i), 0.16) for i in range(30)}
    assert any("16%" in s or "16 percent" in s for s in said)
    assert fs.say_int(rng, 3) in {"3", "three"}


def test_make_choice_names_one_of_its_functions():
    rng = random.Random(4)
    for _ in range(50):
        specs, task, index, args = fs.make_choice(rng, False)
        assert 2 <= len(specs) <= 4 and len({s.name for s in specs}) == len(specs)
        arguments_model(specs[index]).model_validate(args)
        assert not any(fs.held_out_name(s.name) for s in specs)


def test_argument_examples_are_json_targets():
    examples = list(fs.argument_examples("test_templates", 5, lambda p: str(p)))
    assert len(examples) == 5 and all(e.role == "function_arguments" for e in examples)
    assert all(isinstance(json.loads(e.completion), dict) for e in examples)



def test_scaled_numbers_and_units_in_other_words():
    assert fs._scaled(2_500_000) == "2.5 million" and fs._scaled(40_000) == "40 thousand"
    assert fs._scaled(2_430_000) is None and fs._scaled(999) is None
    said = {fs.PARAMS["distance_km"].say(random.Random(i), 2.5) for i in range(40)}
    assert {"2500 m", "2.5 km"} <= said
    said = {fs.PARAMS["weight_kg"].say(random.Random(i), 0.8) for i in range(40)}
    assert "800 g" in said
