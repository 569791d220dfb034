"""The conversion check: units read off the request's words, refused with the fix in one line."""

from __future__ import annotations

import json

import pytest

from gba.client.fake import FakeClient
from gba.tools.calculate import CalculateNumber
from gba.tools.conversions import (
    matched_units,
    misread_units,
    mixed_units,
    named_units,
    stated_units,
)
from gba.tools.examples import BANK_PATH
from gba.trajectory import PlanRecord, Step


@pytest.mark.parametrize("code, request_text, says", [
    ('result = convert(3, "l", "gal")', "Turn 3 US gallons into litres.", 'convert(3, "gal"'),
    ('result = convert(12, "g", "oz")', "A recipe wants 12 ounces of flour. In grams?",
     'convert(12, "oz"'),
    ('result = convert(1.8, "m", "ft")', "How many inches are in 1.8 metres?", '"in")'),
    ('result = convert(70, "C", "F")', "What's 70 degrees Fahrenheit in Celsius?",
     'convert(70, "F"'),
    ('result = convert(6, "in", "cm")', "I am six feet tall. In centimetres?", 'convert(6, "ft"'),
])
def test_a_misread_unit_is_refused_with_the_fix(code, request_text, says):
    why = misread_units(code, request_text)
    assert why is not None and says in why and "\n" not in why


@pytest.mark.parametrize("code, request_text", [
    ('result = convert(3, "gal", "l")', "Turn 3 US gallons into litres."),
    ('result = convert(1.8, "m", "in")', "How many inches are in 1.8 metres?"),
    # a number converted with a unit of another kind: "60 mph" driven for 90 minutes
    ('result = convert(60, "mi", "km") * 90 / 60', "At 60 mph for 90 minutes, how many km?"),
    # a unit of a kind the request names, reached through another of its kind
    ('result = 18 / convert(45, "min", "h")', "I ride 18 km in 45 minutes. My speed in km/h?"),
    # written once with a unit and once without: the words do not settle which is meant
    ('result = convert(5, "ft", "cm") + convert(5, "in", "cm")', "The door is 5 ft 5 in high."),
    ('result = convert(2.4 * 15, "kg", "lb")', "A box weighs 2.4 kg. 15 of them in pounds?"),
    ('result = 17 * 23', "What is 17 times 23 in total?"),
    ('result = convert(856, "h", "min")', "The project took 856 h. In minutes?"),
])
def test_conversions_the_words_allow_pass(code, request_text):
    assert misread_units(code, request_text) is None


def test_words_that_only_look_like_units_name_none():
    names = [u.symbol for u, _ in named_units("The park has a lake in it; vitamin C, second row.")]
    assert names == []
    assert stated_units("2 a day, 3 in total") == {2.0: [None], 3.0: [None]}


def test_every_conversion_the_simulation_trains_on_passes():
    checked = 0
    for line in BANK_PATH.read_text().splitlines():
        row = json.loads(line)
        if "convert(" in row["code"]:
            assert misread_units(row["code"], row["task"]) is None, row
            checked += 1
    assert checked >= 500


def _found(observation: str) -> Step:
    plan = PlanRecord(task="Look up the height.", selected_tool="search_wikipedia")
    return Step(index=0, plan=plan, tool="search_wikipedia", observation=observation)


def test_the_tool_repairs_a_misread_unit_and_says_which():
    client = FakeClient([{"code": 'result = convert(3, "l", "gal")'},
                         {"code": 'result = convert(3, "gal", "l")'}])
    out = CalculateNumber(client)("Turn 3 US gallons into litres.", "Convert 3 gallons.", [])
    assert out.error is None and float(out.data["value"]) == pytest.approx(11.3562, rel=1e-4) and out.data["attempts"] == 2
    assert 'convert(3, "gal", ...)' in client.calls[1].prompt[-1].content


def test_a_found_number_keeps_the_unit_its_search_gave():
    steps = [_found("Mount Everest is 8,848.86 m high.")]
    client = FakeClient([{"code": 'result = convert(8848.86, "ft", "m")'}] * 2)
    out = CalculateNumber(client)("How high is Mount Everest in feet?", "Convert it.", steps)
    assert out.error is not None and 'convert(8848.86, "m", ...)' in out.error


def test_a_converted_value_nobody_stated_is_refused():
    nothing = Step(index=0, plan=PlanRecord(task="t", selected_tool="search_wikipedia"),
                   tool="search_wikipedia", observation="Wikipedia has no article relevant to it.")
    fake = FakeClient([{"code": 'result = convert(16, "km", "mi")'}] * 6)
    out = CalculateNumber(fake, constrain_numbers=False)(
        "How many miles long is the Irrawaddy?", "Convert the length to miles.", [nothing])
    assert out.error and "converts 16" in out.text
    found = nothing.model_copy(update={"observation": "The river is 16 km long."})
    out = CalculateNumber(FakeClient([{"code": 'result = convert(16, "km", "mi")'}]))(
        "How many miles long is the river?", "Convert 16 km to miles.", [found])
    assert out.error is None and float(out.data["value"]) == pytest.approx(9.94, abs=0.01)


RIVERS = "The Indus is 3,180 km long. The Missouri River is 2,341 mi long."


@pytest.mark.parametrize("code, given, expected", [
    ("result = max(3180, 2341)", RIVERS, 'result = max(3180, convert(2341, "mi", "km"))'),
    ("result = 3180 - 2341", RIVERS, 'result = 3180 - convert(2341, "mi", "km")'),
    ("result = min(2341, 3180)", RIVERS, 'result = min(2341, convert(3180, "km", "mi"))'),
    ("result = 3180 * 2341", RIVERS, "result = 3180 * 2341"),  # a product is no comparison
    ("result = max(3180, 2341)", "The Indus is 3,180 km. The Missouri is 2,341 km.",
     "result = max(3180, 2341)"),
    ("result = max(3180, 2341)", "The Indus is 3,180 km. The Missouri is 2,341 kg.",
     "result = max(3180, 2341)"),  # other kinds: the words do not settle it
    ("result = max(3180, 2341)", "The Indus is 3,180 km. 2341 is a year; 2,341 mi too.",
     "result = max(3180, 2341)"),  # written once without a unit
])
def test_matched_units(code, given, expected):
    assert matched_units(code, given) == expected
    assert (mixed_units(code, given) is None) == (code == expected)


def test_the_calculation_role_compares_lengths_in_one_unit():
    found = Step(index=1, plan=PlanRecord(task="Look up both rivers.",
                                          selected_tool="search_wikipedia"),
                 tool="search_wikipedia", observation=RIVERS + " (Sources: Indus; Missouri)",
                 sources=["Indus River", "Missouri River"])
    out = CalculateNumber(FakeClient([{"code": "result = max(3180, 2341)"}]))(
        "Which river is longer, the Indus or the Missouri?", "Compare.", [found])
    assert out.data["code"] == 'result = max(3180, convert(2341, "mi", "km"))'
    assert out.data["written"] == "result = max(3180, 2341)"
    assert float(out.data["value"]) == pytest.approx(3767.47, abs=0.01)
