"""`gba index`: build, query and inspect search indexes.

    gba index build                      # the offline Wikipedia index (cached; resumable)
    gba index build --corpus hf:wikimedia/wikipedia:20231101.en --model BAAI/bge-large-en-v1.5 \\
        --out ~/wiki-full --no-float32   # full scale, online
    gba index query "Who painted the Mona Lisa?" --stages
    gba index info

Leaves out the index engine itself (gba.retrieval); the group is skipped when its optional
extra is missing.

>>> [c.name for c in COMMANDS]
['index']
"""

from __future__ import annotations

from pathlib import Path

import click

from gba.cli.common import fail
from gba.errors import GBAError
from gba.retrieval.embedder import DEFAULT_EMBEDDER
from gba.retrieval.index import DEFAULT_CANDIDATES, default_index_dir
from gba.text import clip

SHOWN_CHARS = 300  # of each passage `gba index query` prints


@click.group(name="index")
def index() -> None:
    """Build and query the Wikipedia search index."""


@index.command()
@click.option(
    "--corpus",
    default="offline",
    show_default=True,
    help="'offline' (packaged vital-article summaries) or hf:PATH[:NAME[:SPLIT]].",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Index directory [default: the offline index in gba's cache].",
)
@click.option(
    "--model",
    default=DEFAULT_EMBEDDER,
    show_default=True,
    help="sentence-transformers model (the default is packaged for offline use).",
)
@click.option(
    "--max-chars",
    type=int,
    default=None,
    help="Passage size in characters [offline: 2500 (whole summaries); else 600].",
)
@click.option(
    "--embed-chars",
    type=int,
    default=None,
    help="Characters of each passage embedded [offline: 300; else all].",
)
@click.option("--max-passages", type=int, default=None, help="Passages kept per article.")
@click.option("--limit", type=int, default=None, help="Index only the first N articles.")
@click.option(
    "--float32/--no-float32",
    "store_float32",
    default=None,
    help="Also keep exact vectors (for the benchmark) [default: only offline].",
)
@click.option(
    "--kind",
    type=click.Choice(["auto", "flat", "ivf", "hnsw"]),
    default="auto",
    show_default=True,
    help="faiss binary index for the candidate stage.",
)
@click.option(
    "--batch-size",
    default=512,
    show_default=True,
    help="Passages embedded and committed at a time.",
)
@click.option("--threads", type=int, default=None, help="torch threads [default: all cores].")
@click.option("--force", is_flag=True, help="Rebuild from scratch even if an index exists.")
def build(
    corpus: str,
    out: Path | None,
    model: str,
    max_chars: int | None,
    embed_chars: int | None,
    max_passages: int | None,
    limit: int | None,
    store_float32: bool | None,
    kind: str,
    batch_size: int,
    threads: int | None,
    force: bool,
) -> None:
    """Build an index (skipped when complete; resumed when interrupted)."""
    from gba.retrieval.builder import BuildSpec, build_index
    from gba.retrieval.index import IndexMeta
    from gba.runfiles import check_writable

    out = out or default_index_dir()
    meta = IndexMeta.read(out) if out.is_dir() else None
    try:
        if force or meta is None or not meta.complete:  # before the embedder loads
            check_writable(out, folder=True)
    except GBAError as exc:
        fail(exc)
    spec = BuildSpec.for_corpus(
        corpus,
        embedder=model,
        max_chars=max_chars,
        embed_chars=embed_chars,
        max_passages=max_passages,
        limit=limit,
        store_float32=store_float32,
    )
    try:
        meta = build_index(out, spec, batch_size=batch_size, threads=threads, kind=kind,
                           force=force)
    except GBAError as exc:
        fail(exc)
    click.echo(
        f"Index ready at {out}: {meta.n_vectors} passages, {meta.kind} binary index, "
        f"{meta.dim}-d {meta.embedder} (built in {meta.build_s:.0f} s)."
    )
    if meta.embedder == DEFAULT_EMBEDDER:
        query_embedder()


def query_embedder() -> None:
    """Convert the packaged embedder to GGUF once, so that queries skip torch (about 12 s of
    imports a cold `gba run`); without it queries fall back to sentence-transformers."""
    from gba.retrieval.embedder import convert_embedder, gguf_embedder_path

    if gguf_embedder_path().is_file():
        return
    try:
        from gba.training.llama_cpp_tools import llama_cpp_source

        path = convert_embedder(llama_cpp_source())
    except (GBAError, OSError) as exc:
        click.echo(f"Queries keep sentence-transformers (no torch-free embedder): {exc}")
        return
    click.echo(f"Query embedder for llama.cpp at {path} (no torch at query time).")


@index.command()
@click.option("--bank", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="solved calculations JSONL [default: data/examples/calculations.jsonl]")
def examples(bank: Path | None) -> None:
    """Embed the calculation role's solved examples once (cached under GBA_HOME), with
    sentence-transformers where it is installed (about 3x faster than llama.cpp for a batch;
    the vectors agree to a cosine of 0.9999), else the query embedder."""
    from gba.retrieval.embedder import DEFAULT_EMBEDDER, load_embedder
    from gba.tools.examples import BANK_PATH, load_bank, read_pairs, vectors_path

    try:
        pairs = read_pairs(bank or BANK_PATH)  # a missing or damaged file fails first
        if vectors_path(pairs, DEFAULT_EMBEDDER).is_file():  # a second set-up stays quick
            click.echo(f"{len(pairs)} solved calculations already embedded.")
            return
        try:
            embedder = load_embedder(runtime="sentence-transformers")
        except ImportError:
            embedder = load_embedder()
        loaded = load_bank(bank, embedder)
    except GBAError as exc:
        fail(exc)
    click.echo(f"{len(loaded.pairs)} solved calculations embedded (cached under GBA_HOME).")


@index.command()
@click.argument("text")
@click.option(
    "--index",
    "index_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Index directory [default: the offline index].",
)
@click.option("-k", default=5, show_default=True, help="Passages to show.")
@click.option(
    "--candidates",
    default=DEFAULT_CANDIDATES,
    show_default=True,
    help="Candidates from the binary stage that get rescored.",
)
@click.option("--reranker", default=None, help="Cross-encoder model to rerank the top hits.")
@click.option("--stages", is_flag=True, help="Show candidates and timings of every stage.")
def query(
    text: str, index_dir: Path | None, k: int, candidates: int, reranker: str | None, stages: bool
) -> None:
    """Search the index for TEXT and print the best passages."""
    from gba.retrieval.index import load_index

    try:
        searcher = load_index(index_dir, reranker=reranker)
        trace = searcher.explain(text, k=k, candidates=candidates)
    except GBAError as exc:  # no index there yet, or the embedder is missing
        fail(exc)
    if stages:
        shown = ", ".join(
            f"{i}:{h}"
            for i, h in zip(trace.candidate_ids[:10], trace.candidate_hamming[:10], strict=True)
        )
        click.echo(f"candidates ({len(trace.candidate_ids)}, id:hamming): {shown} ...")
        click.echo(f"timings (ms): {trace.timings_ms}")
    for rank, hit in enumerate(trace.hits, 1):
        extra = f" rerank={hit.rerank_score:.3f}" if hit.rerank_score is not None else ""
        click.echo(f"{rank}. [{hit.score:.3f} ham={hit.hamming}{extra}] {hit.title}")
        click.echo(f"   {clip(hit.text, SHOWN_CHARS)}")


@index.command()
@click.option("--index", "index_dir", type=click.Path(path_type=Path), default=None)
def info(index_dir: Path | None) -> None:
    """Show an index's size and settings."""
    from gba.retrieval.index import IndexMeta

    path = index_dir or default_index_dir()
    meta = IndexMeta.read(path)
    if meta is None:
        raise click.ClickException(f"No index at {path}: run `gba index build`.")
    click.echo(meta.model_dump_json(indent=2))


COMMANDS = [index]
