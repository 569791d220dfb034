"""Build an index: corpus -> passages -> embeddings -> quantized vectors on disk.

Articles are processed in batches, so memory stays flat however large the corpus; each
batch is committed before the next starts, so an interrupted build (Ctrl-C, crash) resumes
where it stopped when run again with the same settings. A complete index with the same
settings is left alone, which makes `build_default_index()` cheap to call every time.

Leaves out searching (index.py) and the command line (gba.cli.index).

>>> meta = build_default_index()  # doctest: +SKIP
>>> meta.n_vectors  # doctest: +SKIP
13874
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from pydantic import BaseModel

from gba.errors import GBAError
from gba.retrieval.corpus import (
    Article,
    article_passages,
    hf_corpus,
    offline_corpus,
    offline_corpus_size,
)
from gba.retrieval.embedder import DEFAULT_EMBEDDER
from gba.retrieval.index import IndexMeta, IndexWriter, default_index_dir


class BuildSpec(BaseModel):
    """Settings that define an index; a complete index is reused only for the same spec.

    `corpus`: "offline" (packaged vital-article summaries) or "hf:PATH[:NAME[:SPLIT]]"
    (a streamed Hugging Face dump), or any label for articles passed in from Python.
    Articles are split into passages of at most `max_chars`; of each passage the title and
    the first `embed_chars` characters are embedded (None: all of it), the whole passage is
    stored for answering.
    """

    corpus: str = "offline"
    embedder: str = DEFAULT_EMBEDDER
    max_chars: int = 600
    embed_chars: int | None = None
    max_passages: int | None = None
    limit: int | None = None
    store_float32: bool = False

    @classmethod
    def for_corpus(cls, corpus: str = "offline", **overrides) -> BuildSpec:
        """Defaults that suit `corpus`, then `overrides` (None values are ignored).

        Offline: each summary is one passage, of which the title and lead (300 characters)
        are embedded: on description queries this finds the article as often as embedding
        the whole summary, for less compute (the README gives the figures). Float32 vectors
        are kept for the recall benchmark. Dumps: 600-character passages, embedded whole.
        """
        if corpus == "offline":
            base = {"max_chars": 2500, "embed_chars": 300, "store_float32": True}
        else:
            base = {"max_chars": 600, "embed_chars": None, "store_float32": False}
        base.update({key: value for key, value in overrides.items() if value is not None})
        return cls(corpus=corpus, **base)


def open_corpus(spec: BuildSpec, start: int = 0) -> tuple[Iterator[Article], int | None]:
    """The spec's articles from number `start` on, and how many there are (when known)."""
    if spec.corpus == "offline":
        return offline_corpus(start), offline_corpus_size()
    if spec.corpus.startswith("hf:"):
        path, name, split = (spec.corpus[3:].split(":") + [None, None])[:3]
        return hf_corpus(path, name or None, split or "train", start=start), None
    raise GBAError(
        f"Unknown corpus {spec.corpus!r}: use 'offline' or 'hf:PATH[:NAME[:SPLIT]]',"
        " or pass articles=... from Python."
    )


def build_index(
    out_dir: Path | str,
    spec: BuildSpec | None = None,
    *,
    articles: Iterable[Article] | None = None,
    embedder=None,
    batch_size: int = 512,
    encode_batch_size: int = 32,
    threads: int | None = None,
    kind: str = "auto",
    force: bool = False,
    progress: bool = True,
) -> IndexMeta:
    """Build (or resume, or reuse) the index at `out_dir`; return its metadata.

    `articles` overrides the spec's corpus (it must yield the same articles in the same order
    on every call, for resuming). `embedder` overrides loading `spec.embedder` (any object
    with `encode(texts) -> (n, dim)` unit vectors and `dim`). `batch_size` passages are
    embedded and committed at a time.
    """
    spec = spec or BuildSpec.for_corpus()
    out = Path(out_dir)
    meta = IndexMeta.read(out)
    if meta is not None and not force:
        if meta.spec != spec.model_dump():
            raise GBAError(
                f"The index at {out} was built with other settings ({meta.spec}); "
                "pass --force to rebuild it there, or choose another --out."
            )
        if meta.complete:
            return meta
    if force and out.exists():
        shutil.rmtree(out)
    if embedder is None:
        from gba.retrieval.embedder import load_embedder

        # sentence-transformers builds faster than llama.cpp's BERT on AVX2 CPUs (16 vs 7-10
        # passages per CPU-second, benchmarks/embedder.py); queries use the GGUF runtime,
        # whose vectors agree with these (the README gives the cosines)
        embedder = load_embedder(spec.embedder, threads=threads,
                                 runtime="sentence-transformers")
    if meta is None or force:
        meta = IndexMeta(
            dim=embedder.dim,
            embedder=spec.embedder,
            spec=spec.model_dump(),
            has_float32=spec.store_float32,
        )
        out.mkdir(parents=True, exist_ok=True)
        meta.write(out)
    writer = IndexWriter(out, meta.dim, store_float32=spec.store_float32)
    done = writer.store.state("articles_done")
    if articles is None:
        source, total = open_corpus(spec, done)
    else:
        source, total = islice(iter(articles), done, None), None
    if spec.limit is not None:
        source = islice(source, max(0, spec.limit - done))
        total = min(total, spec.limit) if total is not None else spec.limit
    started, embed_s, embedded = time.perf_counter(), 0.0, 0
    bar = _progress(total, done, writer.n, progress)
    try:
        for batch, n_articles in _batches(source, spec, batch_size):
            t0 = time.perf_counter()
            vectors = embedder.encode(
                [p.for_embedding(spec.embed_chars) for p in batch], batch_size=encode_batch_size
            )
            embed_s += time.perf_counter() - t0
            embedded += len(batch)
            done += n_articles
            writer.append(vectors, [(p.title, p.text) for p in batch], articles_done=done)
            bar.update(n_articles)
            bar.set_postfix(passages=writer.n, refresh=False)
    except KeyboardInterrupt:
        bar.close()
        writer.close()
        print(
            f"\nInterrupted after {done} articles; run the same command to resume.", file=sys.stderr
        )
        raise
    bar.close()
    meta.kind = writer.finalize(kind)
    meta.n_vectors = writer.n
    meta.complete = True
    meta.build_s = round(meta.build_s + time.perf_counter() - started, 2)
    if embedded:
        meta.passages_per_s = round(embedded / embed_s, 1)
    writer.store.close()
    meta.write(out)
    return meta


def _batches(articles: Iterable[Article], spec: BuildSpec, batch_size: int):
    """Yield (passages, number of articles they came from), ending at article boundaries."""
    passages, n_articles = [], 0
    for article in articles:
        passages.extend(article_passages(article, spec.max_chars, spec.max_passages))
        n_articles += 1
        if len(passages) >= batch_size:
            yield passages, n_articles
            passages, n_articles = [], 0
    if n_articles:
        yield passages, n_articles


def _progress(total: int | None, done: int, passages: int, enabled: bool):
    from tqdm.auto import tqdm

    bar = tqdm(
        total=total,
        initial=done,
        unit="article",
        desc="Indexing",
        disable=not enabled,
        dynamic_ncols=True,
    )
    bar.set_postfix(passages=passages)
    return bar


def build_default_index(force: bool = False, progress: bool = True, **kwargs) -> IndexMeta:
    """Build the offline Wikipedia index into `default_index_dir()` unless it is there."""
    return build_index(
        default_index_dir(), BuildSpec.for_corpus(), force=force, progress=progress, **kwargs
    )
