"""llama.cpp's own conversion tools, taken from the sources vendored in llama-cpp-python's sdist.

`llama_cpp_source()` downloads the sdist of the installed llama-cpp-python version once (pip,
or `LLAMA_CPP_SDIST=/path/to/sdist.tar.gz`) and keeps its `vendor/llama.cpp` tree under
`$GBA_HOME/llama.cpp/<version>/`. `run_script()` runs `convert_hf_to_gguf.py` or
`convert_lora_to_gguf.py` from there with the bundled gguf-py first on the path, so the
converter and its GGUF writer always match. Quantization goes through llama-cpp-python's
`llama_model_quantize` binding (the same code as the `llama-quantize` tool, no build step).
This module writes no GGUF itself.

>>> QUANT_TYPES["q4_k_m"]
15
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from gba.errors import GBAError
from gba.paths import cache_dir

# llama_ftype values (llama.h) of the types we export.
QUANT_TYPES = {"f16": 1, "q8_0": 7, "q4_k_m": 15}


class ExportError(GBAError):
    """A conversion or quantization step failed."""


def llama_cpp_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("llama_cpp_python")
    except PackageNotFoundError:
        raise ExportError("llama-cpp-python is not installed: pip install 'gba[local]'") from None


def llama_cpp_source() -> Path:
    """The vendored llama.cpp source tree (extracted once into gba's cache)."""
    version = llama_cpp_version()
    target = cache_dir("llama.cpp", version)
    if (target / "convert_hf_to_gguf.py").is_file():
        return target
    with tempfile.TemporaryDirectory() as work:
        sdist = os.environ.get("LLAMA_CPP_SDIST") or _download_sdist(version, Path(work))
        prefix = f"llama_cpp_python-{version}/vendor/llama.cpp/"
        staging = Path(work) / "tree"
        with tarfile.open(sdist) as archive:
            members = [m for m in archive.getmembers() if m.name.startswith(prefix)]
            if not members:
                raise ExportError(f"{sdist} holds no {prefix}: not a llama-cpp-python sdist?")
            archive.extractall(staging, members=members, filter="data")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(target, ignore_errors=True)
        shutil.move(str(staging / prefix), str(target))
    return target


def _download_sdist(version: str, folder: Path) -> str:
    print(f"downloading the llama-cpp-python=={version} sdist for llama.cpp's converters ...",
          file=sys.stderr)
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary",
               ":all:", f"llama-cpp-python=={version}", "-d", str(folder)]
    result = subprocess.run(command, capture_output=True, text=True)
    found = sorted(folder.glob("llama_cpp_python-*.tar.gz"))
    if result.returncode or not found:
        raise ExportError(
            "could not download the llama-cpp-python sdist (needs the package index): "
            f"{result.stderr.strip()[-500:]}. Offline, set LLAMA_CPP_SDIST to a local copy.")
    return str(found[0])


def run_script(script: str, *args: str) -> str:
    """Run one of llama.cpp's Python converters; return its output, raise with its tail."""
    source = llama_cpp_source()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(source / "gguf-py"), *filter(None, [env.get("PYTHONPATH")])])
    env.setdefault("NO_LOCAL_GGUF", "")
    result = subprocess.run([sys.executable, str(source / script), *args],
                            capture_output=True, text=True, env=env)
    output = result.stdout + result.stderr
    if result.returncode:
        raise ExportError(f"{script} failed (exit {result.returncode}):\n{output[-3000:]}")
    return output


def quantize(source: Path, target: Path, quant: str, threads: int | None = None,
             verbose: bool = False) -> Path:
    """Quantize a GGUF file with llama.cpp's quantizer (through llama-cpp-python)."""
    if quant not in QUANT_TYPES:
        raise ExportError(f"unknown quantization {quant!r}; choose from {sorted(QUANT_TYPES)}")
    import llama_cpp

    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = QUANT_TYPES[quant]
    params.nthread = threads or 0
    partial = target.with_name(target.name + ".partial")
    with quiet_output(not verbose):
        status = llama_cpp.llama_model_quantize(str(source).encode(), str(partial).encode(),
                                                params)
    if status != 0:
        partial.unlink(missing_ok=True)
        raise ExportError(f"llama_model_quantize({source.name} -> {quant}) returned {status}")
    partial.rename(target)
    return target


def gguf_file_type(path: Path) -> str:
    """The `general.file_type` of a GGUF file as a name (e.g. 'MOSTLY_Q8_0'); for files
    without one (LoRA adapters) the most common tensor type (e.g. 'F16')."""
    source = llama_cpp_source()
    sys.path.insert(0, str(source / "gguf-py"))
    try:
        import gguf
    finally:
        sys.path.pop(0)
    reader = gguf.GGUFReader(str(path))
    field = reader.fields.get("general.file_type")
    if field is None:
        from collections import Counter

        counts = Counter(t.tensor_type.name for t in reader.tensors)
        return counts.most_common(1)[0][0] if counts else "EMPTY"
    value = int(field.parts[field.data[0]][0])
    return gguf.LlamaFileType(value).name


@contextlib.contextmanager
def quiet_output(enabled: bool = True):
    """Silence C-level stdout and stderr (llama.cpp's quantizer prints every tensor)."""
    if not enabled:
        yield
        return
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in saved:
            os.close(fd)
