"""The fine-tuning recipe as one pydantic model, read from a YAML file.

A config names the base model, the dataset directory, the roles to train on, the LoRA shape,
the loss (full sequence or completion tokens only), batching and the step budget. It leaves
out everything the trainer can work out itself (device, precision when `bf16: auto`).

>>> cfg = TrainConfig(dataset="data/datasets/scripted", output_dir="runs/train/x")
>>> cfg.lora.r, cfg.completion_only_loss, cfg.roles
(8, True, [])
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from gba.errors import GBAError
from gba.simulation.records import ROLES

ATTENTION_PROJECTIONS = ["q_proj", "k_proj", "v_proj", "o_proj"]


class TrainingConfigError(GBAError):
    """A training config that cannot be read or does not validate."""


class LoraSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    r: int = Field(default=8, ge=1, description="LoRA rank")
    alpha: int = Field(default=16, ge=1)
    dropout: float = Field(default=0.05, ge=0.0, lt=1.0)
    target_modules: list[str] = Field(default_factory=lambda: list(ATTENTION_PROJECTIONS))


class TrainConfig(BaseModel):
    """One fine-tuning run. Paths are relative to the working directory."""

    model_config = ConfigDict(extra="forbid")

    trainer: Literal["trl", "lean"] = Field(
        default="trl", description="trl's SFTTrainer (packing, QLoRA, multi-GPU) or the lean "
                                   "trainer in gba.training.lean (CPU, or one CUDA GPU)")
    base_model: str = Field(
        default="smollm2",
        description="embedded model name or .gguf path (dequantized and cached as an HF "
                    "checkpoint), or an HF model id / directory")
    dataset: Path = Field(description="directory with train.jsonl and validation.jsonl")
    output_dir: Path = Field(description="run directory: checkpoints, adapter, loss curves")
    roles: list[str] = Field(default_factory=list, description="roles to train on; [] = all")
    completion_only_loss: bool = Field(
        default=True, description="loss on completion tokens only (prompt masking)")
    max_length: int = Field(default=512, ge=16, description="tokens per training sequence")
    decision_weight: float = Field(
        default=1.0, ge=1.0, description="lean trainer: the loss weight of a plan's decision "
        "tokens (gba.planner.schema.DECISION_FIELDS) against 1 for every other token")
    batching: Literal["packed", "length_grouped"] = "packed"
    lora: LoraSettings = Field(default_factory=LoraSettings)
    init_adapter: Path | None = Field(
        default=None, description="start from this exported LoRA GGUF (lean trainer; same "
        "base model and LoRA settings) instead of from zero; ignored when resuming a run")
    quantization: Literal["none", "4bit"] = Field(
        default="none", description="'4bit' = QLoRA through bitsandbytes (CUDA only)")
    learning_rate: float = Field(default=2e-4, gt=0)
    epochs: float = Field(default=1.0, gt=0)
    max_steps: int = Field(default=-1, description="stop after this many optimizer steps; -1 = "
                                                   "run the epochs")
    batch_size: int = Field(default=8, ge=1)
    gradient_accumulation: int = Field(default=1, ge=1)
    warmup_ratio: float = Field(default=0.03, ge=0, lt=1)
    bf16: Literal["auto", "true", "false"] = Field(
        default="auto", description="bfloat16 autocast; auto = on where the hardware has it")
    gradient_checkpointing: bool = Field(
        default=False, description="recompute activations (saves memory on big models, costs "
                                   "time; off for the 135M CPU run)")
    eval_every: int = Field(default=50, ge=1, description="steps between validation losses")
    save_every: int = Field(default=50, ge=1, description="steps between checkpoints")
    log_every: int = Field(default=5, ge=1)
    role_weights: dict[str, float] = Field(
        default_factory=dict, description="share of training examples per role (lean trainer)")
    first_step_share: float | None = Field(
        default=None, ge=0, le=1, description="lean trainer: share of the planner's examples "
        "that are first steps, where the request alone decides the tool; None = as drawn")
    first_step_balance: bool = Field(
        default=False, description="lean trainer, with first_step_share: those first steps "
        "choose each tool equally often (a scarce tool's plans repeat at most twice)")
    template_weights: dict[str, float] = Field(
        default_factory=dict, description="lean trainer: examples from requests of these "
        "templates or program shapes are drawn this many times as often as the rest")
    time_limit_minutes: float | None = Field(
        default=None, gt=0, description="stop cleanly after this wall time (lean trainer)")
    batch_tokens: int = Field(default=2048, ge=16, description="padded tokens per batch, "
                              "length-grouped (lean trainer)")
    warmup_steps: int = Field(default=20, ge=0, description="linear warm-up (lean trainer)")
    max_train_examples: int | None = Field(default=None, ge=1)
    max_eval_examples: int | None = Field(default=200, ge=1)
    seed: int = 0

    @field_validator("roles")
    @classmethod
    def _known_roles(cls, roles: list[str]) -> list[str]:
        unknown = sorted(set(roles) - set(ROLES))
        if unknown:
            raise ValueError(f"unknown roles {unknown}; choose from {list(ROLES)}")
        return roles

    @field_validator("bf16", mode="before")
    @classmethod
    def _bool_text(cls, value: object) -> object:
        return str(value).lower() if isinstance(value, bool) else value

    def check_dataset(self) -> None:
        """Raise a TrainingConfigError naming what is missing from the dataset directory."""
        if not self.dataset.is_dir():
            raise TrainingConfigError(
                f"dataset directory {self.dataset} does not exist. Build one with the "
                "simulation (gba.simulation) or point `dataset:` at a directory holding "
                "train.jsonl and validation.jsonl.")
        missing = [n for n in ("train.jsonl", "validation.jsonl")
                   if not (self.dataset / n).is_file()]
        if missing:
            raise TrainingConfigError(
                f"dataset directory {self.dataset} lacks {', '.join(missing)}; a dataset holds "
                "train.jsonl and validation.jsonl of gba.simulation.records.Example lines.")


def load_config(path: str | Path, **overrides: object) -> TrainConfig:
    """Read a YAML config; `overrides` (e.g. max_steps=20) replace its fields. Errors name the
    file and the field."""
    import yaml

    path = Path(path)
    if not path.is_file():
        raise TrainingConfigError(f"no training config at {path} (see configs/train/*.yaml)")
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as exc:
        raise TrainingConfigError(f"{path} is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise TrainingConfigError(f"{path} must hold a mapping of settings, not {type(data).__name__}")
    data.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return TrainConfig.model_validate(data)
    except ValidationError as exc:
        raise TrainingConfigError(f"{path} is not a valid training config:\n{exc}") from None
