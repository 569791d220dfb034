"""Search tools: `search_wikipedia` (a local index) and `search_internet` (SearXNG).

Both are thin: retrieval lives in gba.retrieval, and they share one query step and one
answer step (answer.py). Names load lazily, so `import gba.tools.search` stays cheap (no
torch, faiss or httpx).

Leaves out the retrieval engine (gba.retrieval) and the `gba index` command (gba.cli.index).

>>> from gba.tools.search import SearchWikipedia
>>> from gba.retrieval.index import load_index  # doctest: +SKIP
>>> tool = SearchWikipedia(client, load_index())  # doctest: +SKIP
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "SearchWikipedia": "gba.tools.search.wikipedia",
    "SearchInternet": "gba.tools.search.internet",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
