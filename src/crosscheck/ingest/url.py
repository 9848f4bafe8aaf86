"""URLs: fetch a page or a feed over HTTP(S) safely, then hand it to the HTML or feed reader.

Safety: connect and read timeouts plus an overall deadline, a byte cap, a redirect limit (each hop checked
again), a clear user agent, and an SSRF guard that refuses private, loopback, link-local and other
non-public addresses unless ``ReadOptions.allow_private`` is set.

The guard holds at connection time, not only before it: the host is resolved once, every address is
checked, and the socket is opened to one of those very addresses (``VettedBackend``). A DNS answer that
changes between the check and the connection (DNS rebinding) therefore cannot reach a private address. The
URL is untouched, so the Host header and, for https, the SNI name and certificate check still use the host.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import ssl
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from crosscheck.clean import url_parts
from crosscheck.errors import InputError
from crosscheck.ingest import ReadOptions
from crosscheck.model import Document, Provenance, Rejected
from crosscheck.settings import Settings

if TYPE_CHECKING:
    import httpx

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


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """A globally routable unicast address: not private, loopback, link-local, reserved or multicast."""
    return address.is_global and not address.is_multicast


class AddressRefused(Exception):
    """A host resolved to a non-public address while private hosts are not allowed."""


class HostUnresolved(AddressRefused):
    """A host that does not resolve (now): nothing to connect to, which may change at the next try."""


def vetted_addresses(host: str, port: int, allow_private: bool) -> list[str]:
    """Every address ``host`` resolves to, in resolver order; raises ``AddressRefused`` when one of them is
    private, loopback, link-local, multicast or otherwise non-public (unless ``allow_private``).

    One non-public answer refuses the host: a name that mixes public and private answers is an attack.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as err:
        raise HostUnresolved(f"host {host!r} does not resolve ({err.strerror})") from err
    addresses: list[str] = []
    for info in infos:
        literal = str(info[4][0])
        if not allow_private:
            address = ipaddress.ip_address(literal.split("%")[0])
            if not is_public(address):
                raise AddressRefused(
                    f"refused: {host} is a private, loopback or link-local address ({address}); "
                    "allowed by --allow-private (`serve --allow-private-urls` for the web app's ingest)"
                )
        if literal not in addresses:
            addresses.append(literal)
    if not addresses:
        raise HostUnresolved(f"host {host!r} does not resolve")
    return addresses


def refuse_private(url: str, options: ReadOptions, unresolved_ok: bool = False) -> None:
    """Raise unless the URL is http(s) with a host whose every address is public (or private is allowed).
    With ``unresolved_ok`` a host that does not resolve passes: a watcher retries it later, and the guarded
    transport checks whatever it resolves to then."""
    parts = url_parts(url)
    if parts is None:
        raise InputError(url, "malformed URL (its host or port cannot be read)")
    if parts.scheme not in ("http", "https"):
        raise InputError(url, f"only http and https URLs are read, not {parts.scheme or 'a bare path'}")
    host = parts.hostname
    if not host:
        raise InputError(url, "URL has no host")
    if options.allow_private:
        return
    try:
        vetted_addresses(host, parts.port or (443 if parts.scheme == "https" else 80), allow_private=False)
    except HostUnresolved as err:
        if not unresolved_ok:
            raise InputError(url, str(err)) from err
    except AddressRefused as err:
        raise InputError(url, str(err)) from err


def vetted_transport(allow_private: bool, ssl_context: ssl.SSLContext | None = None) -> httpx.HTTPTransport:
    """An httpx transport whose every TCP connection goes to an address the guard has just checked."""
    import httpcore
    import httpx

    class VettedBackend(httpcore.SyncBackend):
        """Resolves the host itself, checks each address, and connects to a checked address literally, so
        that the operating system resolves nothing after the check."""

        def connect_tcp(
            self,
            host: str,
            port: int,
            timeout: float | None = None,
            local_address: str | None = None,
            socket_options: Any = None,
        ) -> httpcore.NetworkStream:
            addresses = vetted_addresses(host, port, allow_private)
            for address in addresses[:-1]:
                # Try the checked addresses in the resolver's order, as the operating system would.
                with contextlib.suppress(httpcore.ConnectError, httpcore.ConnectTimeout):
                    return super().connect_tcp(address, port, timeout, local_address, socket_options)
            return super().connect_tcp(addresses[-1], port, timeout, local_address, socket_options)

    class VettedTransport(httpx.HTTPTransport):
        def __init__(self) -> None:
            super().__init__(trust_env=False)
            # The pool is rebuilt around the vetting backend; TLS still names and verifies the URL's host.
            self._pool = httpcore.ConnectionPool(
                ssl_context=ssl_context or httpx.create_ssl_context(trust_env=False),
                network_backend=VettedBackend(),
            )

    return VettedTransport()


def fetch(
    url: str, options: ReadOptions, settings: Settings, ssl_context: ssl.SSLContext | None = None
) -> Fetched:
    """Download one URL within the limits of ``options``; each failure is an ``InputError`` naming the URL.

    ``ssl_context`` replaces the system's certificate authorities (a private CA); the default verifies.
    """
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
    transport = vetted_transport(options.allow_private, ssl_context)
    with httpx.Client(
        timeout=timeout, headers=headers, follow_redirects=False, trust_env=False, transport=transport
    ) as client:
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
                        try:
                            current = urljoin(current, location)
                        except ValueError as err:
                            raise InputError(url, f"malformed redirect Location from {current}") from err
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
            except AddressRefused as err:
                # The check at connection time: the host's answer changed since the check above.
                raise InputError(url, f"{err} (at {current})") from err
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
        yield from read_feed_bytes(fetched.body, url, settings, options, max_items=options.max_feed_items)
        return
    yield page_document(fetched.body, url, url=fetched.url, provenance=Provenance(path=url))
