"""Word problems of relations between quantities (gba.simulation.relations): the calculation
tool accepts every reference program, counts come out whole, and one set of facts is asked
several ways."""

import random
from collections import defaultdict

import pytest

from gba.simulation.relations import FAMILIES
from gba.simulation.stories import compose
from gba.tools.calculate import check_and_run, grounds_for

WHOLE = {"compare_one", "compare_total", "compare_gap", "part_taken", "part_rest",
         "part_rest_groups", "keep_share", "keep_pack", "remainder_groups", "remainder_left",
         "ratio_group", "age_later", "age_sum", "age_at_birth", "age_multiple", "rates_weeks",
         "rates_days", "rates_net", "pack_count"}


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_the_calculation_tool_accepts_every_reference_program(family):
    for i in range(60):
        text, story = compose(random.Random(f"rel{i}"), family=family)
        outcome = check_and_run(story.code, grounds_for(text, f"Calculate: {text}", []))
        assert outcome.ok, (text, story.code, outcome.error)
        assert float(outcome.value) == pytest.approx(story.value, rel=1e-6), story.code


def test_counts_of_things_come_out_whole_and_positive():
    for i in range(600):
        family = sorted(FAMILIES)[i % len(FAMILIES)]
        text, story = compose(random.Random(f"w{i}"), family=family)
        if story.family in WHOLE:
            assert story.value > 0 and story.value == pytest.approx(round(story.value)), (
                text, story.code)


def test_the_program_follows_the_question_not_the_topic():
    """Each family asks its facts in at least two ways with different programs."""
    shapes = defaultdict(set)
    for i in range(800):
        family = sorted(FAMILIES)[i % len(FAMILIES)]
        _, story = compose(random.Random(f"q{i}"), family=family)
        shapes[family].add(story.family)
    assert all(len(subfamilies) >= 2 for subfamilies in shapes.values()), dict(shapes)
