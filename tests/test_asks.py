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


def test_every_request_is_solved_by_the_oracle():
    from gba.simulation.package import is_correct
    from gba.simulation.programs import SHAPES, Ctx
    from gba.simulation.scripted import oracle_agent
    from gba.simulation.world import World
    from gba.trajectory import Request

    world = World.generate(0)
    rng = random.Random(7)
    for i in range(60):
        d = SHAPES["ask_calc"](rng, Ctx(phrasing=i % 3 == 0))
        req = Request(id=f"ask-{i}", text=d.request, source="scripted",
                      ground_truth=d.truth("train").model_dump())
        traj = oracle_agent(world, req).run(req)
        assert is_correct(traj), (d.request, [s.observation for s in traj.steps])
        assert [s.tool for s in traj.steps][0] == "ask_user"


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


def test_the_dataset_card_says_how_broad_they_are():
    from gba.simulation.package import ask_breadth

    line = ask_breadth(draws=300)
    counts = [int(x) for x in re.findall(r"\b(\d+) (?:quantities|operations|formulas)", line)]
    assert counts == list(breadth())


def test_a_span_multiplies_by_the_periods_it_holds():
    """A per-period amount over another span: the factor agrees with the unit library where
    the span is a plain length of time (a week is 7 days, 2 years are 104 weeks)."""
    from gba.simulation.asks import SPANS
    from gba.tools.units import convert

    per_unit = {"day": "day", "week": "week"}
    checked = 0
    for per, spans in SPANS.items():
        for words, factor in spans:
            if per not in per_unit or "month" in words or "year" in words and per == "day":
                continue
            k = 3
            value = eval(factor.format(k=k))  # noqa: S307 - the table's own arithmetic
            unit = {"a week": ("week", 1), "{k} weeks": ("week", k), "{k} days": ("day", k),
                    "a fortnight": ("week", 2)}.get(words)
            if unit is None:
                continue
            assert value == pytest.approx(convert(unit[1], unit[0], per_unit[per])), words
            checked += 1
    assert checked >= 5
    spans = [r for r in _many(600) if r.operation == "span"]
    assert len(spans) >= 15
    for r in spans:
        assert r.value != r.values[0] or "1" in r.code, r
