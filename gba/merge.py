"""Merge a GGUF LoRA adapter into its base GGUF once, so that decoding runs one weight
matrix per projection instead of the base plus two low-rank factors at every token.

`merge_adapter` reads both files, adds `(alpha / r) * B @ A` to every weight the adapter
touches (the base's quantized weights are dequantized first) and writes every quantized or
merged weight as Q8_0, the type that kept the fine-tune's accuracy (Q4_K_M did not); the
token embeddings and float tensors the adapter leaves alone keep their type. The result is the model llama.cpp computes with the adapter
applied at run time, up to Q8_0 rounding. `merged_path` names the cached copy by the base
file and the adapter's checksum, so a changed adapter never meets a stale merge.

Leaves out merging during training (gba.training.export merges the PEFT adapter into the
Hugging Face weights in float32) and choosing when to use the merged copy (gba.config).

>>> merged_path("/models/base.gguf", None) is None
True
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from gba.errors import GBAError
from gba.paths import cache_dir


def _checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def merged_path(base: str | os.PathLike, adapter: str | os.PathLike | None) -> Path | None:
    """Where the merged Q8_0 copy of `base` + `adapter` lives in gba's cache (whether or not it
    was made yet); None without an adapter or when the adapter file is missing."""
    if adapter is None or not Path(adapter).is_file():
        return None
    name = f"{Path(base).stem}+{_checksum(Path(adapter))}.q8_0.gguf"
    return cache_dir("merged") / name


def merge_adapter(base: str | os.PathLike, adapter: str | os.PathLike,
                  out: str | os.PathLike) -> Path:
    """Write `base` with the GGUF LoRA `adapter` merged in to `out` (2-D weights as Q8_0).
    Written beside `out` and renamed, so an interrupted merge leaves no half file."""
    import numpy as np
    from gguf import GGMLQuantizationType as Q
    from gguf import GGUFReader, GGUFValueType, GGUFWriter
    from gguf.quants import dequantize, quantize

    out = Path(out)
    lora = GGUFReader(adapter)
    if "adapter.lora.alpha" not in lora.fields:
        raise GBAError(f"{adapter} is not a LoRA adapter GGUF (no adapter.lora.alpha): give "
                       "the adapter that `gba export` or data/adapters/ provides")
    alpha = float(lora.fields["adapter.lora.alpha"].contents())
    pairs = {t.name: t for t in lora.tensors}
    reader = GGUFReader(base)
    if not any(t.name + ".lora_a" in pairs for t in reader.tensors):
        raise GBAError(f"{adapter} changes no weight of {Path(base).name}: it was made for "
                       "another model")
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(out.name + ".part")
    writer = GGUFWriter(part, reader.fields["general.architecture"].contents())
    for key, field in reader.fields.items():
        if key.startswith("GGUF.") or key == "general.architecture":
            continue
        sub = field.types[1] if field.types[0] == GGUFValueType.ARRAY else None
        writer.add_key_value(key, field.contents(), field.types[0], sub)
    for tensor in reader.tensors:
        data = np.asarray(tensor.data)
        a, b = pairs.get(tensor.name + ".lora_a"), pairs.get(tensor.name + ".lora_b")
        if a is None and (tensor.tensor_type in (Q.F32, Q.F16) or "token_embd" in tensor.name):
            writer.add_tensor(tensor.name, data, raw_shape=data.shape,
                              raw_dtype=tensor.tensor_type)
            continue
        weight = dequantize(data, tensor.tensor_type).astype(np.float32)
        if a is not None and b is not None:
            lora_a = np.asarray(a.data, dtype=np.float32)  # (r, n_in)
            lora_b = np.asarray(b.data, dtype=np.float32)  # (n_out, r)
            weight = weight + (alpha / lora_a.shape[0]) * (lora_b @ lora_a)
        packed = quantize(weight, Q.Q8_0)
        writer.add_tensor(tensor.name, packed, raw_shape=packed.shape, raw_dtype=Q.Q8_0)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    part.replace(out)
    return out
