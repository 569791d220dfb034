"""Training throughput of LoRA on the embedded model: fp32 vs bfloat16 autocast, with and
without activation checkpointing, in one run (ratios to fp32 printed).

    python benchmarks/training.py [--tokens 256] [--batch 2] [--repeats 3]

Times forward + backward of a LoRA-wrapped SmolLM2-135M on random token ids (the optimizer
step is negligible for LoRA). Use it to choose `bf16:` and `gradient_checkpointing:` in a
training config for a given machine.
"""

from __future__ import annotations

import argparse
import time


def main() -> None:
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    from gba.training.base_model import base_dir
    from gba.training.sft import cpu_has_bf16

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=256)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    model = AutoModelForCausalLM.from_pretrained(base_dir("smollm2"), dtype=torch.float32)
    model = get_peft_model(model, LoraConfig(r=16, lora_alpha=32, task_type="CAUSAL_LM",
                                             target_modules=["q_proj", "k_proj", "v_proj",
                                                             "o_proj"]))
    model.train()
    ids = torch.randint(100, 40000, (args.batch, args.tokens))

    def measure(bf16: bool, checkpointing: bool) -> float:
        if checkpointing:
            model.gradient_checkpointing_enable()
            model.enable_input_require_grads()
        else:
            model.gradient_checkpointing_disable()
        best = 0.0
        for _ in range(args.repeats):
            started = time.perf_counter()
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                loss = model(input_ids=ids, labels=ids).loss
            loss.backward()
            model.zero_grad()
            best = max(best, ids.numel() / (time.perf_counter() - started))
        return best

    print(f"CPU bf16 support: {cpu_has_bf16()}, threads: {torch.get_num_threads()}")
    measure(False, False)  # warm up
    cases = [("fp32", False, False), ("bf16 autocast", True, False),
             ("fp32 + checkpointing", False, True)]
    results = []
    for name, bf16, ckpt in cases:
        results.append((name, measure(bf16, ckpt)))
        print(f"{name}: {results[-1][1]:.0f} tokens/s", flush=True)
    print(f"{'setting':24s} {'tokens/s':>9s} {'vs fp32':>8s}")
    for name, tps in results:
        print(f"{name:24s} {tps:9.0f} {tps / results[0][1]:8.2f}")


if __name__ == "__main__":
    main()
