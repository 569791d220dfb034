"""Numbers the user gave that a calculation leaves out, and the calculation role's second
tries (gba.tools.coverage, gba.tools.calculate)."""

from __future__ import annotations

import pytest

from gba.client.fake import FakeClient
from gba.tools.calculate import COVER_PROMPT, EXAMPLES, CalculateNumber
from gba.tools.coverage import left_out, required_numbers
from gba.tools.examples import ExampleBank, bag_of_words
from gba.trajectory import PlanRecord, Step


def _step(index: int, tool: str, observation: str, code: str | None = None) -> Step:
    plan = PlanRecord(task="t", selected_tool=tool)
    return Step(index=index, plan=plan, tool=tool, observation=observation,
                result={"code": code} if code else {})


SHIRTS = "I have 250 dollars and buy 3 shirts at 38 dollars each. How much is left?"


@pytest.mark.parametrize("task, request_text, steps, expected", [
    ("Calculate: " + SHIRTS, SHIRTS, [], [250.0, 3.0, 38.0]),
    # the user's answer counts; the planner's own figure (a 40) does not
    ("Using the user pays 850 euros a month, calculate: rent for 40 months in 2 years?",
     "What rent do I pay in 2 years?", [_step(0, "ask_user", "850 euros a month.")],
     [850.0, 2.0]),
    # a search's numbers are not the user's
    ("Using Paris has 2,100,000 people, calculate: twice that?", "Twice Paris's people?",
     [_step(0, "search_wikipedia", "Paris has 2,100,000 people.")], []),
    # numbers in words; 1 ("one-time") never required
    ("Calculate: Three friends split 96 dollars, one-time fee.", "Three friends split 96 "
     "dollars, one-time fee.", [], [3.0, 96.0]),
    # bare years pick facts; a year-sized amount with a currency or unit is an amount
    ("Calculate: how old in 1900, with 1500 dollars and 2000 km?",
     "how old in 1900, with 1500 dollars and 2000 km?", [], [1500.0, 2000.0]),
    # numbers inside names
    ("Calculate: the price of 2 Stovzias 140s for the Apollo 11 crew.",
     "the price of 2 Stovzias 140s for the Apollo 11 crew.", [], [2.0]),
])
def test_required_numbers(task, request_text, steps, expected):
    assert required_numbers(task, request_text, steps) == expected


def test_left_out_reads_percent_forms_unit_steps_and_earlier_code():
    assert left_out("result = 80 * (1 - 15 / 100)", [80.0, 15.0]) == []
    assert left_out("result = 80 * 0.85", [80.0, 15.0]) == []
    assert left_out("result = 29 * 24", [29.0, 2.0]) == []  # 2 years as 24 months
    # a literal that is a required number is that number, not another one times 12
    assert left_out("result = 3 * 48 - 20", [3.0, 48.0, 20.0, 4.0]) == [4.0]
    earlier = [_step(0, "calculate_number", "result = 144", code="result = 3 * 48")]
    assert left_out("result = 144 - 20 * 4", [3.0, 48.0, 20.0, 4.0], earlier) == []
    assert left_out("result = (", [5.0]) == [5.0]  # code that does not parse uses nothing


def _bank() -> ExampleBank:
    pairs = [(f"Calculate: crayons problem number {i}.", f"result = {i} * 2") for i in range(6)]
    return ExampleBank(pairs, embed=bag_of_words)


def test_code_leaving_out_a_given_number_gets_the_next_nearest_examples():
    client = FakeClient([{"code": "result = 250 - 38"},  # leaves out 3
                         {"code": "result = 250 - 3 * 38"}])
    tool = CalculateNumber(client, examples=_bank())
    out = tool(SHIRTS, "Calculate: " + SHIRTS, [])
    assert out.error is None and out.data["value"] == "136"
    assert out.data["second_try"] == 1
    alone = CalculateNumber(FakeClient([{"code": "result = 250 - 3 * 38"}]))(
        SHIRTS, "Calculate: " + SHIRTS, [])
    assert out.usage.completion_tokens > alone.usage.completion_tokens  # both tries count
    first, second = (call.prompt for call in client.calls)
    shown = [m.content for m in first if m.role == "user"][:-1]
    other = [m.content for m in second if m.role == "user"][:-1]
    assert shown and other and not set(shown) & set(other)  # other solved tasks


def test_the_fixed_examples_then_the_numbers_named():
    client = FakeClient([{"code": "result = 250 - 38"},
                         {"code": "result = 250 - 38 * 2"},  # next-nearest examples: still out
                         {"code": "result = 250 * 38"},  # fixed examples: still out
                         {"code": "result = 250 - 3 * 38"}])
    out = CalculateNumber(client, examples=_bank())(SHIRTS, "Calculate: " + SHIRTS, [])
    assert out.data["second_try"] == 3 and out.data["value"] == "136"
    fixed = [m.content for m in client.calls[2].prompt if m.role == "user"][:-1]
    assert fixed == [f"Task: {task}" for task, _ in EXAMPLES]
    named = client.calls[3].prompt[-1].content
    assert named == COVER_PROMPT.format(numbers="3")


def test_the_first_code_stands_when_no_try_uses_every_number():
    client = FakeClient([{"code": "result = 250 - 38"}, {"code": "result = 1 +"}])
    out = CalculateNumber(client)(SHIRTS, "Calculate: " + SHIRTS, [])  # no bank: one try
    assert out.error is None and out.data["value"] == "212"
    assert out.data["second_try"] == 0 and len(client.calls) == 2


def test_no_second_try_when_every_number_is_used_or_cover_is_off():
    client = FakeClient([{"code": "result = 250 - 3 * 38"}])
    assert CalculateNumber(client)(SHIRTS, "Calculate: " + SHIRTS, []).data["value"] == "136"
    client = FakeClient([{"code": "result = 250 - 38"}])
    out = CalculateNumber(client, cover=False)(SHIRTS, "Calculate: " + SHIRTS, [])
    assert out.data["value"] == "212" and "second_try" not in out.data


def test_refused_code_gets_the_other_prompts_too(two_lives):
    found = two_lives
    request = "How many years separate the births of Isaac Newton and Albert Einstein?"
    client = FakeClient([{"code": "result = 1879 - 1727"},  # Newton's death: refused
                         {"code": "result = 1879 - 1727"},  # the same after the repair prompt
                         {"code": "result = 1879 - 1642"}])  # next-nearest examples
    out = CalculateNumber(client, examples=_bank())(request, "Using both, calculate it.", [found])
    assert out.error is None and out.data["value"] == "237" and out.data["second_try"] == 1
    client = FakeClient([{"code": "result = 1879 - 1727"}] * 4)  # nothing better: refused
    out = CalculateNumber(client, examples=_bank())(request, "Using both, calculate it.", [found])
    assert out.error and out.data["second_try"] == 0 and len(client.calls) == 4


def test_a_users_number_written_more_often_than_given_is_refused_and_redone():
    asked = _step(0, "ask_user", "I earn 2,400 a month and work 160 hours a month.")
    client = FakeClient([{"code": "result = 2400 / (160 * 160)"}, {"code": "result = 2400 / 160"}])
    out = CalculateNumber(client, cover=False)("What do I earn per hour?",
                                               "Using the user's pay, calculate the hourly pay.",
                                               [asked])
    assert out.data["value"] == "15.0" and out.data["attempts"] == 2
    assert "uses 160 more often than the user gave it" in client.calls[1].prompt[-1].content
    # a square in a word problem is the request's number, not an answer's
    square = CalculateNumber(FakeClient([{"code": "result = 45 * 45"}]), cover=False)(
        "A square field has sides of 45 metres. What is its area?", "Calculate the area.", [])
    assert square.data["value"] == "2025"


def test_an_answered_number_the_task_dropped_is_required_too():
    asked = _step(0, "ask_user", "I pay 12 euros a month for one service and 8 euros a month "
                                 "for another.")
    request = "How much do I spend on streaming subscriptions in a year?"
    task = "Using the user pays 12 euros a month, calculate the yearly cost."  # 8 dropped
    client = FakeClient([{"code": "result = 12 * 12"}, {"code": "result = (12 + 8) * 12"}])
    out = CalculateNumber(client)(request, task, [asked])  # no bank: the numbers named
    assert out.data["value"] == "240" and out.data["second_try"] == 1
    assert client.calls[1].prompt[-1].content == COVER_PROMPT.format(numbers="8")
    # a year the user answered picks a fact; it is not required
    born = [_step(0, "search_wikipedia", "The Berlin Wall fell in 1989."),
            _step(1, "ask_user", "I was born in 1975.")]
    client = FakeClient([{"code": "result = 1989 - 1975"}])
    out = CalculateNumber(client)("How old was I when the Wall fell?", "Calculate 1989 - 1975.",
                                  born)
    assert out.data["value"] == "14" and len(client.calls) == 1
    # a number an earlier calculation used is not required again
    used = _step(1, "calculate_number", "result = 20", code="result = 12 + 8")
    client = FakeClient([{"code": "result = 20 * 12"}])
    out = CalculateNumber(client)(request, "Calculate 20 a month for a year.", [asked, used])
    assert out.data["value"] == "240" and len(client.calls) == 1


def test_when_every_prompt_fails_sampled_codes_are_tried(two_lives):
    from gba.tools.calculate import SAMPLE_TEMPERATURE

    request = "How many years separate the births of Isaac Newton and Albert Einstein?"
    client = FakeClient([{"code": "result = 1879 - 1727"}] * 4  # greedy: refused throughout
                        + [{"code": "result = 1879 - 1727"}, {"code": "result = 1879 - 1642"}])
    out = CalculateNumber(client, examples=_bank(), samples=3)(
        request, "Using both, calculate it.", [two_lives])
    assert out.error is None and out.data["value"] == "237" and out.data["sampled"] == 2
    assert [(c.temperature, c.seed) for c in client.calls[4:]] == [(SAMPLE_TEMPERATURE, 1),
                                                                   (SAMPLE_TEMPERATURE, 2)]
    assert all(c.temperature == 0.0 for c in client.calls[:4])
