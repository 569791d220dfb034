"""The LLM judge (schema per trajectory, parsing, failures recorded, resume, filters) and the
judged metrics (pass, bad-task and completion rates, crashes apart, Cohen's kappa against
ground truth) on hand-made trajectories."""

from __future__ import annotations

import json

import pytest

from gba.client.fake import FakeClient
from gba.evaluation.judged import (
    agreement,
    cohen_kappa,
    judged_metrics,
    judged_metrics_files,
    judged_rows,
)
from gba.simulation.judge import (
    Judgment,
    Rating,
    filter_file,
    filter_trajectories,
    judge_file,
    judge_messages,
    judge_trajectory,
    keep_judged,
    load_judgments,
    verdict_model,
)
from gba.trajectory import PlanRecord, Request, Step, Trajectory, append_jsonl, read_jsonl


def step(i: int, tool: str, task: str = "Do it.", observation: str = "done") -> Step:
    return Step(index=i, tool=tool, observation=observation,
                plan=PlanRecord(task=task, selected_tool=tool))


def run(tid: str, tools: list[str], status: str = "completed", answer: str | None = "42",
        **request) -> Trajectory:
    return Trajectory(id=tid, request=Request(id=f"r-{tid}", text=f"request {tid}", **request),
                      steps=[step(i, t) for i, t in enumerate(tools)],
                      final_answer=answer if status == "completed" else None, status=status,
                      error="ServerUnreachableError: down" if status == "error" else None)


def judgment(traj: Trajectory, steps: list[int], answer: int | None, error: str | None = None
             ) -> Judgment:
    return Judgment(trajectory_id=traj.id, request_id=traj.request.id,
                    steps=[Rating(reason="r", score=s) for s in steps],
                    answer=None if answer is None else Rating(reason="r", score=answer),
                    error=error)


def verdict(n: int, scores: list[int] | None = None, answer: int | None = 5) -> dict:
    scores = scores or [5] * n
    out = {f"step_{i + 1}": {"reason": "fine", "score": s} for i, s in enumerate(scores)}
    if answer is not None:
        out["final_answer"] = {"reason": "right", "score": answer}
    return out


# --- the judge ------------------------------------------------------------------------------


def test_verdict_schema_rates_every_step_once():
    schema = verdict_model(3, True)
    assert list(schema.model_fields) == ["step_1", "step_2", "step_3", "final_answer"]
    assert "final_answer" not in verdict_model(2, False).model_fields
    rating = schema.model_json_schema()["$defs"]["Rating"]
    assert list(rating["properties"]) == ["reason", "score"]
    assert rating["properties"]["score"]["maximum"] == 5
    with pytest.raises(ValueError):
        schema.model_validate(verdict(3, [5, 6, 5]))
    with pytest.raises(ValueError):
        schema.model_validate(verdict(2))


def test_judge_parses_ratings_and_shows_the_whole_run():
    traj = run("a", ["search_wikipedia", "calculate_number", "final_answer"])
    traj.steps[0].observation = "x" * 2000
    fake = FakeClient([verdict(3, [4, 2, 5], 3)])
    j = judge_trajectory(fake, traj)
    assert [s.score for s in j.steps] == [4, 2, 5] and j.answer.score == 3
    assert j.trajectory_id == "a" and j.request_id == "r-a" and j.usage.prompt_tokens > 0
    assert not j.passed() and j.passed(threshold=3)
    user = fake.calls[0].prompt[-1].content
    assert "Request: request a" in user and "tool: calculate_number" in user
    assert "Final answer: 42" in user and "x" * 501 not in user
    assert "Rate each step's task from 1 to 5" in fake.calls[0].prompt[0].content
    limit = run("b", ["search_wikipedia"] * 2, status="step_limit")
    j = judge_trajectory(FakeClient([verdict(2, answer=None)]), limit)
    assert j.answer is None and not j.passed()
    assert "gave no final answer" in judge_messages(limit)[-1].content


def test_judge_file_records_failures_skips_errors_and_resumes(tmp_path):
    trajs = tmp_path / "t.jsonl"
    for t in (run("a", ["final_answer"]), run("b", ["search_wikipedia"], status="error"),
              run("c", ["search_wikipedia", "final_answer"])):
        append_jsonl(trajs, t)
    out = tmp_path / "j.jsonl"
    fake = FakeClient([verdict(1), "not json", "still not", "{}"])
    report = judge_file(trajs, fake, out, progress=False)
    assert (report.judged, report.failed, report.not_judged_errors) == (1, 1, 1)
    found = load_judgments(out)
    assert set(found) == {"a", "c"} and "InvalidOutputError" in found["c"].error
    again = judge_file(trajs, FakeClient(), out, progress=False)  # nothing left to judge
    assert again.skipped == 2 and again.judged == 0


def test_unreachable_judge_server_is_recorded_with_its_url(tmp_path):
    from gba.client.llama_server import LlamaServerClient
    from gba.client.server_process import free_port

    trajs = tmp_path / "t.jsonl"
    append_jsonl(trajs, run("a", ["final_answer"]))
    url = f"http://127.0.0.1:{free_port()}"
    report = judge_file(trajs, LlamaServerClient(url, retries=0, timeout_s=2), tmp_path / "j.jsonl",
                        progress=False)
    assert report.failed == 1
    error = load_judgments(tmp_path / "j.jsonl")["a"].error
    assert "ServerUnreachableError" in error and url in error


def test_filters_threshold_tasks_and_scripted_ground_truth(tmp_path):
    from gba.simulation.requests import make_requests
    from gba.simulation.scripted import oracle_agent
    from gba.simulation.world import World

    a, b = run("a", ["final_answer"]), run("b", ["search_wikipedia", "final_answer"])
    js = {"a": judgment(a, [5], 4), "b": judgment(b, [2, 5], 5)}
    assert keep_judged(js["a"], threshold=4) and not keep_judged(js["a"], threshold=5)
    assert not keep_judged(js["b"], min_task_score=3) and keep_judged(js["b"])
    assert not keep_judged(None) and not keep_judged(judgment(a, [], None, error="x"))
    world = World.generate(0)
    req = make_requests(world, "train", 1, seed=5)[0]
    right = oracle_agent(world, req).run(req)
    wrong = right.model_copy(update={"id": "w", "final_answer": "I could not find out."})
    kept = filter_trajectories([a, b, right, wrong], js, threshold=5)
    assert [t.id for t in kept] == ["b", right.id]  # scripted runs: correct ones, no judge
    trajs, judged = tmp_path / "t.jsonl", tmp_path / "j.jsonl"
    for t in (a, b):
        append_jsonl(trajs, t)
        append_jsonl(judged, js[t.id])
    assert filter_file(trajs, judged, tmp_path / "kept.jsonl", threshold=5) == 1
    (only,) = read_jsonl(tmp_path / "kept.jsonl")
    assert only.id == "b" and only.metadata["judge"]["answer"]["score"] == 5


# --- judged metrics ---------------------------------------------------------------------------


def hand_made() -> tuple[list[Trajectory], dict[str, Judgment]]:
    good = run("good", ["search_wikipedia", "calculate_number", "final_answer"])
    wrong_tool = run("wrong", ["calculate_number", "final_answer"])
    limit = run("limit", ["search_wikipedia"] * 10, status="step_limit")
    crash = run("crash", ["search_wikipedia"], status="error")
    empty = run("empty", [], status="step_limit")
    judge_failed = run("jfail", ["search_wikipedia", "final_answer"])
    long = run("long", ["search_wikipedia"] * 10 + ["final_answer"])
    judgments = {
        "good": judgment(good, [5, 3, 5], 5),
        "wrong": judgment(wrong_tool, [2, 4], 2),
        "limit": judgment(limit, [4] * 10, None),
        "empty": judgment(empty, [], None),
        "jfail": judgment(judge_failed, [], None, error="InvalidOutputError: no JSON"),
        "long": judgment(long, [4] * 11, 4),
    }
    return [good, wrong_tool, limit, crash, empty, judge_failed, long], judgments


def test_published_metrics_on_hand_made_runs():
    trajs, judgments = hand_made()
    m = judged_metrics(trajs, judgments)
    assert (m.runs, m.crashes, m.judge_failures, m.not_judged) == (7, 1, 1, 0)
    assert m.judged_runs == 5
    assert m.pass_rate == 0.4  # good and long pass; wrong, limit, empty do not
    assert m.non_final_steps == 23 and m.bad_task_rate == round(2 / 23, 4)
    assert m.completion_rate == 0.5  # good, wrong, jfail; long took 11 steps
    assert m.agreement is None  # no ground truth here
    rows = {r["trajectory"]: r for r in judged_rows(trajs, judgments)}
    assert rows["crash"]["passed"] is None and rows["crash"]["crashed"] == 1
    assert rows["good"]["bad_tasks"] == 1 and rows["good"]["non_final_steps"] == 2
    unjudged = judged_metrics(trajs, {})
    assert unjudged.not_judged == 6 and unjudged.pass_rate is None
    assert unjudged.completion_rate == 0.5


def test_empty_set_and_only_crashes():
    assert judged_metrics([], {}).pass_rate is None
    crash = run("c", [], status="error")
    m = judged_metrics([crash], {"c": judgment(crash, [], None)})
    assert m.crashes == 1 and m.completion_rate is None and m.judged_runs == 0


def test_cohen_kappa_by_hand_and_against_sklearn():
    judge, truth = [1, 1, 1, 0, 0, 1], [1, 1, 0, 0, 0, 0]
    # p_o = 4/6; p_e = 4/6 * 2/6 + 2/6 * 4/6 = 16/36; kappa = (24/36 - 16/36) / (20/36) = 0.4
    assert cohen_kappa(judge, truth) == pytest.approx(0.4)
    assert cohen_kappa([1, 0, 1, 0], [0, 1, 0, 1]) == pytest.approx(-1.0)
    assert cohen_kappa([1, 1], [1, 1]) is None
    with pytest.raises(ValueError):
        cohen_kappa([1], [1, 0])
    sklearn = pytest.importorskip("sklearn.metrics")
    rng = __import__("random").Random(0)
    for _ in range(20):
        a = [rng.randint(0, 1) for _ in range(30)]
        b = [x if rng.random() < 0.7 else 1 - x for x in a]
        assert cohen_kappa(a, b) == pytest.approx(sklearn.cohen_kappa_score(a, b))


def test_agreement_with_scripted_and_real_ground_truth(tmp_path):
    from gba.simulation.requests import make_requests
    from gba.simulation.scripted import oracle_agent
    from gba.simulation.world import World

    world = World.generate(0)
    trajs = []
    for i, req in enumerate(make_requests(world, "train", 6, seed=2)):
        t = oracle_agent(world, req).run(req)
        if i >= 3:
            t.final_answer = "I could not find the answer."  # wrong by ground truth
        trajs.append(t)
    real = Trajectory(id="real", request=Request(text="17*23+4?", ground_truth={
        "answer": "395", "value": 395.0}), steps=[step(0, "final_answer")],
        final_answer="It is 395.", status="completed")
    trajs.append(real)
    passes = [1, 1, 1, 0, 0, 1, 1]  # judge: one false pass (index 5)
    judgments = {t.id: judgment(t, [5] * len(t.steps), 5 if p else 2)
                 for t, p in zip(trajs, passes, strict=True)}
    rows = judged_rows(trajs, judgments)
    assert [r["correct"] for r in rows] == [1, 1, 1, 0, 0, 0, 1]
    agree = agreement(rows)
    assert agree.n == 7 and agree.agreement == round(6 / 7, 4)
    assert agree.kappa == round(cohen_kappa(passes, [1, 1, 1, 0, 0, 0, 1]), 4)
    assert agree.confusion == {"judge_pass_truth_correct": 4, "judge_pass_truth_wrong": 1,
                               "judge_fail_truth_correct": 0, "judge_fail_truth_wrong": 2}
    path, jpath = tmp_path / "t.jsonl", tmp_path / "j.jsonl"
    for t in trajs:
        append_jsonl(path, t)
        append_jsonl(jpath, judgments[t.id])
    assert judged_metrics_files(str(path), str(jpath)).agreement == agree


def test_cli_judge_records_unreachable_server(tmp_path):
    from click.testing import CliRunner

    from gba.cli import main
    from gba.client.server_process import free_port

    trajs = tmp_path / "t.jsonl"
    append_jsonl(trajs, run("a", ["final_answer"]))
    url = f"http://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(main, ["simulate", "judge", str(trajs), "--quiet",
                                       "--backend", "llama-server", "--base-url", url])
    assert result.exit_code == 0, result.output
    assert "judged=0 failed=1" in result.output
    assert json.loads((tmp_path / "t.judged.jsonl").read_text())["error"].count(url) == 1
