"""Bounded, SSRF-safe fetching of web pages for the internet search tool.

Every URL (and every redirect hop) is checked before any connection is made: http(s) only,
and the host must resolve to public addresses only, unless it is listed in `allow_hosts`
("host" or "host:port"). Responses are read as a stream under a deadline and a byte cap,
and only HTML or plain text is accepted. `fetch` never raises: failures come back in
`Page.error`.

A host name is resolved for the check and again by the HTTP client when connecting, so a
DNS server that answers differently the second time (DNS rebinding) is not stopped here; run
the agent where private services are firewalled if that matters.

Leaves out text extraction and the search engine (web.py).

>>> check_url("http://169.254.169.254/latest/meta-data", FetchPolicy())
Traceback (most recent call last):
...
gba.retrieval.fetch.FetchRefused: refused http://169.254.169.254/latest/meta-data: 169.254.169.254 is a private or reserved address
"""

from __future__ import annotations

import ipaddress
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urljoin, urlsplit

from pydantic import BaseModel, Field

from gba.errors import GBAError

TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
USER_AGENT = "gba-search/0.1 (+research agent; polite, single request per page)"


class FetchRefused(GBAError):
    """A URL that policy forbids fetching."""


class FetchPolicy(BaseModel):
    """Limits for fetching one page."""

    timeout: float = Field(default=8.0, description="seconds for the whole page")
    max_bytes: int = Field(default=2_000_000, description="bytes read at most (rest dropped)")
    max_redirects: int = 3
    content_types: tuple[str, ...] = TEXT_TYPES
    allow_hosts: frozenset[str] = Field(
        default=frozenset(), description="hosts ('h' or 'h:port') allowed to be private"
    )


class Page(BaseModel):
    """What fetching one URL gave: text (decoded body) or an error."""

    url: str
    final_url: str = ""
    status: int | None = None
    content_type: str = ""
    text: str = ""
    truncated: bool = False
    error: str | None = None


def _host_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchRefused(f"refused {url}: only http and https URLs are fetched")
    if not parts.hostname:
        raise FetchRefused(f"refused {url}: no host")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchRefused(f"refused {url}: bad port") from exc
    return parts.hostname.lower(), port


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str, policy: FetchPolicy) -> None:
    """Raise FetchRefused unless `url` is http(s) and its host is public or allowed."""
    host, port = _host_port(url)
    if host in policy.allow_hosts or f"{host}:{port}" in policy.allow_hosts:
        return
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchRefused(f"refused {url}: cannot resolve {host} ({exc})") from exc
        addresses = sorted({info[4][0] for info in infos})
    for address in addresses:
        if not _is_public(address):
            raise FetchRefused(f"refused {url}: {address} is a private or reserved address")


def fetch(url: str, policy: FetchPolicy | None = None, client=None) -> Page:
    """GET `url` within `policy`, following (checked) redirects by hand. Never raises."""
    import httpx

    policy = policy or FetchPolicy()
    own = client is None
    client = client or httpx.Client(trust_env=False, headers={"User-Agent": USER_AGENT})
    deadline = time.monotonic() + policy.timeout
    page = Page(url=url)
    try:
        current = url
        for _ in range(policy.max_redirects + 1):
            check_url(current, policy)
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            with client.stream(
                "GET", current, follow_redirects=False, timeout=httpx.Timeout(left)
            ) as response:
                page.final_url, page.status = current, response.status_code
                if response.is_redirect and "location" in response.headers:
                    current = urljoin(current, response.headers["location"])
                    continue
                return _read(response, page, policy, deadline)
        page.error = f"more than {policy.max_redirects} redirects"
    except FetchRefused as exc:
        page.error = str(exc)
    except (TimeoutError, httpx.TimeoutException):
        page.error = f"timed out after {policy.timeout:g} s"
    except httpx.HTTPError as exc:
        page.error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    finally:
        if own:
            client.close()
    return page


def _read(response, page: Page, policy: FetchPolicy, deadline: float) -> Page:
    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    page.content_type = kind
    if response.status_code >= 400:
        page.error = f"HTTP {response.status_code}"
        return page
    if kind and kind not in policy.content_types:
        page.error = f"not a text page ({kind})"
        return page
    body = bytearray()
    for chunk in response.iter_bytes():
        body.extend(chunk)
        if len(body) >= policy.max_bytes:
            page.truncated = True
            del body[policy.max_bytes :]
            break
        if time.monotonic() > deadline:
            raise TimeoutError
    page.text = bytes(body).decode(response.encoding or "utf-8", errors="replace")
    return page


def fetch_all(
    urls: list[str], policy: FetchPolicy | None = None, max_workers: int = 4
) -> list[Page]:
    """Fetch `urls` concurrently (threads, so it also works inside Jupyter), in order."""
    import httpx

    if not urls:
        return []
    headers = {"User-Agent": USER_AGENT}
    with (
        httpx.Client(trust_env=False, headers=headers) as client,
        ThreadPoolExecutor(max_workers=min(max_workers, len(urls))) as pool,
    ):
        return list(pool.map(lambda u: fetch(u, policy, client), urls))
