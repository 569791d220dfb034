"""The lean CPU trainer: role-weighted sampling, length-grouped batches, a few steps that
lower the validation loss, and an adapter the exporter accepts."""

from __future__ import annotations

import csv
import json
import random

import pytest
from test_training import toy_config

from gba.training.lean import batches_by_tokens, sample_examples
from gba.training.sft import TrainResult


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
    result = train_lean(config)
    assert result.trainer == "lean" and result.steps >= 1 and result.tokens_per_second > 0
    assert result.final_eval_loss < result.first_eval_loss - 0.2
    assert TrainResult.model_validate_json((tmp_path / "run" / "metrics.json").read_text()
                                           ) == result
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
    assert first.steps == 1 and first.resumed_from_step == 0
    assert (tmp_path / "run" / "trainer_state.pt").exists()
    second = train_lean(toy_config(tmp_path, max_steps=3, **common))  # the toy data: 3 batches
    assert second.resumed_from_step == 1 and second.steps == 3
    assert second.train_tokens_seen > first.train_tokens_seen
    with open(tmp_path / "run" / "loss.csv") as handle:
        steps = [int(r["step"]) for r in csv.DictReader(handle) if r["train_loss"]]
    assert steps == [1, 2, 3]


def test_the_planners_first_steps_can_be_given_a_share():
    rows = [{"role": "planner", "step": i % 4, "id": str(i)} for i in range(400)]
    rows += [{"role": "final_answer", "step": 1, "id": f"f{i}"} for i in range(100)]
    chosen = sample_examples(rows, {"planner": 0.8, "final_answer": 0.2}, 100,
                             random.Random(0), first_steps=0.75)
    plans = [r for r in chosen if r["role"] == "planner"]
    assert len(plans) == 80 and sum(r["step"] == 0 for r in plans) == 60
    assert sum(r["role"] == "final_answer" for r in chosen) == 20


def test_the_encoder_appends_the_end_of_turn_and_refuses_a_prompt_that_is_no_prefix():
    from gba.training.lean import END_OF_TURN, Encoder

    encode = Encoder(lambda text: [ord(c) for c in text], max_length=8)
    ids, n_prompt, decisions = encode({"id": "a", "prompt": "ab", "completion": "c"})
    assert decisions == ()  # not a planner example
    assert n_prompt == 2 and ids == [ord(c) for c in "abc" + END_OF_TURN][:8]
    merged = Encoder(lambda text: [len(text)] if text.endswith(END_OF_TURN) else [0, 1], 8)
    with pytest.raises(ValueError, match="not a prefix"):
        merged({"id": "b", "prompt": "ab", "completion": "c"})


def test_a_plans_decision_tokens_are_found_and_weighted():
    import json

    torch = pytest.importorskip("torch")
    from gba.training.lean import Encoder, batch_loss

    plan = json.dumps({"context_information_summary": "Nothing yet.", "thoughts": "All given.",
                       "task": "Compute 2 * 3.", "selected_tool": "calculate_number"})
    row = {"id": "p", "role": "planner", "prompt": "P:", "completion": plan}
    ids, n_prompt, decisions = Encoder(lambda text: [ord(c) for c in text], 400)(row)
    text = "".join(chr(i) for i in ids)
    assert "".join(text[p] for p in decisions) == '"All"calcul'  # the quote before, 3 or 6 on

    class Toy(torch.nn.Module):  # the shape batch_loss reaches into: base_model.model.{model,lm_head}
        def __init__(self):
            super().__init__()
            self.model, self.lm_head = self, torch.nn.Linear(4, 500)
            self.emb = torch.nn.Embedding(500, 4)
            self.base_model = self

        def forward(self, input_ids, attention_mask):
            return type("Out", (), {"last_hidden_state": self.emb(input_ids)})()

    toy = Toy()
    plain, n = batch_loss(toy, [(ids, n_prompt, decisions)], True)
    weighted, m = batch_loss(toy, [(ids, n_prompt, decisions)], True, decision_weight=10.0)
    unmarked, _ = batch_loss(toy, [(ids, n_prompt, ())], True, decision_weight=10.0)
    assert n == m == len(ids) - n_prompt and unmarked.item() == pytest.approx(plain.item())
    assert weighted.item() != pytest.approx(plain.item())
    half, k = batch_loss(toy, [(ids, n_prompt, decisions)], True, bf16=True)  # autocast
    assert k == n and half.dtype == torch.float32
    assert half.item() == pytest.approx(plain.item(), rel=0.05) and half.item() != plain.item()


def test_the_schedule_warms_up_anneals_and_follows_the_time_budget():
    from gba.training.lean import Schedule

    by_steps = Schedule(first=0, steps=10, warmup=2, limit_s=0)
    assert by_steps(0) == pytest.approx(0.5) and by_steps(1) > by_steps(5) > by_steps(9) > 0.1
    by_time = Schedule(first=0, steps=1000, warmup=1, limit_s=100, elapsed=100)
    assert by_time(3) == pytest.approx(0.1)  # the budget is spent: the floor
    resumed = Schedule(first=5, steps=10, warmup=2, limit_s=0, rewarm=5)
    assert resumed(0) == pytest.approx(0.5 * by_steps(5))  # a fresh optimizer warms up again


def test_first_steps_can_choose_each_tool_equally_often():

    def plan(i: int, tool: str) -> dict:
        return {"role": "planner", "step": 0, "id": f"{tool}{i}",
                "completion": json.dumps({"thoughts": "x", "selected_tool": tool})}

    rows = [plan(i, "search") for i in range(300)] + [plan(i, "calc") for i in range(100)]
    rows += [plan(i, "ask") for i in range(20)] + [{"role": "planner", "step": 1, "id": "l",
                                                    "completion": "{}"}] * 50
    chosen = sample_examples(rows, {"planner": 1.0}, 200, random.Random(0), first_steps=0.6,
                             balance=True)
    tools = [json.loads(r["completion"]).get("selected_tool") for r in chosen if r["step"] == 0]
    counts = {t: tools.count(t) for t in ("search", "calc", "ask")}
    assert counts["ask"] == 40  # 20 plans, each at most twice
    assert counts["search"] + counts["calc"] == 80 and abs(counts["search"] - counts["calc"]) <= 1
    assert len({r["id"] for r in chosen if r["id"].startswith("ask")}) == 20
    assert sum(r["step"] == 1 for r in chosen) == 50  # all the later steps there are
    plain = sample_examples(rows, {"planner": 1.0}, 200, random.Random(0), first_steps=0.6)
    assert sum(json.loads(r["completion"]).get("selected_tool") == "search" for r in plain) > 60


def test_template_weights_draw_the_named_templates_more_often():
    rows = [{"role": "planner", "id": i, "template": "two" if i % 10 == 0 else "one"}
            for i in range(1000)]
    plain = sample_examples(rows, {"planner": 1.0}, 100, random.Random(0))
    focused = sample_examples(rows, {"planner": 1.0}, 100, random.Random(0),
                              templates={"two": 5.0})
    share = [sum(r["template"] == "two" for r in s) / 100 for s in (plain, focused)]
    assert share[0] < 0.2 and 0.25 < share[1] < 0.55, share  # 10% drawn; ~36% weighted
    assert len({r["id"] for r in focused}) == 100  # without replacement


@pytest.mark.integration
def test_tokenized_batches_are_kept_and_reused_without_llama_cpp(tmp_path, model_path,
                                                                 monkeypatch):
    """The run folder keeps its tokenized batches: a second start (here, or on a GPU machine
    without llama.cpp) reads them instead of tokenizing, and a change of the sampling settings
    or of the dataset makes them be tokenized again."""
    import gba.client.local
    from gba.training.lean import BATCHES, make_batches

    config = toy_config(tmp_path, trainer="lean", role_weights={"planner": 1.0},
                        roles=["planner"], max_train_examples=20, batch_tokens=256)
    run = tmp_path / "run"
    run.mkdir()
    first = make_batches(config, random.Random(0), run)
    assert (run / BATCHES).is_file() and first.train

    def no_llama(*args, **kwargs):
        raise AssertionError("tokenized again")

    monkeypatch.setattr(gba.client.local, "LocalClient", no_llama)
    again = make_batches(config, random.Random(0), run)
    assert again == first
    moved = config.dataset.rename(tmp_path / "elsewhere")  # e.g. on a GPU machine
    assert make_batches(config, random.Random(0), run) == first
    moved.rename(config.dataset)
    with pytest.raises(AssertionError, match="tokenized again"):
        make_batches(config.model_copy(update={"batch_tokens": 512}), random.Random(0), run)
    (run / BATCHES).write_bytes(b"not gzip")  # a damaged file is tokenized again, no crash
    with pytest.raises(AssertionError, match="tokenized again"):
        make_batches(config, random.Random(0), run)
    with open(config.dataset / "train.jsonl", "a") as handle:
        handle.write("\n")
    with pytest.raises(AssertionError, match="tokenized again"):
        make_batches(config, random.Random(0), run)
