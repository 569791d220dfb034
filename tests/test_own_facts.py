"""Requests about the user's own facts (gba.own_facts) and the agent asking instead of
searching or computing without them: scripted fake model only."""

from __future__ import annotations

import pytest

from gba.agent import Agent
from gba.client import FakeClient
from gba.own_facts import needs_asking, personal_request, personal_task
from gba.planner import FineTunedPlanner
from gba.planner.schema import REASONS
from gba.simulation.oracle import WHY
from gba.tools.ask_user import AskUser, ScriptedAnswers
from gba.tools.base import Tool, ToolResult
from gba.tools.calculate import CalculateNumber
from gba.tools.final_answer import FinalAnswer
from gba.trajectory import PlanRecord, Step


def plan(task, tool, thoughts=""):
    return {"context_information_summary": "", "thoughts": thoughts, "task": task,
            "selected_tool": tool}


@pytest.mark.parametrize("task, expected", [
    ("Search Wikipedia for the population of my hometown.", True),
    ("Find out when Grandma was born.", True),
    ("Look up the elevation of the user's town.", True),
    ("Find the elevation of Sanaa.", False),
    ("Look up when Mozart's father was born.", False),
])
def test_personal_task(task, expected):
    assert personal_task(task, "Sanaa is high up. How much higher than my town is it?") is expected


@pytest.mark.parametrize("request_text, asks", [
    ("How much higher than my town is Sanaa?", True),
    ("We got married in the late nineties. How many years later did Muhammad Ali die?", True),
    ("I'm now older than Madhubala ever got. By how many years?", True),
    ("The electricity bill just arrived and the flat splits it evenly. What's my part?", True),
    # numbers given, a lookup alone, curiosity, names
    ("My suitcase weighs 23 kg; what is that in pounds?", False),
    ("How old was I in 1990?", False),
    ("Tell me the year Jean Sibelius died.", False),
    ("I'm curious how much surface Qinghai Lake covers.", False),
    ("Find out how many years Rama I was King of Siam.", False),
    ("Figure out how long Al-Shafi'i lived, please.", False),
    ("How many years did I. M. Pei live?", False),
    ("How many years after the Chernobyl disaster was I born?", True),  # inverted
])
def test_needs_asking(request_text, asks):
    assert needs_asking(request_text, []) is asks


def test_no_asking_once_the_user_answered():
    answered = Step(index=0, plan=PlanRecord(task="Where?", selected_tool="ask_user"),
                    tool="ask_user", observation="At 350 metres.")
    assert personal_request("How much higher than my town is Sanaa?")
    assert not needs_asking("How much higher than my town is Sanaa?", [answered])


def test_the_reason_is_one_the_simulation_trains_for_asking():
    assert REASONS["ask_user"] in WHY["ask_user"]


def _agent(fake, answers, **kw):
    tools = [AskUser(answers), CalculateNumber(fake), FinalAnswer(fake)]
    return Agent(FineTunedPlanner(fake, [t.name for t in tools]), tools, **kw)


def test_a_calculation_without_the_users_number_becomes_a_question():
    request = "How much higher than my town is Sanaa?"
    fake = FakeClient([
        plan("Calculate the difference.", "calculate_number"),  # refused: asks instead
        plan("What is the elevation of your town?", "ask_user", REASONS["ask_user"]),
        plan("Answer the request.", "final_answer"),
        {"answer": "Your town lies at 350 metres."},
    ])
    answers = ScriptedAnswers(["My town lies at 350 metres."])
    traj = _agent(fake, answers).run(request)
    assert traj.status == "completed" and not fake.queue
    first = traj.steps[0]
    assert first.tool == "ask_user" and first.observation == "My town lies at 350 metres."
    assert first.note == "planned calculate_number for the user's own facts: asked the user instead"
    assert answers.asked == ["What is the elevation of your town?"]
    forced = fake.calls[1]
    assert forced.schema.model_json_schema()["properties"]["selected_tool"]["const"] == "ask_user"
    assert first.planner_usage.completion_tokens > 0


def test_a_search_for_the_users_facts_becomes_a_question_and_can_be_turned_off():
    request = "My hometown would fit into Antwerp how many times, going by population?"
    fake = FakeClient([
        plan("Search Wikipedia for the population of my hometown.", "search_wikipedia"),
        plan("How many people live in your hometown?", "ask_user", REASONS["ask_user"]),
        plan("Answer the request.", "final_answer"),
        {"answer": "About 24,000."},
    ])
    tools = [AskUser(ScriptedAnswers(["About 24,000."])), FinalAnswer(fake)]
    planner = FineTunedPlanner(fake, [t.name for t in tools + [_Search()]])
    traj = Agent(planner, tools + [_Search()]).run(request)
    assert [s.tool for s in traj.steps] == ["ask_user", "final_answer"]
    off = FakeClient([plan("Search Wikipedia for the population of my hometown.",
                           "search_wikipedia"), plan("Answer.", "final_answer"),
                      {"answer": "I do not know."}])
    tools = [AskUser(ScriptedAnswers(["x"])), FinalAnswer(off), _Search()]
    traj = Agent(FineTunedPlanner(off, [t.name for t in tools]), tools,
                 ask_own_facts=False).run(request)
    assert [s.tool for s in traj.steps] == ["search_wikipedia", "final_answer"]


class _Search(Tool):
    name = "search_wikipedia"
    description = "Searches."

    def run(self, request, task, previous_steps):
        return ToolResult(text="Wikipedia has no article relevant to it.")
