"""The on-disk index and its two-stage quantized search.

An index directory holds:

    meta.json        IndexMeta: dimension, embedder, build settings, whether complete
    codes.u8         sign bits, dim/8 bytes per passage (the only vectors kept in RAM)
    int8.i8          int8 vectors, dim bytes per passage (memory-mapped, read for candidates)
    scales.f32       one float32 scale per int8 vector
    float32.f32      optional exact vectors (for measuring recall; never used to search)
    binary.faiss     faiss binary index over codes.u8 (flat, IVF or HNSW)
    passages.sqlite  titles and texts by row id, and the build's progress

Search: the query's sign bits find `candidates` nearest codes by Hamming distance; their int8
vectors are read from disk and rescored against the float32 query; an optional
cross-encoder reorders the top hits.

Leaves out building (builder.py), embedding (embedder.py) and answering from hits
(gba.tools.search).

>>> searcher = load_index(default_index_dir())  # doctest: +SKIP
>>> [hit.title for hit in searcher.search("Who painted the Mona Lisa?", k=3)]  # doctest: +SKIP
['Mona Lisa', 'Leonardo da Vinci', 'Renaissance']
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, Field

from gba.errors import GBAError
from gba.paths import cache_dir
from gba.retrieval.quantize import binarize, int8_scores, to_int8
from gba.retrieval.store import PassageStore

FORMAT_VERSION = 1
DEFAULT_CANDIDATES = 100
FLAT_LIMIT = 2_000_000  # above this many vectors "auto" picks an IVF binary index


def default_index_dir() -> Path:
    """Where `gba index build` puts the offline Wikipedia index."""
    return cache_dir("index", "wiki-vital")


class IndexMeta(BaseModel):
    """What meta.json records about an index."""

    format_version: int = FORMAT_VERSION
    dim: int
    embedder: str
    spec: dict[str, Any] = Field(default_factory=dict, description="build settings")
    complete: bool = False
    n_vectors: int = 0
    kind: str = ""
    nprobe: int = 16
    has_float32: bool = False
    build_s: float = 0.0
    passages_per_s: float = 0.0

    @classmethod
    def read(cls, path: Path) -> IndexMeta | None:
        file = Path(path) / "meta.json"
        return cls.model_validate_json(file.read_text()) if file.exists() else None

    def write(self, path: Path) -> None:
        tmp = Path(path) / "meta.json.tmp"
        tmp.write_text(self.model_dump_json(indent=2))
        os.replace(tmp, Path(path) / "meta.json")


class IndexWriter:
    """Appends quantized vectors and passages batch by batch; resumes after a crash.

    Vectors are appended to the files first and the passages plus counters are committed to
    SQLite after, so on reopening, vector rows past the committed count are cut off.
    """

    def __init__(self, path: Path, dim: int, store_float32: bool = False):
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.dim = dim
        self.store = PassageStore(self.path / "passages.sqlite")
        self.n = self.store.state("n_vectors")
        widths = {"codes.u8": dim // 8, "int8.i8": dim, "scales.f32": 4}
        if store_float32:
            widths["float32.f32"] = 4 * dim
        self.files = {}
        for name, width in widths.items():
            file = self.path / name
            file.touch()
            if file.stat().st_size < self.n * width:
                raise GBAError(
                    f"{file} is shorter than the {self.n} committed passages; "
                    "the index is damaged: rebuild it with --force."
                )
            os.truncate(file, self.n * width)
            self.files[name] = open(file, "ab")  # noqa: SIM115 - closed in finalize/close

    def append(
        self, vectors: np.ndarray, rows: list[tuple[str, str]] | None = None, **counters: int
    ) -> None:
        """Add (m, dim) unit vectors with their (title, text) rows; commit `counters` too."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        codes, scales = to_int8(vectors)
        parts = {
            "codes.u8": binarize(vectors),
            "int8.i8": codes,
            "scales.f32": scales,
            "float32.f32": vectors,
        }
        for name, file in self.files.items():
            file.write(parts[name].tobytes())
            file.flush()
            os.fsync(file.fileno())
        self.n += len(vectors)
        self.store.commit_batch(rows or [], n_vectors=self.n, **counters)

    def finalize(self, kind: str = "auto", nlist: int | None = None) -> str:
        """Build and save the faiss binary index over all codes; return its kind."""
        import faiss

        self.close()
        codes = np.fromfile(self.path / "codes.u8", dtype=np.uint8).reshape(self.n, self.dim // 8)
        if kind == "auto":
            kind = "flat" if self.n <= FLAT_LIMIT else "ivf"
        if kind == "flat":
            index = faiss.IndexBinaryFlat(self.dim)
        elif kind == "hnsw":
            index = faiss.IndexBinaryHNSW(self.dim, 32)
        elif kind == "ivf":
            nlist = nlist or max(1, int(4 * np.sqrt(self.n)))
            index = faiss.IndexBinaryIVF(faiss.IndexBinaryFlat(self.dim), self.dim, nlist)
            sample = codes[
                np.random.default_rng(0).choice(self.n, min(self.n, 50 * nlist), replace=False)
            ]
            index.train(sample)
        else:
            raise GBAError(f"unknown index kind {kind!r}: use auto, flat, ivf or hnsw")
        for start in range(0, self.n, 1_000_000):
            index.add(codes[start : start + 1_000_000])
        faiss.write_index_binary(index, str(self.path / "binary.faiss"))
        return kind

    def close(self) -> None:
        for file in self.files.values():
            file.close()
        self.files = {}


class Hit(BaseModel):
    """One passage a search returned."""

    id: int
    title: str
    text: str
    score: float = Field(description="rescored dot product (cosine) with the query")
    hamming: int = Field(description="Hamming distance of the sign bits")
    rerank_score: float | None = None


class SearchTrace(BaseModel):
    """Every stage of one search, for explaining it: candidates, rescoring, final hits."""

    query: str
    candidate_ids: list[int]
    candidate_hamming: list[int]
    rescored: list[Hit]
    hits: list[Hit]
    timings_ms: dict[str, float]


class Searcher:
    """Two-stage search over an index directory (see the module docstring).

    `embedder` defaults to the one the index was built with; `reranker` is a
    sentence-transformers CrossEncoder name or any object with `predict(pairs) -> scores`;
    `threads` sets faiss's OpenMP threads (process-wide; None leaves them alone). On a loaded
    2-core machine one thread is much faster for single queries than two, which wait for each
    other at every parallel region (the README gives the figures).
    """

    def __init__(
        self,
        path: Path,
        embedder=None,
        reranker=None,
        nprobe: int | None = None,
        threads: int | None = 1,
    ):
        self.path = Path(path)
        meta = IndexMeta.read(self.path)
        if meta is None or not meta.complete:
            raise GBAError(
                f"No complete index at {self.path}: build it with `gba index build`"
                + (" (a build was interrupted: run it again to resume)." if meta else ".")
            )
        self.meta = meta
        self.dim, self.n = meta.dim, meta.n_vectors
        self._binary = None  # faiss and the sign codes load at the first search
        self._nprobe, self._threads = nprobe, threads
        self._firsts: dict[str, int] | None = None  # title -> lead passage id, on first use
        self.int8 = self._map("int8.i8", np.int8, (self.n, self.dim))
        self.scales = self._map("scales.f32", np.float32, (self.n,))
        self.float32 = (
            self._map("float32.f32", np.float32, (self.n, self.dim)) if meta.has_float32 else None
        )
        self.store = PassageStore(self.path / "passages.sqlite", readonly=True)
        self._embedder = embedder
        self._reranker = reranker

    def _map(self, name: str, dtype, shape) -> np.ndarray:
        if self.n == 0:
            return np.zeros(shape, dtype=dtype)
        return np.memmap(self.path / name, dtype=dtype, mode="r", shape=shape)

    @property
    def binary(self):
        """The stage-1 faiss index (faiss is imported on first use: an agent that never
        searches does not pay for it)."""
        if self._binary is None:
            import faiss

            if self._threads:  # one thread: on a busy 2-core machine a second only adds waits
                faiss.omp_set_num_threads(self._threads)
            binary = faiss.read_index_binary(str(self.path / "binary.faiss"))
            if self.meta.kind == "ivf":
                binary.nprobe = self._nprobe or self.meta.nprobe
            self._binary = binary
        return self._binary

    @property
    def embedder(self):
        if self._embedder is None:
            from gba.retrieval.embedder import load_embedder

            self._embedder = load_embedder(self.meta.embedder)
        return self._embedder

    @property
    def reranker(self):
        if isinstance(self._reranker, str):
            from sentence_transformers import CrossEncoder

            self._reranker = CrossEncoder(self._reranker, device="cpu")
        return self._reranker

    def candidates(self, queries: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Stage 1: (hamming, ids) of the `n` nearest sign codes for each query row."""
        n = max(1, min(n, self.n))
        if hasattr(self.binary, "use_heap"):  # flat index: a heap for few, counting for many
            self.binary.use_heap = n <= 1000
        distances, ids = self.binary.search(binarize(queries), n)
        return distances, ids

    def rescore(self, query: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Stage 2: int8 scores of `ids` (ascending id order, for disk locality)."""
        ids = np.sort(ids[ids >= 0])
        return ids, int8_scores(self.int8[ids], self.scales[ids], query)

    def search_vectors(
        self, queries: np.ndarray, k: int = 10, candidates: int = DEFAULT_CANDIDATES
    ) -> tuple[np.ndarray, np.ndarray]:
        """Two-stage search for (nq, dim) query vectors: (scores, ids), each (nq, k)."""
        queries = np.atleast_2d(np.asarray(queries, dtype=np.float32))
        _, cand = self.candidates(queries, max(candidates, k))
        scores = np.full((len(queries), k), -np.inf, dtype=np.float32)
        ids = np.full((len(queries), k), -1, dtype=np.int64)
        for row, query in enumerate(queries):
            found, found_scores = self.rescore(query, cand[row])
            top = _top_k(found_scores, k)
            scores[row, : len(top)], ids[row, : len(top)] = found_scores[top], found[top]
        return scores, ids

    def exact_search(self, queries: np.ndarray, k: int = 10) -> tuple[np.ndarray, np.ndarray]:
        """Exact float32 search (needs an index built with float32 vectors): (scores, ids)."""
        if self.float32 is None:
            raise GBAError("This index has no float32 vectors; rebuild it with --float32.")
        queries = np.atleast_2d(np.asarray(queries, dtype=np.float32))
        scores = np.asarray(queries @ np.asarray(self.float32).T)
        ids = np.argsort(-scores, axis=1, kind="stable")[:, :k]
        return np.take_along_axis(scores, ids, axis=1), ids

    def explain(
        self, query: str, k: int = 5, candidates: int = DEFAULT_CANDIDATES, rerank: bool = True
    ) -> SearchTrace:
        """Search for `query` text and keep every stage."""
        times = {}
        t0 = time.perf_counter()
        vector = self.embedder.encode([query])[0]
        t1 = time.perf_counter()
        hamming, cand = self.candidates(vector[None], max(candidates, k))
        keep = cand[0] >= 0
        hamming, cand = hamming[0][keep], cand[0][keep]
        t2 = time.perf_counter()
        found, scores = self.rescore(vector, cand)
        order = np.argsort(-scores, kind="stable")
        t3 = time.perf_counter()
        ham_of = dict(zip(cand.tolist(), hamming.tolist(), strict=True))
        use_reranker = rerank and self.reranker is not None
        pool = 3 * k if use_reranker else k  # the cross-encoder may lift a hit from below k
        top = [(int(found[i]), float(scores[i])) for i in order[:pool]]
        rows = self.store.get([i for i, _ in top])
        rescored = [
            Hit(id=i, title=t, text=x, score=s, hamming=ham_of[i])
            for (i, s), (t, x) in zip(top, rows, strict=True)
        ]
        hits = [hit.model_copy() for hit in rescored]
        if use_reranker and hits:
            scores_ce = self.reranker.predict([(query, f"{h.title}: {h.text}") for h in hits])
            for hit, score in zip(hits, scores_ce, strict=True):
                hit.rerank_score = float(score)
            hits.sort(key=lambda h: -(h.rerank_score or 0.0))
        hits = hits[:k]
        t4 = time.perf_counter()
        times.update(embed=t1 - t0, candidates=t2 - t1, rescore=t3 - t2, text_rerank=t4 - t3)
        return SearchTrace(
            query=query,
            candidate_ids=cand.tolist(),
            candidate_hamming=hamming.tolist(),
            rescored=rescored,
            hits=hits,
            timings_ms={key: round(v * 1000, 3) for key, v in times.items()},
        )

    def search(
        self, query: str, k: int = 5, candidates: int = DEFAULT_CANDIDATES, rerank: bool = True
    ) -> list[Hit]:
        """The `k` best passages for `query` text, best first."""
        return self.explain(query, k, candidates, rerank).hits

    def lead(self, title: str) -> Hit | None:
        """The first passage of the article `title` (its lead), or None when the index has
        no such article; unscored (score 0), as it was asked for by name."""
        first = self._leads().get(title)
        if first is None:
            return None
        [(found, text)] = self.store.get([first])
        return Hit(id=first, title=found, text=text, score=0.0, hamming=0)

    def titles(self) -> list[str]:
        """Every article title in the index."""
        return list(self._leads())

    def _leads(self) -> dict[str, int]:
        if self._firsts is None:
            self._firsts = self.store.firsts()
        return self._firsts

    def info(self) -> dict[str, Any]:
        """Size figures: passages, bytes per vector in RAM and on disk."""
        return {
            "path": str(self.path),
            "passages": self.n,
            "dim": self.dim,
            "kind": self.meta.kind,
            "embedder": self.meta.embedder,
            "ram_bytes_per_vector": self.dim // 8,
            "disk_bytes_per_vector": self.dim + 4,
            "float32_bytes_per_vector": 4 * self.dim,
        }

    def close(self) -> None:
        self.store.close()


def _top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the `k` highest scores, best first (partition, then sort only k)."""
    if len(scores) > k:
        part = np.argpartition(-scores, k - 1)[:k]
        return part[np.argsort(-scores[part], kind="stable")]
    return np.argsort(-scores, kind="stable")


def load_index(path: Path | str | None = None, **kwargs) -> Searcher:
    """Open an index directory (default: the offline Wikipedia index) for searching."""
    return Searcher(Path(path) if path else default_index_dir(), **kwargs)
