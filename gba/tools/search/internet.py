"""The `search_internet` tool: task -> query (LLM) -> SearXNG -> pages -> passages -> answer.

SearXNG's JSON API gives result URLs; the top pages are fetched concurrently under the
limits of `fetch.FetchPolicy`, their main text is extracted with trafilatura, split into
passages, ranked against the query with the embedder, and the LLM answers from the best
ones, citing URLs. Dead pages, bad HTML and SearXNG errors become part of the observation,
never an exception.

The SearXNG URL comes from the constructor or `GBA_SEARXNG_URL`; its host is trusted for the
API call. Result pages on private or loopback addresses are refused unless their host is in
`allow_hosts`.

>>> tool = SearchInternet(client, "http://localhost:8888")  # doctest: +SKIP
>>> tool("", "Find the latest Python release", []).sources  # doctest: +SKIP
['https://www.python.org/downloads/']
"""

from __future__ import annotations

import os

import numpy as np
from pydantic import BaseModel

from gba.client.base import LLMClient
from gba.errors import GBAError, InvalidOutputError
from gba.tools.base import Tool, ToolResult
from gba.tools.search.answer import Source, rewrite_query, write_answer
from gba.tools.search.corpus import split_passages
from gba.tools.search.fetch import FetchPolicy, Page, fetch_all
from gba.trajectory import Step

ENV_VAR = "GBA_SEARXNG_URL"


class SearchEngineError(GBAError):
    """SearXNG could not be reached or gave no usable answer."""


class WebResult(BaseModel):
    """One SearXNG result."""

    url: str
    title: str = ""
    content: str = ""


def searxng_url_from_env() -> str | None:
    """The configured SearXNG URL, or None (then the agent leaves search_internet out)."""
    return os.environ.get(ENV_VAR) or None


def searxng_search(
    base_url: str, query: str, timeout: float = 8.0, max_results: int = 8
) -> list[WebResult]:
    """Ask SearXNG's JSON API (`/search?format=json`) for `query`."""
    import httpx

    url = base_url.rstrip("/") + "/search"
    try:
        response = httpx.get(
            url,
            params={"q": query, "format": "json"},
            timeout=timeout,
            trust_env=False,
            headers={"Accept": "application/json"},
        )
    except httpx.HTTPError as exc:
        raise SearchEngineError(
            f"SearXNG at {base_url} is unreachable ({exc}); is it running?"
        ) from exc
    if response.status_code == 403:
        raise SearchEngineError(
            "SearXNG refused the JSON format (403): enable `json` under "
            "search.formats in its settings.yml"
        )
    if response.status_code != 200:
        raise SearchEngineError(f"SearXNG answered HTTP {response.status_code}")
    try:
        items = response.json().get("results", [])
        results = [
            WebResult(url=r["url"], title=r.get("title") or "", content=r.get("content") or "")
            for r in items
            if r.get("url")
        ]
    except (ValueError, AttributeError, KeyError, TypeError) as exc:
        raise SearchEngineError(
            f"SearXNG sent an answer that is not its JSON format ({exc})"
        ) from exc
    return results[:max_results]


def page_text(page: Page) -> str:
    """Main text of a fetched page ('' when nothing could be extracted)."""
    if not page.text or page.error:
        return ""
    if page.content_type == "text/plain":
        return page.text
    import trafilatura

    try:
        return (
            trafilatura.extract(
                page.text,
                url=page.final_url or page.url,
                include_comments=False,
                include_tables=False,
            )
            or ""
        )
    except Exception:  # malformed markup of any kind: treat the page as empty
        return ""


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
                f"No SearXNG URL: pass searxng_url or set {ENV_VAR} (the README "
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
            from gba.tools.search.embedder import load_embedder

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
            for piece in split_passages(text, 500)[: self.passages_per_page]:
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
        try:
            answer, cited, answer_usage = write_answer(self.client, task, best, self.budget_chars)
            usage = usage + answer_usage
        except InvalidOutputError as exc:
            data["answer_error"] = str(exc)
            answer, cited = " ".join(s.text[:300] for s in best[:2]), best
        urls = list(dict.fromkeys(s.ref for s in cited))
        text = f"{answer} (Sources: {', '.join(urls)})"
        if failed:
            text += f" Could not read: {_failures(failed)}."
        return ToolResult(text=text, sources=urls, usage=usage, data=data)


def _failures(failed: dict[str, str], limit: int = 3) -> str:
    shown = [f"{url} ({reason[:60]})" for url, reason in list(failed.items())[:limit]]
    more = len(failed) - limit
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")
