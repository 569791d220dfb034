"""Requests about the user's own facts (gba.own_facts) and the agent asking instead of
searching or computing without them: scripted fake model only."""

from __future__ import annotations

import pytest

from gba.agent import Agent
from gba.client import FakeClient
from gba.own_facts import OTHER_NUMBERS, guessed, needs_asking, personal_request, personal_task
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


def _asked_twice(request, question, codes, answers, answer):
    """The agent on `request`: a question, a calculation (`codes[0]`) that needs another
    number, the agent's question for it, a second calculation (`codes[1]`), the answer."""
    fake = FakeClient([
        plan(question, "ask_user"),
        plan("Calculate it.", "calculate_number"), {"code": codes[0]},
        plan("Calculate it again.", "calculate_number"), {"code": codes[1]},
        plan("Answer the request.", "final_answer"), {"answer": answer},
    ])
    traj = _agent(fake, answers).run(request)
    assert traj.status == "completed" and not fake.queue
    assert [s.tool for s in traj.steps] == ["ask_user", "calculate_number", "ask_user",
                                            "calculate_number", "final_answer"]
    return traj


def test_a_guessed_count_is_not_an_answer_the_user_is_asked_for_the_other_numbers():
    answers = ScriptedAnswers(["Each drink is 4.80.", "There are seven of us."])
    traj = _asked_twice(  # 10: nobody said how many are at the table
        "I'm buying everyone at the table a drink. What's the bill going to be?",
        "How much is a drink?", ["result = 4.8 * 10", "result = 4.8 * 7"], answers,
        "The bill is 33.60.")
    guessed, asked = traj.steps[1], traj.steps[2]
    assert guessed.error and "uses 10" in guessed.result["guessed"][0] and "10" in guessed.observation
    assert asked.task == OTHER_NUMBERS and asked.observation == "There are seven of us."
    assert asked.planner_usage.completion_tokens == 0  # written by the agent, not planned
    assert answers.asked == ["How much is a drink?", OTHER_NUMBERS]
    assert float(traj.steps[3].result["value"]) == pytest.approx(33.6)


def test_a_guess_after_the_question_stands_and_word_problems_are_left_alone():
    answered = [Step(index=0, plan=PlanRecord(task=OTHER_NUMBERS, selected_tool="ask_user"),
                     tool="ask_user", observation="No idea.")]
    request = "I'm buying everyone at the table a drink. What's the bill going to be?"
    assert guessed(request, "result = 4.8 * 10", []) == [
        "the code uses 10, which neither the request nor an earlier step gives"]
    assert guessed(request, "result = 4.8 * 10", answered) == []  # once per request
    assert guessed("A drink costs 4.80. What do 10 cost?", "result = 4.8 * 10", []) == []
    assert guessed("I work 5 days a week, 8 hours a day. Hours a week?", "result = 5 * 8",
                   []) == []
    assert guessed("How many hours do I sleep in a fortnight? 7 a night.", "result = 7 * 14",
                   []) == []


def test_a_kind_of_quantity_nobody_gave_is_asked_for_too():
    answers = ScriptedAnswers(["It's 23 km each way.", "My car burns 6.5 litres per 100 km."])
    traj = _asked_twice(  # no consumption: litres from kilometres alone
        "Work out how many litres of fuel my commute uses in a five-day week.",
        "How far is your commute?", ["result = 23 * 2 * 5", "result = 23 * 2 * 5 * 6.5 / 100"],
        answers, "About 14.95 litres.")
    assert "asks for a volume" in traj.steps[1].observation
    assert traj.steps[2].task == OTHER_NUMBERS and traj.final_answer == "About 14.95 litres."


def test_a_refused_calculation_that_lacks_a_kind_of_quantity_asks_for_it_too():
    """`23 * 5` for a commute of "23 km each way" is refused (one way), and no consumption was
    given: the agent asks for the other numbers instead of giving up."""
    answers = ScriptedAnswers(["It's 23 km each way.", "My car burns 6.5 litres per 100 km."])
    fake = FakeClient([
        plan("How far is your commute?", "ask_user"),
        plan("Calculate it.", "calculate_number"), {"code": "result = 23 * 5"},
        {"code": "result = 23 * 5"},
        plan("Calculate it again.", "calculate_number"),
        {"code": "result = 23 * 2 * 5 * 6.5 / 100"},
        plan("Answer the request.", "final_answer"), {"answer": "About 14.95 litres."},
    ])
    traj = _agent(fake, answers).run(
        "Work out how many litres of fuel my commute uses in a five-day week.")
    assert [s.tool for s in traj.steps] == ["ask_user", "calculate_number", "ask_user",
                                            "calculate_number", "final_answer"]
    assert "one way" in traj.steps[1].result["error"] and not fake.queue
    assert "asks for a volume" in traj.steps[1].observation
    assert traj.steps[2].task == OTHER_NUMBERS
    assert float(traj.steps[3].result["value"]) == pytest.approx(14.95)


def test_after_two_searches_in_vain_a_personal_request_asks_the_user():
    request = "We rented a holiday cottage with some other families. What does each family owe?"
    fake = FakeClient([
        plan("Look up: " + request, "search_wikipedia"),
        plan("Find the founders of the holiday cottage company.", "search_wikipedia"),
        plan("Find the cottage company's prices.", "search_wikipedia"),  # asked instead
        plan("How much did the cottage cost?", "ask_user", REASONS["ask_user"]),
        plan("Answer the request.", "final_answer"),
        {"answer": "I do not know yet."},
    ])
    tools = [AskUser(ScriptedAnswers(["It cost 2,310."])), FinalAnswer(fake), _Search()]
    traj = Agent(FineTunedPlanner(fake, [t.name for t in tools]), tools).run(request)
    assert [s.tool for s in traj.steps] == ["search_wikipedia", "search_wikipedia", "ask_user",
                                            "final_answer"]
    assert traj.steps[2].note == ("planned search_wikipedia for the user's own facts: asked "
                                  "the user instead")
    # a request about other people's things searches on: the names may be found yet
    other = "How much did the Goethe family's cottage cost?"
    fake = FakeClient([plan("Look up: " + other, "search_wikipedia"),
                       plan("Find Goethe's cottage.", "search_wikipedia"),
                       plan("Find Goethe's garden house.", "search_wikipedia"),
                       plan("Answer.", "final_answer"), {"answer": "I do not know."}])
    tools = [AskUser(ScriptedAnswers(["x"])), FinalAnswer(fake), _Search()]
    traj = Agent(FineTunedPlanner(fake, [t.name for t in tools]), tools).run(other)
    assert [s.tool for s in traj.steps] == ["search_wikipedia"] * 3 + ["final_answer"]
