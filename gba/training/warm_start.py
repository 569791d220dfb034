"""Start a fine-tune from an exported adapter: a llama.cpp LoRA GGUF back into PEFT weights.

The committed adapter (data/adapters/*.lora.gguf) is the only copy of a long CPU training
run; `init_adapter:` in a training config lets a new run continue from it on new data instead
of from zero. This module inverts what llama.cpp's `convert_lora_to_gguf.py` did: tensor
names back to PEFT's, and the rotary permutation of the query and key projections undone on
their `lora_B` halves (llama.cpp stores Q and K rows interleaved per head).

Leaves out: adapters of other architectures than llama-style decoders (SmolLM2, Llama,
Mistral), and DoRA or other LoRA variants.

>>> peft_name("blk.3.attn_q.weight.lora_b")
'base_model.model.model.layers.3.self_attn.q_proj.lora_B.weight'
>>> import numpy as np
>>> w = np.arange(24.0).reshape(8, 3)
>>> bool((unpermute(permute(w, 2), 2) == w).all())
True
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

MODULES = {"attn_q": "self_attn.q_proj", "attn_k": "self_attn.k_proj",
           "attn_v": "self_attn.v_proj", "attn_output": "self_attn.o_proj",
           "ffn_gate": "mlp.gate_proj", "ffn_up": "mlp.up_proj", "ffn_down": "mlp.down_proj"}
NAME = re.compile(r"^blk\.(\d+)\.(\w+)\.weight\.lora_([ab])$")


def peft_name(gguf_name: str) -> str:
    m = NAME.match(gguf_name)
    if not m or m.group(2) not in MODULES:
        raise ValueError(f"not a LoRA tensor of a known module: {gguf_name}")
    layer, module, half = m.groups()
    return (f"base_model.model.model.layers.{layer}.{MODULES[module]}."
            f"lora_{half.upper()}.weight")


def permute(w: np.ndarray, n_head: int) -> np.ndarray:
    """llama.cpp's row order for Q/K (convert_hf_to_gguf's LlamaModel.permute)."""
    return (w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:])
            .swapaxes(1, 2).reshape(w.shape))


def unpermute(w: np.ndarray, n_head: int) -> np.ndarray:
    return (w.reshape(n_head, w.shape[0] // n_head // 2, 2, *w.shape[1:])
            .swapaxes(1, 2).reshape(w.shape))


def load_gguf_lora(path: str | Path, n_head: int, n_kv_head: int) -> tuple[dict, float]:
    """PEFT state dict (numpy float32) and lora_alpha from a LoRA GGUF file."""
    from gguf import GGUFReader

    reader = GGUFReader(str(path))
    alpha_field = reader.fields.get("adapter.lora.alpha")
    alpha = float(alpha_field.parts[alpha_field.data[0]][0]) if alpha_field else 0.0
    state = {}
    for tensor in reader.tensors:
        # numpy shape is the PEFT shape: lora_a (r, in), lora_b (out, r)
        data = np.array(tensor.data, dtype=np.float32).reshape(
            [int(x) for x in reversed(tensor.shape)])
        if tensor.name.endswith("lora_b"):
            if ".attn_q." in tensor.name:
                data = unpermute(data, n_head)
            elif ".attn_k." in tensor.name:
                data = unpermute(data, n_kv_head)
        state[peft_name(tensor.name)] = data
    return state, alpha


def load_into(model, path: str | Path) -> int:
    """Load the LoRA GGUF at `path` into a PEFT `model`; returns the tensors loaded."""
    import torch
    from peft import set_peft_model_state_dict

    cfg = model.base_model.model.config
    state, _ = load_gguf_lora(path, cfg.num_attention_heads, cfg.num_key_value_heads)
    expected = {k for k in model.state_dict() if "lora_" in k}
    wanted = {k.replace(".weight", ".default.weight") for k in state}
    if expected != wanted:
        missing = sorted(expected - wanted)[:3]
        raise ValueError(f"{path} does not match this model's LoRA modules (e.g. missing "
                         f"{missing}); use the same target_modules and base model")
    result = set_peft_model_state_dict(model, {k: torch.from_numpy(v) for k, v in state.items()})
    if getattr(result, "unexpected_keys", None):
        raise ValueError(f"{path}: unexpected tensors {result.unexpected_keys[:3]}")
    return len(state)
