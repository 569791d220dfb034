"""Fine-tuning: config errors, prompt masking on the labels, tokenization that matches
inference, and a few-step LoRA run that lowers the loss and resumes from its checkpoint."""

from __future__ import annotations

import csv
import json

import pytest

from gba.simulation.records import Example
from gba.training.config import TrainConfig, TrainingConfigError, load_config
from gba.training.data import IGNORE, encode_example, read_examples

CHAT = "<|im_start|>user\n{q}<|im_end|>\n<|im_start|>assistant\n"
FACTS = [("Zorblat", 17), ("Quenmar", 4), ("Tivolux", 92), ("Brannok", 35),
         ("Ulvenor", 8), ("Mestrak", 61)]


def toy_examples(split: str = "train") -> list[Example]:
    """Planner-like examples with a fixed JSON answer per fictional entity."""
    return [Example(id=f"{split}{i}", request_id=f"{split}{i}", split=split, role="planner",
                    prompt=CHAT.format(q=f"How many moons does {name} have?"),
                    completion=json.dumps({"task": f"Look up the moons of {name}.",
                                           "selected_tool": "search_wikipedia", "n": n}))
            for i, (name, n) in enumerate(FACTS)]


def write_toy_dataset(folder) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for split in ("train", "validation"):
        lines = [e.model_dump_json() for e in toy_examples(split)]
        (folder / f"{split}.jsonl").write_text("\n".join(lines) + "\n")


def toy_config(tmp_path, **overrides) -> TrainConfig:
    write_toy_dataset(tmp_path / "data")
    settings = dict(dataset=tmp_path / "data", output_dir=tmp_path / "run", max_length=128,
                    batch_size=6, learning_rate=5e-3, max_steps=4, eval_every=2, save_every=2,
                    log_every=1, bf16="false", warmup_ratio=0.0)
    settings.update(overrides)
    return TrainConfig(**settings)


@pytest.fixture(scope="module")
def tokenizer():
    pytest.importorskip("transformers")
    from transformers import AutoTokenizer

    from gba.training.base_model import base_dir

    return AutoTokenizer.from_pretrained(base_dir("smollm2"))


def test_config_errors_name_the_problem(tmp_path):
    with pytest.raises(TrainingConfigError, match="no training config"):
        load_config(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("dataset: [unclosed\n")
    with pytest.raises(TrainingConfigError, match="not valid YAML"):
        load_config(bad)
    bad.write_text("dataset: d\noutput_dir: o\nroles: [planer]\n")
    with pytest.raises(TrainingConfigError, match="unknown roles"):
        load_config(bad)
    bad.write_text("dataset: d\noutput_dir: o\nlearning_rat: 0.1\n")
    with pytest.raises(TrainingConfigError, match="learning_rat"):
        load_config(bad)


def test_missing_dataset_is_a_clear_error(tmp_path):
    config = TrainConfig(dataset=tmp_path / "nowhere", output_dir=tmp_path / "run")
    with pytest.raises(TrainingConfigError, match="does not exist"):
        config.check_dataset()
    (tmp_path / "nowhere").mkdir()
    (tmp_path / "nowhere" / "train.jsonl").write_text("")
    with pytest.raises(TrainingConfigError, match="validation.jsonl"):
        config.check_dataset()


def test_published_and_tiny_configs_load():
    tiny = load_config("configs/train/tiny.yaml")
    published = load_config("configs/train/published.yaml")
    assert tiny.quantization == "none" and tiny.base_model == "smollm2"
    assert published.quantization == "4bit" and published.lora.r == 16
    assert published.learning_rate == 2e-4 and published.epochs == 2
    assert published.max_length == 1024
    assert published.lora.target_modules == ["q_proj", "k_proj", "v_proj", "o_proj"]


def test_command_line_overrides_replace_config_fields():
    tiny = load_config("configs/train/tiny.yaml")
    ablation = load_config("configs/train/tiny.yaml", max_steps=7, completion_only_loss=False,
                           output_dir=None)
    assert tiny.completion_only_loss and not ablation.completion_only_loss
    assert ablation.max_steps == 7 and ablation.output_dir == tiny.output_dir


def test_read_examples_filters_roles_and_samples(tmp_path):
    write_toy_dataset(tmp_path)
    assert len(read_examples(tmp_path / "train.jsonl", ["planner"])) == len(FACTS)
    assert len(read_examples(tmp_path / "train.jsonl", limit=2)) == 2
    with pytest.raises(TrainingConfigError, match="no examples"):
        read_examples(tmp_path / "train.jsonl", ["search_query"])


def test_completion_only_masking_leaves_prompt_tokens_without_loss(tokenizer):
    example = toy_examples()[0]
    masked = encode_example(tokenizer, example, completion_only=True)
    full = encode_example(tokenizer, example, completion_only=False)
    n_prompt = len(tokenizer(example.prompt, add_special_tokens=False)["input_ids"])
    assert masked["input_ids"] == full["input_ids"]
    assert masked["labels"][:n_prompt] == [IGNORE] * n_prompt
    assert masked["labels"][n_prompt:] == masked["input_ids"][n_prompt:]
    assert IGNORE not in full["labels"] and full["labels"] == full["input_ids"]
    assert masked["input_ids"][-1] == tokenizer.convert_tokens_to_ids("<|im_end|>")
    decoded = tokenizer.decode(masked["input_ids"][n_prompt:])
    assert decoded == example.completion + "<|im_end|>"


@pytest.mark.integration
def test_training_prompt_tokens_are_the_inference_tokens(tokenizer, local_client):
    for example in toy_examples()[:3]:
        encoded = encode_example(tokenizer, example)["input_ids"]
        at_inference = local_client.tokenize(example.prompt)
        assert encoded[: len(at_inference)] == at_inference
        assert len(encoded) > len(at_inference)


@pytest.mark.integration
def test_few_step_lora_lowers_validation_loss_and_resumes(tmp_path):
    pytest.importorskip("trl")
    from gba.training.sft import train

    first = train(toy_config(tmp_path, max_steps=2))
    assert first.steps == 2 and (tmp_path / "run" / "checkpoints" / "checkpoint-2").is_dir()
    result = train(toy_config(tmp_path, max_steps=4), resume=True)
    assert result.steps == 4
    with open(tmp_path / "run" / "loss.csv") as handle:
        rows = list(csv.DictReader(handle))
    evals = [float(r["eval_loss"]) for r in rows if r["eval_loss"]]
    assert int(rows[0]["step"]) == 0 and evals[-1] < evals[0] - 0.2
    assert (tmp_path / "run" / "loss.png").stat().st_size > 0
    assert (tmp_path / "run" / "adapter" / "adapter_config.json").is_file()
    assert result.tokens_per_second > 0 and result.train_tokens_seen > 0


def test_train_command_reports_a_missing_dataset(tmp_path):
    from click.testing import CliRunner

    from gba.cli.train import train as train_command

    config = tmp_path / "c.yaml"
    config.write_text(f"dataset: {tmp_path / 'nowhere'}\noutput_dir: {tmp_path / 'run'}\n")
    result = CliRunner().invoke(train_command, [str(config), "--max-steps", "1"])
    assert result.exit_code == 1
    assert "does not exist" in result.output
