"""A percent used as a whole number (gba.tools.percents), an average divided by the wrong
count (gba.tools.operations.miscounted_average) and a decade as a year (gba.tools.decades):
the calculation role refuses each."""

from __future__ import annotations

import pytest

from gba.client.fake import FakeClient
from gba.tools.calculate import CalculateNumber, check_and_run, grounds_for
from gba.tools.decades import year_moved
from gba.tools.operations import miscounted_average
from gba.tools.percents import percents, whole_percent
from gba.trajectory import PlanRecord, Step


def test_percents_reads_each_way_of_writing_one():
    assert percents("15% off, 8 per cent tax, 3 percent fee, 12 eggs") == (
        {15.0, 8.0, 3.0}, {12.0})


@pytest.mark.parametrize("code, said, flagged", [
    ("result = 8 * 3100", "8 percent of 3,100 a month.", 8.0),
    ("result = 8 * 3100 * 12", "8 percent of 3,100 a month.", 8.0),
    ("result = 8 / 100 * 3100 * 12", "8 percent of 3,100 a month.", None),
    ("result = 0.08 * 3100 * 12", "8 percent of 3,100 a month.", None),
    ("result = 1240 * 15 / 100", "1,240 with 15% off.", None),
    ("result = 1240 * (1 - 15 / 100) + 40", "1,240 with 15% off, 40 for delivery.", None),
    ("result = 12 * 8", "12 boxes of 8 pens, 8% of them broken.", None),  # 8 also a count
    ("result = 12 * 8", "12 boxes of 8 pens.", None),  # no percent at all
])
def test_whole_percent(code, said, flagged):
    assert whole_percent(code, said) == flagged


@pytest.mark.parametrize("code, request_text, said, flagged", [
    ("result = (132 + 147 + 119 + 158) / 5", "What's the mean?", "132, 147, 119 and 158",
     (4, 5.0)),
    ("result = (132 + 147 + 119 + 158) / 4", "What's the mean?", "132, 147, 119 and 158", None),
    ("result = (120 + 95 + 130 + 110) / 12", "What is my average monthly bill?",
     "Quarterly bills of 120, 95, 130 and 110.", None),  # a calendar factor
    ("result = (30 + 40) / 5", "What is the average per person?", "30 and 40 among 5 of us.",
     None),  # a given count
    ("result = (30 + 40) / 5", "What is the total per person?", "30 and 40.", None),
])
def test_miscounted_average(code, request_text, said, flagged):
    assert miscounted_average(code, request_text, said) == flagged


def test_the_calculation_role_refuses_a_whole_percent_and_mends_a_miscounted_average():
    pay = Step(index=0, plan=PlanRecord(task="How much do you pay in?",
                                        selected_tool="ask_user"),
               tool="ask_user", observation="8 percent of my 3,100 monthly pay.")
    client = FakeClient([{"code": "result = 8 * 3100 * 12"},
                         {"code": "result = 8 / 100 * 3100 * 12"}])
    out = CalculateNumber(client, cover=False)(
        "How much do I put into my pension over a year?", "Calculate the yearly amount.", [pay])
    assert out.data["value"] == "2976.0"
    assert "8 is a percent: multiply by 8 / 100" in client.calls[1].prompt[-1].content
    scores = "My bowling scores: 132, 147, 119 and 158. What's the mean?"
    written = "result = (132 + 147 + 119 + 158) / 5"
    refused = check_and_run(written, grounds_for(scores, "Calculate the mean.", []))
    assert "adds 4 numbers but divides by 5" in refused.error
    client = FakeClient([{"code": written}])  # the refusal's one fix is made for the model
    out = CalculateNumber(client, cover=False)(scores, "Calculate the mean.", [])
    assert out.data["value"] == "139.0" and len(client.calls) == 1
    assert out.data["code"] == "result = (132 + 147 + 119 + 158) / 4"


def test_the_calculation_role_refuses_a_decade_as_a_year():
    client = FakeClient([{"code": "result = 1918 - 1890"}, {"code": "result = 1918 - 1890"}])
    ended = Step(index=0, plan=PlanRecord(task="When did World War I end?",
                                          selected_tool="search_wikipedia"),
                 tool="search_wikipedia", observation="World War I ended in 1918.",
                 sources=["World War I"])
    out = CalculateNumber(client, cover=False)(
        "My great-grandfather was born in the 1890s. How old was he when World War I ended?",
        "Calculate his age.", [ended])
    assert out.error and "give only a decade (the 1890s): ask the user" in out.error


@pytest.mark.parametrize("code, said, expected", [
    ("result = 1627 - 18", "Robert Boyle was born in 1627.", (1627, 18)),
    ("result = 1691 - 1627", "Robert Boyle lived from 1627 to 1691.", None),
    ("result = 1809 + 50", "Darwin was born in 1809. In what year did he turn 50?", None),
    ("result = 1809 + fifty", "Darwin was born in 1809.", None),  # no number: not judged
    ("result = 2026 - 1990 - 1", "I was born in 1990, late in the year.", None),  # 1: a count
])
def test_year_moved(code, said, expected):
    assert year_moved(code, said) == expected
