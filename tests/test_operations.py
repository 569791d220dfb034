"""The operation a question asks for against the code's (gba.tools.operations)."""

from __future__ import annotations

import pytest

from gba.client.fake import FakeClient
from gba.tools.calculate import PICKED, RATIO, TOTAL, CalculateNumber
from gba.tools.operations import (
    difference_for_total,
    extreme_for_amount,
    life_task,
    negative_amount,
    ratio_missing,
    shared_not_divided,
    unexplained_scale,
    year_for_age,
)
from gba.trajectory import PlanRecord, Step


@pytest.mark.parametrize("code, request_text, expected", [
    ("result = 1604384 - 613111", "How many times bigger is Munich than Stuttgart?", True),
    ("result = 1604384 / 613111", "How many times bigger is Munich than Stuttgart?", False),
    ("result = 100 // 7", "How many times does 7 go into 100?", False),
    ("result = 3 * 4", "Tom has 3 times as many apples as Sue, who has 4. How many has Tom?",
     False),  # a product the request states
    ("result = (", "How many times bigger?", False),  # does not parse: the sandbox says why
    ("result = 3190 + 4", "How many of my 4 km walks, laid end to end, would match the Yukon "
     "River's 3,190 km?", True),
    ("result = 3190 / 4", "How many of my 4 km walks would match the Yukon River?", False),
    ("result = 7140 * 0.9", "How many football pitches of 0.714 ha fit into a 7,140 ha park?",
     True),
    ("result = 12 * 3", "How many eggs are in 3 boxes of 12?", False),  # no ratio asked
])
def test_ratio_missing(code, request_text, expected):
    assert ratio_missing(code, request_text) is expected


@pytest.mark.parametrize("code, request_text, expected", [
    ("result = min(1713, 1798)", "Comte was born after Diderot died. How many years?", True),
    ("result = max(1798, 1713) - min(1798, 1713)", "How many years apart?", False),
    ("result = min(1678, 1688)", "Which of the two was born first?", False),
    ("result = min(1678, 1688)", "Who was born first, and how many years earlier?", False),
])
def test_extreme_for_amount(code, request_text, expected):
    assert extreme_for_amount(code, request_text) is expected


@pytest.mark.parametrize("code, request_text, expected", [
    ("result = (1610 - 1571) - (1273 - 1207)", "Combined, how many years did they live?", True),
    ("result = (1610 - 1571) + (1273 - 1207)", "Combined, how many years did they live?", False),
    ("result = (1610 - 1571) - (1273 - 1207)", "How much longer did A live than B?", False),
    ("result = (3000 - 200) - (900 - 100)", "What is left in total after rent?", False),  # left
])
def test_difference_for_total(code, request_text, expected):
    assert difference_for_total(code, request_text) is expected


@pytest.mark.parametrize("value, request_text, expected", [
    (-91.0, "7 rows of 16 trees and 3 more rows are planted. How many trees are there now?", True),
    (-859.0, "5 shelves of 32 books; 27 are lent out. How many books remain?", True),
    (-9250.0, "I have 250 dollars and buy 3 shirts at 38 dollars. How much is left?", True),
    (160.0, "7 rows of 16 trees and 3 more rows are planted. How many trees are there now?", False),
    (-3.0, "How many more cats than dogs are there, 5 cats and 8 dogs?", False),
    (-20.0, "What was the percentage change from 50 to 40?", False),
    (-430.0, "How far below sea level is the Dead Sea shore?", False),
    (-243.15, "What is 30 kelvin in Celsius?", False),
    (-88.0, "Whose life was longer, A's or B's?", False),  # the sign picks one
    (None, "How many trees?", False),
])
def test_negative_amount(value, request_text, expected):
    assert negative_amount(value, request_text) is expected


def _found(observation: str) -> Step:
    return Step(index=0, plan=PlanRecord(task="t", selected_tool="search_wikipedia"),
                tool="search_wikipedia", sources=["x"], observation=observation)


@pytest.mark.parametrize("request_text, found, first, second, error, value", [
    ("By population, how many times bigger is Munich than Stuttgart?",
     "Munich has 1,604,384 people; Stuttgart 613,111.", "result = 1604384 - 613111",
     "result = 1604384 / 613111", RATIO, "2.616"),
    ("Comte was born some years after Diderot died. How many?",
     "Diderot died in 1784. Comte was born in 1798.", "result = min(1784, 1798)",
     "result = 1798 - 1784", PICKED, "14"),
    ("What was the combined age of Dickens and Austen when each died?",  # no pick asked
     "Dickens (1812-1870). Austen (1775-1817).", "result = min(1812, 1870)",
     "result = (1870 - 1812) + (1817 - 1775)", PICKED, "100"),
    ("Combined, how many years did Caravaggio and Rumi live?",
     "Caravaggio (1571-1610). Rumi (1207-1273).", "result = (1610 - 1571) - (1273 - 1207)",
     "result = (1610 - 1571) + (1273 - 1207)", TOTAL, "105"),
])
def test_the_calculation_role_refuses_the_other_operation(request_text, found, first, second,
                                                          error, value):
    client = FakeClient([{"code": first}, {"code": second}])
    out = CalculateNumber(client, cover=False)(request_text, "Calculate it.", [_found(found)])
    assert out.data["value"].startswith(value) and out.data["attempts"] == 2
    assert error in client.calls[1].prompt[-1].content


def test_a_distance_is_the_absolute_difference_whichever_way_the_code_subtracts():
    from gba.client.fake import FakeClient
    from gba.tools.calculate import CalculateNumber
    from gba.trajectory import PlanRecord, Step

    found = Step(index=1, plan=PlanRecord(task="Look up both.", selected_tool="search_wikipedia"),
                 tool="search_wikipedia", sources=["Leo Tolstoy", "Anton Chekhov"],
                 observation="Leo Tolstoy was born in 1828. Anton Chekhov was born in 1860.")
    def run(request: str):
        return CalculateNumber(FakeClient([{"code": "result = 1828 - 1860"}] * 9))(
            request, "Subtract.", [found])

    apart = run("How many years apart were Tolstoy and Chekhov born?")
    assert apart.error is None and apart.data["value"] == "32"
    assert apart.data["code"] == "result = abs(1828 - 1860)"
    after = run("How many years after Tolstoy was Chekhov born?")
    assert after.error and "below zero" in after.error  # refused, not turned round


@pytest.mark.parametrize("code, words, expected", [
    ("result = 140 * 2 * 9 / 100", "140 tickets on Friday, twice as many on Saturday, 9 euros each",
     100.0),
    ("result = 1170 / 1000", "Saving up for a bike that costs 1,170 euros.", 1000.0),
    ("result = 80 * 15 / 100", "What is 15% of 80?", None),
    ("result = 2000 / 1000 * 9 * 14 * 0.35", "My pump draws 2000 W for 9 hours a day", None),
    ("result = 250 * 4 / 1000", "250 g of flour per cake, 4 cakes: how many kilograms?", None),
    ("result = 3 * 100", "3 boxes of a hundred nails", None),
    ("result = 140 * 9 + 100", "140 tickets at 9 euros", None),  # only * and / scale
])
def test_unexplained_scale(code, words, expected):
    assert unexplained_scale(code, words) == expected


@pytest.mark.parametrize("code, request_text, expected", [
    ("result = 60 * 9 / 6", "Sixty stickers: keep six and share the rest among nine pupils.",
     9.0),
    ("result = (60 - 6) / 9", "Sixty stickers: keep six and share the rest among nine pupils.",
     None),
    ("result = 186 * 4", "The bill is 186; we split it between 4 of us. My share?", 4.0),
    ("result = 186 / (1 + 3)", "The bill is 186; we split it between 4 of us. My share?", None),
    ("result = 186 / 2", "The bill is 186; we split it between 4 of us. My share?", None),
    ("result = 12 * 4", "12 rows of 4 chairs. How many chairs?", None),  # nothing shared
])
def test_shared_not_divided(code, request_text, expected):
    assert shared_not_divided(code, request_text) == expected


def test_the_calculation_role_refuses_a_share_that_multiplies():
    client = FakeClient([{"code": "result = 60 * 9 / 6"}, {"code": "result = (60 - 6) / 9"}])
    out = CalculateNumber(client, cover=False)(
        "Sixty stickers: the teacher keeps six and shares the rest equally among nine pupils. "
        "How many does each pupil get?", "Calculate each pupil's stickers.", [])
    assert out.data["value"] == "6.0"
    assert "shares among 9, but the code never divides by 9" in client.calls[1].prompt[-1].content


@pytest.mark.parametrize("request_text, task, expected", [
    ("How old did Robert Boyle get?", "Look up Robert Boyle's birth year.",
     "Look up Robert Boyle's birth and death years."),
    ("I'm looking for Edmund Husserl's age when he died.", "Find when Edmund Husserl was born.",
     "Find when Edmund Husserl was born and died."),
    ("How long did Chopin live?", "Search Wikipedia for Chopin's year of birth.",
     "Search Wikipedia for Chopin's years of birth and death."),
    ("When was Chopin born?", "Look up Chopin's birth year.", "Look up Chopin's birth year."),
    ("How long did Chopin live?", "Look up Chopin's birth and death years.",
     "Look up Chopin's birth and death years."),
])
def test_life_task(request_text, task, expected):
    assert life_task(request_text, task) == expected


@pytest.mark.parametrize("code, request_text, expected", [
    ("result = 1627", "How old did Robert Boyle get?", 1627),
    ("result = 1691 - 1627", "How old did Robert Boyle get?", None),
    ("result = 1627", "In what year was Robert Boyle born?", None),
    ("result = 64", "How many years did Boyle live?", None),
])
def test_year_for_age(code, request_text, expected):
    assert year_for_age(code, request_text) == expected


def test_a_miscounted_average_is_divided_by_how_many_numbers_it_adds():
    request = "My bowling scores this week: 132, 147, 119 and 158. What's the mean?"
    client = FakeClient([{"code": "result = (132 + 147 + 119 + 158) / 5"}])
    out = CalculateNumber(client, cover=False)(request, "Calculate: " + request, [])
    assert out.error is None and out.data["value"].startswith("139") and out.data["attempts"] == 1
    assert out.data["code"] == "result = (132 + 147 + 119 + 158) / 4"
    assert out.data["written"] == "result = (132 + 147 + 119 + 158) / 5"
    # a divisor the words give stays: the refusal's own test covers it (miscounted_average)
    kept = CalculateNumber(FakeClient([{"code": "result = (132 + 147) / 12"}] * 3), cover=False)(
        "Two bills of 132 and 147 over 12 months: the average month?", "Calculate it.", [])
    assert kept.data["code"] == "result = (132 + 147) / 12"
