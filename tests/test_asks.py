"""Requests about the user's own numbers: asked, grounded, solvable, broad, held-out apart."""

import random
import re

import pytest

from gba.numbers import numbers_in
from gba.simulation.asks import OWN, PAIRS, breadth, compose
from gba.tools.calculate import ungrounded
from gba.tools.sandbox import run_code


def _many(n=1500, held_out=False):
    return [compose(random.Random(f"a{i}"), held_out=held_out) for i in range(n)]


def _mask(text):
    return re.sub(r"[\d.,]+|\b(two|three|four|five|six|seven|eight|nine|ten)\b", "#", text)


@pytest.mark.parametrize("key", sorted(OWN))
def test_each_question_is_answered_by_its_own_keywords(key):
    own = OWN[key]
    for q in own.questions:
        assert any(w in q.lower() for w in own.keywords), (key, q)


def test_the_two_values_of_a_formula_are_never_confused():
    for pair in PAIRS:
        a, b = (OWN[k] for k in pair.keys)
        for x, y in ((a, b), (b, a)):
            for q in x.questions:
                assert not any(w in q.lower() for w in y.keywords), (q, y.key)


def test_the_code_uses_only_the_request_and_the_replies():
    for req in _many():
        said = " ".join(o.says.format(v=s) for o, s in zip(req.asks, req.shown, strict=True))
        assert ungrounded(req.code, numbers_in(req.text + " " + said)) == [], req
        for value in req.values:  # the user's value is not in the request: it must be asked
            assert value not in numbers_in(req.text) or value <= 31, (req.text, value)


def test_the_sandbox_gets_the_value():
    for req in _many(80):
        result = run_code(req.code)
        assert result.ok, (req.code, result.error)
        assert float(result.value) == pytest.approx(req.value, rel=1e-9)
        assert req.value == req.value and abs(req.value) < 1e12


@pytest.mark.parametrize("shape,n", [("ask_calc", 60), ("ask_story", 30)])
def test_every_request_is_solved_by_the_oracle(shape, n):
    from gba.simulation.package import is_correct
    from gba.simulation.programs import SHAPES, Ctx
    from gba.simulation.scripted import oracle_agent
    from gba.simulation.world import World
    from gba.trajectory import Request

    world = World.generate(0)
    rng = random.Random(7)
    for i in range(n):
        d = SHAPES[shape](rng, Ctx(phrasing=i % 3 == 0))
        req = Request(id=f"ask-{i}", text=d.request, source="scripted",
                      ground_truth=d.truth("train").model_dump())
        traj = oracle_agent(world, req).run(req)
        assert is_correct(traj), (d.request, [s.observation for s in traj.steps])
        assert [s.tool for s in traj.steps][0] == "ask_user"
        if shape == "ask_story":  # one reply holds every number: asked once, computed once
            assert [s.tool for s in traj.steps] == ["ask_user", "calculate_number",
                                                    "final_answer"]


def test_breadth():
    quantities, operations, formulas = breadth()
    assert quantities >= 20 and operations >= 15 and formulas >= 6
    reqs = _many(2000)
    assert len({r.operation for r in reqs}) >= 20
    assert {o.key for r in reqs for o in r.asks} == set(OWN)  # every quantity is asked for
    assert len({_mask(r.text) for r in reqs}) >= 1000


def test_held_out_wordings_never_reach_training():
    train = {_mask(r.text) for r in _many(3000)}
    held = _many(300, held_out=True)
    assert not {_mask(r.text) for r in held} & train
    assert all(r.text.startswith(("I need", "I'd like", "I want", "I'm trying", "I wonder"))
               for r in held)


def test_totals_are_also_asked_in_the_first_person_without_the_quantity_s_noun():
    """"How many hours do I sleep in a week?" as well as "What does my nightly sleep add up
    to in a week?": a quantity with a period has first-person stems, each used in training
    with the same code as the noun wordings, never as the held-out wording."""
    assert all(own.how for own in OWN.values() if own.per in ("day", "week", "month", "year"))
    totals = ("per_year", "over_years", "span", "per_month")
    first = [r for r in _many(3000) if r.operation in totals
             and any(form.lower() in r.text.lower() for stem in r.asks[0].how for form in stem)]
    assert len(first) >= 60
    for r in first:  # the code multiplies (or divides, from a year) the user's value
        assert r.code.startswith(f"result = {r.values[0]:g} "), r.code
    held = {r.text for r in _many(300, held_out=True)}
    assert not any(form.lower() in text.lower() for text in held for own in OWN.values()
                   for stem in own.how for form in stem)


def test_the_dataset_card_says_how_broad_they_are():
    from gba.simulation.package import ask_breadth

    line = ask_breadth(draws=300)
    counts = [int(x) for x in re.findall(r"\b(\d+) (?:quantities|operations|formulas)", line)]
    assert counts == list(breadth())


def test_a_span_multiplies_by_the_periods_it_holds():
    """A per-period amount over another span: where the span is a plain length of time, the
    factor is what the unit library makes of it (a week is 7 days, 3 weeks are 21), and every
    generated span request computes the user's value times its span's factor."""
    from gba.simulation.asks import SPANS
    from gba.tools.units import convert

    k = 3
    lengths = {"a week": (1, "week"), "a fortnight": (2, "week"), "{k} weeks": (k, "week"),
               "{k} days": (k, "day")}
    checked = 0
    for per in ("day", "week"):
        for words, factor in SPANS[per]:
            if words in lengths:
                amount, unit = lengths[words]
                assert eval(factor.format(k=k)) == pytest.approx(convert(amount, unit, per))  # noqa: S307
                checked += 1
    assert checked == 5
    from gba.numbers import numbers_in

    spans = [r for r in _many(600) if r.operation == "span"]
    assert len(spans) >= 15
    for r in spans:  # the span the request names, read back from its text, gives the factor
        per = r.asks[0].per
        named = [(w, f) for w, f in SPANS[per]
                 if re.search(re.escape(w).replace(r"\{k\}", r"(\w+)") + r"\b", r.text)]
        assert named, r.text
        words, factor = max(named, key=lambda wf: len(wf[0]))
        count = re.search(re.escape(words).replace(r"\{k\}", r"(\w+)"), r.text)
        n = numbers_in(count.group(1))[0] if "{k}" in words else 0
        expected = eval(f"{r.values[0]} " + (factor if factor.startswith("/") else  # noqa: S307
                                             "* " + factor).format(k=int(n)))
        assert r.value == pytest.approx(expected), (r.text, r.code)


def _stories(n=400, held_out=False):
    from gba.simulation.programs import SHAPES, Ctx

    rng = random.Random(11)
    return [SHAPES["ask_story"](rng, Ctx(phrasing=held_out)) for _ in range(n)]


def test_a_story_about_the_user_is_asked_and_grounded_in_the_reply():
    questions = set()
    for d in _stories():
        ask, calc = d.steps
        said = d.user_facts["details"]
        assert ask.tool == "ask_user" and calc.tool == "calculate_number"
        assert ungrounded(calc.code, numbers_in(d.request + " " + said)) == [], d
        # the request holds at most the span asked about; the rest must be asked for
        assert len(numbers_in(d.request)) <= 1, d.request
        assert len(numbers_in(said)) >= 2, said  # (a reply's number may equal the span's)
        for task in ask.tasks:  # the scripted user answers each question the planner may ask
            assert any(w in task.lower() for w in ask.keywords), task
        questions.add(ask.tasks[0])
    assert len(questions) >= 4  # several situations, not one


def test_held_out_frames_of_stories_about_the_user_stay_out_of_training():
    train = {_mask(d.request) for d in _stories(300)}
    held = {_mask(d.request) for d in _stories(100, held_out=True)}
    assert not held & train
