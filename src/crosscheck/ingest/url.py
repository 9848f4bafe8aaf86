"""URLs: fetch a page or a feed over HTTP(S) safely, then hand it to the HTML or feed reader.

Safety: connect and read timeouts plus an overall deadline, a byte cap, a redirect limit (each hop checked
again), a clear user agent, and an SSRF guard that refuses private, loopback, link-local and other
non-public addresses unless ``ReadOptions.allow_private`` is set.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from crosscheck.errors import InputError
from crosscheck.ingest import ReadOptions
from crosscheck.model import Document, Provenance, Rejected
from crosscheck.settings import Settings

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)


@dataclass(frozen=True)
class Fetched:
    """A successful download: where it ended up after redirects, its content type and its body."""

    url: str
    content_type: str
    body: bytes


def refuse_private(url: str, options: ReadOptions) -> None:
    """Raise unless every address the URL's host resolves to is public (or private hosts are allowed)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise InputError(url, f"only http and https URLs are read, not {parts.scheme or 'a bare path'}")
    host = parts.hostname
    if not host:
        raise InputError(url, "URL has no host")
    if options.allow_private:
        return
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80))
    except socket.gaierror as err:
        raise InputError(url, f"host {host!r} does not resolve ({err.strerror})") from err
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global or address.is_multicast:
            raise InputError(
                url,
                f"refused: {host} is a private, loopback or link-local address ({address}); "
                "pass --allow-private to read it",
            )


def fetch(url: str, options: ReadOptions, settings: Settings) -> Fetched:
    """Download one URL within the limits of ``options``; each failure is an ``InputError`` naming the URL."""
    import httpx

    cap = options.byte_cap(settings)
    timeout = httpx.Timeout(options.read_timeout, connect=options.connect_timeout)
    # A slow trickle of bytes defeats a per-read timeout; the deadline bounds the whole download.
    deadline = time.monotonic() + options.connect_timeout + 2 * options.read_timeout
    headers = {
        "User-Agent": options.user_agent,
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9",
    }
    current = url
    seen: set[str] = set()
    with httpx.Client(timeout=timeout, headers=headers, follow_redirects=False, trust_env=False) as client:
        for _hop in range(options.max_redirects + 1):
            refuse_private(current, options)
            if current in seen:
                raise InputError(url, f"redirect loop at {current}")
            seen.add(current)
            try:
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise InputError(url, f"redirect without a Location from {current}")
                        current = urljoin(current, location)
                        continue
                    if response.status_code >= 400:
                        raise InputError(url, f"HTTP {response.status_code} from {current}")
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > cap:
                        raise InputError(url, f"page is {declared} bytes, over the {cap}-byte limit")
                    chunks: list[bytes] = []
                    size = 0
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > cap:
                            raise InputError(url, f"page is over the {cap}-byte limit")
                        if time.monotonic() > deadline:
                            raise InputError(url, "download took too long; gave up")
                        chunks.append(chunk)
                    content_type = response.headers.get("content-type", "").lower()
                    return Fetched(url=str(response.url), content_type=content_type, body=b"".join(chunks))
            except httpx.TimeoutException as err:
                raise InputError(url, f"timed out ({type(err).__name__})") from err
            except httpx.DecodingError as err:
                raise InputError(url, "response could not be decoded (corrupt compression?)") from err
            except httpx.HTTPError as err:
                raise InputError(url, f"could not fetch ({type(err).__name__}: {err})") from err
    raise InputError(url, f"more than {options.max_redirects} redirects")


def is_feed(fetched: Fetched) -> bool:
    if any(kind in fetched.content_type for kind in FEED_TYPES):
        return True
    head = fetched.body[:2048].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head)


def read_url(url: str, settings: Settings, options: ReadOptions) -> Iterator[Document | Rejected]:
    """A page URL gives one document; a feed URL gives one per item (see ``crosscheck.ingest.feed``)."""
    from crosscheck.ingest.feed import read_feed_bytes
    from crosscheck.ingest.html import page_document

    fetched = fetch(url, options, settings)
    if is_feed(fetched):
        yield from read_feed_bytes(fetched.body, url, settings, options)
        return
    yield page_document(fetched.body, url, url=fetched.url, provenance=Provenance(path=url))
