"""Decoding speed with a LoRA adapter applied at run time vs without it and vs merged files.

    python benchmarks/adapter_speed.py runs/train/tiny [--tokens 64] [--repeats 3]
    python benchmarks/adapter_speed.py --adapter data/adapters/smollm2-135m-gba.lora.gguf

Runs greedy decoding (no grammar) of the same prompt with: the embedded base GGUF alone, the
base + the GGUF adapter (what `LocalClient(lora_path=...)` does), and merged files; prints
tokens/s and the ratios to the base in one run, side by side. With a run directory the merged
files are `gba export RUN_DIR`'s Q8_0 / Q4_K_M (merged in float32 before quantizing); with
`--adapter` the adapter is merged here (gba.merge, what `gba merge` does at set-up) into the embedded Q4_1 weights (dequantized, W + s*BA,
requantized to Q8_0; the embeddings keep their type), which is the same model the run-time
adapter computes, up to Q8_0 rounding.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from gba.merge import merge_adapter
from gba.planner.fine_tuned import planner_prompt

PROMPT = planner_prompt("What is 17 times 23, plus 4?", [])  # the fine-tuned planner's prompt


def best_speed(model: Path, lora: Path | None, tokens: int, repeats: int) -> float:
    """Best decoding tokens/s over `repeats` runs (the best run is the one least disturbed by
    other processes). One client at a time: idle llama.cpp contexts still cost CPU."""
    from gba.client.local import LocalClient

    best = 0.0
    with LocalClient(model, n_ctx=1024, engine="none", lora_path=lora, n_threads=1) as client:
        prompt = client.tokenize(PROMPT)
        for _ in range(repeats + 1):  # the first run warms up
            client.decoder.llama.n_tokens = 0
            done = client.decoder.run(prompt, max_tokens=tokens, ignore_eos=True)
            best = max(best, len(done.tokens) / done.generation_s)
    return best


def main() -> None:
    from gba.models import resolve_model

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", type=Path, nargs="?")
    parser.add_argument("--adapter", type=Path, help="a GGUF adapter to merge here instead")
    parser.add_argument("--merged-out", type=Path, default=Path("/tmp/gba-merged-q8_0.gguf"))
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    base = resolve_model()
    if args.adapter is not None:
        adapter = args.adapter
        if not args.merged_out.is_file():
            merge_adapter(base, adapter, args.merged_out)
        merged = [("merged q8_0 (here)", args.merged_out)]
    elif args.run_dir is not None:
        gguf = args.run_dir / "gguf"
        adapter = gguf / "adapter-f16.gguf"
        if not adapter.is_file():
            raise SystemExit(f"{adapter} is missing: run `gba export {args.run_dir}` first")
        merged = [(f"merged {q}", gguf / f"model-{q}.gguf") for q in ("q8_0", "q4_k_m")
                  if (gguf / f"model-{q}.gguf").is_file()]
    else:
        raise SystemExit("give a run directory or --adapter PATH")
    cases = [("base " + base.name, base, None), ("base + adapter", base, adapter)]
    cases += [(name, path, None) for name, path in merged]
    results = [(name, best_speed(model, lora, args.tokens, args.repeats))
               for name, model, lora in cases]
    reference = results[0][1]
    print(f"{'model':32s} {'tok/s':>8s} {'vs base':>8s}  (1 thread, {args.tokens} tokens)")
    for name, tps in results:
        print(f"{name:32s} {tps:8.1f} {tps / reference:8.2f}")
    print(f"adapter at run time / base alone: {results[1][1] / reference:.2f}")
    if len(results) > 2:
        print(f"merged / adapter at run time: {results[2][1] / results[1][1]:.2f}")


if __name__ == "__main__":
    main()
