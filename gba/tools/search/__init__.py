"""Search tools: Wikipedia on a quantized local index, and the internet through SearXNG.

Names load lazily, so `import gba.tools.search` stays cheap (no torch, faiss or httpx).

>>> from gba.tools.search import SearchWikipedia, load_index  # doctest: +SKIP
>>> tool = SearchWikipedia(client, load_index())  # doctest: +SKIP
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "SearchWikipedia": "wikipedia",
    "SearchInternet": "internet",
    "searxng_url_from_env": "internet",
    "Searcher": "index",
    "load_index": "index",
    "default_index_dir": "index",
    "BuildSpec": "builder",
    "build_index": "builder",
    "build_default_index": "builder",
    "load_embedder": "embedder",
    "FetchPolicy": "fetch",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(f"{__name__}.{_EXPORTS[name]}")
    return getattr(module, name)
