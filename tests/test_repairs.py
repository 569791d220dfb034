"""Repair turns for the calculation role (gba.simulation.repairs): wrong codes the tool's checks
catch, the turn the tool would show, byte for byte, and their place in packaged datasets."""

from __future__ import annotations

import json
import random

from gba.client.fake import FakeClient
from gba.simulation.repairs import caught, mutations, quick_run
from gba.tools.calculate import CalculateNumber, calculation_messages, cover_turns, repair_turns
from gba.trajectory import PlanRecord, Step

RENT = "I pay 850 euros a month in rent. What is that in a year?"
ROWS = ("A farmer has 7 rows of 16 apple trees and plants 3 more rows of the same. How many "
        "trees are there now?")


def dumps(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False)


def test_mutations_are_other_code_that_still_parses():
    code = "result = (7 + 3) * 16"
    changed = mutations(code)
    assert code not in changed and len(changed) == len(set(changed)) >= 8
    assert {"result = 7 * 16", "result = 7 + 3", "result = (7 - 3) * 16",
            "result = (7 + 3) / 16", "result = ((7 + 3) * 16) * 52"} - set(changed) == {
        "result = ((7 + 3) * 16) * 52"}  # ast.unparse writes no needless brackets
    assert "result = (7 + 3) * 16 * 52" in changed
    assert all(quick_run(c).ok or "Error" in (quick_run(c).error or "") for c in changed)
    assert mutations("result = (") == []


def test_quick_run_agrees_with_the_sandbox():
    from gba.tools.sandbox import run_code

    for code in ["result = 850 / 12", "result = 7.0 * 2", 'result = convert(3.2, "mi", "km")',
                 "result = max(1731, 1831) - 9", "result = round(sqrt(2), 3)"]:
        assert quick_run(code).value == run_code(code).value, code


def test_a_caught_change_is_wrong_and_refused_with_the_tools_words():
    seen = set()
    for seed in range(12):
        for request, task, code, value in [
                (ROWS, "Compute (7 + 3) * 16.", "result = (7 + 3) * 16", "160"),
                (RENT, "Multiply 850 by 12.", "result = 850 * 12", "10200")]:
            wrong, error, missing = caught(request, task, [], code, random.Random(seed))
            assert quick_run(wrong).value != value
            assert (error is None) == bool(missing)
            seen.add("cover" if missing else "refused")
    assert seen == {"cover", "refused"}


def test_right_code_the_checks_refuse_gives_no_turn():
    # 850 is nowhere in the request: the tool would refuse the reference code itself
    assert caught("What is my rent in a year?", "Multiply 850 by 12.", [], "result = 850 * 12",
                  random.Random(0)) is None


def test_the_repair_turn_is_the_prompt_the_tool_sends_after_a_refusal():
    task = "Multiply 850 by 12."
    for seed in range(6):
        wrong, error, missing = caught(RENT, task, [], "result = 850 * 12", random.Random(seed))
        if error is None:
            continue
        fake = FakeClient([{"code": wrong}, {"code": "result = 850 * 12"}])
        result = CalculateNumber(fake, cover=False, constrain_numbers=False).run(RENT, task, [])
        assert result.error is None and result.data["code"] == "result = 850 * 12"
        trained = calculation_messages(RENT, task, []) + repair_turns(dumps({"code": wrong}), error)
        assert fake.calls[1].prompt == trained
        return
    raise AssertionError("no refused change in six draws")


def test_the_cover_turn_is_the_prompt_the_tool_sends_for_a_left_out_number():
    asked = Step(index=0, plan=PlanRecord(task="Ask the user for the fare and trips.",
                                          selected_tool="ask_user"), tool="ask_user",
                 observation="A ticket is 2.10 euros; I take 2 a day on 5 days a week.")
    request, task = "What do my bus tickets cost in a week?", "Compute 2.1 * 2 * 5."
    for seed in range(12):
        got = caught(request, task, [asked], "result = 2.1 * 2 * 5", random.Random(seed))
        if got is None or got[1] is not None:
            continue
        wrong, _, missing = got
        fake = FakeClient([{"code": wrong}, {"code": "result = 2.1 * 2 * 5"}])
        result = CalculateNumber(fake, constrain_numbers=False).run(request, task, [asked])
        assert result.data["code"] == "result = 2.1 * 2 * 5"
        cover = calculation_messages(request, task, [asked]) + cover_turns(wrong, missing)
        assert cover in [call.prompt for call in fake.calls]
        return
    raise AssertionError("no left-out number in twelve draws")


def test_packaging_adds_repair_examples_only_when_asked(tmp_path):
    from gba.simulation.package import trajectory_examples
    from gba.simulation.scripted import oracle_agent, split_requests
    from gba.simulation.world import World

    world = World.generate(3)
    requests = split_requests(world, {"train": 40}, seed=3)["train"]
    trajs = [oracle_agent(world, r, k).run(r) for k, r in enumerate(requests)]

    def examples(repairs: bool) -> list:
        rng = random.Random(0)
        return [e for t in trajs for e in trajectory_examples(t, "train", str, world, rng,
                                                              repairs=repairs)]

    plain, with_repairs = examples(False), examples(True)
    extra = [e for e in with_repairs if e.id.endswith(":repair")]
    assert not any(e.id.endswith(":repair") for e in plain)
    assert extra and all(e.role == "calculate_number" for e in extra)
    for e in extra:  # the target is the right code, after a turn that shows another
        assert e.completion.startswith('{"code": ') and e.completion not in e.prompt[-400:]
