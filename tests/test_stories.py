"""Composed word problems: grounded code, true values, breadth, and a held-out frame family."""

import random
import re

import pytest

from gba.numbers import numbers_in
from gba.simulation.stories import FAMILIES, FRAMES, HELD_OUT_FRAMES, compose
from gba.simulation.story_kit import evaluate
from gba.tools.calculate import ungrounded
from gba.tools.sandbox import run_code


def _many(n=1500, held_out=False):
    return [compose(random.Random(f"s{i}"), held_out=held_out) for i in range(n)]


def test_every_number_in_the_code_is_written_in_the_request():
    for text, story in _many():
        assert ungrounded(story.code, numbers_in(text)) == [], (text, story.code)


def test_the_sandbox_gets_the_value_the_story_states():
    for _text, story in _many(60):
        result = run_code(story.code)
        assert result.ok, (story.code, result.error)
        assert float(result.value) == pytest.approx(story.value, rel=1e-9), story.code


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_each_family_builds_a_finite_answer_with_the_value_slot(family):
    for i in range(25):
        text, story = compose(random.Random(i), family=family)
        assert story.code.startswith("result = ") and "{v}" in story.answer
        value = evaluate(story.code)
        assert value == value and abs(value) < 1e15, (text, story.code)
        assert text[-1] in ".?!" and "  " not in text and "{" not in text, text


def test_breadth_many_programs_and_wordings():
    stories = _many(2000)
    subfamilies = {s.family for _, s in stories}
    masked = {re.sub(r"[\d.,]+|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                     r"twelve)\b", "#", t) for t, _ in stories}
    assert len(subfamilies) >= 45
    assert len(masked) >= 1500  # wordings, numbers masked: nearly every story reads anew


def _frame_words(kind):
    """The fixed words of one frame family (what distinguishes it), e.g. 'I need to know'."""
    from gba.simulation.stories import DIRECT
    words = set()
    for template in FRAMES[kind] + DIRECT[kind]:
        for part in re.split(r"\{\w\}", template):
            part = part.strip(" .,:?-")
            if len(part) > 6:
                words.add(part)
    return words


def test_the_held_out_frames_never_reach_training_requests():
    held = _frame_words(HELD_OUT_FRAMES)
    assert held
    for text, _ in _many(1500):
        assert not any(w in text for w in held), text
    assert all(any(w in text for w in held) for text, _ in _many(200, held_out=True))


def test_the_dataset_card_says_how_broad_the_word_problems_are():
    from gba.simulation.package import word_problem_breadth

    line = word_problem_breadth(draws=400)
    counts = [int(x) for x in re.findall(r"\b(\d+) (?:operation families|programs|training "
                                         r"frames)", line)]
    assert counts[0] == len(FAMILIES) and counts[1] >= 40
    assert counts[2] == sum(len(v) for k, v in FRAMES.items() if k != HELD_OUT_FRAMES)


def test_composed_changes_keep_whole_positive_counts():
    """Several changes to a count (more groups, some taken or given to each, the rest shared
    out) always leave a whole, positive number, and each change is in the code."""
    seen = set()
    for i in range(400):
        text, story = compose(random.Random(f"c{i}"), family="chain")
        value = story.value
        assert value > 0 and value == int(value), (text, story.code)
        seen.add(story.family)
        if "shared equally" in text:
            assert ") / " in story.code, (text, story.code)
        if " more " in text:
            assert story.code.startswith("result = ("), (text, story.code)
    assert seen >= {"chain1", "chain2", "chain3"}


def test_periods_left_implicit_use_the_count_of_the_span():
    """'5 km every day ... in a week' multiplies by 7 although no 7 is written."""
    factors = {"a week": 7, "a fortnight": 14, "a 30-day month": 30, "a year": None,
               "an hour": 60, "a day": 24}
    hits = 0
    for i in range(300):
        text, story = compose(random.Random(f"p{i}"), family="per_period")
        for words, k in factors.items():
            if re.search(rf"\bin {words}\b", text) and k is not None:
                assert story.code.endswith(f"* {k}"), (text, story.code)
                hits += 1
        assert ungrounded(story.code, numbers_in(text)) == []
    assert hits >= 60
