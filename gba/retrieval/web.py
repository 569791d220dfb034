"""The web side of retrieval: a SearXNG client and the main text of fetched pages.

SearXNG's JSON API gives result URLs (`searxng_search`); `page_text` extracts a fetched
page's main text with trafilatura. The SearXNG URL is read from the environment variable
`SEARXNG_ENV` here and nowhere else.

Leaves out fetching itself (fetch.py: limits, SSRF checks), ranking passages and answering
from them (gba.tools.search.internet).

>>> searxng_url_from_env() is None or isinstance(searxng_url_from_env(), str)
True
"""

from __future__ import annotations

import os

from pydantic import BaseModel

from gba.errors import GBAError
from gba.retrieval.fetch import Page

SEARXNG_ENV = "GBA_SEARXNG_URL"


class SearchEngineError(GBAError):
    """SearXNG could not be reached or gave no usable answer."""


class WebResult(BaseModel):
    """One SearXNG result."""

    url: str
    title: str = ""
    content: str = ""


def searxng_url_from_env() -> str | None:
    """The configured SearXNG URL, or None (then the agent leaves search_internet out)."""
    return os.environ.get(SEARXNG_ENV) or None


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
