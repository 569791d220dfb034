"""The other end of a span in a final answer (gba.tools.spans)."""

from __future__ import annotations

import pytest

from gba.tools.spans import asked_end, span_years, wrong_end

WAR = ["World War I lasted from 1914 to 1918. (Sources: World War I)"]
WALL = ["Cold War barrier around West Berlin (1961–1989). (Sources: Berlin Wall)"]


@pytest.mark.parametrize("request_text, asked", [
    ("When did World War I break out?", "start"),
    ("In what year was the company founded?", "start"),
    ("When did the Berlin Wall come down?", None),  # "come down": not a word of ours
    ("When did the Berlin Wall fall?", "end"),
    ("In which year did Gran Colombia cease to exist?", "end"),
    ("When was Albert Einstein born?", None),  # a life: life_years judges it
    ("How long did World War I last?", None),
])
def test_asked_end(request_text, asked):
    assert asked_end(request_text) == asked


def test_span_years_from_ranges_and_verbs():
    assert span_years(WAR + WALL + ["The club was founded in 1899."]) == (
        {1914, 1961, 1899}, {1918, 1989})
    assert span_years(["It holds 1,300 to 2,000 people."]) == (set(), set())  # not years


@pytest.mark.parametrize("request_text, answer, found, flagged", [
    ("When did World War I break out?", "It ended in 1918.", WAR, ["1918"]),
    ("When did World War I break out?", "It began in 1914.", WAR, []),
    ("When did World War I break out?", "It lasted from 1914 to 1918.", WAR, []),
    ("When did World War I end?", "It began in 1914.", WAR, ["1914"]),
    ("When did the Berlin Wall fall?", "It fell in 1989.", WALL, []),
    ("When did the Berlin Wall fall?", "It fell in 1961.", WALL, ["1961"]),
    ("How long did World War I last?", "4 years, 1914 to 1918.", WAR, []),
    ("When did World War I break out?", "It broke out in 1913.", WAR, []),  # not a span year
])
def test_wrong_end(request_text, answer, found, flagged):
    assert wrong_end(request_text, answer, found) == flagged
