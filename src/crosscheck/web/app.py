"""The web app: the REST API (OpenAPI at /openapi.json) and the server-rendered pages, over one ``Store``.

Article text is untrusted: templates autoescape, every response carries a strict Content-Security-Policy (no
inline script or style, nothing from other origins), POST bodies are capped, and a configured API token is
required on every route but the static files.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
from collections.abc import Awaitable, Callable, MutableMapping
from contextlib import suppress
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote_to_bytes

import orjson
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.concurrency import run_in_threadpool

from crosscheck import __name__ as package_name
from crosscheck.errors import InputError
from crosscheck.model import SCHEMA_VERSION, Document, Rejected, zoned_time
from crosscheck.report import (
    SECTION_TITLES,
    STATUS_TITLES,
    clock,
    diff_parts,
    explanation_of,
    sorted_sections,
    what_was_said,
)
from crosscheck.store import Store, StoreError, StoreLocked, StoreReadOnly
from crosscheck.web import render
from crosscheck.web.schemas import (
    ArticleDetail,
    IngestRequest,
    IngestResponse,
    IsoTime,
    Problem,
    SearchResults,
    StoryDetail,
    StoryList,
)

STATIC = Path(__file__).resolve().parent / "static"
TOKEN_COOKIE = "crosscheck_token"
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
ASGIApp = Callable[
    [
        MutableMapping[str, Any],
        Callable[[], Awaitable[MutableMapping[str, Any]]],
        Callable[[Any], Awaitable[None]],
    ],
    Awaitable[None],
]


@dataclass(frozen=True)
class WebConfig:
    token: str | None = None
    """When set, every request but /static and /login must carry it (Bearer header, or the login cookie)."""
    # 2 MB: a long article's HTML page with its markup fits; anything bigger is not one article.
    max_body_bytes: int = 2_000_000
    page_size: int = 50
    allow_private_urls: bool = False
    """Let POST /api/ingest fetch loopback and private addresses (off: the server would be an SSRF relay)."""
    allowed_hosts: tuple[str, ...] | None = None
    """Host header names accepted (any port); None accepts any. A loopback server accepts only loopback names,
    so that a web page cannot reach it through a DNS name rebound to 127.0.0.1."""


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
# The outlet of a POSTed article that names none, by no field, address or page: text and HTML alike.
UNNAMED_OUTLET = "submitted"


def loopback_hosts(bound: str) -> tuple[str, ...]:
    """The Host names a loopback server bound to ``bound`` answers to: the usual loopback names and the bound
    address itself (127.0.0.2 is loopback too, and a browser sends it as the host of its URL)."""
    names = [bound.lower().strip("[]")]
    with suppress(ValueError):
        names.append(str(ipaddress.ip_address(names[0])))  # 0:0:0:0:0:0:0:1 is sent as ::1
    return tuple(dict.fromkeys([*LOOPBACK_HOSTS, *names]))


def url_host(host: str) -> str:
    """``host`` as the host part of a URL: an IPv6 address goes in brackets."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _host_name(header: str) -> str:
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _utf8(text: str) -> bytes:
    # hmac.compare_digest refuses a str holding anything but ASCII (a TypeError, a 500): tokens are compared as
    # UTF-8 bytes. "surrogatepass" so that no str, whatever it holds, can make the comparison itself fail.
    return text.encode("utf-8", "surrogatepass")


def _same_token(given: bytes, token: str) -> bool:
    return hmac.compare_digest(given, _utf8(token))


def _cookie_value(token: str) -> str:
    """The token as the login cookie carries it: percent-encoded UTF-8, since a header holds only latin-1."""
    return quote(_utf8(token), safe="")


def _header(scope: MutableMapping[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


class Guard:
    """ASGI middleware: security headers on every response, the API token, and the POST size limit."""

    def __init__(self, app: ASGIApp, config: WebConfig) -> None:
        self.app = app
        self.config = config

    def _authorised(self, scope: MutableMapping[str, Any]) -> bool:
        token = self.config.token
        if token is None:
            return True
        header = _header(scope, b"authorization") or ""
        # The header was decoded as latin-1, byte for byte: encoding it back gives the client's UTF-8 bytes.
        if header.lower().startswith("bearer ") and _same_token(header[7:].strip().encode("latin-1"), token):
            return True
        # The login cookie serves the browser pages; writes need the header, so no other site can forge them.
        if scope.get("method") in ("GET", "HEAD"):
            cookies = SimpleCookie()
            cookies.load(_header(scope, b"cookie") or "")
            given = cookies.get(TOKEN_COOKIE)
            if given is not None and _same_token(unquote_to_bytes(given.value), token):
                return True
        return False

    async def __call__(
        self,
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[MutableMapping[str, Any]]],
        send: Callable[[Any], Awaitable[None]],
    ) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secured(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        path: str = scope.get("path", "")
        allowed = self.config.allowed_hosts
        if allowed is not None and _host_name(_header(scope, b"host") or "").lower() not in allowed:
            await self._reply(send_secured, 400, {"detail": "this server answers only to its own host names"})
            return
        if not (path.startswith("/static/") or path == "/login" or self._authorised(scope)):
            if path.startswith("/api/") or path == "/openapi.json":
                await self._reply(
                    send_secured, 401, {"detail": "an API token is required: Authorization: Bearer"}
                )
            else:
                await self._redirect(send_secured, "/login")
            return
        if scope.get("method") == "HEAD":
            # HEAD answers as GET would, headers and all, without the body: the routes are declared for GET
            # only (so the OpenAPI schema lists each once), which left HEAD a 405.
            async def send_headers_only(message: Any) -> None:
                if message["type"] == "http.response.body":
                    message = {**message, "body": b""}
                await send_secured(message)

            await self.app({**scope, "method": "GET"}, receive, send_headers_only)
            return
        if scope.get("method") in ("POST", "PUT", "PATCH"):
            limit = self.config.max_body_bytes
            declared = _header(scope, b"content-length")
            if declared is not None and (not declared.isdigit() or int(declared) > limit):
                await self._reply(send_secured, 413, {"detail": f"request body over the {limit}-byte limit"})
                return
            chunks: list[bytes] = []
            size = 0
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > limit:
                    await self._reply(
                        send_secured, 413, {"detail": f"request body over the {limit}-byte limit"}
                    )
                    return
                chunks.append(chunk)
                if not message.get("more_body", False):
                    break
            body = b"".join(chunks)
            replayed = False

            async def replay() -> MutableMapping[str, Any]:
                nonlocal replayed
                if not replayed:
                    replayed = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()

            await self.app(scope, replay, send_secured)
            return
        await self.app(scope, receive, send_secured)

    @staticmethod
    async def _reply(send: Callable[[Any], Awaitable[None]], status: int, payload: dict[str, str]) -> None:
        body = json.dumps(payload).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    @staticmethod
    async def _redirect(send: Callable[[Any], Awaitable[None]], location: str) -> None:
        headers = [(b"location", location.encode()), (b"content-length", b"0")]
        await send({"type": "http.response.start", "status": 303, "headers": headers})
        await send({"type": "http.response.body", "body": b""})


def _templates() -> Environment:
    env = Environment(
        loader=PackageLoader(f"{package_name}.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pathpart"] = lambda value: quote(str(value), safe="")
    # Only web addresses become links: a "javascript:" URL in a feed must stay text.
    env.filters["weblink"] = lambda value: (
        value if str(value).lower().startswith(("http://", "https://")) else None
    )
    # Times as the reports print them: in UTC, saying so.
    env.filters["when"] = lambda value: clock(value) if value else "—"
    return env


def _documents(request: IngestRequest, config: WebConfig) -> list[Document | Rejected]:
    """What one POST names, read the way ``crosscheck ingest`` reads files and URLs."""
    # A blank outlet or title is none given: kept, it would stand for the page's own, and cleaning would then
    # credit the report to its path, "api", a name every such POST shares.
    outlet = (request.outlet or "").strip() or None
    title = (request.title or "").strip() or None
    if request.text is not None:
        from crosscheck.ingest.html import web_domain

        return [
            Document(
                text=request.text,
                path="api",
                # As for a page or a dump row: the address names the outlet. One name for every unnamed POST
                # would make them all one outlet, and nothing two of them carried would read as corroborated.
                outlet=outlet or web_domain(request.url) or UNNAMED_OUTLET,
                url=request.url,
                title=title,
                published=request.published,
            )
        ]
    if request.html is not None:
        from crosscheck.ingest.html import page_document

        try:
            document = page_document(
                request.html,
                "api",
                url=request.url,
                fallback={"outlet": outlet or UNNAMED_OUTLET, "title": title, "published": request.published},
            )
        except InputError as err:
            return [Rejected(path=err.path, error=err.problem)]
        updates = {k: v for k, v in (("outlet", outlet), ("title", title)) if v}
        return [document.model_copy(update=updates) if updates else document]
    from crosscheck.ingest import ReadOptions, read_documents

    assert request.url is not None
    return list(read_documents([request.url], options=ReadOptions(allow_private=config.allow_private_urls)))


def create_app(store: Store, config: WebConfig | None = None) -> FastAPI:
    """The FastAPI app over ``store``; run it with uvicorn (``crosscheck serve``)."""
    config = config or WebConfig()
    templates = _templates()
    app = FastAPI(
        title="crosscheck",
        summary="Stories as several outlets report them: claims, discrepancies, quotes, sources, cited.",
        version="1",
        # The interactive docs load scripts from a CDN, which the CSP forbids: only the schema is served.
        docs_url=None,
        redoc_url=None,
    )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        # FastAPI's own answer echoes the rejected input: untrusted, possibly megabytes, and a lone surrogate in
        # it cannot even be encoded (a 500). Where and why is enough; a page gets a page, not JSON.
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in error.errors()
        ]
        if not request.url.path.startswith("/api/"):
            problems = [
                {"where": ".".join(str(part) for part in e["loc"][1:]), "msg": e["msg"]} for e in errors
            ]
            return page("invalid.html", 422, problems=problems)
        return JSONResponse({"detail": errors}, status_code=422)

    @app.exception_handler(StoreError)
    async def store_unavailable(request: Request, error: StoreError) -> Response:
        # A locked store frees up once the other writer is done; a read-only one needs its owner: either way
        # the client is told in JSON what happened, not handed a bare 500.
        if isinstance(error, StoreLocked):
            return JSONResponse({"detail": str(error)}, status_code=503, headers={"Retry-After": "30"})
        status = 503 if isinstance(error, StoreReadOnly) else 500
        return JSONResponse({"detail": str(error)}, status_code=status)

    def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(templates.get_template(name).render(**context), status_code=status)

    # ---- REST API -------------------------------------------------------------------------------------

    @app.get("/api/stories", response_model=StoryList, tags=["stories"])
    def api_stories(
        limit: int = Query(50, ge=1, le=200),
        offset: int = Query(0, ge=0, le=1_000_000_000),
        since: IsoTime | None = Query(None, description="Only stories with a report at or after this time."),
    ) -> StoryList:
        if since is not None and zoned_time(since) is None:
            raise HTTPException(422, "since: a time that cannot be expressed in UTC")
        items, total = store.stories(limit=limit, offset=offset, since=since)
        return StoryList(items=items, total=total, limit=limit, offset=offset)

    @app.get(
        "/api/stories/{story_id}",
        response_model=StoryDetail,
        responses={404: {"model": Problem}},
        tags=["stories"],
    )
    def api_story(story_id: str) -> Response:
        raw = store.raw_story(story_id)
        if raw is None:
            raise HTTPException(404, f"no story {story_id[:80]!r}")
        # The stored JSON is already the models' serialisation: re-validating it would triple the cost.
        payload = {
            **raw.story,
            "schema_version": SCHEMA_VERSION,
            "analysed": raw.analysed,
            "articles": raw.articles,
        }
        return Response(orjson.dumps(payload), media_type="application/json")

    # Ids are kept as their source gave them, "/" included ("2022/04/nato-reset"); the server decodes %2F
    # before routing, so only a path parameter reaches every stored article.
    @app.get(
        "/api/articles/{article_id:path}",
        response_model=ArticleDetail,
        responses={404: {"model": Problem}},
        tags=["articles"],
    )
    def api_article(article_id: str) -> ArticleDetail:
        found = store.article(article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id[:80]!r}")
        article, story_id = found
        return ArticleDetail(**article.model_dump(), story_id=story_id)

    @app.get("/api/search", response_model=SearchResults, tags=["search"])
    def api_search(
        q: str = Query(..., min_length=1, max_length=500, description="Words that must all occur."),
        limit: int = Query(20, ge=1, le=100),
        offset: int = Query(0, ge=0, le=1_000_000_000),
    ) -> SearchResults:
        items, total = store.search(q, limit=limit, offset=offset)
        return SearchResults(query=q, items=items, total=total, limit=limit, offset=offset)

    @app.post(
        "/api/ingest",
        response_model=IngestResponse,
        responses={400: {"model": Problem}, 413: {"model": Problem}, 503: {"model": Problem}},
        tags=["ingest"],
    )
    async def api_ingest(request: IngestRequest) -> IngestResponse:
        items = await run_in_threadpool(_documents, request, config)
        report = await run_in_threadpool(store.ingest, items)
        ids = [*report.added, *report.revised, *report.already_stored]
        if not ids:
            reasons = "; ".join(f"{r.path}: {r.error}" for r in report.rejected) or "nothing to ingest"
            raise HTTPException(400, reasons)
        stories: list[str] = []
        for article_id in ids:
            found = store.article(article_id)
            if found is not None and found[1] is not None and found[1] not in stories:
                stories.append(found[1])
        return IngestResponse(
            added=report.added,
            revised=report.revised,
            already_stored=report.already_stored,
            rejected=report.rejected,
            stories=stories,
        )

    # ---- pages ----------------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def story_list_page(page_number: int = Query(1, alias="page", ge=1, le=1_000_000)) -> HTMLResponse:
        size = config.page_size
        items, total = store.stories(limit=size, offset=(page_number - 1) * size)
        pages = max(1, -(-total // size))
        return page("stories.html", stories=items, total=total, page=page_number, pages=pages)

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: str) -> Response:
        view = store.story(story_id)
        if view is None:
            return page("missing.html", 404, what="story", ident=story_id)
        if view.story.id != story_id:
            return RedirectResponse(f"/stories/{quote(view.story.id, safe='')}", status_code=308)
        story, articles = view.story, view.articles
        index_of = {a.id: i for i, a in enumerate(articles)}
        outlet_of = {a.id: a.outlet for a in articles}
        by_id = {a.id: a for a in articles}
        spans = render.story_spans(story)
        texts = [(article, render.segments(article.text, spans.get(article.id, []))) for article in articles]
        outlets = sorted(set(outlet_of.values()))
        matrix = [(claim, render.claim_outlets(claim, outlet_of)) for claim in story.claims]
        return page(
            "story.html",
            story=story,
            analysed=view.analysed,
            articles=articles,
            texts=texts,
            index_of=index_of,
            outlet_of=outlet_of,
            outlets=outlets,
            matrix=matrix,
            diff_parts=diff_parts,
            # Who said what, as the reports list it; the story's JSON keeps every finding.
            speakers=render.quotes_by_speaker(what_was_said(story.quotes, by_id)),
            graph=render.attribution_graph(story, articles),
            timeline=render.timeline(articles),
            why=explanation_of,
            sections=sorted_sections(story),
            section_titles=SECTION_TITLES,
            status_titles=STATUS_TITLES,
        )

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str) -> HTMLResponse:
        found = store.article(article_id)
        if found is None:
            return page("missing.html", 404, what="article", ident=article_id)
        article, story_id = found
        paragraphs: list[str] = [article.text[p.start : p.end] for p in article.paragraphs] or [article.text]
        return page("article.html", article=article, story_id=story_id, paragraphs=paragraphs)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(
        q: str = Query("", max_length=500), page_number: int = Query(1, alias="page", ge=1, le=1_000_000)
    ) -> HTMLResponse:
        size = config.page_size
        hits, total = store.search(q, limit=size, offset=(page_number - 1) * size) if q.strip() else ([], 0)
        pages = max(1, -(-total // size))
        return page(
            "search.html",
            q=q,
            hits=hits,
            total=total,
            page=page_number,
            pages=pages,
            snippet=render.snippet_markup,
        )

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page() -> HTMLResponse:
        return page("login.html", failed=False, needed=config.token is not None)

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        form = parse_qs((await request.body()).decode("utf-8", "replace"))
        given = (form.get("token") or [""])[0]
        if config.token is None or not _same_token(_utf8(given), config.token):
            return page("login.html", 401, failed=True, needed=config.token is not None)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(
            TOKEN_COOKIE, _cookie_value(config.token), httponly=True, samesite="strict", path="/"
        )
        return response

    app.add_middleware(Guard, config=config)
    return app
