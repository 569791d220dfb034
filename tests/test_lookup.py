"""Prompt-lookup drafts (gba.client.lookup): what is guessed from where."""

from __future__ import annotations

from gba.client.lookup import propose


def test_the_latest_earlier_occurrence_is_continued():
    history = [7, 8, 1, 7, 8, 2, 3, 7, 8]
    assert propose(history, max_draft=2, ngrams=(2,)) == [2, 3]


def test_the_longest_tail_that_occurred_wins():
    # "8 9" last occurred before 5; "1 8 9" occurred earlier, before 4
    history = [1, 8, 9, 4, 0, 8, 9, 5, 1, 8, 9]
    assert propose(history, max_draft=1, ngrams=(3, 2)) == [4]
    assert propose(history, max_draft=1, ngrams=(2,)) == [5]


def test_draft_length_is_capped_by_max_draft_and_the_history():
    history = list(range(20)) + [3, 4, 5]
    assert propose(history, max_draft=4) == [6, 7, 8, 9]
    assert propose(history, max_draft=0) == []
    assert propose([1, 2, 3, 1, 2, 3], max_draft=10) == [1, 2, 3]


def test_no_guess_without_an_earlier_occurrence_or_history():
    assert propose([1, 2, 3, 4, 5, 6], max_draft=3) == []
    assert propose([1, 1], max_draft=3) == []
    assert propose([], max_draft=3) == []
