"""Supervised fine-tuning with LoRA (or QLoRA on CUDA) through trl's SFTTrainer and peft.

`train(config)` builds the tokenized datasets (`gba.training.data`), wraps the base model in a
LoRA adapter and trains, writing into `config.output_dir`:

    checkpoints/   trainer checkpoints (resume with `resume=True`)
    adapter/       the final LoRA adapter (peft format) and tokenizer
    loss.csv       step, train loss, validation loss (rewritten at every log: survives crashes)
    loss.png       the curves
    metrics.json   steps, tokens seen, training tokens/s, wall time, final validation loss

Precision: bfloat16 autocast when the hardware has it (`bf16: auto`); on CPU that needs
AVX512-BF16 or AMX. QLoRA (`quantization: 4bit`) loads the base in 4 bits with bitsandbytes
and needs CUDA. Multi-GPU runs go through `accelerate launch --config_file
configs/train/fsdp.yaml -m gba.cli.train ...`; nothing here launches processes.

>>> resolve_bf16("false")
False
"""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from gba.training.config import TrainConfig, TrainingConfigError


class TrainResult(BaseModel):
    """What a run reports (also saved as metrics.json), from either trainer: trl's (here)
    or the lean trainer (gba.training.lean, which also says how far an earlier attempt
    got and the loss before training)."""

    run_dir: str
    adapter_dir: str
    steps: int
    train_examples: int
    train_tokens_seen: int
    train_seconds: float
    tokens_per_second: float
    final_train_loss: float | None
    final_eval_loss: float | None
    bf16: bool
    device: str
    trainer: Literal["trl", "lean"] = "trl"
    planned_steps: int | None = None
    resumed_from_step: int = 0
    first_eval_loss: float | None = None


def resolve_bf16(setting: str) -> bool:
    """Whether to train under bfloat16 autocast."""
    if setting in ("true", "false"):
        return setting == "true"
    import torch

    if torch.cuda.is_available():
        return torch.cuda.is_bf16_supported()
    return cpu_has_bf16()


def cpu_has_bf16() -> bool:
    """True when the CPU has native bfloat16 arithmetic (AVX512-BF16 or AMX)."""
    try:
        flags = Path("/proc/cpuinfo").read_text().split()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def load_model(config: TrainConfig, model_dir: str) -> Any:
    """The base model, in 4 bits for QLoRA, with a fresh LoRA adapter."""
    import torch
    from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training
    from transformers import AutoModelForCausalLM

    kwargs: dict[str, Any] = {"dtype": torch.float32}
    if config.quantization == "4bit":
        if not torch.cuda.is_available():
            raise TrainingConfigError(
                "quantization: 4bit (QLoRA) needs a CUDA GPU (bitsandbytes); on CPU use "
                "quantization: none")
        from transformers import BitsAndBytesConfig

        kwargs = {"dtype": torch.bfloat16, "quantization_config": BitsAndBytesConfig(
            load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=torch.bfloat16)}
    model = AutoModelForCausalLM.from_pretrained(model_dir, **kwargs)
    if config.quantization == "4bit":
        model = prepare_model_for_kbit_training(model)
    lora = LoraConfig(r=config.lora.r, lora_alpha=config.lora.alpha,
                      lora_dropout=config.lora.dropout,
                      target_modules=config.lora.target_modules, task_type="CAUSAL_LM")
    return get_peft_model(model, lora)


def train(config: TrainConfig, *, resume: bool = False) -> TrainResult:
    """Fine-tune per `config`; `resume` continues from the newest checkpoint in the run dir."""
    import torch
    from transformers import AutoTokenizer
    from trl import SFTConfig, SFTTrainer

    from gba.training.base_model import base_dir
    from gba.training.data import build_dataset, read_examples

    config.check_dataset()
    run_dir = Path(config.output_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "config.json").write_text(config.model_dump_json(indent=2))
    model_dir = base_dir(config.base_model)
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    roles = config.roles
    train_examples = read_examples(config.dataset / "train.jsonl", roles, config.max_train_examples,
                                   config.seed)
    eval_examples = read_examples(config.dataset / "validation.jsonl", roles,
                                  config.max_eval_examples, config.seed)
    options = {"completion_only": config.completion_only_loss, "max_length": config.max_length}
    train_set = build_dataset(tokenizer, train_examples, **options)
    eval_set = build_dataset(tokenizer, eval_examples, **options)

    bf16 = resolve_bf16(config.bf16)
    cuda = torch.cuda.is_available()
    packed = config.batching == "packed"
    args = SFTConfig(
        output_dir=str(run_dir / "checkpoints"),
        max_length=config.max_length,
        packing=packed,
        train_sampling_strategy="random" if packed else "group_by_length",
        completion_only_loss=False,  # the labels column already carries the prompt mask
        per_device_train_batch_size=config.batch_size,
        per_device_eval_batch_size=config.batch_size,
        gradient_accumulation_steps=config.gradient_accumulation,
        learning_rate=config.learning_rate,
        num_train_epochs=config.epochs,
        max_steps=config.max_steps,
        warmup_steps=config.warmup_ratio,
        lr_scheduler_type="cosine",
        bf16=bf16,
        activation_checkpointing=config.gradient_checkpointing,
        use_cpu=not cuda,
        eval_strategy="steps",
        eval_on_start=True,
        eval_steps=config.eval_every,
        save_strategy="steps",
        save_steps=config.save_every,
        save_total_limit=2,
        logging_steps=config.log_every,
        include_num_input_tokens_seen="non_padding",
        report_to="none",
        seed=config.seed,
        dataloader_num_workers=0,
    )
    trainer = SFTTrainer(model=load_model(config, model_dir), args=args, train_dataset=train_set,
                         eval_dataset=eval_set, processing_class=tokenizer,
                         callbacks=[loss_log_callback(run_dir)])
    checkpoint = resume and _latest_checkpoint(run_dir / "checkpoints")
    tokens_before = _tokens_in_checkpoint(checkpoint) if checkpoint else 0
    started = time.perf_counter()
    trainer.train(resume_from_checkpoint=checkpoint or None)
    seconds = time.perf_counter() - started
    step = trainer.state.global_step
    done = [e["eval_loss"] for e in trainer.state.log_history
            if "eval_loss" in e and e.get("step") == step]
    if done:
        final_eval = done[-1]
    else:
        final_eval = trainer.evaluate()["eval_loss"]
        trainer.state.log_history.append({"step": step, "eval_loss": final_eval})
    write_loss_files(trainer.state.log_history, run_dir)
    adapter_dir = run_dir / "adapter"
    trainer.model.save_pretrained(adapter_dir)
    tokenizer.save_pretrained(adapter_dir)
    (adapter_dir / "base_model.txt").write_text(model_dir + "\n")
    tokens = int(trainer.state.num_input_tokens_seen) - tokens_before
    train_losses = [e["loss"] for e in trainer.state.log_history if "loss" in e]
    result = TrainResult(
        run_dir=str(run_dir), adapter_dir=str(adapter_dir), steps=trainer.state.global_step,
        train_examples=len(train_set), train_tokens_seen=tokens, train_seconds=round(seconds, 1),
        tokens_per_second=round(tokens / seconds, 1) if seconds else 0.0,
        final_train_loss=train_losses[-1] if train_losses else None,
        final_eval_loss=final_eval, bf16=bf16, device="cuda" if cuda else "cpu")
    (run_dir / "metrics.json").write_text(result.model_dump_json(indent=2))
    return result


def _latest_checkpoint(folder: Path) -> str | None:
    found = sorted(folder.glob("checkpoint-*"), key=lambda p: int(p.name.split("-")[-1]))
    return str(found[-1]) if found else None


def _tokens_in_checkpoint(checkpoint: str) -> int:
    state = Path(checkpoint) / "trainer_state.json"
    if not state.is_file():
        return 0
    return int(json.loads(state.read_text()).get("num_input_tokens_seen", 0))


def write_loss_files(history: list[dict], run_dir: Path) -> None:
    """loss.csv (step, train_loss, eval_loss) and loss.png from the trainer's log history."""
    rows: dict[int, dict] = {}
    for entry in history:
        row = rows.setdefault(int(entry.get("step", 0)), {"step": int(entry.get("step", 0))})
        if "loss" in entry:
            row["train_loss"] = entry["loss"]
        if "eval_loss" in entry:
            row["eval_loss"] = entry["eval_loss"]
    table = [r for _, r in sorted(rows.items()) if len(r) > 1]
    with open(run_dir / "loss.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["step", "train_loss", "eval_loss"])
        writer.writeheader()
        writer.writerows(table)
    plot_losses(table, run_dir / "loss.png")


def plot_losses(table: list[dict], path: Path) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # plotting is optional; the CSV is the record
        return
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for key, label in (("train_loss", "train"), ("eval_loss", "validation")):
        points = [(r["step"], r[key]) for r in table if key in r]
        if points:
            ax.plot(*zip(*points, strict=True), marker="o" if len(points) < 30 else None,
                    label=label)
    ax.set_xlabel("optimizer step")
    ax.set_ylabel("loss (nats/token)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def loss_log_callback(run_dir: Path) -> Any:
    """A trainer callback that rewrites loss.csv/png at every log (so a crash keeps them)."""
    from transformers import TrainerCallback

    class LossLog(TrainerCallback):
        def on_log(self, args, state, control, **kwargs) -> None:
            if state.is_world_process_zero:
                write_loss_files(state.log_history, run_dir)

    return LossLog()
