"""Search tools: `search_wikipedia` (a local index) and `search_internet` (SearXNG).

Both are thin: retrieval lives in gba.retrieval, and they share one query step and one
answer step (answer.py). Names load lazily, so `import gba.tools.search` stays cheap (no
torch, faiss or httpx); the retrieval names are re-exported from their old home here.

Leaves out the retrieval engine (gba.retrieval) and the `gba index` command (gba.cli.index).

>>> from gba.tools.search import SearchWikipedia, load_index  # doctest: +SKIP
>>> tool = SearchWikipedia(client, load_index())  # doctest: +SKIP
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "SearchWikipedia": "gba.tools.search.wikipedia",
    "SearchInternet": "gba.tools.search.internet",
    "searxng_url_from_env": "gba.retrieval.web",
    "Searcher": "gba.retrieval.index",
    "load_index": "gba.retrieval.index",
    "default_index_dir": "gba.retrieval.index",
    "BuildSpec": "gba.retrieval.builder",
    "build_index": "gba.retrieval.builder",
    "build_default_index": "gba.retrieval.builder",
    "load_embedder": "gba.retrieval.embedder",
    "FetchPolicy": "gba.retrieval.fetch",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
