"""The broad real test set (data/requests/real_broad_test.jsonl, issue 18 item 5): it loads by
name, every record validates, and its answers are the ones the committed script derives from the
offline corpus."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

from gba.evaluation.metrics import answer_correct
from gba.simulation.records import GroundTruth
from gba.trajectory import Request, request_set

ROOT = Path(__file__).resolve().parents[1]
KINDS = {"word_problem", "unit_conversion", "birth_year", "death_year", "lifespan",
         "two_entities", "event", "quantity", "compare", "user_numbers", "lookup_user"}
USER_KINDS = {"user_numbers", "lookup_user"}


@pytest.fixture(scope="module")
def broad() -> list[Request]:
    return request_set("real-broad-test")


def test_every_record_validates_with_unique_ids_and_every_kind_covered(broad):
    assert len(broad) >= 90
    ids = [r.id for r in broad]
    assert len(set(ids)) == len(ids)
    assert ids == [f"broad-{i:03d}" for i in range(len(ids))]
    kinds = Counter()
    for r in broad:
        truth = GroundTruth.model_validate(r.ground_truth)
        assert Request.model_validate(r.model_dump()) == r and r.source == "real"
        assert truth.value is not None or truth.must_mention, r.id
        assert truth.tools and truth.tools[-1] == "final_answer", r.id
        assert ("ask_user" in truth.tools) == (truth.kind in USER_KINDS) == bool(truth.user_facts)
        assert ("search_wikipedia" in truth.tools) == bool(truth.entities), r.id
        assert len(truth.details["evidence"]) == len(truth.entities), r.id
        kinds[truth.kind] += 1
    assert set(kinds) == KINDS
    assert min(kinds.values()) >= 8, kinds


def test_each_canonical_answer_scores_correct_and_year_tolerances_admit_one_year(broad):
    for r in broad:
        truth = GroundTruth.model_validate(r.ground_truth)
        assert answer_correct(truth.answer, truth), r.id
        if truth.value is not None and 0 < truth.tolerance < 0.5 and truth.value.is_integer() \
                and truth.kind in {"lifespan", "lookup_user", "two_entities", "user_numbers"}:
            assert answer_correct(str(int(truth.value) - 1), truth), r.id
            assert not answer_correct(str(int(truth.value) - 2), truth), r.id


def test_comparisons_name_one_entity_and_not_the_other(broad):
    compares = [GroundTruth.model_validate(r.ground_truth) for r in broad
                if r.ground_truth["kind"] == "compare"]
    assert compares
    for truth in compares:
        (loser,) = truth.details["other"]
        assert truth.answer in truth.entities and loser in truth.entities
        assert not answer_correct(f"{loser} comes first.", truth)


def test_the_set_shares_no_request_or_entity_with_the_earlier_real_sets(broad):
    earlier = request_set("real") + request_set("real-test")
    assert not {r.text for r in broad} & {r.text for r in earlier}
    entities = lambda rs: {e for r in rs for e in r.ground_truth["entities"]}  # noqa: E731
    assert entities(broad) and not entities(broad) & entities(earlier)


def test_the_committed_file_is_what_the_evidence_check_writes(monkeypatch):
    from gba.retrieval.corpus import offline_descriptions

    if not offline_descriptions():
        pytest.skip("the offline Wikipedia summaries are not installed")
    spec = importlib.util.spec_from_file_location("check_broad_set",
                                                  ROOT / "scripts" / "check_broad_set.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    records, problems = module.build(module.load_corpus(None))
    assert problems == []
    assert module.dump(records) == module.OUT.read_text(encoding="utf-8")
