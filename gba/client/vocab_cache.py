"""llguidance's tokenizer for a llama.cpp model, with the vocabulary's token bytes kept on disk.

llguidance needs every token's bytes; reading them through ctypes, two calls a token, takes
about 0.15 s for SmolLM2's 49,152 tokens: a noticeable part of a cold `gba run`. The bytes,
marked as llguidance's own `lltokenizer_from_vocab` marks them (a control token, or a
user-defined one that looks like `<...>`, gets a leading 0xff), are written once per model
file under `$GBA_HOME/vocab/`, named by the file's path, size and modification time. A
stored file is checked when read (its token count and a sample of tokens against llama.cpp);
one that fails the check or cannot be read is rebuilt, and a cache folder that cannot be
written only costs the time.

Leaves out the trie llguidance builds from the bytes (in its own code, not storable) and
every other vocabulary question (gba.client.guided asks llama.cpp directly).

>>> blob = pack([b"a", b"", b"\\xffhi"])
>>> unpack(blob)
[b'a', b'', b'\\xffhi']
>>> unpack(blob[:-1]) is None
True
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import struct
from pathlib import Path
from typing import Any

from gba.paths import cache_dir

MAGIC = b"gba-vocab-1\n"
CHECKED = 64  # tokens compared with llama.cpp when a stored file is read
PIECE_BYTES = 16 * 1024


def pack(tokens: list[bytes]) -> bytes:
    """The stored form: a magic line, the count, each token's length, then the bytes."""
    lengths = struct.pack(f"<{len(tokens)}I", *map(len, tokens))
    return MAGIC + struct.pack("<I", len(tokens)) + lengths + b"".join(tokens)


def unpack(blob: bytes) -> list[bytes] | None:
    """The tokens `pack` stored, or None for anything else (damaged, cut short, other)."""
    head = len(MAGIC) + 4
    if not blob.startswith(MAGIC) or len(blob) < head:
        return None
    (count,) = struct.unpack_from("<I", blob, len(MAGIC))
    if len(blob) < head + 4 * count:
        return None
    lengths = struct.unpack_from(f"<{count}I", blob, head)
    if head + 4 * count + sum(lengths) != len(blob):
        return None
    out, at = [], head + 4 * count
    for n in lengths:
        out.append(blob[at:at + n])
        at += n
    return out


def token_piece(vocab: Any, token: int, buffer: Any = None) -> bytes:
    """One token's bytes as llguidance wants them (control tokens marked with 0xff)."""
    import llama_cpp

    buffer = buffer if buffer is not None else ctypes.create_string_buffer(PIECE_BYTES + 1)
    n = llama_cpp.llama_token_to_piece(vocab, token, buffer, PIECE_BYTES, 0, True)
    if n < 0:
        raise ValueError(f"token {token} does not fit in {PIECE_BYTES} bytes")
    piece = bytes(buffer[:n])
    attr = llama_cpp.llama_vocab_get_attr(vocab, token)
    if attr & llama_cpp.LLAMA_TOKEN_ATTR_CONTROL or (
            attr & llama_cpp.LLAMA_TOKEN_ATTR_USER_DEFINED
            and piece.startswith(b"<") and piece.endswith(b">")):
        piece = b"\xff" + piece
    return piece


def read_tokens(vocab: Any) -> list[bytes]:
    """Every token's bytes, from llama.cpp (the slow way)."""
    import llama_cpp

    buffer = ctypes.create_string_buffer(PIECE_BYTES + 1)
    return [token_piece(vocab, t, buffer) for t in range(llama_cpp.llama_vocab_n_tokens(vocab))]


def cache_file(model_path: str | Path) -> Path:
    """Where the token bytes of this model file are kept."""
    path = Path(model_path).resolve()
    stat = path.stat()
    key = hashlib.sha256(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()).hexdigest()
    return cache_dir("vocab") / f"{path.stem}.{key[:16]}.bin"


def _agrees(vocab: Any, tokens: list[bytes]) -> bool:
    import llama_cpp

    n = llama_cpp.llama_vocab_n_tokens(vocab)
    if len(tokens) != n:
        return False
    sample = {0, n - 1, *range(0, n, max(1, n // CHECKED))}
    buffer = ctypes.create_string_buffer(PIECE_BYTES + 1)
    return all(tokens[t] == token_piece(vocab, t, buffer) for t in sample)


def cached_tokens(vocab: Any, model_path: str | Path | None) -> list[bytes]:
    """The vocabulary's token bytes: from the cache when it holds them, else from llama.cpp
    (then stored for the next process)."""
    if model_path is None or not Path(model_path).is_file():
        return read_tokens(vocab)
    where = cache_file(model_path)
    try:
        tokens = unpack(where.read_bytes())
    except OSError:
        tokens = None
    if tokens is not None and _agrees(vocab, tokens):
        return tokens
    tokens = read_tokens(vocab)
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        partial = where.with_name(f"{where.name}.{os.getpid()}.partial")
        partial.write_bytes(pack(tokens))
        partial.replace(where)  # whole or not at all
    except OSError:
        pass  # a cache that cannot be written costs time, nothing else
    return tokens


def lltokenizer(vocab: Any, model_path: str | Path | None = None) -> Any:
    """llguidance's tokenizer for a llama.cpp vocabulary, built as llguidance's own
    `lltokenizer_from_vocab` builds it, from the cached token bytes."""
    import llama_cpp
    from llguidance import LLTokenizer

    tokenize = ctypes.cast(llama_cpp.llama_cpp._lib.llama_tokenize, ctypes.c_void_p).value
    return LLTokenizer.from_llamacpp(tokens=cached_tokens(vocab, model_path), vocab_ptr=vocab,
                                     tokenize_fptr=tokenize,
                                     eos_token=llama_cpp.llama_vocab_eos(vocab), slices=None)
