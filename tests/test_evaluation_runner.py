"""The evaluation runner on a scripted fake model: the scripted world, resuming a stopped
evaluation, the teacher planner in the LLM-simulated environment."""

from __future__ import annotations

import pytest

from gba.client.fake import FakeClient
from gba.evaluation.report import load_scores
from gba.evaluation.runner import evaluate
from gba.simulation.requests import make_requests
from gba.simulation.world import World
from gba.trajectory import Request, iter_jsonl


def plan(task: str, tool: str) -> dict:
    return {"context_information_summary": "", "thoughts": "", "task": task,
            "selected_tool": tool}


@pytest.fixture(scope="module")
def scripted(tmp_path_factory):
    """Two arithmetic requests (one calculation, then the answer) and their world."""
    world = World.generate(0)
    folder = tmp_path_factory.mktemp("world")
    (folder / "world.json").write_text(world.model_dump_json())
    requests = [r for r in make_requests(world, "train", 60, seed=3)
                if r.ground_truth["tools"] == ["calculate_number", "final_answer"]]
    assert len(requests) >= 2
    return folder / "world.json", requests[:2]


def test_fine_tuned_planner_in_the_scripted_world_is_scored(scripted, tmp_path):
    world, requests = scripted
    fake = FakeClient([plan(f"Calculate: {requests[0].text}", "calculate_number"),
                       plan("Answer the request.", "final_answer"),
                       plan("Look up: the answer.", "search_wikipedia"),
                       plan("Answer the request.", "final_answer")])
    out = tmp_path / "test_entities_fine-tuned.jsonl"
    report = evaluate("fine-tuned", requests, out, environment="scripted", world=world,
                      max_steps=4, client=fake, progress=False)
    assert report.completed == 2 and report.errors == 0 and not fake.queue
    first, second = sorted(load_scores(tmp_path), key=lambda r: r["request"] != requests[0].id)
    assert first["correct"] == 1 and first["tools_as_oracle"] == 1
    assert second["correct"] == 0 and second["tools_as_oracle"] == 0  # looked up, no calculation


def test_a_stopped_evaluation_resumes_without_repeating_or_losing_runs(scripted, tmp_path):
    world, requests = scripted
    out = tmp_path / "test_entities_oracle.jsonl"
    first = evaluate("oracle", requests[:1], out, environment="scripted", world=world,
                     repeats=2, progress=False)
    assert first.completed == 2
    again = evaluate("oracle", requests, out, environment="scripted", world=world, repeats=2,
                     progress=False, workers=2)
    assert again.skipped == 2 and again.completed == 2
    keys = sorted((t.request.id, t.metadata["repeat"]) for t in iter_jsonl(out))
    assert keys == sorted((r.id, k) for r in requests for k in range(2))
    assert all(r["correct"] == 1 for r in load_scores(tmp_path))


def test_teacher_planner_with_simulated_tools_on_a_request_without_ground_truth(tmp_path):
    fake = FakeClient([plan("Find the population of Rome.", "search_wikipedia"),
                       {"observation": "Rome has 2.8 million people. (Sources: Rome)"},
                       plan("Answer with the population.", "final_answer"),
                       {"answer": "About 2.8 million people live in Rome."}])
    out = tmp_path / "teacher_teacher.jsonl"
    report = evaluate("teacher", [Request(id="t1", text="How many people live in Rome?")], out,
                      environment="simulated", client=fake, progress=False)
    assert report.completed == 1
    (traj,) = iter_jsonl(out)
    assert [s.tool for s in traj.steps] == ["search_wikipedia", "final_answer"]
    assert traj.steps[0].sources == ["Rome"] and traj.metadata["environment"] == "simulated"
    assert "How to plan well" in fake.calls[0].prompt[0].content  # the teacher's prompt
    assert load_scores(tmp_path) == []  # no ground truth: only the judge can score it


def test_unknown_planner_or_environment_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown environment"):
        evaluate("oracle", [], tmp_path / "x_y.jsonl", environment="moon")
    with pytest.raises(ValueError, match="scripted world"):
        evaluate("oracle", [], tmp_path / "x_y.jsonl", environment="real")
    with pytest.raises(ValueError, match="one worker"):
        evaluate("oracle", [], tmp_path / "x_y.jsonl", environment="real", workers=2)


def test_the_zero_shot_factory_describes_the_tools_of_each_request(scripted):
    from gba.evaluation.runner import ScriptedEnvironment, planner_factory

    world = World.model_validate_json(scripted[0].read_text())
    emails = [r for r in make_requests(world, "train", 200, seed=5)
              if "send_email" in r.ground_truth["tools"]]
    fake = FakeClient()
    env = ScriptedEnvironment(world, planner_factory("zero-shot", fake), max_steps=1)
    for request, app in ((emails[0], True), (scripted[1][0], False)):
        fake.push(plan("Answer the request.", "final_answer"))  # the scripted tools use no model
        agent = env(request, 0)
        assert agent.planner.tools == list(agent.tools.values())
        agent.run(request)
        system = fake.calls[-1].prompt[0].content
        assert ("send_email" in system) == app and "calculate_number" in system


@pytest.mark.parametrize(("facts", "question", "answer"), [
    ({}, "What year were you born?", "I don't know."),
    ({"birth_year": "1990"}, "In which year were you born?", "1990"),
    ({"birth_year": "1990", "height": "170 cm"}, "How tall are you?", "170 cm"),
    ({"birth_year": "1990", "height": "170 cm"}, "Tell me more.",
     "birth year: 1990; height: 170 cm"),
])
def test_the_real_environment_user_answers_from_the_ground_truth(facts, question, answer):
    from gba.evaluation.runner import GroundTruthUser

    user = GroundTruthUser()
    user.start(Request(text="r", ground_truth={"answer": "", "user_facts": facts}))
    assert user(question) == answer
    user.start(Request(text="no truth"))
    assert user(question) == "I don't know."


def test_the_real_environment_asks_each_request_its_own_user(tmp_path):
    from gba.config import AgentConfig
    from gba.evaluation.runner import RealEnvironment, planner_factory

    fake = FakeClient()
    env = RealEnvironment(fake, planner_factory("fine-tuned", fake),
                          config=AgentConfig(wikipedia=False, max_steps=2))
    for year in ("1990", "1984"):
        fake.push(plan("Ask the user the year they were born.", "ask_user"),
                  plan("Answer.", "final_answer"), {"answer": year})
        request = Request(text="How old am I?", ground_truth={
            "answer": year, "user_facts": {"birth_year": year}})
        traj = env(request, 0).run(request)
        assert traj.steps[0].observation == year
    assert not fake.queue


def test_the_real_environment_user_gives_every_fact_when_asked_for_the_other_numbers():
    """"Which other numbers should I use to work this out?" names no fact, though "work" is
    a keyword of one in real-dev-mixed: it gets every fact, like any question naming none."""
    from gba.evaluation.runner import GroundTruthUser
    from gba.own_facts import OTHER_NUMBERS

    facts = {"work": "It's 23 km each way.", "km": "It's 23 km each way.",
             "consum": "My car burns 6.5 litres per 100 km."}
    user = GroundTruthUser()
    user.start(Request(text="r", ground_truth={"answer": "", "user_facts": facts}))
    assert user("How far is your commute, in km?") == "It's 23 km each way."
    assert user(OTHER_NUMBERS) == "It's 23 km each way. My car burns 6.5 litres per 100 km."
