"""The base model for fine-tuning as a Hugging Face checkpoint directory.

The embedded SmolLM2-135M-Instruct ships only as a GGUF file; transformers reads it
(`gguf_file=`, dequantized to float32) and we save the result once under
`$GBA_HOME/base/<name>/`, because llama.cpp's converters (merged model and LoRA adapter) need
an HF directory with config.json and tokenizer files. An HF model id or directory is used as
it is. Loading in 4 bits (QLoRA) and device placement are left to `gba.training.sft`.

>>> base_dir("hf-org/some-model")
'hf-org/some-model'
"""

from __future__ import annotations

import shutil
from pathlib import Path

from gba.errors import ModelNotFoundError
from gba.models import EMBEDDED
from gba.paths import cache_dir


def is_gguf_spec(spec: str) -> bool:
    return spec in EMBEDDED or spec.endswith(".gguf")


def base_dir(spec: str) -> str:
    """An HF checkpoint directory (or hub id) for `spec`, dequantizing a GGUF on first use."""
    if not is_gguf_spec(spec):
        return spec
    from gba.models import resolve_model

    gguf = resolve_model(spec)
    target = cache_dir("base", gguf.stem)
    if not (target / "config.json").is_file():
        dequantize_gguf(gguf, target)
    return str(target)


def dequantize_gguf(gguf: Path, target: Path) -> Path:
    """Load a GGUF with transformers and save it as a float32 safetensors checkpoint."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
        model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    except (OSError, ValueError) as exc:
        raise ModelNotFoundError(
            f"transformers could not read {gguf} ({exc}); its architecture may not be "
            "supported for GGUF loading. Give an HF checkpoint directory as base_model.") from None
    # the weights are already dequantized: drop the GGUF "quantizer" so they save as plain
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    model.save_pretrained(partial)
    tokenizer.save_pretrained(partial)
    partial.rename(target)
    return target
