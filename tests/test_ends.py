"""Which end of a period a year is (gba.tools.spans), and the calculation role's refusal of a
start used for an end (gba.tools.calculate)."""

from __future__ import annotations

import pytest

from gba.client.fake import FakeClient
from gba.tools.calculate import CalculateNumber
from gba.tools.spans import asked_period_end, roles, wrong_ends
from gba.trajectory import PlanRecord, Step


@pytest.mark.parametrize("request_text, asked", [
    ("What age was my grandfather when the League of Nations was wound up?", "end"),
    ("How many years ago was the university founded?", "start"),
    ("In what year did the Taiping Rebellion break out?", "start"),
    ("The Taiping Rebellion broke out in what year?", "start"),
    ("How long did the Hundred Years' War last?", None),
    ("How many years after World War I ended did World War II begin?", None),  # both ends
    ("How old was Mozart when he died?", None),
])
def test_asked_period_end(request_text, asked):
    assert asked_period_end(request_text) == asked


@pytest.mark.parametrize("year, said, found", [
    (1920, "The League of Nations was created in 1920.", {"start"}),
    (1946, "The League of Nations was dissolved in 1946.", {"end"}),
    (1918, "World War I lasted from 1914 to 1918.", {"end"}),
    (1914, "World War I lasted from 1914 to 1918.", {"start"}),
    (1914, "The war (1914–1918) was global.", {"other"}),
    (1918, "The war, 1914–1918, was global.", {"end"}),
    (1733, "Joseph Priestley lived from 1733 to 1804.", {"life"}),
    (1804, "Joseph Priestley lived from 1733 to 1804.", {"life"}),
    (1911, "Grandpa was born in 1911.", {"life"}),
    (1774, "Louis XVI was King of France from 1774 to 1792.", {"start"}),
    (1991, "It was the Soviet space programme until 1991.", {"end"}),
    (1929, "The Great Depression began in 1929 and ended in 1939.", {"start"}),
    (1939, "The Great Depression began in 1929 and ended in 1939.", {"end"}),
])
def test_roles(year, said, found):
    assert roles(year, said) == found


def test_a_year_given_as_both_ends_is_left_alone():
    said = "The first war ended in 1918. The second began in 1918."  # made up: both ends
    assert wrong_ends([1918], "When did it end?", said) == []


def _found(observation: str, task: str) -> Step:
    plan = PlanRecord(task=task, selected_tool="search_wikipedia")
    return Step(index=0, plan=plan, tool="search_wikipedia", observation=observation)


def test_the_calculation_role_refuses_a_start_year_for_an_end():
    steps = [Step(index=0, plan=PlanRecord(task="What year were you born?",
                                           selected_tool="ask_user"),
                  tool="ask_user", observation="Grandpa was born in 1911."),
             _found("The League of Nations was created in 1920.",
                    "Look up the League of Nations' year of creation.")]
    client = FakeClient([{"code": "result = 1920 - 1911"}, {"code": "result = 1920 - 1911"}])
    out = CalculateNumber(client, cover=False)(
        "What age was my grandfather when the League of Nations was wound up?",
        "Calculate the age.", steps)
    assert out.error and "1920 is the year it began, but the request asks when it ended" in (
        out.error)
    assert "search for the year it ended" in client.calls[1].prompt[-1].content


def test_a_wall_built_is_no_wall_come_down():
    assert asked_period_end("How old was she when the Berlin Wall came down?") == "end"
    assert wrong_ends([1961, 1988], "My sister was born in 1988. How old was she when the "
                      "Berlin Wall came down?", "The Berlin Wall was built in 1961.") == [
        (1961, "start")]
