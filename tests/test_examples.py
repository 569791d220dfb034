"""Solved calculations shown to the calculation role (gba.tools.examples) and their bank
(gba.simulation.examples, data/examples/calculations.jsonl)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from gba.client.fake import FakeClient
from gba.errors import GBAError
from gba.numbers import numbers_in
from gba.simulation.examples import solved_calculations
from gba.tools.calculate import EXAMPLES, CalculateNumber, ungrounded
from gba.tools.examples import BANK_PATH, ExampleBank, bag_of_words, load_bank, read_pairs
from gba.trajectory import PlanRecord, Request, Step, Trajectory, request_set

PAIRS = [("A car drives 60 km in 45 minutes. What is its speed in km/h?",
          "result = 60 / (45 / 60)"),
         ("Split a bill of 90 euros between 3 friends.", "result = 90 / 3"),
         ("How many minutes are in 4 hours?", 'result = convert(4, "h", "min")'),
         ("A train covers 200 km in 2 hours and 30 minutes. Its average speed?",
          "result = 200 / (2 + 30 / 60)")]


class CountingEmbedder:
    name = "words"

    def __init__(self):
        self.texts = 0

    def encode(self, texts):
        self.texts += len(texts)
        return bag_of_words(texts)


def test_nearest_tasks_come_last_and_never_the_task_itself():
    bank = ExampleBank(PAIRS, embed=bag_of_words)
    shown = bank.nearest("A cyclist rides 18 km in 45 minutes. What is her speed in km/h?", 2)
    assert shown[-1] == PAIRS[0]  # the nearest, right before the task
    assert PAIRS[1] not in shown
    assert PAIRS[0] not in bank.nearest(PAIRS[0][0], 3)


def test_calculation_prompt_shows_the_nearest_solved_tasks():
    fake = FakeClient([{"code": "result = 18 / (45 / 60)"}])
    tool = CalculateNumber(fake, examples=ExampleBank(PAIRS, embed=bag_of_words))
    request = "A cyclist rides 18 km in 45 minutes. What is her speed in km/h?"
    result = tool(request, f"Calculate: {request}", [])
    assert result.text.startswith("result = 24")
    turns = [m.content for m in fake.calls[0].prompt if m.role == "user"]
    assert turns[-2] == f"Task: {PAIRS[0][0]}"  # the nearest solved task, then the task
    assert not any(example in t for example, _ in EXAMPLES for t in turns)
    plain = FakeClient([{"code": "result = 2 + 3"}])
    CalculateNumber(plain)("2 plus 3?", "Add 2 and 3.", [])
    assert [m.content for m in plain.calls[0].prompt if m.role == "user"][0] == \
        f"Task: {EXAMPLES[0][0]}"


def test_vectors_are_embedded_once_and_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("GBA_HOME", str(tmp_path / "home"))
    path = tmp_path / "bank.jsonl"
    path.write_text("".join(json.dumps({"task": t, "code": c}) + "\n" for t, c in PAIRS))
    embedder = CountingEmbedder()
    first = load_bank(path, embedder)
    assert embedder.texts == len(PAIRS)
    second = load_bank(path, embedder)
    assert embedder.texts == len(PAIRS)  # read from the cache
    assert np.allclose(first.vectors, second.vectors)
    path.write_text(path.read_text() + json.dumps({"task": "Halve 8.", "code": "result = 8 / 2"})
                    + "\n")
    assert len(load_bank(path, embedder).pairs) == len(PAIRS) + 1  # a changed file: again
    assert embedder.texts == 2 * len(PAIRS) + 1


def test_a_missing_or_damaged_bank_is_a_clear_error(tmp_path):
    with pytest.raises(GBAError, match="gba simulate examples"):
        read_pairs(tmp_path / "absent.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"task": "x", "code": "result = 1"}) + "\n{not json\n")
    with pytest.raises(GBAError, match="line 2"):
        read_pairs(bad)


def _traj(template: str, *steps: tuple[str, str, str | None]) -> Trajectory:
    return Trajectory(request=Request(text="r", ground_truth={"template": template}), steps=[
        Step(index=i, plan=PlanRecord(task=task, selected_tool=tool), tool=tool,
             result={"code": code} if code else {}, error=None if code else "failed")
        for i, (task, tool, code) in enumerate(steps)])


def test_bank_rows_are_capped_per_template_and_unique():
    trajs = [_traj("mul", (f"Multiply {i} by 2.", "calculate_number", f"result = {i} * 2"))
             for i in range(5)]
    trajs.append(_traj("mul", ("Multiply 0 by 2.", "calculate_number", "result = 0 * 2")))
    trajs.append(_traj("span", ("Look up X.", "search_wikipedia", None),
                       ("Subtract 1 from 3.", "calculate_number", None),
                       ("Subtract 3 from 7.", "calculate_number", "result = 7 - 3")))
    rows = solved_calculations(trajs, per_template=3)
    assert [r["task"] for r in rows] == ["Multiply 0 by 2.", "Multiply 1 by 2.",
                                        "Multiply 2 by 2.", "Subtract 3 from 7."]
    kept = solved_calculations(trajs, per_template=3, exclude=["multiply 1 BY 2"])
    assert "Multiply 1 by 2." not in [r["task"] for r in kept]


def test_committed_bank_is_grounded_and_holds_no_evaluation_request():
    pairs = read_pairs(BANK_PATH)
    assert len(pairs) > 1000
    for task, code in pairs:  # every example writes only numbers its own task gives
        assert code.startswith("result = ")
        assert ungrounded(code, numbers_in(task)) == [], (task, code)
    tasks = " ".join(task for task, _ in pairs)
    for name in ("real", "real-test", "real-broad-test", "real-dev-words", "real-dev-lookups"):
        for request in request_set(name):
            assert request.text not in tasks, (name, request.text)


@pytest.mark.integration
def test_agent_with_solved_examples_finds_them_with_the_real_embedder(embedder, tmp_path,
                                                                      monkeypatch):
    import gba.tools.examples as examples
    from gba.config import AgentConfig
    from gba.defaults import build_agent

    monkeypatch.setenv("GBA_HOME", str(tmp_path / "home"))
    bank = tmp_path / "bank.jsonl"
    bank.write_text("".join(json.dumps({"task": t, "code": c}) + "\n" for t, c in PAIRS))
    monkeypatch.setattr(examples, "BANK_PATH", bank)
    agent, notes = build_agent(AgentConfig(wikipedia=False), client=FakeClient())
    assert agent.tools["calculate_number"].examples is None  # not embedded yet: fixed ones
    assert any("gba index examples" in note for note in notes), notes
    agent, _ = build_agent(AgentConfig(wikipedia=False, solved_examples=False),
                           client=FakeClient())
    assert agent.tools["calculate_number"].examples is None
    examples.load_bank(bank, embedder)  # what `gba index examples` does at set-up
    agent, notes = build_agent(AgentConfig(wikipedia=False), client=FakeClient())
    loaded = agent.tools["calculate_number"].examples
    assert loaded is not None, notes
    shown = loaded.nearest("Calculate: A cyclist rides 18 km in 45 minutes. What is her speed "
                           "in km per hour?", 2)
    assert shown[-1] in (PAIRS[0], PAIRS[3]) and PAIRS[1] not in shown
