"""Quantized two-stage retrieval vs exact float32 search, measured in one run.

Two data sets:
1. the offline Wikipedia index (built by `gba index build`), queried with the short
   descriptions of random articles (a query set generated from the corpus);
2. N random unit vectors of the embedder's dimension (default 1,000,000 x 384), the hard
   case for sign-bit codes, queried with random unit vectors.

For each: recall@10 of the two-stage search against exact float32 search for several numbers
of rescored candidates, single-query latency p50/p99, bytes per vector on the hot path, and
build throughput. Embedding uses `--threads` torch threads (default 2); searching uses one
faiss thread (the Searcher's default), so single-query latency does not depend on a second
core being free.

    python benchmarks/retrieval.py                 # full run (about 5 minutes on 2 cores)
    python benchmarks/retrieval.py --n 100000      # quicker
    python benchmarks/retrieval.py --json out.json # also save the figures
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import time

import numpy as np


def set_threads(threads: int) -> None:
    # faiss first: when torch set its OpenMP threads before faiss's own OpenMP runtime was
    # loaded, the two thread pools starved each other on 2 cores (query embedding 490 ms
    # instead of 10 ms, every search 24 ms).
    import faiss
    import torch

    faiss.omp_set_num_threads(1)
    torch.set_num_threads(threads)


def corpus_figures(n_queries: int, candidate_counts: list[int], k: int) -> dict:
    from gba.retrieval.builder import build_default_index
    from gba.retrieval.corpus import Passage
    from gba.retrieval.index import load_index
    from gba.retrieval.measure import (
        corpus_queries,
        embedding_throughput,
        exact_top_k,
        sweep,
    )

    build_default_index()
    searcher = load_index()
    queries = corpus_queries(n_queries)
    vectors = searcher.embedder.encode(queries)
    embed_times = []
    for text in queries[:50]:  # one at a time, as the tool does
        started = time.perf_counter()
        searcher.embedder.encode([text])
        embed_times.append((time.perf_counter() - started) * 1000)
    embed_ms = float(np.median(embed_times))
    exact = exact_top_k(searcher.float32, vectors, k)
    rows = sweep(searcher, vectors, exact, candidate_counts, k)
    lead = searcher.meta.spec.get("embed_chars")
    texts = [
        Passage(title=title, text=text).for_embedding(lead)
        for title, text in searcher.store.get(range(min(searcher.n, 512)))
    ]
    throughput = embedding_throughput(searcher.embedder, texts)
    return {
        "passages": searcher.n,
        "queries": len(queries),
        "rows": rows,
        "query_embed_ms": round(embed_ms, 2),
        "embed_passages_per_s": round(throughput, 1),
        "recorded_build": {
            "build_s": searcher.meta.build_s,
            "passages_per_s": searcher.meta.passages_per_s,
        },
        "dim": searcher.dim,
    }


def synthetic_figures(
    n: int, dim: int, n_queries: int, candidate_counts: list[int], k: int
) -> dict:
    from gba.retrieval.measure import exact_top_k, random_unit_vectors, sweep, synthetic_index

    searcher, vectors, build = synthetic_index(n, dim, seed=0)
    queries = next(random_unit_vectors(n_queries, dim, seed=1))
    started = time.perf_counter()
    exact = exact_top_k(vectors, queries, k)
    exact_ms = (time.perf_counter() - started) * 1000 / n_queries
    del vectors
    rows = sweep(searcher, queries, exact, candidate_counts, k)
    searcher.close()
    shutil.rmtree(searcher.path, ignore_errors=True)
    return {
        "n": n,
        "dim": dim,
        "queries": n_queries,
        "rows": rows,
        "build": build,
        "exact_float32_ms_per_query": round(exact_ms, 2),
    }


def print_table(title: str, rows: list[dict]) -> None:
    print(f"\n{title}")
    keys = list(rows[0])
    print("  " + "  ".join(f"{key:>12}" for key in keys))
    for row in rows:
        print("  " + "  ".join(f"{row[key]:>12}" for key in keys))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="synthetic vectors")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--skip-corpus", action="store_true")
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    set_threads(args.threads)
    from gba.retrieval.measure import bytes_per_vector

    k, figures = 10, {"threads": args.threads, "load_average": os.getloadavg()[0]}
    if not args.skip_corpus:
        figures["corpus"] = corpus_figures(args.queries, [10, 20, 50, 100, 200], k)
    dim = figures.get("corpus", {}).get("dim", 384)
    figures["bytes"] = bytes_per_vector(dim)
    if not args.skip_synthetic:
        figures["synthetic"] = synthetic_figures(
            args.n, dim, args.queries, [100, 1000, 10000, 30000, 100000], k
        )

    print(
        f"Retrieval benchmark (embedding on {args.threads} threads, search on 1 thread, k={k}, "
        "recall against exact float32; load average at start "
        f"{figures['load_average']:.1f})"
    )
    b = figures["bytes"]
    print(
        f"\nBytes per vector: hot path (sign bits in RAM) {b['hot_path_binary']} B vs float32 "
        f"{b['float32']} B = {b['hot_path_ratio']:.0f}x smaller; int8 rescoring copy on disk "
        f"(memory-mapped) {b['disk_int8_plus_scale']} B = {b['disk_ratio']}x smaller"
    )
    if "corpus" in figures:
        c = figures["corpus"]
        print_table(
            f"Offline Wikipedia index: {c['passages']} passages, {c['queries']} "
            f"description queries (embedding one query: {c['query_embed_ms']} ms p50)",
            c["rows"],
        )
        print(
            f"  embedding throughput: {c['embed_passages_per_s']} passages/s "
            f"(recorded full build: {c['recorded_build']['build_s']} s, "
            f"{c['recorded_build']['passages_per_s']} passages/s)"
        )
    if "synthetic" in figures:
        s = figures["synthetic"]
        print_table(
            f"Synthetic: {s['n']:,} random unit vectors x {s['dim']}, {s['queries']} "
            f"random queries (exact float32 scan: {s['exact_float32_ms_per_query']} "
            "ms/query)",
            s["rows"],
        )
        print(
            f"  index build: {s['build']['vectors_per_s']:,} vectors/s "
            f"(quantize + write + faiss, {s['build']['build_s']} s)"
        )
    if args.json:
        with open(args.json, "w") as file:
            json.dump(figures, file, indent=2)


if __name__ == "__main__":
    main()
