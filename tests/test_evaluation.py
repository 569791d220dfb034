"""Evaluation metrics on hand-made trajectories, statistics against scipy, the report."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import binomtest

from gba.evaluation.metrics import answer_correct, score
from gba.evaluation.report import report
from gba.evaluation.runner import request_set
from gba.evaluation.stats import bootstrap_ci, mcnemar_exact, standard_error
from gba.simulation.records import GroundTruth
from gba.trajectory import PlanRecord, Request, Step, Trajectory, append_jsonl

TRUTH = GroundTruth(answer="395", value=395.0, kind="arithmetic",
                    tools=["calculate_number", "final_answer"])


def traj(status="completed", answer="It is 395.", tools=("calculate_number", "final_answer"),
         rid="r1"):
    steps = [Step(index=i, plan=PlanRecord(task="t", selected_tool=t), tool=t)
             for i, t in enumerate(tools)]
    return Trajectory(request=Request(id=rid, text="17*23+4?", ground_truth=TRUTH.model_dump()),
                      steps=steps, final_answer=answer, status=status)


@pytest.mark.parametrize("answer,ok", [("17 times 23, plus 4, is 395.", True),
                                       ("395.0", True), ("It is 3,950.", False),
                                       ("about 391", False), ("", False), (None, False)])
def test_numeric_answers(answer, ok):
    assert answer_correct(answer, TRUTH) is ok


def test_text_answers_need_the_name():
    truth = GroundTruth(answer="Ada Lovelace", must_mention=["Ada Lovelace"])
    assert answer_correct("ada lovelace was born first", truth)
    assert not answer_correct("Charles Babbage", truth)


def test_scores_of_empty_crashed_step_limit_and_wrong_tool_runs():
    assert score(traj(), "real")["correct"] == 1
    empty = score(traj(answer=None, tools=()), "real")
    assert empty["correct"] == 0 and empty["steps"] == 0 and empty["tools_as_oracle"] == 0
    crash = score(traj(status="error", answer=None), "real")
    assert crash["error"] == 1 and crash["correct"] == 0 and crash["completed"] == 0
    limit = score(traj(status="step_limit", answer=None, tools=("calculate_number",) * 10), "real")
    assert limit["completed"] == 0 and limit["steps"] == 10
    wrong = score(traj(tools=("search_wikipedia", "final_answer")), "real")
    assert wrong["tools_as_oracle"] == 0 and wrong["min_steps"] == 2


def test_statistics_agree_with_scipy_and_numpy():
    a = [1, 1, 0, 1, 1, 0, 1, 1, 1, 0]
    b = [0, 1, 0, 0, 1, 0, 0, 1, 0, 1]
    t = mcnemar_exact(a, b)
    assert (t["a_only"], t["b_only"]) == (4, 1)
    assert t["p"] == pytest.approx(binomtest(4, 5, 0.5).pvalue)
    assert standard_error(a) == pytest.approx(np.std(a, ddof=1) / np.sqrt(len(a)))
    lo, hi = bootstrap_ci(a, seed=1)
    assert lo <= np.mean(a) <= hi and 0 <= lo < hi <= 1


def test_report_tables_and_paired_test(tmp_path):
    for planner, answers in (("fine-tuned", ["395"] * 6), ("zero-shot", ["1"] * 5 + ["395"])):
        for i, answer in enumerate(answers):
            append_jsonl(tmp_path / f"real_{planner}.jsonl", traj(answer=answer, rid=f"r{i}"))
    text = report(tmp_path, tmp_path / "out")
    assert "| real | fine-tuned | 6 | 1.0 |" in text and "| real | zero-shot | 6 | 0.167 |" in text
    assert (tmp_path / "out" / "paired_tests.csv").read_text().splitlines()[1].startswith(
        "real,6,5,0,0.062")


def test_real_request_set_has_verifiable_answers():
    requests = request_set("real")
    kinds = {}
    for r in requests:
        truth = GroundTruth(**r.ground_truth)
        assert truth.value is not None or truth.must_mention
        kinds[truth.kind] = kinds.get(truth.kind, 0) + 1
    assert len(requests) >= 60 and set(kinds) == {"arithmetic", "lookup", "lookup_calc",
                                                  "compare"}


def test_real_lookups_are_answerable_from_the_offline_corpus():
    from gba.retrieval.corpus import offline_descriptions

    descriptions = offline_descriptions()
    if not descriptions:
        pytest.skip("the offline Wikipedia summaries are not installed")
    for r in request_set("real"):
        truth = GroundTruth(**r.ground_truth)
        for title in truth.entities:
            assert title in descriptions, title
        if truth.kind == "lookup":
            assert str(int(truth.value)) in descriptions[truth.entities[0]]
