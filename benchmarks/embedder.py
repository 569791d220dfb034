"""The embedder's two runtimes side by side: the packaged all-MiniLM-L6-v2 in
sentence-transformers (torch) and its GGUF conversion in llama.cpp.

    python benchmarks/embedder.py [--n 2000] [--threads 1] [--types f16 f32]
    python benchmarks/embedder.py --indexes ST_INDEX_DIR GGUF_INDEX_DIR [--queries 300]

Prints, from one run: the import time of each runtime (a fresh interpreter each), the cosine
between the two runtimes' vectors of the same `--n` corpus passages (what the index embeds:
title and lead), passages per second of each while building, and the time to embed one
query. Needs set-up's GGUF conversion (`--types` other than f16 are converted here into
GBA_HOME when missing, from the llama.cpp sources of `scripts/build_llama_server.sh --source`).

With `--indexes`, two complete offline indexes built with each runtime (float32 vectors
stored) are compared instead: the cosine of every passage's two vectors, and retrieval
quality on article-description queries (hit@10: the described article among the exact
top 10; overlap@10 with the reference's top 10), for each index searched with its own
runtime's queries and the reference index searched with the GGUF runtime's queries.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from itertools import islice
from pathlib import Path

QUERIES = ["When was Albert Einstein born?", "capital of Australia", "Who painted the Mona Lisa?",
           "How tall is Mount Everest?", "Georg Wilhelm Friedrich Hegel"]


def import_seconds(code: str, repeats: int = 3) -> float:
    """Best wall seconds of `python -c code` minus a bare interpreter's."""
    def best(c: str) -> float:
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", c], check=True, capture_output=True)
            times.append(time.perf_counter() - t0)
        return min(times)
    return best(code) - best("pass")


def passages(n: int) -> list[str]:
    from gba.retrieval.builder import BuildSpec
    from gba.retrieval.corpus import article_passages, offline_corpus

    spec = BuildSpec.for_corpus()
    out: list[str] = []
    for article in islice(offline_corpus(), n):
        out += [p.for_embedding(spec.embed_chars)
                for p in article_passages(article, spec.max_chars, spec.max_passages)]
    return out[:n]


def timed_encode(embedder, texts: list[str]):
    t0 = time.perf_counter()
    vectors = embedder.encode(texts)
    return vectors, len(texts) / (time.perf_counter() - t0)


def query_ms(embedder) -> float:
    embedder.encode(QUERIES[:1])
    times = []
    for q in QUERIES * 4:
        t0 = time.perf_counter()
        embedder.encode([q])
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)


def compare_indexes(reference_dir: Path, gguf_dir: Path, n_queries: int) -> None:
    """Cosines over the whole corpus and hit@10 / overlap@10, both runtimes side by side."""
    import json

    import numpy as np

    from gba.retrieval.corpus import offline_summaries_path
    from gba.retrieval.index import Searcher

    ref, new = Searcher(reference_dir), Searcher(gguf_dir)
    assert ref.n == new.n, (ref.n, new.n)
    a, b = np.asarray(ref.float32), np.asarray(new.float32)
    cosines = (a * b).sum(axis=1)
    print(f"{ref.n} passages: cosine between the runtimes min {cosines.min():.4f}, mean "
          f"{cosines.mean():.4f}, share >= 0.99 {np.mean(cosines >= 0.99):.4f}")
    entries = list(json.loads(offline_summaries_path().read_text(encoding="utf-8")).values())
    order = np.random.default_rng(0).permutation(len(entries))
    picked = [entries[i] for i in order if entries[i].get("description")][:n_queries]
    queries = [e["description"] for e in picked]
    titles = [t for t, _ in ref.store.get(range(ref.n))]
    st = load_st_queries(queries)
    gg = new.embedder.encode(queries)

    def top10(matrix, q):
        return np.argsort(-(q @ matrix.T), axis=1)[:, :10]

    def hit(tops):
        wanted = [e["title"] for e in picked]
        return np.mean([w in {titles[i] for i in row} for w, row in zip(wanted, tops,
                                                                        strict=True)])

    reference = top10(a, st)
    print(f"{len(queries)} description queries, exact search:")
    for label, tops in (("sentence-transformers index + queries", reference),
                        ("GGUF index + queries", top10(b, gg)),
                        ("sentence-transformers index, GGUF queries", top10(a, gg))):
        overlap = np.mean([len(set(x) & set(y)) / 10 for x, y in zip(tops, reference,
                                                                     strict=True)])
        print(f"  {label:<42} hit@10 {hit(tops):.3f}  overlap@10 {overlap:.3f}")


def load_st_queries(queries: list[str]):
    from gba.retrieval.embedder import load_embedder

    return load_embedder(runtime="sentence-transformers", threads=1).encode(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--types", nargs="+", default=["f16"])
    parser.add_argument("--indexes", nargs=2, type=Path, default=None)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    if args.indexes:
        compare_indexes(*args.indexes, args.queries)
        return

    from gba.retrieval.embedder import (
        DEFAULT_EMBEDDER,
        LlamaEmbedder,
        convert_embedder,
        gguf_embedder_path,
        load_embedder,
    )

    print("import: torch + sentence_transformers "
          f"{import_seconds('import torch, sentence_transformers'):.2f} s; llama_cpp "
          f"{import_seconds('import llama_cpp'):.2f} s")
    texts = passages(args.n)
    reference = load_embedder(runtime="sentence-transformers", threads=args.threads)
    ref_vectors, ref_speed = timed_encode(reference, texts)
    ref_query = query_ms(reference)
    print(f"{len(texts)} passages, {args.threads} thread(s)")
    print(f"  {'runtime':<34} {'passages/s':>10} {'query ms':>9} {'cos min':>8} {'cos mean':>9}")
    print(f"  {'sentence-transformers ' + reference.dtype:<34} {ref_speed:10.1f} "
          f"{ref_query:9.1f} {'-':>8} {'-':>9}")
    for outtype in args.types:
        path = gguf_embedder_path(outtype)
        if not path.is_file():
            root = Path(__file__).resolve().parents[1]
            source = subprocess.run(["bash", str(root / "scripts/build_llama_server.sh"),
                                     "--source"], check=True, capture_output=True, text=True)
            convert_embedder(source.stdout.strip(), outtype)
        gguf = LlamaEmbedder(path, DEFAULT_EMBEDDER, threads=args.threads)
        vectors, speed = timed_encode(gguf, texts)
        cosines = (vectors * ref_vectors).sum(axis=1)
        print(f"  {'llama.cpp ' + path.name:<34} {speed:10.1f} {query_ms(gguf):9.1f} "
              f"{cosines.min():8.4f} {cosines.mean():9.4f}")


if __name__ == "__main__":
    main()
