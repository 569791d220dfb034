"""The lean CPU trainer: role-weighted sampling, length-grouped batches, a few steps that
lower the validation loss, and an adapter the exporter accepts."""

from __future__ import annotations

import csv
import random

import pytest
from test_training import toy_config

from gba.training.lean import batches_by_tokens, sample_examples


def test_sample_examples_follows_role_weights():
    rows = [{"id": f"{role}{i}", "role": role} for role in ("planner", "final_answer")
            for i in range(100)]
    chosen = sample_examples(rows, {"planner": 0.75, "final_answer": 0.25}, 40,
                             random.Random(0))
    assert [r["role"] for r in chosen].count("planner") == 30 and len(chosen) == 40
    again = sample_examples(rows, {"planner": 0.75, "final_answer": 0.25}, 40, random.Random(0))
    assert [r["id"] for r in again] == [r["id"] for r in chosen]


def test_batches_stay_within_the_token_budget():
    items = [([1] * n, 1) for n in (3, 50, 7, 20, 20, 9, 31)]
    batches = batches_by_tokens(items, budget=60)
    assert sorted(len(i[0]) for b in batches for i in b) == sorted(len(i[0]) for i in items)
    assert all(len(b) * max(len(i[0]) for i in b) <= 60 or len(b) == 1 for b in batches)


@pytest.mark.integration
def test_lean_training_lowers_validation_loss(tmp_path, model_path):
    pytest.importorskip("peft")
    from gba.training.export import adapter_base
    from gba.training.lean import train_lean

    config = toy_config(tmp_path, trainer="lean", max_steps=6, eval_every=3, save_every=3,
                        role_weights={"planner": 1.0}, roles=["planner"],
                        max_train_examples=60, batch_tokens=256, warmup_steps=1)
    metrics = train_lean(config)
    assert metrics["steps"] >= 1 and metrics["tokens_per_second"] > 0
    assert metrics["final_val_loss"] < metrics["first_val_loss"] - 0.2
    with open(tmp_path / "run" / "loss.csv") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["step"] == "0" and rows[0]["eval_loss"]
    assert adapter_base(tmp_path / "run" / "adapter")  # the exporter finds the base
    assert (tmp_path / "run" / "loss.png").exists()


@pytest.mark.integration
def test_lean_training_resumes_where_it_stopped(tmp_path, model_path):
    """A second start in the same folder goes on from the saved step: no step trained twice,
    none lost, the optimizer state carried over."""
    pytest.importorskip("peft")
    from gba.training.lean import train_lean

    common = dict(trainer="lean", eval_every=100, save_every=1, role_weights={"planner": 1.0},
                  roles=["planner"], max_train_examples=60, batch_tokens=128, warmup_steps=1,
                  max_eval_examples=4)
    first = train_lean(toy_config(tmp_path, max_steps=1, **common))
    assert first["steps"] == 1 and first["resumed_from_step"] == 0
    assert (tmp_path / "run" / "trainer_state.pt").exists()
    second = train_lean(toy_config(tmp_path, max_steps=3, **common))  # the toy data: 3 batches
    assert second["resumed_from_step"] == 1 and second["steps"] == 3
    assert second["train_tokens_seen"] > first["train_tokens_seen"]
    with open(tmp_path / "run" / "loss.csv") as handle:
        steps = [int(r["step"]) for r in csv.DictReader(handle) if r["train_loss"]]
    assert steps == [1, 2, 3]
