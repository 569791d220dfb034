#!/usr/bin/env bash
# Build llama.cpp's native `llama-server` from the sources vendored in llama-cpp-python's
# sdist, into a cache outside the checkout, and print the binary's path.
#
#   scripts/build_llama_server.sh            # build once (~5 min on 2 cores), then reuse
#   LLAMA_SERVER_SDIST=/path/llama_cpp_python-VERSION.tar.gz scripts/build_llama_server.sh
#
# Cache: $GBA_HOME/llama-server/<version>/bin/llama-server (GBA_HOME defaults to ~/.cache/gba).
# Environment: LLAMA_CPP_PYTHON_VERSION (default: the pin in gba/client/pins.py),
# LLAMA_SERVER_SDIST (skip the download),
# BUILD_JOBS (2), PYTHON (python3; its pip downloads the sdist).
set -euo pipefail

PIN_FILE="$(dirname "$0")/../gba/client/pins.py"
VERSION="${LLAMA_CPP_PYTHON_VERSION:-$(sed -n 's/^LLAMA_CPP_PYTHON_VERSION = "\(.*\)"$/\1/p' "$PIN_FILE")}"
HOME_DIR="${GBA_HOME:-$HOME/.cache/gba}"
PREFIX="$HOME_DIR/llama-server/$VERSION"
BINARY="$PREFIX/bin/llama-server"
JOBS="${BUILD_JOBS:-2}"
PYTHON="${PYTHON:-python3}"

if [[ -x "$BINARY" ]]; then
    echo "$BINARY"
    exit 0
fi

for tool in cmake tar; do
    command -v "$tool" >/dev/null || { echo "error: $tool is required to build llama-server" >&2; exit 1; }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/llama-server-build.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

SDIST="${LLAMA_SERVER_SDIST:-}"
if [[ -z "$SDIST" ]]; then
    echo "downloading llama-cpp-python==$VERSION sdist ..." >&2
    "$PYTHON" -m pip download --quiet --no-deps --no-binary :all: \
        "llama-cpp-python==$VERSION" -d "$WORK" >&2
    SDIST="$(ls "$WORK"/llama_cpp_python-*.tar.gz)"
fi
echo "extracting $SDIST ..." >&2
tar -xzf "$SDIST" -C "$WORK"
SRC="$(ls -d "$WORK"/llama_cpp_python-*/vendor/llama.cpp)"

GENERATOR=()
command -v ninja >/dev/null && GENERATOR=(-G Ninja)
echo "building llama-server with $JOBS jobs (about 5 minutes on 2 cores) ..." >&2
cmake -S "$SRC" -B "$WORK/build" "${GENERATOR[@]}" \
    -DCMAKE_BUILD_TYPE=Release -DLLAMA_CURL=OFF -DGGML_NATIVE=OFF \
    -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DBUILD_SHARED_LIBS=OFF >&2
cmake --build "$WORK/build" --target llama-server -j "$JOBS" >&2

mkdir -p "$PREFIX/bin"
cp "$WORK/build/bin/llama-server" "$BINARY.tmp"
mv "$BINARY.tmp" "$BINARY"
echo "$BINARY"
