"""Read a GGUF file's header, metadata and tensor table: enough to check a model or a LoRA
adapter before llama.cpp sees it.

llama.cpp segfaults on some files it cannot use: random bytes, or a GGUF that is not an
adapter, is cut off, or was made for another model, given as a LoRA adapter (llama.cpp
reports the failure, llama-cpp-python goes on with a null adapter and the first decode
crashes). `read_gguf` parses the file (any malformed or truncated part raises
GGUFFormatError) and `GGUFInfo` answers what the checks need.

Leaves out tensor data (only offsets and sizes) and writing GGUF (gba.training).

>>> import struct, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "tiny.gguf"
>>> key, value = b"general.type", b"adapter"
>>> path.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + struct.pack("<Q", len(key))
...                  + key + struct.pack("<IQ", 8, len(value)) + value)
63
>>> read_gguf(path).metadata
{'general.type': 'adapter'}
"""

from __future__ import annotations

import mmap
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAGIC = b"GGUF"
VERSIONS = (2, 3)  # what llama.cpp reads (version 1 is long gone)
HEADER_BYTES = 24  # magic, version (uint32), tensor count and metadata count (uint64)
DEFAULT_ALIGNMENT = 32

# metadata value types: struct format of the scalar ones; 8 is a string, 9 an array
SCALARS = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q",
           12: "d"}
STRING, ARRAY = 8, 9
CUT = "it is cut off (it ends inside its metadata or tensor table)"
# ggml tensor types: (elements per block, bytes per block); unknown types skip the size check
BLOCKS = {0: (1, 4), 1: (1, 2), 2: (32, 18), 3: (32, 20), 6: (32, 22), 7: (32, 24),
          8: (32, 34), 9: (32, 36), 10: (256, 84), 11: (256, 110), 12: (256, 144),
          13: (256, 176), 14: (256, 210), 15: (256, 292), 24: (1, 1), 25: (1, 2), 26: (1, 4),
          27: (1, 8), 28: (1, 8), 30: (1, 2)}


class GGUFFormatError(ValueError):
    """The file is not a readable GGUF (the message says which part is wrong)."""


@dataclass
class Tensor:
    name: str
    shape: tuple[int, ...]  # ggml order: shape[0] is the row length
    type: int
    offset: int  # from the start of the data section

    @property
    def nbytes(self) -> int | None:
        if self.type not in BLOCKS:
            return None
        per_block, size = BLOCKS[self.type]
        count = 1
        for n in self.shape:
            count *= n
        return count // per_block * size


@dataclass
class GGUFInfo:
    version: int
    metadata: dict[str, Any] = field(default_factory=dict)
    tensors: dict[str, Tensor] = field(default_factory=dict)
    data_offset: int = 0
    file_size: int = 0

    def cut_off(self) -> str | None:
        """The first tensor whose data runs past the end of the file, if any."""
        for tensor in self.tensors.values():
            end = self.data_offset + tensor.offset + (tensor.nbytes or 0)
            if end > self.file_size:
                return tensor.name
        return None


def read_header(path: str | Path) -> int:
    """The GGUF version of `path`; GGUFFormatError when it is not a GGUF llama.cpp reads."""
    with open(path, "rb") as f:
        head = f.read(HEADER_BYTES)
    if head[:4] != MAGIC:
        raise GGUFFormatError(f"it starts with {head[:4]!r}, a GGUF file with b'GGUF'")
    if len(head) < HEADER_BYTES:
        raise GGUFFormatError(f"it is cut off ({len(head)} bytes, shorter than a GGUF header)")
    version = struct.unpack("<I", head[4:8])[0]
    if version not in VERSIONS:
        raise GGUFFormatError(f"it is GGUF version {version}, which llama.cpp does not read "
                              f"(it reads {', '.join(map(str, VERSIONS))})")
    return version


def read_gguf(path: str | Path, *, tensors: bool = True) -> GGUFInfo:
    """Header, metadata and (with `tensors`) the tensor table of a GGUF file. Arrays in the
    metadata (a model's vocabulary) are skipped: their values read as None."""
    version = read_header(path)
    size = Path(path).stat().st_size
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        reader = _Reader(data, pos=8)
        n_tensors, n_kv = reader.unpack("<QQ")
        if n_kv > size or n_tensors > size:
            raise GGUFFormatError("its header counts more entries than the file can hold")
        info = GGUFInfo(version=version, file_size=size)
        for _ in range(n_kv):
            key = reader.string()
            info.metadata[key] = reader.value(reader.unpack("<I")[0])
        if not tensors:
            return info
        for _ in range(n_tensors):
            name = reader.string()
            (n_dims,) = reader.unpack("<I")
            if n_dims > 8:
                raise GGUFFormatError(f"tensor {name} claims {n_dims} dimensions")
            shape = reader.unpack(f"<{n_dims}Q")
            kind, offset = reader.unpack("<IQ")
            info.tensors[name] = Tensor(name, tuple(shape), kind, offset)
        align = int(info.metadata.get("general.alignment", DEFAULT_ALIGNMENT)) or 1
        info.data_offset = -(-reader.pos // align) * align
    return info


class _Reader:
    """Little-endian reads from a mapped file that fail as GGUFFormatError past its end."""

    def __init__(self, data: mmap.mmap, pos: int = 0):
        self.data, self.pos = data, pos

    def skip(self, n: int) -> None:
        if n < 0 or self.pos + n > len(self.data):
            raise GGUFFormatError(CUT)
        self.pos += n

    def unpack(self, fmt: str) -> tuple:
        start = self.pos
        self.skip(struct.calcsize(fmt))
        return struct.unpack_from(fmt, self.data, start)

    def string(self) -> str:
        (n,) = self.unpack("<Q")
        start = self.pos
        self.skip(n)
        return self.data[start:self.pos].decode("utf-8", errors="replace")

    def value(self, kind: int) -> Any:
        if kind in SCALARS:
            return self.unpack("<" + SCALARS[kind])[0]
        if kind == STRING:
            return self.string()
        if kind == ARRAY:
            item, n = self.unpack("<IQ")
            if item in SCALARS:
                self.skip(n * struct.calcsize(SCALARS[item]))
            elif item == STRING:  # a vocabulary: 100k strings, skipped in a tight loop
                pos, end = self.pos, len(self.data)
                for _ in range(n):
                    if pos + 8 > end:
                        raise GGUFFormatError(CUT)
                    pos += 8 + struct.unpack_from("<Q", self.data, pos)[0]
                self.skip(pos - self.pos)
            else:
                if n > len(self.data):
                    raise GGUFFormatError("an array in it is longer than the file")
                for _ in range(n):
                    self.value(item)
            return None
        raise GGUFFormatError(f"it holds an unknown metadata type {kind}")
