"""Evaluation metrics on hand-made trajectories, statistics against scipy, the report."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy.stats import binomtest

from gba.evaluation.metrics import answer_correct, score
from gba.evaluation.report import report
from gba.evaluation.stats import bootstrap_ci, holm, mcnemar_exact, standard_error, wilson_ci
from gba.simulation.records import GroundTruth
from gba.trajectory import PlanRecord, Request, Step, Trajectory, append_jsonl, request_set

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
    assert score(traj())["correct"] == 1
    empty = score(traj(answer=None, tools=()))
    assert empty["correct"] == 0 and empty["steps"] == 0 and empty["tools_as_oracle"] == 0
    crash = score(traj(status="error", answer=None))
    assert crash["error"] == 1 and crash["correct"] == 0 and crash["completed"] == 0
    limit = score(traj(status="step_limit", answer=None, tools=("calculate_number",) * 10))
    assert limit["completed"] == 0 and limit["steps"] == 10
    wrong = score(traj(tools=("search_wikipedia", "final_answer")))
    assert wrong["tools_as_oracle"] == 0 and wrong["min_steps"] == 2
    assert wrong["step_tool_agreement"] == 0.5 and limit["step_tool_agreement"] == 0.1
    assert score(traj())["step_tool_agreement"] == 1.0


def test_statistics_agree_with_scipy_and_numpy():
    a = [1, 1, 0, 1, 1, 0, 1, 1, 1, 0]
    b = [0, 1, 0, 0, 1, 0, 0, 1, 0, 1]
    t = mcnemar_exact(a, b)
    assert (t["a_only"], t["b_only"]) == (4, 1)
    assert t["p"] == pytest.approx(binomtest(4, 5, 0.5).pvalue)
    assert standard_error(a) == pytest.approx(np.std(a, ddof=1) / np.sqrt(len(a)))
    lo, hi = bootstrap_ci(a, seed=1)
    assert lo <= np.mean(a) <= hi and 0 <= lo < hi <= 1
    for k, n in ((0, 15), (7, 40), (40, 40), (1, 3)):  # Wilson, also at the bounds
        want = binomtest(k, n).proportion_ci(method="wilson")
        assert wilson_ci(k, n) == pytest.approx((want.low, want.high), abs=1e-9)
    assert wilson_ci(0, 15)[1] > 0.15 and wilson_ci(40, 40)[0] < 0.95
    p = [0.001, 0.04, 0.03, 0.2]  # Holm: sorted p times (m - rank), kept monotone
    assert holm(p) == pytest.approx([0.004, 0.09, 0.09, 0.2])


def test_report_tables_and_paired_test(tmp_path):
    for planner, answers in (("fine-tuned", ["395"] * 6), ("zero-shot", ["1"] * 5 + ["395"])):
        for i, answer in enumerate(answers):
            append_jsonl(tmp_path / f"real_{planner}.jsonl", traj(answer=answer, rid=f"r{i}"))
    text = report(tmp_path, tmp_path / "out")
    assert "| real | fine-tuned | 6 | 1 | 1.0 |" in text
    assert "| real | zero-shot | 6 | 1 | 0.167 |" in text
    assert (tmp_path / "out" / "paired_tests.csv").read_text().splitlines()[1] == (
        "real,fine-tuned,zero-shot,6,1.0,0.167,5,0,mcnemar_exact,0.062,False,0.062,False")
    assert (tmp_path / "out" / "correctness.png").stat().st_size > 1000


def test_repeats_give_se_over_repeats_and_a_wilcoxon_test(tmp_path):
    from scipy.stats import wilcoxon

    from gba.evaluation.report import load_scores, paired_tests, summary_row

    outcomes = {"fine-tuned": [[1, 1, 1, 0, 1, 1], [1, 0, 1, 1, 1, 1]],  # [repeat][request]
                "zero-shot": [[0, 1, 0, 0, 0, 1], [0, 0, 0, 1, 0, 0]]}
    for planner, repeats in outcomes.items():
        for k, row in enumerate(repeats):
            for i, ok in enumerate(row):
                t = traj(answer="395" if ok else "1", rid=f"r{i}")
                t.metadata["repeat"] = k
                append_jsonl(tmp_path / f"real_{planner}.jsonl", t)
    import pandas as pd

    df = pd.DataFrame(load_scores(tmp_path))
    row = summary_row(df[df.planner == "fine-tuned"].to_dict("records"))
    assert row["n"] == 6 and row["repeats"] == 2 and row["correct"] == pytest.approx(10 / 12, 1e-3)
    assert row["repeat_sd"] == 0.0 and row["repeats_agree"] == pytest.approx(4 / 6, abs=1e-3)
    (test,) = paired_tests("real", df)
    ft = [np.mean(v) for v in zip(*outcomes["fine-tuned"], strict=True)]
    zs = [np.mean(v) for v in zip(*outcomes["zero-shot"], strict=True)]
    assert test["test"] == "wilcoxon" and test["a_better"] == 4 and test["b_better"] == 0
    assert test["p"] == pytest.approx(float(f"{wilcoxon(ft, zs, zero_method='zsplit').pvalue:.2g}"))


def test_function_argument_accuracy_on_a_fake_model():
    import random

    from gba.client.fake import FakeClient
    from gba.evaluation.roles import argument_accuracy, call_correct
    from gba.simulation.function_specs import PARAMS, make_call

    rng = random.Random("gba-role-eval-0")  # the evaluation's own draws
    calls = [make_call(rng, True) for _ in range(4)]
    spec, _, want = calls[2]
    seed = 0
    while True:  # valid arguments of the right types, but other values
        wrong = {n: PARAMS[n][2](random.Random(seed)) for n in want}
        if not call_correct(spec, wrong, want, exact=True):
            break
        seed += 1
    canned = [calls[0][2], calls[1][2], wrong, calls[3][2]]
    result = argument_accuracy(FakeClient(canned), 4, progress=False)
    assert result["n"] == 4 and result["errors"] == 0 and result["exact"] == 0.75
    assert result["required_ok"] == 0.75 + 0.25 * call_correct(spec, wrong, want)
    spec = {"name": "f", "parameters": {"type": "object", "required": ["a"],
                                        "properties": {"a": {"type": "number"},
                                                       "b": {"type": "string"}}}}
    assert call_correct(spec, {"a": 2.0}, {"a": 2, "b": "x"})
    assert not call_correct(spec, {"a": 2.0}, {"a": 2, "b": "x"}, exact=True)
    assert not call_correct(spec, {"a": 3}, {"a": 2})


def test_calculation_accuracy_runs_the_code(tmp_path):
    from gba.client.fake import FakeClient
    from gba.evaluation.roles import calculation_accuracy
    from gba.simulation.records import Example

    path = tmp_path / "test.jsonl"
    with open(path, "w") as f:
        for i, code in enumerate(["result = 17 * 23 + 4", "result = 2 ** 10"]):
            f.write(Example(id=f"e{i}", request_id=f"r{i}", split="test_entities",
                            role="calculate_number", prompt="p",
                            completion=f'{{"code": "{code}"}}').model_dump_json() + "\n")
    fake = FakeClient([{"code": "result = 395"}, {"code": "result = 2 * 10"}])
    result = calculation_accuracy(fake, path, progress=False)
    assert result["correct"] == 0.5 and [r["correct"] for r in result["rows"]] == [True, False]


def test_routing_accuracy_scores_the_first_step_per_tool(tmp_path):
    import json

    from gba.client.fake import FakeClient
    from gba.evaluation.roles import routing_accuracy
    from gba.simulation.records import Example

    def plan(tool: str) -> dict:
        return {"context_information_summary": "Nothing yet.", "thoughts": "t", "task": "x",
                "selected_tool": tool}

    path = tmp_path / "validation.jsonl"
    rows = [("search_wikipedia", 0)] * 3 + [("calculate_number", 0), ("ask_user", 0),
                                            ("calculate_number", 1), ("create_event", 0)]
    with open(path, "w") as f:
        for i, (tool, step) in enumerate(rows):
            f.write(Example(id=f"e{i}", request_id=f"r{i}", split="validation", role="planner",
                            prompt="p", completion=json.dumps(plan(tool)), step=step
                            ).model_dump_json() + "\n")
    # two search first steps (per_tool=2), one calculation, one ask; later steps and tools
    # the default agent lacks are left out
    fake = FakeClient([plan("search_wikipedia"), plan("calculate_number"),
                       plan("calculate_number"), plan("search_wikipedia")])
    result = routing_accuracy(fake, path, per_tool=2, progress=False)
    assert result["n"] == 4 and result["correct"] == 0.5
    assert result["by_tool"] == {"ask_user": 0.0, "calculate_number": 1.0,
                                 "search_wikipedia": 0.5}


@pytest.mark.parametrize("name,size", [("real", 60), ("real-test", 40)])
def test_real_request_sets_have_verifiable_answers(name, size):
    requests = request_set(name)
    kinds = {}
    for r in requests:
        truth = GroundTruth(**r.ground_truth)
        assert truth.value is not None or truth.must_mention
        kinds[truth.kind] = kinds.get(truth.kind, 0) + 1
    assert len(requests) == size and set(kinds) == {"arithmetic", "lookup", "lookup_calc",
                                                    "compare"}
    assert len({r.id for r in requests}) == size


def test_the_test_set_shares_no_request_or_person_with_the_development_set():
    dev, test = request_set("real"), request_set("real-test")
    assert not {r.text for r in dev} & {r.text for r in test}
    people = lambda rs: {e for r in rs for e in r.ground_truth["entities"]}  # noqa: E731
    assert people(dev) and people(test) and not people(dev) & people(test)


@pytest.mark.parametrize("name", ["real", "real-test"])
def test_real_lookups_are_answerable_from_the_offline_corpus(name):
    from gba.retrieval.corpus import offline_descriptions

    descriptions = offline_descriptions()
    if not descriptions:
        pytest.skip("the offline Wikipedia summaries are not installed")
    for r in request_set(name):
        truth = GroundTruth(**r.ground_truth)
        for title in truth.entities:
            assert title in descriptions, title
        if truth.kind == "lookup":
            assert str(int(truth.value)) in descriptions[truth.entities[0]]


def test_report_adds_the_judge_metrics_when_judgments_exist(tmp_path):
    from gba.evaluation.report import judged_table
    from gba.simulation.judge import Judgment, Rating

    runs = [traj(answer="It is 395.", rid="r0"), traj(answer="It is 1.", rid="r1")]
    (tmp_path / "judgments").mkdir()
    for t, score_ in zip(runs, (5, 4), strict=True):  # the judge passes both; truth: one wrong
        append_jsonl(tmp_path / "real_fine-tuned.jsonl", t)
        append_jsonl(tmp_path / "judgments" / "real_fine-tuned.jsonl", Judgment(
            trajectory_id=t.id, request_id=t.request.id,
            steps=[Rating(reason="ok", score=2), Rating(reason="ok", score=5)],
            answer=Rating(reason="fine", score=score_)))
    (row,) = judged_table(tmp_path)
    assert row["pass_rate"] == 1.0 and row["completion_rate"] == 1.0
    assert row["bad_task_rate"] == 1.0  # the one non-final step of each run is judged 2
    assert row["judge_truth_agreement"] == 0.5 and row["crashes"] == 0
    assert row["judge_pass_truth_correct"] == 1 and row["judge_pass_truth_wrong"] == 1
    assert row["judge_fail_truth_correct"] == row["judge_fail_truth_wrong"] == 0
    from gba.evaluation.plots import judge_confusion

    fig = judge_confusion(row, "fine-tuned")
    assert [t.get_text() for t in fig.axes[0].texts] == ["1", "1", "0", "0"]
    text = report(tmp_path)
    assert "| real | fine-tuned | 2 | 1.0 | 1.0 | 1.0 |" in text


def test_correctness_bars_draw_one_panel_per_set_and_one_bar_per_planner_that_ran():
    import pandas as pd

    from gba.evaluation.plots import correctness_bars

    df = pd.DataFrame({"set": ["real"] * 4 + ["test"] * 2,
                       "planner": ["a", "a", "b", "b", "a", "a"],
                       "request": ["r1", "r2", "r1", "r2", "t1", "t2"],
                       "correct": [1, 0, 0, 0, 1, 1]})
    fig = correctness_bars(df)
    panels = [ax for ax in fig.axes if ax.get_title(loc="left")]
    assert [ax.get_title(loc="left") for ax in panels] == ["real", "test"]
    assert [len(ax.patches) for ax in panels] == [2, 1]
    assert [t.get_text() for t in panels[1].texts] == ["1.00 (n=2)"]


def test_committed_trajectories_carry_the_request_files_ground_truth():
    from pathlib import Path

    from gba.trajectory import iter_jsonl

    truths = {r.id: (r.text, r.ground_truth) for name in ("real", "real-test")
              for r in request_set(name)}
    folder = Path(__file__).resolve().parents[1] / "data" / "results" / "trajectories"
    files = sorted(folder.glob("real*.jsonl"))
    assert files
    for path in files:
        for t in iter_jsonl(path):
            assert (t.request.text, t.request.ground_truth) == truths[t.request.id], path.name


RESULTS = Path(__file__).resolve().parents[1] / "data" / "results"


@pytest.mark.parametrize("folder", [""] + sorted(p.name for p in RESULTS.iterdir()
                                                 if (p / "tables.md").is_file()))
def test_the_committed_tables_are_what_the_report_makes_of_the_committed_runs(folder):
    results = RESULTS / folder
    assert report(results / "trajectories") + "\n" == (results / "tables.md").read_text()
