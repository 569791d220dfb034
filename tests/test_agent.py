"""The agent loop on a scripted fake model: no LLM involved."""

from __future__ import annotations

from gba.agent import Agent
from gba.client import FakeClient
from gba.errors import ServerUnreachableError
from gba.planner import FineTunedPlanner, ZeroShotPlanner
from gba.tools.ask_user import AskUser, ScriptedAnswers
from gba.tools.base import Tool, ToolResult
from gba.tools.final_answer import FinalAnswer
from gba.tools.summarize import Summarizer
from gba.trajectory import Trajectory


def plan(task, tool):
    return {"context_information_summary": "", "thoughts": "", "task": task,
            "selected_tool": tool}


class Lookup(Tool):
    name = "lookup"
    description = "Looks things up."

    def __init__(self, answers=None, fail=False):
        self.answers = answers or {}
        self.fail = fail
        self.tasks = []

    def run(self, request, task, previous_steps):
        self.tasks.append(task)
        if self.fail:
            raise RuntimeError("index is corrupt")
        return ToolResult(text=self.answers.get(task, "nothing"), sources=["Some Article"])


def make_agent(fake, tools, **kw):
    return Agent(ZeroShotPlanner(fake, tools), tools, **kw)


def test_multi_step_run_ends_with_final_answer():
    fake = FakeClient([
        plan("Ask for the city", "ask_user"),
        plan("Population of Oslo", "lookup"),
        plan("Answer", "final_answer"),
        {"answer": "About 700,000 people."},
    ])
    lookup = Lookup({"Population of Oslo": "709,000"})
    answers = ScriptedAnswers(["Oslo"])
    tools = [AskUser(answers), lookup, FinalAnswer(fake)]
    traj = make_agent(fake, tools).run("How many people live in my city?")
    assert traj.status == "completed"
    assert traj.final_answer == "About 700,000 people."
    assert [s.tool for s in traj.steps] == ["ask_user", "lookup", "final_answer"]
    assert traj.steps[0].observation == "Oslo"
    assert traj.steps[1].observation == "709,000"
    assert traj.steps[1].sources == ["Some Article"]
    assert answers.asked == ["Ask for the city"]
    # the planner saw the previous observation when planning step 3
    assert "709,000" in fake.calls[2].prompt[1].content
    # the final answer prompt saw it too
    assert "709,000" in fake.calls[3].prompt[0].content
    assert Trajectory.model_validate_json(traj.model_dump_json()) == traj


def test_tool_exception_becomes_observation_and_run_continues():
    fake = FakeClient([plan("look", "lookup"), plan("Answer", "final_answer"), {"answer": "sorry"}])
    tools = [Lookup(fail=True), FinalAnswer(fake)]
    traj = make_agent(fake, tools).run("q")
    assert traj.status == "completed"
    assert traj.steps[0].error and "index is corrupt" in traj.steps[0].observation


def test_unknown_tool_from_fine_tuned_planner_and_aliases():
    fake = FakeClient([
        plan("look", "search_web"),  # learned name with no alias: unknown
        plan("look", "wiki"),  # aliased to lookup
        plan("done", "respond"),  # aliased to final_answer
        {"answer": "ok"},
    ])
    lookup = Lookup({"look": "found"})
    tools = [lookup, FinalAnswer(fake)]
    planner = FineTunedPlanner(fake, ["search_web", "wiki", "respond"])
    agent = Agent(planner, tools, aliases={"wiki": "lookup", "respond": "final_answer"})
    traj = agent.run("q")
    assert traj.status == "completed"
    assert "no tool named 'search_web'" in traj.steps[0].observation
    assert traj.steps[0].error
    assert traj.steps[1].tool == "lookup" and traj.steps[1].plan.selected_tool == "wiki"
    assert traj.steps[1].observation == "found"
    assert traj.steps[2].tool == "final_answer"


def test_step_limit():
    fake = FakeClient([plan("look", "lookup")] * 3)
    traj = make_agent(fake, [Lookup(), FinalAnswer(fake)], max_steps=3).run("q")
    assert traj.status == "step_limit"
    assert len(traj.steps) == 3 and traj.final_answer is None


def test_model_failure_ends_run_with_error_status():
    fake = FakeClient([plan("look", "lookup"), ServerUnreachableError("cannot reach :8080")])
    traj = make_agent(fake, [Lookup(), FinalAnswer(fake)]).run("q")
    assert traj.status == "error"
    assert "cannot reach :8080" in traj.error
    assert len(traj.steps) == 1


def test_invalid_plan_output_ends_run_with_clear_error():
    fake = FakeClient(["garbage"] * 3)
    traj = make_agent(fake, [FinalAnswer(fake)]).run("q")
    assert traj.status == "error" and "InvalidOutputError" in traj.error


def test_long_observations_are_summarized_once():
    long_text = "fact " * 500
    fake = FakeClient([plan("look", "lookup"), {"summary": "the short fact"},
                       plan("Answer", "final_answer"), {"answer": "ok"}])
    tools = [Lookup({"look": long_text}), FinalAnswer(fake)]
    agent = make_agent(fake, tools, summarizer=Summarizer(fake, max_chars=300))
    traj = agent.run("q")
    assert traj.steps[0].observation == "the short fact"
    assert traj.steps[0].tool_usage.completion_tokens > 0


def test_long_observation_cut_without_summarizer():
    fake = FakeClient([plan("look", "lookup"), plan("Answer", "final_answer"), {"answer": "ok"}])
    tools = [Lookup({"look": "y" * 5000}), FinalAnswer(fake)]
    traj = make_agent(fake, tools, max_observation_chars=100).run("q")
    assert len(traj.steps[0].observation) < 120 and traj.steps[0].observation.endswith("[cut]")


def test_conversational_mode_carries_history():
    fake = FakeClient([plan("Answer", "final_answer"), {"answer": "Sunny"},
                       plan("Answer", "final_answer"), {"answer": "Rain"}])
    agent = make_agent(fake, [FinalAnswer(fake)], conversational=True)
    agent.run("Weather today?")
    agent.run("And tomorrow?")
    assert "Weather today?" in fake.calls[2].prompt[1].content
    assert "Sunny" in fake.calls[2].prompt[1].content


def test_on_step_callback_sees_each_step():
    fake = FakeClient([plan("look", "lookup"), plan("Answer", "final_answer"), {"answer": "ok"}])
    seen = []
    make_agent(fake, [Lookup(), FinalAnswer(fake)]).run("q", on_step=seen.append)
    assert [s.tool for s in seen] == ["lookup", "final_answer"]


def test_ctrl_c_ends_run_with_interrupted_status_and_keeps_steps():
    def ctrl_c(*_):
        raise KeyboardInterrupt

    fake = FakeClient([plan("look", "lookup"), ctrl_c])
    traj = make_agent(fake, [Lookup(), FinalAnswer(fake)]).run("q")
    assert traj.status == "interrupted"
    assert "Ctrl-C" in traj.error
    assert len(traj.steps) == 1 and len(fake.calls) == 2
