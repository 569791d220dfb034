"""calculate_number: code from the model, run in the sandbox, reported as an observation."""

from __future__ import annotations

import json
import re

import pytest

from gba.client.fake import FakeClient
from gba.errors import InvalidOutputError
from gba.grammar import json_schema_for, role_of
from gba.text import MARKER, clip
from gba.tools.base import ToolResult
from gba.tools.calculate import (
    CODE_SHOWN_CHARS,
    PRINTED_CHARS,
    CalculateNumber,
    CalculationCode,
    literal_pattern,
    planner_only,
    ungrounded,
)
from gba.tools.sandbox import run_code
from gba.trajectory import PlanRecord, Step


def _step(index: int, task: str, observation: str) -> Step:
    plan = PlanRecord(task=task, selected_tool="search")
    return Step(index=index, plan=plan, tool="search", observation=observation)


def test_computes_the_result_and_reports_the_code():
    client = FakeClient([{"code": "result = 17 * 23"}])
    out = CalculateNumber(client)("What is 17 times 23?", "Multiply 17 by 23.", [])
    assert out.error is None
    assert out.text == "result = 391 (code: result = 17 * 23)"
    assert out.data["value"] == "391" and out.data["attempts"] == 1
    assert role_of(client.calls[0].schema) is CalculationCode


def test_a_float_is_shown_as_the_simulation_shows_it_and_kept_whole_in_data():
    client = FakeClient([{"code": "result = 430 * 6.5 / 100 / 3"}])
    out = CalculateNumber(client)("Split 6.5 litres per 100 km over 430 km three ways.",
                                  "Compute 430 * 6.5 / 100 / 3.", [])
    assert out.text == "result = 9.32 (code: result = 430 * 6.5 / 100 / 3)"
    assert float(out.data["value"]) == pytest.approx(9.316666, rel=1e-6)


def test_prompt_carries_task_request_and_earlier_results():
    client = FakeClient([CalculationCode(code="population * 2"), {"code": "5120 * 2"}])
    steps = [_step(0, "Find the population of Arvel.", "Arvel has 5120 inhabitants.")]
    out = CalculateNumber(client)("Double Arvel's population?", "Double it.", steps)
    first = client.calls[0].prompt
    assert first[0].role == "system" and first[-1].role == "user"
    assert len(client.calls[1].prompt) == len(first) + 2  # the repair left the first call alone
    assert "Double it." in first[-1].content and "Double Arvel's population?" in first[-1].content
    assert "5120 inhabitants" in first[-1].content
    assert "name 'population' is not defined" in client.calls[1].prompt[-1].content
    assert out.data["value"] == "10240"


def test_multi_line_program_and_printed_output():
    code = "total = 0\nfor i in range(1, 5):\n    total += i\nprint('sum', total)\nresult = total"
    out = CalculateNumber(FakeClient([{"code": code}]))("r", "Sum 1 to 4.", [])
    assert out.data["value"] == "10" and "printed: sum 10" in out.text
    assert "for i in range(1, 5):" in out.text  # indented code keeps its lines


@pytest.mark.parametrize("hostile", [
    "import os\nos.system('rm -rf /')",
    "open('/etc/passwd').read()",
    "().__class__.__mro__[1].__subclasses__()",
    "while True:\n    pass",
    "[0] * 10**9",
])
def test_hostile_code_yields_a_refusal_observation(hostile):
    client = FakeClient([{"code": hostile}, {"code": hostile}])
    out = CalculateNumber(client, timeout_s=0.5, memory_mb=64)("r", "Compute something.", [])
    assert isinstance(out, ToolResult)
    assert out.error and out.text.startswith("calculate_number could not compute this after 2")
    assert out.error in out.text
    assert any(word in out.error for word in ("refused", "timed out", "memory limit"))
    assert len(client.calls) == 2


def test_broken_code_gets_one_repair_with_the_error():
    client = FakeClient([{"code": "result = 10 / 0"}, {"code": "result = 10 / 4"}])
    out = CalculateNumber(client)("r", "Divide 10 by 4.", [])
    assert out.error is None and out.data["value"] == "2.5" and out.data["attempts"] == 2
    repair = client.calls[1].prompt
    assert [m.role for m in repair[-3:]] == ["user", "assistant", "user"]
    assert "ZeroDivisionError" in repair[-1].content
    assert "10 / 0" in repair[-2].content


def test_failure_after_the_repair_is_reported_plainly():
    client = FakeClient([{"code": "x = 1 +"}, {"code": "undefined_thing * 2"}])
    out = CalculateNumber(client)("r", "Compute.", [])
    assert out.error.startswith("NameError") and "undefined_thing" in out.error
    assert "after 2 attempts" in out.text and out.data["code"] == "undefined_thing * 2"


def test_code_without_a_value_is_a_failure():
    client = FakeClient([{"code": "x = 3"}, {"code": "x = 3\nresult = x * 2"}])
    out = CalculateNumber(client)("r", "Double 3.", [])
    assert out.data["value"] == "6"
    assert "no value" in client.calls[1].prompt[-1].content


def test_usage_is_summed_over_the_repair():
    outputs = [{"code": "1 / 0"}, {"code": "6 * 7"}]
    client = FakeClient(list(outputs))
    out = CalculateNumber(client)("r", "Compute 6*7.", [])
    assert out.data["value"] == "42"
    assert out.usage.prompt_tokens == sum(client.count_tokens(c.prompt) for c in client.calls)
    assert out.usage.completion_tokens == sum(max(1, len(json.dumps(o)) // 4) for o in outputs)
    assert out.usage.prompt_tokens > client.count_tokens(client.calls[0].prompt)


def test_invalid_model_output_is_reported_not_raised():
    client = FakeClient([InvalidOutputError("not JSON", raw="???")])
    out = CalculateNumber(client)("r", "Compute.", [])
    assert out.error and "did not write valid code" in out.text


def test_long_code_and_printed_output_are_clipped_in_the_observation():
    code = "a=1\n" * 60 + "print('x' * 100 * 9)\nresult = a"  # within the schema's 300 characters
    out = CalculateNumber(FakeClient([{"code": code}]))("r", "Print a lot.", [])
    assert out.error is None and out.data["value"] == "1"
    printed = clip("x" * 900, PRINTED_CHARS)
    shown = clip(code.replace("\n", "; "), CODE_SHOWN_CHARS)  # one line, longer than the cap
    assert out.text == f"result = 1 (code: {shown}); printed: {printed}"
    assert out.data["stdout"].strip() == "x" * 900  # the record keeps everything


def test_prompt_keeps_the_latest_context_when_earlier_results_are_long():
    steps = [_step(i, f"Find fact {i}.", f"fact {i}: " + "z" * 600) for i in range(6)]
    client = FakeClient([{"code": "result = 1"}])
    CalculateNumber(client, max_context_chars=1500)("r", "Use fact 5.", steps)
    prompt = client.calls[0].prompt[-1].content
    assert "Find fact 5." in prompt and "Find fact 0." not in prompt
    assert prompt.count(MARKER) >= 2  # observations cut to STEP_OBSERVATION_CHARS


@pytest.mark.integration
def test_embedded_model_writes_code_that_computes(local_client):
    """The embedded base model, under the code schema, writes a program that the sandbox runs
    to a number, reported with its code. (Whether the number is right is the fine-tuned
    adapter's job, measured by `gba evaluate`, not a unit test's.)"""
    tool = CalculateNumber(local_client, max_tokens=64)
    out = tool("Compute 17 times 23.", "Multiply 17 by 23.", [])
    assert out.error is None and out.data["attempts"] == 1, out.text
    float(out.data["value"])  # a number, not an error or a repr of something else
    assert out.text.startswith(f"result = {out.data['value']} (code: ")
    assert run_code(out.data["code"]).value == out.data["value"]  # the code it reports
    assert out.usage.completion_tokens > 0


@pytest.mark.integration
def test_embedded_model_decodes_under_the_number_pattern(local_client):
    """Under the real grammar engine the code's numbers are the given ones, digit for digit,
    whatever the base model would have written."""
    tool = CalculateNumber(local_client, max_tokens=64)
    request = "A hiker walks 4.5 km every morning and 3 km every evening for 14 days."
    out = tool(request, "Work out the total distance.", [])
    assert out.data["code"], out.text
    assert re.fullmatch(literal_pattern([4.5, 3.0, 14.0]), out.data["code"]), out.data["code"]
    assert not ungrounded(out.data["code"], [4.5, 3.0, 14.0])


# ---- grounding: no number the request or an earlier step did not give ----------------------

def test_a_made_up_number_is_refused_and_the_repair_is_told_which():
    client = FakeClient([{"code": "result = 80 * 15 / 100"}, {"code": "result = 24 * 15 / 100"}])
    out = CalculateNumber(client)("I tip 15% on a 24 dollar taxi fare. How much is the tip?",
                                  "Calculate the tip.", [])
    assert out.error is None and out.data["value"] == "3.6" and out.data["attempts"] == 2
    repair = client.calls[1].prompt[-1].content
    assert "uses 80" in repair and "neither the request nor an earlier result" in repair


def test_a_made_up_number_twice_is_a_plain_failure_with_no_result():
    client = FakeClient([{"code": "result = 80 * 0.15"}, {"code": "fare = 80\nresult = fare * 0.15"}])
    out = CalculateNumber(client)("I tip 15% on my taxi fare. How much is the tip?",
                                  "Calculate the tip.", [])
    assert out.error and "uses 80" in out.error
    assert "result =" not in out.text.split("(code:")[0]  # no value reaches the planner


def test_numbers_from_earlier_results_and_known_constants_are_allowed():
    steps = [_step(0, "Find the height of Mount Everest.", "Mount Everest is 8,849 m high.")]
    client = FakeClient([{"code": "result = round(8849 * 3.28084)"}])
    out = CalculateNumber(client)("How high is Mount Everest in feet?", "Convert to feet.", steps)
    assert out.error is None and out.data["value"] == "29032"


def test_a_figure_only_the_planners_task_states_is_refused():
    """The planner writes the task: a bill it made up is a fact no tool returned."""
    client = FakeClient([{"code": "result = 3000 * 12"}, {"code": "result = 3000 * 12"}])
    out = CalculateNumber(client)("How much do I pay for my phone in a year?",
                                  "Multiply the monthly bill of 3000 by 12.", [])
    assert out.error and "uses 3000" in out.error


def test_task_numbers_that_an_earlier_result_gave_are_allowed():
    asked = _step(0, "Ask the user for their monthly phone bill.", "The user says: 45 dollars.")
    out = CalculateNumber(FakeClient([{"code": "result = 45 * 12"}]))(
        "How much do I pay for my phone in a year?", "Multiply 45 by 12.", [asked])
    assert out.error is None and out.data["value"] == "540"


def test_a_refused_number_stays_refused_when_the_planner_copies_it_into_the_task():
    refused = Step(index=0, plan=PlanRecord(task="Calculate.", selected_tool="calculate_number"),
                   tool="calculate_number", error="ungrounded",
                   observation="calculate_number could not compute this: the code uses 1.732 "
                               "(code: result = 50 * 1.732)")
    client = FakeClient([{"code": "result = 50 * 1.732"}, {"code": "result = 50 * 1.732"}])
    out = CalculateNumber(client)("How many US gallons fit in a 50-litre tank?",
                                  "Using 1.732, calculate the gallons.", [refused])
    assert out.error and "uses 1.732" in out.error


def test_numbers_the_user_gave_in_words_are_given():
    client = FakeClient([{"code": "result = 5 * 6 - 4"}])
    out = CalculateNumber(client)("I buy five packs of six bottles and drink four. How many "
                                  "are left?", "Calculate the bottles left.", [])
    assert out.error is None and out.data["value"] == "26"


def test_a_number_word_inside_a_name_is_refused_though_a_constant():
    """"the Thirty Years' War" gives no 30: `1648 - 30` is refused, `1648 - 1618` is not."""
    found = _step(0, "Look up the war.", "The Thirty Years' War lasted from 1618 to 1648.")
    client = FakeClient([{"code": "result = 1648 - 30"}, {"code": "result = 1648 - 1618"}])
    out = CalculateNumber(client, constrain_numbers=False)(
        "How many years did the Thirty Years' War last?", "Calculate the duration.", [found])
    assert out.error is None and out.data["value"] == "30" and out.data["attempts"] == 2
    assert "uses 30" in client.calls[1].prompt[-1].content
    # a count at a sentence's start is a count: "Four Germans share a taxi"
    out = CalculateNumber(FakeClient([{"code": "result = 60 / 4"}]))(
        "Four Germans share a taxi of 60 euros. What does each pay?", "Calculate it.", [])
    assert out.error is None and out.data["value"] == "15.0"


@pytest.mark.parametrize("code, given, expected", [
    ("result = 1250 - 387", [1250.0, 387.0], []),
    ("result = 2.5e6 / 4", [2.5, 2_500_000.0, 4.0], []),
    ("result = 300 * 0.2", [300.0, 20.0], []),           # 20% written as a fraction
    ("result = 80 * 1.15 * 0.75", [80.0, 15.0], []),     # 15% more, then a quarter off
    ("result = 80 * 1.15", [15.0], [80.0]),
    ("result = (98.6 - 32) * 5 / 9", [98.6], []),        # 32, 5 and 9 are constants
    ("result = 1879 - 1955", [1955.0], [1879.0]),
    ("result = 42.195 * 0.621371", [], [42.195]),
    ("result = 42.195 * 0.6214", [42.195], []),         # a unit factor, rounded
    ("result = 42.195 * 0.66", [42.195], [0.66]),        # not one
    ("result = 'x' * 3", [], []),                          # strings are not numbers
])
def test_ungrounded(code, given, expected):
    assert ungrounded(code, given) == expected
    # the decoding pattern admits exactly the grounded ones
    assert bool(re.fullmatch(literal_pattern(given), code)) == (not expected)


@pytest.mark.parametrize("code", [
    "result = 45 * 14", "result = 4.5 * 140", "result = 4.55 * 14", "result = 4.5e3",
    "result = 14.5 * 4", "x = 4.5\nresult = x * 40",
])
def test_the_pattern_keeps_every_digit_of_a_given_number(code):
    assert not re.fullmatch(literal_pattern([4.5, 14.0]), code)


def test_the_pattern_admits_names_with_digits_strings_and_multi_line_code():
    code = 'x2 = convert(4.5, "km2", "mi2")\nresult = round(x2 * 14, 2)'
    assert re.fullmatch(literal_pattern([4.5]), code)


def test_calculations_are_decoded_under_the_given_numbers_pattern():
    """The schema the tool asks for carries the pattern of this request's numbers (in the
    JSON schema, for the grammar) and shares the calculation role's KV cache."""
    from gba.grammar import json_schema_for

    client = FakeClient([{"code": "result = 4.5 * 14"}])
    out = CalculateNumber(client)("She walks 4.5 km a day. How far in 14 days?", "Multiply.", [])
    schema = client.calls[0].schema
    pattern = json_schema_for(schema)["properties"]["code"]["pattern"]
    assert out.data["value"] == "63.0" and role_of(schema) is CalculationCode
    assert re.fullmatch(pattern, "result = 4.5 * 14") and not re.fullmatch(pattern, "result = 45 * 14")
    plain = FakeClient([{"code": "result = 4.5 * 14"}])
    CalculateNumber(plain, constrain_numbers=False)("r 4.5 14", "Multiply.", [])
    assert plain.calls[0].schema is CalculationCode


def test_the_simulations_reference_code_is_always_grounded():
    """What training teaches the calculation role to write passes the rule: every number of
    each oracle calculation is in the request, an earlier step's facts or the constants, and
    none is a figure that only the planner's task states."""
    from gba.numbers import numbers_in
    from gba.simulation.draft import OracleStep
    from gba.simulation.records import GroundTruth
    from gba.simulation.requests import make_requests
    from gba.simulation.world import World

    world, checked, made_up = World.generate(0), 0, []
    for split in ("train", "test_shapes", "test_phrasings"):
        for request in make_requests(world, split, 150):
            seen = request.text
            for raw in GroundTruth(**request.ground_truth).details.get("steps", []):
                step = OracleStep.model_validate(raw)
                if step.tool == "calculate_number" and step.code:
                    checked += 1
                    if numbers := ungrounded(step.code, numbers_in(seen)):
                        made_up.append((request.text, step.code, numbers))
                    elif not re.fullmatch(literal_pattern(numbers_in(seen)), step.code):
                        made_up.append((request.text, step.code, "outside the pattern"))
                    for task in step.tasks:  # the planner's figures are its sources' too
                        if numbers := ungrounded(step.code, numbers_in(seen),
                                                 planner_only(task, seen)):
                            made_up.append((task, step.code, numbers))
                seen += " ".join(["", step.known, step.passage, step.check])
    assert checked > 200 and not made_up, made_up[:5]


def test_an_amount_only_the_planner_states_is_refused_even_when_small():
    """The planner's task invented "3.00 euros a day"; 3 is a constant anyone may use, but not
    as an amount no source gave. A bare count the wording implies (three cities) stays allowed."""
    request = "I take the bus every workday. How much do my tickets cost a month?"
    steps = [_step(0, "Ask how many workdays.", "22 workdays a month.")]
    task = "Multiply 3.00 euros a day by 22 days."
    assert planner_only(task, request + " 22 workdays a month.") == {3.0}
    client = FakeClient([{"code": "result = 3.0 * 22"}] * 2)
    out = CalculateNumber(client)(request, task, steps)
    assert out.error is not None and "uses 3" in out.error
    pattern = json_schema_for(client.calls[0].schema)["properties"]["code"]["pattern"]
    assert not re.fullmatch(pattern, "result = 3.0 * 22") and re.fullmatch(pattern, "result = 22")
    assert planner_only("Compute (120 + 80 + 95) / 3.", "Cities of 120, 80 and 95 people") == set()


def test_a_value_taken_from_itself_is_refused_unless_two_sentences_give_it():
    found = _step(0, "Look up both births.", "Béla Bartók was born in 1881. (Sources: Béla Bartók)")
    request = "How many years after Victor Hugo's birth was Béla Bartók born?"
    client = FakeClient([{"code": "result = 1881 - 1881"}, {"code": "result = 1881 / 1881"}])
    out = CalculateNumber(client)(request, "Using Bartók was born in 1881, calculate it.", [found])
    assert out.error and "cancels 1881 out" in out.error and out.data["attempts"] == 2
    both = _step(0, "Look up both births.", "Béla Bartók was born in 1881. Ann Lee was born in "
                 "1881. (Sources: Béla Bartók; Ann Lee)")
    out = CalculateNumber(FakeClient([{"code": "result = 1881 - 1881"}]))(
        "How many years apart were Bartók and Ann Lee born?", "Subtract.", [both])
    assert out.error is None and out.data["value"] == "0"


def test_a_rate_multiplied_and_divided_by_is_refused_for_the_code_that_uses_it_once():
    request = ("One litre of paint covers 12 square metres. How many litres do I need for a "
               "wall 5 metres by 3 metres?")
    client = FakeClient([{"code": "result = (5 * 3) * 12 / 12"}, {"code": "result = 5 * 3 / 12"}])
    out = CalculateNumber(client, cover=False)(request, "Compute the litres.", [])
    assert out.error is None and out.data["value"] == "1.25" and out.data["attempts"] == 2
    assert "cancels 12 out" in client.calls[1].prompt[-1].content
    # a number the request gives twice may cancel: 3 people and 3 eggs
    out = CalculateNumber(FakeClient([{"code": "result = 3 / 3 * 6"}]), cover=False)(
        "A recipe for 3 people uses 3 eggs. How many eggs for 6 people?", "Scale it.", [])
    assert out.error is None and float(out.data["value"]) == 6


def test_a_count_below_zero_is_refused_and_a_temperature_is_not():
    request = ("A farmer has 7 rows of 16 apple trees and plants 3 more rows of the same size. "
               "How many trees are there now?")
    client = FakeClient([{"code": "result = 7 * (3 - 16)"}, {"code": "result = (7 + 3) * 16"}])
    out = CalculateNumber(client, cover=False)(request, "Count the trees.", [])
    assert out.error is None and out.data["value"] == "160" and out.data["attempts"] == 2
    assert "below zero" in client.calls[1].prompt[-1].content
    out = CalculateNumber(FakeClient([{"code": "result = 4 - 11"}]), cover=False)(
        "It is 4 degrees now and it will drop by 11. What will the temperature be?", "Sub.", [])
    assert out.error is None and out.data["value"] == "-7"


def test_a_death_year_for_a_question_about_births_gets_the_repair_prompt(two_lives):
    found = two_lives
    request = "How many years separate the births of Isaac Newton and Albert Einstein?"
    client = FakeClient([{"code": "result = 1879 - 1727"}, {"code": "result = 1879 - 1642"}])
    out = CalculateNumber(client)(request, "Using both lives, calculate it.", [found])
    assert out.error is None and out.data["value"] == "237" and out.data["attempts"] == 2
    repair = client.calls[1].prompt[-1].content
    assert "1727" in repair and "Isaac Newton's death year" in repair and "birth year" in repair
    # an age at death needs both ends: no judgement
    client = FakeClient([{"code": "result = 1727 - 1642"}])
    out = CalculateNumber(client)("How old was Isaac Newton when he died?", "Subtract.", [found])
    assert out.error is None and out.data["value"] == "85"


def test_the_calculation_role_reads_numbers_in_words_as_digits():
    """A tiny model writes `3.2 * 365` for "a thirty-day month" and `30 * 3.2` for "a 30-day
    month": its prompt writes number words in digits, names keep theirs, and the numbers a
    code may use are the same either way."""
    request = "Over a thirty-day month, what does my coffee habit cost me?"
    answer = _step(0, "How much a day?", "Around 3.20 euros, seven days a week.")
    client = FakeClient([{"code": "result = 3.2 * 30"}])
    out = CalculateNumber(client)(request, "Calculate it for a thirty-day month.", [answer])
    prompt = client.calls[0].prompt[-1].content
    assert "a 30-day month, what" in prompt and "thirty" not in prompt
    assert "7 days a week" in prompt and "Task: Calculate it for a 30-day month." in prompt
    assert out.error is None and float(out.data["value"]) == pytest.approx(96)
    client = FakeClient([{"code": "result = 1648 - 1618"}])
    CalculateNumber(client)("How long did the Thirty Years' War last, 1618 to 1648?", "Sub.", [])
    assert "the Thirty Years' War" in client.calls[0].prompt[-1].content


def test_a_factor_the_words_imply_is_not_a_number_cancelled_out():
    from gba.tools.calculate import self_cancelling

    minutes = "At 60 km/h, how many minutes does a 45 km drive take?"
    assert self_cancelling("result = 45 / 60 * 60", minutes) == []
    assert self_cancelling("result = 45 * 60 / 60", "Drive 45 km at 60 km/h: how far?") == [60.0]
    assert self_cancelling("result = 4 * 6 / 4", "4 rows of 6 eggs; a quarter break. "
                           "How many break?") == []


def test_and_a_half_is_part_of_the_number():
    """An own request (session 25): "three and a half hours" was read as 3, and
    `convert(3, "h", "s")` passed as grounded."""
    from gba.tools.calculate import check_and_run, grounds_for

    request = "How many seconds are there in three and a half hours?"
    grounds = grounds_for(request, f"Calculate: {request}", [])
    assert check_and_run('result = convert(3.5, "h", "s")', grounds).value == "12600.0"
    assert not check_and_run('result = convert(3, "h", "s")', grounds).ok
