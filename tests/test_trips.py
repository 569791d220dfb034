"""A distance, time or fare given each way and used once (gba.tools.trips)."""

from __future__ import annotations

import pytest

from gba.client.fake import FakeClient
from gba.tools.calculate import CalculateNumber
from gba.tools.trips import each_way, once
from gba.trajectory import PlanRecord, Step


@pytest.mark.parametrize("code, said, flagged", [
    ("result = 23 * 5", "Fuel for my commute in a working week? It's 23 km each way.", [23.0]),
    ("result = 2.6 * 5 * 4", "Each weekday I take the bus to the office and back. What do the "
     "fares come to in a four-week month? Each ride is 2.60.", [2.6]),
    ("result = 23 * 2 * 5", "My commute in a working week? It's 23 km each way.", []),
    ("result = 46 * 5", "My commute in a working week? It's 23 km each way.", []),
    ("result = 6 * 3 * 6", "I cycle 6 km each way, three times a week. How far in a week?",
     [6.0]),  # written twice, but squared
    # one way asked, a round trip given, no trip at all
    ("result = 23 / 1.609344", "How far is my commute each way, in miles? 23 km each way.", []),
    ("result = 40 * 5", "My commute in a working week? 40 km there and back.", []),
    ("result = 2.6 * 5", "What do five rides cost at 2.60 a ride?", []),
])
def test_once(code, said, flagged):
    assert once(code, said) == flagged


def test_each_way_reads_the_number_before_or_after_the_words():
    assert each_way("It's 45 minutes one way.") == [45.0]
    assert each_way("A single ticket costs 3.10 and I go to work and back.") == [3.1]
    assert each_way("I walk 3 km a day.") == []


def test_the_calculation_role_refuses_a_one_way_number_used_once():
    asked = Step(index=0, plan=PlanRecord(task="How far?", selected_tool="ask_user"),
                 tool="ask_user", observation="It's 23 km each way.")
    client = FakeClient([{"code": "result = 23 * 5"}, {"code": "result = 23 * 2 * 5"}])
    out = CalculateNumber(client, cover=False)(
        "How far do I drive to work in a five-day working week?", "Calculate it.", [asked])
    assert out.data["value"] == "230" and out.data["attempts"] == 2
    assert "uses 23 once, but it is given for one way" in client.calls[1].prompt[-1].content
