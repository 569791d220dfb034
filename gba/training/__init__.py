"""Fine-tuning the tool and planner roles: SFT with LoRA/QLoRA, merge, GGUF export, quantize.

    from gba.training import load_config, train, export
    result = train(load_config("configs/train/tiny.yaml"))
    export(result.run_dir)

Heavy libraries (torch, transformers, trl, peft) load only when a function runs. The data
format is gba.simulation.records.Example; building datasets is gba.simulation's job.

>>> from gba.training import TrainConfig
>>> TrainConfig(dataset="d", output_dir="o").batching
'packed'
"""

from gba.training.config import TrainConfig, TrainingConfigError, load_config


def train(config, *, resume: bool = False):
    """See gba.training.sft.train."""
    from gba.training.sft import train as _train

    return _train(config, resume=resume)


def export(run_dir, quants=("q8_0", "q4_k_m"), adapter_out=None):
    """See gba.training.export.export."""
    from gba.training.export import export as _export

    return _export(run_dir, quants, adapter_out=adapter_out)


__all__ = ["TrainConfig", "TrainingConfigError", "export", "load_config", "train"]
