#!/usr/bin/env bash
# The whole test suite: lint, unit + integration tests, notebooks under nbval.
# Runs the setup first (quick when already done) and builds llama.cpp's llama-server once
# (cached outside the checkout) for the llama.cpp-server backend's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# shellcheck disable=SC1091
. .venv/bin/activate
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 GBA_WIDGET_TIMEOUT=${GBA_WIDGET_TIMEOUT:-2}
bash scripts/build_llama_server.sh
echo "==> ruff"
ruff check gba tests benchmarks
echo "==> pytest (unit, integration, doctests, notebooks)"
python -m pytest -q --doctest-modules gba tests --nbval-lax notebooks "$@"
