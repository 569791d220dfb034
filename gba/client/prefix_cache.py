"""Each role's fixed instructions, evaluated once and kept on disk for the next process.

A cold `gba run` pays for every role's long fixed prompt (the planner's tool list, the
calculation role's rules and examples, the final answer's instructions) before it decodes a
token. This store keeps, per role, the KV cache of the part of the prompt that stays the same
from request to request, so a new process loads it instead of evaluating it again.

Which part is fixed is learned, not declared: the first process that runs a role writes down
its prompt's tokens; a later one takes the longest common prefix of that and its own prompt
(the instructions up to where the request begins), evaluates just that prefix, and saves its
KV cache (`llama_state_seq_save_file`, one file per prefix) with the tokens it covers. Every
later process whose prompt starts with those tokens loads the file into the role's fresh
context; a changed prompt shares a shorter prefix and saves that instead. Files are keyed by
the model and adapter files (path, size, modification time), the context size and the role,
so a new adapter never reads an old cache; a file that fails to load is deleted.

Leaves out: caching anything beyond the first call of a role in a process (the in-process KV
cache per role does that) and pruning old files (a few MB each, one per prompt version).

>>> common_prefix([1, 2, 3, 4], [1, 2, 5])
2
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
from pathlib import Path
from typing import Any

MIN_PREFIX = 32  # tokens; a shorter common prefix is not worth a file
NAME_CHARS = 24


def common_prefix(a: list[int], b: list[int]) -> int:
    """How many leading tokens `a` and `b` share."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _identity(path: Path | None) -> str:
    if path is None:
        return "-"
    stat = path.stat()
    return f"{path.resolve()}:{stat.st_size}:{int(stat.st_mtime)}"


class PrefixStore:
    """Role prefixes of one model (+ adapter, context size) under `directory`."""

    def __init__(self, directory: Path, model: Path, adapter: Path | None, n_ctx: int):
        import llama_cpp

        self._lib = llama_cpp
        key = f"{_identity(model)}|{_identity(adapter)}|{n_ctx}|{llama_cpp.__version__}"
        self.directory = Path(directory) / hashlib.sha256(key.encode()).hexdigest()[:16]
        self.loaded: dict[str, int] = {}  # role -> tokens loaded from disk this process
        self.saved: dict[str, int] = {}  # role -> tokens saved this process

    def _paths(self, role: str) -> tuple[Path, Path]:
        name = "".join(c if c.isalnum() else "-" for c in role)[:NAME_CHARS]
        return self.directory / f"{name}.kv", self.directory / f"{name}.last.json"

    def prepare(self, state: Any, role: str, tokens: list[int]) -> int:
        """Before the first call of `role` in a fresh context `state` (a `Llama` or
        `KVContext`, nothing evaluated yet): fill it with the stored prefix of `tokens` (or
        evaluate and store the prefix learned from the previous process). Returns how many
        tokens the context now holds; the decoder reuses them like any cached prefix."""
        kv, last = self._paths(role)
        held = self._load(state, kv, tokens)
        if held:
            self.loaded[role] = held
            return held
        try:
            previous = json.loads(last.read_text())
        except (OSError, ValueError):
            previous = []
        n = min(common_prefix(previous, tokens), len(tokens) - 1)
        self.directory.mkdir(parents=True, exist_ok=True)
        if n >= MIN_PREFIX:
            state.eval(tokens[:n])
            if self._save(state, kv, tokens[:n]):
                self.saved[role] = n
            return state.n_tokens
        tmp = last.with_suffix(f".{os.getpid()}.tmp")  # processes may run side by side
        tmp.write_text(json.dumps(tokens))
        os.replace(tmp, last)
        return 0

    def _load(self, state: Any, kv: Path, tokens: list[int]) -> int:
        if not kv.is_file():
            return 0
        capacity = len(state.input_ids)
        out = (self._lib.llama_token * capacity)()
        count = ctypes.c_size_t(0)
        read = self._lib.llama_state_seq_load_file(state.ctx, str(kv).encode(), 0, out,
                                                   capacity, ctypes.byref(count))
        n = count.value
        stored = list(out[:n])
        if not read or not n:
            kv.unlink(missing_ok=True)  # unreadable: made by another build, or cut short
            return 0
        if stored != tokens[:n] or n >= len(tokens):  # this prompt no longer starts with it
            self._lib.llama_memory_clear(self._lib.llama_get_memory(state.ctx), True)
            return 0
        state.input_ids[:n] = stored
        state.n_tokens = n
        return n

    def _save(self, state: Any, kv: Path, prefix: list[int]) -> bool:
        array = (self._lib.llama_token * len(prefix))(*prefix)
        tmp = kv.with_suffix(f".{os.getpid()}.tmp")
        written = self._lib.llama_state_seq_save_file(state.ctx, str(tmp).encode(), 0, array,
                                                      len(prefix))
        if not written:
            tmp.unlink(missing_ok=True)
            return False
        os.replace(tmp, kv)
        return True
