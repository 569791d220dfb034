"""Calendar factors the words do not call for (gba.tools.periods) and the calculation role's
refusal of them (gba.tools.calculate)."""

from __future__ import annotations

import json

import pytest

from gba.client.fake import FakeClient
from gba.tools.calculate import CalculateNumber
from gba.tools.examples import BANK_PATH
from gba.tools.periods import (
    asked_span,
    rates,
    scaling,
    turned,
    uncounted,
    unexplained,
    unscaled,
)
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


def _asked(observation: str, question: str = "How much do you sleep each night?") -> Step:
    plan = PlanRecord(task=question, selected_tool="ask_user")
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
    month = _asked("The user says: 45 dollars.", "Ask the user for their monthly phone bill.")
    out = CalculateNumber(FakeClient([{"code": "result = 45 * 12"}]), cover=False)(
        "How much do I pay for my phone in a year?", "Calculate the phone cost in a year.",
        [month])
    assert out.error is None and out.data["value"] == "540"
    out = CalculateNumber(FakeClient([{"code": "result = 6 * 7"}]), cover=False)(
        "r", "Compute 6 * 7.", [])
    assert out.error is None and out.data["value"] == "42"


def test_an_earlier_question_counts_only_when_its_answer_names_no_period():
    # the planner asked for a yearly figure, the user gave a monthly one: no year here
    asked = _asked("I earn 2,400 a month and work 160 hours a month.",
                   "How much do you earn per year?")
    client = FakeClient([{"code": "result = 2400 / (160 * 12)"}, {"code": "result = 2400 / 160"}])
    out = CalculateNumber(client, cover=False)(
        "What do I earn per hour?", "Using the user earns 2,400 a month, calculate: per hour?",
        [asked])
    assert out.data["value"] == "15.0" and "12 (months in a year)" in client.calls[1].prompt[-1].content


@pytest.mark.parametrize("code, value, request_text, answer, flagged", [
    ("result = 850 / 12", 70.83, "How much rent do I pay in a year?", "850 euros a month.", True),
    ("result = 850 * 12", 10200, "How much rent do I pay in a year?", "850 euros a month.", False),
    ("result = 850 * 30", 25500, "What is my rent per day?", "850 euros a month.", True),
    ("result = 850 * 12 / 52", 196.15, "What is my rent per week?", "850 euros a month.", False),
    # "five days a week" is a factor for a week, not another amount
    ("result = 9 / 5", 1.8, "What do I spend on lunch in a working week?",
     "9 euros each working day, five days a week.", True),
    ("result = 9 * 5", 45, "What do I spend on lunch in a working week?",
     "9 euros each working day, five days a week.", False),
    # the span's count is allowed beside the rate
    ("result = 29 / 2", 14.5, "What does my gym cost over two years?", "29 euros a month.", True),
    # another given amount (a fee) or two rates: not judged
    ("result = 35 / 12 + 50", 52.9, "A plan costs 35 a month plus a 50 fee. A year?", "", False),
    ("result = 2400 / 160", 15, "What do I earn per hour?", "2,400 a month, 160 hours a month.",
     False),
    ("result = 850 / 12", 70.83, "What is 850 divided by 12?", "", False),  # no span asked
])
def test_turned(code, value, request_text, answer, flagged):
    assert bool(turned(code, value, request_text, f"{request_text} {answer}")) is flagged


def test_rates_and_the_asked_span():
    assert rates("My monthly rent is 850 euros and I sleep 7 hours a night.") == [
        (850.0, "months"), (7.0, "days")]
    assert asked_span("I pay 850 a month. What is that in 6 months?") == ("months", 6.0)
    assert asked_span("I pay 850 a month.") is None


def test_the_calculation_role_refuses_a_rate_turned_the_wrong_way():
    rent = _asked("850 euros a month.", "Ask the user for their rent.")
    client = FakeClient([{"code": "result = 850 / 12"}, {"code": "result = 850 * 12"}])
    out = CalculateNumber(client, cover=False)(
        "How much rent do I pay in a year?", "Using 850 euros a month, calculate: rent in a year.",
        [rent])
    assert out.data["value"] == "10200"
    repair = client.calls[1].prompt[-1].content
    assert "turns 850 a month into" in repair and "multiply" in repair


@pytest.mark.parametrize("code, request_text, answer, flagged", [
    ("result = 12 + 8", "What do I spend on streaming in a year?",
     "12 euros a month for one and 8 euros a month for another.", ("months", "years")),
    ("result = 850", "How much rent do I pay in a year?", "850 euros a month.",
     ("months", "years")),
    ("result = (12 + 8) * 12", "What do I spend on streaming in a year?",
     "12 euros a month for one and 8 euros a month for another.", None),
    ("result = 12 + 8", "What do I spend on streaming in a month?",  # the asked period
     "12 euros a month for one and 8 euros a month for another.", None),
    ("result = (3000 - 2000) / 3000", "What share of my pay do I keep in a year?",  # a ratio
     "I earn 3000 a month and spend 2000 a month.", None),
    ("result = 12 + 30", "What do I spend on streaming in a year?",  # a fee beside a rate
     "12 euros a month, and a 30 euro sign-up fee.", ("months", "years")),
    ("result = 12 * 12 + 30", "What do I spend on streaming in a year?",
     "12 euros a month, and a 30 euro sign-up fee.", None),
    ("result = 12 + 30", "What do I spend on streaming in my first month?",
     "12 euros a month, and a 30 euro sign-up fee.", None),
    ("result = 27.5 * 2", "What will my phone cost me after two years?",  # the count alone
     "27.50 a month.", ("months", "years")),
    ("result = 27.5 * 12 * 2", "What will my phone cost me after two years?",
     "27.50 a month.", None),
    ("result = 7 * 2", "How much do I sleep in 2 nights?", "7 hours a night.", None),
    ("result = 27.5 * 3", "What will my phone cost me in a year?",  # 3 is no count asked
     "27.50 a month.", None),
    ("result = 20 * 7 * 7", "How much is my daily reading over 7 weeks?",  # 7 is a factor too
     "About 20 pages a day.", None),
])
def test_unscaled(code, request_text, answer, flagged):
    assert unscaled(code, request_text, f"{request_text} {answer}") == flagged


def test_the_calculation_role_refuses_amounts_per_month_given_for_a_year():
    paid = _asked("12 euros a month for one and 8 euros a month for another.",
                  "Ask the user what their subscriptions cost.")
    client = FakeClient([{"code": "result = 12 + 8"}, {"code": "result = (12 + 8) * 12"}])
    out = CalculateNumber(client, cover=False)(
        "What do I spend on streaming in a year?", "Calculate the yearly cost.", [paid])
    assert out.data["value"] == "240" and out.data["attempts"] == 2
    assert "an amount per month, but the request asks about a year" in (
        client.calls[1].prompt[-1].content)


@pytest.mark.parametrize("code, request_text, answer, flagged", [
    ("result = 27.5 * 12", "What will my phone cost me after two years?",  # the count left out
     "27.50 a month.", (2.0, "years")),
    ("result = 27.5 * 12 * 2", "What will my phone cost me after two years?", "27.50 a month.",
     None),
    ("result = 27.5 * 24", "What will my phone cost me after two years?",  # 2 x 12 months
     "27.50 a month.", None),
    ("result = 1200 + 300", "What will my savings be in 6 months?",
     "I have 1,200 now and put 300 aside each month.", (6.0, "months")),
    ("result = 1200 + 300 * 6", "What will my savings be in 6 months?",
     "I have 1,200 now and put 300 aside each month.", None),
    ("result = 20 * 7", "How much is my daily reading over 7 weeks?",  # 7 is a factor too
     "About 20 pages a day.", None),
    ("result = 27.5 * 12", "What does my phone cost me in a year?", "27.50 a month.", None),
    ("result = 4 * 5", "What do 4 books cost over 3 weeks?", "Each is 5 dollars.",
     None),  # no rate: the numbers are counts and prices, not amounts per a period
])
def test_uncounted(code, request_text, answer, flagged):
    assert uncounted(code, request_text, f"{request_text} {answer}") == flagged


def test_the_calculation_role_refuses_code_that_leaves_out_the_asked_span():
    paid = _asked("27.50 a month.", "Ask the user what their phone plan costs.")
    client = FakeClient([{"code": "result = 27.5 * 12"}, {"code": "result = 27.5 * 12 * 2"}])
    out = CalculateNumber(client, cover=False)(
        "What will my phone cost me after two years?", "Calculate the cost.", [paid])
    assert out.data["value"] == "660.0" and out.data["attempts"] == 2
    assert "asks about 2 years, but the code never counts them" in (
        client.calls[1].prompt[-1].content)


def test_a_count_the_code_only_subtracts_is_no_count():
    assert uncounted("result = 1200 + (300 - 6)", "What will my savings be in 6 months?",
                     "I put 300 aside each month.") == (6.0, "months")


def test_a_count_that_compounds_is_counted():
    assert uncounted("result = 2000 * (1 + 5 / 100) ** 2", "What is it after 2 years?",
                     "2,000 dollars earn 5% interest a year.") is None
