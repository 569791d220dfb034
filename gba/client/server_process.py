"""Finding, starting and stopping a llama.cpp `llama-server` process.

`start_llama_server` runs the binary that scripts/build_llama_server.sh builds (or one named
by $LLAMA_SERVER_BIN, or one on PATH) on a free local port and waits until it is healthy.

Leaves out talking to the server (gba.client.llama_server) and building the binary
(scripts/build_llama_server.sh).

>>> with start_llama_server("model.gguf") as url:  # doctest: +SKIP
...     print(url)
http://127.0.0.1:40123
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from gba.client.pins import LLAMA_CPP_PYTHON_VERSION
from gba.errors import BackendError
from gba.paths import cache_dir

BUILD_HINT = "scripts/build_llama_server.sh (builds llama-server from llama-cpp-python's sdist)"
LOG_TAIL_BYTES = 2000  # of the server's log, shown when it exits during start-up


def find_llama_server() -> Path | None:
    """The llama-server binary: $LLAMA_SERVER_BIN, the one scripts/build_llama_server.sh
    cached under $GBA_HOME, or one on PATH; None when there is none."""
    candidates = [
        os.environ.get("LLAMA_SERVER_BIN"),
        cache_dir("llama-server", LLAMA_CPP_PYTHON_VERSION, "bin", "llama-server"),
        shutil.which("llama-server"),
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def start_llama_server(
    model_path: str | os.PathLike,
    port: int | None = None,
    *,
    n_ctx: int = 4096,
    threads: int = 2,
    startup_timeout_s: float = 120,
    extra_args: list[str] | None = None,
) -> Iterator[str]:
    """Run llama-server on 127.0.0.1 for the duration of a `with` block; yields its base URL.

    Raises BackendError when the binary is missing or the server exits or never gets healthy.
    """
    binary = find_llama_server()
    if binary is None:
        raise BackendError(f"llama-server is not built; run {BUILD_HINT}")
    port = port or free_port()
    command = [
        str(binary),
        "-m",
        str(model_path),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "-c",
        str(n_ctx),
        "-np",
        "1",
        "-t",
        str(threads),
        "-tb",
        str(threads),
        "--no-webui",
        *(extra_args or []),
    ]
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_healthy(url, process, log, startup_timeout_s)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_healthy(url: str, process: subprocess.Popen, log: Any, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            tail = log.read()[-LOG_TAIL_BYTES:].decode(errors="replace")
            raise BackendError(f"llama-server exited with code {process.returncode}:\n{tail}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url + "/health", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise BackendError(f"llama-server at {url} was not healthy after {timeout_s:g} s")
