"""The `search_internet` tool: task -> query (LLM) -> SearXNG -> pages -> passages -> answer.

SearXNG's JSON API gives result URLs; the top pages are fetched concurrently under the
limits of `FetchPolicy`, their main text is extracted, split into passages, ranked against
the query with the embedder, and the LLM answers from the best ones, citing URLs. Dead
pages, bad HTML and SearXNG errors become part of the observation, never an exception.

The SearXNG URL comes from the constructor or the environment (gba.retrieval.web); its
host is trusted for the API call. Result pages on private or loopback addresses are refused
unless their host is in `allow_hosts`.

Leaves out the SearXNG client, fetching and text extraction (gba.retrieval) and the answer
step it shares with search_wikipedia (answer.py).

>>> tool = SearchInternet(client, "http://localhost:8888")  # doctest: +SKIP
>>> tool("", "Find the latest Python release", []).sources  # doctest: +SKIP
['https://www.python.org/downloads/']
"""

from __future__ import annotations

import numpy as np

from gba.client.base import LLMClient
from gba.errors import GBAError
from gba.retrieval.corpus import split_passages
from gba.retrieval.fetch import FetchPolicy, fetch_all
from gba.retrieval.web import (
    SEARXNG_ENV,
    SearchEngineError,
    WebResult,
    page_text,
    searxng_search,
    searxng_url_from_env,
)
from gba.text import clip
from gba.tools.base import Tool, ToolResult
from gba.tools.search.answer import Source, answer_from_sources, rewrite_query
from gba.trajectory import Step

PASSAGE_CHARS = 500  # page text is split into passages of about this size
FAILURE_CHARS = 60  # each unreadable page's reason, as the observation shows it

class SearchInternet(Tool):
    """Answers a task from web pages found through a SearXNG instance, citing URLs."""

    name = "search_internet"
    description = (
        "Searches the internet and answers the task briefly from the pages found, citing "
        "URLs. Use for current events, prices, products or anything not in an encyclopedia."
    )

    def __init__(
        self,
        client: LLMClient,
        searxng_url: str | None = None,
        *,
        embedder=None,
        max_pages: int = 4,
        k: int = 4,
        per_page: int = 2,
        passages_per_page: int = 12,
        budget_chars: int = 1200,
        timeout: float = 8.0,
        max_bytes: int = 2_000_000,
        allow_hosts: tuple[str, ...] = (),
    ):
        url = searxng_url or searxng_url_from_env()
        if not url:
            raise GBAError(
                f"No SearXNG URL: pass searxng_url or set {SEARXNG_ENV} (the README "
                "shows how to start SearXNG with docker)."
            )
        self.client = client
        self.searxng_url = url
        self._embedder = embedder
        self.max_pages, self.k, self.per_page = max_pages, k, per_page
        self.passages_per_page = passages_per_page
        self.budget_chars = budget_chars
        self.timeout = timeout
        self.policy = FetchPolicy(
            timeout=timeout,
            max_bytes=max_bytes,
            allow_hosts=frozenset(h.lower() for h in allow_hosts),
        )

    @property
    def embedder(self):
        if self._embedder is None:
            from gba.retrieval.embedder import load_embedder

            self._embedder = load_embedder()
        return self._embedder

    def gather(self, results: list[WebResult]) -> tuple[list[Source], dict[str, str]]:
        """Passages from the top pages plus every result's snippet; and failures by URL."""
        pages = fetch_all([r.url for r in results[: self.max_pages]], self.policy)
        passages, failed = [], {}
        for result, page in zip(results, pages, strict=False):
            text = page_text(page)
            if not text:
                failed[result.url] = page.error or "no readable text"
            for piece in split_passages(text, PASSAGE_CHARS)[: self.passages_per_page]:
                passages.append(
                    Source(label=result.title or result.url, text=piece, ref=result.url)
                )
        for result in results:
            if result.content:
                passages.append(
                    Source(label=result.title or result.url, text=result.content, ref=result.url)
                )
        return passages, failed

    def rank(self, queries: list[str], passages: list[Source]) -> list[Source]:
        """The best `k` passages by cosine with any query, at most `per_page` per URL."""
        if not passages:
            return []
        vectors = self.embedder.encode(list(queries) + [f"{p.label}: {p.text}" for p in passages])
        scores = (vectors[len(queries) :] @ vectors[: len(queries)].T).max(axis=1)
        chosen, per_url = [], {}
        for i in np.argsort(-scores, kind="stable"):
            ref = passages[i].ref
            if per_url.get(ref, 0) < self.per_page:
                per_url[ref] = per_url.get(ref, 0) + 1
                chosen.append(passages[i])
            if len(chosen) == self.k:
                break
        return chosen

    def run(self, request: str, task: str, previous_steps: list[Step]) -> ToolResult:
        query, usage = rewrite_query(self.client, task, "web")
        data: dict = {"query": query}
        try:
            results = searxng_search(self.searxng_url, query, timeout=self.timeout)
        except SearchEngineError as exc:
            return ToolResult(
                text=f"Internet search failed: {exc}", usage=usage, data=data, error=str(exc)
            )
        data["results"] = [r.url for r in results]
        if not results:
            return ToolResult(
                text=f"The internet search found nothing for: {query}", usage=usage, data=data
            )
        passages, failed = self.gather(results)
        data["failed"] = failed
        best = self.rank([query, task], passages)
        if not best:
            return ToolResult(
                text=f"Found {len(results)} results for '{query}' but could not "
                f"read any of them ({_failures(failed)}).",
                usage=usage,
                data=data,
            )
        result = answer_from_sources(self.client, task, best, self.budget_chars, usage=usage,
                                     data=data)
        if failed:
            result.text += f" Could not read: {_failures(failed)}."
        return result


def _failures(failed: dict[str, str], limit: int = 3) -> str:
    shown = [f"{url} ({clip(reason, FAILURE_CHARS)})" for url, reason in list(failed.items())[:limit]]
    more = len(failed) - limit
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")
