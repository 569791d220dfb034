"""Decoding speed with a LoRA adapter applied at run time vs without it and vs merged files.

    python benchmarks/adapter_speed.py runs/train/tiny [--tokens 64] [--repeats 3]

Runs greedy decoding (no grammar) of the same prompts with: the embedded base GGUF alone, the
base + the run's GGUF adapter (what `LocalClient(lora_path=...)` does), and the run's merged
Q8_0 / Q4_K_M files; prints tokens/s and the ratios to the base in one run, side by side.
Needs `gba export RUN_DIR` first.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from gba.planner.fine_tuned import planner_prompt

PROMPT = planner_prompt("What is 17 times 23, plus 4?", [])  # the fine-tuned planner's prompt


def best_speed(model: Path, lora: Path | None, tokens: int, repeats: int) -> float:
    """Best decoding tokens/s over `repeats` runs (the best run is the one least disturbed by
    other processes). One client at a time: idle llama.cpp contexts still cost CPU."""
    from gba.client.local import LocalClient

    best = 0.0
    with LocalClient(model, n_ctx=1024, engine="none", lora_path=lora) as client:
        client.complete(PROMPT, max_tokens=4, temperature=0.0)  # warm up
        for _ in range(repeats):
            done = client.complete(PROMPT, max_tokens=tokens, temperature=0.0)
            seconds = done.timings.generation_s or done.timings.total_s
            best = max(best, done.usage.completion_tokens / seconds)
    return best


def main() -> None:
    from gba.models import resolve_model

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    gguf = args.run_dir / "gguf"
    adapter = gguf / "adapter-f16.gguf"
    if not adapter.is_file():
        raise SystemExit(f"{adapter} is missing: run `gba export {args.run_dir}` first")
    base = resolve_model()
    cases = [("base " + base.name, base, None), ("base + adapter", base, adapter)]
    cases += [(f"merged {q}", gguf / f"model-{q}.gguf", None) for q in ("q8_0", "q4_k_m")
              if (gguf / f"model-{q}.gguf").is_file()]
    results = [(name, best_speed(model, lora, args.tokens, args.repeats))
               for name, model, lora in cases]
    reference = results[0][1]
    print(f"{'model':32s} {'tok/s':>8s} {'vs base':>8s}")
    for name, tps in results:
        print(f"{name:32s} {tps:8.1f} {tps / reference:8.2f}")
    print(f"adapter at run time / base alone: {results[1][1] / reference:.2f}")


if __name__ == "__main__":
    main()
