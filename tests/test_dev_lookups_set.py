"""The development set of lookups and conversions (data/requests/real_dev_lookups.jsonl):
it loads by name, its answers are what scripts/check_dev_lookups.py derives from the offline
corpus, its entities are held out of training and shared with no other request set."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from gba.evaluation.metrics import answer_correct
from gba.simulation.corpus import held_out
from gba.simulation.records import GroundTruth
from gba.trajectory import request_set

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def lookups():
    return request_set("real-dev-lookups")


def test_records_validate_and_each_canonical_answer_scores(lookups):
    assert len(lookups) >= 40
    assert [r.id for r in lookups] == [f"devlook-{i:03d}" for i in range(len(lookups))]
    for r in lookups:
        truth = GroundTruth.model_validate(r.ground_truth)
        assert answer_correct(truth.answer, truth), r.id
        assert ("search_wikipedia" in truth.tools) == bool(truth.entities), r.id
        assert not truth.user_facts and "ask_user" not in truth.tools, r.id
        if truth.kind == "death_year":  # a year alone: no pointless calculation planned
            assert truth.tools == ["search_wikipedia", "final_answer"]
            assert not answer_correct(str(int(truth.value) - 1), truth)


def test_entities_are_held_out_and_in_no_other_set(lookups):
    ours = {e for r in lookups for e in r.ground_truth["entities"]}
    assert ours and all(held_out(e) for e in ours)
    for name in ("real", "real-test", "real-broad-test", "real-dev-words"):
        others = request_set(name)
        assert not ours & {e for r in others for e in r.ground_truth.get("entities", [])}, name
        assert not {r.text for r in lookups} & {r.text for r in others}, name


def test_the_committed_file_is_what_the_evidence_check_writes(monkeypatch):
    from gba.retrieval.corpus import offline_descriptions

    if not offline_descriptions():
        pytest.skip("the offline Wikipedia summaries are not installed")
    scripts = ROOT / "scripts"
    monkeypatch.syspath_prepend(str(scripts))
    modules = {}
    for name in ("check_broad_set", "check_dev_lookups"):
        spec = importlib.util.spec_from_file_location(name, scripts / f"{name}.py")
        modules[name] = importlib.util.module_from_spec(spec)
        monkeypatch.setitem(sys.modules, name, modules[name])  # dataclasses look it up
        spec.loader.exec_module(modules[name])
    broad, dev = modules["check_broad_set"], modules["check_dev_lookups"]
    records, problems = broad.build(broad.load_corpus(None), dev.spec_list(), "devlook")
    assert problems == []
    assert broad.dump(records) == dev.OUT.read_text(encoding="utf-8")
