"""A real HTTP server on 127.0.0.1 that speaks SearXNG's JSON API and serves result pages.

Used by the internet search tests. `/search?q=...&format=json` answers with results that
point back at this server's pages:

    /page/normal      an article in HTML
    /page/second      another article in HTML
    /page/huge        an endless HTML body (the client must stop at its byte cap)
    /page/slow        trickles bytes for a few seconds (the client must give up first)
    /page/malformed   broken markup and binary junk
    /page/pdf         a non-text content type
    /page/missing     404
    /page/redirect-private   302 to http://10.0.0.1/admin (must be refused, never connected)
    /page/redirect-metadata  302 to http://169.254.169.254/latest/meta-data
    /page/redirect-local     302 to this server's /page/normal (allowed host: followed)

Special queries: "boom" -> HTTP 500, "garbage" -> a body that is not JSON, "forbidden" ->
403 (JSON format disabled), "empty" -> no results. Every request path is recorded in
`requests`, so tests can check what was (not) fetched.

>>> with FakeSearxng() as server:  # doctest: +SKIP
...     server.url
'http://127.0.0.1:40123'
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

ARTICLE = """<!doctype html><html><head><title>{title}</title></head><body>
<nav>Home | About | Contact</nav>
<article><h1>{title}</h1>{paragraphs}</article>
<footer>Copyright notice and cookie banner.</footer></body></html>"""

NORMAL_TEXT = [
    "The Zorblat river is a river in the fictional country of Quenland.",
    "The Zorblat river is 1,234 kilometres long and flows into the Northern Sea.",
    "Its source lies in the Glimmer mountains, where it begins as a glacier stream.",
    "Fishermen along the Zorblat catch silver trout in the spring months.",
]
SECOND_TEXT = [
    "Quenland is a small fictional country known for its rivers and mountains.",
    "The capital of Quenland is Brightharbor, a port city on the Northern Sea.",
]
PAGES = [
    "normal",
    "second",
    "huge",
    "slow",
    "malformed",
    "pdf",
    "missing",
    "redirect-private",
    "redirect-metadata",
    "redirect-local",
]


def article(title: str, sentences: list[str]) -> bytes:
    paragraphs = "".join(f"<p>{s}</p>" for s in sentences)
    return ARTICLE.format(title=title, paragraphs=paragraphs).encode()


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def _send(
        self,
        status: int,
        body: bytes,
        kind: str = "text/html; charset=utf-8",
        headers: dict | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        parts = urlsplit(self.path)
        self.server.requests.append(parts.path)
        if parts.path == "/search":
            return self._search(parse_qs(parts.query))
        if parts.path.startswith("/page/"):
            return self._page(parts.path.removeprefix("/page/"))
        self._send(404, b"not found", "text/plain")

    def _search(self, params: dict) -> None:
        query = params.get("q", [""])[0]
        if params.get("format", [""])[0] != "json" or query == "forbidden":
            return self._send(403, b"Forbidden", "text/plain")
        if query == "boom":
            return self._send(500, b"Internal Server Error", "text/plain")
        if query == "garbage":
            return self._send(200, b"<html>not json</html>", "application/json")
        pages = [] if query == "empty" else self.server.result_pages
        results = [
            {
                "url": f"{self.server.url}/page/{name}",
                "title": f"Page {name}",
                "content": f"Snippet of page {name}.",
                "engine": "fake",
            }
            for name in pages
        ]
        self.server.queries.append(query)
        body = json.dumps(
            {"query": query, "number_of_results": len(results), "results": results}
        ).encode()
        self._send(200, body, "application/json")

    def _page(self, name: str) -> None:
        if name == "normal":
            return self._send(200, article("Zorblat river", NORMAL_TEXT))
        if name == "second":
            return self._send(200, article("Quenland", SECOND_TEXT))
        if name == "huge":
            return self._endless()
        if name == "slow":
            return self._trickle()
        if name == "malformed":
            junk = b"<html><body><div><p>Unclosed <b>tags <table><tr><td>\x00\xff\xfe" * 50
            return self._send(200, junk)
        if name == "pdf":
            return self._send(200, b"%PDF-1.4 fake", "application/pdf")
        targets = {
            "redirect-private": "http://10.0.0.1/admin",
            "redirect-metadata": "http://169.254.169.254/latest/meta-data",
            "redirect-local": "/page/normal",
        }
        if name in targets:
            return self._send(302, b"", "text/plain", {"Location": targets[name]})
        self._send(404, b"no such page", "text/plain")

    def _endless(self) -> None:
        """Up to 50 MB of HTML without Content-Length; stops when the client hangs up."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        chunk = b"<p>" + b"filler text " * 5000 + b"</p>\n"
        try:
            self.wfile.write(b"<html><body>")
            for _ in range(50_000_000 // len(chunk)):
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _trickle(self) -> None:
        """A byte every 0.1 s for at most 5 s."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        try:
            for _ in range(50):
                self.wfile.write(b"<")
                self.wfile.flush()
                time.sleep(0.1)
        except (BrokenPipeError, ConnectionResetError):
            pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    url: str
    requests: list[str]
    queries: list[str]
    result_pages: list[str]


class FakeSearxng:
    """Start with `start()` (or `with`), read `url`, `requests` and `queries`; `stop()` ends it.
    `result_pages` picks which pages /search returns, in order."""

    def __init__(self, result_pages: list[str] | None = None):
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.server.requests, self.server.queries = [], []
        self.server.result_pages = list(result_pages or ["normal", "second"])
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def host(self) -> str:
        return self.url.removeprefix("http://")

    @property
    def requests(self) -> list[str]:
        return self.server.requests

    @property
    def queries(self) -> list[str]:
        return self.server.queries

    def set_results(self, pages: list[str]) -> None:
        self.server.result_pages = list(pages)

    def start(self) -> FakeSearxng:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> FakeSearxng:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
