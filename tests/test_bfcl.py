"""The BFCL loader, checker and resumable runner, on a small wheel made here (no download)."""

import json
import zipfile

import pytest

from gba.errors import GBAError
from gba.evaluation import bfcl

FN = {"name": "calc.area", "description": "Area.", "parameters": {
    "type": "dict", "required": ["base", "height"], "properties": {
        "base": {"type": "integer"}, "height": {"type": "float"},
        "unit": {"type": "string", "default": "units"},
        "sides": {"type": "array", "items": {"type": "float"}},
        "where": {"type": "dict", "properties": {"city": {"type": "string"},
                                                 "zip": {"type": "string"}}},
        "exact": {"type": "boolean"}}}}
ANSWER = {"base": [10], "height": [5.0, 5.5], "unit": ["units", "cm", ""], "sides": [[1.0, 2.0], ""],
          "where": [{"city": ["New York", "NYC"], "zip": ["", "10001"]}, ""], "exact": [True, ""]}


@pytest.mark.parametrize("got, verdict", [
    ({"base": 10, "height": 5}, (True, "")),  # an int is a fine float; optional ones left out
    ({"base": 10, "height": 5.5, "unit": "CM"}, (True, "")),  # strings ignore case
    ({"base": 10, "height": 5.0, "where": {"city": "new-york"}}, (True, "")),
    ({"base": 10, "height": 5.0, "sides": [1, 2]}, (True, "")),
    ({"base": 10}, (False, "missing_required")),
    ({"base": 10, "height": 5.0, "colour": "red"}, (False, "unexpected_param")),
    ({"base": 10.0, "height": 5.0}, (False, "wrong_type")),  # a float is no integer
    ({"base": True, "height": 5.0}, (False, "wrong_type")),
    ({"base": 10, "height": 5.0, "exact": "yes"}, (False, "wrong_type")),
    ({"base": 10, "height": 6.0}, (False, "wrong_value")),
    ({"base": 10, "height": 5.0, "sides": [2.0, 1.0]}, (False, "wrong_value")),  # order counts
    ({"base": 10, "height": 5.0, "where": {"city": "Boston"}}, (False, "wrong_value")),
    ({"base": 10, "height": 5.0, "exact": False}, (False, "wrong_value")),
])
def test_checker_follows_the_possible_answer_format(got, verdict):
    assert bfcl.check_call(FN, ANSWER, got) == verdict


def test_an_answer_parameter_without_empty_option_must_be_given():
    fn = {"name": "f", "parameters": {"type": "dict", "required": [], "properties": {
        "x": {"type": "integer"}}}}
    assert bfcl.check_call(fn, {"x": [3]}, {}) == (False, "missing_param")
    assert bfcl.check_call(fn, {"x": [3, ""]}, {}) == (True, "")


def test_wilson_interval():
    low, high = bfcl.wilson_interval(46, 100)
    assert low < 0.46 < high and high - low == pytest.approx(0.19, abs=0.01)
    assert bfcl.wilson_interval(0, 10)[0] == 0.0
    assert bfcl.wilson_interval(10, 10)[1] == pytest.approx(1.0)


def _wheel(tmp_path, n=3):
    path = tmp_path / "bfcl_eval-0.0.1-py3-none-any.whl"
    qs, ans = [], []
    for i in range(n):
        qs.append({"id": f"simple_python_{i}", "question": [[{"role": "user", "content":
                   f"Area of a triangle, base 10, height {i}."}]], "function": [FN]})
        ans.append({"id": f"simple_python_{i}", "ground_truth": [{"calc.area": {
            **ANSWER, "height": [float(i)]}}]})
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("bfcl_eval/data/BFCL_v4_simple_python.json",
                    "\n".join(json.dumps(q) for q in qs))
        zf.writestr("bfcl_eval/data/possible_answer/BFCL_v4_simple_python.json",
                    "\n".join(json.dumps(a) for a in ans))
    return path


def test_find_wheel_and_load_cases(tmp_path, monkeypatch):
    path = _wheel(tmp_path)
    assert bfcl.find_wheel(tmp_path) == path == bfcl.find_wheel(path)
    monkeypatch.setenv(bfcl.WHEEL_ENV, str(tmp_path))
    assert bfcl.find_wheel() == path
    cases = bfcl.load_cases(path)
    assert [c.id for c in cases] == ["simple_python_0", "simple_python_1", "simple_python_2"]
    assert cases[2].question.endswith("height 2.") and cases[2].answer["height"] == [2.0]
    with pytest.raises(GBAError, match="pip download"):
        bfcl.find_wheel(tmp_path / "nowhere")
    monkeypatch.delenv(bfcl.WHEEL_ENV)
    monkeypatch.setenv("GBA_HOME", str(tmp_path / "home"))
    with pytest.raises(GBAError, match="could not be downloaded"):
        bfcl.find_wheel(download=False)


def test_run_resumes_and_summarizes(tmp_path):
    from gba.client.fake import FakeClient

    cases = bfcl.load_cases(_wheel(tmp_path))
    out = tmp_path / "runs" / "fake.jsonl"
    rows = bfcl.run(FakeClient([{"base": 10, "height": 0.0}]), cases[:1], out, progress=False)
    assert [r["correct"] for r in rows] == [True]
    # the first case is not asked again: the fake has answers for the other two only
    fake = FakeClient([{"base": 10, "height": 1.0, "unit": "inches"},
                       {"base": 10, "height": 7.0}])
    rows = bfcl.run(fake, cases, out, progress=False)
    assert len(fake.calls) == 2 and len(out.read_text().splitlines()) == 3
    assert [r["error"] for r in rows] == ["", "wrong_value", "wrong_value"]
    assert bfcl.failure(FN, cases[1].answer, rows[1]["got"]) == ("wrong_value", "unit")
    rechecked = bfcl.recheck(rows + [{**rows[0], "id": "other"}], cases)
    assert [r["param_type"] for r in rechecked] == ["", "string", "float"]
    summary = bfcl.summarize(rechecked)
    assert summary["by_type"] == {"wrong_value:float": 1, "wrong_value:string": 1}
    assert summary["n"] == 3 and summary["correct"] == 1 and summary["errors"]["wrong_value"] == 2
    assert summary["wilson95"][0] < 1 / 3 < summary["wilson95"][1]
