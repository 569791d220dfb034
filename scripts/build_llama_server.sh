#!/usr/bin/env bash
# Build llama.cpp's native `llama-server` from the sources vendored in llama-cpp-python's
# sdist, into a cache outside the checkout, and print the binary's path.
#
#   scripts/build_llama_server.sh            # build once (~5 min on 2 cores), then reuse
#   scripts/build_llama_server.sh --source   # only fetch + unpack the sources once; print
#                                            # their vendor/llama.cpp folder (set-up uses its
#                                            # HF-to-GGUF converter for the embedder)
#   LLAMA_SERVER_SDIST=/path/llama_cpp_python-VERSION.tar.gz scripts/build_llama_server.sh
#
# Cache: $GBA_HOME/llama-server/<version>/bin/llama-server and the unpacked sources in
# $GBA_HOME/llama-cpp-python/<version>/ (GBA_HOME defaults to ~/.cache/gba).
# Environment: LLAMA_CPP_PYTHON_VERSION (default: the pin in gba/client/pins.py),
# LLAMA_SERVER_SDIST (skip the download),
# BUILD_JOBS (2), PYTHON (python3; its pip downloads the sdist, from pip's cache when set-up
# already compiled llama-cpp-python).
set -euo pipefail

PIN_FILE="$(dirname "$0")/../gba/client/pins.py"
VERSION="${LLAMA_CPP_PYTHON_VERSION:-$(sed -n 's/^LLAMA_CPP_PYTHON_VERSION = "\(.*\)"$/\1/p' "$PIN_FILE")}"
HOME_DIR="${GBA_HOME:-$HOME/.cache/gba}"
PREFIX="$HOME_DIR/llama-server/$VERSION"
BINARY="$PREFIX/bin/llama-server"
SOURCES="$HOME_DIR/llama-cpp-python/$VERSION"
JOBS="${BUILD_JOBS:-2}"
PYTHON="${PYTHON:-python3}"

# The unpacked sdist, fetched once (a half-finished unpack is redone).
sources() {
    if [[ -f "$SOURCES/.complete" ]]; then
        return
    fi
    command -v tar >/dev/null || { echo "error: tar is required" >&2; exit 1; }
    local fetch sdist
    fetch="$(mktemp -d "${TMPDIR:-/tmp}/llama-cpp-src.XXXXXX")"
    sdist="${LLAMA_SERVER_SDIST:-}"
    if [[ -z "$sdist" ]]; then
        echo "downloading llama-cpp-python==$VERSION sdist ..." >&2
        "$PYTHON" -m pip download --quiet --no-deps --no-binary :all: \
            "llama-cpp-python==$VERSION" -d "$fetch" >&2
        sdist="$(ls "$fetch"/llama_cpp_python-*.tar.gz)"
    fi
    echo "extracting $sdist ..." >&2
    rm -rf "$SOURCES"
    mkdir -p "$SOURCES"
    tar -xzf "$sdist" -C "$SOURCES" --strip-components=1
    rm -rf "$fetch"
    touch "$SOURCES/.complete"
}

if [[ "${1:-}" == "--source" ]]; then
    sources
    echo "$SOURCES/vendor/llama.cpp"
    exit 0
fi

if [[ -x "$BINARY" ]]; then
    echo "$BINARY"
    exit 0
fi

command -v cmake >/dev/null || { echo "error: cmake is required to build llama-server" >&2; exit 1; }
sources
SRC="$SOURCES/vendor/llama.cpp"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/llama-server-build.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

GENERATOR=()
command -v ninja >/dev/null && GENERATOR=(-G Ninja)
echo "building llama-server with $JOBS jobs (about 5 minutes on 2 cores) ..." >&2
# Only the server target and what it links (the server links the multimodal library, so
# that stays); no tests, examples, curl or the web UI build.
cmake -S "$SRC" -B "$WORK/build" "${GENERATOR[@]}" \
    -DCMAKE_BUILD_TYPE=Release -DLLAMA_CURL=OFF -DGGML_NATIVE=OFF \
    -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DBUILD_SHARED_LIBS=OFF >&2
cmake --build "$WORK/build" --target llama-server -j "$JOBS" >&2

mkdir -p "$PREFIX/bin"
cp "$WORK/build/bin/llama-server" "$BINARY.tmp"
mv "$BINARY.tmp" "$BINARY"
echo "$BINARY"
