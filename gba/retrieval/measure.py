"""Measuring the two-stage quantized search against exact float32 search: recall@k against
exact top-k, single-query latency sweeps, synthetic indexes of random vectors, corpus query
sets and bytes per vector.

Used by `benchmarks/retrieval.py` (the figures in the README) and the search notebook (a
smaller run with a plot). Leaves out asserting anything (everything here measures) and the
benchmark's command line (benchmarks/retrieval.py).

>>> recall_at_k(np.array([[1, 2, 3]]), np.array([[3, 2, 9]]), k=3)
0.6666666666666666
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import numpy as np

from gba.retrieval.index import IndexMeta, IndexWriter, Searcher


def recall_at_k(found: np.ndarray, exact: np.ndarray, k: int = 10) -> float:
    """Mean share of the exact top-k ids that the approximate top-k also holds."""
    hits = [
        len(set(f[:k].tolist()) & set(e[:k].tolist())) for f, e in zip(found, exact, strict=True)
    ]
    return float(np.mean(hits) / k)


def exact_top_k(
    vectors: np.ndarray, queries: np.ndarray, k: int = 10, chunk: int = 200_000
) -> np.ndarray:
    """Ids of the exact top-k by float32 dot product, scanning `vectors` in chunks."""
    best_scores = np.full((len(queries), 0), -np.inf, dtype=np.float32)
    best_ids = np.zeros((len(queries), 0), dtype=np.int64)
    for start in range(0, len(vectors), chunk):
        scores = queries @ np.asarray(vectors[start : start + chunk]).T
        top = np.argpartition(-scores, min(k, scores.shape[1] - 1), axis=1)[:, :k]
        best_scores = np.hstack([best_scores, np.take_along_axis(scores, top, axis=1)])
        best_ids = np.hstack([best_ids, top + start])
        keep = np.argsort(-best_scores, axis=1, kind="stable")[:, :k]
        best_scores = np.take_along_axis(best_scores, keep, axis=1)
        best_ids = np.take_along_axis(best_ids, keep, axis=1)
    return best_ids


def latencies_ms(searcher: Searcher, queries: np.ndarray, k: int, candidates: int) -> np.ndarray:
    """Milliseconds of each single-query two-stage search (candidates + rescoring)."""
    out = []
    for query in queries:
        started = time.perf_counter()
        searcher.search_vectors(query[None], k=k, candidates=candidates)
        out.append((time.perf_counter() - started) * 1000)
    return np.array(out)


def sweep(
    searcher: Searcher,
    queries: np.ndarray,
    exact: np.ndarray,
    candidate_counts: list[int],
    k: int = 10,
) -> list[dict]:
    """Recall@k and single-query latency for each number of rescored candidates."""
    rows = []
    for n in candidate_counts:
        _, ids = searcher.search_vectors(queries, k=k, candidates=n)
        times = latencies_ms(searcher, queries, k, n)
        rows.append(
            {
                "candidates": n,
                f"recall@{k}": round(recall_at_k(ids, exact, k), 4),
                "p50_ms": round(float(np.percentile(times, 50)), 3),
                "p99_ms": round(float(np.percentile(times, 99)), 3),
            }
        )
    return rows


def random_unit_vectors(n: int, dim: int, seed: int = 0, chunk: int = 100_000):
    """Yield (chunk, dim) float32 unit vectors, isotropic, `n` in all."""
    rng = np.random.default_rng(seed)
    for start in range(0, n, chunk):
        block = rng.standard_normal((min(chunk, n - start), dim), dtype=np.float32)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        yield block


def synthetic_index(
    n: int, dim: int = 384, seed: int = 0, path: Path | None = None, kind: str = "flat"
) -> tuple[Searcher, np.ndarray, dict]:
    """An index of `n` random unit vectors (no texts), the float32 vectors kept in RAM for
    exact search, and build figures."""
    path = Path(path or tempfile.mkdtemp(prefix="gba-synthetic-"))
    vectors = np.empty((n, dim), dtype=np.float32)
    started, filled = time.perf_counter(), 0
    writer = IndexWriter(path, dim)
    for block in random_unit_vectors(n, dim, seed):
        vectors[filled : filled + len(block)] = block
        filled += len(block)
    generated = time.perf_counter()
    for start in range(0, n, 100_000):
        writer.append(vectors[start : start + 100_000])
    built_kind = writer.finalize(kind)
    writer.store.close()
    build_s = time.perf_counter() - generated
    IndexMeta(
        dim=dim,
        embedder="random",
        complete=True,
        n_vectors=n,
        kind=built_kind,
        spec={"corpus": f"random:{n}:{seed}"},
    ).write(path)
    figures = {
        "n": n,
        "generate_s": round(generated - started, 2),
        "build_s": round(build_s, 2),
        "vectors_per_s": round(n / build_s, 1),
    }
    return Searcher(path), vectors, figures


def corpus_queries(n: int = 300, seed: int = 0) -> list[str]:
    """A query set made from the offline corpus: the short descriptions of random articles
    (e.g. '1968 film by Stanley Kubrick'), which never appear in the embedded text."""
    from gba.retrieval.corpus import offline_summaries_path

    entries = list(json.loads(offline_summaries_path().read_text(encoding="utf-8")).values())
    order = np.random.default_rng(seed).permutation(len(entries))
    picked = [entries[i]["description"] for i in order if entries[i].get("description")]
    return picked[:n]


def embedding_throughput(embedder, texts: list[str], batch_size: int = 32) -> float:
    """Passages embedded per second."""
    started = time.perf_counter()
    embedder.encode(texts, batch_size=batch_size)
    return len(texts) / (time.perf_counter() - started)


def bytes_per_vector(dim: int) -> dict[str, float]:
    """Bytes per vector: RAM-resident sign codes vs float32, and the on-disk rescoring copy."""
    hot, disk, full = dim // 8, dim + 4, 4 * dim
    return {
        "float32": full,
        "hot_path_binary": hot,
        "hot_path_ratio": full / hot,
        "disk_int8_plus_scale": disk,
        "disk_ratio": round(full / disk, 2),
    }
