"""The agent loop on a scripted fake model: no LLM involved.

`Agent.run` turns every exception into a status, so a fake model that runs out of outputs
would end a run quietly: every test goes through `run`, which checks the status and that the
model was called exactly as often as the test scripted it.
"""

from __future__ import annotations

from gba.agent import Agent
from gba.client import FakeClient
from gba.errors import ServerUnreachableError
from gba.planner import FineTunedPlanner, ZeroShotPlanner
from gba.text import clip
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


def run(agent, fake, request, *, status, calls, **kw):
    """Run `agent`, then check how the run ended and how many model calls it made (all the
    scripted outputs, no more, no fewer)."""
    traj = agent.run(request, **kw)
    assert traj.status == status, traj.error
    assert len(fake.calls) == calls
    assert not fake.queue, f"{len(fake.queue)} scripted outputs were never used"
    return traj


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
    traj = run(make_agent(fake, tools), fake, "How many people live in my city?",
               status="completed", calls=4)
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
    traj = run(make_agent(fake, tools), fake, "q", status="completed", calls=3)
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
    traj = run(agent, fake, "q", status="completed", calls=4)
    assert "no tool named 'search_web'" in traj.steps[0].observation
    assert traj.steps[0].error
    assert traj.steps[1].tool == "lookup" and traj.steps[1].plan.selected_tool == "wiki"
    assert traj.steps[1].observation == "found"
    assert traj.steps[2].tool == "final_answer"


def test_step_limit():
    fake = FakeClient([plan(f"look {i}", "lookup") for i in range(3)])
    traj = run(make_agent(fake, [Lookup(), FinalAnswer(fake)], max_steps=3), fake, "q",
               status="step_limit", calls=3)
    assert len(traj.steps) == 3 and traj.final_answer is None


def test_a_repeated_step_that_worked_is_reused_then_answered_instead_of_run_again():
    fake = FakeClient([plan("Which city?", "ask_user"), plan("Population of Oslo", "lookup"),
                       plan("which city? ", "ask_user"), plan("Population of Oslo", "lookup"),
                       plan("Which city?", "ask_user"), {"answer": "709,000 people."}])
    lookup, answers = Lookup({"Population of Oslo": "709,000"}), ScriptedAnswers(["Oslo"])
    tools = [AskUser(answers), lookup, FinalAnswer(fake)]
    traj = run(make_agent(fake, tools, max_steps=8), fake, "How many live in my city?",
               status="completed", calls=6)
    assert answers.asked == ["Which city?"] and lookup.tasks == ["Population of Oslo"]
    reused = traj.steps[2]
    assert reused.tool == "ask_user" and reused.observation == "Oslo"
    assert reused.note == "the same call as step 1: its result is reused"
    assert traj.steps[3].observation == "709,000" and traj.steps[3].sources == ["Some Article"]
    last = traj.steps[-1]
    assert last.tool == "final_answer" and last.plan.selected_tool == "ask_user"
    assert "a third time" in last.note and traj.final_answer == "709,000 people."
    assert "Answer the request: How many live in my city?" in fake.calls[5].prompt[0].content


def test_a_repeated_step_that_failed_is_run_again():
    fake = FakeClient([plan("look", "lookup")] * 2)
    lookup = Lookup(fail=True)
    traj = run(make_agent(fake, [lookup, FinalAnswer(fake)], max_steps=2), fake, "q",
               status="step_limit", calls=2)
    assert lookup.tasks == ["look", "look"] and all(s.note is None for s in traj.steps)


def test_model_failure_ends_run_with_error_status():
    fake = FakeClient([plan("look", "lookup"), ServerUnreachableError("cannot reach :8080")])
    traj = run(make_agent(fake, [Lookup(), FinalAnswer(fake)]), fake, "q", status="error",
               calls=2)
    assert "cannot reach :8080" in traj.error
    assert len(traj.steps) == 1


def test_invalid_plan_output_ends_run_with_clear_error():
    fake = FakeClient(["garbage"] * 3)
    traj = run(make_agent(fake, [FinalAnswer(fake)]), fake, "q", status="error", calls=3)
    assert "InvalidOutputError" in traj.error and not traj.steps


def test_long_observations_are_summarized_once():
    long_text = "fact " * 500
    fake = FakeClient([plan("look", "lookup"), {"summary": "the short fact"},
                       plan("Answer", "final_answer"), {"answer": "ok"}])
    tools = [Lookup({"look": long_text}), FinalAnswer(fake)]
    agent = make_agent(fake, tools, summarizer=Summarizer(fake, max_chars=300))
    traj = run(agent, fake, "q", status="completed", calls=4)
    assert traj.steps[0].observation == "the short fact"
    assert traj.steps[0].tool_usage.completion_tokens > 0
    # summarized once, when it arrived: the planner's next prompt holds only the summary
    assert "the short fact" in fake.calls[2].prompt[1].content
    assert "fact fact" not in fake.calls[2].prompt[1].content


def test_long_observation_cut_without_summarizer():
    fake = FakeClient([plan("look", "lookup"), plan("Answer", "final_answer"), {"answer": "ok"}])
    tools = [Lookup({"look": "y" * 5000}), FinalAnswer(fake)]
    traj = run(make_agent(fake, tools, max_observation_chars=100), fake, "q",
               status="completed", calls=3)
    assert traj.steps[0].observation == clip("y" * 5000, 100)


def test_conversational_mode_carries_history():
    fake = FakeClient([plan("Answer", "final_answer"), {"answer": "Sunny"},
                       plan("Answer", "final_answer"), {"answer": "Rain"}])
    agent = make_agent(fake, [FinalAnswer(fake)], conversational=True)
    assert agent.run("Weather today?").status == "completed"
    run(agent, fake, "And tomorrow?", status="completed", calls=4)
    assert "Weather today?" in fake.calls[2].prompt[1].content
    assert "Sunny" in fake.calls[2].prompt[1].content


def test_on_step_callback_sees_each_step():
    fake = FakeClient([plan("look", "lookup"), plan("Answer", "final_answer"), {"answer": "ok"}])
    seen = []
    run(make_agent(fake, [Lookup(), FinalAnswer(fake)]), fake, "q", status="completed", calls=3,
        on_step=seen.append)
    assert [s.tool for s in seen] == ["lookup", "final_answer"]


def test_ctrl_c_ends_run_with_interrupted_status_and_keeps_steps():
    def ctrl_c(*_):
        raise KeyboardInterrupt

    fake = FakeClient([plan("look", "lookup"), ctrl_c])
    traj = run(make_agent(fake, [Lookup(), FinalAnswer(fake)]), fake, "q", status="interrupted",
               calls=2)
    assert "Ctrl-C" in traj.error
    assert len(traj.steps) == 1


def test_a_calculation_on_the_whole_request_is_answered_without_a_planner_call():
    from gba.tools.calculate import CalculateNumber

    request = "What is 17 times 23, plus 4?"

    def run(answer_when_done, task, planned=True):
        fake = FakeClient([plan(task, "calculate_number"), {"code": "result = 17 * 23 + 4"}]
                          + [plan("Answer the request.", "final_answer")] * planned
                          + [{"answer": "395"}])
        tools = [CalculateNumber(fake), FinalAnswer(fake)]
        agent = Agent(FineTunedPlanner(fake, [t.name for t in tools]), tools,
                      answer_when_done=answer_when_done)
        return agent.run(request), fake
    traj, fake = run(True, f"Calculate: {request}", planned=False)
    assert traj.final_answer == "395" and not fake.queue and len(fake.calls) == 3
    last = traj.steps[-1]
    assert last.plan.task == f"Answer the request: {request}" and last.planner_usage.completion_tokens == 0
    assert "not planned" in last.note
    # off (the simulation's agent), or a task that is only part of the request: planned
    for on, task in [(False, f"Calculate: {request}"), (True, "Calculate 17 * 23.")]:
        traj, fake = run(on, task)
        assert traj.final_answer == "395" and not fake.queue
        assert traj.steps[-1].plan.task == "Answer the request."


def test_an_answer_to_a_question_of_years_before_any_calculation_is_planned_as_one():
    from gba.tools.calculate import CalculateNumber

    class Found(Tool):
        name = "search_wikipedia"
        description = "Searches."

        def run(self, request, task, previous_steps):
            return ToolResult(text="Darwin lived from 1809 to 1882.", sources=["Charles Darwin"])
    fake = FakeClient([plan("Look up Darwin's life.", "search_wikipedia"),
                       plan("Answer the request.", "final_answer"),  # no calculation yet
                       plan("Calculate 1882 - 1809.", "calculate_number"),  # forced
                       {"code": "result = 1882 - 1809"},
                       plan("Answer the request.", "final_answer"),
                       {"answer": "Darwin lived to about 73."}])
    tools = [Found(), CalculateNumber(fake), FinalAnswer(fake)]
    traj = Agent(FineTunedPlanner(fake, [t.name for t in tools]), tools).run(
        "Charles Darwin lived to what age?")
    assert [s.tool for s in traj.steps] == ["search_wikipedia", "calculate_number", "final_answer"]
    assert traj.steps[1].note.endswith("calculated") and not fake.queue
    forced = fake.calls[2].schema.model_json_schema()["properties"]["selected_tool"]
    assert forced["const"] == "calculate_number"


class Search(Lookup):
    name = "search_wikipedia"


def test_a_search_for_one_end_of_a_life_whose_length_is_asked_searches_both():
    fake = FakeClient([plan("Look up Robert Boyle's birth year.", "search_wikipedia"),
                       plan("Answer", "final_answer"),
                       {"answer": "Robert Boyle lived from 1627 to 1691."}])
    search = Search({"Look up Robert Boyle's birth and death years.":
                     "Robert Boyle lived from 1627 to 1691."})
    traj = run(make_agent(fake, [search, FinalAnswer(fake)]), fake,
               "How old did Robert Boyle get?", status="completed", calls=3)
    assert search.tasks == ["Look up Robert Boyle's birth and death years."]
    assert traj.steps[0].note == ("searched one end of a life whose length is asked: searched "
                                  "both")
