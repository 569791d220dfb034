"""BFCL v4 `simple_python` through gba's generic function-calling module (never trained on).

Runs `fill_arguments(client, question, function)` on every case with the default tool client
(the embedded SmolLM2-135M with gba's committed adapter, or `--base` for the model alone) and
scores it with gba.evaluation.bfcl's checker. Rows are appended to `<out>/<name>.jsonl` as
they finish, so a killed run resumes where it stopped; `<out>/summary.json` and
`<out>/summary.csv` hold every run's accuracy (Wilson 95% interval) and error counts.

Get the data once (it is not vendored): `pip download bfcl-eval --no-deps -d DIR`, then pass
`--wheel DIR` or set GBA_BFCL_WHEEL=DIR; without either the script downloads it into
~/.cache/gba/bfcl when online. Rows already in a run's file are skipped, so the same command finishes a partial run.
`summary.json` also scores every other run against `adapter` on the cases both hold
(`<run>@paired`: both accuracies and an exact McNemar test). The committed results were made with (see data/results/bfcl/README.md):

    OMP_NUM_THREADS=1 nice python benchmarks/bfcl_simple.py --wheel /tmp/bfcl --stride 8
    OMP_NUM_THREADS=1 nice python benchmarks/bfcl_simple.py --wheel /tmp/bfcl --stride 8 --base
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from gba.errors import GBAError
from gba.evaluation import bfcl
from gba.evaluation.stats import mcnemar_exact

OUT = Path(__file__).resolve().parents[1] / "data" / "results" / "bfcl"


def make_client(base: bool, threads: int):
    """The embedded model alone (`base`), or the weights the default agent loads: the adapter
    merged by `gba merge` when set-up made that copy, else the adapter at run time."""
    from gba.client.local import LocalClient
    from gba.config import ClientConfig, local_weights

    if base:
        return LocalClient(n_threads=threads, seed=0, lora_path=None)
    model, lora = local_weights(ClientConfig(backend="local", lora="default"))
    print(f"weights: {Path(model).name if model else 'embedded'} + {lora or 'no run-time adapter'}")
    return LocalClient(model, n_threads=threads, seed=0, lora_path=lora)


def write_summaries(out: Path, cases: list[bfcl.BFCLCase]) -> dict:
    """Summaries of every `<out>/*.jsonl` run (rechecked against `cases`), as JSON and as one
    CSV row per run."""
    out.mkdir(parents=True, exist_ok=True)
    rows = {path.stem: bfcl.recheck([json.loads(line) for line in path.read_text().splitlines()
                                     if line.strip()], cases)
            for path in sorted(out.glob("*.jsonl"))}
    runs = {name: bfcl.summarize(r) for name, r in rows.items()}
    reference = rows.get("adapter")
    if reference is not None:  # every other run against it, on the cases both hold
        correct = {r["id"]: int(r["correct"]) for r in reference}
        for name, rs in rows.items():
            shared = [r for r in rs if r["id"] in correct]
            if name == "adapter" or not shared:
                continue
            test = mcnemar_exact([correct[r["id"]] for r in shared],
                                 [int(r["correct"]) for r in shared])
            runs[f"{name}@paired"] = {**bfcl.summarize(shared), "vs_adapter": {
                "adapter_accuracy": round(sum(correct[r["id"]] for r in shared) / len(shared), 4),
                "adapter_only": test["a_only"], "this_only": test["b_only"],
                "mcnemar_p": round(test["p"], 4)}}
    (out / "summary.json").write_text(json.dumps(runs, indent=1) + "\n")
    with open(out / "summary.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["run", "n", "correct", "accuracy", "wilson95_low", "wilson95_high",
                    *bfcl.ERRORS, "adapter_on_same_cases", "mcnemar_p"])
        for name, s in runs.items():
            vs = s.get("vs_adapter", {})
            w.writerow([name, s["n"], s["correct"], s["accuracy"], *s["wilson95"],
                        *(s["errors"][e] for e in bfcl.ERRORS), vs.get("adapter_accuracy", ""),
                        vs.get("mcnemar_p", "")])
    return runs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wheel", help=f"bfcl-eval wheel or its folder (default ${bfcl.WHEEL_ENV})")
    ap.add_argument("--base", action="store_true", help="the base model, without gba's adapter")
    ap.add_argument("--limit", type=int, default=0, help="first N cases only (0: all 400)")
    ap.add_argument("--stride", type=int, default=1,
                    help="every K-th case only (4: a 100-case subset across all topics)")
    ap.add_argument("--name", help="run name, the JSONL file's stem (default: adapter, or base)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--summary-only", action="store_true", help="just rewrite the summaries")
    args = ap.parse_args()
    try:
        every = bfcl.load_cases(bfcl.find_wheel(args.wheel))
        client = None if args.summary_only else make_client(args.base, args.threads)
    except GBAError as exc:
        raise SystemExit(f"error: {exc}") from None
    if client is not None:
        cases = every[::args.stride]
        if args.limit:
            cases = cases[:args.limit]
        name = args.name or ("base" if args.base else "adapter")
        bfcl.run(client, cases, args.out / f"{name}.jsonl")
    for name, s in write_summaries(args.out, every).items():
        print(f"{name}: {s['correct']}/{s['n']} = {s['accuracy']:.3f} "
              f"(95% CI {s['wilson95'][0]:.3f}-{s['wilson95'][1]:.3f}) errors {s['errors']}")


if __name__ == "__main__":
    main()
