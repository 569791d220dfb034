"""What kind of quantity code computes (gba.tools.dimensions), and the calculation role's
refusal of code that comes out in another kind than the request asks for."""

from __future__ import annotations

import pytest

from gba.client.fake import FakeClient
from gba.tools.calculate import CalculateNumber
from gba.tools.dimensions import describe, result_kind, stated_kinds, wrong_kind

WALK = "Walking at a steady 4.5 km an hour, how many minutes will a 3.6 km route take me?"
FUEL = "My car burns 6.5 litres per 100 km. How many litres do I use for 230 km?"


@pytest.mark.parametrize("text, value, kind", [
    (WALK, 4.5, (1, 0, -1)),  # a speed: a length per time
    (WALK, 3.6, (1, 0, 0)),
    (FUEL, 6.5, (3, 0, 0)),  # per a number of km: the 100 carries the length
    (FUEL, 100, (1, 0, 0)),
    ("I sleep 7 hours a night.", 7, (0, 0, 0)),  # a time per time
    ("We cycle 25 km a month for five months.", 5, (0, 0, 1)),  # a calendar period
    ("Paint a 4 by 2 metre wall.", 4, (1, 0, 0)),  # the second number's unit
    ("I ate 2 apples.", 2, (0, 0, 0)),
])
def test_stated_kinds(text, value, kind):
    assert stated_kinds(text)[value] == kind


@pytest.mark.parametrize("code, request_text, flagged", [
    ("result = 3.6 * 4.5", WALK, ("a time", "a length squared per time")),
    ("result = 3.6 / 4.5 * 60", WALK, None),
    ("result = 4.5 / 3.6 * 60", WALK, ("a time", "a number per time")),
    ("result = 230 / 100 * 6.5", FUEL, None),
    ("result = 230 * 100 / 6.5", FUEL, ("a volume", "a number per length")),
    ("result = 25 * 12", "We cycle 25 km a month. How many km is that in a year?", None),
    ("result = convert(3.6, 'km', 'mi')", "How many miles is 3.6 km?", None),
    ("result = 19.5 * 8", "What do I earn for 8 hours at 19.50 an hour?", None),  # money
    ("result = 2 * 3 * 2 / 10", "How many litres for a 2 by 3 metre wall, 2 coats, if one "
     "litre covers 10 square metres?", None),  # which 2 is the length: not checked
    ("result = 450 / 15", "A tank holds 450 litres and drains at 15 litres per minute. After "
     "how many minutes is it empty?", None),
])
def test_wrong_kind(code, request_text, flagged):
    assert wrong_kind(code, request_text) == flagged


def test_sums_of_different_kinds_and_unknown_calls_are_not_judged():
    assert result_kind("result = 3.6 + 4.5", WALK) is None
    assert result_kind("result = math.sqrt(3.6)", WALK) is None
    assert describe((0, 0, 1)) == "a time" and describe((1, 0, -2)) == (
        "a length per time squared")


def test_the_calculation_role_refuses_code_of_the_wrong_kind():
    client = FakeClient([{"code": "result = 3.6 * 4.5"}, {"code": "result = 3.6 / 4.5 * 60"}])
    out = CalculateNumber(client, cover=False)(WALK, "Calculate the walking time.", [])
    assert out.data["value"] == "48.0" and out.data["attempts"] == 2
    assert ("comes out in a length squared per time, but the request asks for a time"
            in client.calls[1].prompt[-1].content)


def test_words_that_begin_like_a_rate_are_no_rate():
    """"90 km at 60 km/h": the "a" of "at" is no "a" of a rate, and "t" no tonne."""
    drive = "How many minutes does it take to drive 90 km at 60 km/h?"
    assert stated_kinds(drive) == {90.0: (1, 0, 0), 60.0: (1, 0, -1)}
    assert wrong_kind("result = 90 / 60 * 60", drive) is None
    assert stated_kinds("I ran 3 km as a warm-up.")[3.0] == (1, 0, 0)


def test_a_pace_is_a_time_per_length():
    request = "I run one kilometre in 7 minutes. How many hours does a 21 km run take?"
    assert wrong_kind("result = 21 * 7 / 60", request) is None
    assert wrong_kind("result = 21 / 7", request) is not None  # a length per time


def test_a_rate_of_a_unit_of_something_is_given_not_asked():
    request = "We drink 20 cups of tea per day. How many cups of tea do we drink in a week?"
    assert wrong_kind("result = 20 * 7", request) is None


def test_code_left_in_another_unit_of_the_asked_kind_is_converted():
    from gba.tools.dimensions import in_asked_unit

    walk = "Walking at 4.5 km an hour, how many minutes will a 3.6 km route take me?"
    assert in_asked_unit("result = 3.6 / 4.5", walk) == 'result = convert(3.6 / 4.5, "h", "min")'
    ride = "A cyclist rides 18 km in 45 minutes. What is her speed in km/h?"
    assert in_asked_unit("result = 18 / 45", ride) == 'result = convert(18 / 45, "km/min", "km/h")'
    # the code's own factor, the unit asked already, money, or a kind not asked: unchanged
    assert in_asked_unit("result = 3.6 / 4.5 * 60", walk) == "result = 3.6 / 4.5 * 60"
    trip = "The trip is 950 km and we drive at 50 km/h. How many hours does it take?"
    assert in_asked_unit("result = 950 / 50", trip) == "result = 950 / 50"
    fuel = "Fuel is 1.80 euros a litre. What do 40 litres cost?"
    assert in_asked_unit("result = 1.8 * 40", fuel) == "result = 1.8 * 40"
    assert in_asked_unit("result = 3.6 * 4.5", walk) == "result = 3.6 * 4.5"


def test_the_calculation_tool_runs_the_code_in_the_asked_unit_and_keeps_what_was_written():
    walk = "Walking at 4.5 km an hour, how many minutes will a 3.6 km route take me?"
    tool = CalculateNumber(FakeClient([{"code": "result = 3.6 / 4.5"}]))
    result = tool(walk, "Calculate: " + walk, [])
    assert float(result.data["value"]) == pytest.approx(48.0)
    assert result.data["written"] == "result = 3.6 / 4.5"
