"""Comparisons picked the wrong way (gba.tools.extremes) and what the calculation role does
with them."""

from __future__ import annotations

import pytest

from gba.client.fake import FakeClient
from gba.tools.calculate import LIVES, CalculateNumber
from gba.tools.extremes import opposite, picked_right, wrong_extreme, years_for_lives
from gba.trajectory import PlanRecord, Step


@pytest.mark.parametrize("code, request_text, expected", [
    ("result = min(1883, 1886)", "Of Marx and Liszt, who was the last to die?", ("max", "last")),
    ("result = min(1047, 2256.25)", "Pick the longer river: Vistula or Syr Darya.",
     ("max", "longer")),
    ("result = max(619405, 816614)", "Which city has fewer people, Vilnius or Krakow?",
     ("min", "fewer")),
    ("result = max(1883, 1886)", "Of Marx and Liszt, who was the last to die?", None),
    ("result = min(1678, 1688)", "Vivaldi or Pope: which was born first?", None),
    # words of both kinds, none, or no single min/max call: left alone
    ("result = min(1, 2)", "Who was born first and who lived longer?", None),
    ("result = min(1, 2)", "Vivaldi or Pope: who was older?", None),
    ("result = min(1, 2) + max(3, 4)", "Which is the larger?", None),
    ("result = 1886 - 1883", "How much later did Liszt die?", None),
])
def test_wrong_extreme(code, request_text, expected):
    assert wrong_extreme(code, request_text) == expected


def test_picked_right_changes_the_function_only():
    assert picked_right("result = min(a, b)\nx = 2", "Which is higher?") == "result = max(a, b)\nx = 2"
    assert picked_right("result = min(a, b)", "Which is lower?") == "result = min(a, b)"


@pytest.mark.parametrize("code, request_text, expected", [
    ("result = max(1891, 1907)", "Whose life was longer, Bernays or Niemeyer?", True),
    ("result = min(1936, 1892)", "Holly or Akutagawa: which one had the shorter life?", True),
    ("result = max(1995 - 1891, 2012 - 1907)", "Whose life was longer?", False),
    ("result = max(1891, 1907)", "Who was born later?", False),  # not about lives
])
def test_years_for_lives(code, request_text, expected):
    assert years_for_lives(code, request_text) is expected


def _found(observation: str) -> Step:
    return Step(index=0, plan=PlanRecord(task="t", selected_tool="search_wikipedia"),
                tool="search_wikipedia", sources=["x"], observation=observation)


def test_the_calculation_role_runs_the_extreme_the_request_asks_for():
    found = _found("Karl Marx died in 1883. Franz Liszt died in 1886.")
    out = CalculateNumber(FakeClient([{"code": "result = min(1883, 1886)"}]))(
        "Of Karl Marx and Franz Liszt, who was the last to die?", "Compare.", [found])
    assert out.data["value"] == "1886" and out.data["code"] == "result = max(1883, 1886)"
    assert out.data["written"] == "result = min(1883, 1886)"
    assert out.text.startswith("result = 1886 (code: result = max(1883, 1886))")


def test_years_compared_for_lives_are_refused_with_the_fix():
    found = _found("Bernays (1891-1995). Niemeyer (1907-2012).")
    client = FakeClient([{"code": "result = max(1891, 1907)"},
                         {"code": "result = max(1995 - 1891, 2012 - 1907)"}])
    out = CalculateNumber(client, cover=False)("Whose life was longer, Bernays or Niemeyer?",
                                               "Compare.", [found])
    assert out.data["value"] == "105" and out.data["attempts"] == 2
    assert LIVES in client.calls[1].prompt[-1].content


@pytest.mark.parametrize("request_text, answer, expected", [
    ("Of Marx and Liszt, who was the last to die?", "Franz Liszt died first, in 1886.", "first"),
    ("I need to know whether Warhol or Dijkstra was born later.", "Dijkstra was born first.",
     "first"),
    ("Of Marx and Liszt, who was the last to die?", "Franz Liszt died last, in 1886.", None),
    ("Who lived longer, A or B?", "B lived longer; A's life was shorter.", None),  # both
    ("How many more people live in Munich than in Stuttgart?",  # an amount: either way
     "Stuttgart has 991,273 fewer people.", None),
])
def test_opposite(request_text, answer, expected):
    assert opposite(request_text, answer) == expected


def test_a_reply_with_the_other_extreme_is_sampled_again():
    from gba.tools.final_answer import FinalAnswer

    steps = [_found("Karl Marx died in 1883. Franz Liszt died in 1886.")]
    fake = FakeClient([{"answer": "Franz Liszt died first, in 1886."},
                       {"answer": "Franz Liszt died last, in 1886."}])
    out = FinalAnswer(fake)("Of Karl Marx and Franz Liszt, who was the last to die?", "Answer.",
                            steps)
    assert out.text == "Franz Liszt died last, in 1886."
    assert out.data["refused"] == {"answer": "Franz Liszt died first, in 1886.",
                                   "opposite": ["first"]}


def test_a_comparison_concluded_from_one_value_is_not_given():
    from gba.tools.final_answer import UNSUPPORTED, FinalAnswer

    steps = [Step(index=0, plan=PlanRecord(task="t", selected_tool="search_wikipedia"),
                  tool="search_wikipedia", sources=["Amazon River"],
                  observation="The sources do not say."),
             Step(index=1, plan=PlanRecord(task="t", selected_tool="search_wikipedia"),
                  tool="search_wikipedia", sources=["Yangtze"],
                  observation="The Yangtze is 6,236 km long.")]
    request = "Which is longer, the Amazon or the Yangtze?"
    fake = FakeClient([{"answer": "The Yangtze is longer, at 6,236 km."}] * 3)
    out = FinalAnswer(fake)(request, "Answer.", steps)
    assert out.text == UNSUPPORTED and out.data["one_sided"] == ["Amazon River"]
    honest = FakeClient([{"answer": "I found the Yangtze's length, 6,236 km, but not the Amazon's."}])
    assert FinalAnswer(honest)(request, "Answer.", steps).text.startswith("I found")


def test_a_reply_with_the_other_extreme_for_the_picked_value_gets_the_requests_word():
    from gba.tools.final_answer import FinalAnswer

    request = "Of Karl Marx and Franz Liszt, who was the last to die?"
    found = _found("Karl Marx died in 1883. Franz Liszt died in 1886.")

    def calc(code, value):
        return Step(index=1, plan=PlanRecord(task="t", selected_tool="calculate_number"),
                    tool="calculate_number", observation=f"result = {value} (code: {code})",
                    result={"code": code, "value": value})
    fake = FakeClient([{"answer": "Franz Liszt died first, in 1886."}])
    out = FinalAnswer(fake)(request, "Answer.", [found, calc("result = max(1883, 1886)", 1886)])
    assert out.text == "Franz Liszt died last, in 1886." and len(fake.calls) == 1
    assert out.data == {"answer": out.text, "reworded": "Franz Liszt died first, in 1886."}
    # code that picked the other way, or a reply without the picked value: sampled again
    for steps, reply in [([found, calc("result = min(1883, 1886)", 1883)],
                          "Karl Marx died first, in 1883."),
                         ([found, calc("result = max(1883, 1886)", 1886)],
                          "Franz Liszt died first.")]:
        fake = FakeClient([{"answer": reply}] * 3)
        out = FinalAnswer(fake)(request, "Answer.", steps)
        assert "reworded" not in out.data and len(fake.calls) == 3


def test_a_reply_with_a_name_no_step_wrote_is_sampled_again():
    from gba.tools.final_answer import UNSUPPORTED, FinalAnswer

    steps = [_found("Yaoundé has an elevation of 750 m. Hyderabad has an elevation of 536 m.")]
    request = "Which city sits at a greater altitude, Yaoundé or Hyderabad?"
    fake = FakeClient([{"answer": "Yayaoundé is higher, at 750 m."},
                       {"answer": "Yaoundé is higher, at 750 m."}])
    out = FinalAnswer(fake)(request, "Answer.", steps)
    assert out.text == "Yaoundé is higher, at 750 m."
    assert out.data["refused"] == {"answer": "Yayaoundé is higher, at 750 m.",
                                   "invented": ["Yayaoundé"]}
    never = FakeClient([{"answer": "Yirgacheck is higher, at 750 m."}] * 3)
    assert FinalAnswer(never)(request, "Answer.", steps).text == UNSUPPORTED
