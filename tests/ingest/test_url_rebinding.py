"""The SSRF guard holds at connection time: a DNS answer that changes after the check reaches nothing private.

A real HTTP(S) server listens on 127.0.0.1. The resolver is the attacker here, so it is the one part swapped:
``socket.getaddrinfo`` answers chosen names the way a rebinding DNS server would, and every other name as
the system does.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from crosscheck.errors import InputError
from crosscheck.ingest import ReadOptions, read_documents
from crosscheck.ingest.url import fetch
from crosscheck.model import Document, Rejected
from crosscheck.settings import get_settings
from tests.ingest.pages import STORY, news_page, redirect, send, serve

PUBLIC = "93.184.216.34"  # a global unicast address; nothing here ever connects to it successfully
REAL_GETADDRINFO = socket.getaddrinfo
Answer = Callable[[int], str]


def _install_resolver(monkeypatch: pytest.MonkeyPatch, answers: dict[str, Answer]) -> list[str]:
    """Answer the given names by call number (0, 1, ...); returns the log of names asked."""
    asked: list[str] = []

    def resolve(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name not in answers:
            return REAL_GETADDRINFO(host, port, *args, **kwargs)
        address = answers[name](asked.count(name))
        asked.append(name)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port or 80)))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    return asked


def _first_public_then_loopback(call: int) -> str:
    return PUBLIC if call == 0 else "127.0.0.1"


def _counting(handler: Callable[[BaseHTTPRequestHandler], None], hits: list[str]) -> Any:
    def handle(request: BaseHTTPRequestHandler) -> None:
        hits.append(request.path)
        handler(request)

    return handle


def test_rebinding_answer_after_the_check_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    hits: list[str] = []
    with serve({"/secret": _counting(send(news_page().encode()), hits)}) as base:
        port = base.rsplit(":", 1)[1]
        _install_resolver(monkeypatch, {"rebind.example": _first_public_then_loopback})
        options = ReadOptions(connect_timeout=0.5, read_timeout=0.5)
        [rejected] = list(read_documents([f"http://rebind.example:{port}/secret"], options=options))
    assert isinstance(rejected, Rejected)
    assert "refused" in rejected.error and "127.0.0.1" in rejected.error
    assert hits == []  # the local server was never reached


def test_rebinding_on_a_redirect_hop_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # A first hop must succeed with private hosts refused, so 127.0.0.2 stands in for a public server here.
    from crosscheck.ingest import url as url_module

    stand_in = ipaddress.ip_address("127.0.0.2")
    monkeypatch.setattr(url_module, "is_public", lambda address: address == stand_in)
    hits: list[str] = []
    with serve({"/secret": _counting(send(news_page().encode()), hits)}) as secret:
        port = secret.rsplit(":", 1)[1]
        with serve({"/go": redirect(f"http://hop.example:{port}/secret")}, host="127.0.0.2") as first:
            first_port = first.rsplit(":", 1)[1]
            _install_resolver(
                monkeypatch,
                {
                    "start.example": lambda _call: "127.0.0.2",
                    # Checked as the stand-in public address, then answered as the private one.
                    "hop.example": lambda call: "127.0.0.2" if call == 0 else "127.0.0.1",
                },
            )
            options = ReadOptions(connect_timeout=0.5, read_timeout=0.5)
            with pytest.raises(InputError, match=r"refused.*127\.0\.0\.1"):
                fetch(f"http://start.example:{first_port}/go", options, get_settings())
    assert hits == []


def test_connection_goes_to_the_address_resolved_once(monkeypatch: pytest.MonkeyPatch) -> None:
    seen_hosts: list[str] = []

    def echo_host(handler: BaseHTTPRequestHandler) -> None:
        seen_hosts.append(handler.headers.get("Host", ""))
        send(news_page().encode())(handler)

    with serve({"/news": echo_host}) as base:
        port = base.rsplit(":", 1)[1]
        asked = _install_resolver(monkeypatch, {"news.example": lambda _call: "127.0.0.1"})
        options = ReadOptions(allow_private=True, connect_timeout=2.0, read_timeout=2.0)
        [document] = list(read_documents([f"http://news.example:{port}/news"], options=options))
    assert isinstance(document, Document) and STORY[1] in document.text
    # The request reached the checked address under the original Host header.
    assert seen_hosts == [f"news.example:{port}"]
    assert asked == ["news.example"]  # resolved once, by the guarded connection, and by nobody else


def test_mixed_public_and_private_answers_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def both(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if str(host) != "both.example":
            return REAL_GETADDRINFO(host, port, *args, **kwargs)
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (PUBLIC, 80)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", 80)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", both)
    with pytest.raises(InputError, match=r"refused.*10\.1\.2\.3"):
        fetch("http://both.example/", ReadOptions(connect_timeout=0.5, read_timeout=0.5), get_settings())


@contextmanager
def _https_server(tmp_path: Path, hostname: str) -> Iterator[tuple[int, ssl.SSLContext, list[str]]]:
    """A real TLS server on 127.0.0.1 with a self-signed certificate for ``hostname`` only."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key)]
    command += ["-out", str(cert), "-days", "1", "-subj", f"/CN={hostname}"]
    command += ["-addext", f"subjectAltName=DNS:{hostname}"]
    subprocess.run(
        command,
        check=True,
        capture_output=True,
    )
    server_names: list[str] = []
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)

    def record_sni(_sock: ssl.SSLObject, name: str | None, _context: ssl.SSLContext) -> None:
        server_names.append(name or "")

    server_context.sni_callback = record_sni

    body = news_page().encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            send(body)(self)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = server_context.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    client_context = ssl.create_default_context(cafile=str(cert))
    try:
        yield server.server_address[1], client_context, server_names
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.skipif(not Path("/usr/bin/openssl").exists(), reason="needs the openssl command")
def test_https_keeps_sni_and_certificate_check_on_the_host_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with _https_server(tmp_path, "secure.example") as (port, trust, server_names):
        _install_resolver(
            monkeypatch, {"secure.example": lambda _c: "127.0.0.1", "wrong.example": lambda _c: "127.0.0.1"}
        )
        options = ReadOptions(allow_private=True, connect_timeout=2.0, read_timeout=2.0)
        fetched = fetch(f"https://secure.example:{port}/news", options, get_settings(), ssl_context=trust)
        assert STORY[1].encode() in fetched.body
        assert server_names[-1] == "secure.example"  # SNI names the host, not the address connected to
        # The certificate is still checked against the URL's host: another name on the same address fails.
        with pytest.raises(InputError, match="could not fetch"):
            fetch(f"https://wrong.example:{port}/news", options, get_settings(), ssl_context=trust)
