"""`gba run`, `gba show` and `gba complete` on the scripted fake model (no LLM involved).

The commands build their clients through `gba.config.make_client`; the tests replace it so
every role gets one FakeClient, and check both what the command prints and how often the
model was called.
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from gba.cli import main
from gba.trajectory import Trajectory


def plan(task, tool):
    return {"context_information_summary": "", "thoughts": "", "task": task,
            "selected_tool": tool}


def invoke(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_run_prints_steps_and_answer_and_saves_the_trajectory(fake, tmp_path):
    fake.push(plan("Compute 2 plus 2.", "calculate_number"), {"code": "result = 2 + 2"},
              plan("Tell the user.", "final_answer"), {"answer": "2 + 2 is 4."})
    saved = tmp_path / "run.json"
    result = invoke("run", "What is 2+2?", "--no-wikipedia", "--save", str(saved))
    assert result.exit_code == 0, result.output
    assert "step 1 [calculate_number] Compute 2 plus 2." in result.output
    assert "-> result = 4 (code: result = 2 + 2)" in result.output
    assert "answer: 2 + 2 is 4." in result.output
    assert len(fake.calls) == 4 and not fake.queue
    traj = Trajectory.load(saved)
    assert traj.status == "completed" and traj.final_answer == "2 + 2 is 4."
    assert [s.tool for s in traj.steps] == ["calculate_number", "final_answer"]


def test_run_appends_one_finished_record_to_a_jsonl(fake, tmp_path):
    from gba.trajectory import iter_jsonl

    saved = tmp_path / "runs.jsonl"
    for n in (2, 3):
        fake.push(plan(f"Compute {n} plus {n}.", "calculate_number"),
                  {"code": f"result = {n} + {n}"}, plan("Tell the user.", "final_answer"),
                  {"answer": f"It is {2 * n}."})
        assert invoke("run", f"{n}+{n}?", "--no-wikipedia", "--save", str(saved)).exit_code == 0
    records = list(iter_jsonl(saved))
    assert [r.status for r in records] == ["completed", "completed"]
    assert [r.final_answer for r in records] == ["It is 4.", "It is 6."]
    assert not (tmp_path / "runs.jsonl.partial.json").exists()


def test_run_uses_scripted_answers_for_ask_user(fake):
    fake.push(plan("Ask which city.", "ask_user"), plan("Answer.", "final_answer"),
              {"answer": "Oslo it is."})
    result = invoke("run", "Weather in my city?", "--no-wikipedia", "--answer", "Oslo")
    assert result.exit_code == 0, result.output
    assert "-> Oslo" in result.output and "answer: Oslo it is." in result.output
    assert len(fake.calls) == 3


def test_run_reports_a_model_failure_and_exits_1(fake):
    fake.push(plan("Answer.", "final_answer"))  # then the model has nothing left to say
    result = CliRunner().invoke(main, ["run", "Hi", "--no-wikipedia"])
    assert result.exit_code == 1
    # the failed final_answer is an observation; the planner's next call ends the run
    assert "The tool final_answer failed" in result.output
    assert "error: unexpected AssertionError: FakeClient ran out of outputs (call #3)" in (
        result.output)
    assert len(fake.calls) == 3


def test_run_at_the_step_limit_shows_the_last_observations(fake):
    fake.push(*[plan("Ask again.", "ask_user")] * 2)
    result = invoke("run", "Hi", "--no-wikipedia", "--max-steps", "2", "--answer", "no idea")
    assert result.exit_code == 0, result.output
    assert "stopped after 2 steps without a final answer" in result.output
    assert "[ask_user] no idea" in result.output
    assert len(fake.calls) == 2


def test_show_prints_a_saved_trajectory(fake, tmp_path):
    fake.push(plan("Say hello.", "final_answer"), {"answer": "Hello!"})
    saved = tmp_path / "run.json"
    assert invoke("run", "Greet me", "--no-wikipedia", "--save", str(saved)).exit_code == 0
    result = invoke("show", str(saved))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "[completed] Greet me"
    assert lines[1].split() == ["1.", "final_answer", "Say", "hello."]
    assert lines[-1] == "  answer: Hello!"


def test_show_clips_long_fields(tmp_path):
    from gba.cli.show import OBSERVATION_CHARS
    from gba.text import clip
    from gba.trajectory import PlanRecord, Request, Step

    step = Step(index=0, plan=PlanRecord(task="t", selected_tool="ask_user"), tool="ask_user",
                observation="o" * 500)
    path = tmp_path / "one.json"
    Trajectory(request=Request(text="r"), steps=[step], status="step_limit").save(path)
    result = invoke("show", str(path))
    assert f"-> {clip('o' * 500, OBSERVATION_CHARS)}\n" in result.output


def test_complete_validates_a_plan(fake):
    fake.push(plan("Find the height of Mont Blanc.", "search_wikipedia"))
    result = invoke("complete", "Plan a step", "--max-tokens", "64")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.splitlines()[0])["selected_tool"] == "search_wikipedia"
    assert "validated as Plan: ok" in result.output
    call = fake.calls[0]
    assert call.max_tokens == 64 and call.schema.__name__ == "Plan"
    assert call.prompt[0].content == "Plan a step"


def test_complete_without_schema_prints_the_text(fake):
    fake.push("just text")
    result = invoke("complete", "Say something", "--schema", "none")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "just text"
    assert fake.calls[0].schema is None
