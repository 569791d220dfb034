"""The scripted world: determinism, the oracle reaching the ground truth on every template,
held-out splits, scripted tools checking the planner's work, and dataset packaging."""

from __future__ import annotations

import json
import random

import pytest

from gba.numbers import numbers_in
from gba.planner import plan_model, planner_prompt
from gba.simulation import arithmetic, lookups
from gba.simulation.function_specs import held_out_name, make_call
from gba.simulation.package import is_correct, package_dataset
from gba.simulation.records import Example, GroundTruth
from gba.simulation.requests import HELD_OUT_TEMPLATES, WEIGHTS, draft, make_requests
from gba.simulation.scripted import canonical, oracle_agent, split_requests
from gba.simulation.tools import ScriptedCalculator, ScriptedSearch, scripted_tools
from gba.simulation.world import World
from gba.tools.calculate import CalculationCode
from gba.tools.final_answer import Answer
from gba.tools.function_call import arguments_model
from gba.tools.search.answer import SearchQuery, SourcedAnswer
from gba.trajectory import Request, append_jsonl, read_jsonl

WORLD = World.generate(0)


def test_same_seed_same_world_and_requests():
    assert World.generate(0).model_dump_json() == WORLD.model_dump_json()
    assert World.generate(1).model_dump_json() != WORLD.model_dump_json()
    a = [r.model_dump() for r in make_requests(WORLD, "train", 30, seed=4)]
    b = [r.model_dump() for r in make_requests(World.generate(0), "train", 30, seed=4)]
    assert a == b


def test_same_seed_same_trajectory_files(tmp_path):
    files = []
    for run in ("a", "b"):
        path = tmp_path / f"{run}.jsonl"
        for req in make_requests(WORLD, "train", 25, seed=9):
            append_jsonl(path, oracle_agent(WORLD, req, failure_rate=0.3).run(req))
        files.append([canonical(t) for t in read_jsonl(path)])
    assert files[0] == files[1]
    assert len(files[0]) == 25


@pytest.mark.parametrize("template", sorted(WEIGHTS))
def test_oracle_reaches_ground_truth_on_every_template(template):
    rng = random.Random(template)
    for i in range(8):
        held_out = template in HELD_OUT_TEMPLATES and i % 2 == 0
        d = draft(template, rng, WORLD, held_out)
        req = Request(id=f"{template}-{i}", text=d.request, source="scripted",
                      ground_truth=d.truth("train").model_dump())
        traj = oracle_agent(WORLD, req).run(req)
        assert traj.status == "completed", traj.error
        assert is_correct(traj), (d.request, [s.observation for s in traj.steps])
        tools, reference = [s.tool for s in traj.steps], GroundTruth(**req.ground_truth).tools
        if tools != reference:  # one search answered two lookups: the second is skipped
            assert reference == ["search_wikipedia", *tools], (tools, reference)
            assert d.steps[1].known in traj.steps[0].observation


def test_oracle_retries_after_an_injected_failure():
    reqs = [r for r in make_requests(WORLD, "train", 300, seed=1)
            if "search_wikipedia" in r.ground_truth["tools"]]
    retried = 0
    for req in reqs:
        traj = oracle_agent(WORLD, req, failure_rate=0.5).run(req)
        tools = [s.tool for s in traj.steps]
        pairs = [(s, t) for a, b, s, t in zip(tools, tools[1:], traj.steps, traj.steps[1:],
                                                strict=False)
                 if a == b == "search_wikipedia" and s.observation.startswith("The sources do not")]
        for failed, retry in pairs:  # a retry never repeats the words that failed,
            assert retry.plan.task != failed.plan.task  # copied request or not
            retried += 1
    assert retried > 10


def test_held_out_splits_share_no_entity_or_template_with_training():
    splits = split_requests(WORLD, {"train": 600, "validation": 50, "test_entities": 150,
                                    "test_templates": 100})
    truths = {s: [GroundTruth(**r.ground_truth) for r in reqs] for s, reqs in splits.items()}
    train_entities = {e for t in truths["train"] for e in t.entities}
    test_entities = {e for t in truths["test_entities"] for e in t.entities}
    assert test_entities and not train_entities & test_entities
    train_templates = {t.template for t in truths["train"]}
    assert {t.template for t in truths["test_templates"]} == set(HELD_OUT_TEMPLATES)
    assert not train_templates & HELD_OUT_TEMPLATES
    texts = {s: {r.text.lower() for r in reqs} for s, reqs in splits.items()}
    assert not texts["train"] & (texts["validation"] | texts["test_entities"]
                                 | texts["test_templates"])


def test_scripted_search_answers_only_about_named_entities():
    city = WORLD.pool("city", False)[0]
    truth = GroundTruth(answer="", details={"steps": []})
    search = ScriptedSearch(WORLD, truth, random.Random(0))
    hit = search("", f"Find the population of {city.name}.", [])
    assert f"{city.attrs['population']:,}" in hit.text and hit.sources == [city.name]
    miss = search("", "Find the population of the city.", [])
    assert miss.text.startswith("Wikipedia has no article") and not miss.sources


def test_scripted_calculator_needs_every_input_in_the_task():
    d = arithmetic.percent_of(random.Random(5))
    calc = ScriptedCalculator(d.truth("train"))
    good = calc("", d.steps[0].tasks[0], [])
    assert good.error is None and good.text.startswith("result = ")
    bad = calc("", "Calculate the percentage from the request.", [])
    assert bad.error is not None
    assert numbers_in("3,400 and 12.5% and a dozen") == [3400.0, 12.5, 12.0]


def test_scripted_final_answer_needs_the_gathered_facts():
    d = lookups.lookup(random.Random(3), WORLD, False)
    req = Request(text=d.request, ground_truth=d.truth("train").model_dump())
    final = scripted_tools(WORLD, req)[-1]
    assert final(req.text, "Answer.", []).text == "I could not find the answer."


def test_function_specs_hold_out_names():
    rng = random.Random(0)
    for held_out in (False, True):
        for _ in range(30):
            spec, task, args = make_call(rng, held_out)
            assert held_out_name(spec.name) == held_out
            arguments_model(spec).model_validate(args)  # the target validates


def _fake_render(prompt):
    if isinstance(prompt, str):
        return prompt
    return "".join(f"<{m.role}>{m.content}</{m.role}>" for m in prompt) + "<assistant>"


SCHEMAS = {"calculate_number": CalculationCode, "search_query": SearchQuery,
           "search_answer": SourcedAnswer, "final_answer": Answer}


def test_packaging_builds_prompts_with_the_role_functions(tmp_path):
    sim = tmp_path / "sim"
    sim.mkdir()
    (sim / "world.json").write_text(WORLD.model_dump_json())
    splits = split_requests(WORLD, {"train": 60, "validation": 10, "test_entities": 10,
                                    "test_templates": 10, "test_shapes": 5,
                                    "test_phrasings": 5})
    for split, reqs in splits.items():
        for req in reqs:
            append_jsonl(sim / f"{split}.jsonl", oracle_agent(WORLD, req).run(req))
    counts = package_dataset(sim, tmp_path / "ds", render=_fake_render, function_examples=20,
                             progress=False)
    assert set(counts) == {"train", "validation", "test_entities", "test_templates",
                           "test_shapes", "test_phrasings"}
    examples = [Example.model_validate_json(line)
                for line in (tmp_path / "ds" / "train.jsonl").read_text().splitlines()]
    by_request = {r.id: r for r in splits["train"]}
    trajs = {t.request.id: t for t in read_jsonl(sim / "train.jsonl")}
    roles = {e.role for e in examples}
    assert {"planner", "calculate_number", "search_query", "search_answer", "final_answer",
            "function_arguments"} <= roles
    for ex in examples:
        json.loads(ex.completion)
        if ex.role == "planner":
            traj = trajs[ex.request_id]
            assert ex.prompt == planner_prompt(by_request[ex.request_id].text,
                                               traj.steps[:ex.step])
            plan_model(("search_wikipedia", "calculate_number", "ask_user", "final_answer",
                        "send_email", "create_event")).model_validate_json(ex.completion)
        elif ex.role in SCHEMAS:
            SCHEMAS[ex.role].model_validate_json(ex.completion)
    splits_seen = {json.loads(line)["split"] for line in
                   (tmp_path / "ds" / "test_entities.jsonl").read_text().splitlines()}
    assert splits_seen == {"test_entities"}
    assert "Examples per role" in (tmp_path / "ds" / "README.md").read_text()
    stats = json.loads((tmp_path / "ds" / "stats.json").read_text())["train"]
    assert 1 <= stats["function_names"] <= stats["function_specs"] <= 20  # 20 examples drawn
    assert f"train {stats['function_specs']} specs" in (tmp_path / "ds" / "README.md").read_text()


def test_package_without_simulation_says_what_to_run(tmp_path):
    with pytest.raises(FileNotFoundError, match="gba simulate scripted"):
        package_dataset(tmp_path / "nothing", tmp_path / "out", render=_fake_render)


def test_a_task_restating_the_request_carries_the_numbers_its_wording_implies():
    """'My monthly bill over 6 years' implies 12 months a year: a task that copies the
    request (and what the user said) gives the scripted calculator every input, while the
    planner's own arithmetic without the 12 stays refused. The copy tasks of the training
    data follow the same rule."""
    from gba.simulation.programs import Ctx, ask_calc
    from gba.simulation.requests import with_copy_tasks

    rng, drafts = random.Random(0), []
    for _ in range(400):
        d = with_copy_tasks(ask_calc(rng, Ctx()))
        calc = d.steps[-1]
        if any(x not in numbers_in(d.request) + numbers_in(" ".join(s.known for s in d.steps[:-1]))
               for x in calc.inputs):
            drafts.append(d)  # an input that neither the request nor the user states
    assert len(drafts) >= 40
    copied = [d for d in drafts if d.steps[-1].tasks[0].endswith(d.request)]
    assert len(copied) >= 0.9 * len(drafts)
    for d in copied:
        truth, task = d.truth("train"), d.steps[-1].tasks[0]
        good = ScriptedCalculator(truth)(d.request, task, [])
        assert good.error is None and good.data["value"] == d.steps[-1].value
        arithmetic_only = " ".join(f"{x:g}" for x in numbers_in(task) if x not in (12, 365))
        bad = ScriptedCalculator(truth)(d.request, f"Calculate {arithmetic_only}.", [])
        assert bad.error is not None


def test_packaging_with_a_bank_shows_the_nearest_solved_tasks_never_the_task_itself(tmp_path):
    from gba.tools.calculate import EXAMPLES
    from gba.tools.examples import ExampleBank, bag_of_words

    sim = tmp_path / "sim"
    sim.mkdir()
    (sim / "world.json").write_text(WORLD.model_dump_json())
    reqs = split_requests(WORLD, {"train": 80})["train"]
    trajs = [oracle_agent(WORLD, r).run(r) for r in reqs]
    for t in trajs:
        append_jsonl(sim / "train.jsonl", t)
    solved = [(s.task, s.result["code"]) for t in trajs for s in t.steps
              if s.tool == "calculate_number" and s.result and s.result.get("code")]
    bank = ExampleBank(list(dict.fromkeys(solved)), embed=bag_of_words)
    package_dataset(sim, tmp_path / "ds", render=_fake_render, function_examples=0,
                    progress=False, bank=bank)
    calcs = [Example.model_validate_json(line) for line in
             (tmp_path / "ds" / "train.jsonl").read_text().splitlines()
             if '"role":"calculate_number"' in line]
    assert len(calcs) >= 20
    nearest = fixed = 0
    for ex in calcs:
        task = ex.prompt.rsplit("Task: ", 1)[1].split("</user>")[0]
        shown = [p.split("</user>")[0] for p in ex.prompt.split("<user>Task: ")[1:]]
        assert len(shown) == 2 and task not in shown  # never the task itself
        if shown == [t for t, _ in EXAMPLES]:
            fixed += 1
        elif shown == [t for t, _ in bank.nearest(task, 2)]:
            nearest += 1
    # most prompts show the neighbours; some the fixed examples (and some random ones)
    assert nearest >= 0.5 * len(calcs) and 0 < fixed < 0.4 * len(calcs)
