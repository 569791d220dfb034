"""Checks the hand-written development sets share (tests/test_dev_mixed_set.py and
tests/test_dev_fresh_set.py): each canonical answer scores, the tools fit the kind, each
user fact wins for one of its keys, and plausible planner questions get the right fact from
both the scripted user and the real environment's."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from gba.evaluation.metrics import answer_correct
from gba.evaluation.runner import GroundTruthUser
from gba.simulation.records import GroundTruth
from gba.tools.ask_user import ScriptedAnswers
from gba.trajectory import Request

ROOT = Path(__file__).resolve().parents[1]


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


def check_apart(requests: list[Request], others: tuple[str, ...]) -> None:
    """Every entity is held out of training, and no entity or request text is in `others`."""
    from gba.simulation.corpus import held_out
    from gba.trajectory import request_set

    ours = {e for r in requests for e in r.ground_truth["entities"]}
    assert ours and all(held_out(e) for e in ours)
    for name in others:
        theirs = request_set(name)
        assert not ours & {e for r in theirs for e in r.ground_truth.get("entities", [])}, name
        assert not {r.text for r in requests} & {r.text for r in theirs}, name


def check_not_in_bank(requests: list[Request]) -> None:
    """No request text is a task of the solved-examples bank."""
    from gba.tools.examples import BANK_PATH, read_pairs

    tasks = " ".join(task for task, _ in read_pairs(BANK_PATH)).lower()
    assert not [r.id for r in requests if r.text.lower() in tasks]


def check_committed(script: str, prefix: str) -> None:
    """The committed set is what scripts/`script`.py writes from the offline corpus (skipped
    where the summaries are not installed)."""
    from gba.retrieval.corpus import offline_descriptions

    if not offline_descriptions():
        pytest.skip("the offline Wikipedia summaries are not installed")
    modules = load_scripts(script)
    broad, dev = modules["check_broad_set"], modules[script]
    records, problems = broad.build(broad.load_corpus(None), dev.spec_list(), prefix)
    assert problems == []
    assert broad.dump(records) == dev.OUT.read_text(encoding="utf-8")


_MODULES: dict[str, object] = {}


def load_scripts(*names: str) -> dict[str, object]:
    """scripts/check_broad_set.py and `names` as modules (each loaded once; the sibling
    import needs the scripts folder on the path and the module in sys.modules)."""
    wanted = [n for n in ("check_broad_set", *names) if n not in _MODULES]
    if wanted:
        scripts = ROOT / "scripts"
        saved_path, saved = list(sys.path), {n: sys.modules.get(n) for n in wanted}
        sys.path.insert(0, str(scripts))
        try:
            for name in wanted:
                spec = importlib.util.spec_from_file_location(name, scripts / f"{name}.py")
                module = importlib.util.module_from_spec(spec)
                sys.modules[name] = module  # dataclasses look it up
                spec.loader.exec_module(module)
                _MODULES[name] = module
        finally:
            sys.path[:] = saved_path
            for name, old in saved.items():
                if old is None:
                    sys.modules.pop(name, None)
                else:
                    sys.modules[name] = old
    return _MODULES
