"""The LLM-teacher simulation: request generation (dedup, exclusion, overlap check, resume),
simulated tools with failure injection, the simulated user, whole runs on a scripted fake
teacher (workers, judge, filter, resume after kill -9), and one real run against llama-server
on loopback with the embedded model."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from gba.client.base import Completion, Usage
from gba.client.fake import FakeCall, FakeClient
from gba.errors import GBAError, InvalidOutputError
from gba.simulation.simulated import (
    FailureInjection,
    SimulatedTool,
    SimulatedUser,
    scripted_user,
    sources_in,
)
from gba.simulation.teacher import (
    TeacherPlanner,
    TeacherRoles,
    TeacherSettings,
    check_overlap,
    simulate_teacher,
    teacher_agent,
    teacher_tools,
)
from gba.simulation.teacher_requests import (
    GenerationReport,
    TeacherRequest,
    batch_model,
    deduplicate,
    find_overlap,
    generate_requests,
    load_requests,
    request_id,
    similarity,
    split_of,
    topic_catalog,
)
from gba.trajectory import Request, Trajectory, read_jsonl

TESTS = Path(__file__).resolve().parent
SUBJECTS = ["Rome", "Lisbon", "Oslo", "Cairo", "Lima", "Quito", "Hanoi", "Perth", "Turin",
            "Dakar", "Minsk", "Tunis", "Accra", "Sofia", "Riga", "Kyiv", "Baku", "Doha"]
ASPECTS = ["population", "founding year", "area", "elevation", "average rainfall",
           "number of museums", "distance to the sea", "oldest bridge"]


class ScriptedTeacher(FakeClient):
    """A well-behaved fake teacher that answers each role by its schema (thread-safe, never
    runs dry): fresh requests, a three-step plan, styled observations, replies, verdicts."""

    def __init__(self, delay: float = 0.0, verdict_score: int = 5, repeat_requests: bool = False):
        super().__init__()
        self.delay, self.verdict_score, self.repeat = delay, verdict_score, repeat_requests
        self.lock = threading.Lock()
        self.made = 0

    def _generate(self, prompt, schema, *, max_tokens, temperature, seed, stop):
        with self.lock:
            self.calls.append(FakeCall(prompt, schema, max_tokens, temperature))
        time.sleep(self.delay)
        text = json.dumps(self.answer(prompt, schema))
        return Completion(text=text, usage=Usage(prompt_tokens=self.count_tokens(prompt),
                                                 completion_tokens=len(text) // 4),
                          model="scripted-teacher")

    def answer(self, prompt, schema) -> dict:
        name = schema.__name__ if schema is not None else ""
        user = prompt[-1].content
        if name == "RequestBatch":
            count = int(re.search(r"Write (\d+) different", user).group(1))
            with self.lock:
                start = 0 if self.repeat else self.made
                self.made += count
            return {"requests": [{"text": self.request_text(start + i), "steps": 3}
                                 for i in range(count)]}
        if name == "Plan":
            done = user.count("   tool: ")
            tool, task = [("search_wikipedia", "Find the population of Rome."),
                          ("calculate_number", "Multiply 2800000 by 2."),
                          ("final_answer", "Tell the user the doubled population.")][min(done, 2)]
            return {"context_information_summary": "", "thoughts": "next", "task": task,
                    "selected_tool": tool}
        if name == "Observation":
            return {"observation": "Rome has 2,800,000 inhabitants. (Sources: Rome)"}
        if name == "UserReply":
            return {"answer": "I was born in 1990."}
        if name == "Answer":
            return {"answer": "Twice the population of Rome is 5,600,000."}
        if name == "CalculationCode":
            return {"code": "result = 2800000 * 2"}
        if name.startswith("Verdict"):
            return {field: {"reason": "ok", "score": self.verdict_score}
                    for field in schema.model_fields}
        raise AssertionError(f"unexpected schema {name}")

    @staticmethod
    def request_text(i: int) -> str:
        subject, aspect = SUBJECTS[i % len(SUBJECTS)], ASPECTS[(i // len(SUBJECTS)) % 8]
        return f"What is the {aspect} of {subject}, and what is it times {i + 2}?"


# --- request generation -------------------------------------------------------------------


def test_similarity_dedup_and_overlap():
    assert similarity("What is 15% of 80?", "what is 15 % of 80") == 1.0
    assert similarity("What is 17 times 23?", "What is 18 times 23?") < 0.85
    texts = ["Add 2 and 3.", "Plan a trip to Rome.", "add 2 and 3", "Plan a trip to Rome!"]
    assert deduplicate(texts) == [0, 1]
    found = find_overlap(["Plan a trip to Rome for three days."],
                         ["plan a trip to rome for three days", "Convert 5 miles to km."])
    assert [o.test for o in found] == ["plan a trip to rome for three days"]
    assert found[0].similarity == 1.0


def test_batch_schema_holds_exactly_the_asked_count():
    model = batch_model(2)
    assert model.model_json_schema()["properties"]["requests"]["maxItems"] == 2
    with pytest.raises(ValueError):
        model.model_validate({"requests": [{"text": "What is 2 plus 2?", "steps": 2}]})
    with pytest.raises(ValueError):
        model.model_validate({"requests": [{"text": "What is 2 plus 2?", "steps": 7}] * 2})


def test_generation_drops_duplicates_and_excluded_texts_and_resumes(tmp_path):
    out = tmp_path / "requests.jsonl"
    fake = FakeClient([
        {"requests": [{"text": "What is 15% of 80?", "steps": 2},
                      {"text": "what is 15 % of 80", "steps": 2},
                      {"text": "Who painted the Mona Lisa?", "steps": 2}]},
        {"requests": [{"text": "Convert 5 miles to kilometres.", "steps": 2},
                      {"text": "How tall is the Eiffel Tower in feet?", "steps": 3},
                      {"text": "What is 15 percent of 80?", "steps": 2}]},
    ])
    report = GenerationReport()
    reqs = generate_requests(fake, 3, out=out, per_call=3, topics=["arithmetic"],
                             exclude=["Who painted the Mona Lisa?"], progress=False,
                             report=report)
    assert [r.text for r in reqs] == ["What is 15% of 80?", "Convert 5 miles to kilometres.",
                                      "How tall is the Eiffel Tower in feet?"]
    assert report.calls == 2 and report.duplicates == 1 and report.excluded == 1
    assert report.usage.completion_tokens > 0
    assert [r.id for r in load_requests(out)] == [request_id(r.text) for r in reqs]
    first = fake.calls[0].prompt
    assert "Topic: arithmetic" in first[-1].content and "calculate_number" in first[0].content
    # resume: the three stored requests count; only the missing one is generated
    fake.push({"requests": [{"text": "How tall is the Eiffel Tower in feet??", "steps": 3},
                            {"text": "Split a bill of 84 euros among 4 friends.", "steps": 2},
                            {"text": "Name the capital of Peru.", "steps": 2}]})
    again = generate_requests(fake, 4, out=out, per_call=3, topics=["arithmetic"],
                              progress=False)
    assert [r.text for r in again][3] == "Split a bill of 84 euros among 4 friends."
    assert len(load_requests(out)) == 4 and len(fake.calls) == 3


def test_generation_survives_bad_outputs_and_reports_persistent_failure():
    fake = FakeClient([InvalidOutputError("not JSON", raw="{"),
                       {"requests": [{"text": "Convert 5 miles to kilometres.", "steps": 2}]}])
    report = GenerationReport()
    reqs = generate_requests(fake, 1, per_call=1, progress=False, report=report)
    assert len(reqs) == 1 and report.failed_calls == 1 and "not JSON" in report.errors[0]
    broken = FakeClient(["no json at all"] * 30)
    with pytest.raises(GBAError, match="failed 3 times in a row"):
        generate_requests(broken, 1, per_call=1, max_failures=3, progress=False)


def test_unreachable_server_stops_generation_at_once():
    from gba.client.llama_server import LlamaServerClient
    from gba.client.server_process import free_port
    from gba.errors import ServerUnreachableError

    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(ServerUnreachableError, match=url):
        generate_requests(LlamaServerClient(url, retries=0), 2, progress=False)


def test_topics_cycle_and_steps_range():
    teacher = ScriptedTeacher()
    reqs = generate_requests(teacher, 12, per_call=2, progress=False)
    topics = {r.topic for r in reqs}
    assert topics <= set(topic_catalog()) and len(topics) == 6
    shown = [int(re.search(r"about (\d) step", c.prompt[-1].content).group(1))
             for c in teacher.calls]
    assert all(1 <= s <= 6 for s in shown) and len(set(shown)) > 1


def test_split_is_deterministic_and_overlap_check_moves_and_drops():
    assert split_of("Add 2 and 3.", 0.5) == split_of("add 2 and 3", 0.5)
    shares = Counter(split_of(ScriptedTeacher.request_text(i), 0.25) for i in range(400))
    assert 60 < shares["test"] < 140
    reqs = [TeacherRequest(id="a", text="Plan a three day trip to Rome.", topic="travel",
                           steps=3),
            TeacherRequest(id="b", text="plan a three-day trip to Rome", topic="travel",
                           steps=3, split="test"),
            TeacherRequest(id="c", text="What is 17 times 23, plus 4?", topic="arithmetic",
                           steps=2),
            TeacherRequest(id="d", text="Convert 5 miles to km.", topic="arithmetic", steps=2,
                           split="test")]
    kept, moved, dropped = check_overlap(reqs, ["What is 17 times 23 plus 4?"], 0.7)
    assert (moved, dropped) == (1, 1)
    assert {r.id: r.split for r in kept} == {"a": "train", "b": "train", "d": "test"}


# --- simulated tools and user ---------------------------------------------------------------


def test_simulated_tool_imitates_the_real_tool_style():
    fake = FakeClient([{"observation": "Rome has 2.8 million people. (Sources: Rome; Italy)"}])
    tool = SimulatedTool("search_wikipedia", fake, random.Random(0))
    result = tool("How big is Rome?", "Find the population of Rome.", [])
    assert result.sources == ["Rome", "Italy"] and result.usage.completion_tokens > 0
    system, user = fake.calls[0].prompt
    assert "(Sources: Title; Other title)" in system.content
    assert "Task for search_wikipedia: Find the population of Rome." in user.content
    assert "partly succeeds" not in system.content
    from gba.tools.calculate import CalculateNumber

    calc = SimulatedTool("calculate_number", FakeClient(), random.Random(0))
    assert calc.description == CalculateNumber.description
    with pytest.raises(ValueError, match="no simulated tool named"):
        SimulatedTool("teleport", fake, random.Random(0))
    assert sources_in("x (Sources: https://a.org/1, https://b.org/2)") == [
        "https://a.org/1", "https://b.org/2"]


def test_failure_injection_no_answer_and_partial():
    never_called = FakeClient()
    tool = SimulatedTool("search_wikipedia", never_called, random.Random(0),
                         failure=FailureInjection(rate=1.0, partial_share=0.0))
    result = tool("r", "Find the founding year of Turin.", [])
    assert result.text == "Wikipedia has no article relevant to: Find the founding year of Turin."
    assert result.data["injected"] == "no_answer" and not never_called.calls
    fake = FakeClient([{"observation": "Turin is a city in Italy. (Sources: Turin)"}])
    tool = SimulatedTool("search_wikipedia", fake, random.Random(0),
                         failure=FailureInjection(rate=1.0, partial_share=1.0))
    assert tool("r", "Find the founding year of Turin.", []).data["injected"] == "partial"
    assert "partly succeeds" in fake.calls[0].prompt[0].content
    calc = SimulatedTool("calculate_number", FakeClient([{"observation": "result = 4 (code: "
                                                          "result = 2 + 2)"}]),
                         random.Random(0), failure=FailureInjection(rate=1.0))
    assert "injected" not in calc("r", "Add 2 and 2.", []).data  # only search tools fail


def test_failure_rate_and_seeding_match_settings():
    def failures(seed_request: str) -> list[bool]:
        roles = TeacherRoles.single(ScriptedTeacher())
        settings = TeacherSettings(failure=FailureInjection(rate=0.3, partial_share=0.0))
        tool = next(t for t in teacher_tools(roles, settings, seed_request)
                    if t.name == "search_wikipedia")
        return [tool("r", "Find it.", []).text.startswith("Wikipedia has no article")
                for _ in range(400)]

    a = failures("t-1")
    assert a == failures("t-1") and a != failures("t-2")
    assert 0.22 < sum(a) / len(a) < 0.38


def test_simulated_and_scripted_user():
    fake = FakeClient([{"answer": "I was born in 1990."}])
    user = SimulatedUser(fake)
    assert user.name == "ask_user"
    assert user("How old am I in 2030?", "In which year were you born?", []).text == \
        "I was born in 1990."
    assert "How old am I in 2030?" in fake.calls[0].prompt[-1].content
    assert scripted_user({"born": "1985"})("r", "When were you born?", []).text == "1985"
    assert scripted_user()("r", "Favourite colour?", []).text.startswith("I'd rather not say")


def test_teacher_planner_prompt_and_zero_shot_choice():
    roles = TeacherRoles.single(ScriptedTeacher())
    agent = teacher_agent(roles, TeacherSettings(), "t-1")
    assert isinstance(agent.planner, TeacherPlanner)
    system = agent.planner.build_prompt("r", [])[0].content
    assert "Never do arithmetic in your head" in system and "- search_internet:" in system
    zero = teacher_agent(roles, TeacherSettings(planner="zero-shot", tools=[
        "calculate_number", "final_answer"], user="scripted"), "t-1")
    assert zero.planner.name == "zero-shot" and set(zero.tools) == {"calculate_number",
                                                                    "final_answer"}
    real = teacher_tools(roles, TeacherSettings(real_calculator=True), "t-1")
    calc = next(t for t in real if t.name == "calculate_number")
    assert calc("Double 2800000.", "Multiply 2800000 by 2.", []).text.startswith(
        "result = 5600000")


# --- whole runs ---------------------------------------------------------------------------


def test_simulate_teacher_end_to_end_with_workers_judge_and_filter(tmp_path):
    teacher = ScriptedTeacher()
    report = simulate_teacher(tmp_path, TeacherRoles.single(teacher), n_requests=12,
                              test_fraction=0.25, workers=3, judge=True, threshold=4,
                              per_call=4, splits=("train", "test"), progress=False,
                              price_per_1k_tokens=0.5)
    reqs = load_requests(tmp_path / "requests.jsonl")
    assert len(reqs) == 12 and len({r.id for r in reqs}) == 12
    for split in ("train", "test"):
        trajs = read_jsonl(tmp_path / "trajectories" / f"{split}.jsonl")
        assert len(trajs) == report.requests[split] == sum(r.split == split for r in reqs)
        assert all(t.status == "completed" and [s.tool for s in t.steps] == [
            "search_wikipedia", "calculate_number", "final_answer"] for t in trajs)
        assert all(t.request.source.startswith("teacher/") for t in trajs)
        assert report.judged[split]["kept"] == len(trajs)
        kept = read_jsonl(tmp_path / "kept" / f"{split}.jsonl")
        assert all(t.metadata["judge"]["answer"]["score"] == 5 for t in kept)
    assert report.usage.prompt_tokens > 0 and report.cost > 0
    saved = json.loads((tmp_path / "report.json").read_text())
    assert saved["runs"]["train"]["completed"] == report.runs["train"].completed
    assert json.loads((tmp_path / "overlap.json").read_text())["threshold"] == 0.7
    # a rerun does nothing new
    again = simulate_teacher(tmp_path, TeacherRoles.single(teacher), n_requests=12,
                             test_fraction=0.25, judge=True, per_call=4, progress=False)
    assert again.runs["train"].skipped == report.requests["train"]
    assert again.judged["train"]["skipped"] == report.requests["train"]


def test_low_verdicts_are_filtered_out(tmp_path):
    report = simulate_teacher(tmp_path, TeacherRoles.single(ScriptedTeacher(verdict_score=3)),
                              n_requests=4, test_fraction=0.0, judge=True, threshold=4,
                              progress=False)
    assert report.judged["train"]["judged"] == 4 and report.judged["train"]["kept"] == 0
    low = simulate_teacher(tmp_path, TeacherRoles.single(ScriptedTeacher()), n_requests=4,
                           test_fraction=0.0, judge=True, threshold=3, progress=False)
    assert low.judged["train"]["kept"] == 4  # the stored 3s pass a threshold of 3


def test_failed_requests_are_recorded_not_dropped(tmp_path):
    class Unreachable(ScriptedTeacher):
        def _generate(self, prompt, schema, **kw):
            from gba.errors import ServerUnreachableError

            if schema is not None and schema.__name__ == "Plan" and "Oslo" in \
                    prompt[-1].content:
                raise ServerUnreachableError("cannot reach http://127.0.0.1:9")
            return super()._generate(prompt, schema, **kw)

    report = simulate_teacher(tmp_path, TeacherRoles.single(Unreachable()), n_requests=4,
                              test_fraction=0.0, judge=True, progress=False)
    trajs = read_jsonl(tmp_path / "trajectories" / "train.jsonl")
    failed = [t for t in trajs if t.status == "error"]
    assert len(trajs) == 4 and len(failed) == 1 and report.runs["train"].errors == 1
    assert "cannot reach http://127.0.0.1:9" in failed[0].error
    assert report.judged["train"]["not_judged_errors"] == 1


KILLED_RUN = """
import sys
sys.path.insert(0, {tests!r})
from test_teacher import ScriptedTeacher
from gba.simulation.teacher import TeacherRoles, simulate_teacher
simulate_teacher(sys.argv[1], TeacherRoles.single(ScriptedTeacher(delay=0.05)), n_requests=40,
                 test_fraction=0.0, workers=2, progress=False)
"""


def test_resume_after_kill_loses_and_repeats_nothing(tmp_path):
    script = tmp_path / "run.py"
    script.write_text(KILLED_RUN.format(tests=str(TESTS)))
    out = tmp_path / "run"
    trajectories = out / "trajectories" / "train.jsonl"
    env = {**os.environ, "PYTHONPATH": str(TESTS.parent)}
    proc = subprocess.Popen([sys.executable, str(script), str(out)], env=env)
    deadline = time.time() + 90
    while time.time() < deadline and (not trajectories.exists()
                                      or len(read_jsonl(trajectories)) < 4):
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = len(read_jsonl(trajectories))
    assert 4 <= partial < 40
    report = simulate_teacher(out, TeacherRoles.single(ScriptedTeacher()), n_requests=40,
                              test_fraction=0.0, workers=2, progress=False)
    assert report.runs["train"].skipped == partial
    assert report.runs["train"].completed == 40 - partial
    ids = Counter(t.request.id for t in read_jsonl(trajectories))
    assert len(ids) == 40 and set(ids.values()) == {1}
    assert len(load_requests(out / "requests.jsonl")) == 40


def test_cli_teacher_against_unreachable_server_fails_clearly(tmp_path):
    from click.testing import CliRunner

    from gba.cli import main

    result = CliRunner().invoke(main, [
        "simulate", "teacher", "--out", str(tmp_path), "--requests", "2", "--quiet",
        "--backend", "llama-server", "--base-url", "http://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "http://127.0.0.1:9" in result.output


# --- one real run -------------------------------------------------------------------------


@pytest.mark.integration
def test_real_teacher_run_on_llama_server(tmp_path, model_path):
    from gba.client.llama_server import LlamaServerClient
    from gba.client.server_process import find_llama_server, start_llama_server
    from gba.simulation.judge import Judgment

    if find_llama_server() is None:
        pytest.skip("llama-server is not built; run scripts/build_llama_server.sh")
    settings = TeacherSettings(tools=["ask_user", "calculate_number", "search_wikipedia",
                                      "final_answer"], max_steps=2, planner_max_tokens=150,
                               tool_max_tokens=80, answer_max_tokens=80,
                               failure=FailureInjection(rate=0.3))
    with start_llama_server(model_path, n_ctx=8192, threads=1,  # robust on shared cores
                            extra_args=["-np", "2"]) as url:
        client = LlamaServerClient(url, timeout_s=120)
        report = simulate_teacher(tmp_path, TeacherRoles.single(client), n_requests=2,
                                  settings=settings, test_fraction=0.0, workers=2,
                                  judge=True, per_call=2, progress=False)
    reqs = load_requests(tmp_path / "requests.jsonl")
    assert len(reqs) == 2 and all(1 <= r.steps <= 6 for r in reqs)
    trajs = read_jsonl(tmp_path / "trajectories" / "train.jsonl")
    assert sorted(t.request.id for t in trajs) == sorted(r.id for r in reqs)
    assert all(isinstance(t, Trajectory) and t.status != "running" for t in trajs)
    assert sum(len(t.steps) for t in trajs) > 0, [(t.status, t.error) for t in trajs]
    judged = read_jsonl(tmp_path / "judgments" / "train.jsonl", Judgment)
    assert len(judged) == sum(t.status != "error" for t in trajs)
    assert report.usage.completion_tokens > 0
    first = (tmp_path / "requests.jsonl").read_text().splitlines()[0]
    assert Request.model_validate_json(first).text == reqs[0].text  # usable as an eval set
    assert (tmp_path / "kept" / "train.jsonl").exists() and (tmp_path / "report.json").exists()
