from __future__ import annotations

import pytest
from pydantic import ValidationError

from gba.client import FakeClient
from gba.errors import ContextOverflowError
from gba.planner import FineTunedPlanner, ZeroShotPlanner, plan_model, planner_prompt
from gba.tools.ask_user import AskUser, ScriptedAnswers
from gba.tools.final_answer import FinalAnswer
from gba.trajectory import PlanRecord, Step


def plan(task="t", tool="final_answer"):
    return {"context_information_summary": "c", "thoughts": "th", "task": task,
            "selected_tool": tool}


def step(i, obs="obs", tool="ask_user"):
    return Step(index=i, plan=PlanRecord(task=f"task {i}", selected_tool=tool), tool=tool,
                observation=obs)


def test_tool_enum_comes_from_available_tools():
    model = plan_model(("ask_user", "final_answer"))
    assert model(**plan(tool="ask_user")).selected_tool == "ask_user"
    with pytest.raises(ValidationError):
        model(**plan(tool="search_internet"))
    fields = list(model.model_json_schema()["properties"])
    assert fields == ["context_information_summary", "thoughts", "task", "selected_tool"]


def test_zero_shot_prompt_describes_tools_request_and_steps():
    fake = FakeClient([plan()])
    tools = [AskUser(ScriptedAnswers([])), FinalAnswer(fake)]
    planner = ZeroShotPlanner(fake, tools)
    record, _ = planner.plan("Book a table", [step(0, obs="for two")])
    assert record.selected_tool == "final_answer"
    system, user = fake.calls[0].prompt
    for tool in tools:
        assert tool.name in system.content and tool.description in system.content
    assert "selected_tool" in system.content and "task" in system.content
    assert "Book a table" in user.content and "task 0" in user.content and "for two" in user.content
    schema = fake.calls[0].schema
    assert schema.model_json_schema()["properties"]["selected_tool"]["enum"] == [
        "ask_user", "final_answer"]


def test_fine_tuned_prompt_has_no_tool_list_and_is_raw():
    fake = FakeClient([plan(tool="ask")])
    planner = FineTunedPlanner(fake, ["ask", "final_answer"])
    planner.plan("Book a table", [step(0)])
    prompt = fake.calls[0].prompt
    assert isinstance(prompt, str)  # raw path: byte for byte what training used
    assert prompt == planner_prompt("Book a table", [step(0)])
    assert "final_answer" not in prompt and "Book a table" in prompt
    assert prompt.endswith("<|im_start|>assistant\n")


def test_conversation_history_in_prompt():
    from gba.planner import Turn

    fake = FakeClient([plan()])
    planner = FineTunedPlanner(fake, ["final_answer"])
    planner.plan("And tomorrow?", [], history=[Turn("Weather today?", "Sunny")])
    assert "Weather today?" in fake.calls[0].prompt and "Sunny" in fake.calls[0].prompt


def test_long_history_is_trimmed_to_fit_context():
    fake = FakeClient([plan()], n_ctx=800)
    planner = FineTunedPlanner(fake, ["ask_user", "final_answer"], max_tokens=200)
    steps = [step(i, obs="x" * 1200) for i in range(5)]
    assert fake.count_tokens(planner.build_prompt("r", steps)) > 600  # would not fit
    planner.plan("r", steps)
    sent = fake.calls[0].prompt
    assert fake.count_tokens(sent) <= 600
    assert "task 4" in sent  # the newest step is kept


def test_prompt_that_cannot_fit_raises_clearly():
    fake = FakeClient([plan()], n_ctx=100)
    planner = FineTunedPlanner(fake, ["final_answer"], max_tokens=90)
    with pytest.raises(ContextOverflowError, match="larger context"):
        planner.plan("a very long request " * 50, [])
