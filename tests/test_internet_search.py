"""search_internet and safe fetching, against a real SearXNG-speaking server on loopback."""

from __future__ import annotations

import socket

import pytest
from searxng_server import FakeSearxng

from gba.client.fake import FakeClient
from gba.client.server_process import free_port
from gba.errors import GBAError
from gba.retrieval.fetch import FetchPolicy, FetchRefused, check_url, fetch, fetch_all
from gba.retrieval.web import SearchEngineError, page_text, searxng_search
from gba.tools.base import Tool
from gba.tools.search.answer import SourcedAnswer
from gba.tools.search.internet import SearchInternet

FORBIDDEN = {"10.0.0.1", "169.254.169.254"}


@pytest.fixture(scope="module")
def server():
    with FakeSearxng() as fake:
        yield fake


@pytest.fixture(autouse=True)
def no_forbidden_connections(monkeypatch):
    """Fail loudly if anything tries to connect to a forbidden address."""
    attempts = []
    real = socket.create_connection

    def guarded(address, *args, **kwargs):
        attempts.append(address[0])
        if address[0] in FORBIDDEN:
            raise AssertionError(f"connected to {address[0]}")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)
    return attempts


def allowed(server, **kwargs) -> FetchPolicy:
    return FetchPolicy(allow_hosts=frozenset({server.host}), **kwargs)


def make_tool(server, outputs, embedder, **kwargs) -> SearchInternet:
    return SearchInternet(
        FakeClient(outputs),
        server.url,
        embedder=embedder,
        allow_hosts=(server.host,),
        timeout=1.0,
        max_bytes=200_000,
        **kwargs,
    )


def test_searxng_results_are_parsed(server):
    results = searxng_search(server.url, "zorblat")
    assert [r.url for r in results][:2] == [
        f"{server.url}/page/normal",
        f"{server.url}/page/second",
    ]
    assert results[0].content == "Snippet of page normal."
    assert server.queries[-1] == "zorblat"


@pytest.mark.parametrize(
    "query, message",
    [
        ("boom", "HTTP 500"),
        ("garbage", "not its JSON format"),
        ("forbidden", "search.formats"),
    ],
)
def test_searxng_errors_are_explained(server, query, message):
    with pytest.raises(SearchEngineError, match=message):
        searxng_search(server.url, query)


def test_unreachable_searxng_is_explained():
    port = free_port()  # a port nobody listens on
    with pytest.raises(SearchEngineError, match="unreachable"):
        searxng_search(f"http://127.0.0.1:{port}", "anything", timeout=1)


def test_allowed_host_page_is_fetched_and_extracted(server, no_forbidden_connections):
    page = fetch(f"{server.url}/page/normal", allowed(server))
    assert page.error is None and page.status == 200
    assert no_forbidden_connections == ["127.0.0.1"]  # the guard sees real connections
    text = page_text(page)
    assert "1,234 kilometres" in text and "cookie banner" not in text


def test_loopback_is_refused_unless_allowed(server):
    before = len(server.requests)
    page = fetch(f"{server.url}/page/normal", FetchPolicy())
    assert "private or reserved" in page.error and page.text == ""
    assert len(server.requests) == before


def test_localhost_name_is_resolved_and_refused(server):
    with pytest.raises(FetchRefused, match="private or reserved"):
        check_url(f"http://localhost:{server.url.rsplit(':', 1)[1]}/", FetchPolicy())


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://a/"])
def test_only_http_urls(url):
    with pytest.raises(FetchRefused, match="only http"):
        check_url(url, FetchPolicy())


@pytest.mark.parametrize(
    "page_name, address",
    [
        ("redirect-private", "10.0.0.1"),
        ("redirect-metadata", "169.254.169.254"),
    ],
)
def test_redirects_to_private_addresses_are_refused_before_connecting(
    server, no_forbidden_connections, page_name, address
):
    page = fetch(f"{server.url}/page/{page_name}", allowed(server))
    assert address in page.error and "private or reserved" in page.error
    assert address not in no_forbidden_connections
    assert page.text == ""


def test_allowing_a_host_and_port_does_not_allow_other_ports(server):
    other = FetchPolicy(allow_hosts=frozenset({server.host}))
    with pytest.raises(FetchRefused):
        check_url("http://127.0.0.1:1/", other)
    check_url(f"{server.url}/anything", other)  # the allowed one passes


def test_redirect_within_allowed_host_is_followed(server):
    page = fetch(f"{server.url}/page/redirect-local", allowed(server))
    assert page.error is None and page.final_url.endswith("/page/normal")


def test_huge_page_stops_at_the_byte_cap(server):
    page = fetch(f"{server.url}/page/huge", allowed(server, max_bytes=100_000))
    assert page.truncated and len(page.text) == 100_000 and page.error is None


def test_slow_page_hits_the_deadline(server):
    page = fetch(f"{server.url}/page/slow", allowed(server, timeout=0.5))
    assert page.error.startswith("timed out")


@pytest.mark.parametrize("page_name, error", [("pdf", "not a text page"), ("missing", "HTTP 404")])
def test_bad_pages_report_why(server, page_name, error):
    assert error in fetch(f"{server.url}/page/{page_name}", allowed(server)).error


def test_malformed_html_gives_text_or_nothing(server):
    page = fetch(f"{server.url}/page/malformed", allowed(server))
    assert page.error is None
    assert isinstance(page_text(page), str)


def test_fetch_all_keeps_order(server):
    urls = [f"{server.url}/page/{name}" for name in ["second", "missing", "normal"]]
    pages = fetch_all(urls, allowed(server))
    assert [p.url for p in pages] == urls
    assert [p.error is None for p in pages] == [True, False, True]


def test_tool_answers_from_good_pages_and_reports_the_rest(server, embedder):
    server.set_results(
        ["slow", "normal", "huge", "redirect-private", "malformed", "pdf", "second", "missing"]
    )
    tool = make_tool(
        server,
        [
            {"query": "Zorblat river length"},
            SourcedAnswer(answer="It is 1,234 km long.", sources=[1]),
        ],
        embedder,
        max_pages=8,
    )
    try:
        result = tool("How long is the Zorblat?", "Find the length of the Zorblat river", [])
    finally:
        server.set_results(["normal", "second"])
    prompt = tool.client.calls[-1].prompt[0].content
    assert "1,234 kilometres" in prompt
    assert result.sources == [f"{server.url}/page/normal"]
    assert result.text.startswith("It is 1,234 km long.")
    assert "Could not read" in result.text
    failed = result.data["failed"]
    assert "private or reserved" in failed[f"{server.url}/page/redirect-private"]
    assert failed[f"{server.url}/page/slow"].startswith("timed out")
    assert "not a text page" in failed[f"{server.url}/page/pdf"]
    assert result.usage.prompt_tokens > 0 and result.error is None


@pytest.mark.parametrize(
    "query, expected", [("boom", "Internet search failed"), ("empty", "found nothing")]
)
def test_tool_survives_searxng_trouble(server, embedder, query, expected):
    result = make_tool(server, [{"query": query}], embedder)("", "anything", [])
    assert expected in result.text
    assert result.sources == []


def test_tool_is_configured_from_the_environment(monkeypatch, server):
    monkeypatch.setenv("GBA_SEARXNG_URL", server.url)
    tool = SearchInternet(FakeClient())
    assert isinstance(tool, Tool) and tool.name == "search_internet"
    assert tool.searxng_url == server.url
    monkeypatch.delenv("GBA_SEARXNG_URL")
    with pytest.raises(GBAError, match="GBA_SEARXNG_URL"):
        SearchInternet(FakeClient())


@pytest.mark.integration
def test_real_model_answers_from_web_pages(server, embedder, local_client):
    tool = SearchInternet(
        local_client, server.url, embedder=embedder, k=2, allow_hosts=(server.host,), timeout=2.0
    )
    result = tool("How long is the Zorblat river?", "Find the length of the Zorblat river", [])
    assert result.error is None and server.queries  # SearXNG was asked
    assert set(result.sources) <= {f"{server.url}/page/normal", f"{server.url}/page/second"}
    assert result.sources and result.usage.completion_tokens > 0
