"""Checks the hand-written development sets share (tests/test_dev_mixed_set.py and
tests/test_dev_fresh_set.py): each canonical answer scores, the tools fit the kind, each
user fact wins for one of its keys, and plausible planner questions get the right fact from
both the scripted user and the real environment's."""

from __future__ import annotations

from collections.abc import Callable

from gba.evaluation.metrics import answer_correct
from gba.evaluation.runner import GroundTruthUser
from gba.simulation.records import GroundTruth
from gba.tools.ask_user import ScriptedAnswers
from gba.trajectory import Request


def check_truths(requests: list[Request], asks: set[str], searches: set[str] | None = None
                 ) -> None:
    """Each canonical answer scores; searches and questions to the user fit the kind (a
    kind in `searches`, where given, searches and names entities); a comparison names its
    winner and scores its loser wrong."""
    for r in requests:
        truth = GroundTruth.model_validate(r.ground_truth)
        assert answer_correct(truth.answer, truth, r.text), r.id
        if searches is not None:
            assert (truth.kind in searches) == ("search_wikipedia" in truth.tools), r.id
        assert ("search_wikipedia" in truth.tools) == bool(truth.entities), r.id
        asked = truth.kind in asks
        assert asked == ("ask_user" in truth.tools) == bool(truth.user_facts), r.id
        assert asked == bool(truth.details["user_values"]), r.id
        if truth.kind == "compare":  # the winner named, the loser in details.other
            assert truth.value is None and truth.must_mention[0] == truth.answer, r.id
            (other,) = truth.details["other"]
            assert {truth.answer, other} == set(truth.entities), r.id
            assert not answer_correct(other, truth, r.text), r.id
        else:
            assert truth.value is not None, r.id


def check_fact_keys(requests: list[Request]) -> None:
    """The first fact with a key in the question answers, so each fact must win for at least
    one of its own keys (a later fact's keys must not all be caught by an earlier fact)."""
    for r in requests:
        facts = r.ground_truth["user_facts"]
        by_text: dict[str, list[str]] = {}
        for key, text in facts.items():
            by_text.setdefault(text, []).append(key)
        for text, keys in by_text.items():
            answers = ScriptedAnswers(facts)
            assert any(answers(f"Could you tell me about the {k}?") == text for k in keys), (
                r.id, text)


def check_planner_questions(requests: list[Request], asks: set[str],
                            questions: dict[str, list[tuple[str, str]]],
                            fact_texts: Callable[[str], dict[str, str]]) -> None:
    """Every request that asks the user has `questions` (question, the user value it must
    get), every user value is asked for, and the scripted user and the real environment's
    `GroundTruthUser` answer each with that value's text (`fact_texts(request id)`)."""
    by_id = {r.id: r for r in requests}
    assert {r.id for r in requests if r.ground_truth["kind"] in asks} == set(questions)
    for rid, asked in questions.items():
        truth = by_id[rid].ground_truth
        assert {name for _, name in asked} == set(truth["details"]["user_values"]), rid
        text_of = fact_texts(rid)
        scripted = ScriptedAnswers(truth["user_facts"], default="(no answer)")
        real = GroundTruthUser()
        real.start(by_id[rid])  # the real environment's ask_user
        for question, name in asked:
            assert scripted(question) == text_of[name], (rid, question)
            assert real(question) == text_of[name], (rid, question)
