"""The `gba train`, `gba export` and `gba merge` commands (mounted by gba.cli; `COMMANDS`
lists them).

    gba train configs/train/tiny.yaml [--max-steps N] [--resume] [--full-sequence-loss]
    gba export runs/train/tiny [--quant q8_0,q4_k_m] [--adapter-out PATH] [--validate N]
    gba merge [--adapter PATH] [--model BASE.gguf] [--out PATH]

Also runnable alone (e.g. under `accelerate launch`): `python -m gba.cli.train train
CONFIG.yaml`. Argument parsing only; the work is in gba.training.

>>> [c.name for c in COMMANDS]
['train', 'export', 'merge']
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from gba.cli.common import fail
from gba.errors import GBAError


@click.command()
@click.argument("config_path", metavar="CONFIG.yaml")
@click.option("--max-steps", type=int, default=None, help="stop after N optimizer steps")
@click.option("--resume", is_flag=True, help="continue from the run's newest checkpoint")
@click.option("--output-dir", default=None, help="run directory (overrides the config)")
@click.option("--time-limit-minutes", type=float, default=None,
              help="wall-clock budget of the whole run, earlier attempts included (lean trainer)")
@click.option("--full-sequence-loss", is_flag=True,
              help="loss on prompt and completion tokens (no prompt masking; the ablation)")
def train(config_path: str, max_steps: int | None, resume: bool, output_dir: str | None,
          time_limit_minutes: float | None, full_sequence_loss: bool) -> None:
    """Fine-tune a LoRA adapter as CONFIG.yaml describes (see configs/train/)."""
    from gba.training.config import load_config
    from gba.training.sft import train as run_training

    try:
        config = load_config(config_path, max_steps=max_steps, output_dir=output_dir,
                             time_limit_minutes=time_limit_minutes,
                             completion_only_loss=False if full_sequence_loss else None)
        if config.trainer == "lean":  # always resumes what an earlier attempt saved
            from gba.training.lean import train_lean

            result = train_lean(config)
        else:
            result = run_training(config, resume=resume)
    except GBAError as exc:
        fail(exc)
    click.echo(f"adapter: {result.adapter_dir}")
    click.echo(f"{result.steps} steps, {result.train_tokens_seen} tokens in "
               f"{result.train_seconds:.0f} s = {result.tokens_per_second:.0f} tokens/s; "
               f"validation loss {result.final_eval_loss or float('nan'):.3f}")
    click.echo(f"next: gba export {result.run_dir}")


@click.command()
@click.argument("run_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--quant", default="q8_0,q4_k_m", show_default=True,
              help="comma-separated quantizations of the merged F16 model")
@click.option("--adapter-out", default=None, help="also copy the GGUF adapter to this path")
@click.option("--validate", "n_prompts", type=int, default=0,
              help="token agreement vs the merged model on N held-out prompts")
def export(run_dir: str, quant: str, adapter_out: str | None, n_prompts: int) -> None:
    """Merge RUN_DIR's adapter, export GGUF (F16 + quantized) and the GGUF adapter."""
    from gba.training.export import export as run_export

    quants = [q.strip().lower() for q in quant.split(",") if q.strip()]
    try:
        result = run_export(run_dir, quants, adapter_out=adapter_out)
        for name, f in result.files.items():
            click.echo(f"{name:8s} {f.file_type:16s} {f.size_mb:8.1f} MB  {f.path}")
        if n_prompts:
            _validate(Path(run_dir), n_prompts)
    except GBAError as exc:
        fail(exc)


def _validate(run_dir: Path, n_prompts: int) -> None:
    from gba.training.data import read_examples
    from gba.training.validate import validate_export

    config = json.loads((run_dir / "config.json").read_text())
    split = Path(config["dataset"]) / "test_templates.jsonl"
    examples = read_examples(split, config.get("roles") or (), limit=n_prompts)
    click.echo(f"{'model':8s} {'prefix agree':>12s} {'exact':>6s} {'tok/s':>7s}")
    for row in validate_export(run_dir, examples):
        click.echo(f"{row.model:8s} {row.prefix_agreement:12.3f} {row.exact_match:6.2f} "
                   f"{row.tokens_per_second:7.1f}")


@click.command()
@click.option("--adapter", default=None,
              help="a GGUF LoRA adapter (default: gba's adapter for the embedded model)")
@click.option("--model", default=None, help="the base GGUF (default: the embedded model)")
@click.option("--out", default=None,
              help="where to write (default: the cached copy that `gba run` uses)")
def merge(adapter: str | None, model: str | None, out: str | None) -> None:
    """Merge a LoRA adapter into its base model once, as Q8_0 (set-up runs it for the default
    adapter: decoding is faster than with the adapter applied at run time)."""
    from gba.merge import merge_adapter, merged_path
    from gba.models import check_adapter, default_adapter, resolve_model

    try:
        base = resolve_model(model)
        lora = check_adapter(adapter, base) if adapter else default_adapter(model)
        target = Path(out) if out else merged_path(base, lora) or Path(f"{lora}.merged.gguf")
        if target.is_file() and not out:
            click.echo(f"already merged: {target}")
            return
        t0 = time.perf_counter()
        merge_adapter(base, lora, target)
    except GBAError as exc:
        fail(exc)
    size = target.stat().st_size / 2**20
    click.echo(f"merged {lora.name} into {base.name}: {target} "
               f"({size:.0f} MB, {time.perf_counter() - t0:.0f} s)")


COMMANDS = [train, export, merge]


@click.group()
def main() -> None:
    """gba fine-tuning commands."""


for _command in COMMANDS:
    main.add_command(_command)

if __name__ == "__main__":
    main()
