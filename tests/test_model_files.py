"""Model and adapter files are checked before llama.cpp sees them (it segfaults on an
adapter that is not one, is cut off or was made for another model), and Ctrl-C while the
local model loads is not lost. GGUF files here are written byte by byte; the integration
tests load the real embedded model in a child process."""

from __future__ import annotations

import math
import os
import signal
import struct
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from gba.client.signals import deferred_interrupt
from gba.gguf_file import read_gguf
from gba.models import NotGGUFError, check_adapter

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "OMP_NUM_THREADS": "1",
       "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
F32 = 0


def gguf(path: Path, metadata: dict[str, str], tensors: dict[str, tuple[int, ...]],
         *, cut: int = 0) -> Path:
    """A GGUF v3 file with string metadata and F32 tensors (zeros), minus `cut` bytes."""
    def string(s: str) -> bytes:
        return struct.pack("<Q", len(s.encode())) + s.encode()

    out = b"GGUF" + struct.pack("<IQQ", 3, len(tensors), len(metadata))
    for key, value in metadata.items():
        out += string(key) + struct.pack("<I", 8) + string(value)
    offset = 0
    for name, shape in tensors.items():
        out += string(name) + struct.pack(f"<I{len(shape)}QIQ", len(shape), *shape, F32, offset)
        offset += -(-4 * math.prod(shape) // 32) * 32
    out += bytes(-len(out) % 32) + bytes(offset)
    path.write_bytes(out[:len(out) - cut])
    return path


MODEL = {"general.architecture": "llama", "general.type": "model"}
ADAPTER = {"general.architecture": "llama", "general.type": "adapter", "adapter.type": "lora"}
LORA = {"blk.0.attn_q.weight.lora_a": (8, 2), "blk.0.attn_q.weight.lora_b": (2, 6)}


@pytest.fixture
def model(tmp_path) -> Path:
    return gguf(tmp_path / "model.gguf", MODEL, {"blk.0.attn_q.weight": (8, 6)})


def test_a_fitting_adapter_passes(tmp_path, model):
    lora = gguf(tmp_path / "ok.gguf", ADAPTER, LORA)
    assert check_adapter(lora, model) == lora
    assert read_gguf(lora).tensors["blk.0.attn_q.weight.lora_b"].shape == (2, 6)


@pytest.mark.parametrize("metadata, tensors, cut, says", [
    (MODEL, LORA, 0, "is a GGUF model, not a LoRA adapter"),
    ({**ADAPTER, "general.architecture": "gemma3"}, LORA, 0, "is an adapter for gemma3 models"),
    (ADAPTER, {**LORA, "blk.0.attn_q.weight.lora_a": (16, 2)}, 0, "was made for another model"),
    (ADAPTER, {"blk.9.ffn_up.weight.lora_a": (8, 2), "blk.9.ffn_up.weight.lora_b": (2, 6)}, 0,
     "was made for another model"),
    (ADAPTER, LORA, 40, "is cut off (tensor blk.0.attn_q.weight.lora_b runs past the end)"),
    (ADAPTER, LORA, 200, "is not a usable GGUF (it is cut off"),
])
def test_an_adapter_llama_cpp_would_crash_on_is_refused(tmp_path, model, metadata, tensors,
                                                        cut, says):
    lora = gguf(tmp_path / "bad.gguf", metadata, tensors, cut=cut)
    with pytest.raises(NotGGUFError) as info:
        check_adapter(lora, model)
    assert says in str(info.value) and str(lora) in str(info.value)
    assert "gba export" in str(info.value)


def test_ctrl_c_inside_deferred_interrupt_raises_after_the_block():
    reached = []
    with pytest.raises(KeyboardInterrupt):
        with deferred_interrupt():
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)  # the handler has run by now, without raising here
            reached.append("end of block")
    assert reached == ["end of block"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


LOAD_LOOP = textwrap.dedent("""
    from gba.client.local import LocalClient
    print("start", flush=True)
    for i in range(20):
        LocalClient(n_threads=1).close()
        print("loaded", i, flush=True)
""")


@pytest.mark.integration
def test_ctrl_c_while_the_local_model_loads_stops_the_process(model_path):
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed")
    proc = subprocess.Popen([sys.executable, "-c", LOAD_LOOP], env=ENV, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline().strip() == "start"
    assert proc.stdout.readline().startswith("loaded 0")  # the next load is under way
    time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert "KeyboardInterrupt" in err  # before the fix llama.cpp's log callback ate it ...
    assert "loaded 19" not in out  # ... and all twenty loads ran
    assert out.count("loaded") <= 2


@pytest.mark.integration
def test_the_committed_adapter_fits_the_embedded_model(model_path):
    from gba.models import default_adapter

    assert check_adapter(default_adapter(), model_path) == default_adapter()
