from __future__ import annotations

from typing import Literal

import pytest

from gba.client import FakeClient
from gba.errors import InvalidOutputError
from gba.tools.function_call import FunctionSpec, FunctionTool, arguments_model, fill_arguments


def book_table(restaurant: str, people: int, time: str = "19:00",
               seating: Literal["inside", "outside"] = "inside") -> str:
    """Book a table at a restaurant.

    Args:
        restaurant: name of the restaurant
        people: number of guests
        time: time of the booking, HH:MM
        seating: where to sit
    """
    return f"booked {restaurant} for {people} at {time} ({seating})"


WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Weather forecast for a city.",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string", "description": "city name"},
                "days": {"type": "integer", "default": 1},
                "units": {"type": "string", "enum": ["metric", "imperial"]},
                "place": {"type": "object", "properties": {
                    "lat": {"type": "number"}, "lon": {"type": "number"}},
                    "required": ["lat", "lon"]},
                "tags": {"type": "array", "items": {"type": "string"}},
            },
            "required": ["city", "units"],
        },
    },
}


def test_spec_from_function_reads_signature_and_docstring():
    spec = FunctionSpec.from_function(book_table)
    assert spec.name == "book_table"
    assert spec.description == "Book a table at a restaurant."
    props = spec.parameters["properties"]
    assert props["people"]["type"] == "integer"
    assert props["people"]["description"] == "number of guests"
    assert props["seating"]["enum"] == ["inside", "outside"]
    assert set(spec.parameters["required"]) == {"restaurant", "people"}


def test_arguments_model_from_json_schema_spec():
    model = arguments_model(FunctionSpec.from_dict(WEATHER))
    ok = model(city="Oslo", units="metric", place={"lat": 1, "lon": 2}, tags=["a"])
    assert ok.days == 1 and ok.place.lat == 1.0
    with pytest.raises(ValueError):
        model(city="Oslo", units="kelvin")
    with pytest.raises(ValueError):
        model(units="metric")
    schema = model.model_json_schema()
    assert schema["properties"]["units"]["enum"] == ["metric", "imperial"]


def test_fill_arguments_validates_and_sends_task():
    fake = FakeClient([{"city": "Oslo", "units": "metric", "days": 3}])
    args, completion = fill_arguments(fake, "3-day forecast for Oslo in Celsius", WEATHER)
    assert args.city == "Oslo" and args.days == 3
    prompt = fake.calls[0].prompt[0].content
    assert "3-day forecast for Oslo" in prompt and "get_weather" in prompt
    assert fake.calls[0].schema.model_json_schema()["required"] == ["city", "units"]


def test_fill_arguments_invalid_output_raises_after_retries():
    fake = FakeClient([{"city": "Oslo", "units": "kelvin"}] * 3)
    with pytest.raises(InvalidOutputError, match="units"):
        fill_arguments(fake, "forecast", WEATHER)


def test_function_tool_calls_function():
    fake = FakeClient([{"restaurant": "Luigi's", "people": 4, "time": "20:00",
                        "seating": "outside"}])
    tool = FunctionTool(book_table, client=fake)
    assert tool.name == "book_table"
    out = tool("Dinner", "Book Luigi's for 4 people at 8pm outside", [])
    assert out.text == "booked Luigi's for 4 at 20:00 (outside)"
    assert out.data["arguments"]["people"] == 4 and out.error is None


def test_function_tool_validation_errors_become_observations():
    fake = FakeClient([{"restaurant": "Luigi's", "people": "many"}] * 3)
    out = FunctionTool(book_table, client=fake)("Dinner", "Book Luigi's", [])
    assert out.error and "Could not fill the arguments of book_table" in out.text


def test_function_tool_from_spec_with_callable():
    calls = []
    fake = FakeClient([{"city": "Rome", "units": "metric"}])
    tool = FunctionTool(lambda **kw: calls.append(kw) or {"temp": 21}, client=fake, spec=WEATHER)
    out = tool("", "weather in Rome", [])
    assert tool.name == "get_weather" and calls[0]["city"] == "Rome"
    assert out.text == '{"temp": 21}'


TRIP = {"name": "plan_trip", "parameters": {"type": "object", "required": ["city"], "properties": {
    "city": {"type": "string"}, "club": {"type": "string"}, "code": {"type": "string"},
    "seat": {"type": "string", "enum": ["window", "aisle", "six_months"]},
    "stops": {"type": "array", "items": {"type": "string"}},
    "host": {"type": "object", "properties": {"name": {"type": "string"}}}}}}


def test_names_garbled_in_copying_are_put_right_from_the_task():
    garbled = {"city": "Toyo", "club": "Liverly Football Club", "stops": ["Osaka", "Kyotto"],
               "host": {"name": "Ines Mora"}, "seat": "six_months", "code": "AB1239"}
    task = ("Plan a trip to Tokyo with stops in Osaka and Kyoto to see Liverpool Football Club "
            "with Inès Mora, for six months, booking AB1234.")
    args, _ = fill_arguments(FakeClient([garbled]), task, TRIP)
    got = args.model_dump(by_alias=True, exclude_unset=True)
    assert got["city"] == "Tokyo" and got["club"] == "Liverpool Football Club"
    assert got["stops"] == ["Osaka", "Kyoto"] and got["host"] == {"name": "Inès Mora"}
    # enum values and values with digits are not copies to mend; unset fields stay unset
    assert got["seat"] == "six_months" and got["code"] == "AB1239"
    assert set(got) == set(garbled)


def test_values_not_near_a_copy_are_left_alone():
    task = "Plan a trip to Tokyo."
    args, _ = fill_arguments(FakeClient([{"city": "Kyoto", "club": "FC Porto"}]), task, TRIP)
    assert args.model_dump(exclude_unset=True) == {"city": "Kyoto", "club": "FC Porto"}
