"""Calendar factors the words do not call for (gba.tools.periods) and the calculation role's
refusal of them (gba.tools.calculate)."""

from __future__ import annotations

import json

import pytest

from gba.client.fake import FakeClient
from gba.tools.calculate import CalculateNumber
from gba.tools.examples import BANK_PATH
from gba.tools.periods import scaling, unexplained
from gba.trajectory import PlanRecord, Step

SLEEP = "How many hours do I sleep in a week? About 7 hours a night."


@pytest.mark.parametrize("code, words, flagged", [
    ("result = 7 * 52", SLEEP, [52.0]),  # weeks in a year: no year named
    ("result = 7 * 7", SLEEP, []),  # 7 is the user's number and days in a week
    ("result = 28 * 20 / 12", "28 km a day, on 20 days a month. My commute in a month?", [12.0]),
    ("result = 2400 / (160 * 12)", "2,400 a month for 160 hours a month. Per hour?", [12.0]),
    ("result = 850 * 12", "850 euros a month. What rent do I pay in a year?", []),
    ("result = 29 * 24", "29 euros a month. What does it cost over two years?", []),
    ("result = 18 / (45 / 60)", "18 km in 45 minutes. Her speed in km per hour?", []),
    ("result = 18 / (45 / 60)", "18 km in 45 minutes. Her speed in km/h?", []),
    ("result = 280 / (20 / 60)", "280 km in 20 minutes. What is the average speed?", []),
    ("result = 280 / 20 * 60", "280 pages in 20 minutes. How many in a day?", [60.0]),
    ("result = (2026 - 1990) * 365", "How many days old am I? I was born in 1990.", []),
    ("result = 24 * 6", "A baker puts 24 muffins on each of 6 trays.", []),  # given, no factor
    ("result = 5 * 7 + 12", "She runs 5 km on each of 7 mornings and 12 km on Sunday.", []),
    ("result = (date(2021, 5, 30) - date(2019, 7, 9)).days", "Days from July 9, 2019?", []),
    ("result = 3 *", SLEEP, []),  # does not parse: the sandbox says so
])
def test_unexplained(code, words, flagged):
    assert [value for value, _, _ in unexplained(code, words)] == flagged


def test_the_flag_names_the_factor_and_the_period_nobody_named():
    assert unexplained("result = 7 * 52", SLEEP) == [(52.0, "weeks in a year", "years")]
    assert unexplained("result = 3 * 365", "3 litres a day for a week") == [
        (365.0, "days in a year", "years")]


def test_scaling_reads_only_factors_of_a_product_or_quotient():
    # not a power, a difference or a function's argument
    assert sorted(scaling("result = 2 ** 10 - 24 + max(7, 3) * 12 / 60")) == [12.0, 60.0]


def test_every_solved_example_of_the_bank_passes():
    """The committed bank's reference code (the simulation's) scales by no period its task
    does not name: the check refuses no right code there (a speed story once divided by
    minutes and 60 in a row, `280 / 20 / 60`; the check found it)."""
    rows = [json.loads(line) for line in BANK_PATH.read_text().splitlines() if line.strip()]
    flagged = [(r["task"], r["code"]) for r in rows if unexplained(r["code"], r["task"])]
    assert len(rows) > 1000 and flagged == []


def _asked(observation: str) -> Step:
    plan = PlanRecord(task="Ask the user how much they sleep each night.", selected_tool="ask_user")
    return Step(index=0, plan=plan, tool="ask_user", observation=observation)


def test_the_calculation_role_refuses_a_factor_nobody_named_and_repairs_it():
    client = FakeClient([{"code": "result = 7 * 52"}, {"code": "result = 7 * 7"}])
    out = CalculateNumber(client, cover=False)(
        "How many hours do I sleep in a week?",
        "Using the user sleeps 7 hours a night, calculate: hours of sleep in a week.",
        [_asked("About 7 hours a night.")])
    assert out.error is None and out.data["value"] == "49" and out.data["attempts"] == 2
    repair = client.calls[1].prompt[-1].content
    assert "52 (weeks in a year)" in repair and "counted in years" in repair


def test_a_factor_the_planner_writes_or_an_earlier_question_names_is_allowed():
    month = Step(index=0, plan=PlanRecord(task="Ask the user for their monthly phone bill.",
                                          selected_tool="ask_user"),
                 tool="ask_user", observation="The user says: 45 dollars.")
    out = CalculateNumber(FakeClient([{"code": "result = 45 * 12"}]), cover=False)(
        "How much do I pay for my phone in a year?", "Calculate the phone cost in a year.",
        [month])
    assert out.error is None and out.data["value"] == "540"
    out = CalculateNumber(FakeClient([{"code": "result = 6 * 7"}]), cover=False)(
        "r", "Compute 6 * 7.", [])
    assert out.error is None and out.data["value"] == "42"


def test_an_earlier_question_counts_only_when_its_answer_names_no_period():
    # the planner asked for a yearly figure, the user gave a monthly one: no year here
    asked = Step(index=0, plan=PlanRecord(task="How much do you earn per year?",
                                          selected_tool="ask_user"),
                 tool="ask_user", observation="I earn 2,400 a month and work 160 hours a month.")
    client = FakeClient([{"code": "result = 2400 / (160 * 12)"}, {"code": "result = 2400 / 160"}])
    out = CalculateNumber(client, cover=False)(
        "What do I earn per hour?", "Using the user earns 2,400 a month, calculate: per hour?",
        [asked])
    assert out.data["value"] == "15.0" and "12 (months in a year)" in client.calls[1].prompt[-1].content
