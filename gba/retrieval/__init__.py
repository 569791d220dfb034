"""Retrieval: the engine behind the search tools.

A quantized two-stage index over passages (index.py, quantize.py, store.py), how it is built
from a corpus (builder.py, corpus.py, embedder.py), and the web: bounded page fetching
(fetch.py) and a SearXNG client with page-text extraction (web.py); measuring the search
against exact float32 search (measure.py: recall, latency, synthetic indexes). Modules import
their heavy dependencies (torch, faiss, httpx, trafilatura) only when used.

Leaves out everything a model does: rewriting queries and answering from passages belong
to the search tools (gba.tools.search), building and querying from the shell to `gba index`
(gba.cli.index), and the benchmark's command line (benchmarks/retrieval.py).
"""
